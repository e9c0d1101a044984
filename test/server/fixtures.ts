/**
 * Shared pieces of the HTTP tests: the demo account of each role, catalogued-error assertions, reading the audit
 * log straight from the database, units by name, and multipart bodies for uploads.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Action } from '../../src/domain/access/actions.js';
import type { Role } from '../../src/domain/access/roles.js';
import type { AuditLogRow, UnitRow } from '../../src/server/db/schema.js';
import { ERROR_CATALOGUE, type ErrorCode } from '../../src/server/errors.js';
import { loadConfig } from '../../src/server/config.js';
import type { Dialect } from '../../src/server/db/database.js';
import { startSystem } from '../../src/server/system.js';
import { createTestDatabase } from '../support/dialects.js';
import { DEMO_PASSWORD, TestClock, type TestSystem } from '../support/system.js';

/** The demo account holding each role (src/server/seed/accounts.seed.ts). */
export const DEMO_USER: Readonly<Record<Role, string>> = {
  community_staff: 'community',
  town_staff: 'town',
  department_reviewer: 'finance',
  bureau_admin: 'bureau',
  supervisor: 'supervisor',
  system_admin: 'sysadmin',
  security_admin: 'secadmin',
  audit_admin: 'auditadmin',
};

export const CHINESE = /[\u4e00-\u9fff]/;

/**
 * The API operations not named after a policy action, each with the access it must declare: sign-in and sign-out,
 * the health check, and reads or uploads whose action is shared by several operations. A new operation is either
 * named after its action or added here — that is the gate "no route without a policy".
 */
export const PLAIN_OPERATIONS: Readonly<Record<string, 'public' | 'authenticated' | Action>> = {
  login: 'public',
  logout: 'authenticated',
  getHealth: 'public',
  listCalendarYears: 'viewCalendar',
  previewDeadline: 'viewCalendar',
  // Reading cases.
  listDemands: 'viewCase',
  viewDemand: 'viewCase',
  viewDemandTimeline: 'viewCase',
  listProjects: 'viewCase',
  viewProject: 'viewCase',
  viewProjectTimeline: 'viewCase',
  exportDemands: 'viewCase',
  exportProjects: 'viewCase',
  findSimilarDemands: 'viewCase',
  listOverdueSteps: 'viewCase',
  listTodo: 'viewCase',
  listDemandAttachments: 'viewCase',
  listProjectAttachments: 'viewCase',
  // Attachments and surveys.
  uploadAttachmentToDemand: 'uploadAttachment',
  uploadAttachmentToProject: 'uploadAttachment',
  issueSurveyTokens: 'recordPaperSurvey',
  printSurveySheets: 'recordPaperSurvey',
  // Documents (issueDocument is named after its action).
  listProjectDocuments: 'viewCase',
  renderProjectDocument: 'viewCase',
  downloadIssuedDocument: 'viewCase',
  // A town's yearly documents (R8.2 the annual plan, R9.1 the funds ledger).
  exportAnnualPlan: 'viewCase',
  exportFundsLedger: 'viewCase',
  // Funds (R9): a town's ledger, a project's budget against actual, the yearly evaluation and its export.
  viewFundsLedger: 'viewCase',
  viewProjectFunds: 'viewCase',
  viewFundsEvaluation: 'viewCase',
  exportFundsEvaluation: 'viewCase',
  // Statistics of the reader's jurisdiction and their export.
  viewStatistics: 'viewCase',
  listCampaigns: 'viewCase',
  closeCampaign: 'openCampaign',
  listAnnualPlans: 'viewCase',
  getAnnualPlan: 'viewCase',
  uploadPlanStampScan: 'submitAnnualPlan',
  listBureauReports: 'viewCase',
  exportStatistics: 'viewCase',
  // The public portal (R0.8: only what is publicized) and the 12345 intake, which checks its own bearer token.
  listPublicProjects: 'public',
  viewPublicProject: 'public',
  viewPublicResultPhoto: 'public',
  trackDemand: 'public',
  raisePublicObjection: 'public',
  raisePublicDemand: 'public',
  getPublicChallenge: 'public',
  listPublicUnits: 'public',
  listOpenDataProjects: 'public',
  exportOpenDataProjectsCsv: 'public',
  listOpenDataSpendingByTown: 'public',
  exportOpenDataSpendingByTownCsv: 'public',
  claimPublicProject: 'public',
  viewPublicSurvey: 'public',
  viewSurveyLink: 'public',
  submitPublicSurveyResponse: 'public',
  intakeDemand12345: 'public',
};

/** Signs in each demo account once per system and hands out its cookie. */
export function cookieJar(sys: TestSystem): (username: string) => Promise<string> {
  const cookies = new Map<string, Promise<string>>();
  return (username) => {
    let c = cookies.get(username);
    if (c === undefined) {
      c = sys.login(username);
      cookies.set(username, c);
    }
    return c;
  };
}

export interface ErrorJson {
  error: { code: string; message: string; details: unknown };
  requestId?: string;
}

/** The response is the catalogued error `code`: its status, its code and its Chinese message. */
export function expectError(res: LightMyRequestResponse, code: ErrorCode): ErrorJson {
  const body = res.json<ErrorJson>();
  expect({ status: res.statusCode, code: body.error?.code }, res.body).toEqual({ status: ERROR_CATALOGUE[code].status, code });
  expect(body.error.message).toBe(ERROR_CATALOGUE[code].message);
  return body;
}

/** The field errors of a VALIDATION_FAILED (or similar) response. */
export function fieldsOf(body: ErrorJson): { field: string; message: string }[] {
  const details = body.error.details as { fields?: { field: string; message: string }[] } | null;
  return details?.fields ?? [];
}

