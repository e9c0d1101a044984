/**
 * 《XX镇（街道）YYYY年度“民生微实事”项目实施计划表》 (R8.2) as a printable document, built on what the system already
 * knows of a town's projects of a year: a landscape table — 序号, 村（社区）, 项目名称, 项目类别, 建设（服务）内容,
 * 经费预算（万元） with its three sources (R9.2), 办理方式, 实施主体, 实施时限, 备注 — in two parts, the centrally
 * collected projects that make the annual library (R4.6, R8.2) and the daily-collected ones that adjust it (R8.4),
 * each with its subtotal, then the total.
 *
 * What it waits for, and prints as blanks until then:
 * - R8.1 the centralized campaigns: a project's collection mode (centralized / daily) is taken from its demand as
 *   entered; there is no campaign record yet, so the plan names no campaign and its closing date.
 * - R8.2 / R8.3 the city's allocation for the town and year (`Allocation`, set by the bureau): the allocation and
 *   the gap between it and the centralized total are printed as lines to fill in, with the sentence saying so.
 * - R8.2 the stamp (党委或政府公章: who, when, scanned copy) and the submission to 市民政局 by the end of February: the
 *   stamp area and the submission date are left blank.
 * - R8.4 the adjustments reported to 市民政局 (each with its reason): the daily-collected projects are listed, but no
 *   adjustment record or its reporting date exists yet.
 *
 * Pure: typed rows in (the server maps each project's state with `planRowOf`), the layout out.
 */
import { CATEGORY_LABELS, CLOSURE_FUND_ROWS, CLOSURE_ROW_OF_SOURCE, HANDLING_MODE_LABELS, SUBCATEGORIES, type Category, type ClosureFundRow, type HandlingMode, type SubcategoryCode } from '../categories.js';
import type { Period } from '../forms/registration-form.js';
import type { CollectionMode } from '../lifecycle/demand.js';
import { PROJECT_STATUS_LABELS, PUBLICIZED_STATUSES, type ProjectStatus } from '../lifecycle/statuses.js';
import type { ProjectState } from '../lifecycle/index.js';
import { sumFen, type Fen } from '../money.js';
import { chineseDate, wan } from './common.js';
import { cell, label, paragraph, text, type Cell, type FormDocument, type Row } from './layout.js';

/**
 * Which projects the plan lists: those of the town and year in the annual library — registered on the small path
 * (R3.4, 已备案) or confirmed by the town (R3.5) — and every later stage up to 办结. Not yet in it: projects before
 * registration, under the town's review or returned for correction. Never in it: projects transferred to an existing
 * policy (R4.3, not funded by 民生微实事) and terminated ones.
 */
export const PLAN_STATUSES: readonly ProjectStatus[] = ['registered', 'confirmed', ...PUBLICIZED_STATUSES];

/** Short column labels of the three sources (R9.2), under 经费预算 and in the ledger. */
export const FUND_ROW_SHORT_LABELS: Readonly<Record<ClosureFundRow, string>> = {
  special: '专项资金',
  collective: '集体经济',
  social: '社会投入',
};

export const COLLECTION_LABELS: Readonly<Record<CollectionMode, string>> = {
  centralized: '集中征集',
  daily: '日常征集',
};

/** One project as the plan prints it. Amounts in 分. */
export interface PlanProjectRow {
  readonly projectId: number;
  readonly communityName: string;
  readonly projectName: string;
  readonly category: Category;
  readonly subcategory: SubcategoryCode;
  /** 建设（服务）内容 as agreed. */
  readonly content: string;
  readonly budgetFen: Fen;
  /** The budget by source; 村（社区）自筹 counts with 集体经济 as on 结项表 (CLOSURE_ROW_OF_SOURCE). */
  readonly budgetBySource: Readonly<Record<ClosureFundRow, Fen>>;
  readonly handlingMode: HandlingMode;
  readonly implementer: string;
  readonly period: Period;
  /** R8.1 from the project's demands as entered; no campaign record exists yet. */
  readonly collection: CollectionMode;
  readonly status: ProjectStatus;
}

