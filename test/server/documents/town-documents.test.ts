/**
 * A town's yearly documents over the API: the 年度“民生微实事”项目实施计划表 (R8.2) and the 资金发放台账 (R9.1) of a
 * town and year, as XLSX (parsed back: every column of a row, typed cells, the totals row) and PDF (its text, and a
 * page rendered to PNG to look at); which projects they hold (registered or confirmed, that year, that town; not one
 * still before registration); Chinese file names by RFC 6266; a town outside the reader's jurisdiction answering as a
 * missing one (R0.8); a bad year or format refused by the schema; every file audited as `exportDocument`.
 */
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { pdfPageCount, pdfText } from '../../support/documents.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { acknowledge, at, basics, closeSmallProject, consult, consultationResult, cookieOf, demandBody, newAccount, ok, openProject, refused, register, triageAdopt, unitId, unitOf } from '../cases/flow.js';
import { maskPersonalDataInText } from '../../../src/domain/masking.js';
import { auditRows, lastAuditId, parseJson } from '../fixtures.js';
import { decideAllocation } from '../../../src/domain/plans/index.js';
import { saveTownYear } from '../../../src/server/features/plans/town-year.repository.js';

const CENTRAL = '计划表测试一巷路面修复工程';
const DAILY = '计划表测试长者助餐服务';
const EARLY = '计划表测试未协商项目';
/** A free text holding a phone number: shown in full to the town, masked for the bureau (R0.8). */
const DAILY_CONTENT = '为独居老人配送午餐，报名电话13900002222。';

async function get(sys: TestSystem, user: string, url: string): Promise<LightMyRequestResponse> {
  return sys.app.inject({ method: 'GET', url, headers: { cookie: await cookieOf(sys, user) } });
}

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

/** The values of a worksheet row, from column 1 (exceljs keeps a hole at index 0). */
function values(sheet: ExcelJS.Worksheet, n: number): unknown[] {
  const v = sheet.getRow(n).values;
  return Array.isArray(v) ? Array.from({ length: sheet.columnCount }, (_, i) => (v[i + 1] === undefined ? null : v[i + 1])) : [];
}

/**
 * A formula cell as read back: exceljs writes the cached `<v>0</v>` but reads a cached 0 as no result, so a
 * missing result is the 0 it wrote.
 */
function cached(value: unknown): unknown {
  const f = value as { formula?: string; result?: unknown } | null;
  return f !== null && typeof f === 'object' && typeof f.formula === 'string' ? { formula: f.formula, result: f.result ?? 0 } : value;
}

const day = (date: string): Date => new Date(`${date}T00:00:00.000Z`);

