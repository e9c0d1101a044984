/**
 * The demo cases (src/server/seed/demo-cases.seed.ts, docs/demo.md): seeded on first start in demo mode through the
 * services, with every demand and project state present, a verifiable audit chain, overdue deadlines as of the
 * seeding instant, each step taken by its role, reproducible for a given instant, and never seeded twice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMAND_STATUSES, PROJECT_STATUSES, type ProjectState } from '../../src/domain/lifecycle/index.js';
import { seedDemoCases } from '../../src/server/seed/demo-cases.seed.js';
import { DIALECTS } from '../support/dialects.js';
import { TestClock, createTestSystem, type TestSystem } from '../support/system.js';

/** Sixty days back from here crosses 中秋 and 国庆 (2026-09-25, 10-01..07): the walk must cope with long holidays. */
const SEEDED_AT = '2026-10-20T03:00:00.000Z';

async function demoSystem(dialect: (typeof DIALECTS)[number], dataDir: string): Promise<TestSystem> {
  return createTestSystem(dialect, { clock: new TestClock(SEEDED_AT), config: { demoCases: true, dataDir } });
}

async function projects(sys: TestSystem): Promise<ProjectState[]> {
  const rows = await sys.database.db.selectFrom('project').select('state_json').orderBy('id').execute();
  return rows.map((r) => JSON.parse(r.state_json) as ProjectState);
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] demo cases`, () => {
    let sys: TestSystem;
    let dataDir: string;
    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-demo-'));
      sys = await demoSystem(dialect, dataDir);
    }, 120_000);
    afterAll(async () => {
      await sys.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('starts with the demo cases announced, seeded as of the system clock', async () => {
      expect(sys.announced.filter((l) => l.startsWith('演示'))).toEqual([
        expect.stringMatching(/^演示模式：已创建演示账号/),
        '演示模式：已创建演示案例 31 件诉求、23 个项目（见 docs/demo.md）。',
      ]);
      // The seed reads the system's clock, not the wall clock: the accounts are made at the test clock's instant and
      // every demand before it.
      expect(sys.clock.now().toISOString()).toBe(SEEDED_AT);
      const db = sys.database.db;
      const accounts = await db.selectFrom('audit_log').select('occurred_at').where('request_id', '=', 'demo-seed-accounts').execute();
      // One record per extra account: 示例社区二, 示例村, 住建, 农林水务.
      expect(accounts.map((a) => a.occurred_at)).toEqual([SEEDED_AT, SEEDED_AT, SEEDED_AT, SEEDED_AT]);
      const demands = await db.selectFrom('demand').select('created_at').orderBy('created_at', 'desc').execute();
      expect(demands).toHaveLength(31);
      expect(demands[0]?.created_at).toBe('2026-10-20T02:35:00.000Z');
    });

    it('R4.1 every department a demo project is sent to for review has a reviewer account to answer it', async () => {
      const db = sys.database.db;
      const projects = (await db.selectFrom('project').select('state_json').execute()).map((r) => JSON.parse(r.state_json) as ProjectState);
      const sentTo = new Set(projects.flatMap((p) => p.reviewRounds.flatMap((r) => r.reviewers.map((d) => d.departmentId))));
      // 财政 and 住建 (P07 waits on 住建); 农林水务 has an account for the project transferred to it (P09).
      expect(sentTo.size).toBe(2);
      const reviewers = await db.selectFrom('app_user').select(['unit_id', 'username']).where('role', '=', 'department_reviewer').execute();
      expect([...sentTo].filter((id) => !reviewers.some((u) => u.unit_id === id))).toEqual([]);
      expect(reviewers.map((u) => u.username).sort()).toEqual(['finance', 'housing', 'water']);
    });

    it('shows every demand status and every project status at least once', async () => {
      const db = sys.database.db;
      const demandStatuses = new Set((await db.selectFrom('demand').select('status').execute()).map((r) => r.status));
      const projectStatuses = new Set((await db.selectFrom('project').select('status').execute()).map((r) => r.status));
      expect([...DEMAND_STATUSES].filter((s) => !demandStatuses.has(s))).toEqual([]);
      expect([...PROJECT_STATUSES].filter((s) => !projectStatuses.has(s))).toEqual([]);
      expect(demandStatuses.has('reserved')).toBe(false);
      expect(projectStatuses.has('reserved')).toBe(false);
    });

    it('R0.7 leaves an audit chain that verifies', async () => {
      const report = await sys.app.services.audit.verify();
      expect(report.breaks).toEqual([]);
      expect(report.ok).toBe(true);
    });

    it('R7.2 has overdue deadlines as of the seeding instant: receipt (R2.3), consultation (R3.1), small-path engineering (R5.4)', async () => {
      const overdue = await sys.database.db
        .selectFrom('deadline')
        .select(['aggregate', 'step'])
        .where('status', '=', 'open')
        .where('due_at', '<', SEEDED_AT)
        .execute();
      const steps = new Set(overdue.map((d) => `${d.aggregate}.${d.step}`));
      expect(steps).toContain('demand.receipt');
      expect(steps).toContain('project.consultation');
      expect(steps).toContain('project.engineeringCompletion');
      const open = await sys.database.db.selectFrom('deadline').select('due_at').where('status', '=', 'open').where('due_at', '>=', SEEDED_AT).execute();
      expect(open).toHaveLength(7);
    });

    it('acts every step at a past instant, in order, by the role the rules give it', async () => {
      const rows = await sys.database.db
        .selectFrom('audit_log')
        .select(['id', 'occurred_at', 'action', 'actor_role', 'outcome', 'request_id'])
        .where('request_id', 'like', 'demo-seed-%')
        .orderBy('id')
        .execute();
      expect(rows.every((r) => r.outcome === 'success')).toBe(true);
      const walked = rows.filter((r) => r.request_id !== 'demo-seed-accounts').map((r) => r.occurred_at);
      expect(walked.every((at) => at < SEEDED_AT)).toBe(true);
      expect(walked).toEqual([...walked].sort());
      expect(walked[0]?.slice(0, 10) ?? '').toBe('2026-08-21');
      const roles = new Map<string, Set<string | null>>();
      for (const r of rows) roles.set(r.action, (roles.get(r.action) ?? new Set()).add(r.actor_role));
      const only = (action: string): (string | null)[] => [...(roles.get(action) ?? [])].sort();
      expect(only('acknowledgeDemand')).toEqual(['community_staff']);
      expect(only('reassignDemand')).toEqual(['town_staff']);
      expect(only('recordConsultation')).toEqual(['community_staff']);
      expect(only('assignReviewers')).toEqual(['town_staff']);
      expect(only('recordDepartmentOpinion')).toEqual(['department_reviewer']);
      expect(only('recordStamp')).toEqual(['department_reviewer', 'town_staff']);
      expect(only('decideReview')).toEqual(['town_staff']);
      expect(only('raiseObjection')).toEqual([null]);
      expect(only('claimProject')).toEqual([null]);
      expect(only('submitSurveyResponse')).toEqual([null]);
      expect(only('endPublicity')).toEqual([null]);
      expect(only('recordPaperSurvey')).toEqual(['community_staff', 'town_staff']);
      expect(only('createUser')).toEqual([null]);
    });

    it('fills the cases the demo is about: 超限, 莞家直达 claim, objections, surveys, merges, feedbacks and publications', async () => {
      const all = await projects(sys);
      const overCap = all.filter((p) => p.flags.includes('overCap'));
      expect(overCap).toHaveLength(1);
      expect(overCap[0]?.registration?.basics.overCapJustification?.length ?? 0).toBeGreaterThan(10);
      expect(overCap[0]?.path).toBe('town');

      const direct = all.find((p) => p.agreement?.result.handlingMode === 'direct');
      expect(direct?.claims.some((c) => c.decision?.accepted === true)).toBe(true);
      expect(direct?.implementer).toBe('东莞市东城阳光社会工作服务中心');

      const publicized = all.find((p) => p.status === 'inPublicity');
      expect(publicized?.objections.map((o) => o.answer !== null)).toEqual([true, false]);

      const review = all.find((p) => p.status === 'underReview');
      expect(review?.reviewRounds.at(-1)?.reviewers.map((r) => r.departmentName)).toEqual(['财政', '住建']);
      expect(review?.reviewRounds.at(-1)?.opinions.map((o) => o.departmentName)).toEqual(['财政']);

      const transferred = all.find((p) => p.status === 'transferred');
      expect(transferred?.reviewRounds.at(-1)?.stamps.length).toBe(2);
      expect(transferred?.registration?.townOpinionText).toContain('由现行政策解决');

      const closed = all.filter((p) => p.status === 'closed');
      expect(closed.map((p) => p.path).sort()).toEqual(['small', 'town']);
      const smallClosed = closed.find((p) => p.path === 'small');
      expect(smallClosed?.survey.responses.filter((r) => r.source === 'paper').length).toBeGreaterThanOrEqual(30);
      expect(smallClosed?.demandIds).toHaveLength(3);
      for (const p of closed) expect(p.closure?.form.survey?.complete).toBe(true);

      const surveying = all.find((p) => p.status === 'surveying');
      expect(surveying?.survey.responses).toHaveLength(18);
      expect(surveying?.registration?.basics.budgetFen).toBeGreaterThan(5_000_000);

      const db = sys.database.db;
      const merged = await db.selectFrom('demand').select(['id', 'project_id']).where('status', '=', 'merged').execute();
      expect(merged).toHaveLength(2);
      for (const d of merged) {
        expect(d.project_id).toBe(smallClosed?.id);
        const kinds = new Set((await db.selectFrom('feedback').select('kind').where('demand_id', '=', d.id).execute()).map((f) => f.kind));
        expect([...kinds].sort()).toEqual(['decision', 'receipt', 'result']);
      }
      // R6.5 each online answer has its survey_response row, as the portal keeps it.
      const online = all.flatMap((p) => p.survey.responses.filter((r) => r.source === 'online').map((r) => `${p.id}/${r.respondentKey ?? ''}`));
      const rows = await db.selectFrom('survey_response').select(['project_id', 'respondent_key', 'source']).execute();
      expect(online).toHaveLength(45);
      expect(rows.map((r) => `${r.project_id}/${r.respondent_key}`).sort()).toEqual(online.sort());
      const publications = new Set((await db.selectFrom('publication').select('kind').execute()).map((p) => p.kind));
      expect([...publications].sort()).toEqual(['publicity', 'result']);
      const claimFeedback = await db.selectFrom('feedback').select('id').where('kind', '=', 'claim').execute();
      expect(claimFeedback).toHaveLength(2);
      const attachments = await db.selectFrom('attachment').select(['kind']).execute();
      expect(new Set(attachments.map((a) => a.kind))).toEqual(
        new Set(['committeeMinutes', 'consultationMinutes', 'signInSheet', 'feasibilityReport', 'voteMinutes', 'stampScan', 'stampedRegistration', 'agreement', 'invoice', 'supplierQualification', 'photo']),
      );
    });

    it('the demo accounts see their cases: 示例社区二 and 示例村 have accounts of their own', async () => {
      // 示例社区 17, 示例社区二 8 and 示例村 6: the town sees all 31.
      const expected = { community: 17, community2: 8, village: 6, town: 31 };
      for (const [username, total] of Object.entries(expected)) {
        const cookie = await sys.login(username);
        const res = await sys.request('GET', '/api/demands?limit=100', { cookie });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json<{ total: number }>().total, username).toBe(total);
      }
    });

    const townIdOf = async (username: string): Promise<number> =>
      (await sys.request('GET', '/api/session', { cookie: await sys.login(username) })).json<{ unit: { id: number } }>().unit.id;

    it('R8.1 R8.3 R8.4 R9.1 has the coming year’s campaign with its demands, the allocations, a library with its adjustments and a ledger that sums', async () => {
      const cookie = await sys.login('town');
      const campaigns = (await sys.request('GET', '/api/campaigns', { cookie })).json<{ items: { year: number; open: boolean; totals: { demands: number; projects: number; confirmed: number } }[] }>().items;
      expect(campaigns.map((c) => [c.year, c.open, c.totals])).toEqual([[2027, true, { demands: 2, projects: 2, confirmed: 1 }]]);
      const next = (await sys.request('GET', '/api/towns/' + String(await townIdOf('town')) + '/annual-plans/2027', { cookie })).json<{ entries: { kind: string }[]; summary: { meetsAllocation: boolean | null } }>();
      expect(next.entries.map((e) => e.kind)).toEqual(['centralized']);
      expect(next.summary.meetsAllocation).toBe(true);
      const current = (await sys.request('GET', '/api/towns/' + String(await townIdOf('town')) + '/annual-plans/2026', { cookie })).json<{ entries: { kind: string; adjustmentReason: string | null }[]; status: string }>();
      expect(current.entries.map((e) => e.kind)).toEqual(['adjustment', 'adjustment']);
      expect(current.status).toBe('overdue');
      const bureau = await sys.login('bureau');
      const plans = (await sys.request('GET', '/api/annual-plans?year=2026', { cookie: bureau })).json<{ items: { allocation: unknown }[] }>().items;
      expect(plans.filter((p) => p.allocation !== null)).toHaveLength(5);
      const reports = (await sys.request('GET', '/api/bureau-reports', { cookie: bureau })).json<{ items: { kind: string }[] }>().items;
      expect(reports.map((r) => r.kind)).toEqual(['libraryAdjusted', 'libraryAdjusted']);
      const ledger = (await sys.request('GET', '/api/towns/' + String(await townIdOf('town')) + '/funds?year=2026', { cookie })).json<{ lines: { amountFen: number }[]; discrepancies: unknown[] }>();
      expect(ledger.lines.length).toBeGreaterThanOrEqual(3);
      expect(ledger.discrepancies).toEqual([]);
    });

    it('runs only while no case exists', async () => {
      const db = sys.database.db;
      const before = await db.selectFrom('project').select('id').execute();
      expect(await seedDemoCases(sys.app.services, new Date(SEEDED_AT))).toBeNull();
      expect(await db.selectFrom('project').select('id').execute()).toHaveLength(before.length);
    });

    it('is deterministic for a given seeding instant', async () => {
      const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-demo-'));
      const again = await demoSystem(dialect, otherDir);
      try {
        const read = async (s: TestSystem) => ({
          demands: await s.database.db.selectFrom('demand').select(['id', 'status', 'version', 'state_json']).orderBy('id').execute(),
          projects: await s.database.db.selectFrom('project').select(['id', 'status', 'version', 'state_json']).orderBy('id').execute(),
          deadlines: await s.database.db.selectFrom('deadline').select(['aggregate_id', 'step', 'status', 'due_at']).orderBy('id').execute(),
        });
        expect(await read(again)).toEqual(await read(sys));
      } finally {
        await again.close();
        fs.rmSync(otherDir, { recursive: true, force: true });
      }
    }, 120_000);
  });
}
