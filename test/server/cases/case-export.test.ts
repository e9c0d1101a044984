/**
 * R0.8 / R7.2 the Excel exports of the 诉求 and 项目 lists: exactly the rows the list gives for the same filter, in
 * its order, inside the reader's jurisdiction and masked as the list is; typed cells (dates, 元), a frozen bold
 * header, an auto-filter; a dated Chinese file name; a bad filter or too many rows refused in Chinese.
 */
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../../src/server/errors.js';
import { collectListRows, excelLocalTime, exportHeaders, type ListPage } from '../../../src/server/features/cases/case-export.js';
import type { CaseListItem } from '../../../src/server/features/cases/case-query.service.js';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { at, call, createDemand, newAccount, ok, openProject, refused, unitId, unitOf } from './flow.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Sheet {
  readonly sheet: ExcelJS.Worksheet;
  readonly header: unknown[];
  /** The data rows, each cell's value by its column's header. */
  readonly rows: Record<string, unknown>[];
  /** The totals row under the table: 合计 with the row count, the money columns summed. */
  readonly totals: ExcelJS.Row;
}

async function parse(res: LightMyRequestResponse): Promise<Sheet> {
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe(XLSX);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  expect(workbook.worksheets).toHaveLength(1);
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) throw new Error('no worksheet');
  const header = (sheet.getRow(1).values as unknown[]).slice(1);
  const rows: Record<string, unknown>[] = [];
  // The last row is the totals row under the table.
  for (let n = 2; n < sheet.rowCount; n++) {
    const values = (sheet.getRow(n).values as unknown[]).slice(1);
    rows.push(Object.fromEntries(header.map((h, i) => [String(h), values[i] ?? null])));
  }
  const totals = sheet.getRow(sheet.rowCount);
  expect(totals.getCell(1).value).toBe(`合计（${rows.length} 条）`);
  expect(totals.font.bold).toBe(true);
  return { sheet, header, rows, totals };
}

type Kind = 'demands' | 'projects';

