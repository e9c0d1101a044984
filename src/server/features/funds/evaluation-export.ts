/**
 * R9.3 the yearly self-check and performance-evaluation (自查、绩效评价) of a town, or of one of its communities, as
 * files: an XLSX with 村（社区）汇总 (a row per community and the totals row), 项目明细 (a row per project and the
 * totals row) and 说明; and a printable PDF of the same tables (the documents' layout, render-pdf). Money in 元 from
 * 分, as the town's other yearly documents write it.
 */
import type ExcelJS from 'exceljs';
import { toLocalDate } from '../../../domain/calendar/index.js';
import { cell, label, paragraph, text, type Cell, type FormDocument, type Row } from '../../../domain/documents/layout.js';
import { percentOf } from '../../../domain/funds/evaluation.js';
import { formatYuan } from '../../../domain/money.js';
import { renderPdf } from '../documents/render-pdf.js';
import { newWorkbook, notesSheet, tableSheet, type Column } from '../documents/town-documents.js';
import type { EvaluationView } from './funds.schemas.js';

type UnitItem = EvaluationView['communities'][number];
type ProjectItem = EvaluationView['projects'][number];

export const EVALUATION_COMMUNITY_SHEET = '村（社区）汇总';
export const EVALUATION_PROJECT_SHEET = '项目明细';

const onTime = (v: boolean | null): string => (v === null ? '未结项' : v ? '按时' : '逾期');
const percent = (p: string | null): string => (p === null ? '' : `${p}%`);

const UNIT_COLUMNS: readonly Column<UnitItem>[] = [
  { header: '村（社区）', width: 20, value: (r) => r.unit.name },
  { header: '项目数', width: 9, kind: 'number', value: (r) => r.projectCount },
  { header: '已结项', width: 9, kind: 'number', value: (r) => r.closedCount },
  { header: '核定金额（元）', width: 16, kind: 'money', value: (r) => r.approvedFen },
  { header: '已发放（元）', width: 16, kind: 'money', value: (r) => r.disbursedFen },
  { header: '实际投入（元）', width: 16, kind: 'money', value: (r) => r.actualFen },
  { header: '实际与核定差额（元）', width: 18, kind: 'money', value: (r) => r.varianceFen },
  { header: '按时结项', width: 10, kind: 'number', value: (r) => r.closedOnTimeCount },
  { header: '逾期结项', width: 10, kind: 'number', value: (r) => r.closedLateCount },
  { header: '满意人数', width: 10, kind: 'number', value: (r) => r.satisfied },
  { header: '测评人数', width: 10, kind: 'number', value: (r) => r.respondents },
  { header: '满意率', width: 10, value: (r) => percent(r.satisfactionPercent) },
];

const PROJECT_COLUMNS: readonly Column<ProjectItem>[] = [
  { header: '项目编号', width: 16, value: (r) => r.code },
  { header: '村（社区）', width: 18, value: (r) => r.communityName },
  { header: '项目名称', width: 34, value: (r) => r.projectName },
  { header: '项目状态', width: 14, value: (r) => r.statusLabel },
  { header: '核定金额（元）', width: 16, kind: 'money', value: (r) => r.approvedFen },
  { header: '已发放（元）', width: 16, kind: 'money', value: (r) => r.disbursedFen },
  { header: '实际投入（元）', width: 16, kind: 'money', value: (r) => r.actualFen },
  { header: '实际与核定差额（元）', width: 18, kind: 'money', value: (r) => r.varianceFen },
  { header: '按时结项', width: 10, value: (r) => onTime(r.closedOnTime) },
  { header: '满意率', width: 10, value: (r) => percent(r.satisfactionPercent) },
];

export function evaluationHeaders(): { communities: string[]; projects: string[] } {
  return { communities: UNIT_COLUMNS.map((c) => c.header), projects: PROJECT_COLUMNS.map((c) => c.header) };
}

