/**
 * The common steps of the case journeys, driven through the HTTP API as a clerk would: entering and acknowledging
 * demands, uploading attachments, the 两委 triage, the consultation, the 登记备案表, the review points, survey sheets,
 * the 结项表 with its attachments, and the end of publicity (the publicity job's command). Plus typed readers of
 * projects and timelines and assertions on refusals.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { expect } from 'vitest';
import { toLocalDate } from '../../../src/domain/calendar/index.js';
import type { Category, HandlingMode } from '../../../src/domain/categories.js';
import type { ConsultationResult, Period, RegistrationBasicsInput, ReviewPoints } from '../../../src/domain/forms/registration-form.js';
import type { SatisfactionLevel } from '../../../src/domain/forms/survey.js';
import type { ProjectState } from '../../../src/domain/lifecycle/index.js';
import type { Role } from '../../../src/domain/access/roles.js';
import * as sample from '../../../src/domain/samples/forms.js';
import type { NewDemandBody, TriageBody } from '../../../src/server/features/cases/case.schemas.js';
import type { ClosureBody, ConsultationBody, PaperSurveyBody, RegistrationBody } from '../../../src/server/features/cases/project.schemas.js';
import { systemContext } from '../../../src/server/seed/foundation.seed.js';
import { multipart, samplePdf, samplePng } from '../../support/files.js';
import type { paths } from '../../../src/web/api/schema.gen.js';
import type { TestSystem } from '../../support/system.js';

/** A value as the tests hold it: read-only all the way down, as the domain's forms are. */
type Frozen<T> = T extends readonly (infer U)[] ? readonly Frozen<U>[] : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T;

/**
 * The body of a request to a route whose body schema is `S`, without the `version` that `act` adds: the domain's
 * form plus what HTTP adds (ISO instants, attachment ids), so a change of the schema breaks the helper that sends it.
 */
export type BodyOf<S extends TSchema> = Frozen<Omit<Static<S>, 'version'>>;

export interface DeadlineView {
  readonly step: string;
  readonly rule: string;
  readonly startedAt: string;
  readonly due: string;
  readonly dueDate: string;
  readonly status: string;
}

export interface ProjectView {
  readonly id: number;
  readonly version: number;
  readonly status: string;
  readonly statusLabel: string;
  readonly flags: readonly { readonly flag: string; readonly label: string }[];
  readonly deadlines: readonly DeadlineView[];
  readonly state: ProjectState;
}

export interface DemandView {
  readonly id: number;
  readonly version: number;
  readonly status: string;
  readonly deadlines: readonly DeadlineView[];
  readonly state: { readonly trackingNumber: string; readonly communityName: string };
}

export interface TimelineView {
  readonly events: readonly { readonly at: string; readonly action: string; readonly actor: string | null; readonly actorName: string; readonly role: string | null; readonly outcome: string }[];
  readonly feedbacks: readonly { readonly demandId: number; readonly kind: string; readonly channel: string; readonly body: string; readonly recipient: string | null }[];
}

export interface RefusalDetails {
  readonly rule?: string;
  readonly fields?: readonly { readonly field: string; readonly message: string; readonly code?: string }[];
  readonly [key: string]: unknown;
}

/** Sets the test clock for the next step. */
export function at(sys: TestSystem, instant: string): void {
  sys.clock.set(instant);
}

interface SignIn {
  readonly cookie: string;
  readonly signedInAt: number;
}

const passwords = new WeakMap<TestSystem, Map<string, string>>();
const signIns = new WeakMap<TestSystem, Map<string, SignIn>>();

/**
 * The sign-in cookie of `username` at the current test time. The journeys move the clock by days, past the idle
 * timeout, so a clerk signs in again whenever the clock has moved since their last sign-in.
 */
export async function cookieOf(sys: TestSystem, username: string): Promise<string> {
  let mine = signIns.get(sys);
  if (mine === undefined) {
    mine = new Map();
    signIns.set(sys, mine);
  }
  const now = sys.clock.now().getTime();
  const current = mine.get(username);
  if (current !== undefined && current.signedInAt === now) return current.cookie;
  const cookie = await sys.login(username, passwords.get(sys)?.get(username));
  mine.set(username, { cookie, signedInAt: now });
  return cookie;
}

