/**
 * The one way the web talks to the server: same-origin JSON over fetch, errors turned into `ApiError` carrying the
 * catalogue code, the Chinese message and any field problems; plus one typed function per endpoint the web uses.
 */
import type {
  AuditList,
  CaseKind,
  CaseList,
  CaseTimeline,
  CaseView,
  OverdueList,
  AuditOutcome,
  AuditVerification,
  CalendarDay,
  CalendarYear,
  CalendarYearSummary,
  DeadlineKind,
  DeadlinePreview,
  ErrorBody,
  FieldProblem,
  Health,
  ImportReport,
  NewUnit,
  NewUser,
  Role,
  UnitView,
  UserChanges,
  UserList,
  UserRecord,
  UserView,
  UserWithOneTimePassword,
} from './types.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldProblem[],
    readonly requestId: string | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Codes after which the user must sign in again. */
const SIGNED_OUT_CODES: ReadonlySet<string> = new Set(['UNAUTHENTICATED', 'SESSION_EXPIRED']);

type Listener = (error: ApiError) => void;
const signedOutListeners = new Set<Listener>();

/** Called when any request finds the session gone (expired, signed out elsewhere) or a password change required. */
export function onSessionLost(listener: Listener): () => void {
  signedOutListeners.add(listener);
  return () => {
    signedOutListeners.delete(listener);
  };
}

type Query = Readonly<Record<string, string | number | boolean | null | undefined>>;

interface RequestOptions {
  readonly query?: Query;
  readonly json?: unknown;
  readonly form?: FormData;
}

function withQuery(path: string, query: Query | undefined): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

function fieldsOf(details: unknown): FieldProblem[] {
  if (typeof details !== 'object' || details === null || !('fields' in details) || !Array.isArray(details.fields)) return [];
  const fields: unknown[] = details.fields;
  return fields.flatMap((f) =>
    typeof f === 'object' && f !== null && 'field' in f && 'message' in f && typeof f.field === 'string' && typeof f.message === 'string'
      ? [{ field: f.field, message: f.message }]
      : [],
  );
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (isErrorBody(body)) {
    return new ApiError(response.status, body.error.code, body.error.message, fieldsOf(body.error.details), body.requestId ?? null);
  }
  const message = response.status >= 500 ? '服务器暂时无法处理请求，请稍后再试' : `请求失败（HTTP ${response.status}）`;
  return new ApiError(response.status, 'HTTP_ERROR', message, [], null);
}

async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.form !== undefined) {
    body = options.form;
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试', [], null);
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (SIGNED_OUT_CODES.has(error.code) || error.code === 'PASSWORD_CHANGE_REQUIRED') {
      for (const listener of signedOutListeners) listener(error);
    }
    throw error;
  }
  return response;
}

/** A request answered with a JSON body of type T. */
async function request<T>(method: string, path: string, options?: RequestOptions): Promise<T> {
  const response = await send(method, path, options);
  return (await response.json()) as T;
}

/** A request answered with 204 No Content. */
async function command(method: string, path: string, options?: RequestOptions): Promise<void> {
  await send(method, path, options);
}

