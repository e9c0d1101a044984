/**
 * 开放数据 (issue 12 point 5, R0.8): the public JSON and CSV of publicized and closed projects and of their money by
 * town and year. Built through the real API: a closed small-path project (named like a spreadsheet formula, with
 * quotes and a comma), a project in 公示 funded from three sources (one a phone number in its name) and a project not
 * yet publicized. Checked: the exact fields, the unpublicized project absent, no personal data (the proposers' and
 * the contact's names and phones), the CSV read back with csv-parse equal to the JSON, formula cells neutralized,
 * the filters, clear 400s for bad filters, caching.
 */
import { parse } from 'csv-parse/sync';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sample from '../../src/domain/samples/forms.js';
import { csvCell, toCsv } from '../../src/server/features/public/open-data.csv.js';
import { PROJECT_COLUMNS, TOWN_YEAR_COLUMNS, type OpenDataProject, type OpenDataProjectsBody, type OpenDataSpendingBody } from '../../src/server/features/public/open-data.schemas.js';
import { DIALECTS } from '../support/dialects.js';
import { createTestSystem, type TestSystem } from '../support/system.js';
import { at, basics, closeSmallProject, consult, consultationResult, endPublicity, ok, openProject, register, step, unitOf } from './cases/flow.js';
import { expectError } from './fixtures.js';

const FORMULA_NAME = '=HYPERLINK("http://evil.example","点我"),幸福路路灯维修';
const PHONE_NAME = '示例社区一长者饭堂（报名请打13922223333）';
const HIDDEN_NAME = '尚未公示的小广场改造';
const PROPOSER = { kind: 'masses' as const, name: '欧阳春花', phone: '13600001111' };
const PROPOSER_2 = { kind: 'masses' as const, name: '司马秋月', phone: '13700004444' };
const CONTACT = { name: '黎小红', title: '社区专干', phone: '13800002222' };

function get(sys: TestSystem, url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return sys.app.inject({ method: 'GET', url, headers });
}

/** A CSV answer as rows of JSON field → text, the header mapped back through the columns; the BOM checked. */
function csvRows(res: LightMyRequestResponse, columns: readonly { key: string; header: string }[]): Record<string, string>[] {
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  const text = res.rawPayload.toString('utf8');
  const [header, ...rows]: string[][] = parse(text, { bom: true });
  expect(header).toEqual(columns.map((c) => c.header));
  return rows.map((cells) => Object.fromEntries(columns.map((c, i) => [c.key, cells[i] ?? ''])));
}

/** A JSON row as the CSV writes it: null empty, numbers as digits, a formula-like text behind an apostrophe. */
function asCsvText(row: Readonly<Record<string, string | number | null>>): Record<string, string> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : /^[=+\-@\t\r]/.test(String(v)) ? `'${String(v)}` : String(v)]));
}

describe('开放数据 CSV cells: RFC 4180 quoting, formula cells neutralized', () => {
  it('quotes a comma, a quote or a line break, and puts an apostrophe before what a spreadsheet would run', () => {
    const cells = ['plain', '路灯,维修', '说"好"', '一\n二', '', null, 12, '29500.00'].map((v) => csvCell(v));
    expect(cells).toEqual(['plain', '"路灯,维修"', '"说""好"""', '"一\n二"', '', '', '12', '29500.00']);
    const formulas = ['=1+2', '+86', '-3', '@SUM(A1)', '\tx', '\rx', ' =1', '１=1'].map((v) => csvCell(v));
    expect(formulas).toEqual(["'=1+2", "'+86", "'-3", "'@SUM(A1)", "'\tx", `"'\rx"`, ' =1', '１=1']);
    expect(toCsv([{ key: 'a', header: '甲', meaning: '', unit: '' }], [{ a: '=x' }, { a: null }])).toBe("\uFEFF甲\r\n'=x\r\n\r\n");
  });
});

