/**
 * The filters and orders of GET /api/demands and /api/projects (and their exports, which hold exactly the filtered
 * list): town, community, status, channel (R2.1), category (R1.1), handling mode (R5.5), year, entry date range in
 * Asia/Shanghai (R0.2), overdue only (R7.2), flags (R1.2 R1.3 R6.4); sorted by entry time, next deadline, number or
 * budget; never wider than the caller's jurisdiction (R0.8); bad values refused in Chinese. Plus the similar open
 * demands suggested while a demand is entered (R2.6).
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { acknowledge, at, call, createDemand, newAccount, ok, openProject, refused, unitId, unitOf, type DemandView } from './flow.js';

interface Item {
  readonly id: number;
  readonly number: string;
  readonly status: string;
  readonly communityId: number;
  readonly townId: number;
  readonly budgetFen: number | null;
  readonly flags: readonly { readonly flag: string }[];
  readonly createdAt: string;
  readonly nextDeadline: { readonly due: string; readonly overdue: boolean } | null;
}

interface List {
  readonly total: number;
  readonly items: readonly Item[];
}

const TAG = '筛选排序测试';

for (const dialect of DIALECTS) {
  describe(`[${dialect}] case list filters and orders`, () => {
    let sys: TestSystem;
    let community1: number;
    let community2: number;
    let farCommunity: number;
    let farTown: number;
    let ownTown: number;
    /** Demands of this file, by name. */
    const d: Record<string, DemandView> = {};

    beforeAll(async () => {
      sys = await createTestSystem(dialect, { config: { demoCases: true } });
      community1 = (await unitOf(sys, 'community')).id;
      ownTown = (await unitOf(sys, 'town')).id;
      community2 = await unitId(sys, '示例社区二', '东城街道');
      farCommunity = await unitId(sys, '示例社区一', '南城街道');
      farTown = await unitId(sys, '南城街道');
      await newAccount(sys, 'far.clerk', 'community_staff', farCommunity);
      // 2026-09-28 10:00 in Shanghai.
      at(sys, '2026-09-28T02:00:00.000Z');
      d.hotline = await createDemand(sys, 'town', { communityId: community1, title: `${TAG}路灯不亮`, channel: 'hotline12345' });
      // 2026-09-29 00:30 in Shanghai, though still the 28th in UTC.
      at(sys, '2026-09-28T16:30:00.000Z');
      d.grid = await createDemand(sys, 'town', { communityId: community2, title: `${TAG}井盖破损`, channel: 'gridPatrol' });
      at(sys, '2026-09-30T02:00:00.000Z');
      d.center = await createDemand(sys, 'community', { communityId: community1, title: `${TAG}健身器材损坏`, channel: 'citizenCenter' });
      d.center = await acknowledge(sys, 'community', d.center);
      d.far = await createDemand(sys, 'far.clerk', { communityId: farCommunity, title: `${TAG}南城诉求`, channel: 'citizenCenter' });
      // 2027-01-01 01:00 in Shanghai: a demand of the next year.
      at(sys, '2026-12-31T17:00:00.000Z');
      d.nextYear = await createDemand(sys, 'community', { communityId: community1, title: `${TAG}新年诉求`, channel: 'communitySelf' });
      await openProject(sys, 'far.clerk', { communityId: farCommunity, title: `${TAG}南城项目`, heldAt: '2026-12-31T16:00:00.000Z' });
      at(sys, '2026-10-09T02:00:00.000Z');
    });
    afterAll(async () => sys.close());

    const list = async (user: string, kind: 'demands' | 'projects', query: string): Promise<List> =>
      ok(await call(sys, user, 'GET', `/api/${kind}?limit=500${query === '' ? '' : `&${query}`}`)).json<List>();
    const ids = async (user: string, query: string): Promise<number[]> => (await list(user, 'demands', `keyword=${encodeURIComponent(TAG)}&${query}`)).items.map((i) => i.id);
    const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

    it('R2.1 channel: one or several channels', async () => {
      expect(await ids('town', 'channel=gridPatrol')).toEqual([d.grid?.id]);
      expect(sorted(await ids('town', 'channel=gridPatrol&channel=hotline12345'))).toEqual(sorted([d.grid?.id ?? 0, d.hotline?.id ?? 0]));
    });

    it('R0.8 status, community and town narrow the jurisdiction, never widen it', async () => {
      expect(await ids('town', 'status=acknowledged')).toEqual([d.center?.id]);
      expect(sorted(await ids('town', 'status=acknowledged&status=assigned'))).toEqual(sorted([d.hotline, d.grid, d.center, d.nextYear].map((x) => x?.id ?? 0)));
      expect(await ids('town', `communityId=${community2}`)).toEqual([d.grid?.id]);
      // Another town's community or the other town itself: nothing, though the case exists.
      expect(await ids('town', `communityId=${farCommunity}`)).toEqual([]);
      expect(await ids('town', `townId=${farTown}`)).toEqual([]);
      expect(await ids('community', `communityId=${community2}`)).toEqual([]);
      expect((await list('town', 'projects', `townId=${farTown}`)).total).toBe(0);
      // The city sees both towns, and the town filter picks one.
      expect(await ids('bureau', `townId=${farTown}`)).toEqual([d.far?.id]);
      expect((await ids('bureau', `townId=${ownTown}`)).length).toBe(4);
      expect((await list('bureau', 'projects', `townId=${farTown}`)).items.every((p) => p.townId === farTown)).toBe(true);
    });

    it('R0.2 entry dates are days in Asia/Shanghai, both ends included; a year is a Shanghai year', async () => {
      expect(await ids('town', 'createdFrom=2026-09-29&createdTo=2026-09-29')).toEqual([d.grid?.id]);
      expect(await ids('town', 'createdTo=2026-09-28')).toEqual([d.hotline?.id]);
      expect(sorted(await ids('town', 'createdFrom=2026-09-29&createdTo=2026-12-31'))).toEqual(sorted([d.grid?.id ?? 0, d.center?.id ?? 0]));
      expect(await ids('town', 'year=2027')).toEqual([d.nextYear?.id]);
      expect(await ids('town', 'year=2026&createdFrom=2026-09-30')).toEqual([d.center?.id]);
      const projects = await list('bureau', 'projects', `keyword=${encodeURIComponent(TAG)}&year=2027`);
      expect(projects.items.map((p) => p.townId)).toEqual([farTown]);
    });

    it('R7.2 overdue only: the cases with an open step past due, as the list marks them', async () => {
      const overdue = await list('town', 'demands', 'overdue=true');
      expect(overdue.total).toBeGreaterThan(0);
      expect(overdue.items.every((i) => i.nextDeadline?.overdue === true)).toBe(true);
      const all = await list('town', 'demands', '');
      expect(overdue.total).toBe(all.items.filter((i) => i.nextDeadline?.overdue === true).length);
      // Entered on 30 September and not due before 2027 for a demand of the next year's clock.
      expect(await ids('town', 'overdue=true&status=assigned')).not.toContain(d.nextYear?.id);
      const projects = await list('town', 'projects', 'overdue=true');
      expect(projects.total).toBeGreaterThan(0);
      expect(projects.items.every((p) => p.nextDeadline?.overdue === true)).toBe(true);
    });

    it('R1.1 R5.5 R1.2 category, handling modes and flags of projects, as stored', async () => {
      const rows = await sys.database.db.selectFrom('project').selectAll().where('town_id', '=', ownTown).where('status', '!=', 'reserved').execute();
      const expectIds = (keep: (r: (typeof rows)[number]) => boolean): number[] => sorted(rows.filter(keep).map((r) => r.id));
      const got = async (query: string): Promise<number[]> => sorted((await list('town', 'projects', query)).items.map((p) => p.id));
      expect(expectIds((r) => r.category === 'service').length).toBeGreaterThan(0);
      expect(await got('category=service')).toEqual(expectIds((r) => r.category === 'service'));
      expect(await got('category=engineering')).toEqual(expectIds((r) => r.category === 'engineering'));
      expect(await got('handlingMode=direct')).toEqual(expectIds((r) => r.handling_mode === 'direct'));
      expect(await got('handlingMode=direct&handlingMode=station')).toEqual(expectIds((r) => r.handling_mode === 'direct' || r.handling_mode === 'station'));
      expect(await got('flag=overCap')).toEqual(expectIds((r) => r.over_cap === 1));
      expect(await got('flag=overCap&flag=surveyException')).toEqual(expectIds((r) => r.over_cap === 1 || r.survey_exception === 1));
      expect(await got('category=engineering&flag=overCap')).toEqual(expectIds((r) => r.category === 'engineering' && r.over_cap === 1));
    });

    it('orders: entry time (default newest first), number, next deadline and budget, missing keys last, pages stable', async () => {
      const mine = [d.hotline, d.grid, d.center, d.nextYear].map((x) => x?.id ?? 0);
      expect(await ids('town', '')).toEqual([...mine].reverse());
      expect(await ids('town', 'sort=createdAt&order=asc')).toEqual(mine);
      const byNumber = await list('town', 'demands', 'sort=number&order=asc');
      expect(byNumber.items.map((i) => i.number)).toEqual([...byNumber.items.map((i) => i.number)].sort());
      const byDeadline = await list('town', 'demands', 'sort=nextDeadline&order=asc');
      const dues = byDeadline.items.map((i) => i.nextDeadline?.due ?? null);
      const firstNone = dues.indexOf(null);
      expect(firstNone).toBeGreaterThan(0);
      expect(dues.slice(firstNone).every((x) => x === null)).toBe(true);
      expect(dues.slice(0, firstNone)).toEqual([...dues.slice(0, firstNone)].sort());
      const desc = (await list('town', 'demands', 'sort=nextDeadline&order=desc')).items.map((i) => i.nextDeadline?.due ?? null);
      expect(desc.slice(0, firstNone)).toEqual([...dues.slice(0, firstNone)].reverse());
      const byBudget = (await list('town', 'projects', 'sort=budget&order=desc')).items.map((p) => p.budgetFen);
      const known = byBudget.filter((b): b is number => b !== null);
      expect(byBudget.slice(0, known.length)).toEqual([...known].sort((a, b) => b - a));
      expect(byBudget.slice(known.length).every((b) => b === null)).toBe(true);
      // Pages of a sorted list put together give the whole list.
      const whole = (await list('town', 'projects', 'sort=budget&order=asc')).items.map((p) => p.id);
      const pages: number[] = [];
      for (let offset = 0; offset < whole.length; offset += 4) {
        pages.push(...(ok(await call(sys, 'town', 'GET', `/api/projects?sort=budget&order=asc&limit=4&offset=${offset}`)).json<List>().items.map((p) => p.id)));
      }
      expect(pages).toEqual(whole);
    });

    it('the exports hold exactly the filtered, sorted list', async () => {
      for (const [kind, query] of [
        ['demands', 'channel=citizenCenter&channel=gridPatrol&sort=createdAt&order=asc'],
        ['projects', 'category=service&sort=budget&order=desc'],
        ['projects', 'overdue=true&sort=nextDeadline&order=asc'],
      ] as const) {
        const rows = (await list('town', kind, query)).items.map((i) => i.number);
        const res = ok(await call(sys, 'town', 'GET', `/api/${kind}/export?${query}`));
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
        const sheet = workbook.worksheets[0];
        const numbers: string[] = [];
        // Every row but the last, the totals row (合计).
        for (let n = 2; n < (sheet?.rowCount ?? 0); n++) numbers.push(sheet?.getRow(n).getCell(1).text ?? '');
        expect(numbers, query).toEqual(rows);
        expect(sheet?.getRow(sheet.rowCount).getCell(1).text, query).toBe(`合计（${rows.length} 条）`);
      }
    });

    it('bad values are refused in Chinese, naming the field', async () => {
      for (const url of [
        '/api/demands?channel=fax',
        '/api/demands?status=bogus',
        '/api/demands?sort=budget',
        '/api/demands?order=up',
        '/api/demands?createdFrom=2026-9-1',
        '/api/demands?createdFrom=2026-02-30',
        '/api/demands?createdFrom=2026-10-02&createdTo=2026-10-01',
        '/api/demands?overdue=maybe',
        '/api/demands?year=1999',
        '/api/demands?category=service',
        '/api/projects?category=garden',
        '/api/projects?handlingMode=walk',
        '/api/projects?flag=bogus',
        '/api/projects?channel=gridPatrol',
        '/api/projects/export?sort=title',
        '/api/demands/export?townId=abc',
      ]) {
        const refusal = refused(await call(sys, 'town', 'GET', url), 400, 'VALIDATION_FAILED');
        expect(refusal.message, url).toMatch(/[\u4e00-\u9fff]/);
        expect(refusal.fields?.length, url).toBeGreaterThan(0);
        expect(refusal.fields?.every((f) => /[\u4e00-\u9fff]/.test(f.message)), url).toBe(true);
      }
    });

    it('R2.6 similar open demands of the community are suggested while one is entered, inside the jurisdiction', async () => {
      const similar = async (user: string, communityId: number, title: string, location?: string) =>
        ok(
          await call(sys, user, 'GET', `/api/demands/similar?communityId=${communityId}&title=${encodeURIComponent(title)}${location === undefined ? '' : `&location=${encodeURIComponent(location)}`}`),
        ).json<{ items: { id: number; status: string; version: number; score: number }[] }>();
      const found = await similar('community', community1, '健身器材坏了');
      // Ours, and the demo's 中心公园健身器材损坏 of the same community.
      expect(found.items.find((i) => i.id === d.center?.id)).toMatchObject({ status: 'acknowledged', version: d.center?.version });
      expect(found.items.length).toBeGreaterThan(1);
      expect(found.items.map((i) => i.score)).toEqual([...found.items.map((i) => i.score)].sort((a, b) => b - a));
      expect((await similar('town', community1, '路灯不亮了')).items.map((i) => i.id)).toContain(d.hotline?.id);
      // Another community's demand is not suggested, and another town's community is out of reach.
      expect((await similar('town', community2, '健身器材坏了')).items.map((i) => i.id)).not.toContain(d.center?.id);
      refused(await call(sys, 'town', 'GET', `/api/demands/similar?communityId=${farCommunity}&title=x`), 404, 'NOT_FOUND');
      expect((await similar('community', community1, '完全无关的事情')).items.map((i) => i.id)).not.toContain(d.center?.id);
      refused(await call(sys, 'town', 'GET', `/api/demands/similar?communityId=${community1}`), 400, 'VALIDATION_FAILED');
    });
  });
}
