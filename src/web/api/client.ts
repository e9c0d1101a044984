/**
 * The one way the web talks to the server: same-origin JSON over fetch through a client generated from the OpenAPI
 * document (openapi-fetch over `paths` in schema.gen.ts), so every call names a path the server declares, with that
 * path's parameters, query and request body type. Errors become `ApiError` carrying the catalogue code, the Chinese
 * message and any field problems; a lost session or a required password change is announced to `onSessionLost`.
 *
 * `api.GET / POST / PUT / PATCH / DELETE` answer the success body (undefined for 204) or throw an `ApiError`;
 * `api.upload` sends a multipart form to a path that takes one.
 */
import createClient, { type MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod, RequiredKeysOf, SuccessResponse } from 'openapi-typescript-helpers';
import type {
  AuditQuery,
  CaseList,
  CaseTimeline,
  CaseView,
  CaseQuery,
  NewUnit,
  NewUser,
  QueryOf,
  RequestOf,
  UserChanges,
  UserQuery,
} from './models.js';
import type { paths } from './schema.gen.js';

/** One entry of an error's `details.fields`: the field (`newPassword`, `body.days.0.name`) and its Chinese message. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

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

/** Query values as the server reads them: empty ones are left out, a list repeats its key (`status=a&status=b`). */
function serializeQuery(query: Readonly<Record<string, unknown>>): string {
  const params = new URLSearchParams();
  const add = (key: string, value: unknown) => {
    if (typeof value === 'string' ? value !== '' : typeof value === 'number' || typeof value === 'boolean') params.append(key, String(value));
  };
  for (const [key, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const item of value as unknown[]) add(key, item);
    else add(key, value);
  }
  return params.toString();
}

const client = createClient<paths>({
  credentials: 'same-origin',
  headers: { accept: 'application/json' },
  querySerializer: serializeQuery,
});

function fieldsOf(details: unknown): FieldProblem[] {
  if (typeof details !== 'object' || details === null || !('fields' in details) || !Array.isArray(details.fields)) return [];
  const fields: unknown[] = details.fields;
  return fields.flatMap((f) =>
    typeof f === 'object' && f !== null && 'field' in f && 'message' in f && typeof f.field === 'string' && typeof f.message === 'string'
      ? [{ field: f.field, message: f.message }]
      : [],
  );
}

/** The catalogue's `{ error: { code, message, details }, requestId? }`, or a generic message for anything else. */
function toApiError(response: Response, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = body.error;
    if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error && typeof error.code === 'string' && typeof error.message === 'string') {
      const requestId = 'requestId' in body && typeof body.requestId === 'string' ? body.requestId : null;
      return new ApiError(response.status, error.code, error.message, fieldsOf('details' in error ? error.details : null), requestId);
    }
  }
  const message = response.status >= 500 ? '服务器暂时无法处理请求，请稍后再试' : `请求失败（HTTP ${response.status}）`;
  return new ApiError(response.status, 'HTTP_ERROR', message, [], null);
}

/** What a call answers: its success body, `undefined` for a response without one (204). */
type Answer<D> = [D] extends [never] ? undefined : D;

/** Waits for a call: its success body, or the `ApiError` (announced first when the session is lost). */
async function settle<D>(pending: Promise<{ data?: D; error?: unknown; response: Response }>): Promise<Answer<D>> {
  let result: { data?: D; error?: unknown; response: Response };
  try {
    result = await pending;
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试', [], null);
  }
  if (!result.response.ok) {
    const error = toApiError(result.response, result.error);
    if (SIGNED_OUT_CODES.has(error.code) || error.code === 'PASSWORD_CHANGE_REQUIRED') {
      for (const listener of signedOutListeners) listener(error);
    }
    throw error;
  }
  return result.data as Answer<D>;
}

// The call signature of openapi-fetch's methods (ClientMethod), answering the success body instead of the result.
type InitParam<Init> = RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];
type Success<M extends HttpMethod, P extends keyof paths> = paths[P][M] extends { readonly responses: infer R extends Readonly<Record<string | number, unknown>> }
  ? Answer<SuccessResponse<R>>
  : never;
type Call<M extends HttpMethod> = <P extends PathsWithMethod<paths, M>, Init extends MaybeOptionalInit<paths[P], M>>(
  path: P,
  ...init: InitParam<Init>
) => Promise<Success<M, P>>;

/** A method of the generated client, settled. */
function settled<M extends HttpMethod>(method: (path: never, ...init: never[]) => Promise<{ data?: unknown; error?: unknown; response: Response }>): Call<M> {
  return ((path: never, ...init: never[]) => settle(method(path, ...init))) as Call<M>;
}

