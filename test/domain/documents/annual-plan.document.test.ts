/**
 * R8.2 《镇（街道）年度“民生微实事”项目实施计划表》: which projects a town's plan lists, their row as printed (类别,
 * 内容, 经费预算 by source in 万元, 办理方式, 实施主体, 实施时限, 备注), centralized before daily with the subtotals and
 * the total, and the blanks the plan keeps for what does not exist yet (the allocation and its gap, the stamp).
 */
import { describe, expect, it } from 'vitest';
import {
  ALLOCATION_PENDING_NOTE,
  STAMP_PENDING_NOTE,
  annualPlanDocument,
  annualPlanTotals,
  inAnnualPlan,
  planRowOf,
  type PlanProjectRow,
} from '../../../src/domain/documents/annual-plan.document.js';
import { documentText } from '../../../src/domain/documents/layout.js';
import { LARGE, SMALL, cells, confirmed, lines, registered } from './support.js';

function planRow(overrides: Partial<PlanProjectRow> & Pick<PlanProjectRow, 'projectId' | 'communityName' | 'projectName' | 'collection'>): PlanProjectRow {
  return {
    category: 'engineering',
    subcategory: 'E1',
    content: '修复破损路面，完善排水设施。',
    budgetFen: 3_000_000,
    budgetBySource: { special: 3_000_000, collective: 0, social: 0 },
    handlingMode: 'express',
    implementer: '东莞市某某建设工程有限公司',
    period: { start: '2026-03-01', end: '2026-05-31' },
    status: 'implementing',
    ...overrides,
  };
}

const ROWS: PlanProjectRow[] = [
  planRow({ projectId: 7, communityName: '温塘社区', projectName: '温塘日间照料服务', collection: 'daily', category: 'service', subcategory: 'S1', content: '为独居老人提供日间照料。', budgetFen: 4_500_000, budgetBySource: { special: 3_000_000, collective: 1_000_000, social: 500_000 }, handlingMode: 'direct', implementer: '东莞市某某社会工作服务中心', status: 'closed' }),
  planRow({ projectId: 3, communityName: '峡口社区', projectName: '峡口三巷路面修复工程', collection: 'centralized', budgetFen: 12_000_000, budgetBySource: { special: 10_000_000, collective: 0, social: 2_000_000 }, status: 'confirmed' }),
  planRow({ projectId: 2, communityName: '温塘社区', projectName: '温塘一巷路灯改造工程', collection: 'centralized' }),
];

