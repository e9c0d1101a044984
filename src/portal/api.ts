/**
 * The portal's only way to the server: an openapi-fetch client over the generated `paths` of the API document
 * (src/web/api/schema.gen.ts), same origin, no sign-in. Calls answer their success body or throw a `PortalError`
 * with the server's Chinese message and any field problems, ready to show to a resident.
 */
import createClient, { type MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod, RequiredKeysOf, SuccessResponse } from 'openapi-typescript-helpers';
import type { operations, paths } from '../web/api/schema.gen.js';

type JsonOf<R> = R extends { readonly content: { readonly 'application/json': infer T } } ? T : never;
type Responses<Op extends keyof operations> = operations[Op]['responses'];
/** The JSON body an operation answers with on success (200 or 201). */
export type ResponseOf<Op extends keyof operations> = JsonOf<Responses<Op>[Extract<keyof Responses<Op>, 200 | 201>]>;
/** The JSON request body of an operation. */
export type RequestOf<Op extends keyof operations> = JsonOf<NonNullable<operations[Op]['requestBody']>>;
/** The query string of an operation. */
export type QueryOf<Op extends keyof operations> = NonNullable<operations[Op]['parameters']['query']>;

export type PublicProject = ResponseOf<'viewPublicProject'>;
export type PublicProjectList = ResponseOf<'listPublicProjects'>;
export type Tracking = ResponseOf<'trackDemand'>;
export type Questionnaire = ResponseOf<'viewPublicSurvey'>;
export type SurveyAnswers = RequestOf<'submitPublicSurveyResponse'>['answers'];
export type ClaimBody = RequestOf<'claimPublicProject'>;
export type PublicUnits = ResponseOf<'listPublicUnits'>;
export type Challenge = ResponseOf<'getPublicChallenge'>;
export type RaiseResult = ResponseOf<'raisePublicDemand'>;
/** The JSON of the `demand` field of POST /api/public/demands (multipart). */
export type RaiseFields = NonNullable<operations['raisePublicDemand']['requestBody']['content']['multipart/form-data']['demand']>;

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: readonly FieldProblem[],
  ) {
    super(message);
    this.name = 'PortalError';
  }
}

const raw = createClient<paths>({ credentials: 'same-origin', headers: { accept: 'application/json' } });

function fieldsOf(details: unknown): FieldProblem[] {
  if (typeof details !== 'object' || details === null || !('fields' in details) || !Array.isArray(details.fields)) return [];
  const fields: unknown[] = details.fields;
  return fields.flatMap((f) =>
    typeof f === 'object' && f !== null && 'field' in f && 'message' in f && typeof f.field === 'string' && typeof f.message === 'string'
      ? [{ field: f.field, message: f.message }]
      : [],
  );
}

function toPortalError(status: number, body: unknown): PortalError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = body.error;
    if (typeof error === 'object' && error !== null && 'code' in error && 'message' in error && typeof error.code === 'string' && typeof error.message === 'string') {
      return new PortalError(status, error.code, error.message, fieldsOf('details' in error ? error.details : null));
    }
  }
  if (status === 429) return new PortalError(status, 'RATE_LIMITED', '操作太频繁了，请稍等一分钟再试', []);
  return new PortalError(status, 'HTTP_ERROR', status >= 500 ? '系统暂时忙，请稍后再试' : '请求没有成功，请稍后再试', []);
}

async function answer(pending: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<unknown> {
  let result: { data?: unknown; error?: unknown; response: Response };
  try {
    result = await pending;
  } catch {
    throw new PortalError(0, 'NETWORK', '网络连接不上，请检查手机网络后再试', []);
  }
  if (!result.response.ok || result.data === undefined) throw toPortalError(result.response.status, result.error);
  return result.data;
}

// The call signature of openapi-fetch's methods, answering the success body (as the document types it) instead.
type InitParam<Init> = RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];
type Success<M extends HttpMethod, P extends keyof paths> = paths[P][M] extends { readonly responses: infer R extends Readonly<Record<string | number, unknown>> }
  ? SuccessResponse<R>
  : never;
type Call<M extends HttpMethod> = <P extends PathsWithMethod<paths, M>, Init extends MaybeOptionalInit<paths[P], M>>(path: P, ...init: InitParam<Init>) => Promise<Success<M, P>>;

function settled<M extends HttpMethod>(method: (path: never, ...init: never[]) => Promise<{ data?: unknown; error?: unknown; response: Response }>): Call<M> {
  return ((path: never, ...init: never[]) => answer(method(path, ...init))) as Call<M>;
}

/** The generated client's GET and POST, each answering its path's success body or throwing a `PortalError`. */
export const client = { GET: settled<'get'>(raw.GET), POST: settled<'post'>(raw.POST) } as const;

/** POST /api/public/demands: the `demand` field (JSON) first, then the photos, as multipart/form-data. */
export async function raiseDemand(fields: RaiseFields, photos: readonly File[]): Promise<RaiseResult> {
  const form = new FormData();
  form.append('demand', JSON.stringify(fields));
  for (const photo of photos) form.append('photos', photo, photo.name);
  // The browser sets the multipart boundary; the document cannot describe a file part, hence the cast.
  return (await answer(raw.POST('/api/public/demands', { body: form as never, bodySerializer: (body: unknown) => body as FormData }))) as RaiseResult;
}

export function asPortalError(error: unknown): PortalError {
  return error instanceof PortalError ? error : new PortalError(0, 'UNKNOWN', '出了点问题，请稍后再试', []);
}

/** The message of a field problem whose name ends with `field` (`body.text`, `text`), if any. */
export function fieldMessage(error: PortalError | null, field: string): string | undefined {
  return error?.fields.find((f) => f.field === field || f.field.endsWith(`.${field}`))?.message;
}
