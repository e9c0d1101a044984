/**
 * A town's yearly documents as files: the 年度“民生微实事”项目实施计划表 (R8.2) and the 资金发放台账 (R9.1), each as
 * XLSX and PDF. The PDF is the domain's printable layout (annual-plan.document.ts, funds-ledger.document.ts) rendered
 * by renderPdf; the XLSX follows the list exports (case-export.ts): a bold header row frozen above the rows, an
 * auto-filter, typed cells (dates as dates, money as numbers in 元 with two decimals) and a bold totals row of SUM
 * formulas with their values cached, computed in 分. A 说明 sheet says what the document waits for.
 */
import { emptyWorkbook, type ExcelJS } from './excel.js';
import { toLocalDate, type LocalDate } from '../../../domain/calendar/index.js';
import { CATEGORY_LABELS, CLOSURE_FUND_ROWS, HANDLING_MODE_LABELS, SUBCATEGORIES } from '../../../domain/categories.js';
import {
  ADJUSTMENT_NOTE,
  ALLOCATION_PENDING_NOTE,
  COLLECTION_LABELS,
  FUND_ROW_SHORT_LABELS,
  STAMP_PENDING_NOTE,
  annualPlanTitle,
  annualPlanTotals,
  sortPlanRows,
  type AnnualPlanInput,
  type PlanProjectRow,
} from '../../../domain/documents/annual-plan.document.js';
import { fundsLedgerTitle, ledgerSources, type FundsLedgerInput, type LedgerDisbursement, type LedgerProjectRow } from '../../../domain/documents/funds-ledger.document.js';
import type { TownBalances } from '../../../domain/funds/ledger.js';
import { STAMP_AUTHORITY_LABELS, type PlanSubmission } from '../../../domain/plans/annual-plan.js';
import { PROJECT_STATUS_LABELS } from '../../../domain/lifecycle/statuses.js';
import type { Fen } from '../../../domain/money.js';

export const TOWN_DOCUMENTS = ['annualPlan', 'fundsLedger'] as const;
export type TownDocument = (typeof TOWN_DOCUMENTS)[number];

export const TOWN_DOCUMENT_FORMATS = ['xlsx', 'pdf'] as const;
export type TownDocumentFormat = (typeof TOWN_DOCUMENT_FORMATS)[number];

export const TOWN_DOCUMENT_LABELS: Readonly<Record<TownDocument, string>> = {
  annualPlan: '项目实施计划表',
  fundsLedger: '资金发放台账',
};

const ASCII_STEMS: Readonly<Record<TownDocument, string>> = { annualPlan: 'annual-plan', fundsLedger: 'funds-ledger' };

/** Characters a file name may not hold on Windows, macOS or Linux, and control characters. */
const UNSAFE_IN_FILENAME = /[\\/:*?"<>|]|\p{Cc}/gu;

/** `2026年度项目实施计划表-东城街道-2026-12-01.xlsx`, and `annual-plan-2026-town4-2026-12-01.xlsx` for clients without RFC 6266. */
export function townDocumentFilename(
  document: TownDocument,
  town: { readonly id: number; readonly name: string },
  year: number,
  format: TownDocumentFormat,
  at: Date,
): { readonly filename: string; readonly ascii: string } {
  const date = toLocalDate(at);
  const name = town.name.replace(UNSAFE_IN_FILENAME, '').trim();
  return {
    filename: `${year}年度${TOWN_DOCUMENT_LABELS[document]}-${name === '' ? `town${town.id}` : name}-${date}.${format}`,
    ascii: `${ASCII_STEMS[document]}-${year}-town${town.id}-${date}.${format}`,
  };
}

// ------------------------------------------------------------------------------------------------ sheets

const MONEY_FORMAT = '#,##0.00';
const DATE_FORMAT = 'yyyy-mm-dd';

type Value = string | number | Date | null;

export interface Column<R> {
  readonly header: string;
  readonly width: number;
  /** money: the value is in 分 and is written in 元 (R0.1), summed on the totals row. */
  readonly kind?: 'money' | 'date' | 'number';
  readonly value: (row: R) => Value;
}

/** A civil date as the Date exceljs writes as that day (Excel dates have no time zone). */
export function excelDate(date: LocalDate): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

export async function newWorkbook(createdAt: Date): Promise<ExcelJS.Workbook> {
  const workbook = await emptyWorkbook();
  workbook.creator = '民生微实事信息系统';
  workbook.created = createdAt;
  workbook.modified = createdAt;
  return workbook;
}

/**
 * One table sheet: the bold frozen header, the rows, the auto-filter, and the bold totals row — `合计（N 条）` in
 * the first column and each money column's SUM (cached value summed in 分).
 */
export function tableSheet<R>(workbook: ExcelJS.Workbook, name: string, columns: readonly Column<R>[], rows: readonly R[], totalLabel: (n: number) => string): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  sheet.columns = columns.map((c) => {
    const numFmt = c.kind === 'money' ? MONEY_FORMAT : c.kind === 'date' ? DATE_FORMAT : undefined;
    return { header: c.header, key: c.header, width: c.width, ...(numFmt !== undefined ? { style: { numFmt } } : {}) };
  });
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF0F0F0' } };
  header.eachCell((cell) => {
    cell.numFmt = 'General';
  });
  for (const row of rows) {
    sheet.addRow(
      columns.map((c) => {
        const v = c.value(row);
        return c.kind === 'money' && typeof v === 'number' ? v / 100 : v;
      }),
    );
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows.length + 1, column: columns.length } };
  const totals = sheet.addRow(
    columns.map((c, i) => {
      if (i === 0) return totalLabel(rows.length);
      if (c.kind !== 'money') return null;
      const fen = rows.reduce<Fen>((sum, r) => sum + Number(c.value(r) ?? 0), 0);
      if (rows.length === 0) return 0;
      const letter = sheet.getColumn(i + 1).letter;
      return { formula: `SUM(${letter}2:${letter}${rows.length + 1})`, result: fen / 100 };
    }),
  );
  totals.font = { bold: true };
  totals.getCell(1).numFmt = 'General';
  return sheet;
}