describe('R8.2 the annual implementation plan', () => {
  it('R8.2 the title names the town and year; the table is landscape with the guide-like columns and the 经费预算 sources', () => {
    const doc = annualPlanDocument({ townName: '东城街道', year: 2026, rows: ROWS });
    expect(doc.orientation).toBe('landscape');
    expect(doc.title).toBe('2026年度项目实施计划表-东城街道');
    const text = lines(doc);
    expect(text[0]).toBe('东城街道2026年度“民生微实事”项目实施计划表');
    expect(cells(doc, '序号')).toEqual(['序号', '村（社区）', '项目名称', '项目类别', '建设（服务）内容', '经费预算（万元）', '办理方式', '实施主体', '实施时限', '备注']);
    expect(cells(doc, '合计').slice(0, 4)).toEqual(['合计', '专项资金', '集体经济', '社会投入']);
  });

  it('R8.2 centralized projects first (by community, then id), numbered on through the daily ones, each row as printed', () => {
    const doc = annualPlanDocument({ townName: '东城街道', year: 2026, rows: ROWS });
    const text = lines(doc);
    const at = (needle: string): number => text.findIndex((l) => l.includes(needle));
    // Communities in the Chinese collation (by pinyin): 温塘 (wen) before 峡口 (xia).
    expect(at('一、集中征集项目')).toBeLessThan(at('温塘一巷'));
    expect(at('温塘一巷')).toBeLessThan(at('峡口三巷'));
    expect(at('峡口三巷')).toBeLessThan(at('二、日常征集项目'));
    expect(at('二、日常征集项目')).toBeLessThan(at('温塘日间照料'));
    expect(cells(doc, '1').slice(1, 3)).toEqual(['温塘社区', '温塘一巷路灯改造工程']);
    expect(cells(doc, '2')).toEqual(['2', '峡口社区', '峡口三巷路面修复工程', '便民工程项目 生活环境美化工程', '修复破损路面，完善排水设施。', '12', '10', '0', '2', '莞家速递', '东莞市某某建设工程有限公司', '2026年3月1日至2026年5月31日', '镇（街道）已确认待公示']);
    expect(cells(doc, '3')).toEqual(['3', '温塘社区', '温塘日间照料服务', '公益服务项目 老年人服务', '为独居老人提供日间照料。', '4.5', '3', '1', '0.5', '莞家直达', '东莞市某某社会工作服务中心', '2026年3月1日至2026年5月31日', '已办结']);
  });

  it('R8.3 the subtotals and the total in 万元; the allocation and the gap left to fill in, saying why; the stamp area blank', () => {
    const doc = annualPlanDocument({ townName: '东城街道', year: 2026, rows: ROWS });
    expect(cells(doc, '集中征集项目小计（2个项目）')).toEqual(['集中征集项目小计（2个项目）', '15', '13', '0', '2', '']);
    expect(cells(doc, '日常征集项目小计（1个项目）')).toEqual(['日常征集项目小计（1个项目）', '4.5', '3', '1', '0.5', '']);
    expect(cells(doc, '合计（3个项目）')).toEqual(['合计（3个项目）', '19.5', '16', '1', '2.5', '']);
    expect(annualPlanTotals(ROWS)).toEqual({ centralized: 15_000_000, daily: 4_500_000, total: 19_500_000 });
    const text = documentText(doc);
    expect(text).toContain('市分配“民生微实事”经费额度：__________万元；集中征集项目总额：15万元；与市分配额度的差额：__________万元。');
    expect(text).toContain(ALLOCATION_PENDING_NOTE);
    expect(text).toContain(STAMP_PENDING_NOTE);
    expect(text).toContain('镇（街道）党委或政府（盖章）');
    expect(text).toContain('报送市民政局日期：');
  });

  it('R8.3 once an allocation is given, the plan prints it and the gap, short of it or beyond it', () => {
    const short = documentText(annualPlanDocument({ townName: '东城街道', year: 2026, rows: ROWS, allocationFen: 20_000_000 }));
    expect(short).toContain('市分配“民生微实事”经费额度：20万元；集中征集项目总额：15万元；与市分配额度的差额：低于额度5万元。');
    expect(short).not.toContain(ALLOCATION_PENDING_NOTE);
    const beyond = documentText(annualPlanDocument({ townName: '东城街道', year: 2026, rows: ROWS, allocationFen: 14_500_000 }));
    expect(beyond).toContain('与市分配额度的差额：超出额度0.5万元。');
  });

  it('R8.2 a plan with no project of a part says so and totals zero', () => {
    const doc = annualPlanDocument({ townName: '南城街道', year: 2027, rows: [] });
    expect(lines(doc).filter((l) => l === '（无）')).toHaveLength(2);
    expect(cells(doc, '合计（0个项目）')).toEqual(['合计（0个项目）', '0', '0', '0', '0', '']);
  });

  it('R8.2 R4.6 a project is in the plan once registered (small path) or confirmed (town path); not while under review, nor when terminated', () => {
    const small = registered(SMALL);
    expect(inAnnualPlan(small)).toBe(true);
    expect(planRowOf(small)).toMatchObject({ projectName: '温塘一巷路面修复工程', budgetFen: SMALL, budgetBySource: { special: SMALL, collective: 0, social: 0 }, collection: 'daily', status: 'registered' });
    expect(planRowOf(registered(LARGE))).toBeNull();
    expect(planRowOf(confirmed())).toMatchObject({ budgetFen: LARGE, budgetBySource: { special: 10_000_000, collective: 0, social: 2_000_000 }, handlingMode: 'direct', period: { start: '2026-10-20', end: '2026-11-20' } });
    // R4.3 transferred to an existing policy, or terminated: out of the plan whatever the registration says.
    for (const status of ['transferred', 'terminated'] as const) expect(planRowOf({ ...confirmed(), status })).toBeNull();
  });
});