for (const dialect of DIALECTS) {
  describe(`[${dialect}] 开放数据: publicized and closed projects as JSON and CSV, without personal data`, () => {
    let sys: TestSystem;
    let closedId: number;
    let publicizedId: number;
    let hiddenId: number;
    let townId: number;
    let otherTownId: number;
    let communityId: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      communityId = (await unitOf(sys, 'community')).id;
      townId = (await unitOf(sys, 'town')).id;
      const towns = ok(await get(sys, '/api/public/units')).json<{ towns: { id: number }[] }>().towns;
      otherTownId = towns.find((t) => t.id !== townId)?.id ?? 0;

      at(sys, '2026-09-28T02:00:00.000Z');
      closedId = await openProject(sys, 'community', { communityId, title: '路灯维修', heldAt: '2026-09-28T01:00:00.000Z', demand: { proposer: PROPOSER } });
      publicizedId = await openProject(sys, 'community', { communityId, title: '长者饭堂', heldAt: '2026-09-28T01:00:00.000Z', demand: { proposer: PROPOSER_2 } });
      hiddenId = await openProject(sys, 'community', { communityId, title: HIDDEN_NAME, heldAt: '2026-09-28T01:00:00.000Z' });

      at(sys, '2026-09-29T02:00:00.000Z');
      ok(await consult(sys, 'community', closedId, { heldAt: '2026-09-29T01:00:00.000Z', result: consultationResult(3_000_000) }));
      const threeSources = sample.consultationResult({
        budgetFen: 4_000_000,
        implementationPeriod: { start: '2026-10-10', end: '2026-10-28' },
        fundSources: [
          { source: 'special', amountFen: 2_500_000 },
          { source: 'collective', amountFen: 500_000 },
          { source: 'selfRaised', amountFen: 250_050 },
          { source: 'social', amountFen: 749_950 },
        ],
      });
      ok(await consult(sys, 'community', publicizedId, { heldAt: '2026-09-29T01:00:00.000Z', result: threeSources }));
      at(sys, '2026-09-29T03:00:00.000Z');
      ok(await register(sys, 'community', closedId, basics(3_000_000, { projectName: FORMULA_NAME, contact: CONTACT })));
      ok(await register(sys, 'community', publicizedId, basics(4_000_000, { projectName: PHONE_NAME, contact: CONTACT })));
      at(sys, '2026-09-29T04:00:00.000Z');
      await step(sys, 'community', publicizedId, 'publicity', { days: null, channels: ['projectPortal', 'noticeBoard'] });
      await closeSmallProject(sys, 'community', closedId, { from: '2026-09-29T04:00:00.000Z', actualFen: 2_860_050 });
    }, 120_000);
    afterAll(async () => sys.close());

    const projects = async (query = ''): Promise<OpenDataProjectsBody> => ok(await get(sys, `/api/public/open-data/projects.json${query}`)).json<OpenDataProjectsBody>();

    it('R0.8 one row per publicized project with exactly the documented fields; the project not yet publicized is absent', async () => {
      const body = await projects();
      expect(body).toMatchObject({ attribution: '东莞市民政局', filter: { year: null, townId: null }, count: 2 });
      expect(body.items.map((p) => p.id)).toEqual([closedId, publicizedId]);
      expect(JSON.stringify(body)).not.toContain(HIDDEN_NAME);
      expect(body.items.some((p) => p.id === hiddenId)).toBe(false);
      const code = (id: number): string => body.items.find((p) => p.id === id)?.code ?? '';
      const closed: OpenDataProject = {
        id: closedId,
        code: code(closedId),
        name: FORMULA_NAME,
        townName: '东城街道',
        communityName: '示例社区一',
        category: '便民工程项目',
        subcategory: '生活环境美化工程',
        handlingMode: '莞家速递',
        status: '已办结',
        year: 2026,
        plannedSpecialYuan: '30000.00',
        plannedCollectiveYuan: '0.00',
        plannedSocialYuan: '0.00',
        plannedTotalYuan: '30000.00',
        actualSpecialYuan: '28600.50',
        actualCollectiveYuan: '0.00',
        actualSocialYuan: '0.00',
        actualTotalYuan: '28600.50',
        publicityStartDate: '2026-09-29',
        publicityLastDay: body.items[0]?.publicityLastDay ?? '',
        closedDate: body.items[0]?.closedDate ?? '',
        beneficiaryCount: 800,
        satisfactionPercent: '100',
      };
      expect(body.items[0]).toEqual(closed);
      expect(body.items[0]?.publicityLastDay).toMatch(/^2026-10-\d{2}$/);
      expect(body.items[0]?.closedDate).toMatch(/^2026-10-\d{2}$/);
      expect(Object.keys(body.items[0] ?? {})).toEqual(PROJECT_COLUMNS.map((c) => c.key));
      // 村（社区）自筹 is on the 集体经济 row, as on the 结项表; not closed, so no actual money, date or rate.
      expect(body.items[1]).toEqual({
        ...closed,
        id: publicizedId,
        code: code(publicizedId),
        name: '示例社区一长者饭堂（报名请打139****3333）',
        status: '公示中',
        plannedSpecialYuan: '25000.00',
        plannedCollectiveYuan: '7500.50',
        plannedSocialYuan: '7499.50',
        plannedTotalYuan: '40000.00',
        actualSpecialYuan: null,
        actualCollectiveYuan: null,
        actualSocialYuan: null,
        actualTotalYuan: null,
        publicityLastDay: body.items[1]?.publicityLastDay ?? '',
        closedDate: null,
        beneficiaryCount: null,
        satisfactionPercent: null,
      });
    });

    it('R0.8 no personal data leaves: neither proposer nor the contact, by name or phone, in any of the four files', async () => {
      const texts = await Promise.all(
        ['projects.json', 'projects.csv', 'spending-by-town.json', 'spending-by-town.csv'].map(async (f) => ok(await get(sys, `/api/public/open-data/${f}`)).rawPayload.toString('utf8')),
      );
      for (const text of texts) {
        for (const secret of [PROPOSER.name, PROPOSER.phone, PROPOSER_2.name, PROPOSER_2.phone, CONTACT.name, CONTACT.phone, '13922223333', '黄美玲', '13812345678']) {
          expect(text).not.toContain(secret);
        }
      }
    });

    it('the CSV read back with csv-parse is the JSON, row by row; a formula-like name is text behind an apostrophe', async () => {
      const json = await projects();
      const res = ok(await get(sys, '/api/public/open-data/projects.csv'));
      const rows = csvRows(res, PROJECT_COLUMNS);
      expect(rows).toEqual(json.items.map(asCsvText));
      expect(rows[0]?.name).toBe(`'${FORMULA_NAME}`);
      // RFC 4180: the quotes doubled inside a quoted field, CRLF line ends.
      const text = res.rawPayload.toString('utf8');
      expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""点我""),幸福路路灯维修"`);
      expect(text.split('\r\n')).toHaveLength(json.items.length + 2);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="minsheng-projects\.csv"; filename\*=UTF-8''/);

      const spending = ok(await get(sys, '/api/public/open-data/spending-by-town.json')).json<OpenDataSpendingBody>();
      expect(csvRows(ok(await get(sys, '/api/public/open-data/spending-by-town.csv')), TOWN_YEAR_COLUMNS)).toEqual(spending.items.map(asCsvText));
    });

    it('money by town and year: counts by phase, planned over all publicized projects, actual from the 结项表 of closed ones', async () => {
      const body = ok(await get(sys, '/api/public/open-data/spending-by-town.json')).json<OpenDataSpendingBody>();
      expect(body.items).toEqual([
        {
          townId,
          townName: '东城街道',
          year: 2026,
          projects: 2,
          inPublicity: 1,
          underway: 0,
          closed: 1,
          plannedSpecialYuan: '55000.00',
          plannedCollectiveYuan: '7500.50',
          plannedSocialYuan: '7499.50',
          plannedTotalYuan: '70000.00',
          actualSpecialYuan: '28600.50',
          actualCollectiveYuan: '0.00',
          actualSocialYuan: '0.00',
          actualTotalYuan: '28600.50',
        },
      ]);
      expect(body.categories).toEqual([{ year: 2026, category: '便民工程项目', subcategory: '生活环境美化工程', projects: 2, closed: 1, actualTotalYuan: '28600.50' }]);
    });

    it('filters: year and town narrow both files; another year or town gives no rows', async () => {
      expect((await projects(`?year=2026&townId=${townId}`)).items.map((p) => p.id)).toEqual([closedId, publicizedId]);
      expect(await projects('?year=2025')).toMatchObject({ count: 0, items: [], filter: { year: 2025, townId: null } });
      expect((await projects(`?townId=${otherTownId}`)).items).toEqual([]);
      const spending = ok(await get(sys, `/api/public/open-data/spending-by-town.json?townId=${otherTownId}`)).json<OpenDataSpendingBody>();
      expect(spending).toMatchObject({ items: [], categories: [], filter: { year: null, townId: otherTownId } });
      const csv = ok(await get(sys, '/api/public/open-data/projects.csv?year=2025'));
      expect(csvRows(csv, PROJECT_COLUMNS)).toEqual([]);
      expect(csv.headers['content-disposition']).toContain('minsheng-projects-2025.csv');
    });

    it('a bad filter is a 400 with a Chinese message naming the field, never a 500', async () => {
      for (const file of ['projects.json', 'projects.csv', 'spending-by-town.json', 'spending-by-town.csv']) {
        for (const query of ['year=abc', 'year=1999', 'townId=0', 'townId=-3', 'town=1', `townId=${communityId}`, 'townId=99999']) {
          const res = await get(sys, `/api/public/open-data/${file}?${query}`);
          const body = expectError(res, 'VALIDATION_FAILED');
          expect(res.headers['content-type']).toContain('application/json');
          const details = body.error.details as { fields?: { field: string; message: string }[] };
          expect(details.fields?.[0]?.message, `${file}?${query}`).toMatch(/[\u4e00-\u9fff]/);
        }
      }
      const notTown = await get(sys, `/api/public/open-data/projects.json?townId=${communityId}`);
      expect(notTown.json<{ error: { details: unknown } }>().error.details).toEqual({
        fields: [{ field: 'townId', message: `没有编号为 ${communityId} 的镇（街道），镇（街道）编号见 GET /api/public/units` }],
      });
    });

    it('cached like the portal lists: a strong ETag, 304 on If-None-Match, public for five minutes', async () => {
      for (const file of ['projects.json', 'projects.csv', 'spending-by-town.json', 'spending-by-town.csv']) {
        const first = ok(await get(sys, `/api/public/open-data/${file}`));
        expect(first.headers['cache-control']).toBe('public, max-age=300');
        const etag = String(first.headers.etag);
        expect(etag).toMatch(/^"[\w-]{32}"$/);
        const again = await get(sys, `/api/public/open-data/${file}`, { 'if-none-match': etag });
        expect(again.statusCode).toBe(304);
        expect(again.body).toBe('');
      }
    });

    // Last: it changes the data. The town-and-year answer is kept per filter, and follows every change of a project.
    it('the kept town-and-year answer follows a project that moves on', async () => {
      const before = ok(await get(sys, '/api/public/open-data/spending-by-town.json')).json<OpenDataSpendingBody>();
      expect(before.items[0]).toMatchObject({ inPublicity: 1, underway: 0 });
      await endPublicity(sys, publicizedId);
      const after = ok(await get(sys, '/api/public/open-data/spending-by-town.json')).json<OpenDataSpendingBody>();
      expect(after.items[0]).toMatchObject({ projects: 2, inPublicity: 0, underway: 1, closed: 1 });
      expect((await projects()).items.find((p) => p.id === publicizedId)?.status).toBe('公示期满待实施');
    });
  });
}