/** The 说明 sheet: the document's title, then one line a row (a label and its value). */
export function notesSheet(workbook: ExcelJS.Workbook, title: string, lines: readonly (readonly [string, Value])[]): void {
  const sheet = workbook.addWorksheet('说明');
  sheet.columns = [
    { key: 'label', width: 28 },
    { key: 'value', width: 110 },
  ];
  const head = sheet.addRow([title]);
  head.font = { bold: true, size: 14 };
  for (const [label, value] of lines) {
    const row = sheet.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    if (typeof value === 'number') row.getCell(2).numFmt = MONEY_FORMAT;
  }
}

// ------------------------------------------------------------------------------------------------ the plan

export const PLAN_SHEET = '实施计划表';

const PLAN_COLUMNS: readonly Column<PlanProjectRow & { readonly n: number; readonly code: string }>[] = [
  { header: '序号', width: 6, kind: 'number', value: (r) => r.n },
  { header: '项目编号', width: 16, value: (r) => r.code },
  { header: '村（社区）', width: 16, value: (r) => r.communityName },
  { header: '项目名称', width: 32, value: (r) => r.projectName },
  { header: '项目类别', width: 14, value: (r) => CATEGORY_LABELS[r.category] },
  { header: '项目子类', width: 22, value: (r) => SUBCATEGORIES[r.subcategory].label },
  { header: '建设（服务）内容', width: 44, value: (r) => r.content },
  { header: '经费预算合计（元）', width: 16, kind: 'money', value: (r) => r.budgetFen },
  ...CLOSURE_FUND_ROWS.map((s): Column<PlanProjectRow & { readonly n: number; readonly code: string }> => ({
    header: `${FUND_ROW_SHORT_LABELS[s]}（元）`,
    width: 15,
    kind: 'money',
    value: (r) => r.budgetBySource[s],
  })),
  { header: '办理方式', width: 11, value: (r) => HANDLING_MODE_LABELS[r.handlingMode] },
  { header: '实施主体', width: 26, value: (r) => r.implementer },
  { header: '实施开始', width: 12, kind: 'date', value: (r) => excelDate(r.period.start) },
  { header: '实施结束', width: 12, kind: 'date', value: (r) => excelDate(r.period.end) },
  { header: '征集方式', width: 10, value: (r) => COLLECTION_LABELS[r.collection] },
  { header: '项目状态', width: 18, value: (r) => PROJECT_STATUS_LABELS[r.status] },
];

/** The plan's column headers, in order. */
export function planHeaders(): string[] {
  return PLAN_COLUMNS.map((c) => c.header);
}

/**
 * The plan as a workbook: its table (centralized first), and 说明 with the totals, the city's allocation and the gap
 * (R8.3), and the stamp and submission (R8.2) once recorded.
 */