/** A request as `username` (signed in at the current test time). */
export async function call(
  sys: TestSystem,
  username: string,
  method: 'GET' | 'POST',
  url: string,
  body?: Record<string, unknown>,
): Promise<LightMyRequestResponse> {
  return sys.request(method, url, { cookie: await cookieOf(sys, username), ...(body !== undefined ? { body } : {}) });
}

/** The response has `status` (its body shown when it has not); the response, to read its JSON. */
export function ok(res: LightMyRequestResponse, status = 200): LightMyRequestResponse {
  expect(res.statusCode, res.body).toBe(status);
  return res;
}

/** The response is the error `code` with `status`; its details (rule and field errors). */
export function refused(res: LightMyRequestResponse, status: number, code: string): RefusalDetails & { readonly message: string } {
  const body = res.json<{ error?: { code: string; message: string; details: RefusalDetails | null } }>();
  expect({ status: res.statusCode, code: body.error?.code }, res.body).toEqual({ status, code });
  return { ...(body.error?.details ?? {}), message: body.error?.message ?? '' };
}

export async function unitOf(sys: TestSystem, user: string): Promise<{ id: number; name: string }> {
  return ok(await call(sys, user, 'GET', '/api/session')).json<{ unit: { id: number; name: string } }>().unit;
}

// ---------------------------------------------------------------------------------------------------------------
// Demands

export type DemandInput = { readonly communityId: number } & Partial<sample.DemandReport>;

/** The body of `POST /api/demands`: the sample report of 示例社区一 with what `input` gives. */
export function demandBody(input: DemandInput): Frozen<Static<typeof NewDemandBody>> {
  const { communityId, ...given } = input;
  return { communityId, ...sample.demandReport(sample.SAMPLE_SITE, given) };
}

export async function createDemand(sys: TestSystem, user: string, input: DemandInput): Promise<DemandView> {
  return ok(await call(sys, user, 'POST', '/api/demands', demandBody(input)), 201).json<DemandView>();
}

export async function acknowledge(sys: TestSystem, user: string, demand: { id: number; version: number }): Promise<DemandView> {
  return ok(await call(sys, user, 'POST', `/api/demands/${demand.id}/acknowledge`, { version: demand.version })).json<DemandView>();
}

export async function mergeDemands(sys: TestSystem, user: string, primary: DemandView, others: readonly DemandView[]): Promise<DemandView> {
  const res = await call(sys, user, 'POST', '/api/demands/merge', {
    primaryDemandId: primary.id,
    demands: [primary, ...others].map((d) => ({ id: d.id, version: d.version })),
  });
  return ok(res).json<DemandView>();
}

/** Uploads a sample file (PDF, or PNG for photos) of `kind` to a demand or a project; its attachment id. */
export async function uploadAttachment(sys: TestSystem, user: string, owner: 'demands' | 'projects', ownerId: number, kind: string): Promise<number> {
  const file =
    kind === 'photo'
      ? { name: '现场照片.png', type: 'image/png', bytes: samplePng() }
      : { name: `${kind}.pdf`, type: 'application/pdf', bytes: samplePdf(kind) };
  const body = multipart({ kind }, file);
  const res = await sys.app.inject({
    method: 'POST',
    url: `/api/${owner}/${ownerId}/attachments`,
    headers: { cookie: await cookieOf(sys, user), 'content-type': body.contentType },
    payload: body.payload,
  });
  return ok(res, 201).json<{ id: number }>().id;
}

/** R2.4 (a) the 两委 meeting (held at `heldAt`, minutes uploaded) adopts the demand; the new project's id. */
export async function triageAdopt(sys: TestSystem, user: string, demand: { id: number; version: number }, projectTitle: string, heldAt: string): Promise<number> {
  const minutes = await uploadAttachment(sys, user, 'demands', demand.id, 'committeeMinutes');
  const body: BodyOf<typeof TriageBody> = { meeting: sample.committeeMeeting({ heldAt, minutesAttachmentIds: [minutes] }), outcome: { kind: 'adopt', projectTitle } };
  const res = await call(sys, user, 'POST', `/api/demands/${demand.id}/triage`, { version: demand.version, ...body });
  return ok(res).json<{ projectId: number }>().projectId;
}