export interface UserQuery {
  readonly role?: Role;
  readonly unitId?: number;
  readonly keyword?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export interface AuditQuery {
  readonly action?: string;
  readonly outcome?: AuditOutcome;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** 研判 of a demand at the “两委” joint meeting (R2.4). */
export interface TriageRequest {
  readonly version: number;
  readonly meeting: { readonly heldAt: string; readonly summary: string; readonly minutesAttachmentIds: readonly number[] };
  readonly outcome:
    | { readonly kind: 'adopt'; readonly projectTitle: string }
    | { readonly kind: 'existingPolicy'; readonly departmentName: string; readonly policyName: string | null; readonly contactName: string; readonly contactPhone: string }
    | { readonly kind: 'decline'; readonly reason: string };
}

/** Filters of the 诉求 and 项目 lists; `flag` only for projects. */
export interface CaseQuery {
  readonly status?: string;
  readonly keyword?: string;
  readonly flag?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export const api = {
  session: {
    get: () => request<UserView>('GET', '/api/session'),
    login: (username: string, password: string) => request<UserView>('POST', '/api/session', { json: { username, password } }),
    logout: () => command('DELETE', '/api/session'),
    changePassword: (currentPassword: string, newPassword: string) =>
      command('POST', '/api/session/password', { json: { currentPassword, newPassword } }),
  },
  units: {
    list: () => request<{ items: UnitView[] }>('GET', '/api/units'),
    create: (unit: NewUnit) => request<UnitView>('POST', '/api/units', { json: unit }),
    importCommunities: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return request<ImportReport>('POST', '/api/units/import', { form });
    },
  },
  calendar: {
    years: () => request<{ items: CalendarYearSummary[] }>('GET', '/api/calendar/years'),
    year: (year: number) => request<CalendarYear>('GET', `/api/calendar/years/${year}`),
    replaceYear: (year: number, source: string, days: readonly CalendarDay[]) =>
      command('PUT', `/api/calendar/years/${year}`, { json: { source, days } }),
    deadline: (start: string, kind: DeadlineKind, amount: number) =>
      request<DeadlinePreview>('GET', '/api/calendar/deadline', { query: { start, kind, amount } }),
  },
  users: {
    list: (query: UserQuery) => request<UserList>('GET', '/api/users', { query: { ...query } }),
    create: (user: NewUser) => request<UserWithOneTimePassword>('POST', '/api/users', { json: user }),
    update: (id: number, changes: UserChanges) => request<UserRecord>('PATCH', `/api/users/${id}`, { json: changes }),
    resetPassword: (id: number, version: number) =>
      request<UserWithOneTimePassword>('POST', `/api/users/${id}/password-reset`, { json: { version } }),
    assignRole: (id: number, version: number, role: Role, unitId?: number) =>
      request<UserRecord>('PUT', `/api/users/${id}/role`, { json: { version, role, ...(unitId !== undefined ? { unitId } : {}) } }),
    unlock: (id: number) => request<UserRecord>('POST', `/api/users/${id}/unlock`),
  },
  audit: {
    list: (query: AuditQuery) => request<AuditList>('GET', '/api/audit', { query: { ...query } }),
    verify: () => request<AuditVerification>('POST', '/api/audit/verify'),
  },
  cases: {
    list: (kind: CaseKind, query: CaseQuery) => request<CaseList>('GET', kind === 'demand' ? '/api/demands' : '/api/projects', { query: { ...query } }),
    view: (kind: CaseKind, id: number) => request<CaseView>('GET', `${kind === 'demand' ? '/api/demands' : '/api/projects'}/${id}`),
    timeline: (kind: CaseKind, id: number) => request<CaseTimeline>('GET', `${kind === 'demand' ? '/api/demands' : '/api/projects'}/${id}/timeline`),
    /** Uploads one file of an attachment kind to a case; the kind goes first, as the server reads it before the file. */
    upload: (kind: CaseKind, id: number, attachmentKind: string, file: File) => {
      const form = new FormData();
      form.append('kind', attachmentKind);
      form.append('file', file, file.name);
      return request<{ id: number; filename: string }>('POST', `${kind === 'demand' ? '/api/demands' : '/api/projects'}/${id}/attachments`, { form });
    },
    triageDemand: (id: number, body: TriageRequest) => request<{ demand: CaseView; projectId: number | null }>('POST', `/api/demands/${id}/triage`, { json: body }),
    /** An action below the case (`path`, e.g. `acknowledge`) with the version read and any fields it needs. */
    act: (kind: CaseKind, id: number, path: string, version: number, fields: Readonly<Record<string, unknown>> = {}) =>
      request<CaseView>('POST', `${kind === 'demand' ? '/api/demands' : '/api/projects'}/${id}/${path}`, { json: { ...fields, version } }),
  },
  deadlines: {
    overdue: (limit: number, offset: number) => request<OverdueList>('GET', '/api/deadlines/overdue', { query: { limit, offset } }),
    remind: (id: number, message: string) => request<{ reminders: number }>('POST', `/api/deadlines/${id}/reminders`, { json: { message } }),
  },
  health: () => request<Health>('GET', '/api/health'),
} as const;