export async function planWorkbook(input: AnnualPlanInput, codes: ReadonlyMap<number, string>, createdAt: Date, submission: PlanSubmission | null = null): Promise<Buffer> {
  const workbook = await newWorkbook(createdAt);
  const rows = sortPlanRows(input.rows).map((r, i) => ({ ...r, n: i + 1, code: codes.get(r.projectId) ?? '' }));
  tableSheet(workbook, PLAN_SHEET, PLAN_COLUMNS, rows, (n) => `合计（${n} 个项目）`);
  const totals = annualPlanTotals(input.rows);
  const allocationFen = input.allocationFen ?? null;
  notesSheet(workbook, annualPlanTitle(input.townName, input.year), [
    ['填报单位', input.townName],
    ['年度', input.year],
    ['集中征集项目总额（元）', totals.centralized / 100],
    ['日常征集项目总额（元）', totals.daily / 100],
    ['项目总额（元）', totals.total / 100],
    ['市分配经费额度（元）', allocationFen === null ? '待设定' : allocationFen / 100],
    ['与市分配额度的差额（元）', allocationFen === null ? '待设定' : (totals.centralized - allocationFen) / 100],
    ['说明', allocationFen === null ? ALLOCATION_PENDING_NOTE : '集中征集确认的项目总额不得少于市分配额度（R8.3）；差额为负即低于额度。'],
    ['', ADJUSTMENT_NOTE],
    ['', submission === null ? STAMP_PENDING_NOTE : '本表经镇（街道）党委或政府盖章后于2月底前报市民政局（R8.2）。'],
    ['盖章', submission === null ? '' : `${STAMP_AUTHORITY_LABELS[submission.stamp.authority]}，${submission.stamp.stampedByName}，${submission.stamp.stampedOn}`],
    ['报送市民政局日期', submission === null ? '' : `${toLocalDate(new Date(submission.submittedAt))}${submission.late ? '（逾期报送）' : ''}`],
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

// ------------------------------------------------------------------------------------------------ the ledger

export const LEDGER_FUNDS_SHEET = '项目资金';
export const LEDGER_DISBURSEMENTS_SHEET = '发放明细';

interface LedgerLine {
  readonly row: LedgerProjectRow;
  readonly source: (typeof CLOSURE_FUND_ROWS)[number];
}

const LEDGER_COLUMNS: readonly Column<LedgerLine>[] = [
  { header: '项目编号', width: 16, value: (l) => l.row.code },
  { header: '村（社区）', width: 16, value: (l) => l.row.communityName },
  { header: '项目名称', width: 34, value: (l) => l.row.projectName },
  { header: '征集方式', width: 10, value: (l) => COLLECTION_LABELS[l.row.collection] },
  { header: '资金来源', width: 12, value: (l) => FUND_ROW_SHORT_LABELS[l.source] },
  { header: '批准金额（元）', width: 16, kind: 'money', value: (l) => l.row.approved[l.source] },
  { header: '实际投入（元）', width: 16, kind: 'money', value: (l) => (l.row.actual === null ? null : l.row.actual[l.source]) },
  { header: '项目状态', width: 18, value: (l) => PROJECT_STATUS_LABELS[l.row.status] },
];

const DISBURSEMENT_COLUMNS: readonly Column<LedgerDisbursement>[] = [
  { header: '发放日期', width: 12, kind: 'date', value: (d) => excelDate(d.date) },
  { header: '村（社区）', width: 16, value: (d) => d.communityName },
  { header: '项目', width: 34, value: (d) => d.projectName },
  { header: '金额（元）', width: 16, kind: 'money', value: (d) => d.amountFen },
  { header: '资金来源', width: 12, value: (d) => FUND_ROW_SHORT_LABELS[d.source] },
  { header: '凭证号', width: 20, value: (d) => d.voucherNo },
];

export function ledgerHeaders(): { funds: string[]; disbursements: string[] } {
  return { funds: LEDGER_COLUMNS.map((c) => c.header), disbursements: DISBURSEMENT_COLUMNS.map((c) => c.header) };
}

/**
 * The ledger as a workbook: 项目资金 (a line per project and fund source: approved, actual), 发放明细 (the R9.1
 * columns, a line per disbursement, with its total) and 说明 (with the town's pots, once any is set or drawn).
 */
export async function ledgerWorkbook(input: FundsLedgerInput, createdAt: Date, balances: TownBalances | null = null): Promise<Buffer> {
  const workbook = await newWorkbook(createdAt);
  const lines: LedgerLine[] = sortPlanRows(input.rows).flatMap((row) => ledgerSources(row).map((source) => ({ row, source })));
  tableSheet(workbook, LEDGER_FUNDS_SHEET, LEDGER_COLUMNS, lines, (n) => `合计（${n} 条）`);
  const disbursements = input.disbursements ?? [];
  tableSheet(workbook, LEDGER_DISBURSEMENTS_SHEET, DISBURSEMENT_COLUMNS, disbursements, (n) => `合计（${n} 笔）`);
  notesSheet(workbook, fundsLedgerTitle(input.townName, input.year), [
    ['编制单位', `${input.townName}“民生大莞家”牵头部门`],
    ['年度', input.year],
    ['批准金额', '登记备案表所列项目经费来源（村（社区）自筹计入集体经济）'],
    ['实际投入', '结项表“资金投入情况”所填；未结项的项目为空'],
    ['发放明细', disbursements.length === 0 ? '暂无发放记录：本年度尚未登记资金发放（R9.1）。' : '镇（街道）向村（社区）专用账户的每笔资金发放（R9.1），按发放日期排列'],
    ...(balances === null
      ? []
      : ([
          ['市分配经费额度（元）', balances.cityAllocation.creditedFen / 100],
          ['其中已发放（元）', balances.cityAllocation.drawnFen / 100],
          ['镇街配套资金（元）', balances.matchingFund.creditedFen / 100],
          ['其中已发放（元）', balances.matchingFund.drawnFen / 100],
          ['发放合计（元）', balances.totalDisbursedFen / 100],
        ] as const)),
  ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
