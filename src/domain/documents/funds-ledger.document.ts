/**
 * 资金发放台账 (R9.1) of a town and year as a printable document, on the data that exists today:
 * - 一、项目资金: per project and fund source (R9.2's three rows: 专项资金, 村（社区）集体经济, 社会投入), the approved
 *   amount — the agreed 项目经费来源 of the registration (村（社区）自筹 counted with 集体经济, as on 结项表) — and the
 *   actual from the 结项表 once it is filed (blank before), with the totals per source and overall;
 * - 二、资金发放明细: the ledger's own columns (发放日期, 村（社区）, 项目, 金额, 资金来源, 凭证号).
 *
 * What it waits for: R9.1 disbursements (the town's allocations to each community's special account, every payment
 * with its date, amount, source and voucher number) do not exist in the system yet, so 二 prints its header and a
 * line saying it fills when they are recorded; R9.3's self-check and performance-evaluation exports build on it.
 *
 * Amounts in 元, as a finance ledger and its vouchers write them. Pure: typed rows in, the layout out.
 */
import { CLOSURE_FUND_ROWS, type ClosureFundRow } from '../categories.js';
import type { Disbursement } from '../funds/ledger.js';
import { PROJECT_STATUS_LABELS, type ProjectStatus } from '../lifecycle/statuses.js';
import type { ProjectState } from '../lifecycle/index.js';
import { formatYuan, sumFen, type Fen } from '../money.js';
import { FUND_ROW_SHORT_LABELS, amountsBySource, inAnnualPlan, sortPlanRows } from './annual-plan.document.js';
import type { CollectionMode } from '../lifecycle/demand.js';
import { cell, label, paragraph, text, type Cell, type FormDocument, type Row } from './layout.js';

/** One project of the ledger. Amounts in 分. */
export interface LedgerProjectRow {
  readonly projectId: number;
  readonly code: string;
  readonly communityName: string;
  readonly projectName: string;
  readonly collection: CollectionMode;
  readonly status: ProjectStatus;
  /** The agreed fund sources by R9.2's rows. */
  readonly approved: Readonly<Record<ClosureFundRow, Fen>>;
  /** 结项表 二 实际投入, once the 结项表 is filed; null before. */
  readonly actual: Readonly<Record<ClosureFundRow, Fen>> | null;
}

/** R9.1 what the ledger prints of a disbursement (funds/ledger.ts): not recorded by the system yet. */
export type LedgerDisbursement = Pick<Disbursement, 'date' | 'communityName' | 'projectName' | 'amountFen' | 'source' | 'voucherNo'>;

export interface FundsLedgerInput {
  readonly townName: string;
  readonly year: number;
  readonly rows: readonly LedgerProjectRow[];
  /** R9.1: empty until disbursements are recorded. */
  readonly disbursements?: readonly LedgerDisbursement[];
}

/** Printed in 二 while there are no disbursement records. */
export const DISBURSEMENTS_PENDING_NOTE = '暂无发放记录：本年度尚未登记资金发放（R9.1），登记后每笔发放逐行列入本表。';

/** The ledger's projects are the plan's: a project's money is approved once it is in the annual library. */
export function ledgerRowOf(state: ProjectState, code: string): LedgerProjectRow | null {
  const registration = state.registration;
  if (registration === null || !inAnnualPlan(state)) return null;
  const agreed = state.agreement?.result ?? registration.agreedResult;
  return {
    projectId: state.id,
    code,
    communityName: registration.communityName,
    projectName: registration.basics.projectName,
    collection: state.collection,
    status: state.status,
    approved: amountsBySource(agreed.fundSources),
    actual: state.closure === null ? null : { ...state.closure.form.actual },
  };
}

/** The fund sources a project's ledger lines show: those with an approved or actual amount (at least 专项资金). */
export function ledgerSources(row: LedgerProjectRow): ClosureFundRow[] {
  const shown = CLOSURE_FUND_ROWS.filter((s) => row.approved[s] > 0 || (row.actual !== null && row.actual[s] > 0));
  return shown.length === 0 ? ['special'] : shown;
}

export function fundsLedgerTitle(townName: string, year: number): string {
  return `${townName}${year}年度“民生微实事”资金发放台账`;
}

const small = (value: string, options: Omit<Cell, 'blocks'> = {}): Cell => cell(paragraph(value, { style: 'small' }), { valign: 'middle', ...options });
const head = (value: string, options: Omit<Cell, 'blocks'> = {}): Cell => ({ ...label(value, options), blocks: [paragraph([text(value, { bold: true })], { style: 'small', align: 'center' })] });
const yuan = (fen: Fen | null, bold = false): Cell => cell(paragraph([text(fen === null ? '' : formatYuan(fen), { bold })], { style: 'small', align: 'right' }), { valign: 'middle' });

/** 序号, 项目编号, 村（社区）, 项目名称, 资金来源, 批准金额, 实际投入, 项目状态 */
const FUND_WIDTHS = [7, 20, 18, 40, 14, 20, 20, 28];
/** 发放日期, 村（社区）, 项目, 金额, 资金来源, 凭证号 */
const LEDGER_WIDTHS = [18, 22, 56, 22, 22, 27];