export interface AnnualPlanInput {
  /** 东城街道 */
  readonly townName: string;
  readonly year: number;
  readonly rows: readonly PlanProjectRow[];
  /**
   * R8.2 / R8.3 the city's allocation for the town and year, once the bureau sets it (`Allocation`, not in the system
   * yet): printed with the gap (centralized total − allocation; negative: short of it). Left out or null: blanks.
   */
  readonly allocationFen?: Fen | null;
}

/** The agreed fund lines summed by R9.2's three rows. */
export function amountsBySource(lines: readonly { readonly source: keyof typeof CLOSURE_ROW_OF_SOURCE; readonly amountFen: Fen }[]): Record<ClosureFundRow, Fen> {
  const out: Record<ClosureFundRow, Fen> = { special: 0, collective: 0, social: 0 };
  for (const line of lines) out[CLOSURE_ROW_OF_SOURCE[line.source]] = sumFen([out[CLOSURE_ROW_OF_SOURCE[line.source]], line.amountFen]);
  return out;
}

/** Whether the project belongs in its town's plan of its year (`PLAN_STATUSES`, with a registration on file). */
export function inAnnualPlan(state: ProjectState): boolean {
  return state.registration !== null && PLAN_STATUSES.includes(state.status);
}

/** The plan's row of a project in it (`inAnnualPlan`), else null. The implementer is the current one (R5.5 claims). */
export function planRowOf(state: ProjectState): PlanProjectRow | null {
  const registration = state.registration;
  if (registration === null || !inAnnualPlan(state)) return null;
  const agreed = state.agreement?.result ?? registration.agreedResult;
  return {
    projectId: state.id,
    communityName: registration.communityName,
    projectName: registration.basics.projectName,
    category: registration.basics.category,
    subcategory: registration.basics.subcategory,
    content: registration.basics.content,
    budgetFen: registration.basics.budgetFen,
    budgetBySource: amountsBySource(agreed.fundSources),
    handlingMode: agreed.handlingMode,
    implementer: state.implementer ?? agreed.implementer,
    period: agreed.implementationPeriod,
    collection: state.collection,
    status: state.status,
  };
}

/** The plan's order: centralized first, then daily; within each by community, then by project id. */
export function sortPlanRows<R extends Pick<PlanProjectRow, 'collection' | 'communityName' | 'projectId'>>(rows: readonly R[]): R[] {
  const rank = (c: CollectionMode): number => (c === 'centralized' ? 0 : 1);
  return [...rows].sort((a, b) => rank(a.collection) - rank(b.collection) || a.communityName.localeCompare(b.communityName, 'zh-Hans-CN') || a.projectId - b.projectId);
}

export function annualPlanTitle(townName: string, year: number): string {
  return `${townName}${year}年度“民生微实事”项目实施计划表`;
}

/** R8.2 / R8.3: printed until the bureau's allocation for the town and year exists in the system. */
export const ALLOCATION_PENDING_NOTE =
  '市分配“民生微实事”经费额度及集中征集项目总额与额度的差额，待市民政局设定本年度分配额度后填写（R8.2、R8.3：集中征集确认的项目总额不得少于市分配额度）。';

/** R8.2: the stamp and the submission are not recorded in the system yet. */
export const STAMP_PENDING_NOTE = '本表经镇（街道）党委或政府盖章后于2月底前报市民政局（R8.2）；盖章及报送情况尚未在系统中登记。';

/** R8.4 the part of the daily-collected projects. */
export const ADJUSTMENT_NOTE = '日常征集及超出市分配额度的项目动态调整年度项目库，所需经费从镇（街道）配套的“民生大莞家”专项资金中解决，并及时报备市民政局（R8.4）。';