/** A demand entered, acknowledged and adopted by the community: the project's id. */
export async function openProject(
  sys: TestSystem,
  user: string,
  options: { communityId: number; title: string; heldAt: string; demand?: Partial<DemandInput> },
): Promise<number> {
  const demand = await createDemand(sys, user, { ...options.demand, communityId: options.communityId });
  const acked = await acknowledge(sys, user, demand);
  return triageAdopt(sys, user, acked, options.title, options.heldAt);
}

// ---------------------------------------------------------------------------------------------------------------
// Projects

export async function getProject(sys: TestSystem, user: string, id: number): Promise<ProjectView> {
  return ok(await call(sys, user, 'GET', `/api/projects/${id}`)).json<ProjectView>();
}

export async function timeline(sys: TestSystem, user: string, id: number): Promise<TimelineView> {
  return ok(await call(sys, user, 'GET', `/api/projects/${id}/timeline`)).json<TimelineView>();
}

/** The project's current version, as any clerk of the town reads it. */
export async function versionOf(sys: TestSystem, id: number): Promise<number> {
  const row = await sys.database.db.selectFrom('project').select('version').where('id', '=', id).executeTakeFirstOrThrow();
  return row.version;
}

/** POSTs a project action at the project's current version. */
// Project actions by their path under /api/projects/:id, with the request body the generated OpenAPI types give
// for it: a schema change breaks the tests' compile, not only their run.
type JsonPosts = {
  [P in keyof paths]: paths[P] extends { readonly post: { readonly requestBody?: { readonly content: { readonly 'application/json': unknown } } } } ? P : never;
}[keyof paths];
/** A path template with its parameters filled in (`claims/{claimId}/decision` → `claims/${number}/decision`). */
type Filled<S extends string> = S extends `${infer A}{${string}}${infer B}` ? `${A}${number}${Filled<B>}` : S;
type ProjectPost = { [P in JsonPosts]: P extends `/api/projects/{id}/${infer R}` ? R : never }[JsonPosts];
export type ProjectActionPath = Filled<ProjectPost>;
type TemplateOf<R extends string> = { [T in ProjectPost]: R extends Filled<T> ? T : never }[ProjectPost];
type JsonBody<P extends JsonPosts> = paths[P]['post'] extends { readonly requestBody?: { readonly content: { readonly 'application/json': infer B } } } ? B : never;
/** The body of the project action at `R`, without the version the helpers read. */
export type ActionBody<R extends ProjectActionPath> = Omit<JsonBody<`/api/projects/{id}/${TemplateOf<R>}` & JsonPosts>, 'version'>;
/** The body argument: optional where the action needs nothing but the version. */
type BodyArg<R extends ProjectActionPath> = Record<string, never> extends ActionBody<R> ? [body?: ActionBody<R>] : [body: ActionBody<R>];

/** A project action at the project's current version. */
export async function act<R extends ProjectActionPath>(sys: TestSystem, user: string, id: number, path: R, ...[body]: BodyArg<R>): Promise<LightMyRequestResponse> {
  return call(sys, user, 'POST', `/api/projects/${id}/${path}`, { version: await versionOf(sys, id), ...body });
}

/** A project action that must succeed: the project afterwards. */
export async function step<R extends ProjectActionPath>(sys: TestSystem, user: string, id: number, path: R, ...body: BodyArg<R>): Promise<ProjectView> {
  return ok(await act(sys, user, id, path, ...body)).json<ProjectView>();
}

export function deadline(project: ProjectView, stepName: string): DeadlineView | undefined {
  const all = project.deadlines.filter((d) => d.step === stepName);
  return all[all.length - 1];
}

export function consultationResult(
  budgetFen: number,
  options: { mode?: HandlingMode; period?: Period; implementer?: string } = {},
): ConsultationResult {
  return sample.consultationResult({
    budgetFen,
    handlingMode: options.mode ?? 'express',
    implementationPeriod: options.period ?? { start: '2026-10-10', end: '2026-10-28' },
    ...(options.implementer !== undefined ? { implementer: options.implementer } : {}),
  });
}

export interface ConsultOptions {
  readonly heldAt: string;
  readonly passed?: boolean;
  readonly result?: ConsultationResult | null;
}

