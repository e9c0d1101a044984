/**
 * Funds (R9) over the API on both dialects: a town's ledger sums to its accounts and to the SQL sums of its
 * `disbursement` rows (R9.1); a voucher number is used once per town, whatever its case or width, in any year and
 * in the database itself (R9.1); a disbursement past a project's approved amount is refused without an override and
 * recorded with one, audited and reported to the bureau (R9.2); budget against actual per source (R9.2); the
 * matching funds (R9.1); the self-check and performance-evaluation export parsed back (R9.3); concurrent writes, bad
 * input and the jurisdiction (R0.8).
 */
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decideAllocation, type AnnualPlan } from '../../../src/domain/plans/index.js';
import { saveTownYear } from '../../../src/server/features/plans/town-year.repository.js';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { at, basics, closeSmallProject, consult, consultationResult, cookieOf, newAccount, ok, openProject, refused, register, unitId, unitOf } from '../cases/flow.js';
import { lastAuditId } from '../fixtures.js';
import type { LedgerView, ProjectFundsView, EvaluationView } from '../../../src/server/features/funds/funds.schemas.js';

const WAN = 1_000_000;
const YUAN = 100;

async function as(sys: TestSystem, user: string, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown): Promise<LightMyRequestResponse> {
  return sys.request(method, url, { cookie: await cookieOf(sys, user), ...(body !== undefined ? { body } : {}) });
}

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

function values(sheet: ExcelJS.Worksheet, n: number): unknown[] {
  const v = sheet.getRow(n).values;
  return Array.isArray(v) ? Array.from({ length: sheet.columnCount }, (_, i) => (v[i + 1] === undefined ? null : v[i + 1])) : [];
}

const resultOf = (v: unknown): unknown => {
  const f = v as { formula?: string; result?: unknown } | null;
  return f !== null && typeof f === 'object' && typeof f.formula === 'string' ? (f.result ?? 0) : v;
};

