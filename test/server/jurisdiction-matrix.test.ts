/**
 * R0.8 the jurisdiction matrix over HTTP: every API operation whose path names a record (an id, a year, a token) ×
 * every staff role holding the operation's action × each target outside that role's jurisdiction. A case (demand or
 * project, its attachments, its deadlines) outside the jurisdiction answers exactly as a missing one, 404 NOT_FOUND,
 * so that no answer tells that such a record exists. Nothing changes: the cases' rows, their versions, their
 * attachments, deadlines, feedbacks, publications and survey rows are as they were, and the only audit record written
 * is the access denial.
 *
 * The table below is walked against the OpenAPI document: an operation with a path parameter that has neither an
 * entry nor a reasoned exemption fails the test, so no id-bearing route can be added without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, type Action } from '../../src/domain/access/actions.js';
import { jurisdictionRoot, ROLE_ACTIONS } from '../../src/domain/access/policy.js';
import { isWithin, ROLES, type Role, type UnitRef } from '../../src/domain/access/roles.js';
import { multipart, samplePng } from '../support/files.js';
import { DIALECTS } from '../support/dialects.js';
import {
  acknowledge,
  at,
  basics,
  closureForm,
  consult,
  consultationResult,
  cookieOf,
  createDemand,
  newAccount,
  ok,
  openProject,
  paperSheets,
  register,
  reviewPoints,
  step,
  TOWN_CHANNELS,
  unitId,
  uploadAttachment,
} from './cases/flow.js';
import { createRecordingSystem, DEMO_USER, parseJson, type RecordingSystem } from './fixtures.js';

type Body = Record<string, unknown>;

/**
 * What a route's path parameter names. `publicized`: a 莞家直达 project in publicity holding objection 1 and
 * claim 1, so that the sub-ids of the objection and claim routes name records that exist.
 */
type TargetKind = 'demand' | 'project' | 'publicized' | 'demandAttachment' | 'projectAttachment' | 'deadline' | 'issuedDocument' | 'town' | 'campaign';

/** One set of records, all in one community. */
interface Target {
  readonly label: string;
  readonly communityId: number;
  readonly demand: number;
  readonly project: number;
  readonly publicized: number;
  readonly demandAttachment: number;
  readonly projectAttachment: number;
  readonly deadline: number;
  /** The 登记备案表 of the 莞家直达 project, issued by its community. */
  readonly issuedDocument: number;
  /** The community's town (a town's yearly documents). */
  readonly town: number;
  /** The town's 2028 campaign (R8.1; the demo has opened 东城街道's 2027 one). */
  readonly campaign: number;
}

/** What a body may cite: the caller's own units and the target's records, at the target's current version. */
interface BodyContext {
  readonly version: number;
  readonly target: Target;
  /** The attachment ids of the target's owner (demand or project). */
  readonly cite: readonly number[];
  /** A community and a department inside the caller's own jurisdiction, for bodies that name a unit. */
  readonly ownCommunityId: number;
  readonly ownDepartmentId: number;
  readonly closure: Body;
}

interface Entry {
  readonly target: TargetKind;
  /** A body the route's schema accepts, so that only the jurisdiction can refuse it (none for reads). */
  readonly body?: (c: BodyContext) => Body;
  /** An upload: a multipart body holding one photo. */
  readonly upload?: true;
  /** The refusal: records of a case answer as missing ones. */
  readonly answer: 'NOT_FOUND' | 'FORBIDDEN_SCOPE';
  /** The query string the route needs to answer at all (`?year=2026`). */
  readonly query?: string;
}

/** Operations with a path parameter that the matrix does not walk, each with the reason, checked below. */
type Exemption =
  /** Every role holding the action has the whole city as its jurisdiction: no target lies outside it. */
  | { readonly kind: 'cityWide' }
  /** Open to the public: no account, so no jurisdiction (the portal's own tests cover what it shows). */
  | { readonly kind: 'public' }
  /** The record is not bound to a unit: the city's one work calendar. */
  | { readonly kind: 'unbound'; readonly reason: string };

