/**
 * The 诉求 and 项目 lists as Excel files: every case the list's filter gives inside the reader's jurisdiction (R0.8),
 * in the list's order and masked as the list masks it, read page by page through the list itself and written as
 * one worksheet with typed cells — times as Excel dates in Asia/Shanghai local time, budgets as numbers in 元.
 */
import { emptyWorkbook } from '../documents/excel.js';
import { AppError } from '../../errors.js';
import type { CaseListItem } from './case-query.service.js';

/** The most rows one export holds; a filter that gives more is refused (EXPORT_TOO_LARGE) before any is written. */
export const EXPORT_ROW_LIMIT = 50_000;

/** Rows read per page of the list. */
export const EXPORT_PAGE_SIZE = 500;

export type ExportKind = 'demand' | 'project';

/** One page of the list, as `CaseQueryService.listDemands` / `listProjects` answer it. */
export type ListPage = (paging: { readonly limit: number; readonly offset: number }) => Promise<{ readonly total: number; readonly items: readonly CaseListItem[] }>;

/**
 * Every row of the list, newest first, read in pages. The total of the first page decides the limit, so a filter
 * that is too broad costs one page. Pages are read by offset: a case entered meanwhile pushes the rows down, a row
 * read twice is kept once, and reading goes on until a page comes short.
 */
export async function collectListRows(page: ListPage, limit = EXPORT_ROW_LIMIT, pageSize = EXPORT_PAGE_SIZE): Promise<CaseListItem[]> {
  const first = await page({ limit: pageSize, offset: 0 });
  if (first.total > limit) throw new AppError('EXPORT_TOO_LARGE', { limit, total: first.total }, `符合条件的记录有 ${first.total} 条，超过单次导出上限 ${limit} 条，请缩小筛选范围后再导出`);
  const rows: CaseListItem[] = [];
  const seen = new Set<number>();
  const keep = (items: readonly CaseListItem[]): void => {
    for (const item of items) {
      if (seen.has(item.id) || rows.length >= limit) continue;
      seen.add(item.id);
      rows.push(item);
    }
  };
  keep(first.items);
  let offset = first.items.length;
  let last = first.items.length;
  // Until a page comes short: rows pushed down past the first total are still read.
  while (last === pageSize && rows.length < limit) {
    const next = await page({ limit: pageSize, offset });
    keep(next.items);
    last = next.items.length;
    offset += last;
  }
  return rows;
}

const SHANGHAI_PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Shanghai',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/**
 * An instant as the Date exceljs writes for the Asia/Shanghai wall-clock time: Excel dates have no time zone, and
 * exceljs writes a Date's UTC fields, so the Date carries the local fields as UTC ones.
 */
