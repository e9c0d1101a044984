/**
 * GET /api/statistics and its export on the demo cases: every count and sum agrees with the case lists behind it
 * (each group's drill-down query gives exactly its cases) and with a direct count in the database; each reader sees
 * only their jurisdiction, as in the lists; a bad filter is refused in Chinese; the XLSX holds the same numbers.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Statistics } from '../../../src/server/features/statistics/statistics.schemas.js';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { cookieOf, newAccount, openProject, unitId } from '../cases/flow.js';
import { CHINESE, DEMO_USER, type ErrorJson } from '../fixtures.js';

interface ListPage {
  total: number;
  items: { id: number; budgetFen: number | null; townId: number; communityId: number }[];
}

type Group = { key: string | null; label: string; count: number; budget?: { fen: number; wan: string }; drill: { list: string; query: string } | null };

for (const dialect of DIALECTS) {
  describe(`[${dialect}] statistics`, () => {
    let sys: TestSystem;
    const cookie: Record<string, string> = {};

    beforeAll(async () => {
      sys = await createTestSystem(dialect, { config: { demoCases: true } });
      for (const role of ['community_staff', 'town_staff', 'bureau_admin', 'supervisor'] as const) cookie[role] = await sys.login(DEMO_USER[role]);
      // A second town with a case of its own, so that each jurisdiction has something outside it.
      const farCommunity = await unitId(sys, '示例社区一', '南城街道');
      await newAccount(sys, 'far.clerk', 'community_staff', farCommunity);
      await newAccount(sys, 'far.town', 'town_staff', await unitId(sys, '南城街道'));
      await openProject(sys, 'far.clerk', { communityId: farCommunity, title: '南城街道示例社区一统计测试项目', heldAt: '2026-09-27T02:00:00.000Z' });
      cookie['far.clerk'] = await cookieOf(sys, 'far.clerk');
      cookie['far.town'] = await cookieOf(sys, 'far.town');
    }, 180_000);
    afterAll(async () => sys.close());

    async function stats(who: string, query = ''): Promise<Statistics> {
      const res = await sys.request('GET', `/api/statistics${query}`, { cookie: cookie[who] ?? '' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      return res.json<Statistics>();
    }

    /** Every row of a list query, read page by page through the list API. */
    async function listAll(who: string, list: string, query: string): Promise<ListPage> {
      const items: ListPage['items'] = [];
      let total = 0;
      for (let offset = 0; ; offset += 500) {
        const res = await sys.request('GET', `/api/${list}?${query}${query === '' ? '' : '&'}limit=500&offset=${offset}`, { cookie: cookie[who] ?? '' });
        expect(res.statusCode, res.body).toBe(200);
        const page = res.json<ListPage>();
        total = page.total;
        items.push(...page.items);
        if (page.items.length < 500) break;
      }
      expect(items).toHaveLength(total);
      return { total, items };
    }

    /** Each group's drill-down gives its count (and its budget) from the list; the groups add up to the total. */
    async function checkGroups(who: string, groups: readonly Group[], total: number): Promise<void> {
      expect(groups.reduce((s, g) => s + g.count, 0)).toBe(total);
      for (const g of groups) {
        expect(g.count).toBeGreaterThan(0);
        if (g.drill === null) {
          expect(g.key).toBeNull();
          continue;
        }
        const list = await listAll(who, g.drill.list, g.drill.query);
        expect(list.total, `${g.label} ${g.drill.query}`).toBe(g.count);
        if (g.budget !== undefined) {
          const fen = list.items.reduce((s, i) => s + (i.budgetFen ?? 0), 0);
          expect(g.budget.fen, g.label).toBe(fen);
          expect(Number(g.budget.wan)).toBeCloseTo(fen / 1_000_000, 6);
        }
      }
    }

    async function checkAgainstLists(who: string, s: Statistics): Promise<void> {
      const projects = await listAll(who, 'projects', s.totals.projectsDrill?.query ?? '');
      const demands = await listAll(who, 'demands', s.totals.demandsDrill?.query ?? '');
      expect(s.totals.projects).toBe(projects.total);
      expect(s.totals.demands).toBe(demands.total);
      expect(s.totals.budget.fen).toBe(projects.items.reduce((t, i) => t + (i.budgetFen ?? 0), 0));
      if (s.scope.kind === 'city') await checkGroups(who, s.projectsByTown, s.totals.projects);
      else expect(s.projectsByTown).toEqual([]);
      for (const groups of [s.projectsByCommunity, s.projectsByCategory, s.projectsByHandlingMode, s.projectsByStatus, s.projectsByYear]) await checkGroups(who, groups, s.totals.projects);
      for (const groups of [s.demandsByChannel, s.demandsByStatus]) await checkGroups(who, groups, s.totals.demands);
      for (const f of s.flags) {
        const list = await listAll(who, 'projects', f.drill?.query ?? '');
        expect(list.total, f.flag).toBe(f.count);
      }
    }

    /** The deadline rows of a jurisdiction counted here, from the table itself. */
    async function deadlineTruth(
      where: { townId?: number; communityId?: number; cases?: (aggregate: 'demand' | 'project', id: number) => boolean },
    ): Promise<Map<string, { onTime: number; late: number; overdue: number; open: number }>> {
      let q = sys.database.db.selectFrom('deadline').select(['step', 'status', 'late', 'due_at', 'owner', 'aggregate', 'aggregate_id']);
      if (where.townId !== undefined) q = q.where('town_id', '=', where.townId);
      if (where.communityId !== undefined) q = q.where('community_id', '=', where.communityId);
      const now = sys.clock.now().toISOString();
      const out = new Map<string, { onTime: number; late: number; overdue: number; open: number }>();
      for (const r of await q.execute()) {
        // The publicity window is the system's own clock: not an on-time duty.
        if (r.status === 'cancelled' || r.owner === 'system') continue;
        if (where.cases !== undefined && !where.cases(r.aggregate, r.aggregate_id)) continue;
        const c = out.get(r.step) ?? { onTime: 0, late: 0, overdue: 0, open: 0 };
        if (r.status === 'done') {
          if (r.late === 1) c.late += 1;
          else c.onTime += 1;
        } else if (r.due_at <= now) c.overdue += 1;
        else c.open += 1;
        out.set(r.step, c);
      }
      return out;
    }

    function expectDeadlines(s: Statistics, truth: Map<string, { onTime: number; late: number; overdue: number; open: number }>): void {
      expect(s.deadlines.byStep.map((d) => d.step).sort()).toEqual([...truth.keys()].sort());
      for (const d of s.deadlines.byStep) {
        const t = truth.get(d.step);
        expect({ onTime: d.onTime, late: d.late, overdue: d.overdue, open: d.open }, d.step).toEqual(t);
        const denominator = d.onTime + d.late + d.overdue;
        if (denominator === 0) expect(d.rate).toBeNull();
        else {
          expect(d.rate).toMatch(/^\d{1,3}\.\d$/);
          expect(Math.abs(Number(d.rate) - (100 * d.onTime) / denominator)).toBeLessThanOrEqual(0.05);
        }
        expect(d.label).toMatch(CHINESE);
      }
      // The units' steps add up to the steps.
      for (const d of s.deadlines.byStep) {
        const sum = s.deadlines.byUnit.flatMap((u) => u.steps.filter((x) => x.step === d.step)).reduce((t, x) => t + x.onTime + x.late + x.overdue + x.open, 0);
        expect(sum, d.step).toBe(d.onTime + d.late + d.overdue + d.open);
      }
    }

    async function unitOf(username: string): Promise<{ id: number; town_id: number | null }> {
      return sys.database.db
        .selectFrom('app_user')
        .innerJoin('unit', 'unit.id', 'app_user.unit_id')
        .select(['unit.id', 'unit.town_id'])
        .where('app_user.username', '=', username)
        .executeTakeFirstOrThrow();
    }

    it('the bureau sees the city: every count and sum agrees with the lists and the tables', async () => {
      const s = await stats('bureau_admin');
      expect(s.scope).toEqual({ kind: 'city', unitId: null });
      expect(s.totals.projects).toBeGreaterThan(0);
      expect(s.totals.demands).toBeGreaterThan(0);
      await checkAgainstLists('bureau_admin', s);
      // Direct SQL counts.
      const db = sys.database.db;
      const projectRows = await db.selectFrom('project').select(['category', 'status', 'budget_fen', 'over_cap', 'possible_split', 'survey_exception', 'state_json']).where('status', '!=', 'reserved').execute();
      expect(s.totals.projects).toBe(projectRows.length);
      for (const g of s.projectsByCategory) expect(g.count).toBe(projectRows.filter((p) => p.category === g.key).length);
      expect(s.flags.find((f) => f.flag === 'overCap')?.count).toBe(projectRows.filter((p) => p.over_cap === 1).length);
      expect(s.flags.find((f) => f.flag === 'possibleSplit')?.count).toBe(projectRows.filter((p) => p.possible_split === 1).length);
      expect(s.flags.find((f) => f.flag === 'surveyException')?.count).toBe(projectRows.filter((p) => p.survey_exception === 1).length);
      const demandRows = await db.selectFrom('demand').select(['channel']).where('status', '!=', 'reserved').execute();
      for (const g of s.demandsByChannel) {
        expect(g.count).toBe(demandRows.filter((d) => d.channel === g.key).length);
        expect(g.label).toMatch(CHINESE);
      }
      for (const g of [...s.projectsByStatus, ...s.projectsByCategory, ...s.projectsByTown]) expect(g.label).toMatch(CHINESE);
      expectDeadlines(s, await deadlineTruth({}));
      expect(s.deadlines.unitKind).toBe('town');
      // Satisfaction and money from the closed projects' stored states.
      const closed = projectRows.filter((p) => p.status === 'closed').map((p) => JSON.parse(p.state_json) as {
        survey: { summary: { respondentCount: number; satisfaction: { satisfied: number; total: number } } | null };
        closure: { form: { budget: Record<string, number>; actual: Record<string, number> } } | null;
      });
      expect(s.satisfaction.closedProjects).toBe(closed.length);
      expect(s.satisfaction.complete).toBe(true);
      expect(s.satisfaction.respondents).toBeGreaterThan(0);
      expect(s.satisfaction.respondents).toBe(closed.reduce((t, p) => t + (p.survey.summary?.respondentCount ?? 0), 0));
      expect(s.satisfaction.satisfied).toBe(closed.reduce((t, p) => t + (p.survey.summary?.satisfaction.satisfied ?? 0), 0));
      expect(s.satisfaction.answered).toBe(closed.reduce((t, p) => t + (p.survey.summary?.satisfaction.total ?? 0), 0));
      for (const row of s.funds.rows) {
        expect(row.actual.fen, row.source).toBe(closed.reduce((t, p) => t + (p.closure?.form.actual[row.source] ?? 0), 0));
        expect(row.planned.fen, row.source).toBe(closed.reduce((t, p) => t + (p.closure?.form.budget[row.source] ?? 0), 0));
      }
      expect(s.funds.total.actual.fen).toBe(s.funds.rows.reduce((t, r) => t + r.actual.fen, 0));
      // R9.1 what the ledgers paid, per source, equals the disbursement rows of the reader's projects.
      const paid = await sys.database.db.selectFrom('disbursement').select(['source', 'amount_fen']).execute();
      expect(paid.length).toBeGreaterThan(0);
      for (const row of s.funds.rows) {
        expect(row.disbursed.fen, row.source).toBe(paid.filter((d) => d.source === row.source).reduce((t, d) => t + d.amount_fen, 0));
      }
      expect(s.funds.total.disbursed.fen).toBe(paid.reduce((t, d) => t + d.amount_fen, 0));
    });

    it('a filter by category and year reproduces the lists behind it', async () => {
      const year = (await sys.database.db.selectFrom('project').select('year').where('status', '!=', 'reserved').executeTakeFirstOrThrow()).year;
      const s = await stats('bureau_admin', `?year=${year}&category=engineering`);
      expect(s.filter).toEqual({ year, townId: null, communityId: null, category: 'engineering', handlingMode: null });
      expect(s.totals.projectsDrill?.query).toBe(`year=${year}&category=engineering`);
      expect(s.totals.demandsDrill?.query).toBe(`year=${year}`);
      expect(s.projectsByCategory.map((g) => g.key)).toEqual(s.totals.projects === 0 ? [] : ['engineering']);
      expect(s.totals.projects).toBeGreaterThan(0);
      await checkAgainstLists('bureau_admin', s);
      // The steps counted are those of the year's engineering projects (a demand has no category).
      const chosen = new Set(
        (await sys.database.db.selectFrom('project').select('id').where('year', '=', year).where('category', '=', 'engineering').execute()).map((p) => p.id),
      );
      expectDeadlines(s, await deadlineTruth({ cases: (aggregate, id) => aggregate === 'project' && chosen.has(id) }));
      // With the year alone, the year's projects and the demands entered in it (Beijing time).
      const y = await stats('bureau_admin', `?year=${year}`);
      const projectsOfYear = new Set((await sys.database.db.selectFrom('project').select('id').where('year', '=', year).execute()).map((p) => p.id));
      const from = new Date(`${year}-01-01T00:00:00+08:00`).toISOString();
      const to = new Date(`${year + 1}-01-01T00:00:00+08:00`).toISOString();
      const demandsOfYear = new Set(
        (await sys.database.db.selectFrom('demand').select('id').where('created_at', '>=', from).where('created_at', '<', to).execute()).map((d) => d.id),
      );
      expect(y.totals.demands).toBe(demandsOfYear.size);
      expectDeadlines(y, await deadlineTruth({ cases: (aggregate, id) => (aggregate === 'project' ? projectsOfYear : demandsOfYear).has(id) }));
      await checkAgainstLists('bureau_admin', y);
    });

    it('a filter by handling mode counts its projects and their clocks, and reproduces the lists behind it', async () => {
      const db = sys.database.db;
      const modes = await db.selectFrom('project').select(['handling_mode', (eb) => eb.fn.countAll<string>().as('n')]).where('status', '!=', 'reserved').where('handling_mode', 'is not', null).groupBy('handling_mode').execute();
      expect(modes.length).toBeGreaterThan(1);
      const all = await stats('bureau_admin');
      for (const { handling_mode: mode, n } of modes) {
        const s = await stats('bureau_admin', `?handlingMode=${mode}`);
        expect(s.filter.handlingMode).toBe(mode);
        expect(s.totals.projects).toBe(Number(n));
        expect(s.projectsByHandlingMode.map((g) => g.key)).toEqual([mode]);
        expect(s.totals.projectsDrill?.query).toBe(`handlingMode=${mode}`);
        // A demand has no handling mode: the demands are those of the whole filter.
        expect(s.totals.demandsDrill?.query).toBe('');
        expect(s.totals.demands).toBe(all.totals.demands);
        await checkAgainstLists('bureau_admin', s);
        const chosen = new Set((await db.selectFrom('project').select('id').where('handling_mode', '=', mode).where('status', '!=', 'reserved').execute()).map((p) => p.id));
        expectDeadlines(s, await deadlineTruth({ cases: (aggregate, id) => aggregate === 'project' && chosen.has(id) }));
      }
      // With a category too, both narrow the projects.
      const both = await stats('bureau_admin', `?category=engineering&handlingMode=${modes[0]?.handling_mode ?? ''}`);
      expect(both.totals.projectsDrill?.query).toBe(`category=engineering&handlingMode=${modes[0]?.handling_mode ?? ''}`);
      await checkAgainstLists('bureau_admin', both);
    });

    it('a town clerk counts only the town, a community clerk only the community', async () => {
      const town = await unitOf(DEMO_USER.town_staff);
      const t = await stats('town_staff');
      expect(t.scope).toEqual({ kind: 'town', unitId: town.id });
      expect(t.projectsByTown).toEqual([]);
      expect(t.deadlines.unitKind).toBe('community');
      const db = sys.database.db;
      const townProjects = await db.selectFrom('project').select(['community_id']).where('status', '!=', 'reserved').where('town_id', '=', town.id).execute();
      expect(t.totals.projects).toBe(townProjects.length);
      const townDemands = await db.selectFrom('demand').select('id').where('status', '!=', 'reserved').where('town_id', '=', town.id).execute();
      expect(t.totals.demands).toBe(townDemands.length);
      const communities = new Set(townProjects.map((p) => String(p.community_id)));
      for (const g of t.projectsByCommunity) expect(communities.has(g.key ?? '')).toBe(true);
      await checkAgainstLists('town_staff', t);
      expectDeadlines(t, await deadlineTruth({ townId: town.id }));

      const community = await unitOf(DEMO_USER.community_staff);
      const c = await stats('community_staff');
      expect(c.scope).toEqual({ kind: 'community', unitId: community.id });
      const own = await db.selectFrom('project').select('id').where('status', '!=', 'reserved').where('community_id', '=', community.id).execute();
      expect(c.totals.projects).toBe(own.length);
      expect(c.projectsByCommunity.map((g) => g.key)).toEqual(own.length === 0 ? [] : [String(community.id)]);
      const ownDemands = await db.selectFrom('demand').select('id').where('status', '!=', 'reserved').where('community_id', '=', community.id).execute();
      expect(c.totals.demands).toBe(ownDemands.length);
      await checkAgainstLists('community_staff', c);
      expectDeadlines(c, await deadlineTruth({ communityId: community.id }));
      // The city's numbers are larger than the town's, the town's at least the community's.
      const city = await stats('bureau_admin');
      expect(city.totals.demands).toBeGreaterThan(t.totals.demands);
      expect(t.totals.demands).toBeGreaterThanOrEqual(c.totals.demands);
      // The other town's clerks see their own project only, and the demo town's clerk none of it.
      const farTown = await stats('far.town');
      const farClerk = await stats('far.clerk');
      expect(farTown.totals).toMatchObject({ projects: 1, demands: 1 });
      expect(farClerk.totals).toMatchObject({ projects: 1, demands: 1 });
      expect(farTown.projectsByCommunity.map((g) => g.label)).toEqual(['示例社区一']);
      expect(t.totals.projects + farTown.totals.projects).toBe(city.totals.projects);
      expect(t.totals.demands + farTown.totals.demands).toBe(city.totals.demands);
      expect(city.projectsByTown.map((g) => g.count).sort()).toEqual([farTown.totals.projects, t.totals.projects].sort());
      await checkAgainstLists('far.town', farTown);
    });

    it('a town outside the reader’s jurisdiction in the filter gives nothing, as the lists do', async () => {
      const town = await unitOf(DEMO_USER.town_staff);
      const other = await sys.database.db.selectFrom('unit').select('id').where('kind', '=', 'town').where('id', '!=', town.id).orderBy('id').executeTakeFirstOrThrow();
      const s = await stats('town_staff', `?townId=${other.id}`);
      const list = await listAll('town_staff', 'projects', `townId=${other.id}`);
      const demandList = await listAll('town_staff', 'demands', `townId=${other.id}`);
      expect(list.total).toBe(0);
      expect(demandList.total).toBe(0);
      expect(s.totals).toMatchObject({ demands: 0, projects: 0, budget: { fen: 0, wan: '0' } });
      expect(s.projectsByCommunity).toEqual([]);
      expect(s.deadlines.byStep).toEqual([]);
      expect(s.satisfaction.closedProjects).toBe(0);
      // The bureau, whose jurisdiction holds it, sees that town's numbers through the same filter.
      const b = await stats('bureau_admin', `?townId=${other.id}`);
      expect(b.totals.demands).toBe((await listAll('bureau_admin', 'demands', `townId=${other.id}`)).total);
      expect(b.deadlines.unitKind).toBe('community');
    });

    it('a bad filter value is refused in Chinese', async () => {
      for (const q of ['?year=abc', '?year=1999', '?category=roads', '?handlingMode=fast', '?handlingMode=', '?townId=0', '?colour=red']) {
        const res = await sys.request('GET', `/api/statistics${q}`, { cookie: cookie.bureau_admin ?? '' });
        expect(res.statusCode, q).toBe(400);
        const body = res.json<ErrorJson>();
        expect(body.error.code).toBe('VALIDATION_FAILED');
        expect(body.error.message).toMatch(CHINESE);
        const exp = await sys.request('GET', `/api/statistics/export${q}`, { cookie: cookie.bureau_admin ?? '' });
        expect(exp.statusCode, q).toBe(400);
      }
      const anonymous = await sys.request('GET', '/api/statistics');
      expect(anonymous.statusCode).toBe(401);
    });

    it('the export holds the same numbers, one sheet per table, and is audited', async () => {
      const s = await stats('supervisor');
      const res = await sys.request('GET', '/api/statistics/export', { cookie: cookie.supervisor ?? '' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['cache-control']).toBe('no-store');
      const day = new Date(sys.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="statistics-${day}.xlsx"; filename*=UTF-8''${encodeURIComponent(`统计-${day}.xlsx`)}`);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const names = workbook.worksheets.map((w) => w.name);
      expect(names).toEqual(expect.arrayContaining(['总览', '项目按村社区', '项目按类型', '项目按办理方式', '项目按状态', '项目按年度', '诉求按渠道', '诉求按状态', '期限按环节', '期限按单位', '满意度', '标记', '资金']));
      expect(names.includes('项目按镇街')).toBe(s.projectsByTown.length > 0);
      const rowsOf = (name: string): unknown[][] => {
        const sheet = workbook.getWorksheet(name);
        if (sheet === undefined) throw new Error(name);
        expect(sheet.getRow(1).font.bold).toBe(true);
        expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
        const out: unknown[][] = [];
        for (let i = 2; i <= sheet.rowCount; i++) out.push((sheet.getRow(i).values as unknown[]).slice(1));
        return out;
      };
      const groupSheets: [string, Group[], boolean][] = [
        ['项目按村社区', s.projectsByCommunity, true],
        ['项目按类型', s.projectsByCategory, true],
        ['项目按办理方式', s.projectsByHandlingMode, true],
        ['项目按状态', s.projectsByStatus, true],
        ['项目按年度', s.projectsByYear, true],
        ['诉求按渠道', s.demandsByChannel, false],
        ['诉求按状态', s.demandsByStatus, false],
      ];
      if (s.projectsByTown.length > 0) groupSheets.push(['项目按镇街', s.projectsByTown, true]);
      for (const [name, groups, withMoney] of groupSheets) {
        const rows = rowsOf(name);
        const totals = rows.pop();
        expect(rows, name).toEqual(groups.map((g) => [g.label, g.count, ...(withMoney ? [(g.budget?.fen ?? 0) / 100] : [])]));
        expect(totals?.[0]).toBe('合计');
        expect(totals?.[1]).toBe(groups.reduce((t, g) => t + g.count, 0));
        if (withMoney) {
          expect(Math.round(Number(totals?.[2]) * 100)).toBe(s.totals.budget.fen);
          expect(workbook.getWorksheet(name)?.getColumn(3).numFmt).toBe('#,##0.00');
        }
      }
      const steps = rowsOf('期限按环节');
      steps.pop();
      expect(steps).toEqual(s.deadlines.byStep.map((d) => [d.label, d.onTime, d.late, d.overdue, d.open, ...(d.rate === null ? [] : [d.rate])]));
      const funds = rowsOf('资金');
      const fundTotals = funds.pop();
      expect(funds).toEqual(s.funds.rows.map((f) => [f.label, f.planned.fen / 100, f.actual.fen / 100, f.disbursed.fen / 100]));
      expect(Math.round(Number(fundTotals?.[2]) * 100)).toBe(s.funds.total.actual.fen);
      expect(rowsOf('总览').slice(0, 2)).toEqual([
        ['诉求数', s.totals.demands],
        ['项目数', s.totals.projects],
      ]);
      const audit = await sys.database.db.selectFrom('audit_log').select(['action', 'details_json', 'actor_username']).where('action', '=', 'exportDocument').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(audit.actor_username).toBe(DEMO_USER.supervisor);
      expect(JSON.parse(audit.details_json ?? '{}')).toMatchObject({ document: 'statistics', filter: {} });
    });
  });
}