const versioned =
  (extra: (c: BodyContext) => Body = () => ({})) =>
  (c: BodyContext): Body => ({ version: c.version, ...extra(c) });

const consultation = (cite: readonly number[]): Body => ({
  heldAt: '2026-09-28T01:30:00.000Z',
  place: '示例社区一党群服务中心',
  hostName: '李四',
  recorderName: '王五',
  forms: ['villagersMeeting'],
  formOther: null,
  participants: ['residentsCommittee'],
  participantOther: null,
  headCount: 35,
  passed: true,
  result: consultationResult(3_000_000),
  minutesAttachmentIds: cite,
  signInAttachmentIds: cite,
});

const CASE: Pick<Entry, 'answer'> = { answer: 'NOT_FOUND' };

/** Every operation with a path parameter, keyed `METHOD /fastify/:path`. */
const MATRIX: Readonly<Record<string, Entry>> = {
  // Demands.
  'GET /api/demands/:id': { ...CASE, target: 'demand' },
  'GET /api/demands/:id/timeline': { ...CASE, target: 'demand' },
  'POST /api/demands/:id/acknowledge': { ...CASE, target: 'demand', body: versioned() },
  'POST /api/demands/:id/return': { ...CASE, target: 'demand', body: versioned(() => ({ reason: '不属本社区' })) },
  'POST /api/demands/:id/reassign': { ...CASE, target: 'demand', body: versioned((c) => ({ communityId: c.ownCommunityId })) },
  'POST /api/demands/:id/triage': {
    ...CASE,
    target: 'demand',
    body: versioned((c) => ({
      meeting: { heldAt: '2026-09-28T01:30:00.000Z', summary: '两委联席会议研究', minutesAttachmentIds: c.cite },
      outcome: { kind: 'decline', reason: '不予采纳' },
    })),
  },
  'GET /api/demands/:id/attachments': { ...CASE, target: 'demand' },
  'POST /api/demands/:id/attachments': { ...CASE, target: 'demand', upload: true },
  // Projects.
  'GET /api/projects/:id': { ...CASE, target: 'project' },
  'GET /api/projects/:id/timeline': { ...CASE, target: 'project' },
  'GET /api/projects/:id/attachments': { ...CASE, target: 'project' },
  'POST /api/projects/:id/attachments': { ...CASE, target: 'project', upload: true },
  'POST /api/projects/:id/consultations': { ...CASE, target: 'project', body: versioned((c) => ({ consultation: consultation(c.cite) })) },
  'POST /api/projects/:id/feasibility-studies': {
    ...CASE,
    target: 'project',
    body: versioned((c) => ({ study: { summary: '可行性分析', recommendation: 'reconsult', attachmentIds: c.cite } })),
  },
  'POST /api/projects/:id/assembly-votes': {
    ...CASE,
    target: 'project',
    body: versioned((c) => ({
      vote: { heldAt: '2026-09-28T01:30:00.000Z', present: 10, votesFor: 6, votesAgainst: 2, abstentions: 2, minutesAttachmentIds: c.cite, result: null },
    })),
  },
  'POST /api/projects/:id/terminate': { ...CASE, target: 'project', body: versioned(() => ({ reason: '越权终止' })) },
  'POST /api/projects/:id/registration': { ...CASE, target: 'project', body: versioned(() => ({ basics: basics(3_000_000) })) },
  'POST /api/projects/:id/registration/return': { ...CASE, target: 'project', body: versioned(() => ({ reason: '越权退回' })) },
  'POST /api/projects/:id/reviewers': { ...CASE, target: 'project', body: versioned((c) => ({ departmentIds: [c.ownDepartmentId] })) },
  'POST /api/projects/:id/department-opinions': { ...CASE, target: 'project', body: versioned(() => ({ points: reviewPoints(), opinion: '同意' })) },
  'POST /api/projects/:id/stamps': {
    ...CASE,
    target: 'project',
    body: versioned((c) => ({ stamp: { departmentId: c.ownDepartmentId, stampedByName: '某人', stampedOn: '2026-09-28', scanAttachmentId: c.cite[0] } })),
  },
  'POST /api/projects/:id/review-decision': {
    ...CASE,
    target: 'project',
    body: versioned(() => ({ decision: { outcome: 'specialFund', townOfficeName: '东城街道', points: reviewPoints() } })),
  },
  'POST /api/projects/:id/publicity': { ...CASE, target: 'project', body: versioned(() => ({ channels: ['projectPortal', 'noticeBoard'] })) },
  'POST /api/projects/:id/objections': { ...CASE, target: 'project', body: versioned(() => ({ text: '异议', raisedByName: null, contactPhone: null })) },
  'POST /api/projects/:id/objections/:objectionId/answer': { ...CASE, target: 'publicized', body: versioned(() => ({ answer: '答复' })) },
  'POST /api/projects/:id/claims': {
    ...CASE,
    target: 'project',
    body: versioned(() => ({ claimant: { kind: 'enterprise', name: '某公司', contactName: '张三', contactPhone: '13800001111' }, note: '认领' })),
  },
  'POST /api/projects/:id/claims/:claimId/decision': { ...CASE, target: 'publicized', body: versioned(() => ({ accepted: true, reason: null })) },
  'POST /api/projects/:id/implementation/start': { ...CASE, target: 'project', body: versioned() },
  'POST /api/projects/:id/implementation/complete': { ...CASE, target: 'project', body: versioned() },
  'POST /api/projects/:id/closure': {
    ...CASE,
    target: 'project',
    body: versioned((c) => {
      const attachments = c.closure.attachments as Body;
      return {
        form: {
          ...c.closure,
          photoAttachmentIds: c.cite,
          attachments: { ...attachments, stampedRegistrationIds: c.cite, agreementIds: c.cite, invoiceIds: c.cite, procurementFilingIds: c.cite, supplierQualificationIds: c.cite, taxRegistrationIds: c.cite },
        },
      };
    }),
  },
  'POST /api/projects/:id/survey/paper': { ...CASE, target: 'project', body: versioned(() => ({ responses: paperSheets(1) })) },
  'POST /api/projects/:id/survey/tokens': { ...CASE, target: 'project', body: () => ({ count: 2 }) },
  'POST /api/projects/:id/survey/complete': { ...CASE, target: 'project', body: versioned(() => ({ exceptionReason: null })) },
  'POST /api/projects/:id/close': { ...CASE, target: 'project', body: versioned() },
  // An attachment is read as part of its case.
  'GET /api/attachments/:id': { ...CASE, target: 'projectAttachment' },
  // Documents: a case's forms, rendered, issued, read again; the survey's sheets.
  'GET /api/projects/:id/documents': { ...CASE, target: 'project' },
  'GET /api/projects/:id/documents/:form': { ...CASE, target: 'publicized' },
  'POST /api/projects/:id/documents/:form/issue': { ...CASE, target: 'publicized', body: () => ({ format: 'pdf' }) },
  'GET /api/issued-documents/:id': { ...CASE, target: 'issuedDocument' },
  'POST /api/projects/:id/survey/sheets': { ...CASE, target: 'project', body: () => ({ count: 2 }) },
  // 催办: a deadline of a case outside the jurisdiction.
  'POST /api/deadlines/:id/reminders': { answer: 'NOT_FOUND', target: 'deadline', body: () => ({ message: '请尽快办理' }) },
  // A town's yearly documents (R8.2, R9.1): a town outside the jurisdiction answers as a missing one.
  'GET /api/towns/:id/annual-plan': { ...CASE, target: 'town', query: '?year=2026' },
  'GET /api/towns/:id/funds-ledger': { ...CASE, target: 'town', query: '?year=2026' },
  // Funds (R9): a town's ledger, its disbursements and matching funds, its evaluation; a project's funds.
  'GET /api/towns/:id/funds': { ...CASE, target: 'town', query: '?year=2026' },
  'POST /api/towns/:id/disbursements': {
    ...CASE,
    target: 'town',
    body: (c) => ({ year: 2026, version: 0, date: '2026-10-10', projectId: c.target.publicized, amountFen: 100, source: 'special', voucherNo: 'PZ-MATRIX' }),
  },
  'PUT /api/towns/:id/matching-fund': { ...CASE, target: 'town', body: () => ({ year: 2026, version: 0, amountFen: 100, reason: null }) },
  'GET /api/towns/:id/funds-evaluation': { ...CASE, target: 'town', query: '?year=2026' },
  'GET /api/towns/:id/funds-evaluation/export': { ...CASE, target: 'town', query: '?year=2026' },
  'GET /api/projects/:id/funds': { ...CASE, target: 'project' },
  // The annual collection and plan (R8): a town's campaign, library and plan.
  'POST /api/towns/:id/campaigns': { ...CASE, target: 'town', body: () => ({ year: 2028, title: '矩阵集中征集' }) },
  'POST /api/campaigns/:id/close': { ...CASE, target: 'campaign', body: versioned(() => ({ reason: '提前结束' })) },
  'GET /api/towns/:id/annual-plans/:year': { ...CASE, target: 'town' },
  'POST /api/towns/:id/annual-plans/:year/stamp-scan': { ...CASE, target: 'town', upload: true },
  'POST /api/towns/:id/annual-plans/:year/submit': {
    ...CASE,
    target: 'town',
    body: () => ({ version: 0, stamp: { authority: 'government', stampedByName: '李四', stampedOn: '2026-10-01', scanAttachmentId: 1 } }),
  },
  'POST /api/towns/:id/annual-plans/:year/adjustments': { ...CASE, target: 'town', body: (c) => ({ version: 0, projectId: c.target.project, reason: '年度调整' }) },
};