/** R3.1 the consultation with its minutes and sign-in sheet uploaded. */
export async function consult(sys: TestSystem, user: string, projectId: number, options: ConsultOptions): Promise<LightMyRequestResponse> {
  const minutes = await uploadAttachment(sys, user, 'projects', projectId, 'consultationMinutes');
  const signIn = await uploadAttachment(sys, user, 'projects', projectId, 'signInSheet');
  const body: BodyOf<typeof ConsultationBody> = {
    consultation: sample.consultationRecord({
      heldAt: options.heldAt,
      passed: options.passed ?? true,
      result: options.result ?? null,
      minutesAttachmentIds: [minutes],
      signInAttachmentIds: [signIn],
    }),
  };
  return act(sys, user, projectId, 'consultations', body);
}

/** Section 一 of 示例社区一's sample road repair (engineering, E1) with what `overrides` gives. */
export function basics(budgetFen: number, overrides: Partial<RegistrationBasicsInput> = {}): RegistrationBasicsInput {
  return sample.registrationBasics({ budgetFen, ...overrides });
}

export async function register(sys: TestSystem, user: string, projectId: number, form: RegistrationBasicsInput): Promise<LightMyRequestResponse> {
  const body: BodyOf<typeof RegistrationBody> = { basics: form };
  return act(sys, user, projectId, 'registration', body);
}

/** R4.2 the four points answered; `solvableOtherwise` yes points to an existing policy (R4.3). */
export function reviewPoints(solvableOtherwise: 'yes' | 'no' = 'no'): ReviewPoints {
  return sample.reviewPoints({ solvableOtherwise: { verdict: solvableOtherwise } });
}

export const TOWN_CHANNELS = ['projectPortal', 'portal12345', 'wechatGuanjia', 'bureauWebsite', 'communityPlatform'] as const;

/** R5.1 / R5.2 what the publicity job does when the window has passed: the `endPublicity` command, as the system. */
export async function endPublicity(sys: TestSystem, projectId: number): Promise<void> {
  await sys.app.services.cases.projectCommand(systemContext(sys.clock.now()), projectId, null, { type: 'endPublicity' }, 'system');
}

/** `count` paper answer sheets of 附件3 (the first 非常满意 overall, with a suggestion). */
export function paperSheets(count: number, level: SatisfactionLevel = 'satisfied', date = '2026-10-21'): BodyOf<typeof PaperSurveyBody>['responses'] {
  return sample.surveySheets(count, date, (i) =>
    i === 0 ? { answers: { ...sample.surveyAnswers(level), overall: 'verySatisfied' }, suggestions: '希望加强后期维护' } : { answers: sample.surveyAnswers(level) },
  );
}

export interface ClosureOptions {
  readonly category: Category;
  readonly budgetFen: number;
  readonly actualFen: number;
  readonly handlingMode: HandlingMode;
  readonly consultationDate: string;
  readonly implementer: string;
  readonly period: Period;
  readonly projectName?: string;
}

/** R6.1 a complete 结项表, its attachments uploaded to the project by `user`. */
export async function closureForm(sys: TestSystem, user: string, projectId: number, o: ClosureOptions): Promise<BodyOf<typeof ClosureBody>['form']> {
  const upload = (kind: string): Promise<number> => uploadAttachment(sys, user, 'projects', projectId, kind);
  return sample.closureForm({
    ...o,
    photoAttachmentIds: [await upload('photo'), await upload('photo')],
    attachments: {
      stampedRegistrationIds: [await upload('stampedRegistration')],
      agreementIds: [await upload('agreement')],
      invoiceIds: [await upload('invoice')],
      procurementFilingIds: [await upload('procurementFiling')],
      supplierQualificationIds: [await upload('supplierQualification')],
      taxRegistrationIds: [await upload('taxRegistration')],
    },
  });
}

const NEW_PASSWORD = 'Review@Dongguan2026!';

/** The id of the unit `name`, inside the town `townName` when given (every town has its own 示例社区一). */
export async function unitId(sys: TestSystem, name: string, townName?: string): Promise<number> {
  let query = sys.database.db.selectFrom('unit as u').select('u.id').where('u.name', '=', name);
  if (townName !== undefined) {
    query = query.innerJoin('unit as t', 't.id', 'u.town_id').where('t.name', '=', townName);
  }
  const rows = await query.execute();
  if (rows.length !== 1 || rows[0] === undefined) throw new Error(`unit ${townName ?? ''}${name}: ${rows.length} found`);
  return rows[0].id;
}