export function evaluationTitle(view: Pick<EvaluationView, 'townName' | 'year'>, communityName: string | null): string {
  return `${view.townName}${communityName ?? ''}${view.year}年度“民生微实事”项目自查及绩效评价表`;
}

function scopeName(view: EvaluationView): string | null {
  return view.communityId === null ? null : (view.communities[0]?.unit.name ?? null);
}

/** The rows as a workbook; the totals rows are the tables' own sums (money in 元, counts summed). */
export async function evaluationWorkbook(view: EvaluationView, createdAt: Date): Promise<Buffer> {
  const workbook = await newWorkbook(createdAt);
  const communities = tableSheet(workbook, EVALUATION_COMMUNITY_SHEET, UNIT_COLUMNS, view.communities, () => '合计');
  sumCounts(communities, UNIT_COLUMNS, view.communities);
  tableSheet(workbook, EVALUATION_PROJECT_SHEET, PROJECT_COLUMNS, view.projects, (n) => `合计（${n} 个项目）`);
  const scope = view.communityId === null ? view.town : view.communities[0];
  notesSheet(workbook, evaluationTitle(view, scopeName(view)), [
    ['单位', scope?.unit.name ?? view.townName],
    ['年度', view.year],
    ['项目数', scope?.projectCount ?? 0],
    ['满意率', percent(scope?.satisfactionPercent ?? null)],
    ['核定金额', '登记备案表所列项目经费来源（R9.2）'],
    ['已发放', '资金发放台账所列发放（R9.1）'],
    ['实际投入', '结项表“资金投入情况”所填；差额只计已结项（已报结项表）的项目'],
    ['按时结项', '结项表（R6.1）及镇（街道）满意度测评（R6.3）均在期限内完成'],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The totals row of the community sheet: its count columns summed as well (tableSheet sums the money). */
function sumCounts(sheet: ExcelJS.Worksheet, columns: readonly Column<UnitItem>[], rows: readonly UnitItem[]): void {
  const totals = sheet.getRow(rows.length + 2);
  columns.forEach((c, i) => {
    if (c.kind !== 'number') return;
    const n = rows.reduce((s, r) => s + Number(c.value(r) ?? 0), 0);
    const letter = sheet.getColumn(i + 1).letter;
    totals.getCell(i + 1).value = rows.length === 0 ? 0 : { formula: `SUM(${letter}2:${letter}${rows.length + 1})`, result: n };
  });
  const satisfied = rows.reduce((s, r) => s + r.satisfied, 0);
  const respondents = rows.reduce((s, r) => s + r.respondents, 0);
  const pct = columns.findIndex((c) => c.header === '满意率');
  if (pct >= 0 && respondents > 0) totals.getCell(pct + 1).value = percent(percentOf(satisfied, respondents));
}

const small = (value: string, options: Omit<Cell, 'blocks'> = {}): Cell => cell(paragraph(value, { style: 'small' }), { valign: 'middle', ...options });
const head = (value: string): Cell => ({ ...label(value), blocks: [paragraph([text(value, { bold: true })], { style: 'small', align: 'center' })] });
const money = (fen: number | null, bold = false): Cell => cell(paragraph([text(fen === null ? '' : signedYuan(fen), { bold })], { style: 'small', align: 'right' }), { valign: 'middle' });
const signedYuan = (fen: number): string => (fen < 0 ? `-${formatYuan(-fen)}` : formatYuan(fen));

/** The same tables as a printable landscape document. */
export function evaluationDocument(view: EvaluationView): FormDocument {
  const unitRows: Row[] = [{ header: true, cells: UNIT_COLUMNS.map((c) => head(c.header)) }];
  const unitCells = (r: UnitItem, bold = false): Cell[] => [
    small(r.unit.name),
    small(String(r.projectCount), { align: 'right' }),
    small(String(r.closedCount), { align: 'right' }),
    money(r.approvedFen, bold),
    money(r.disbursedFen, bold),
    money(r.actualFen, bold),
    money(r.varianceFen, bold),
    small(String(r.closedOnTimeCount), { align: 'right' }),
    small(String(r.closedLateCount), { align: 'right' }),
    small(String(r.satisfied), { align: 'right' }),
    small(String(r.respondents), { align: 'right' }),
    small(percent(r.satisfactionPercent), { align: 'right' }),
  ];
  for (const r of view.communities) unitRows.push({ cells: unitCells(r) });
  if (view.communityId === null) unitRows.push({ cells: unitCells({ ...view.town, unit: { ...view.town.unit, name: `合计（${view.townName}）` } }, true) });
  const projectRows: Row[] = [{ header: true, cells: PROJECT_COLUMNS.map((c) => head(c.header)) }];
  for (const p of view.projects) {
    projectRows.push({
      cells: [small(p.code), small(p.communityName), small(p.projectName), small(p.statusLabel), money(p.approvedFen), money(p.disbursedFen), money(p.actualFen), money(p.varianceFen), small(onTime(p.closedOnTime)), small(percent(p.satisfactionPercent))],
    });
  }
  if (view.projects.length === 0) projectRows.push({ cells: [small('（本年度暂无项目）', { colSpan: PROJECT_COLUMNS.length, align: 'center' })] });
  const sum = (f: (p: ProjectItem) => number | null): number => view.projects.reduce((s, p) => s + (f(p) ?? 0), 0);
  projectRows.push({
    cells: [
      cell(paragraph([text(`合计（${view.projects.length}个项目）`, { bold: true })], { style: 'small' }), { colSpan: 4, shaded: true, valign: 'middle' }),
      money(sum((p) => p.approvedFen), true),
      money(sum((p) => p.disbursedFen), true),
      money(sum((p) => p.actualFen), true),
      money(sum((p) => p.varianceFen), true),
      cell('', { colSpan: 2 }),
    ],
  });
  const title = evaluationTitle(view, scopeName(view));
  return {
    title: `${view.year}年度自查及绩效评价-${view.townName}`,
    orientation: 'landscape',
    blocks: [
      paragraph(title, { style: 'title', align: 'center', spaceAfter: 2 }),
      paragraph([text('一、村（社区）汇总（R9.3）', { bold: true })], { spaceAfter: 1 }),
      { kind: 'table', widths: [20, 9, 9, 16, 16, 16, 18, 10, 10, 10, 10, 10], rows: unitRows, keepRows: true },
      paragraph('金额单位：元。核定金额为登记备案表所列经费来源；已发放为资金发放台账所列；实际投入及差额只计已报结项表的项目。', { style: 'small', spaceAfter: 4 }),
      paragraph([text('二、项目明细', { bold: true })], { spaceAfter: 1 }),
      { kind: 'table', widths: [16, 18, 34, 14, 16, 16, 16, 18, 10, 10], rows: projectRows, keepRows: true },
      paragraph(''),
      paragraph('填表人：　　　　　　　　　审核人：　　　　　　　　　负责人：　　　　　　　　　填表日期：　　　　年　　月　　日', { style: 'small' }),
    ],
  };
}

export function evaluationPdf(view: EvaluationView, createdAt: Date): Promise<Buffer> {
  return renderPdf(evaluationDocument(view), { createdAt });
}

const UNSAFE_IN_FILENAME = /[\\/:*?"<>|]|\p{Cc}/gu;

/** `2026年度自查及绩效评价-东城街道-2026-12-01.xlsx`, and an ASCII name for clients without RFC 6266. */
export function evaluationFilename(
  town: { readonly id: number; readonly name: string },
  communityName: string | null,
  year: number,
  format: 'xlsx' | 'pdf',
  at: Date,
): { readonly filename: string; readonly ascii: string } {
  const date = toLocalDate(at);
  const name = `${town.name}${communityName ?? ''}`.replace(UNSAFE_IN_FILENAME, '').trim();
  return { filename: `${year}年度自查及绩效评价-${name === '' ? `town${town.id}` : name}-${date}.${format}`, ascii: `funds-evaluation-${year}-town${town.id}-${date}.${format}` };
}
