/**
 * The one error catalogue: every error the API returns has a stable code, an HTTP status and a Chinese message.
 * Responses are `{ "error": { code, message, details } }`. docs/errors.md is generated from this table.
 */

export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, message: '提交的内容不符合要求，请检查标出的字段' },
  INVALID_JSON: { status: 400, message: '请求内容不是有效的 JSON' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  SESSION_EXPIRED: { status: 401, message: '登录已过期，请重新登录' },
  LOGIN_FAILED: { status: 401, message: '用户名或密码错误，或账号暂时不可用' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: '首次登录或密码已重置，请先修改密码' },
  PASSWORD_INCORRECT: { status: 400, message: '当前密码不正确' },
  PASSWORD_POLICY: { status: 400, message: '新密码不符合密码规则' },
  FORBIDDEN_ROLE: { status: 403, message: '您的角色无权进行此操作' },
  FORBIDDEN_SCOPE: { status: 403, message: '该对象不在您的管辖范围内' },
  SEPARATION_OF_DUTIES: { status: 409, message: '违反三员分立：系统、安全、审计管理员不得兼任，也不得办理业务' },
  NOT_FOUND: { status: 404, message: '要找的记录不存在' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  VERSION_CONFLICT: { status: 409, message: '该记录已被他人修改，请刷新后再试' },
  DUPLICATE: { status: 409, message: '记录已存在' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '上传内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的内容类型' },
  IMPORT_INVALID_FILE: { status: 400, message: '无法读取导入文件，请使用 CSV 或 XLSX 模板' },
  CALENDAR_INVALID: { status: 400, message: '工作日历数据有误' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试' },
  DATABASE_UNAVAILABLE: { status: 503, message: '数据库暂时不可用' },
  INTERNAL: { status: 500, message: '系统内部错误，请稍后再试并提供请求编号' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;

  constructor(code: ErrorCode, details?: unknown, message?: string) {
    const entry = ERROR_CATALOGUE[code];
    super(message ?? entry.message);
    this.name = 'AppError';
    this.code = code;
    this.status = entry.status;
    this.details = details ?? null;
  }
}

/** One field's problem, as every validation error lists them in `details.fields`. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export function validationError(fields: readonly FieldError[]): AppError {
  return new AppError('VALIDATION_FAILED', { fields });
}

export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

export function errorBody(err: AppError): ErrorBody {
  return { error: { code: err.code, message: err.message, details: err.details } };
}
