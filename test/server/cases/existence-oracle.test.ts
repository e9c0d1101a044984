/**
 * R0.8 no existence oracle: a clerk acting on a case outside their jurisdiction learns nothing about it. For every
 * demand and project action, the answer with a wrong version, with the right one, with a bad citation and for an id
 * that does not exist is the same (404 NOT_FOUND where the role has the action at all), and nothing changes.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import {
  acknowledge,
  at,
  basics,
  call,
  closureForm,
  consultationResult,
  createDemand,
  newAccount,
  openProject,
  paperSheets,
  reviewPoints,
  unitId,
  unitOf,
  uploadAttachment,
  type DemandView,
} from './flow.js';
import { consultationRecord } from '../../../src/domain/samples/forms.js';

const MISSING = 999_999;
const BAD = 99_999; // an attachment id that does not exist

type Body = Record<string, unknown>;

interface ActionCase {
  readonly name: string;
  /** The path under /api/demands/:id or /api/projects/:id; a function of the id. */
  readonly url: (id: number) => string;
  /** The body for a version and the attachment ids to cite. */
  readonly body: (version: number, cite: readonly number[]) => Body;
  readonly target: 'demand' | 'project';
  /** Whether a community clerk's role has the action (then the answer is NOT_FOUND, otherwise FORBIDDEN_ROLE). */
  readonly communityRole: boolean;
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] no existence oracle on case actions`, () => {
    let sys: TestSystem;
    let demand: DemandView;
    let other: DemandView;
    let projectId: number;
    let demandAttachment: number;
    let projectAttachment: number;
    let closure: Body;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      const communityId = (await unitOf(sys, 'community')).id;
      at(sys, '2026-09-28T02:00:00.000Z');
      demand = await acknowledge(sys, 'community', await createDemand(sys, 'community', { communityId }));
      other = await createDemand(sys, 'community', { communityId, title: '示例社区一另一诉求' });
      demandAttachment = await uploadAttachment(sys, 'community', 'demands', demand.id, 'committeeMinutes');
      projectId = await openProject(sys, 'community', { communityId, title: '示例社区一越权测试项目', heldAt: '2026-09-28T01:00:00.000Z' });
      projectAttachment = await uploadAttachment(sys, 'community', 'projects', projectId, 'consultationMinutes');
      closure = await closureForm(sys, 'community', projectId, {
        category: 'engineering',
        budgetFen: 3_000_000,
        actualFen: 2_900_000,
        handlingMode: 'express',
        consultationDate: '2026-09-28',
        implementer: '东莞市某某建设工程有限公司',
        period: { start: '2026-10-10', end: '2026-10-28' },
      });
      await newAccount(sys, 'outsider', 'community_staff', await unitId(sys, '示例社区二', '东城街道'));
    });
    afterAll(async () => sys.close());

    const demandActions: ActionCase[] = [
      { name: 'acknowledgeDemand', target: 'demand', communityRole: true, url: (id) => `/api/demands/${id}/acknowledge`, body: (version) => ({ version }) },
      { name: 'returnDemand', target: 'demand', communityRole: true, url: (id) => `/api/demands/${id}/return`, body: (version) => ({ version, reason: '不属本社区' }) },
      { name: 'reassignDemand', target: 'demand', communityRole: false, url: (id) => `/api/demands/${id}/reassign`, body: (version) => ({ version, communityId: 1 }) },
      {
        name: 'triageDemand',
        target: 'demand',
        communityRole: true,
        url: (id) => `/api/demands/${id}/triage`,
        body: (version, cite) => ({
          version,
          meeting: { heldAt: '2026-09-28T01:30:00.000Z', summary: '两委联席会议研究', minutesAttachmentIds: cite },
          outcome: { kind: 'decline', reason: '不予采纳' },
        }),
      },
    ];

    const consultation = (cite: readonly number[]): Body => ({
      ...consultationRecord({
        heldAt: '2026-09-28T01:30:00.000Z',
        participants: ['residentsCommittee'],
        result: consultationResult(3_000_000),
        minutesAttachmentIds: cite,
        signInAttachmentIds: cite,
      }),
    });

    const project = (name: string, path: string, communityRole: boolean, body: (cite: readonly number[]) => Body = () => ({})): ActionCase => ({
      name,
      target: 'project',
      communityRole,
      url: (id) => `/api/projects/${id}/${path}`,
      body: (version, cite) => ({ version, ...body(cite) }),
    });

    const projectActions: ActionCase[] = [
      project('recordConsultation', 'consultations', true, (cite) => ({ consultation: consultation(cite) })),
      project('recordFeasibilityStudy', 'feasibility-studies', true, (cite) => ({ study: { summary: '可行性分析', recommendation: 'reconsult', attachmentIds: cite } })),
      project('recordAssemblyVote', 'assembly-votes', true, (cite) => ({
        vote: { heldAt: '2026-09-28T01:30:00.000Z', present: 10, votesFor: 6, votesAgainst: 2, abstentions: 2, minutesAttachmentIds: cite, result: null },
      })),
      project('terminateProject', 'terminate', true, () => ({ reason: '越权终止' })),
      project('submitRegistration', 'registration', true, () => ({ basics: basics(3_000_000) })),
      project('returnRegistration', 'registration/return', false, () => ({ reason: '越权退回' })),
      project('assignReviewers', 'reviewers', false, () => ({ departmentIds: [1] })),
      project('recordDepartmentOpinion', 'department-opinions', false, () => ({ points: reviewPoints(), opinion: '同意' })),
      project('recordStamp', 'stamps', false, (cite) => ({ stamp: { departmentId: 1, stampedByName: '某人', stampedOn: '2026-09-28', scanAttachmentId: cite[0] ?? BAD } })),
      project('decideReview', 'review-decision', false, () => ({ decision: { outcome: 'specialFund', townOfficeName: '东城街道', points: reviewPoints() } })),
      project('startPublicity', 'publicity', true, () => ({ channels: ['projectPortal', 'noticeBoard'] })),
      project('raiseObjection', 'objections', true, () => ({ text: '异议', raisedByName: null, contactPhone: null })),
      project('answerObjection', 'objections/1/answer', true, () => ({ answer: '答复' })),
      project('claimProject', 'claims', true, () => ({
        claimant: { kind: 'enterprise', name: '某公司', contactName: '张三', contactPhone: '13800001111' },
        note: '认领',
      })),
      project('decideClaim', 'claims/1/decision', true, () => ({ accepted: true, reason: null })),
      project('startImplementation', 'implementation/start', true),
      project('completeImplementation', 'implementation/complete', true),
      project('submitClosure', 'closure', true, (cite) => {
        const attachments = closure.attachments as Body;
        return {
          form: {
            ...closure,
            photoAttachmentIds: cite,
            attachments: { ...attachments, stampedRegistrationIds: cite, agreementIds: cite, invoiceIds: cite },
          },
        };
      }),
      project('recordPaperSurvey', 'survey/paper', true, () => ({ responses: paperSheets(1) })),
      project('completeSurvey', 'survey/complete', true, () => ({ exceptionReason: null })),
      project('closeProject', 'close', true),
    ];

    /** What can change: the cases' rows and everything written about them. */
    async function snapshot(): Promise<unknown> {
      const db = sys.database.db;
      return {
        demands: await db.selectFrom('demand').select(['id', 'version', 'status', 'state_json', 'updated_at']).orderBy('id').execute(),
        projects: await db.selectFrom('project').select(['id', 'version', 'status', 'state_json', 'updated_at']).orderBy('id').execute(),
        attachments: (await db.selectFrom('attachment').select('id').execute()).length,
        feedbacks: (await db.selectFrom('feedback').select('id').execute()).length,
        deadlines: (await db.selectFrom('deadline').select('id').execute()).length,
        audits: (await db.selectFrom('audit_log').select(['action', 'outcome']).where('action', '!=', 'accessDenied').where('action', '!=', 'login').execute()).length,
      };
    }

    async function versionOf(target: 'demand' | 'project', id: number): Promise<number> {
      const row = await sys.database.db.selectFrom(target).select('version').where('id', '=', id).executeTakeFirstOrThrow();
      return row.version;
    }

    async function answer(url: string, body: Body): Promise<{ status: number; error: unknown }> {
      const res = await call(sys, 'outsider', 'POST', url, body);
      const json = res.json<{ error?: unknown }>();
      return { status: res.statusCode, error: json.error };
    }

    it('R0.8 every demand and project action answers alike for a wrong version, the right one, a bad citation and a missing id; nothing changes', async () => {
      at(sys, '2026-09-28T03:00:00.000Z');
      const before = await snapshot();
      for (const a of [...demandActions, ...projectActions]) {
        const id = a.target === 'demand' ? demand.id : projectId;
        const version = await versionOf(a.target, id);
        const cite = [a.target === 'demand' ? demandAttachment : projectAttachment];
        const answers = {
          wrongVersion: await answer(a.url(id), a.body(version + 7, cite)),
          rightVersion: await answer(a.url(id), a.body(version, cite)),
          badCitation: await answer(a.url(id), a.body(version, [BAD])),
          missing: await answer(a.url(MISSING), a.body(1, cite)),
        };
        const expected = a.communityRole
          ? { status: 404, error: { code: 'NOT_FOUND', message: '要找的记录不存在', details: null } }
          : { status: 403, error: expect.objectContaining({ code: 'FORBIDDEN_ROLE' }) as unknown };
        expect(answers, a.name).toEqual({ wrongVersion: expected, rightVersion: expected, badCitation: expected, missing: expected });
        expect(new Set(Object.values(answers).map((x) => JSON.stringify(x))).size, a.name).toBe(1);
      }

      // Merging: another community's demands answer as missing ones.
      const merge = (primary: number, ids: readonly { id: number; version: number }[]): Promise<{ status: number; error: unknown }> =>
        answer('/api/demands/merge', { primaryDemandId: primary, demands: ids });
      const v = await versionOf('demand', demand.id);
      const w = await versionOf('demand', other.id);
      const merges = [
        await merge(demand.id, [{ id: demand.id, version: v + 7 }, { id: other.id, version: w }]),
        await merge(demand.id, [{ id: demand.id, version: v }, { id: other.id, version: w }]),
        await merge(MISSING, [{ id: MISSING, version: 1 }, { id: MISSING - 1, version: 1 }]),
      ];
      for (const m of merges) expect(m).toEqual({ status: 404, error: { code: 'NOT_FOUND', message: '要找的记录不存在', details: null } });

      expect(await snapshot()).toEqual(before);
    });

    it('R0.8 reading another community’s case answers as reading a missing one', async () => {
      const read = async (url: string): Promise<unknown> => {
        const res = await call(sys, 'outsider', 'GET', url);
        return { status: res.statusCode, error: res.json<{ error?: unknown }>().error };
      };
      const missing = { status: 404, error: { code: 'NOT_FOUND', message: '要找的记录不存在', details: null } };
      for (const [url, absent] of [
        [`/api/demands/${demand.id}`, `/api/demands/${MISSING}`],
        [`/api/demands/${demand.id}/timeline`, `/api/demands/${MISSING}/timeline`],
        [`/api/projects/${projectId}`, `/api/projects/${MISSING}`],
        [`/api/projects/${projectId}/timeline`, `/api/projects/${MISSING}/timeline`],
      ] as const) {
        expect(await read(url), url).toEqual(missing);
        expect(await read(absent), absent).toEqual(missing);
      }
    });

    it('R0.8 another community’s case attachments answer as missing ones: listing, uploading and downloading', async () => {
      const missing = { status: 404, code: 'NOT_FOUND' };
      const outcome = (res: LightMyRequestResponse): unknown => ({ status: res.statusCode, code: res.json<{ error?: { code: string } }>().error?.code });
      const before = (await sys.database.db.selectFrom('attachment').select('id').execute()).length;
      for (const [owner, id] of [
        ['demands', demand.id],
        ['projects', projectId],
      ] as const) {
        expect(outcome(await call(sys, 'outsider', 'GET', `/api/${owner}/${id}/attachments`))).toEqual(missing);
        expect(outcome(await call(sys, 'outsider', 'GET', `/api/${owner}/${MISSING}/attachments`))).toEqual(missing);
        await expect(uploadAttachment(sys, 'outsider', owner, id, 'photo')).rejects.toThrow(/404/);
        await expect(uploadAttachment(sys, 'outsider', owner, MISSING, 'photo')).rejects.toThrow(/404/);
      }
      expect(outcome(await call(sys, 'outsider', 'GET', `/api/attachments/${projectAttachment}`))).toEqual(missing);
      expect(outcome(await call(sys, 'outsider', 'GET', `/api/attachments/${MISSING}`))).toEqual(missing);
      expect((await sys.database.db.selectFrom('attachment').select('id').execute()).length).toBe(before);
    });

    it('R0.8 the denials are still on the record', async () => {
      const rows = await sys.database.db.selectFrom('audit_log').select(['action', 'outcome', 'actor_username']).where('action', '=', 'accessDenied').execute();
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) expect(r).toMatchObject({ outcome: 'denied', actor_username: 'outsider' });
    });
  });
}
