/**
 * The statistics as an Excel file: one worksheet per table of GET /api/statistics, each with a bold header row
 * frozen above it, money as numbers in 元 ('#,##0.00', converted from 分), and a bold totals row under the tables
 * whose rows add up (groups of projects or demands, deadlines by step or by unit).
 */
import { emptyWorkbook } from '../documents/excel.js';
import { excelLocalTime } from '../cases/case-export.js';
import type { DeadlineStepStat, MoneyValue, ProjectGroupItem, Statistics } from './statistics.schemas.js';

const MONEY_FORMAT = '#,##0.00';

type Cell = string | number | null;

interface SheetSpec {
  readonly name: string;
  readonly columns: readonly { readonly header: string; readonly width: number; readonly money?: true }[];
  readonly rows: readonly Cell[][];
  /** The totals row under the table, if its rows add up. */
  readonly totals?: readonly Cell[];
}

const yuan = (m: MoneyValue): number => m.fen / 100;

function projectSheet(name: string, unit: string, groups: readonly ProjectGroupItem[]): SheetSpec {
  const fen = groups.reduce((s, g) => s + g.budget.fen, 0);
  return {
    name,
    columns: [
      { header: unit, width: 28 },
      { header: '项目数', width: 10 },
      { header: '预算（元）', width: 18, money: true },
    ],
    rows: groups.map((g) => [g.label, g.count, yuan(g.budget)]),
    totals: ['合计', groups.reduce((s, g) => s + g.count, 0), fen / 100],
  };
}

function demandSheet(name: string, unit: string, groups: Statistics['demandsByChannel']): SheetSpec {
  return {
    name,
    columns: [
      { header: unit, width: 32 },
      { header: '诉求数', width: 10 },
    ],
    rows: groups.map((g) => [g.label, g.count]),
    totals: ['合计', groups.reduce((s, g) => s + g.count, 0)],
  };
}

const DEADLINE_COLUMNS = [
  { header: '按时办结', width: 10 },
  { header: '逾期办结', width: 10 },
  { header: '已逾期未办结', width: 14 },
  { header: '未到期未办结', width: 14 },
  { header: '按时办结率（%）', width: 16 },
] as const;

const deadlineCells = (d: Pick<DeadlineStepStat, 'onTime' | 'late' | 'overdue' | 'open' | 'rate'>): Cell[] => [d.onTime, d.late, d.overdue, d.open, d.rate];

/** The sums of deadline counts, with the rate recomputed from them. */
function deadlineTotals(items: readonly Pick<DeadlineStepStat, 'onTime' | 'late' | 'overdue' | 'open'>[], rate: string | null): Cell[] {
  const sum = (k: 'onTime' | 'late' | 'overdue' | 'open'): number => items.reduce((s, i) => s + i[k], 0);
  return ['合计', sum('onTime'), sum('late'), sum('overdue'), sum('open'), rate];
}