/** The audit records written after record `afterId`, in the order they were written. */
export async function auditRows(sys: TestSystem, afterId = 0): Promise<AuditLogRow[]> {
  return sys.database.db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').execute();
}

/** The number of the last audit record written (0 for none). */
export async function lastAuditId(sys: TestSystem): Promise<number> {
  const row = await sys.database.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return row?.id ?? 0;
}

export function parseJson(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}

export async function unitNamed(sys: TestSystem, name: string): Promise<UnitRow> {
  return sys.database.db.selectFrom('unit').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
}

export async function userNamed(sys: TestSystem, username: string) {
  return sys.database.db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export interface FilePart {
  readonly field?: string;
  readonly filename: string;
  readonly contentType: string;
  readonly content: Buffer | string;
}

/** A multipart/form-data body holding one file. */
export function multipart(part: FilePart): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----msw${Math.random().toString(16).slice(2)}`;
  const head =
    `--${boundary}\r\n` +
    `Content-Disposition: form-data; name="${part.field ?? 'file'}"; filename="${part.filename}"\r\n` +
    `Content-Type: ${part.contentType}\r\n\r\n`;
  const payload = Buffer.concat([
    Buffer.from(head, 'utf8'),
    typeof part.content === 'string' ? Buffer.from(part.content, 'utf8') : part.content,
    Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Uploads one file as the signed-in user. */
export function upload(sys: TestSystem, url: string, cookie: string, part: FilePart): Promise<LightMyRequestResponse> {
  const { payload, headers } = multipart(part);
  return sys.app.inject({ method: 'POST', url, payload, headers: { ...headers, cookie } });
}

/** Creates an account as the system administrator; returns its id, version and one-time password. */
export async function createUser(
  sys: TestSystem,
  sysadminCookie: string,
  input: { username: string; role: Role; unitName: string; displayName?: string; phone?: string },
): Promise<{ id: number; version: number; oneTimePassword: string }> {
  const unit = await unitNamed(sys, input.unitName);
  const res = await sys.request('POST', '/api/users', {
    cookie: sysadminCookie,
    body: {
      username: input.username,
      displayName: input.displayName ?? `测试用户${input.username}`,
      role: input.role,
      unitId: unit.id,
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
    },
  });
  if (res.statusCode !== 201) throw new Error(`create ${input.username}: ${res.statusCode} ${res.body}`);
  const body = res.json<{ user: { id: number; version: number }; oneTimePassword: string }>();
  return { id: body.user.id, version: body.user.version, oneTimePassword: body.oneTimePassword };
}

/** Signs in with a one-time password and sets `newPassword`; returns the session cookie. */
export async function activate(sys: TestSystem, username: string, oneTimePassword: string, newPassword: string): Promise<string> {
  const cookie = await sys.login(username, oneTimePassword);
  const res = await sys.request('POST', '/api/session/password', { cookie, body: { currentPassword: oneTimePassword, newPassword } });
  if (res.statusCode !== 204) throw new Error(`password change for ${username}: ${res.statusCode} ${res.body}`);
  return cookie;
}

export interface RecordingSystem extends TestSystem {
  /** The access each route declared, keyed `METHOD /fastify/:url`, for every route that has answered a request. */
  readonly declared: ReadonlyMap<string, unknown>;
  /** The OpenAPI operations, with the path in Fastify's form, after one anonymous call to each. */
  readonly operations: readonly { method: string; url: string; operationId: string | undefined; access: unknown }[];
}

/**
 * A demo system like `createTestSystem`'s, started the same way, whose app also notes the access every route
 * declares (read from the route's own config as it answers), then probed once per documented operation.
 */
export async function createRecordingSystem(dialect: Dialect): Promise<RecordingSystem> {
  const database = await createTestDatabase(dialect);
  const clock = new TestClock();
  const config = loadConfig({ DEMO: 'true', DEMO_PASSWORD, SERVE_WEB: 'false' }, { loginRateLimitPerMinute: 10_000, publicRateLimitPerMinute: 10_000, publicRaisePerIpPerMinute: 10_000 });
  const announced: string[] = [];
  const app = await startSystem(config, database, { clock: clock.now, logger: false, announce: (l) => announced.push(l) });
  const declared = new Map<string, unknown>();
  app.addHook('onResponse', (request, _reply, done) => {
    declared.set(`${request.method} ${request.routeOptions.url ?? ''}`, request.routeOptions.config.access);
    done();
  });
  await app.ready();
  const request: TestSystem['request'] = (method, url, opts = {}) =>
    app.inject({
      method,
      url,
      headers: { ...(opts.cookie !== undefined ? { cookie: opts.cookie } : {}) },
      ...(opts.body !== undefined ? { payload: opts.body as Record<string, unknown> } : {}),
    });
  const doc = (await request('GET', '/api/openapi.json')).json<{ paths: Record<string, Record<string, { operationId?: string }>> }>();
  const found = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), url: path.replace(/\{(\w+)\}/g, ':$1'), operationId: op.operationId })),
  );
  for (const op of found) await app.inject({ method: op.method as 'GET', url: op.url.replace(/:\w+/g, '1') });
  const operations = found.map((op) => ({ ...op, access: declared.get(`${op.method} ${op.url}`) }));
  return {
    app,
    database,
    clock,
    config,
    announced,
    request,
    declared,
    operations,
    async login(username, password = DEMO_PASSWORD) {
      const res = await request('POST', '/api/session', { body: { username, password } });
      const cookie = res.cookies.find((c) => c.name === 'msw_sid');
      if (res.statusCode !== 200 || cookie === undefined) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      return `msw_sid=${cookie.value}`;
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