const EXEMPT: Readonly<Record<string, Exemption>> = {
  'PATCH /api/users/:id': { kind: 'cityWide' },
  'POST /api/users/:id/password-reset': { kind: 'cityWide' },
  'PUT /api/users/:id/role': { kind: 'cityWide' },
  'POST /api/users/:id/unlock': { kind: 'cityWide' },
  'PUT /api/calendar/years/:year': { kind: 'cityWide' },
  'PUT /api/towns/:id/allocations/:year': { kind: 'cityWide' },
  'GET /api/calendar/years/:year': { kind: 'unbound', reason: 'the work calendar is the city’s one calendar, read by every role' },
  'GET /api/public/projects/:id': { kind: 'public' },
  'GET /api/public/projects/:id/photos/:n': { kind: 'public' },
  'POST /api/public/projects/:id/objections': { kind: 'public' },
  'POST /api/public/projects/:id/claims': { kind: 'public' },
  'GET /api/public/survey/:projectId': { kind: 'public' },
  'GET /api/public/survey-links/:token': { kind: 'public' },
  'POST /api/public/survey/:projectId/responses': { kind: 'public' },
};

const ACTION_SET: ReadonlySet<string> = new Set(ACTIONS);
const MISSING_CASE = { status: 404, error: { code: 'NOT_FOUND', message: '要找的记录不存在', details: null } };