/** Which projects the plan holds, as printed under it. */
export const PLAN_SCOPE_NOTE = '4.本表列出本年度已备案（5万元以下）或经镇（街道）确认的项目，不含已终止、转现行政策办理的项目；金额单位：万元。';

const COLUMNS = 13;
/** 序号, 村（社区）, 项目名称, 项目类别, 内容, 合计, 专项, 集体, 社会, 办理方式, 实施主体, 实施时限, 备注 */
const WIDTHS = [9, 20, 28, 24, 32, 15, 16, 16, 16, 16, 26, 23, 16];

const small = (value: string, options: Omit<Cell, 'blocks'> = {}): Cell =>
  cell(
    value.split('\n').map((line) => paragraph(line, { style: 'small' })),
    { valign: 'middle', ...options },
  );
/** A column heading: a label cell in the table's small type. */
const head = (value: string, options: Omit<Cell, 'blocks'> = {}): Cell => ({ ...label(value, options), blocks: [paragraph([text(value, { bold: true })], { style: 'small', align: 'center' })] });
const money = (fen: Fen, bold = false): Cell =>
  cell(paragraph([text(wan(fen), { bold })], { style: 'small', align: 'right' }), { valign: 'middle' });

function headerRows(): Row[] {
  return [
    {
      header: true,
      cells: [
        head('序号', { rowSpan: 2 }),
        head('村（社区）', { rowSpan: 2 }),
        head('项目名称', { rowSpan: 2 }),
        head('项目类别', { rowSpan: 2 }),
        head('建设（服务）内容', { rowSpan: 2 }),
        head('经费预算（万元）', { colSpan: 4 }),
        head('办理方式', { rowSpan: 2 }),
        head('实施主体', { rowSpan: 2 }),
        head('实施时限', { rowSpan: 2 }),
        head('备注', { rowSpan: 2 }),
      ],
    },
    { header: true, cells: [head('合计'), ...CLOSURE_FUND_ROWS.map((r) => head(FUND_ROW_SHORT_LABELS[r]))] },
  ];
}

function projectRow(row: PlanProjectRow, n: number): Row {
  return {
    cells: [
      small(String(n), { align: 'center' }),
      small(row.communityName),
      small(row.projectName),
      small(`${CATEGORY_LABELS[row.category]}\n${SUBCATEGORIES[row.subcategory].label}`),
      small(row.content),
      money(row.budgetFen),
      ...CLOSURE_FUND_ROWS.map((r) => money(row.budgetBySource[r])),
      small(HANDLING_MODE_LABELS[row.handlingMode], { align: 'center' }),
      small(row.implementer),
      small(`${chineseDate(row.period.start)}至${chineseDate(row.period.end)}`),
      small(PROJECT_STATUS_LABELS[row.status]),
    ],
  };
}

function totalRow(title: string, rows: readonly PlanProjectRow[]): Row {
  return {
    cells: [
      cell(paragraph([text(`${title}（${rows.length}个项目）`, { bold: true })], { style: 'small' }), { colSpan: 5, shaded: true, valign: 'middle' }),
      money(sumFen(rows.map((r) => r.budgetFen)), true),
      ...CLOSURE_FUND_ROWS.map((s) => money(sumFen(rows.map((r) => r.budgetBySource[s])), true)),
      cell('', { colSpan: 4 }),
    ],
  };
}

function sectionTitle(title: string): Row {
  return { cells: [cell(paragraph([text(title, { bold: true })], { style: 'small' }), { colSpan: COLUMNS, shaded: true })] };
}

/** R8.2 / R8.3 the allocation, the centralized total and the gap, or blanks to fill in while there is no allocation. */
export function allocationLine(centralizedTotal: Fen, allocationFen: Fen | null): string {
  const blank = '__________';
  if (allocationFen === null) return `市分配“民生微实事”经费额度：${blank}万元；集中征集项目总额：${wan(centralizedTotal)}万元；与市分配额度的差额：${blank}万元。`;
  const gap = centralizedTotal - allocationFen;
  const gapText = gap < 0 ? `低于额度${wan(-gap)}万元` : `超出额度${wan(gap)}万元`;
  return `市分配“民生微实事”经费额度：${wan(allocationFen)}万元；集中征集项目总额：${wan(centralizedTotal)}万元；与市分配额度的差额：${gapText}。`;
}