for (const dialect of DIALECTS) {
  describe(`[${dialect}] R9 funds: the ledger, disbursements, matching funds, budget against actual, the evaluation`, () => {
    let sys: TestSystem;
    let townId: number;
    let farTownId: number;
    let communityId: number;
    let nearId: number;
    /** 示例社区一: 3万, 2万 专项资金 + 1万 自筹 (集体经济). */
    let road: number;
    /** 示例社区二: 4万, 3万 专项资金 + 1万 社会投入. */
    let meals: number;
    /** Consulted, never registered. */
    let early: number;
    /** 示例社区一: 2万 专项资金, closed with 1.95万 actual. */
    let pavilion: number;

    const ledger = async (user = 'town'): Promise<LedgerView> => ok(await as(sys, user, 'GET', `/api/towns/${townId}/funds?year=2026`)).json<LedgerView>();
    const disburse = async (body: Record<string, unknown>, user = 'town'): Promise<LightMyRequestResponse> => {
      const version = (await ledger()).version;
      return as(sys, user, 'POST', `/api/towns/${townId}/disbursements`, { year: 2026, version, date: '2026-11-20', ...body });
    };
    const rows = () => sys.database.db.selectFrom('disbursement').selectAll().orderBy('id').execute();

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      townId = (await unitOf(sys, 'town')).id;
      communityId = (await unitOf(sys, 'community')).id;
      farTownId = await unitId(sys, '南城街道');
      nearId = await unitId(sys, '示例社区二', '东城街道');
      await newAccount(sys, 'funds.near', 'community_staff', nearId);
      await newAccount(sys, 'funds.far', 'town_staff', farTownId);

      at(sys, '2026-09-28T02:00:00.000Z');
      road = await openProject(sys, 'community', { communityId, title: '资金测试一巷路面修复', heldAt: '2026-09-28T01:00:00.000Z' });
      meals = await openProject(sys, 'funds.near', { communityId: nearId, title: '资金测试长者助餐', heldAt: '2026-09-28T01:00:00.000Z' });
      early = await openProject(sys, 'community', { communityId, title: '资金测试未登记项目', heldAt: '2026-09-28T01:00:00.000Z' });
      pavilion = await openProject(sys, 'community', { communityId, title: '资金测试凉亭修缮', heldAt: '2026-09-28T01:00:00.000Z' });
      at(sys, '2026-09-29T02:00:00.000Z');
      const roadResult = { ...consultationResult(3 * WAN), fundSources: [{ source: 'special' as const, amountFen: 2 * WAN }, { source: 'selfRaised' as const, amountFen: WAN }] };
      ok(await consult(sys, 'community', road, { heldAt: '2026-09-29T01:00:00.000Z', result: roadResult }));
      const mealsResult = { ...consultationResult(4 * WAN, { mode: 'express' }), fundSources: [{ source: 'special' as const, amountFen: 3 * WAN }, { source: 'social' as const, amountFen: WAN }] };
      ok(await consult(sys, 'funds.near', meals, { heldAt: '2026-09-29T01:00:00.000Z', result: mealsResult }));
      ok(await consult(sys, 'community', early, { heldAt: '2026-09-29T01:00:00.000Z', result: consultationResult(2 * WAN) }));
      ok(await consult(sys, 'community', pavilion, { heldAt: '2026-09-29T01:00:00.000Z', result: consultationResult(2 * WAN, { period: { start: '2026-10-10', end: '2026-10-28' } }) }));
      at(sys, '2026-09-30T02:00:00.000Z');
      ok(await register(sys, 'community', road, basics(3 * WAN, { projectName: '资金测试一巷路面修复' })));
      ok(await register(sys, 'funds.near', meals, basics(4 * WAN, { category: 'service', subcategory: 'S1', projectName: '资金测试长者助餐', content: '独居老人助餐配送服务。' })));
      ok(await register(sys, 'community', pavilion, basics(2 * WAN, { projectName: '资金测试凉亭修缮' })));
      await closeSmallProject(sys, 'community', pavilion, { from: '2026-10-01T02:00:00.000Z', actualFen: 1_950_000 });

      // R8.3 the bureau's allocation for the town (its own routes are the plans' part): 100万.
      const allocation = decideAllocation(null, { type: 'setAllocation', townId, year: 2026, amountFen: 100 * WAN, reason: null }, { now: new Date('2026-02-01T02:00:00.000Z'), actor: { userId: null, role: 'bureau_admin', unitId: null } });
      if (!allocation.ok) throw new Error(allocation.violation.message);
      await sys.database.db.transaction().execute((trx) => saveTownYear(trx, 'allocation', { townId, year: 2026 }, allocation.state, 0, '2026-02-01T02:00:00.000Z'));
      at(sys, '2026-12-01T02:00:00.000Z');
    }, 120_000);
    afterAll(async () => sys.close());

    it('R9.1 the town clerk sets the matching funds; a change needs a reason; a community clerk may not', async () => {
      const first = ok(await as(sys, 'town', 'PUT', `/api/towns/${townId}/matching-fund`, { year: 2026, version: 0, amountFen: 20 * WAN, reason: null })).json<LedgerView>();
      expect(first.matchingFund).toMatchObject({ amountFen: 20 * WAN, version: 1 });
      expect(first.balances.matchingFund).toEqual({ creditedFen: 20 * WAN, drawnFen: 0, balanceFen: 20 * WAN });
      expect(first.balances.cityAllocation).toEqual({ creditedFen: 100 * WAN, drawnFen: 0, balanceFen: 100 * WAN });
      const audit = await lastAuditId(sys);
      const noReason = refused(await as(sys, 'town', 'PUT', `/api/towns/${townId}/matching-fund`, { year: 2026, version: 1, amountFen: 25 * WAN, reason: null }), 422, 'REASON_REQUIRED');
      expect(noReason).toMatchObject({ rule: 'R9.1', message: '调整镇街配套资金须说明理由' });
      const failure = await sys.database.db.selectFrom('audit_log').selectAll().where('id', '>', audit).execute();
      expect(failure.map((r) => [r.action, r.outcome])).toEqual([['setMatchingFund', 'failure']]);
      refused(await as(sys, 'town', 'PUT', `/api/towns/${townId}/matching-fund`, { year: 2026, version: 0, amountFen: 25 * WAN, reason: '追加' }), 409, 'VERSION_CONFLICT');
      const changed = ok(await as(sys, 'town', 'PUT', `/api/towns/${townId}/matching-fund`, { year: 2026, version: 1, amountFen: 25 * WAN, reason: '镇财政追加' })).json<LedgerView>();
      expect(changed.matchingFund.history.map((h) => [h.amountFen, h.reason])).toEqual([
        [20 * WAN, null],
        [25 * WAN, '镇财政追加'],
      ]);
      refused(await as(sys, 'community', 'PUT', `/api/towns/${townId}/matching-fund`, { year: 2026, version: 2, amountFen: 30 * WAN, reason: '越权' }), 403, 'FORBIDDEN_ROLE');
      refused(await as(sys, 'funds.far', 'PUT', `/api/towns/${townId}/matching-fund`, { year: 2026, version: 2, amountFen: 30 * WAN, reason: '越权' }), 404, 'NOT_FOUND');
      refused(await as(sys, 'town', 'PUT', `/api/towns/${townId}/matching-fund`, { year: 2026, version: 2, amountFen: 0, reason: '零' }), 400, 'VALIDATION_FAILED');
    });

    it('R9.1 the ledger sums to the accounts and to the SQL sums of its rows, across communities and sources', async () => {
      const before = await ledger();
      expect(before.projects.map((p) => p.projectId)).toEqual([road, meals, pavilion].sort((a, b) => a - b));
      expect(before.projects.find((p) => p.projectId === road)).toMatchObject({ approved: { special: 2 * WAN, collective: WAN, social: 0 }, fundedFrom: 'matching' });
      const lines = [
        { projectId: road, amountFen: WAN, source: 'special', voucherNo: 'PZ-001' },
        { projectId: road, amountFen: 5000 * YUAN, source: 'collective', voucherNo: 'PZ-002' },
        { projectId: meals, amountFen: 2 * WAN, source: 'special', voucherNo: 'PZ-003' },
        { projectId: meals, amountFen: 1234_56, source: 'social', voucherNo: 'PZ-004', date: '2026-11-25' },
      ];
      for (const line of lines) {
        const res = ok(await disburse(line), 201).json<{ line: LedgerView['lines'][number] }>();
        expect(res.line).toMatchObject({ projectId: line.projectId, amountFen: line.amountFen, source: line.source, voucherNo: line.voucherNo, override: null });
      }
      const view = await ledger();
      expect(view.discrepancies).toEqual([]);
      expect(view.lines).toHaveLength(4);
      const sqlRows = await rows();
      const sum = (f: (r: (typeof sqlRows)[number]) => boolean): number => sqlRows.filter(f).reduce((s, r) => s + r.amount_fen, 0);
      expect(view.balances.totalDisbursedFen).toBe(sum(() => true));
      expect(view.balances.totalDisbursedFen).toBe(WAN + 5000 * YUAN + 2 * WAN + 1234_56);
      for (const c of view.communities) {
        for (const source of ['special', 'collective', 'social'] as const) {
          expect(c.received[source], `${c.communityName} ${source}`).toBe(sum((r) => r.community_id === c.communityId && r.source === source));
        }
        expect(c.balanceFen).toBe(sum((r) => r.community_id === c.communityId));
      }
      expect(view.communities.map((c) => c.communityId).sort()).toEqual([communityId, nearId].sort());
      // Both projects are daily-collected: their 专项资金 draws on the matching funds (R8.4).
      expect(view.balances.matchingFund).toEqual({ creditedFen: 25 * WAN, drawnFen: 3 * WAN, balanceFen: 22 * WAN });
      expect(view.balances.cityAllocation).toEqual({ creditedFen: 100 * WAN, drawnFen: 0, balanceFen: 100 * WAN });
      expect(sqlRows.map((r) => [r.voucher_no, r.voucher_key, r.town_id, r.year])).toEqual(lines.map((l) => [l.voucherNo, l.voucherNo, townId, 2026]));
    });

    it('R9.1 a voucher number is used once per town: differently cased, full-width, other years, and in the database itself', async () => {
      const n = (await rows()).length;
      const version = (await ledger()).version;
      for (const voucherNo of ['pz-001', 'ＰＺ－００１ ', ' Pz-001']) {
        const r = refused(await disburse({ projectId: road, amountFen: 100, source: 'special', voucherNo }), 409, 'DUPLICATE_VOUCHER');
        expect(r).toMatchObject({ rule: 'R9.1' });
        expect(r.message).toContain('已在本镇（街道）台账中使用');
      }
      // A voucher of the town's 2025 ledger, and one the database holds that the ledger does not know of.
      const common = { town_id: townId, project_id: road, community_id: communityId, amount_fen: 100, source: 'special', overridden: 0 as const, recorded_by: null, recorded_at: '2026-01-05T02:00:00.000Z' };
      await sys.database.db.insertInto('disbursement').values({ ...common, year: 2025, disbursed_on: '2025-12-30', voucher_no: 'PZ-2025-9', voucher_key: 'PZ-2025-9' }).execute();
      refused(await disburse({ projectId: road, amountFen: 100, source: 'special', voucherNo: 'pz-2025-9' }), 409, 'DUPLICATE_VOUCHER');
      await sys.database.db.insertInto('disbursement').values({ ...common, year: 2026, disbursed_on: '2026-11-01', voucher_no: 'PZ-RACE', voucher_key: 'PZ-RACE' }).execute();
      refused(await disburse({ projectId: road, amountFen: 100, source: 'special', voucherNo: 'ｐｚ-race' }), 409, 'DUPLICATE_VOUCHER');
      expect((await rows()).length).toBe(n + 2);
      expect((await ledger()).version).toBe(version);
      await sys.database.db.deleteFrom('disbursement').where('voucher_key', 'in', ['PZ-2025-9', 'PZ-RACE']).execute();
      // Another town may use the same number.
      expect((await ledger()).lines.map((l) => l.voucherNo)).toContain('PZ-001');
    });

    it('R9.2 a disbursement past the approved amount is refused without an override, and recorded with one: audited, reported to the bureau', async () => {
      const before = await ledger();
      const n = (await rows()).length;
      const audit = await lastAuditId(sys);
      // 专项资金 2万 approved, 1万 paid: 1.5万 more goes 5000元 past it.
      const over = refused(await disburse({ projectId: road, amountFen: 15_000 * YUAN, source: 'special', voucherNo: 'PZ-005' }), 422, 'OVER_APPROVED');
      expect(over).toMatchObject({ rule: 'R9.2', approvedFen: 2 * WAN, disbursedFen: WAN, amountFen: 15_000 * YUAN, excessFen: 5000 * YUAN });
      expect(over.message).toBe('“民生大莞家”专项资金核定2万元，已发放1万元，本次发放将超出0.5万元；确需发放请说明理由');
      refused(await disburse({ projectId: road, amountFen: 100, source: 'social', voucherNo: 'PZ-005' }), 422, 'NOT_APPROVED');
      expect((await rows()).length).toBe(n);
      expect((await ledger()).version).toBe(before.version);
      const failures = await sys.database.db.selectFrom('audit_log').select(['action', 'outcome', 'target_type', 'target_id']).where('id', '>', audit).orderBy('id').execute();
      expect(failures.map((r) => [r.action, r.outcome, r.target_type, r.target_id])).toEqual([
        ['recordDisbursement', 'failure', 'project', String(road)],
        ['recordDisbursement', 'failure', 'project', String(road)],
      ]);

      const recorded = ok(await disburse({ projectId: road, amountFen: 15_000 * YUAN, source: 'special', voucherNo: 'PZ-005', override: { reason: '路面扩修，镇党委会议同意追加' } }), 201).json<{
        line: LedgerView['lines'][number];
        ledger: LedgerView;
      }>();
      expect(recorded.line.override).toMatchObject({ reason: '路面扩修，镇党委会议同意追加', approvedFen: 2 * WAN, excessFen: 5000 * YUAN });
      expect(recorded.ledger.discrepancies).toEqual([]);
      const row = (await rows()).find((r) => r.voucher_no === 'PZ-005');
      expect(Number(row?.overridden)).toBe(1);
      const reports = await sys.database.db.selectFrom('bureau_report').selectAll().where('kind', '=', 'disbursementOverridden').execute();
      expect(reports).toHaveLength(1);
      expect(reports[0]).toMatchObject({ town_id: townId, year: 2026, project_id: road });
      expect(JSON.parse(reports[0]?.payload_json ?? '{}')).toMatchObject({ voucherNo: 'PZ-005', amountFen: 15_000 * YUAN, override: { reason: '路面扩修，镇党委会议同意追加', excessFen: 5000 * YUAN } });
      const success = await sys.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'recordDisbursement').where('outcome', '=', 'success').orderBy('id', 'desc').executeTakeFirstOrThrow();
      expect(JSON.parse(success.details_json ?? '{}')).toMatchObject({ override: { reason: '路面扩修，镇党委会议同意追加', excessFen: 5000 * YUAN }, reportTo: 'bureau' });
      // The bureau reads the ledger, read-only.
      const bureau = await ledger('bureau');
      expect(bureau.canRecord).toBe(false);
      expect(bureau.lines.find((l) => l.voucherNo === 'PZ-005')?.override?.reason).toBe('路面扩修，镇党委会议同意追加');
    });

    it('R9.2 budget against actual per source on a project, for whoever may read the case', async () => {
      const funds = ok(await as(sys, 'community', 'GET', `/api/projects/${road}/funds`)).json<ProjectFundsView>();
      expect(funds.rows.map((r) => [r.source, r.approvedFen, r.disbursedFen, r.actualFen, r.undisbursedFen])).toEqual([
        ['special', 2 * WAN, 25_000 * YUAN, null, -5000 * YUAN],
        ['collective', WAN, 5000 * YUAN, null, 5000 * YUAN],
        ['social', 0, 0, null, 0],
      ]);
      expect(funds.total).toMatchObject({ approvedFen: 3 * WAN, disbursedFen: 30_000 * YUAN, actualFen: null, undisbursedFen: 0 });
      expect(funds.lines.map((l) => l.voucherNo)).toEqual(['PZ-001', 'PZ-002', 'PZ-005']);
      ok(await as(sys, 'bureau', 'GET', `/api/projects/${road}/funds`));
      refused(await as(sys, 'funds.near', 'GET', `/api/projects/${road}/funds`), 404, 'NOT_FOUND');
      refused(await as(sys, 'funds.far', 'GET', `/api/projects/${road}/funds`), 404, 'NOT_FOUND');
    });

    it('bad input is refused with a clear code and changes nothing; concurrent writes: one wins, the other VERSION_CONFLICT', async () => {
      const n = (await rows()).length;
      const v = (await ledger()).version;
      refused(await disburse({ projectId: road, amountFen: 0, source: 'special', voucherNo: 'PZ-X1' }), 400, 'VALIDATION_FAILED');
      refused(await disburse({ projectId: road, amountFen: 100, source: 'special', voucherNo: 'PZ-X1', date: '2026-12-02' }), 422, 'DATE_IN_FUTURE');
      refused(await disburse({ projectId: road, amountFen: 100, source: 'special', voucherNo: 'PZ-X1', date: '2026-02-30' }), 422, 'FORM_INVALID');
      refused(await disburse({ projectId: road, amountFen: 100, source: 'special', voucherNo: '   ' }), 422, 'FORM_INVALID');
      refused(await disburse({ projectId: road, amountFen: 100, source: 'other', voucherNo: 'PZ-X1' }), 400, 'VALIDATION_FAILED');
      const unregistered = refused(await disburse({ projectId: early, amountFen: 100, source: 'special', voucherNo: 'PZ-X1' }), 400, 'VALIDATION_FAILED');
      expect(unregistered.fields?.[0]?.field).toBe('projectId');
      refused(await disburse({ projectId: 999_999, amountFen: 100, source: 'special', voucherNo: 'PZ-X1' }), 400, 'VALIDATION_FAILED');
      refused(await as(sys, 'town', 'POST', `/api/towns/${townId}/disbursements`, { year: 2026, version: v - 1, date: '2026-11-20', projectId: road, amountFen: 100, source: 'collective', voucherNo: 'PZ-X1' }), 409, 'VERSION_CONFLICT');
      expect((await rows()).length).toBe(n);
      expect((await ledger()).version).toBe(v);

      const cookie = await cookieOf(sys, 'town');
      const post = (voucherNo: string) =>
        sys.request('POST', `/api/towns/${townId}/disbursements`, { cookie, body: { year: 2026, version: v, date: '2026-11-28', projectId: meals, amountFen: 100 * YUAN, source: 'special', voucherNo } });
      const both = await Promise.all([post('PZ-C1'), post('PZ-C2')]);
      expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      expect(both.find((r) => r.statusCode === 409)?.json<{ error: { code: string } }>().error.code).toBe('VERSION_CONFLICT');
      const after = await ledger();
      expect(after.version).toBe(v + 1);
      expect((await rows()).length).toBe(n + 1);
      expect(after.discrepancies).toEqual([]);
    });

    it('R0.8 a town outside the jurisdiction answers as a missing one; a community clerk may not record', async () => {
      refused(await as(sys, 'funds.far', 'GET', `/api/towns/${townId}/funds?year=2026`), 404, 'NOT_FOUND');
      refused(await as(sys, 'funds.far', 'POST', `/api/towns/${townId}/disbursements`, { year: 2026, version: 1, date: '2026-11-20', projectId: road, amountFen: 100, source: 'special', voucherNo: 'PZ-F1' }), 404, 'NOT_FOUND');
      refused(await as(sys, 'community', 'GET', `/api/towns/${townId}/funds?year=2026`), 404, 'NOT_FOUND');
      refused(await as(sys, 'community', 'POST', `/api/towns/${townId}/disbursements`, { year: 2026, version: 1, date: '2026-11-20', projectId: road, amountFen: 100, source: 'special', voucherNo: 'PZ-F1' }), 403, 'FORBIDDEN_ROLE');
      // A project of the own town recorded on another town's ledger: the far clerk's own town has no such project.
      const farView = ok(await as(sys, 'funds.far', 'GET', `/api/towns/${farTownId}/funds?year=2026`)).json<LedgerView>();
      refused(await as(sys, 'funds.far', 'POST', `/api/towns/${farTownId}/disbursements`, { year: 2026, version: farView.version, date: '2026-11-20', projectId: road, amountFen: 100, source: 'special', voucherNo: 'PZ-F1' }), 400, 'VALIDATION_FAILED');
    });

    it('R9.3 the self-check and performance evaluation per town and community, as JSON and XLSX parsed back, and PDF', async () => {
      const view = ok(await as(sys, 'town', 'GET', `/api/towns/${townId}/funds-evaluation?year=2026`)).json<EvaluationView>();
      expect(view.town).toMatchObject({ projectCount: 3, approvedFen: 9 * WAN, disbursedFen: 30_000 * YUAN + 2 * WAN + 1234_56 + 100 * YUAN, closedCount: 1, actualFen: 1_950_000, varianceFen: -50_000, respondents: 30, satisfied: 30, satisfactionPercent: '100' });
      expect(view.town.closedOnTimeCount + view.town.closedLateCount).toBe(1);
      expect(view.communities.map((c) => [c.unit.id, c.projectCount])).toEqual([
        [communityId, 2],
        [nearId, 1],
      ].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)));
      expect(view.projects.find((p) => p.projectId === pavilion)).toMatchObject({ status: 'closed', statusLabel: '已办结', approvedFen: 2 * WAN, disbursedFen: 0, actualFen: 1_950_000, varianceFen: -50_000 });
      const one = ok(await as(sys, 'town', 'GET', `/api/towns/${townId}/funds-evaluation?year=2026&communityId=${nearId}`)).json<EvaluationView>();
      expect(one.projects.map((p) => p.projectId)).toEqual([meals]);
      expect(one.communities.map((c) => c.unit.id)).toEqual([nearId]);
      refused(await as(sys, 'town', 'GET', `/api/towns/${townId}/funds-evaluation?year=2026&communityId=${farTownId}`), 400, 'VALIDATION_FAILED');

      const audit = await lastAuditId(sys);
      const file = ok(await as(sys, 'town', 'GET', `/api/towns/${townId}/funds-evaluation/export?year=2026`));
      expect(file.headers['content-type']).toContain('spreadsheetml');
      expect(file.headers['cache-control']).toBe('no-store');
      expect(decodeURIComponent(String(file.headers['content-disposition']))).toContain('2026年度自查及绩效评价-东城街道');
      const book = await workbook(file.rawPayload);
      expect(book.worksheets.map((s) => s.name)).toEqual(['村（社区）汇总', '项目明细', '说明']);
      const communities = book.getWorksheet('村（社区）汇总');
      if (communities === undefined) throw new Error('no community sheet');
      expect(values(communities, 1)).toEqual(['村（社区）', '项目数', '已结项', '核定金额（元）', '已发放（元）', '实际投入（元）', '实际与核定差额（元）', '按时结项', '逾期结项', '满意人数', '测评人数', '满意率']);
      const rowsOut = view.communities.map((c, i) => values(communities, i + 2));
      expect(rowsOut.map((r) => [r[0], r[1], r[3], r[4]])).toEqual(view.communities.map((c) => [c.unit.name, c.projectCount, c.approvedFen / 100, c.disbursedFen / 100]));
      const totals = values(communities, view.communities.length + 2).map(resultOf);
      expect([totals[0], totals[1], totals[2], totals[3], totals[4], totals[5], totals[6]]).toEqual(['合计', 3, 1, view.town.approvedFen / 100, view.town.disbursedFen / 100, 19_500, -500]);
      expect(totals[11]).toBe('100%');
      const projects = book.getWorksheet('项目明细');
      if (projects === undefined) throw new Error('no project sheet');
      expect(projects.rowCount).toBe(view.projects.length + 2);
      expect(values(projects, 2)[2]).toBe(view.projects[0]?.projectName);
      expect(resultOf(values(projects, view.projects.length + 2)[5])).toBe(view.town.disbursedFen / 100);
      const exported = await sys.database.db.selectFrom('audit_log').selectAll().where('id', '>', audit).execute();
      expect(exported.map((r) => [r.action, (JSON.parse(r.details_json ?? '{}') as { document?: string }).document])).toEqual([['exportDocument', 'fundsEvaluation']]);

      const pdf = ok(await as(sys, 'town', 'GET', `/api/towns/${townId}/funds-evaluation/export?year=2026&format=pdf&communityId=${communityId}`));
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      refused(await as(sys, 'funds.far', 'GET', `/api/towns/${townId}/funds-evaluation/export?year=2026`), 404, 'NOT_FOUND');
    });
    it('R8.3 R9.1 a project in the annual plan draws its 专项资金 on the pot of its entry: an allocation entry on the city’s allocation', async () => {
      const plan: AnnualPlan = {
        aggregate: 'annualPlan',
        townId,
        year: 2026,
        entries: [
          {
            projectId: pavilion,
            communityId,
            communityName: '示例社区一',
            projectName: '资金测试凉亭修缮',
            budgetFen: 2 * WAN,
            collection: 'daily',
            campaignId: null,
            kind: 'centralized',
            fundedFrom: 'allocation',
            enteredAt: '2026-10-01T02:00:00.000Z',
            adjustment: null,
          },
        ],
        submission: null,
      };
      await sys.database.db.transaction().execute((trx) => saveTownYear(trx, 'annual_plan', { townId, year: 2026 }, plan, 0, '2026-10-01T02:00:00.000Z'));
      const before = await ledger();
      expect(before.projects.find((p) => p.projectId === pavilion)?.fundedFrom).toBe('allocation');
      const res = ok(await disburse({ projectId: pavilion, amountFen: WAN, source: 'special', voucherNo: 'PZ-P1' }), 201).json<{ line: LedgerView['lines'][number]; ledger: LedgerView }>();
      expect(res.line.fundedFrom).toBe('allocation');
      expect(res.ledger.balances.cityAllocation).toEqual({ creditedFen: 100 * WAN, drawnFen: WAN, balanceFen: 99 * WAN });
      expect(res.ledger.balances.matchingFund.drawnFen).toBe(before.balances.matchingFund.drawnFen);
      expect(res.ledger.discrepancies).toEqual([]);
    });
  });
}