export function excelLocalTime(iso: string): Date {
  const parts: Record<string, number> = {};
  for (const part of SHANGHAI_PARTS.formatToParts(new Date(iso))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const at = (type: string): number => parts[type] ?? 0;
  return new Date(Date.UTC(at('year'), at('month') - 1, at('day'), at('hour'), at('minute'), at('second')));
}

const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';
const MONEY_FORMAT = '#,##0.00';

type Cell = string | number | Date | null;

interface Column {
  readonly header: string;
  readonly width: number;
  readonly format?: string;
  readonly value: (row: CaseListItem) => Cell;
  /** Summed on the totals row under the table. */
  readonly summed?: true;
}

const time = (iso: string): Date => excelLocalTime(iso);

/** The step that runs next, with 已逾期 and 临时计算 as the list shows them. */
function deadlineText(row: CaseListItem): string | null {
  const d = row.nextDeadline;
  if (d === null) return null;
  return [d.label, ...(d.overdue ? ['（已逾期）'] : []), ...(d.provisional ? ['（临时计算）'] : [])].join('');
}

const deadlineColumns: readonly Column[] = [
  { header: '当前期限', width: 26, value: deadlineText },
  { header: '期限日', width: 18, format: DATE_TIME_FORMAT, value: (r) => (r.nextDeadline === null ? null : time(r.nextDeadline.due)) },
];

const COLUMNS: Readonly<Record<ExportKind, readonly Column[]>> = {
  demand: [
    { header: '诉求编号', width: 20, value: (r) => r.number },
    { header: '标题', width: 44, value: (r) => r.title },
    { header: '状态', width: 16, value: (r) => r.statusLabel },
    { header: '村（社区）', width: 16, value: (r) => r.communityName },
    { header: '录入时间', width: 18, format: DATE_TIME_FORMAT, value: (r) => time(r.createdAt) },
    { header: '最近更新', width: 18, format: DATE_TIME_FORMAT, value: (r) => time(r.updatedAt) },
    ...deadlineColumns,
  ],
  project: [
    { header: '项目编号', width: 20, value: (r) => r.number },
    { header: '名称', width: 44, value: (r) => r.title },
    { header: '状态', width: 18, value: (r) => r.statusLabel },
    { header: '村（社区）', width: 16, value: (r) => r.communityName },
    // R0.1 money is kept in 分; the file shows 元 as a number, so sums and filters work in Excel.
    { header: '预算（元）', width: 16, format: MONEY_FORMAT, summed: true, value: (r) => (r.budgetFen === null ? null : r.budgetFen / 100) },
    // R1.2 / R1.3 / R6.4 the flags stay visible in the file as in the list.
    { header: '标记', width: 22, value: (r) => (r.flags.length === 0 ? null : r.flags.map((f) => f.label).join('、')) },
    { header: '立项时间', width: 18, format: DATE_TIME_FORMAT, value: (r) => time(r.createdAt) },
    { header: '最近更新', width: 18, format: DATE_TIME_FORMAT, value: (r) => time(r.updatedAt) },
    ...deadlineColumns,
  ],
};

export const SHEET_NAMES: Readonly<Record<ExportKind, string>> = { demand: '诉求清单', project: '项目清单' };

/** The column headers of an export, in order. */
export function exportHeaders(kind: ExportKind): string[] {
  return COLUMNS[kind].map((c) => c.header);
}

/**
 * The workbook: one sheet, a bold header row frozen above the rows, an auto-filter over the table, and under it a
 * bold totals row — 合计 with the number of rows, and the sum of each money column (a SUM formula, its value cached,
 * computed in 分 so that no float error creeps in).
 */
export async function caseWorkbook(kind: ExportKind, rows: readonly CaseListItem[], createdAt: Date): Promise<Buffer> {
  const columns = COLUMNS[kind];
  const workbook = await emptyWorkbook();
  workbook.creator = '民生微实事信息系统';
  workbook.created = createdAt;
  workbook.modified = createdAt;
  const sheet = workbook.addWorksheet(SHEET_NAMES[kind], { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.header, width: c.width, ...(c.format !== undefined ? { style: { numFmt: c.format } } : {}) }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle' };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF0F0F0' } };
  // The header row is text, whatever the column's number format.
  header.eachCell((cell) => {
    cell.numFmt = 'General';
  });
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row)));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: rows.length + 1, column: columns.length } };
  const totals = sheet.addRow(
    columns.map((c, i) => {
      if (i === 0) return `合计（${rows.length} 条）`;
      if (c.summed !== true) return null;
      const fen = rows.reduce((sum, r) => sum + Math.round(Number(c.value(r) ?? 0) * 100), 0);
      const letter = sheet.getColumn(i + 1).letter;
      return { formula: `SUM(${letter}2:${letter}${rows.length + 1})`, result: fen / 100 };
    }),
  );
  totals.font = { bold: true };
  totals.getCell(1).numFmt = 'General';
  const bytes = await workbook.xlsx.writeBuffer();
  return Buffer.from(bytes);
}

const FILE_STEMS: Readonly<Record<ExportKind, { readonly chinese: string; readonly ascii: string }>> = {
  demand: { chinese: '诉求清单', ascii: 'demands' },
  project: { chinese: '项目清单', ascii: 'projects' },
};

/** `诉求清单-YYYYMMDD.xlsx`, dated by the request's clock in Asia/Shanghai, and its ASCII fallback. */
export function exportFilename(kind: ExportKind, now: Date): { readonly filename: string; readonly ascii: string } {
  const day = excelLocalTime(now.toISOString()).toISOString().slice(0, 10).replaceAll('-', '');
  const stem = FILE_STEMS[kind];
  return { filename: `${stem.chinese}-${day}.xlsx`, ascii: `${stem.ascii}-${day}.xlsx` };
}

/** RFC 6266 with the RFC 5987 UTF-8 name, and a plain ASCII name for clients that read only `filename`. */
export function contentDisposition(name: { readonly filename: string; readonly ascii: string }): string {
  const encoded = encodeURIComponent(name.filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${name.ascii}"; filename*=UTF-8''${encoded}`;
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