/** The plan of a town and year, `rows` in any order (sorted here: centralized, then daily). */
export function annualPlanDocument(input: AnnualPlanInput): FormDocument {
  const sorted = sortPlanRows(input.rows);
  const centralized = sorted.filter((r) => r.collection === 'centralized');
  const daily = sorted.filter((r) => r.collection === 'daily');
  const rows: Row[] = [...headerRows()];
  let n = 0;
  rows.push(sectionTitle('一、集中征集项目（经镇（街道）确认纳入年度项目库）'));
  if (centralized.length === 0) rows.push({ cells: [small('（无）', { colSpan: COLUMNS, align: 'center' })] });
  for (const row of centralized) rows.push(projectRow(row, (n += 1)));
  rows.push(totalRow('集中征集项目小计', centralized));
  rows.push(sectionTitle('二、日常征集项目（年度项目库动态调整）'));
  if (daily.length === 0) rows.push({ cells: [small('（无）', { colSpan: COLUMNS, align: 'center' })] });
  for (const row of daily) rows.push(projectRow(row, (n += 1)));
  rows.push(totalRow('日常征集项目小计', daily));
  rows.push(totalRow('合计', sorted));

  const centralizedTotal = sumFen(centralized.map((r) => r.budgetFen));
  return {
    title: `${input.year}年度项目实施计划表-${input.townName}`,
    orientation: 'landscape',
    blocks: [
      paragraph(annualPlanTitle(input.townName, input.year), { style: 'title', align: 'center', spaceAfter: 2 }),
      paragraph(`填报单位（盖章）：${input.townName}`, { style: 'small', spaceAfter: 2 }),
      { kind: 'table', widths: WIDTHS, rows, keepRows: true },
      {
        kind: 'table',
        widths: [3, 1],
        rows: [
          {
            cells: [
              cell(
                [
                  paragraph(
                    [text(allocationLine(centralizedTotal, input.allocationFen ?? null), { bold: true })],
                    { style: 'small' },
                  ),
                  ...(input.allocationFen == null ? [paragraph(`说明：1.${ALLOCATION_PENDING_NOTE}`, { style: 'small' })] : [paragraph('说明：1.集中征集确认的项目总额不得少于市分配额度（R8.3）。', { style: 'small' })]),
                  paragraph(`2.${ADJUSTMENT_NOTE}`, { style: 'small' }),
                  paragraph(`3.${STAMP_PENDING_NOTE}`, { style: 'small' }),
                  paragraph(PLAN_SCOPE_NOTE, { style: 'small' }),
                ],
                { valign: 'top' },
              ),
              cell(
                [
                  paragraph('镇（街道）党委或政府（盖章）', { style: 'small' }),
                  paragraph(''),
                  paragraph('年　　月　　日', { style: 'small', align: 'right' }),
                  paragraph('报送市民政局日期：', { style: 'small' }),
                  paragraph('年　　月　　日', { style: 'small', align: 'right' }),
                ],
                { valign: 'top' },
              ),
            ],
          },
        ],
      },
    ],
  };
}

/** The plan's centralized, daily and overall totals in 分, as printed. */
export function annualPlanTotals(rows: readonly PlanProjectRow[]): { readonly centralized: Fen; readonly daily: Fen; readonly total: Fen } {
  const of = (mode: CollectionMode): Fen => sumFen(rows.filter((r) => r.collection === mode).map((r) => r.budgetFen));
  return { centralized: of('centralized'), daily: of('daily'), total: sumFen(rows.map((r) => r.budgetFen)) };
}