interface List {
  readonly total: number;
  readonly items: CaseListItem[];
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] case list exports`, () => {
    let sys: TestSystem;
    let phoneDemandTitle: string;
    const farTitle = '南城街道示例社区一导出隔离测试';

    beforeAll(async () => {
      sys = await createTestSystem(dialect, { config: { demoCases: true } });
      at(sys, '2026-09-28T02:00:00.000Z');
      // A demand whose title holds a phone number, which the roles that may not see personal data read masked.
      phoneDemandTitle = '路灯不亮，请联系13912345678';
      await createDemand(sys, 'community', { communityId: (await unitOf(sys, 'community')).id, title: phoneDemandTitle });
      // A demand and a project of another town, with a clerk and town staff of their own.
      const farCommunity = await unitId(sys, '示例社区一', '南城街道');
      await newAccount(sys, 'far.clerk', 'community_staff', farCommunity);
      await newAccount(sys, 'far.town', 'town_staff', await unitId(sys, '南城街道'));
      await createDemand(sys, 'far.clerk', { communityId: farCommunity, title: `${farTitle}诉求` });
      await openProject(sys, 'far.clerk', { communityId: farCommunity, title: `${farTitle}项目`, heldAt: '2026-09-28T01:00:00.000Z' });
    });
    afterAll(async () => sys.close());

    const list = async (user: string, kind: Kind, query: string): Promise<List> =>
      ok(await call(sys, user, 'GET', `/api/${kind}?limit=500${query === '' ? '' : `&${query}`}`)).json<List>();
    const exported = async (user: string, kind: Kind, query: string): Promise<Sheet> =>
      parse(await call(sys, user, 'GET', `/api/${kind}/export${query === '' ? '' : `?${query}`}`));

    it('R0.8 the demand export holds the list’s rows for the same filter, in its order, with typed cells', async () => {
      const query = 'status=acknowledged&status=assigned&status=adopted';
      const [rows, file] = [await list('town', 'demands', query), await exported('town', 'demands', query)];
      expect(rows.total).toBeGreaterThan(3);
      expect(file.header).toEqual(['诉求编号', '标题', '状态', '村（社区）', '录入时间', '最近更新', '当前期限', '期限日']);
      expect(file.header).toEqual(exportHeaders('demand'));
      expect(file.rows.map((r) => r['诉求编号'])).toEqual(rows.items.map((i) => i.number));
      expect(file.rows.map((r) => r['标题'])).toEqual(rows.items.map((i) => i.title));
      expect(file.rows.map((r) => r['状态'])).toEqual(rows.items.map((i) => i.statusLabel));
      expect(file.rows.map((r) => r['村（社区）'])).toEqual(rows.items.map((i) => i.communityName));
      for (const [n, item] of rows.items.entries()) {
        const row = file.rows[n] ?? {};
        // Excel dates carry the Asia/Shanghai wall-clock time (UTC+8).
        expect(row['录入时间']).toBeInstanceOf(Date);
        expect(row['录入时间']).toEqual(new Date(Date.parse(item.createdAt) + 8 * 3_600_000));
        expect(row['最近更新']).toEqual(excelLocalTime(item.updatedAt));
        if (item.nextDeadline === null) {
          expect([row['当前期限'], row['期限日']]).toEqual([null, null]);
        } else {
          expect(row['期限日']).toEqual(excelLocalTime(item.nextDeadline.due));
          expect(String(row['当前期限'])).toContain(item.nextDeadline.label);
          expect(String(row['当前期限']).includes('已逾期')).toBe(item.nextDeadline.overdue);
        }
      }
      expect(file.rows.some((r) => String(r['当前期限']).includes('已逾期'))).toBe(true);
      // The header is bold and frozen above the rows, with an auto-filter over the whole table; dates have a format.
      expect(file.sheet.views[0]).toEqual(expect.objectContaining({ state: 'frozen', ySplit: 1 }));
      expect(file.sheet.getRow(1).getCell(1).font.bold).toBe(true);
      expect(file.sheet.autoFilter).toBe(`A1:H${rows.total + 1}`);
      expect(file.sheet.getRow(2).getCell(5).numFmt).toBe('yyyy-mm-dd hh:mm');
      expect(file.sheet.getColumn(2).width).toBeGreaterThan(30);
    });

    it('R1.2 R1.3 the project export holds the list’s rows with budgets in 元 and the flags, filtered as the list', async () => {
      const all = await list('town', 'projects', '');
      const file = await exported('town', 'projects', '');
      expect(file.header).toEqual(['项目编号', '名称', '状态', '村（社区）', '预算（元）', '标记', '立项时间', '最近更新', '当前期限', '期限日']);
      expect(file.rows.map((r) => r['项目编号'])).toEqual(all.items.map((i) => i.number));
      expect(file.rows.map((r) => r['预算（元）'])).toEqual(all.items.map((i) => (i.budgetFen === null ? null : i.budgetFen / 100)));
      expect(file.rows.some((r) => typeof r['预算（元）'] === 'number' && r['预算（元）'] > 0)).toBe(true);
      expect(file.rows.map((r) => r['标记'])).toEqual(all.items.map((i) => (i.flags.length === 0 ? null : i.flags.map((f) => f.label).join('、'))));
      expect(file.rows.every((r) => r['立项时间'] instanceof Date)).toBe(true);
      expect(file.sheet.getRow(2).getCell(5).numFmt).toBe('#,##0.00');
      // The totals row sums the budgets (in 元, by formula, its value cached for readers that do not compute).
      const sumFen = all.items.reduce((sum, i) => sum + (i.budgetFen ?? 0), 0);
      expect(file.totals.getCell(5).value).toEqual({ formula: `SUM(E2:E${all.total + 1})`, result: sumFen / 100 });
      expect(file.totals.getCell(5).numFmt).toBe('#,##0.00');

      const overCap = await list('town', 'projects', 'flag=overCap');
      const flagged = await exported('town', 'projects', 'flag=overCap');
      expect(overCap.total).toBeGreaterThan(0);
      expect(flagged.rows.map((r) => r['项目编号'])).toEqual(overCap.items.map((i) => i.number));
      expect(flagged.rows.every((r) => String(r['标记']).includes('超限'))).toBe(true);
    });

    it('R0.8 the export is masked as the list is: community and town staff read the phone, a supervisor reads it masked (R7.2)', async () => {
      const keyword = 'keyword=' + encodeURIComponent('路灯不亮，请联系');
      const town = await exported('town', 'demands', keyword);
      expect(town.rows.map((r) => r['标题'])).toEqual([phoneDemandTitle]);
      const community = await exported('community', 'demands', keyword);
      expect(community.rows.map((r) => r['标题'])).toEqual([phoneDemandTitle]);
      const supervisor = await exported('supervisor', 'demands', keyword);
      expect(supervisor.rows.map((r) => r['标题'])).toEqual(['路灯不亮，请联系139****5678']);
      expect(supervisor.rows.map((r) => r['标题'])).toEqual((await list('supervisor', 'demands', keyword)).items.map((i) => i.title));
      // The supervisor reads every demand of the town, as the list gives them.
      const whole = await exported('supervisor', 'demands', '');
      expect(whole.rows.map((r) => r['诉求编号'])).toEqual((await list('supervisor', 'demands', '')).items.map((i) => i.number));
    });

    it('R0.8 another town’s cases never appear, and a community reads only its own', async () => {
      for (const kind of ['demands', 'projects'] as const) {
        const number = kind === 'demands' ? '诉求编号' : '项目编号';
        const town = await exported('town', kind, '');
        expect(town.rows.length).toBeGreaterThan(0);
        expect(town.rows.some((r) => String(r['标题'] ?? r['名称']).startsWith(farTitle))).toBe(false);
        const far = await exported('far.town', kind, '');
        expect(far.rows.map((r) => r[number])).toEqual((await list('far.town', kind, '')).items.map((i) => i.number));
        expect(far.rows.map((r) => r['标题'] ?? r['名称'])).toContain(`${farTitle}${kind === 'demands' ? '诉求' : '项目'}`);
        const farNumbers = new Set(far.rows.map((r) => r[number]));
        expect(town.rows.filter((r) => farNumbers.has(r[number]))).toEqual([]);
        // Asking for the other town's community by id gives nothing either.
        const farId = await unitId(sys, '示例社区一', '南城街道');
        expect((await exported('town', kind, `communityId=${farId}`)).rows).toEqual([]);
        const community = await exported('community', kind, '');
        expect(new Set(community.rows.map((r) => r['村（社区）']))).toEqual(new Set(['示例社区一']));
      }
    });

    it('R0.7 every export is audited with who read it, its filter and how many rows left', async () => {
      const query = 'status=assigned';
      const file = await exported('town', 'demands', query);
      const record = await sys.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'exportDemands')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(record.actor_username).toBe('town');
      expect(record.outcome).toBe('success');
      expect(JSON.parse(String(record.details_json))).toEqual({ filter: { status: ['assigned'] }, rows: file.rows.length });
      await exported('supervisor', 'projects', '');
      const projects = await sys.database.db.selectFrom('audit_log').select('actor_username').where('action', '=', 'exportProjects').execute();
      expect(projects.map((r) => r.actor_username)).toContain('supervisor');
    });

    it('an empty result is a file with the header only', async () => {
      for (const kind of ['demands', 'projects'] as const) {
        const file = await exported('town', kind, `keyword=${encodeURIComponent('没有这样的案件')}`);
        expect(file.rows).toEqual([]);
        expect(file.sheet.rowCount).toBe(2);
        expect(file.header).toEqual(exportHeaders(kind === 'demands' ? 'demand' : 'project'));
      }
    });

    it('the file is named by the request’s date in Asia/Shanghai and never cached', async () => {
      // 17:30 UTC on 28 September is already 29 September in Dongguan.
      at(sys, '2026-09-28T17:30:00.000Z');
      const demands = await call(sys, 'town', 'GET', '/api/demands/export');
      expect(demands.headers['content-disposition']).toBe(
        `attachment; filename="demands-20260929.xlsx"; filename*=UTF-8''${encodeURIComponent('诉求清单-20260929.xlsx')}`,
      );
      expect(demands.headers['cache-control']).toBe('no-store');
      const projects = await call(sys, 'town', 'GET', '/api/projects/export');
      expect(projects.headers['content-disposition']).toBe(
        `attachment; filename="projects-20260929.xlsx"; filename*=UTF-8''${encodeURIComponent('项目清单-20260929.xlsx')}`,
      );
      expect(projects.headers['cache-control']).toBe('no-store');
      at(sys, '2026-09-28T02:00:00.000Z');
    });

    it('a bad filter is refused in Chinese, paging included; the roles without viewCase and strangers are refused', async () => {
      for (const url of ['/api/demands/export?limit=10', '/api/demands/export?communityId=abc', '/api/projects/export?flag=bogus', '/api/projects/export?offset=0', '/api/demands/export?sort=id']) {
        const res = await call(sys, 'town', 'GET', url);
        const refusal = refused(res, 400, 'VALIDATION_FAILED');
        expect(refusal.message, url).toMatch(/[\u4e00-\u9fff]/);
        expect(refusal.fields?.length, url).toBeGreaterThan(0);
        expect(refusal.fields?.every((f) => /[\u4e00-\u9fff]/.test(f.message)), url).toBe(true);
      }
      refused(await call(sys, 'sysadmin', 'GET', '/api/demands/export'), 403, 'FORBIDDEN_ROLE');
      refused(await sys.request('GET', '/api/projects/export'), 401, 'UNAUTHENTICATED');
    });
  });
}

describe('reading a list for an export', () => {
  const item = (id: number): CaseListItem => ({
    id,
    number: `D${id}`,
    title: `诉求${id}`,
    status: 'assigned',
    statusLabel: '已交派待接收',
    communityId: 1,
    communityName: '示例社区一',
    townId: 1,
    budgetFen: null,
    flags: [],
    createdAt: '2026-09-28T02:00:00.000Z',
    updatedAt: '2026-09-28T02:00:00.000Z',
    version: 1,
    nextDeadline: null,
  });

  it('reads every page in the list’s order, keeping a row a new case pushed into the next page once', async () => {
    let ids = [9, 8, 7, 6, 5];
    const asked: { limit: number; offset: number }[] = [];
    const page: ListPage = (paging) => {
      asked.push(paging);
      const items = ids.slice(paging.offset, paging.offset + paging.limit).map(item);
      // A case entered after the first page pushes every row down by one.
      if (paging.offset === 0) ids = [10, ...ids];
      return Promise.resolve({ total: 5, items });
    };
    const rows = await collectListRows(page, 100, 2);
    expect(rows.map((r) => r.id)).toEqual([9, 8, 7, 6, 5]);
    expect(asked[0]).toEqual({ limit: 2, offset: 0 });
  });

  it('refuses a filter that gives more rows than one export holds, with the count in Chinese, after one page', async () => {
    let pages = 0;
    const page: ListPage = () => {
      pages++;
      return Promise.resolve({ total: 50_001, items: [item(1)] });
    };
    const refusal = await collectListRows(page).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refusal).toEqual(expect.objectContaining({ code: 'EXPORT_TOO_LARGE', status: 400, details: { limit: 50_000, total: 50_001 } }));
    expect((refusal as Error).message).toContain('50001');
    expect(pages).toBe(1);
    expect(ERROR_CATALOGUE.EXPORT_TOO_LARGE.message).toMatch(/导出/);
  });
});