/** Paths whose POST takes a multipart form (the document does not describe multipart bodies). */
type UploadPath = '/api/units/import' | '/api/demands/{id}/attachments' | '/api/projects/{id}/attachments' | '/api/towns/{id}/annual-plans/{year}/stamp-scan';

/** The generated client's methods, settled: each answers its path's success body or throws an `ApiError`. */
export const http = {
  GET: settled<'get'>(client.GET),
  POST: settled<'post'>(client.POST),
  PUT: settled<'put'>(client.PUT),
  PATCH: settled<'patch'>(client.PATCH),
  DELETE: settled<'delete'>(client.DELETE),
  /** Sends `form` as multipart/form-data (the browser sets the boundary), answering like `POST`. */
  upload<P extends UploadPath, Init extends MaybeOptionalInit<paths[P], 'post'>>(path: P, form: FormData, ...init: InitParam<Init>): Promise<Success<'post', P>> {
    const options = { ...(init[0] ?? {}), body: form as never, bodySerializer: (body: unknown) => body };
    return settle(client.POST(path, options as never)) as Promise<Success<'post', P>>;
  },
} as const;

/** Which of the two kinds of case: 诉求 (demand) or 项目 (project). */
export type CaseKind = 'demand' | 'project';

const CASES = { demand: '/api/demands', project: '/api/projects' } as const;

/** The endpoints the pages use by name; each names its path and sends the body its operation declares. */
export const api = {
  session: {
    get: () => http.GET('/api/session'),
    login: (username: string, password: string) => http.POST('/api/session', { body: { username, password } }),
    logout: () => http.DELETE('/api/session'),
    changePassword: (currentPassword: string, newPassword: string) => http.POST('/api/session/password', { body: { currentPassword, newPassword } }),
  },
  units: {
    list: () => http.GET('/api/units'),
    create: (unit: NewUnit) => http.POST('/api/units', { body: unit }),
    importCommunities: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return http.upload('/api/units/import', form);
    },
  },
  calendar: {
    years: () => http.GET('/api/calendar/years'),
    year: (year: number) => http.GET('/api/calendar/years/{year}', { params: { path: { year } } }),
    replaceYear: (year: number, body: RequestOf<'editCalendar'>) => http.PUT('/api/calendar/years/{year}', { params: { path: { year } }, body }),
    deadline: (query: QueryOf<'previewDeadline'>) => http.GET('/api/calendar/deadline', { params: { query } }),
  },
  users: {
    list: (query: UserQuery) => http.GET('/api/users', { params: { query } }),
    create: (user: NewUser) => http.POST('/api/users', { body: user }),
    update: (id: number, changes: UserChanges) => http.PATCH('/api/users/{id}', { params: { path: { id } }, body: changes }),
    resetPassword: (id: number, version: number) => http.POST('/api/users/{id}/password-reset', { params: { path: { id } }, body: { version } }),
    assignRole: (id: number, body: RequestOf<'assignRole'>) => http.PUT('/api/users/{id}/role', { params: { path: { id } }, body }),
    unlock: (id: number) => http.POST('/api/users/{id}/unlock', { params: { path: { id } } }),
  },
  audit: {
    list: (query: AuditQuery) => http.GET('/api/audit', { params: { query } }),
    verify: () => http.POST('/api/audit/verify'),
  },
  cases: {
    list: (kind: CaseKind, query: CaseQuery): Promise<CaseList> =>
      kind === 'demand' ? http.GET(CASES.demand, { params: { query: { ...query, flag: undefined } } }) : http.GET(CASES.project, { params: { query } }),
    view: (kind: CaseKind, id: number): Promise<CaseView> =>
      kind === 'demand' ? http.GET('/api/demands/{id}', { params: { path: { id } } }) : http.GET('/api/projects/{id}', { params: { path: { id } } }),
    timeline: (kind: CaseKind, id: number): Promise<CaseTimeline> =>
      kind === 'demand'
        ? http.GET('/api/demands/{id}/timeline', { params: { path: { id } } })
        : http.GET('/api/projects/{id}/timeline', { params: { path: { id } } }),
    /** Uploads one file of an attachment kind to a case; the kind goes first, as the server reads it before the file. */
    upload: (kind: CaseKind, id: number, attachmentKind: string, file: File) => {
      const form = new FormData();
      form.append('kind', attachmentKind);
      form.append('file', file, file.name);
      return kind === 'demand'
        ? http.upload('/api/demands/{id}/attachments', form, { params: { path: { id } } })
        : http.upload('/api/projects/{id}/attachments', form, { params: { path: { id } } });
    },
  },
  deadlines: {
    overdue: (limit: number, offset: number) => http.GET('/api/deadlines/overdue', { params: { query: { limit, offset } } }),
    remind: (id: number, message: string) => http.POST('/api/deadlines/{id}/reminders', { params: { path: { id } }, body: { message } }),
  },
} as const;
