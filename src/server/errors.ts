/**
 * The one error catalogue: every error the API returns has a stable code, an HTTP status and a Chinese message.
 * Responses are `{ "error": { code, message, details } }`. docs/errors.md is generated from this table.
 */

import type { ViolationCode } from '../domain/lifecycle/types.js';
import type { PlanViolationCode } from '../domain/plans/decision.js';

const BASE_ERRORS = {
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
  MALFORMED_REQUEST: { status: 400, message: '请求格式有误，无法识别' },
  REQUEST_TIMEOUT: { status: 408, message: '请求超时，请重新提交' },
  HEADERS_TOO_LARGE: { status: 431, message: '请求头或地址过长' },
  SHUTTING_DOWN: { status: 503, message: '服务正在停止，请稍后再试' },
  IMPORT_INVALID_FILE: { status: 400, message: '无法读取导入文件，请使用 CSV 或 XLSX 模板' },
  CALENDAR_INVALID: { status: 400, message: '工作日历数据有误' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试' },
  DATABASE_UNAVAILABLE: { status: 503, message: '数据库暂时不可用' },
  INTERNAL: { status: 500, message: '系统内部错误，请稍后再试并提供请求编号' },
  IDEMPOTENCY_MISMATCH: { status: 409, message: '同一幂等键已用于内容不同的请求' },
  TRACKING_NOT_FOUND: { status: 404, message: '未找到该诉求，请核对诉求编号和手机号' },
  ATTACHMENT_TYPE_REFUSED: { status: 415, message: '附件类型不允许：仅接受 PDF、JPG、PNG、DOCX、XLSX' },
  ATTACHMENT_FILE_MISSING: { status: 410, message: '附件记录存在，但文件内容已找不到（可能被删除，或本节点未接入共享的附件存储），请联系系统管理员' },
  ATTACHMENT_STORE_UNAVAILABLE: { status: 503, message: '附件存储暂时不可用，请稍后再试' },
  SURVEY_TOKEN_INVALID: { status: 400, message: '测评链接无效或已使用' },
  CONSENT_REQUIRED: { status: 400, message: '请先阅读并同意《个人信息收集使用告知》，再提交诉求' },
  CHALLENGE_FAILED: { status: 400, message: '验证题答案不正确，请回答新的验证题后重新提交' },
  CHALLENGE_EXPIRED: { status: 400, message: '验证题已过期或已使用，请回答新的验证题后重新提交' },
  PHONE_RATE_LIMITED: { status: 429, message: '该手机号提交诉求过于频繁，请稍后再试' },
  TOO_MANY_PHOTOS: { status: 400, message: '照片最多 6 张' },
  PHOTO_TOO_LARGE: { status: 413, message: '照片过大，请压缩后再上传' },
  PHOTO_TYPE_REFUSED: { status: 415, message: '照片只接受 JPG 或 PNG 图片' },
  EXPORT_TOO_LARGE: { status: 400, message: '符合条件的记录超过单次导出上限（50000 条），请缩小筛选范围后再导出' },
  DOCUMENT_NOT_AVAILABLE: { status: 409, message: '项目尚未到达该文书所在的阶段，暂不能生成' },
} as const satisfies Record<string, { status: number; message: string }>;

/**
 * The lifecycle's refusals (src/domain/lifecycle): the response's `message` is the refusal's own sentence, `details`
 * names the rule (`rule`) and lists field errors (`fields`) where a form was wrong. The messages here are the
 * generic ones of the catalogue.
 */
const RULE_ERRORS = {
  AGGREGATE_MISSING: { status: 404, message: '找不到要办理的诉求或项目' },
  ALREADY_EXISTS: { status: 409, message: '记录已存在' },
  INVALID_STATE: { status: 409, message: '当前状态下不能进行此操作' },
  FORBIDDEN_UNIT: { status: 403, message: '只能以本单位身份办理' },
  FORM_INVALID: { status: 422, message: '表单填写不完整或有误' },
  CHANNEL_COLLECTION_MISMATCH: { status: 422, message: '来源渠道与征集方式不符（R2.1）' },
  CATEGORY_MISMATCH: { status: 422, message: '项目类别与具体内容不符（R1.1）' },
  OVER_CAP_JUSTIFICATION_REQUIRED: { status: 422, message: '项目金额超过上限，须填写书面说明（R1.2）' },
  MONEY_INVALID: { status: 422, message: '金额有误（R0.1）' },
  MEETING_IN_FUTURE: { status: 422, message: '会议时间不能晚于当前时间' },
  ACKNOWLEDGE_FIRST: { status: 409, message: '诉求须先接收（R2.3）' },
  MERGE_INVALID: { status: 422, message: '这些诉求不能合并（R2.6）' },
  CONSULTATION_NOT_FAILED: { status: 409, message: '协商未失败，无需可行性研究或表决（R3.3）' },
  REVIEWER_NOT_ASSIGNED: { status: 403, message: '本部门未被指定会审该项目（R4.1）' },
  OPINIONS_MISSING: { status: 422, message: '会审部门意见尚未齐全（R4.2）' },
  STAMP_MISSING: { status: 422, message: '现行政策解决须经相关部门盖章（R4.3）' },
  PUBLICITY_TOO_SHORT: { status: 422, message: '公示时间不少于5日（R5.1）' },
  PUBLICITY_CHANNELS_MISSING: { status: 422, message: '公示渠道不全（R5.1）' },
  PUBLICITY_NOT_OVER: { status: 409, message: '公示期尚未届满（R5.3）' },
  PUBLICITY_NOT_ENDED: { status: 409, message: '公示结束后方可实施（R5.3）' },
  OBJECTIONS_UNANSWERED: { status: 409, message: '公示期间的异议尚未全部答复（R5.3）' },
  OBJECTION_NOT_FOUND: { status: 404, message: '异议不存在' },
  OBJECTION_ALREADY_ANSWERED: { status: 409, message: '该异议已答复' },
  NOT_DIRECT_MODE: { status: 409, message: '仅“莞家直达”项目可认领（R5.5）' },
  ALREADY_CLAIMED: { status: 409, message: '项目已被认领（R5.5）' },
  CLAIM_NOT_FOUND: { status: 404, message: '认领记录不存在' },
  CLAIM_ALREADY_DECIDED: { status: 409, message: '该认领已处理' },
  NOT_CLAIMED: { status: 409, message: '“莞家直达”项目须有确认的认领方后方可实施（R5.5）' },
  DUPLICATE_ID: { status: 409, message: '编号重复' },
  SURVEY_FIRST: { status: 409, message: '5万元以下项目须先完成满意度测评再结项（R6.2）' },
  SURVEY_NOT_OPEN: { status: 409, message: '当前不在满意度测评阶段' },
  SURVEY_CLOSED: { status: 409, message: '满意度测评已结束' },
  DUPLICATE_RESPONSE: { status: 409, message: '每位受访者只能提交一份测评表（R6.5）' },
  SURVEY_TOO_FEW: { status: 422, message: '参与测评人数不得少于30人（R6.4）' },
  EXCEPTION_NEEDS_TOWN: { status: 403, message: '测评人数不足的例外须由镇（街道）批准（R6.4）' },
} as const satisfies Record<Exclude<ViolationCode, 'FORBIDDEN_ROLE'>, { status: number; message: string }>;

/**
 * The refusals of the annual plan and funds (src/domain/plans, src/domain/funds) beyond the lifecycle's codes; as
 * there, the response's `message` is the refusal's own sentence and `details.rule` its rule.
 */
const PLAN_ERRORS = {
  REASON_REQUIRED: { status: 422, message: '须说明理由' },
  CLOSING_DATE_TOO_LATE: { status: 422, message: '集中征集须于1月31日前结束（R8.1）' },
  CAMPAIGN_CLOSED: { status: 409, message: '本镇（街道）当前没有进行中的集中征集活动（R8.1）' },
  ALLOCATION_MISSING: { status: 409, message: '市民政局尚未设定本年度的市分配经费额度（R8.3）' },
  BELOW_ALLOCATION: { status: 422, message: '年度实施计划总额不得少于市分配的经费额度（R8.3）' },
  DUPLICATE_ENTRY: { status: 409, message: '项目已在年度项目库中' },
  NOT_APPROVED: { status: 422, message: '该资金来源没有核定金额（R9.2）' },
  OVER_APPROVED: { status: 422, message: '发放金额超过项目该资金来源的核定金额（R9.2）' },
  DUPLICATE_VOUCHER: { status: 409, message: '凭证号已登记过（R9.1）' },
  DATE_IN_FUTURE: { status: 422, message: '日期不能晚于今天' },
} as const satisfies Record<Exclude<PlanViolationCode, ViolationCode>, { status: number; message: string }>;

export const ERROR_CATALOGUE = { ...BASE_ERRORS, ...RULE_ERRORS, ...PLAN_ERRORS } as const;

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
