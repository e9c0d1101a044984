/**
 * The statistics page's data: the API's answer under the names the page uses (aliases of the generated types), the
 * filter as it lives in the address, each chart's table (the rows the chart, its data table and its CSV share), the
 * list a group drills down to, and the CSV one chart exports.
 */
import type { QueryOf, ResponseOf } from '../../api/models.js';
import { CATEGORIES, HANDLING_MODES } from '../../../domain/categories.js';

export type Statistics = ResponseOf<'viewStatistics'>;
export type StatisticsQuery = QueryOf<'viewStatistics'>;
export type ProjectGroup = Statistics['projectsByCategory'][number];
export type DemandGroup = Statistics['demandsByChannel'][number];
export type Drill = ProjectGroup['drill'];
export type DeadlineStep = Statistics['deadlines']['byStep'][number];
export type DeadlineUnit = Statistics['deadlines']['byUnit'][number];
export type Money = ProjectGroup['budget'];

/** The filter from the address (`?year=2026&townId=8`); values the API would refuse are left out. */
export function readFilter(params: URLSearchParams): StatisticsQuery {
  const int = (name: string, min: number, max: number): number | undefined => {
    const text = params.get(name);
    if (text === null || !/^\d{1,10}$/.test(text)) return undefined;
    const n = Number(text);
    return n >= min && n <= max ? n : undefined;
  };
  const year = int('year', 2000, 2100);
  const townId = int('townId', 1, 2_147_483_647);
  const communityId = int('communityId', 1, 2_147_483_647);
  const category = CATEGORIES.find((c) => c === params.get('category'));
  const handlingMode = HANDLING_MODES.find((m) => m === params.get('handlingMode'));
  return {
    ...(year !== undefined ? { year } : {}),
    ...(townId !== undefined ? { townId } : {}),
    ...(communityId !== undefined ? { communityId } : {}),
    ...(category !== undefined ? { category } : {}),
    ...(handlingMode !== undefined ? { handlingMode } : {}),
  };
}

/** The filter as query parameters, in a fixed order, unset ones left out. */
export function writeFilter(q: StatisticsQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (q.year !== undefined) params.set('year', String(q.year));
  if (q.townId !== undefined) params.set('townId', String(q.townId));
  if (q.communityId !== undefined) params.set('communityId', String(q.communityId));
  if (q.category !== undefined) params.set('category', q.category);
  if (q.handlingMode !== undefined) params.set('handlingMode', q.handlingMode);
  return params;
}

/** The workbench list a group drills down to, with the API's query (the list reads it from the address). */
export function drillPath(drill: NonNullable<Drill>): string {
  const path = drill.list === 'projects' ? '/projects' : '/demands';
  return drill.query === '' ? path : `${path}?${drill.query}`;
}

/** `{wan} 万元`, the API's 万元 text (domain/money.ts formatWan, trailing zeros trimmed). */
export function wan(money: Money): string {
  return `${money.wan} 万元`;
}

/** A percentage the API gives ("87.5"), or 无可计算 where it has none. */
export function rateText(rate: string | null): string {
  return rate === null ? '无可计算' : `${rate}%`;
}

export interface TableColumn {
  readonly key: string;
  readonly title: string;
  readonly numeric?: boolean;
}

export interface TableRow {
  readonly key: string;
  readonly cells: Readonly<Record<string, string>>;
  /** The list behind the row, or null when the list cannot show it. */
  readonly drill: Drill;
}

/** A chart's numbers: its columns and rows, shown as its data table and exported as its CSV. */
export interface DataTable {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly TableRow[];
}

/** A cell: quoted when it holds a quote, comma or line break; text that a spreadsheet would run as a formula gets an apostrophe first. */
function csvField(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?%?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as CSV (RFC 4180, CRLF, a BOM so that Excel reads it as UTF-8). */
export function toCsv(table: DataTable): string {
  const lines = [table.columns.map((c) => csvField(c.title)), ...table.rows.map((r) => table.columns.map((c) => csvField(r.cells[c.key] ?? '')))];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

/** Saves text as a file on the user's computer. */
export function saveText(text: string, filename: string, type: string): void {
  const href = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** A table of project groups: the group, the count, the budget in 万元. */
export function projectTable(groups: readonly ProjectGroup[], groupTitle: string): DataTable {
  return {
    columns: [{ key: 'label', title: groupTitle }, { key: 'count', title: '项目数（个）', numeric: true }, { key: 'budget', title: '预算投入（万元）', numeric: true }],
    rows: groups.map((g) => ({ key: g.key ?? '(none)', cells: { label: g.label, count: String(g.count), budget: g.budget.wan }, drill: g.drill })),
  };
}

export function demandTable(groups: readonly DemandGroup[], groupTitle: string): DataTable {
  return {
    columns: [{ key: 'label', title: groupTitle }, { key: 'count', title: '诉求数（件）', numeric: true }],
    rows: groups.map((g) => ({ key: g.key, cells: { label: g.label, count: String(g.count) }, drill: g.drill })),
  };
}

const DEADLINE_COLUMNS: readonly TableColumn[] = [
  { key: 'onTime', title: '按时办结', numeric: true },
  { key: 'late', title: '逾期办结', numeric: true },
  { key: 'overdue', title: '已逾期未办结', numeric: true },
  { key: 'open', title: '未到期未办结', numeric: true },
  { key: 'rate', title: '按时办结率', numeric: true },
];

function deadlineCells(d: { onTime: number; late: number; overdue: number; open: number; rate: string | null }): Record<string, string> {
  return { onTime: String(d.onTime), late: String(d.late), overdue: String(d.overdue), open: String(d.open), rate: rateText(d.rate) };
}

export function stepTable(steps: readonly DeadlineStep[]): DataTable {
  return {
    columns: [{ key: 'label', title: '环节' }, ...DEADLINE_COLUMNS],
    rows: steps.map((s) => ({ key: s.step, cells: { label: s.label, ...deadlineCells(s) }, drill: null })),
  };
}

/** Each unit's numbers for one step, or over all its steps when `step` is null. */
export function unitTable(units: readonly DeadlineUnit[], unitTitle: string, step: string | null): DataTable {
  const zero = { onTime: 0, late: 0, overdue: 0, open: 0, rate: null };
  return {
    columns: [{ key: 'label', title: unitTitle }, ...DEADLINE_COLUMNS],
    rows: units.map((u) => ({
      key: String(u.unitId),
      cells: { label: u.unitName, ...deadlineCells(step === null ? u : (u.steps.find((s) => s.step === step) ?? zero)) },
      drill: null,
    })),
  };
}