/**
 * An account of `role` at the unit `unit`, created by the system administrator (with a one-time password) and
 * activated by its holder, who sets a password of their own; afterwards `username` acts like any demo account.
 */
export async function newAccount(sys: TestSystem, username: string, role: Role, unit: number): Promise<void> {
  const res = await call(sys, 'sysadmin', 'POST', '/api/users', { username, displayName: `测试用户${username}`, role, unitId: unit });
  const created = ok(res, 201).json<{ oneTimePassword: string }>();
  const cookie = await sys.login(username, created.oneTimePassword);
  const changed = await sys.request('POST', '/api/session/password', {
    cookie,
    body: { currentPassword: created.oneTimePassword, newPassword: NEW_PASSWORD },
  });
  expect(changed.statusCode, changed.body).toBe(204);
  let mine = passwords.get(sys);
  if (mine === undefined) {
    mine = new Map();
    passwords.set(sys, mine);
  }
  mine.set(username, NEW_PASSWORD);
}

/** Each feedback of the timeline as `demandId kind channel`, sorted. */
export function feedbackLines(t: TimelineView): string[] {
  return t.feedbacks.map((f) => `${f.demandId} ${f.kind} ${f.channel}`).sort();
}

/** The timeline's successful events, oldest first, as `action actor`. */
export function eventLines(t: TimelineView): string[] {
  return t.events
    .filter((e) => e.outcome === 'success')
    .map((e) => `${e.action} ${e.actor ?? 'system'}`)
    .reverse();
}

/**
 * A registered small-path project (R3.4) carried by its community to 办结: publicity on the project portal and the
 * notice board (R5.2), the end of the window by the job (R5.1), implementation (R5.4), 30 paper sheets and the
 * survey's completion (R6.2), the 结项表 (R6.1) and closing (R6.6). The test clock moves forward with each step,
 * from `from`; the closed project, and the instant of its closing.
 */
export async function closeSmallProject(
  sys: TestSystem,
  user: string,
  projectId: number,
  o: { readonly from: string; readonly actualFen: number; readonly implementer?: string; readonly photoAttachmentIds?: readonly number[] },
): Promise<{ project: ProjectView; closedAt: string }> {
  const hours = (from: string, n: number): string => new Date(Date.parse(from) + n * 3_600_000).toISOString();
  at(sys, o.from);
  const publicized = await step(sys, user, projectId, 'publicity', { days: null, channels: ['projectPortal', 'noticeBoard'] });
  const windowEnd = deadline(publicized, 'publicityWindow')?.due;
  if (windowEnd === undefined) throw new Error('publicity without its window');
  at(sys, windowEnd);
  await endPublicity(sys, projectId);
  const started = hours(windowEnd, 10);
  at(sys, started);
  await step(sys, user, projectId, 'implementation/start');
  const done = hours(started, 24 * 7);
  at(sys, done);
  const completed = await step(sys, user, projectId, 'implementation/complete');
  const agreement = completed.state.agreement;
  const registration = completed.state.registration;
  if (agreement === null || registration === null) throw new Error('a project closed before its registration');
  at(sys, hours(done, 20));
  const filled = await closureForm(sys, user, projectId, {
    category: registration.basics.category,
    budgetFen: agreement.result.budgetFen,
    actualFen: o.actualFen,
    handlingMode: agreement.result.handlingMode,
    consultationDate: toLocalDate(new Date(registration.consultation.heldAt)),
    implementer: o.implementer ?? agreement.result.implementer,
    period: { start: toLocalDate(new Date(started)), end: toLocalDate(new Date(done)) },
  });
  const form = { ...filled, photoAttachmentIds: o.photoAttachmentIds ?? filled.photoAttachmentIds };
  await step(sys, user, projectId, 'survey/paper', { responses: paperSheets(30) });
  await step(sys, user, projectId, 'survey/complete', { exceptionReason: null });
  await step(sys, user, projectId, 'closure', { form });
  const closedAt = hours(done, 22);
  at(sys, closedAt);
  return { project: await step(sys, user, projectId, 'close'), closedAt };
}
