/**
 * R9.1 资金发放台账 of a town and year: per project and fund source (R9.2's three rows) the approved amount from the
 * registration and the actual from the 结项表 once filed, in 元, with subtotals per source and the total; the
 * disbursement columns (发放日期, 村（社区）, 项目, 金额, 资金来源, 凭证号) printed and, until R9.1 disbursements are
 * recorded, a line saying so.
 */
import { describe, expect, it } from 'vitest';
import { DISBURSEMENTS_PENDING_NOTE, fundsLedgerDocument, ledgerRowOf, ledgerSources, type LedgerProjectRow } from '../../../src/domain/documents/funds-ledger.document.js';
import { documentText } from '../../../src/domain/documents/layout.js';
import { closureForm } from '../lifecycle/fixtures.js';
import { SMALL, cells, confirmed, lines, registered } from './support.js';

const ROWS: LedgerProjectRow[] = [
  {
    projectId: 9,
    code: 'XM2026-00009',
    communityName: '温塘社区',
    projectName: '温塘日间照料服务',
    collection: 'daily',
    status: 'closed',
    approved: { special: 3_000_000, collective: 1_000_000, social: 0 },
    actual: { special: 2_950_050, collective: 1_000_000, social: 0 },
  },
  {
    projectId: 4,
    code: 'XM2026-00004',
    communityName: '峡口社区',
    projectName: '峡口三巷路面修复工程',
    collection: 'centralized',
    status: 'implementing',
    approved: { special: 10_000_000, collective: 0, social: 2_000_000 },
    actual: null,
  },
];

describe('R9.1 the funds ledger', () => {
  it('R9.1 R9.2 a line per project and source with an amount: approved in 元, actual once the 结项表 is filed', () => {
    const doc = fundsLedgerDocument({ townName: '东城街道', year: 2026, rows: ROWS });
    expect(doc.orientation).toBe('landscape');
    expect(doc.title).toBe('2026年度资金发放台账-东城街道');
    expect(lines(doc)[0]).toBe('东城街道2026年度“民生微实事”资金发放台账');
    expect(cells(doc, '序号')).toEqual(['序号', '项目编号', '村（社区）', '项目名称', '资金来源', '批准金额（元）', '实际投入（元）', '项目状态']);
    // Centralized first: 峡口 (not closed: actual blank), then the daily 温塘 project.
    expect(cells(doc, '1')).toEqual(['1', 'XM2026-00004', '峡口社区', '峡口三巷路面修复工程', '专项资金', '100,000.00', '', '实施中（未结项）']);
    expect(cells(doc, '社会投入')).toEqual(['社会投入', '20,000.00', '']);
    expect(cells(doc, '2')).toEqual(['2', 'XM2026-00009', '温塘社区', '温塘日间照料服务', '专项资金', '30,000.00', '29,500.50', '已办结']);
    expect(cells(doc, '集体经济')).toEqual(['集体经济', '10,000.00', '10,000.00']);
  });

  it('R9.2 subtotals per source and the total: approved over every project, actual over the closed ones', () => {
    const doc = fundsLedgerDocument({ townName: '东城街道', year: 2026, rows: ROWS });
    expect(cells(doc, '小计：专项资金')).toEqual(['小计：专项资金', '130,000.00', '29,500.50', '']);
    expect(cells(doc, '小计：集体经济')).toEqual(['小计：集体经济', '10,000.00', '10,000.00', '']);
    expect(cells(doc, '小计：社会投入')).toEqual(['小计：社会投入', '20,000.00', '0.00', '']);
    expect(cells(doc, '合计（2个项目，其中已结项1个）')).toEqual(['合计（2个项目，其中已结项1个）', '160,000.00', '39,500.50', '']);
  });

  it('R9.1 the disbursement columns are printed and stay empty, saying why, until disbursements are recorded', () => {
    const doc = fundsLedgerDocument({ townName: '东城街道', year: 2026, rows: ROWS });
    expect(cells(doc, '发放日期')).toEqual(['发放日期', '村（社区）', '项目', '金额（元）', '资金来源', '凭证号']);
    expect(cells(doc, DISBURSEMENTS_PENDING_NOTE)).toEqual([DISBURSEMENTS_PENDING_NOTE]);
    expect(documentText(doc)).toContain('二、资金发放明细（R9.1）');
  });

  it('R9.1 a disbursement, once there are some, is a line of 二 with its voucher number, and 二 sums them', () => {
    const doc = fundsLedgerDocument({
      townName: '东城街道',
      year: 2026,
      rows: ROWS,
      disbursements: [{ date: '2026-04-02', communityName: '峡口社区', projectName: '峡口三巷路面修复工程', amountFen: 5_000_000, source: 'special', voucherNo: 'PZ-2026-0042' }],
    });
    expect(cells(doc, '2026-04-02')).toEqual(['2026-04-02', '峡口社区', '峡口三巷路面修复工程', '50,000.00', '专项资金', 'PZ-2026-0042']);
    expect(cells(doc, '合计（1笔）')).toEqual(['合计（1笔）', '50,000.00', '']);
    expect(documentText(doc)).not.toContain(DISBURSEMENTS_PENDING_NOTE);
  });

  it('R9.2 from a project: the agreed sources (自筹 with 集体经济), the 结项表 actual when filed, null before', () => {
    const before = ledgerRowOf(registered(SMALL), 'XM2026-00001');
    expect(before).toMatchObject({ approved: { special: SMALL, collective: 0, social: 0 }, actual: null, status: 'registered' });
    expect(before === null ? [] : ledgerSources(before)).toEqual(['special']);
    expect(ledgerRowOf(confirmed(), 'XM2026-00001')?.approved).toEqual({ special: 10_000_000, collective: 0, social: 2_000_000 });
    const form = { ...closureForm('engineering', SMALL), survey: null };
    const closed = ledgerRowOf({ ...registered(SMALL), status: 'closureFiled', closure: { form, submittedAt: '2026-11-25T02:00:00.000Z' } }, 'XM2026-00001');
    expect(closed?.actual).toEqual(form.actual);
    expect(ledgerRowOf({ ...confirmed(), status: 'terminated' }, 'XM2026-00001')).toBeNull();
  });
});