/** A role whose jurisdiction is the whole city whatever unit its account belongs to (the policy's own answer). */
function cityWide(role: Role): boolean {
  const city: UnitRef = { id: 1, kind: 'city', path: '/1/' };
  const town: UnitRef = { id: 2, kind: 'town', path: '/1/2/' };
  const unit: UnitRef = { id: 3, kind: 'community', path: '/1/2/3/' };
  return jurisdictionRoot(role, unit, town, city).path === city.path;
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] R0.8 the jurisdiction matrix`, () => {
    let sys: RecordingSystem;
    const id = (op: { method: string; url: string }): string => `${op.method} ${op.url}`;
    let idBearing: RecordingSystem['operations'];
    let targets: Target[];
    let closure: Body;
    /** The root of each demo account's jurisdiction, and units inside it. */
    const scopes = new Map<Role, { path: string; ownCommunityId: number; ownDepartmentId: number }>();

    beforeAll(async () => {
      sys = await createRecordingSystem(dialect);
      idBearing = sys.operations.filter((op) => op.url.includes('/:'));
      at(sys, '2026-09-28T02:00:00.000Z');

      // Another community of the demo town, and a community of another town, each with a clerk of its own.
      const nearCommunity = await unitId(sys, '示例社区二', '东城街道');
      const farCommunity = await unitId(sys, '示例社区一', '南城街道');
      await newAccount(sys, 'near.clerk', 'community_staff', nearCommunity);
      await newAccount(sys, 'far.clerk', 'community_staff', farCommunity);
      await newAccount(sys, 'far.town', 'town_staff', await unitId(sys, '南城街道'));

      const makeTarget = async (label: string, clerk: string, communityId: number): Promise<Target> => {
        const demand = await acknowledge(sys, clerk, await createDemand(sys, clerk, { communityId, title: `${label}诉求` }));
        const demandAttachment = await uploadAttachment(sys, clerk, 'demands', demand.id, 'committeeMinutes');
        const project = await openProject(sys, clerk, { communityId, title: `${label}项目`, heldAt: '2026-09-28T01:00:00.000Z' });
        const projectAttachment = await uploadAttachment(sys, clerk, 'projects', project, 'consultationMinutes');
        const deadline = await sys.database.db
          .selectFrom('deadline')
          .select('id')
          .where('aggregate', '=', 'project')
          .where('aggregate_id', '=', project)
          .where('status', '=', 'open')
          .where('owner', '=', 'community')
          .executeTakeFirstOrThrow();
        const publicized = await openProject(sys, clerk, { communityId, title: `${label}助餐服务`, heldAt: '2026-09-28T01:00:00.000Z' });
        const town = await sys.database.db.selectFrom('unit').select('town_id').where('id', '=', communityId).executeTakeFirstOrThrow();
        return { label, communityId, demand: demand.id, project, publicized, demandAttachment, projectAttachment, deadline: deadline.id, issuedDocument: 0, town: town.town_id ?? 0, campaign: 0 };
      };
      const made = [await makeTarget('东城街道示例社区二', 'near.clerk', nearCommunity), await makeTarget('南城街道示例社区一', 'far.clerk', farCommunity)];
      targets = made;

      // R5.3 R5.5 each target's 莞家直达 project is consulted, registered, confirmed by its town and publicized, and
      // receives an objection and a claim.
      const budget = 15_000_000;
      const clerks = [
        { clerk: 'near.clerk', town: 'town', office: '东城街道公共服务办' },
        { clerk: 'far.clerk', town: 'far.town', office: '南城街道公共服务办' },
      ];
      const both = async (f: (t: Target, who: (typeof clerks)[number]) => Promise<unknown>): Promise<void> => {
        for (const [i, t] of targets.entries()) {
          const who = clerks[i];
          if (who === undefined) throw new Error(`no clerks for ${t.label}`);
          await f(t, who);
        }
      };
      at(sys, '2026-09-29T02:00:00.000Z');
      await both(async (t, who) => {
        const result = consultationResult(budget, { mode: 'direct', period: { start: '2026-10-20', end: '2026-12-31' }, implementer: '待认领方承接' });
        ok(await consult(sys, who.clerk, t.publicized, { heldAt: '2026-09-29T01:00:00.000Z', result }));
      });
      at(sys, '2026-09-30T02:00:00.000Z');
      await both(async (t, who) =>
        ok(await register(sys, who.clerk, t.publicized, basics(budget, { category: 'service', subcategory: 'S1', projectName: `${t.label}助餐服务`, content: '独居老人助餐配送服务。' }))),
      );
      at(sys, '2026-10-08T02:00:00.000Z');
      await both((t, who) => step(sys, who.town, t.publicized, 'review-decision', { decision: { outcome: 'specialFund', townOfficeName: who.office, points: reviewPoints() } }));
      at(sys, '2026-10-09T02:00:00.000Z');
      await both((t, who) => step(sys, who.town, t.publicized, 'publicity', { days: 5, channels: [...TOWN_CHANNELS] }));
      at(sys, '2026-10-12T02:00:00.000Z');
      await both(async (t, who) => {
        await step(sys, who.clerk, t.publicized, 'objections', { text: '担心配餐卫生', raisedByName: null, contactPhone: null });
        const claimed = await step(sys, who.clerk, t.publicized, 'claims', {
          claimant: { kind: 'organization', name: '东莞市某某社会工作服务中心', contactName: '何敏', contactPhone: '13800001111' },
          note: '愿承接。',
        });
        expect({ status: claimed.status, objections: claimed.state.objections.map((o) => o.id), claims: claimed.state.claims.map((c) => c.id) }).toEqual({
          status: 'inPublicity',
          objections: [1],
          claims: [1],
        });
      });
      // Each target's community issues the 登记备案表 of its 莞家直达 project.
      targets = [];
      for (const [i, t] of made.entries()) {
        const res = await sys.app.inject({
          method: 'POST',
          url: `/api/projects/${t.publicized}/documents/registrationForm/issue`,
          headers: { cookie: await cookieOf(sys, clerks[i]?.clerk ?? '') },
          payload: { format: 'pdf' },
        });
        targets.push({ ...t, issuedDocument: ok(res, 201).json<{ document: { id: number } }>().document.id });
      }
      // R8.1 each target's town opens its 2028 campaign.
      targets = await Promise.all(
        targets.map(async (t, i) => {
          const res = await sys.request('POST', `/api/towns/${t.town}/campaigns`, { cookie: await cookieOf(sys, clerks[i]?.town ?? ''), body: { year: 2028, title: `${t.label}2028年度集中征集` } });
          return { ...t, campaign: ok(res, 201).json<{ id: number }>().id };
        }),
      );
      at(sys, '2026-10-12T03:00:00.000Z');
      closure = await closureForm(sys, 'far.clerk', targets[1]?.project ?? 0, {
        category: 'engineering',
        budgetFen: 3_000_000,
        actualFen: 2_900_000,
        handlingMode: 'express',
        consultationDate: '2026-09-28',
        implementer: '东莞市某某建设工程有限公司',
        period: { start: '2026-10-10', end: '2026-10-28' },
      });

      const db = sys.database.db;
      for (const role of ROLES) {
        const user = await db.selectFrom('app_user').select('unit_id').where('username', '=', DEMO_USER[role]).executeTakeFirstOrThrow();
        const unit = await db.selectFrom('unit').selectAll().where('id', '=', user.unit_id).executeTakeFirstOrThrow();
        const parent = unit.parent_id === null ? undefined : await db.selectFrom('unit').selectAll().where('id', '=', unit.parent_id).executeTakeFirst();
        const city = await db.selectFrom('unit').selectAll().where('kind', '=', 'city').executeTakeFirstOrThrow();
        const root = jurisdictionRoot(role, unit, parent ?? null, city);
        const inside = await db.selectFrom('unit').select(['id', 'kind', 'path']).where('path', 'like', `${root.path}%`).orderBy('id').execute();
        const community = inside.find((u) => u.kind === 'community');
        const department = inside.find((u) => u.kind === 'department');
        scopes.set(role, { path: root.path, ownCommunityId: community?.id ?? city.id, ownDepartmentId: department?.id ?? city.id });
      }
    });
    afterAll(async () => sys.close());

    it('R0.8 every operation with a path parameter is in the matrix or has a reasoned exemption, and every entry is an operation', () => {
      expect(idBearing.length).toBeGreaterThanOrEqual(40);
      const keys = idBearing.map(id);
      expect(keys.filter((k) => MATRIX[k] === undefined && EXEMPT[k] === undefined), 'id-bearing operations missing from the matrix').toEqual([]);
      expect(keys.filter((k) => MATRIX[k] !== undefined && EXEMPT[k] !== undefined), 'both walked and exempt').toEqual([]);
      const known = new Set(keys);
      expect([...Object.keys(MATRIX), ...Object.keys(EXEMPT)].filter((k) => !known.has(k)), 'entries naming no operation').toEqual([]);
    });

    it('R0.8 each exemption holds: city-wide actions are held only by city-wide roles, public ones need no account', () => {
      for (const op of idBearing) {
        const exemption = EXEMPT[id(op)];
        if (exemption === undefined) continue;
        const access = op.access;
        switch (exemption.kind) {
          case 'public':
            expect(access, id(op)).toBe('public');
            break;
          case 'cityWide': {
            expect(typeof access === 'string' && ACTION_SET.has(access), id(op)).toBe(true);
            const holders = ROLES.filter((r) => ROLE_ACTIONS[r].has(access as Action));
            expect(holders.length, id(op)).toBeGreaterThan(0);
            expect(holders.filter((r) => !cityWide(r)), `${id(op)}: roles with a bounded jurisdiction`).toEqual([]);
            break;
          }
          case 'unbound':
            expect(exemption.reason.length, id(op)).toBeGreaterThan(0);
            expect(access, id(op)).toBe('viewCalendar');
            break;
        }
      }
    });

    it('R0.8 every role holding a walked route’s action, on every target outside its jurisdiction, is refused and changes nothing', async () => {
      const db = sys.database.db;
      const snapshot = async (): Promise<unknown> => ({
        demands: await db.selectFrom('demand').selectAll().orderBy('id').execute(),
        projects: await db.selectFrom('project').selectAll().orderBy('id').execute(),
        deadlines: await db.selectFrom('deadline').selectAll().orderBy('id').execute(),
        attachments: await db.selectFrom('attachment').selectAll().orderBy('id').execute(),
        feedbacks: (await db.selectFrom('feedback').select('id').execute()).length,
        publications: (await db.selectFrom('publication').select('id').execute()).length,
        surveyResponses: (await db.selectFrom('survey_response').select('id').execute()).length,
        surveyTokens: (await db.selectFrom('survey_token').select('token_hash').execute()).length,
        issuedDocuments: await db.selectFrom('issued_document').selectAll().orderBy('id').execute(),
        disbursements: await db.selectFrom('disbursement').selectAll().orderBy('id').execute(),
        ledgers: await db.selectFrom('ledger').selectAll().orderBy('town_id').execute(),
        matchingFunds: await db.selectFrom('matching_fund').selectAll().orderBy('town_id').execute(),
        campaigns: await db.selectFrom('campaign').selectAll().orderBy('id').execute(),
        annualPlans: await db.selectFrom('annual_plan').selectAll().orderBy('town_id').execute(),
        bureauReports: (await db.selectFrom('bureau_report').select('id').execute()).length,
      });
      const lastAudit = async (): Promise<number> => (await db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0;
      const versionOf = async (kind: TargetKind, t: Target): Promise<number> => {
        if (kind === 'demand') return (await db.selectFrom('demand').select('version').where('id', '=', t.demand).executeTakeFirstOrThrow()).version;
        if (kind === 'project' || kind === 'publicized') {
          const project = kind === 'project' ? t.project : t.publicized;
          return (await db.selectFrom('project').select('version').where('id', '=', project).executeTakeFirstOrThrow()).version;
        }
        return 1;
      };
      const recordId = (kind: TargetKind, t: Target): number =>
        ({
          demand: t.demand,
          project: t.project,
          publicized: t.publicized,
          demandAttachment: t.demandAttachment,
          projectAttachment: t.projectAttachment,
          deadline: t.deadline,
          issuedDocument: t.issuedDocument,
          town: t.town,
          campaign: t.campaign,
        })[kind];
      const communityPath = async (t: Target): Promise<string> =>
        (await db.selectFrom('unit').select('path').where('id', '=', t.communityId).executeTakeFirstOrThrow()).path;
      const paths = new Map<Target, string>();
      for (const t of targets) paths.set(t, await communityPath(t));
      const townPaths = new Map<Target, string>();
      for (const t of targets) townPaths.set(t, (await db.selectFrom('unit').select('path').where('id', '=', t.town).executeTakeFirstOrThrow()).path);

      let cells = 0;
      const walkedRoutes = new Set<string>();
      const walkedRoles = new Set<Role>();
      const before = await snapshot();
      for (const op of idBearing) {
        const entry = MATRIX[id(op)];
        if (entry === undefined) continue;
        const access = op.access as Action;
        expect(ACTION_SET.has(access), id(op)).toBe(true);
        const holders = ROLES.filter((r) => ROLE_ACTIONS[r].has(access) && !cityWide(r));
        expect(holders.length, `${id(op)}: no role with a bounded jurisdiction holds ${access}`).toBeGreaterThan(0);
        for (const role of holders) {
          const scope = scopes.get(role);
          if (scope === undefined) throw new Error(`no scope for ${role}`);
          const outside = targets.filter((t) => !isWithin({ path: (entry.target === 'town' || entry.target === 'campaign' ? townPaths : paths).get(t) ?? '' }, scope));
          expect(outside.length, `${role}: a target outside its jurisdiction`).toBeGreaterThan(0);
          for (const target of outside) {
            const where = `${role} ${id(op)} on ${target.label}`;
            const username = DEMO_USER[role];
            const cookie = await cookieOf(sys, username);
            const owner = entry.target === 'demand' || entry.target === 'demandAttachment' ? 'demand' : 'project';
            const context: BodyContext = {
              version: await versionOf(entry.target, target),
              target,
              cite: [owner === 'demand' ? target.demandAttachment : target.projectAttachment],
              ownCommunityId: scope.ownCommunityId,
              ownDepartmentId: scope.ownDepartmentId,
              closure,
            };
            const url = `${op.url.replace(':id', String(recordId(entry.target, target))).replace(':form', 'registrationForm').replace(':year', '2027').replace(/:\w+/g, '1')}${entry.query ?? ''}`;
            const auditBefore = await lastAudit();
            let res;
            if (entry.upload === true) {
              const body = multipart({ kind: 'photo' }, { name: '现场照片.png', type: 'image/png', bytes: samplePng() });
              res = await sys.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': body.contentType }, payload: body.payload });
            } else {
              const body = entry.body?.(context);
              res = await sys.app.inject({
                method: op.method as 'GET',
                url,
                headers: { cookie },
                ...(body !== undefined ? { payload: body } : {}),
              });
            }
            const answer = { status: res.statusCode, error: res.json<{ error?: { code: string } }>().error };
            if (entry.answer === 'NOT_FOUND') expect(answer, where).toEqual(MISSING_CASE);
            else expect(answer, where).toEqual({ status: 403, error: expect.objectContaining({ code: 'FORBIDDEN_SCOPE' }) as unknown });

            // The only record: the denial, naming the caller (repeats of one denial within a minute are counted, not written).
            const written = await db.selectFrom('audit_log').selectAll().where('id', '>', auditBefore).orderBy('id').execute();
            expect(written.length, where).toBeLessThanOrEqual(1);
            for (const row of written) {
              expect(row, where).toMatchObject({ action: 'accessDenied', outcome: 'denied', actor_username: username, actor_role: role });
              expect(parseJson(row.details_json), where).toMatchObject({ attempted: access, code: 'FORBIDDEN_SCOPE' });
            }
            expect(await snapshot(), where).toEqual(before);
            cells += 1;
            walkedRoutes.add(id(op));
            walkedRoles.add(role);
          }
        }
      }
      expect(walkedRoutes.size).toBe(Object.keys(MATRIX).length);
      expect([...walkedRoles].sort()).toEqual(['community_staff', 'department_reviewer', 'supervisor', 'town_staff']);
      expect(cells).toBeGreaterThanOrEqual(100);
      // Every refusal is on the record: at least one denial per role and action walked.
      const denials = await db.selectFrom('audit_log').select(['actor_role', 'details_json']).where('action', '=', 'accessDenied').execute();
      const seen = new Set(denials.map((d) => `${d.actor_role ?? ''} ${String((parseJson(d.details_json) as { attempted?: string } | null)?.attempted)}`));
      for (const op of idBearing) {
        const entry = MATRIX[id(op)];
        if (entry === undefined) continue;
        for (const role of ROLES.filter((r) => ROLE_ACTIONS[r].has(op.access as Action) && !cityWide(r))) expect(seen, `${role} ${String(op.access)}`).toContain(`${role} ${String(op.access)}`);
      }
    });
  });
}