for (const dialect of DIALECTS) {
  describe(`[${dialect}] a town's annual plan and funds ledger`, () => {
    let sys: TestSystem;
    let townId: number;
    let farTownId: number;
    let communityId: number;
    let central: number;
    let daily: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      communityId = (await unitOf(sys, 'community')).id;
      townId = (await unitOf(sys, 'town')).id;
      farTownId = await unitId(sys, '南城街道');
      const near = await unitId(sys, '示例社区二', '东城街道');
      await newAccount(sys, 'plan.near', 'community_staff', near);

      // R8.1 a demand entered through the town's 2026 campaign (open in January), adopted as a project.
      at(sys, '2026-01-12T02:00:00.000Z');
      ok(await sys.request('POST', `/api/towns/${townId}/campaigns`, { cookie: await cookieOf(sys, 'town'), body: { year: 2026, title: '2026年度民生微实事集中征集活动' } }), 201);
      const res = await sys.request('POST', '/api/demands', { cookie: await cookieOf(sys, 'community'), body: demandBody({ communityId, title: '一巷路面坑洼', channel: 'campaign' }) });
      const centralDemand = ok(res, 201).json<{ id: number; version: number }>();
      central = await triageAdopt(sys, 'community', await acknowledge(sys, 'community', centralDemand), CENTRAL, '2026-01-12T01:00:00.000Z');
      at(sys, '2026-09-28T02:00:00.000Z');
      daily = await openProject(sys, 'plan.near', { communityId: near, title: DAILY, heldAt: '2026-09-28T01:00:00.000Z' });
      await openProject(sys, 'community', { communityId, title: EARLY, heldAt: '2026-09-28T01:00:00.000Z' });

      at(sys, '2026-09-29T02:00:00.000Z');
      ok(await consult(sys, 'community', central, { heldAt: '2026-09-29T01:00:00.000Z', result: consultationResult(3_000_000, { period: { start: '2026-10-10', end: '2026-10-28' } }) }));
      const split = { ...consultationResult(4_000_000, { mode: 'station', implementer: '东莞市某某社会工作服务中心', period: { start: '2026-11-01', end: '2026-12-31' } }) };
      const shared = { ...split, fundSources: [{ source: 'special' as const, amountFen: 3_000_000 }, { source: 'selfRaised' as const, amountFen: 1_000_000 }] };
      ok(await consult(sys, 'plan.near', daily, { heldAt: '2026-09-29T01:00:00.000Z', result: shared }));
      at(sys, '2026-09-30T02:00:00.000Z');
      ok(await register(sys, 'community', central, basics(3_000_000, { projectName: CENTRAL, content: '修复一巷破损路面。' })));
      ok(await register(sys, 'plan.near', daily, basics(4_000_000, { projectName: DAILY, category: 'service', subcategory: 'S1', content: DAILY_CONTENT })));
      await closeSmallProject(sys, 'community', central, { from: '2026-10-01T02:00:00.000Z', actualFen: 2_950_000 });
      at(sys, '2026-12-01T02:00:00.000Z');
    }, 120_000);
    afterAll(async () => sys.close());

    it('R8.2 the plan as XLSX: centralized first, every column typed, the totals row summing by formula; a 说明 sheet with the blanks', async () => {
      const res = ok(await get(sys, 'town', `/api/towns/${townId}/annual-plan?year=2026&format=xlsx`));
      expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['content-disposition']).toBe(
        `attachment; filename="annual-plan-2026-town${townId}-2026-12-01.xlsx"; filename*=UTF-8''${encodeURIComponent('2026年度项目实施计划表-东城街道-2026-12-01.xlsx')}`,
      );
      const book = await workbook(res.rawPayload);
      const sheet = book.getWorksheet('实施计划表');
      if (sheet === undefined) throw new Error('no plan sheet');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(values(sheet, 1)).toEqual(['序号', '项目编号', '村（社区）', '项目名称', '项目类别', '项目子类', '建设（服务）内容', '经费预算合计（元）', '专项资金（元）', '集体经济（元）', '社会投入（元）', '办理方式', '实施主体', '实施开始', '实施结束', '征集方式', '项目状态']);
      expect(values(sheet, 2)).toEqual([1, `XM2026-${String(central).padStart(5, '0')}`, '示例社区一', CENTRAL, '便民工程项目', '生活环境美化工程', '修复一巷破损路面。', 30_000, 30_000, 0, 0, '莞家速递', expect.any(String), day('2026-10-10'), day('2026-10-28'), '集中征集', '已办结']);
      expect(values(sheet, 3)).toEqual([2, `XM2026-${String(daily).padStart(5, '0')}`, '示例社区二', DAILY, '公益服务项目', '老年人服务', DAILY_CONTENT, 40_000, 30_000, 10_000, 0, '莞家驿站', '东莞市某某社会工作服务中心', day('2026-11-01'), day('2026-12-31'), '日常征集', '已备案待公示（5万元以下）']);
      expect(sheet.getCell('H2').numFmt).toBe('#,##0.00');
      expect(sheet.getCell('N2').numFmt).toBe('yyyy-mm-dd');
      // The project before its consultation is not in the plan: the totals row follows the two.
      expect(sheet.rowCount).toBe(4);
      const totals = values(sheet, 4);
      expect(totals[0]).toBe('合计（2 个项目）');
      expect(totals.slice(7, 11).map(cached)).toEqual([
        { formula: 'SUM(H2:H3)', result: 70_000 },
        { formula: 'SUM(I2:I3)', result: 60_000 },
        { formula: 'SUM(J2:J3)', result: 10_000 },
        { formula: 'SUM(K2:K3)', result: 0 },
      ]);
      expect(sheet.getRow(4).font?.bold).toBe(true);
      expect(sheet.autoFilter).toBe('A1:Q3');
      const notes = book.getWorksheet('说明');
      const noteRows = new Map<string, unknown>();
      notes?.eachRow((row) => {
        const v = row.values as unknown[];
        noteRows.set(String(v[1]), v[2]);
      });
      expect(noteRows.get('集中征集项目总额（元）')).toBe(30_000);
      expect(noteRows.get('日常征集项目总额（元）')).toBe(40_000);
      expect(noteRows.get('市分配经费额度（元）')).toBe('待设定');
      expect(noteRows.get('与市分配额度的差额（元）')).toBe('待设定');
    });

    it('R8.2 the plan as PDF: landscape, the title, both projects in their parts, the totals in 万元 and the blanks', async () => {
      const res = ok(await get(sys, 'town', `/api/towns/${townId}/annual-plan?year=2026&format=pdf`));
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('2026年度项目实施计划表-东城街道-2026-12-01.pdf'));
      const pages = await pdfPageCount(res.rawPayload);
      const text = (await pdfText(res.rawPayload)).join('\n').replace(/\s+/g, '');
      for (const expected of [
        '东城街道2026年度“民生微实事”项目实施计划表',
        '一、集中征集项目',
        CENTRAL,
        '二、日常征集项目',
        DAILY,
        '集中征集项目小计（1个项目）',
        '合计（2个项目）',
        '集中征集项目总额：3万元',
        '待市民政局设定本年度分配额度后填写',
        '镇（街道）党委或政府（盖章）',
      ]) {
        expect(text).toContain(expected);
      }
      expect(text).not.toContain(EARLY);
      expect(text.indexOf(CENTRAL)).toBeLessThan(text.indexOf(DAILY));
      expect(await pdfPageCount(res.rawPayload)).toBe(1);
      expect(pages).toBe(1);
    });

    it('R9.1 R9.2 the ledger as XLSX: a line per project and source, approved and the 结项表 actual, totals; 发放明细 with its columns and no line', async () => {
      const res = ok(await get(sys, 'town', `/api/towns/${townId}/funds-ledger?year=2026&format=xlsx`));
      expect(res.headers['content-disposition']).toContain(encodeURIComponent('2026年度资金发放台账-东城街道-2026-12-01.xlsx'));
      expect(res.headers['content-disposition']).toContain(`filename="funds-ledger-2026-town${townId}-2026-12-01.xlsx"`);
      const book = await workbook(res.rawPayload);
      const funds = book.getWorksheet('项目资金');
      if (funds === undefined) throw new Error('no funds sheet');
      expect(values(funds, 1)).toEqual(['项目编号', '村（社区）', '项目名称', '征集方式', '资金来源', '批准金额（元）', '实际投入（元）', '项目状态']);
      const code = (id: number): string => `XM2026-${String(id).padStart(5, '0')}`;
      expect(values(funds, 2)).toEqual([code(central), '示例社区一', CENTRAL, '集中征集', '专项资金', 30_000, 29_500, '已办结']);
      // R9.2 村（社区）自筹 is reported with 集体经济; not closed: no actual.
      expect(values(funds, 3)).toEqual([code(daily), '示例社区二', DAILY, '日常征集', '专项资金', 30_000, null, '已备案待公示（5万元以下）']);
      expect(values(funds, 4)).toEqual([code(daily), '示例社区二', DAILY, '日常征集', '集体经济', 10_000, null, '已备案待公示（5万元以下）']);
      expect(values(funds, 5)).toEqual(['合计（3 条）', null, null, null, null, { formula: 'SUM(F2:F4)', result: 70_000 }, { formula: 'SUM(G2:G4)', result: 29_500 }, null]);
      const paid = book.getWorksheet('发放明细');
      if (paid === undefined) throw new Error('no disbursement sheet');
      expect(values(paid, 1)).toEqual(['发放日期', '村（社区）', '项目', '金额（元）', '资金来源', '凭证号']);
      expect(values(paid, 2)).toEqual(['合计（0 笔）', null, null, 0, null, null]);
      const notes: unknown[] = [];
      book.getWorksheet('说明')?.eachRow((row) => notes.push((row.values as unknown[])[2]));
      expect(notes.join('\n')).toContain('暂无发放记录：本年度尚未登记资金发放（R9.1）');
    });

    it('R9.1 the ledger as PDF: approved and actual in 元, the totals, the disbursement columns and why they are empty', async () => {
      const res = ok(await get(sys, 'bureau', `/api/towns/${townId}/funds-ledger?year=2026&format=pdf`));
      const text = (await pdfText(res.rawPayload)).join('\n').replace(/\s+/g, '');
      for (const expected of ['东城街道2026年度“民生微实事”资金发放台账', CENTRAL, DAILY, '30,000.00', '29,500.00', '合计（2个项目，其中已结项1个）', '70,000.00', '发放日期', '凭证号', '暂无发放记录']) {
        expect(text).toContain(expected);
      }
      expect(await pdfPageCount(res.rawPayload)).toBeGreaterThanOrEqual(1);
    });

    it('R0.8 a reader who sees personal data masked gets the projects’ free texts masked, in both formats', async () => {
      const masked = maskPersonalDataInText(DAILY_CONTENT);
      expect(masked).not.toBe(DAILY_CONTENT);
      const book = await workbook(ok(await get(sys, 'bureau', `/api/towns/${townId}/annual-plan?year=2026`)).rawPayload);
      const sheet = book.getWorksheet('实施计划表');
      expect(sheet === undefined ? null : values(sheet, 3)[6]).toBe(masked);
      const pdf = (await pdfText(ok(await get(sys, 'supervisor', `/api/towns/${townId}/annual-plan?year=2026&format=pdf`)).rawPayload)).join('').replace(/\s+/g, '');
      expect(pdf).toContain(masked.replace(/\s+/g, ''));
      expect(pdf).not.toContain('13900002222');
    });

    it('R8.2 another year holds none of these projects; another town none either', async () => {
      const book = await workbook(ok(await get(sys, 'town', `/api/towns/${townId}/annual-plan?year=2027`)).rawPayload);
      const sheet = book.getWorksheet('实施计划表');
      expect(sheet?.rowCount).toBe(2);
      expect(sheet === undefined ? [] : values(sheet, 2)[0]).toBe('合计（0 个项目）');
      const far = await workbook(ok(await get(sys, 'bureau', `/api/towns/${farTownId}/annual-plan?year=2026`)).rawPayload);
      expect(far.getWorksheet('实施计划表')?.rowCount).toBe(2);
    });

    it('R0.8 a town outside the reader’s jurisdiction answers as a missing one, and so do a community’s id and an unknown id', async () => {
      const missing = { status: 404, code: 'NOT_FOUND' };
      const answer = (r: LightMyRequestResponse): unknown => ({ status: r.statusCode, code: r.json<{ error: { code: string } }>().error.code });
      for (const path of ['annual-plan', 'funds-ledger']) {
        // A community clerk's jurisdiction is its community: even its own town lies outside it.
        expect(answer(await get(sys, 'community', `/api/towns/${townId}/${path}?year=2026`))).toEqual(missing);
        expect(answer(await get(sys, 'town', `/api/towns/${farTownId}/${path}?year=2026`))).toEqual(missing);
        expect(answer(await get(sys, 'town', `/api/towns/${communityId}/${path}?year=2026`))).toEqual(missing);
        expect(answer(await get(sys, 'town', `/api/towns/999999/${path}?year=2026`))).toEqual(missing);
        ok(await get(sys, 'supervisor', `/api/towns/${townId}/${path}?year=2026`));
      }
      const denials = (await auditRows(sys)).filter((r) => r.action === 'accessDenied' && r.actor_username === 'community');
      expect(denials.map((r) => parseJson(r.details_json))).toContainEqual({ attempted: 'viewCase', code: 'FORBIDDEN_SCOPE' });
    });

    it('a bad year or format is a 400 VALIDATION_FAILED, never a 500', async () => {
      for (const query of ['', '?year=abc', '?year=1999', '?year=2026&format=docx', '?year=2026&extra=1']) {
        refused(await get(sys, 'town', `/api/towns/${townId}/annual-plan${query}`), 400, 'VALIDATION_FAILED');
        refused(await get(sys, 'town', `/api/towns/${townId}/funds-ledger${query}`), 400, 'VALIDATION_FAILED');
      }
    });

    it('R0.7 every file is audited as exportDocument with the document, town, year and format', async () => {
      const before = await lastAuditId(sys);
      ok(await get(sys, 'town', `/api/towns/${townId}/funds-ledger?year=2026&format=pdf`));
      ok(await get(sys, 'bureau', `/api/towns/${townId}/annual-plan?year=2026`));
      const rows = await auditRows(sys, before);
      expect(rows.map((r) => ({ action: r.action, who: r.actor_username, target: `${r.target_type ?? ''} ${r.target_id ?? ''}`, outcome: r.outcome }))).toEqual([
        { action: 'exportDocument', who: 'town', target: `unit ${townId}`, outcome: 'success' },
        { action: 'exportDocument', who: 'bureau', target: `unit ${townId}`, outcome: 'success' },
      ]);
      expect(parseJson(rows[0]?.details_json ?? null)).toMatchObject({ document: 'fundsLedger', townId, year: 2026, format: 'pdf', rows: 2 });
      expect(parseJson(rows[1]?.details_json ?? null)).toMatchObject({ document: 'annualPlan', townId, year: 2026, format: 'xlsx', rows: 2 });
    });
    it('R8.3 R9.1 once the allocation is set and disbursements recorded: the plan prints the allocation and the gap, the ledger every line and the pots', async () => {
      const allocation = decideAllocation(null, { type: 'setAllocation', townId, year: 2026, amountFen: 5_000_000, reason: null }, { now: new Date('2026-02-01T02:00:00.000Z'), actor: { userId: null, role: 'bureau_admin', unitId: null } });
      if (!allocation.ok) throw new Error(allocation.violation.message);
      await sys.database.db.transaction().execute((trx) => saveTownYear(trx, 'allocation', { townId, year: 2026 }, allocation.state, 0, '2026-02-01T02:00:00.000Z'));
      const town = await cookieOf(sys, 'town');
      ok(await sys.request('PUT', `/api/towns/${townId}/matching-fund`, { cookie: town, body: { year: 2026, version: 0, amountFen: 2_000_000, reason: null } }));
      const lines = [
        { projectId: central, amountFen: 1_000_000, source: 'special', voucherNo: 'DZ-001', date: '2026-11-02' },
        { projectId: daily, amountFen: 500_000, source: 'collective', voucherNo: 'DZ-002', date: '2026-10-20' },
      ];
      for (const line of lines) {
        const version = ok(await sys.request('GET', `/api/towns/${townId}/funds?year=2026`, { cookie: town })).json<{ version: number }>().version;
        ok(await sys.request('POST', `/api/towns/${townId}/disbursements`, { cookie: town, body: { year: 2026, version, ...line } }), 201);
      }

      const plan = await workbook(ok(await get(sys, 'town', `/api/towns/${townId}/annual-plan?year=2026`)).rawPayload);
      const noteRows = new Map<string, unknown>();
      plan.getWorksheet('说明')?.eachRow((row) => {
        const v = row.values as unknown[];
        noteRows.set(String(v[1]), v[2]);
      });
      expect(noteRows.get('市分配经费额度（元）')).toBe(50_000);
      expect(noteRows.get('与市分配额度的差额（元）')).toBe(-20_000);
      const planPdf = (await pdfText(ok(await get(sys, 'town', `/api/towns/${townId}/annual-plan?year=2026&format=pdf`)).rawPayload)).join('').replace(/\s+/g, '');
      expect(planPdf).toContain('市分配“民生微实事”经费额度：5万元；集中征集项目总额：3万元；与市分配额度的差额：低于额度2万元。');

      const book = await workbook(ok(await get(sys, 'town', `/api/towns/${townId}/funds-ledger?year=2026`)).rawPayload);
      const paid = book.getWorksheet('发放明细');
      if (paid === undefined) throw new Error('no disbursement sheet');
      expect(values(paid, 2)).toEqual([day('2026-10-20'), '示例社区二', DAILY, 5_000, '集体经济', 'DZ-002']);
      expect(values(paid, 3)).toEqual([day('2026-11-02'), '示例社区一', CENTRAL, 10_000, '专项资金', 'DZ-001']);
      expect(values(paid, 4).map(cached)).toEqual(['合计（2 笔）', null, null, { formula: 'SUM(D2:D3)', result: 15_000 }, null, null]);
      const notes: unknown[][] = [];
      book.getWorksheet('说明')?.eachRow((row) => notes.push((row.values as unknown[]).slice(1, 3)));
      expect(notes).toContainEqual(['市分配经费额度（元）', 50_000]);
      expect(notes).toContainEqual(['镇街配套资金（元）', 20_000]);
      expect(notes).toContainEqual(['发放合计（元）', 15_000]);
      const pdf = (await pdfText(ok(await get(sys, 'bureau', `/api/towns/${townId}/funds-ledger?year=2026&format=pdf`)).rawPayload)).join('').replace(/\s+/g, '');
      for (const expected of ['DZ-001', 'DZ-002', '2026-10-20', '10,000.00', '合计（2笔）', '15,000.00']) expect(pdf).toContain(expected);
      expect(pdf).not.toContain('暂无发放记录');
    });
  });
}