function fundRows(rows: readonly LedgerProjectRow[]): Row[] {
  const out: Row[] = [
    {
      header: true,
      cells: ['序号', '项目编号', '村（社区）', '项目名称', '资金来源', '批准金额（元）', '实际投入（元）', '项目状态'].map((h) => head(h)),
    },
  ];
  rows.forEach((row, i) => {
    const sources = ledgerSources(row);
    sources.forEach((source, k) => {
      const cells: Cell[] = [];
      if (k === 0) {
        const span = { rowSpan: sources.length };
        cells.push(small(String(i + 1), { ...span, align: 'center' }), small(row.code, span), small(row.communityName, span), small(row.projectName, span));
      }
      cells.push(small(FUND_ROW_SHORT_LABELS[source]), yuan(row.approved[source]), yuan(row.actual === null ? null : row.actual[source]));
      if (k === 0) cells.push(small(row.actual === null ? `${PROJECT_STATUS_LABELS[row.status]}（未结项）` : PROJECT_STATUS_LABELS[row.status], { rowSpan: sources.length }));
      out.push({ cells });
    });
  });
  const closed = rows.filter((r) => r.actual !== null);
  for (const source of CLOSURE_FUND_ROWS) {
    out.push({
      cells: [
        cell(paragraph([text(`小计：${FUND_ROW_SHORT_LABELS[source]}`, { bold: true })], { style: 'small' }), { colSpan: 5, shaded: true, valign: 'middle' }),
        yuan(sumFen(rows.map((r) => r.approved[source])), true),
        yuan(sumFen(closed.map((r) => r.actual?.[source] ?? 0)), true),
        small(''),
      ],
    });
  }
  out.push({
    cells: [
      cell(paragraph([text(`合计（${rows.length}个项目，其中已结项${closed.length}个）`, { bold: true })], { style: 'small' }), { colSpan: 5, shaded: true, valign: 'middle' }),
      yuan(sumFen(rows.flatMap((r) => CLOSURE_FUND_ROWS.map((s) => r.approved[s]))), true),
      yuan(sumFen(closed.flatMap((r) => CLOSURE_FUND_ROWS.map((s) => r.actual?.[s] ?? 0))), true),
      small(''),
    ],
  });
  return out;
}

function disbursementRows(disbursements: readonly LedgerDisbursement[]): Row[] {
  const out: Row[] = [{ header: true, cells: ['发放日期', '村（社区）', '项目', '金额（元）', '资金来源', '凭证号'].map((h) => head(h)) }];
  if (disbursements.length === 0) {
    out.push({ cells: [small(DISBURSEMENTS_PENDING_NOTE, { colSpan: 6, align: 'center' })], minHeight: 12 });
    return out;
  }
  for (const d of disbursements) {
    out.push({ cells: [small(d.date), small(d.communityName), small(d.projectName), yuan(d.amountFen), small(FUND_ROW_SHORT_LABELS[d.source]), small(d.voucherNo)] });
  }
  out.push({
    cells: [
      cell(paragraph([text(`合计（${disbursements.length}笔）`, { bold: true })], { style: 'small' }), { colSpan: 3, shaded: true }),
      yuan(sumFen(disbursements.map((d) => d.amountFen)), true),
      cell('', { colSpan: 2 }),
    ],
  });
  return out;
}

/** The ledger of a town and year, `rows` in any order (sorted as the plan: centralized, then daily, by community). */
export function fundsLedgerDocument(input: FundsLedgerInput): FormDocument {
  const rows = sortPlanRows(input.rows);
  return {
    title: `${input.year}年度资金发放台账-${input.townName}`,
    orientation: 'landscape',
    blocks: [
      paragraph(fundsLedgerTitle(input.townName, input.year), { style: 'title', align: 'center', spaceAfter: 2 }),
      paragraph(`编制单位：${input.townName}“民生大莞家”牵头部门`, { style: 'small', spaceAfter: 2 }),
      paragraph([text('一、项目资金（批准金额与实际投入，R9.2）', { bold: true })], { spaceAfter: 1 }),
      { kind: 'table', widths: FUND_WIDTHS, rows: fundRows(rows), keepRows: true },
      paragraph('批准金额为登记备案表所列项目经费来源（村（社区）自筹计入集体经济）；实际投入为结项表“资金投入情况”所填，未结项的项目暂空。', {
        style: 'small',
        spaceAfter: 4,
      }),
      paragraph([text('二、资金发放明细（R9.1）', { bold: true })], { spaceAfter: 1 }),
      { kind: 'table', widths: LEDGER_WIDTHS, rows: disbursementRows(input.disbursements ?? []) },
      paragraph(''),
      paragraph('经办人：　　　　　　　　　审核人：　　　　　　　　　负责人：　　　　　　　　　制表日期：　　　　年　　月　　日', { style: 'small' }),
    ],
  };
}