export function statisticsSheets(s: Statistics, rate: (part: number, whole: number) => string | null): SheetSpec[] {
  const stepSum = (k: 'onTime' | 'late' | 'overdue'): number => s.deadlines.byStep.reduce((t, i) => t + i[k], 0);
  const overallRate = rate(stepSum('onTime'), stepSum('onTime') + stepSum('late') + stepSum('overdue'));
  const unit = s.deadlines.unitKind === 'town' ? '镇（街道）' : '村（社区）';
  const sheets: SheetSpec[] = [
    {
      name: '总览',
      columns: [
        { header: '指标', width: 24 },
        { header: '数值', width: 18 },
      ],
      rows: [
        ['诉求数', s.totals.demands],
        ['项目数', s.totals.projects],
        ['预算合计（元）', yuan(s.totals.budget)],
        ['已结项项目数', s.satisfaction.closedProjects],
      ],
    },
    ...(s.projectsByTown.length > 0 ? [projectSheet('项目按镇街', '镇（街道）', s.projectsByTown)] : []),
    projectSheet('项目按村社区', '村（社区）', s.projectsByCommunity),
    projectSheet('项目按类型', '项目类型', s.projectsByCategory),
    projectSheet('项目按办理方式', '办理方式', s.projectsByHandlingMode),
    projectSheet('项目按状态', '状态', s.projectsByStatus),
    projectSheet('项目按年度', '年度', s.projectsByYear),
    demandSheet('诉求按渠道', '来源渠道', s.demandsByChannel),
    demandSheet('诉求按状态', '状态', s.demandsByStatus),
    {
      name: '期限按环节',
      columns: [{ header: '环节', width: 28 }, ...DEADLINE_COLUMNS],
      rows: s.deadlines.byStep.map((d) => [d.label, ...deadlineCells(d)]),
      totals: deadlineTotals(s.deadlines.byStep, overallRate),
    },
    {
      name: '期限按单位',
      columns: [{ header: unit, width: 24 }, { header: '环节', width: 28 }, ...DEADLINE_COLUMNS],
      rows: s.deadlines.byUnit.flatMap((u) => [[u.unitName, '全部环节', ...deadlineCells(u)], ...u.steps.map((d) => [u.unitName, d.label, ...deadlineCells(d)])]),
    },
    {
      name: '满意度',
      columns: [
        { header: '指标', width: 28 },
        { header: '数值', width: 14 },
      ],
      rows: [
        ['已结项项目数', s.satisfaction.closedProjects],
        ['读取测评的项目数', s.satisfaction.projectsRead],
        ['有测评结果的项目数', s.satisfaction.surveyedProjects],
        ['参与测评人数', s.satisfaction.respondents],
        ['回答总体评价人数', s.satisfaction.answered],
        ['满意人数（含基本满意）', s.satisfaction.satisfied],
        ['满意率（%）', s.satisfaction.rate],
      ],
    },
    {
      name: '标记',
      columns: [
        { header: '标记', width: 26 },
        { header: '规则', width: 8 },
        { header: '项目数', width: 10 },
      ],
      rows: s.flags.map((f) => [f.label, f.rule, f.count]),
    },
    {
      name: '资金',
      columns: [
        { header: '资金来源', width: 30 },
        { header: '预算投入（元）', width: 18, money: true },
        { header: '实际投入（元）', width: 18, money: true },
        { header: '资金台账已发放（元）', width: 20, money: true },
      ],
      rows: s.funds.rows.map((f) => [f.label, yuan(f.planned), yuan(f.actual), yuan(f.disbursed)]),
      totals: ['合计', yuan(s.funds.total.planned), yuan(s.funds.total.actual), yuan(s.funds.total.disbursed)],
    },
  ];
  return sheets;
}

/** The workbook of `statisticsSheets`. */
export async function statisticsWorkbook(s: Statistics, createdAt: Date, rate: (part: number, whole: number) => string | null): Promise<Buffer> {
  const workbook = await emptyWorkbook();
  workbook.creator = '民生微实事信息系统';
  workbook.created = createdAt;
  workbook.modified = createdAt;
  for (const spec of statisticsSheets(s, rate)) {
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
    sheet.columns = spec.columns.map((c) => ({ header: c.header, key: c.header, width: c.width, ...(c.money === true ? { style: { numFmt: MONEY_FORMAT } } : {}) }));
    const header = sheet.getRow(1);
    header.font = { bold: true };
    header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF0F0F0' } };
    header.eachCell((cell) => {
      cell.numFmt = 'General';
    });
    for (const row of spec.rows) sheet.addRow([...row]);
    if (spec.name === '总览') sheet.getCell('B4').numFmt = MONEY_FORMAT;
    if (spec.totals !== undefined) {
      const totals = sheet.addRow([...spec.totals]);
      totals.font = { bold: true };
      totals.getCell(1).numFmt = 'General';
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** `统计-YYYY-MM-DD.xlsx`, dated by the request's clock in Asia/Shanghai, and its ASCII fallback. */
export function statisticsFilename(now: Date): { readonly filename: string; readonly ascii: string } {
  const day = excelLocalTime(now.toISOString()).toISOString().slice(0, 10);
  return { filename: `统计-${day}.xlsx`, ascii: `statistics-${day}.xlsx` };
}
