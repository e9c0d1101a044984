/**
 * The annual collection and plan (R8) over the API, on each database: a town's campaign and the communities'
 * progress in it (R8.1), the campaign channel at entry, the library filled by the town's confirmation (R4.6), the
 * bureau's allocation (R8.3), the stamped plan refused below it and submitted at it (R8.2, R8.3), overdue after the
 * end of February, adjustments reported to the bureau (R8.4), jurisdiction (R0.8), refusals that change nothing and
 * are audited, and two clerks at once.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnnualPlanView, BureauReportView, CampaignView, PlanOverviewItem } from '../../../src/server/features/plans/plans.schemas.js';
import { DIALECTS } from '../../support/dialects.js';
import { multipart, samplePdf } from '../../support/files.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { acknowledge, at, basics, consult, consultationResult, cookieOf, createDemand, demandBody, newAccount, ok, openProject, refused, register, reviewPoints, step, triageAdopt, unitId, unitOf } from '../cases/flow.js';
import { auditRows, lastAuditId } from '../fixtures.js';

const WAN = 1_000_000;
const LARGE = 8 * WAN;

async function send(sys: TestSystem, user: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<LightMyRequestResponse> {
  return sys.request(method, url, { cookie: await cookieOf(sys, user), ...(body !== undefined ? { body } : {}) });
}

async function uploadScan(sys: TestSystem, user: string, townId: number, year: number): Promise<LightMyRequestResponse> {
  const body = multipart({}, { name: '年度实施计划（盖章）.pdf', type: 'application/pdf', bytes: samplePdf('stamped plan') });
  return sys.app.inject({
    method: 'POST',
    url: `/api/towns/${townId}/annual-plans/${year}/stamp-scan`,
    headers: { cookie: await cookieOf(sys, user), 'content-type': body.contentType },
    payload: body.payload,
  });
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] the annual collection and plan`, () => {
    let sys: TestSystem;
    let townId: number;
    let farTownId: number;
    let communityId: number;
    let campaign: CampaignView;
    let centralProject: number;
    let dailyProject: number;

    const plan = async (user = 'town'): Promise<AnnualPlanView> => ok(await send(sys, user, 'GET', `/api/towns/${townId}/annual-plans/2027`)).json<AnnualPlanView>();

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      townId = (await unitOf(sys, 'town')).id;
      communityId = (await unitOf(sys, 'community')).id;
      farTownId = await unitId(sys, '南城街道');
      await newAccount(sys, 'plan.near', 'community_staff', await unitId(sys, '示例社区二', '东城街道'));
      at(sys, '2026-12-10T02:00:00.000Z');
    }, 60_000);
    afterAll(async () => sys.close());

    it('R8.1 the town opens one campaign a year, closing by 31 January; a later date, a second one and another role are refused', async () => {
      const tooLate = refused(await send(sys, 'town', 'POST', `/api/towns/${townId}/campaigns`, { year: 2027, title: '2027年度集中征集', closesOn: '2027-02-15' }), 422, 'CLOSING_DATE_TOO_LATE');
      expect(tooLate.rule).toBe('R8.1');
      refused(await send(sys, 'community', 'POST', `/api/towns/${townId}/campaigns`, { year: 2027, title: '2027年度集中征集' }), 403, 'FORBIDDEN_ROLE');
      const before = await lastAuditId(sys);
      campaign = ok(await send(sys, 'town', 'POST', `/api/towns/${townId}/campaigns`, { year: 2027, title: '2027年度民生微实事集中征集活动' }), 201).json<CampaignView>();
      expect(campaign).toMatchObject({ townId, year: 2027, closesOn: '2027-01-31', endsAt: '2027-01-31T16:00:00.000Z', open: true, statusLabel: '征集中', closedEarly: null, version: 1 });
      expect((await auditRows(sys, before)).map((r) => [r.action, r.outcome])).toContainEqual(['openCampaign', 'success']);
      const again = refused(await send(sys, 'town', 'POST', `/api/towns/${townId}/campaigns`, { year: 2027, title: '再发起一次' }), 409, 'ALREADY_EXISTS');
      expect(again.message).toContain('每年一次');
      // The refused ones changed nothing: one campaign of the town.
      const rows = await sys.database.db.selectFrom('campaign').select(['id']).where('town_id', '=', townId).execute();
      expect(rows).toHaveLength(1);
      // Another town's campaign is not this town's to open (R0.8: answered as missing).
      refused(await send(sys, 'town', 'POST', `/api/towns/${farTownId}/campaigns`, { year: 2027, title: '南城' }), 404, 'NOT_FOUND');
    });

    it('R8.1 a demand through the campaign is centralized, others daily; the communities’ progress for the town, the community’s own for it', async () => {
      at(sys, '2026-12-11T02:00:00.000Z');
      const central = await createDemand(sys, 'community', { communityId, title: '集中征集：三巷路面坑洼', channel: 'campaign' });
      const daily = await createDemand(sys, 'community', { communityId, title: '日常：四巷路灯不亮', channel: 'hotline12345' });
      const stored = await sys.database.db.selectFrom('demand').select(['id', 'state_json']).where('id', 'in', [central.id, daily.id]).orderBy('id').execute();
      const collections = stored.map((r) => JSON.parse(r.state_json) as { collection: string; campaignId: number | null; year: number });
      expect(collections.map((c) => [c.collection, c.campaignId, c.year])).toEqual([
        ['centralized', campaign.id, 2027],
        ['daily', null, 2026],
      ]);
      centralProject = await triageAdopt(sys, 'community', await acknowledge(sys, 'community', central), '三巷路面修复工程', '2026-12-11T01:00:00.000Z');
      const [forTown] = ok(await send(sys, 'town', 'GET', '/api/campaigns?year=2027')).json<{ items: CampaignView[] }>().items;
      // Every community of the town is listed, those with nothing collected yet too (the ones to follow up).
      expect(forTown?.progress[0]).toEqual({ communityId, communityName: '示例社区一', demands: 1, projects: 1, confirmed: 0 });
      expect(forTown?.progress.length).toBeGreaterThanOrEqual(3);
      expect(forTown?.progress.slice(1).every((p) => p.demands === 0 && p.projects === 0)).toBe(true);
      expect(forTown?.totals).toEqual({ demands: 1, projects: 1, confirmed: 0 });
      const [forCommunity] = ok(await send(sys, 'plan.near', 'GET', '/api/campaigns')).json<{ items: CampaignView[] }>().items;
      expect(forCommunity?.id).toBe(campaign.id);
      expect(forCommunity?.progress).toEqual([]);
    });

    it('R4.6 R8.2 the town’s confirmation of a centralized project enters it into the library, counted against the allocation', async () => {
      at(sys, '2026-12-14T02:00:00.000Z');
      ok(await consult(sys, 'community', centralProject, { heldAt: '2026-12-14T01:00:00.000Z', result: consultationResult(LARGE, { period: { start: '2027-03-01', end: '2027-05-31' } }) }));
      at(sys, '2026-12-15T02:00:00.000Z');
      ok(await register(sys, 'community', centralProject, basics(LARGE, { projectName: '三巷路面修复工程', content: '修复三巷破损路面。' })));
      expect((await plan()).entries).toEqual([]);
      at(sys, '2026-12-21T02:00:00.000Z');
      await step(sys, 'town', centralProject, 'review-decision', { decision: { outcome: 'specialFund', townOfficeName: '东城街道公共服务办', points: reviewPoints() } });
      const view = await plan();
      expect(view.entries).toEqual([
        expect.objectContaining({ projectId: centralProject, projectName: '三巷路面修复工程', communityId, budget: { fen: LARGE, wan: '8' }, kind: 'centralized', fundedFrom: 'allocation', collection: 'centralized' }),
      ]);
      expect(view.summary).toMatchObject({ centralizedTotal: { fen: LARGE }, allocation: null, gap: null, meetsAllocation: null });
      expect(view).toMatchObject({ status: 'open', dueDate: '2027-02-28', version: 1, submission: null });
      const [progress] = ok(await send(sys, 'town', 'GET', '/api/campaigns?year=2027')).json<{ items: CampaignView[] }>().items;
      expect(progress?.totals.confirmed).toBe(1);
    });

    it('R8.3 the bureau sets the allocation, a change needs its reason and every value is kept; the town cannot set it', async () => {
      refused(await send(sys, 'town', 'PUT', `/api/towns/${townId}/allocations/2027`, { amountFen: 10 * WAN, reason: null, version: null }), 403, 'FORBIDDEN_ROLE');
      const set = ok(await send(sys, 'bureau', 'PUT', `/api/towns/${townId}/allocations/2027`, { amountFen: 10 * WAN, reason: null, version: null })).json<AnnualPlanView>();
      expect(set.summary).toMatchObject({ allocation: { fen: 10 * WAN, wan: '10' }, difference: { fen: -2 * WAN, wan: '-2' }, gap: { fen: 2 * WAN }, meetsAllocation: false });
      // A second first setting (no version) is a conflict: it would overwrite a value the clerk has not seen.
      refused(await send(sys, 'bureau', 'PUT', `/api/towns/${townId}/allocations/2027`, { amountFen: 9 * WAN, reason: null, version: null }), 409, 'VERSION_CONFLICT');
      const noReason = refused(await send(sys, 'bureau', 'PUT', `/api/towns/${townId}/allocations/2027`, { amountFen: 9 * WAN, version: 1, reason: null }), 422, 'REASON_REQUIRED');
      expect(noReason.rule).toBe('R8.3');
      expect((await plan()).allocation?.amount.fen).toBe(10 * WAN);
    });

    it('R8.2 R8.3 the stamped plan cannot be submitted below the allocation; refused, it changes nothing and is audited', async () => {
      const scan = ok(await uploadScan(sys, 'town', townId, 2027), 201).json<{ id: number; ownerType: string }>();
      expect(scan.ownerType).toBe('town');
      const stamp = { authority: 'government', stampedByName: '李四', stampedOn: '2026-12-21', scanAttachmentId: scan.id };
      const before = await plan();
      const mark = await lastAuditId(sys);
      const below = refused(await send(sys, 'town', 'POST', `/api/towns/${townId}/annual-plans/2027/submit`, { version: before.version, stamp }), 422, 'BELOW_ALLOCATION');
      expect(below).toMatchObject({ rule: 'R8.3', gapFen: 2 * WAN });
      expect(below.message).toContain('尚差2万元');
      const after = await plan();
      expect({ version: after.version, submission: after.submission }).toEqual({ version: before.version, submission: null });
      expect((await auditRows(sys, mark)).map((r) => [r.action, r.outcome])).toContainEqual(['submitAnnualPlan', 'failure']);
      // A scan that is not the town's own stamped copy is refused before anything is decided.
      const caseFile = refused(await send(sys, 'town', 'POST', `/api/towns/${townId}/annual-plans/2027/submit`, { version: before.version, stamp: { ...stamp, scanAttachmentId: scan.id + 1000 } }), 400, 'VALIDATION_FAILED');
      expect(caseFile.fields?.[0]?.field).toBe('stamp.scanAttachmentId');
    });

    it('R8.2 at the allocation the plan is submitted with its stamp, before the end of February: reported to the bureau', async () => {
      const lowered = ok(await send(sys, 'bureau', 'PUT', `/api/towns/${townId}/allocations/2027`, { amountFen: LARGE, version: 1, reason: '市财政预算调整' })).json<AnnualPlanView>();
      expect(lowered.allocation?.history.map((h) => [h.amount.fen, h.reason])).toEqual([
        [10 * WAN, null],
        [LARGE, '市财政预算调整'],
      ]);
      expect(lowered.summary).toMatchObject({ gap: { fen: 0 }, meetsAllocation: true });
      at(sys, '2027-02-10T02:00:00.000Z');
      const scan = ok(await uploadScan(sys, 'town', townId, 2027), 201).json<{ id: number }>();
      const stamp = { authority: 'partyCommittee', stampedByName: ' 李四 ', stampedOn: '2027-02-09', scanAttachmentId: scan.id };
      const submitted = ok(await send(sys, 'town', 'POST', `/api/towns/${townId}/annual-plans/2027/submit`, { version: lowered.version, stamp })).json<AnnualPlanView>();
      expect(submitted).toMatchObject({ status: 'submitted', statusLabel: '已报送', submission: { submittedAt: '2027-02-10T02:00:00.000Z', late: false, centralizedTotal: { fen: LARGE }, allocation: { fen: LARGE }, stamp: { authorityLabel: '党委公章', stampedByName: '李四', stampedOn: '2027-02-09' } } });
      refused(await send(sys, 'town', 'POST', `/api/towns/${townId}/annual-plans/2027/submit`, { version: submitted.version, stamp }), 409, 'INVALID_STATE');
      const reports = ok(await send(sys, 'bureau', 'GET', '/api/bureau-reports?year=2027')).json<{ items: BureauReportView[] }>().items;
      expect(reports.map((r) => [r.kind, r.townId, r.amount?.fen, r.late])).toEqual([['planSubmitted', townId, LARGE, false]]);
      // The scanned copy is the town's: its staff and the bureau may open it, another town's may not.
      const download = await send(sys, 'bureau', 'GET', `/api/attachments/${scan.id}`);
      expect(download.statusCode).toBe(200);
    });

    it('R8.4 a daily-collected project joins with its reason, from the matching funds, reported to the bureau; without a reason refused', async () => {
      at(sys, '2027-03-02T02:00:00.000Z');
      dailyProject = await openProject(sys, 'community', { communityId, title: '五巷长者助餐服务', heldAt: '2027-03-02T01:00:00.000Z' });
      at(sys, '2027-03-03T02:00:00.000Z');
      ok(await consult(sys, 'community', dailyProject, { heldAt: '2027-03-03T01:00:00.000Z', result: consultationResult(3 * WAN, { mode: 'station', implementer: '东莞市某某社会工作服务中心', period: { start: '2027-04-01', end: '2027-06-30' } }) }));
      at(sys, '2027-03-04T02:00:00.000Z');
      ok(await register(sys, 'community', dailyProject, basics(3 * WAN, { projectName: '五巷长者助餐服务', category: 'service', subcategory: 'S1', content: '为独居老人配送午餐。' })));
      const before = await plan();
      expect(before.candidates.map((c) => [c.projectId, c.collection])).toEqual([[dailyProject, 'daily']]);
      const blank = refused(await send(sys, 'town', 'POST', `/api/towns/${townId}/annual-plans/2027/adjustments`, { version: before.version, projectId: dailyProject, reason: '   ' }), 422, 'REASON_REQUIRED');
      expect(blank.rule).toBe('R8.4');
      refused(await send(sys, 'town', 'POST', `/api/towns/${townId}/annual-plans/2027/adjustments`, { version: before.version, projectId: 999_999, reason: '不存在' }), 400, 'VALIDATION_FAILED');
      const adjusted = ok(await send(sys, 'town', 'POST', `/api/towns/${townId}/annual-plans/2027/adjustments`, { version: before.version, projectId: dailyProject, reason: '群众急需，纳入本年度项目库' })).json<AnnualPlanView>();
      expect(adjusted.entries.at(-1)).toMatchObject({ projectId: dailyProject, kind: 'adjustment', fundedFrom: 'matching', collection: 'daily', adjustmentReason: '群众急需，纳入本年度项目库' });
      expect(adjusted.summary).toMatchObject({ centralizedTotal: { fen: LARGE }, adjustmentTotal: { fen: 3 * WAN }, total: { fen: 11 * WAN } });
      expect(adjusted.candidates).toEqual([]);
      const reports = ok(await send(sys, 'bureau', 'GET', `/api/bureau-reports?townId=${townId}`)).json<{ items: BureauReportView[] }>().items;
      expect(reports[0]).toMatchObject({ kind: 'libraryAdjusted', projectId: dailyProject, projectName: '五巷长者助餐服务', amount: { fen: 3 * WAN }, reason: '群众急需，纳入本年度项目库' });
    });

    it('R8.2 the bureau sees every town’s plan: a town without one is overdue from 1 March; the town sees only its own', async () => {
      at(sys, '2027-02-28T15:59:59.000Z');
      const onTime = ok(await send(sys, 'bureau', 'GET', '/api/annual-plans?year=2027')).json<{ items: PlanOverviewItem[] }>().items;
      expect(onTime.find((p) => p.townId === farTownId)?.status).toBe('open');
      at(sys, '2027-02-28T16:00:00.000Z');
      const items = ok(await send(sys, 'bureau', 'GET', '/api/annual-plans?year=2027')).json<{ items: PlanOverviewItem[] }>().items;
      expect(items.length).toBeGreaterThan(30);
      expect(items.find((p) => p.townId === farTownId)).toMatchObject({ status: 'overdue', statusLabel: '逾期未报送', allocation: null, entries: 0 });
      expect(items.find((p) => p.townId === townId)).toMatchObject({ status: 'submitted', allocation: { fen: LARGE }, centralizedTotal: { fen: LARGE }, gap: { fen: 0 }, campaign: { id: campaign.id, open: false } });
      const own = ok(await send(sys, 'town', 'GET', '/api/annual-plans?year=2027')).json<{ items: PlanOverviewItem[] }>().items;
      expect(own.map((p) => p.townId)).toEqual([townId]);
      refused(await send(sys, 'town', 'GET', `/api/towns/${farTownId}/annual-plans/2027`), 404, 'NOT_FOUND');
      refused(await send(sys, 'community', 'GET', `/api/towns/${townId}/annual-plans/2027`), 404, 'NOT_FOUND');
    });

    it('R8.1 after the close the campaign channel is refused and nothing is stored; daily collection goes on', async () => {
      at(sys, '2027-03-05T02:00:00.000Z');
      const count = async (): Promise<number> => (await sys.database.db.selectFrom('demand').select(['id']).where('status', '!=', 'reserved').execute()).length;
      const before = await count();
      const closed = refused(await send(sys, 'community', 'POST', '/api/demands', demandBody({ communityId, title: '活动结束后的集中征集', channel: 'campaign' })), 409, 'CAMPAIGN_CLOSED');
      expect(closed.rule).toBe('R8.1');
      expect(await count()).toBe(before);
      ok(await send(sys, 'community', 'POST', '/api/demands', demandBody({ communityId, title: '日常收集照常', channel: 'hotline12345' })), 201);
    });

    it('R8.1 a campaign closed early needs its reason; the channel closes with it', async () => {
      at(sys, '2027-12-20T02:00:00.000Z');
      const next = ok(await send(sys, 'town', 'POST', `/api/towns/${townId}/campaigns`, { year: 2028, title: '2028年度集中征集' }), 201).json<CampaignView>();
      refused(await send(sys, 'town', 'POST', `/api/campaigns/${next.id}/close`, { version: next.version, reason: ' ' }), 422, 'REASON_REQUIRED');
      refused(await send(sys, 'town', 'POST', `/api/campaigns/${next.id}/close`, { version: next.version + 1, reason: '提前完成征集' }), 409, 'VERSION_CONFLICT');
      const closed = ok(await send(sys, 'town', 'POST', `/api/campaigns/${next.id}/close`, { version: next.version, reason: '提前完成征集' })).json<CampaignView>();
      expect(closed).toMatchObject({ open: false, statusLabel: '已结束', closedEarly: { at: '2027-12-20T02:00:00.000Z', reason: '提前完成征集' }, endsAt: '2027-12-20T02:00:00.000Z' });
      refused(await send(sys, 'community', 'POST', '/api/demands', demandBody({ communityId, title: '提前结束后', channel: 'campaign' })), 409, 'CAMPAIGN_CLOSED');
    });

    it('two clerks adjusting the library at once: one wins, the other is told', async () => {
      at(sys, '2027-12-21T02:00:00.000Z');
      const base = await plan();
      const p1 = await openProject(sys, 'community', { communityId, title: '并发调整一', heldAt: '2027-12-21T01:00:00.000Z' });
      const p2 = await openProject(sys, 'community', { communityId, title: '并发调整二', heldAt: '2027-12-21T01:00:00.000Z' });
      at(sys, '2027-12-22T02:00:00.000Z');
      for (const id of [p1, p2]) {
        ok(await consult(sys, 'community', id, { heldAt: '2027-12-22T01:00:00.000Z', result: consultationResult(2 * WAN, { period: { start: '2028-01-10', end: '2028-02-28' } }) }));
      }
      at(sys, '2027-12-23T02:00:00.000Z');
      for (const [i, id] of [p1, p2].entries()) ok(await register(sys, 'community', id, basics(2 * WAN, { projectName: `并发调整${i + 1}`, location: `示例社区一${i + 6}巷` })));
      const results = await Promise.all(
        [p1, p2].map(async (projectId) => send(sys, 'town', 'POST', `/api/towns/${townId}/annual-plans/2027/adjustments`, { version: base.version, projectId, reason: '年度调整' })),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.statusCode === 409)?.json<{ error: { code: string } }>().error.code).toBe('VERSION_CONFLICT');
      expect((await plan()).entries).toHaveLength(base.entries.length + 1);
    });
  });
}
