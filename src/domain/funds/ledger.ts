/**
 * 资金发放台账 (`Ledger`, R9.1) of a town and year, one line per disbursement (`Disbursement`: date, community,
 * project, amount, fund source, voucher number), and the accounts it makes: the city's allocation to the town, the
 * town's matching funds (`MatchingFund`), and each community's special account (`CommunityAccount`).
 * R9.2 no disbursement beyond a project's approved amount for its source without an explicit override with a reason.
 * `decideLedger` is its one pure entry point; `deriveAccounts` and `checkLedger` prove the ledger sums to the accounts.
 */
import { isValidLocalDate, toLocalDate, type LocalDate } from '../calendar/index.js';
import { CLOSURE_FUND_ROWS, FUND_SOURCE_LABELS, type ClosureFundRow } from '../categories.js';
import { closureBudgetFrom, type FundRows } from '../forms/closure-form.js';
import type { ProjectState } from '../lifecycle/project-types.js';
import type { IsoInstant } from '../lifecycle/types.js';
import { formatWan, isMoneyAmount, MAX_MONEY_LABEL, sumFen, type Fen } from '../money.js';
import { cleanText, refusePlan, refuseRole, type PlanContext, type PlanDecision } from '../plans/decision.js';
import type { FundingPot } from '../plans/annual-plan.js';

/** R9.1 the fund source of a disbursement: the three rows of 结项表 (村（社区）自筹 is paid as 集体经济). */
export type DisbursementSource = ClosureFundRow;

export const DISBURSEMENT_SOURCE_LABELS: Readonly<Record<DisbursementSource, string>> = {
  special: FUND_SOURCE_LABELS.special,
  collective: FUND_SOURCE_LABELS.collective,
  social: FUND_SOURCE_LABELS.social,
};

/** What a disbursement needs of its project (`disbursementProjectOf` builds it from the project's state). */
export interface DisbursementProject {
  readonly projectId: number;
  readonly townId: number;
  readonly year: number;
  readonly communityId: number;
  readonly communityName: string;
  readonly projectName: string;
  /** R9.2 the approved amount per source: the agreed fund sources of the registration. */
  readonly approved: FundRows;
  /** Which of the town's pots pays its 专项资金: the allocation, or the matching funds for an R8.4 adjustment. */
  readonly fundedFrom: FundingPot;
}

/** R9.2 an explicit override of the approved amount, with its reason (the server audits it). */
export interface DisbursementOverride {
  readonly reason: string;
  readonly approvedFen: Fen;
  /** How far the line takes the source past its approved amount. */
  readonly excessFen: Fen;
  readonly byUserId: number | null;
}

/** R9.1 one line of the ledger. */
export interface Disbursement {
  readonly id: number;
  /** 发放日期 */
  readonly date: LocalDate;
  readonly communityId: number;
  readonly communityName: string;
  readonly projectId: number;
  readonly projectName: string;
  readonly amountFen: Fen;
  readonly source: DisbursementSource;
  /** 专项资金 lines: the pot they draw on; null for 集体经济 and 社会投入. */
  readonly fundedFrom: FundingPot | null;
  /** 凭证号, as entered (trimmed). */
  readonly voucherNo: string;
  readonly recordedAt: IsoInstant;
  readonly recordedByUserId: number | null;
  readonly override: DisbursementOverride | null;
}

/** A community's special account (专用账户): what has been paid into it, by source. */
export interface CommunityAccount {
  readonly communityId: number;
  readonly communityName: string;
  readonly received: FundRows;
  readonly balanceFen: Fen;
}

/** What the lines of a town and year add up to; kept with the ledger and re-derived by `deriveAccounts`. */
export interface LedgerAccounts {
  /** 专项资金 paid out of each of the town's pots. */
  readonly drawn: Readonly<Record<FundingPot, Fen>>;
  readonly communities: readonly CommunityAccount[];
  /** Per project and source, what was disbursed. */
  readonly projects: readonly { readonly projectId: number; readonly disbursed: FundRows }[];
  readonly totalFen: Fen;
}

export interface Ledger {
  readonly aggregate: 'ledger';
  readonly townId: number;
  readonly year: number;
  readonly lines: readonly Disbursement[];
  readonly accounts: LedgerAccounts;
}

export interface RecordDisbursementCommand {
  readonly type: 'recordDisbursement';
  readonly disbursementId: number;
  readonly date: LocalDate;
  readonly project: DisbursementProject;
  readonly amountFen: Fen;
  readonly source: DisbursementSource;
  readonly voucherNo: string;
  /** R9.2 only needed past the approved amount; ignored (not recorded) within it. */
  readonly override: { readonly reason: string } | null;
  /**
   * R9.1 voucher numbers of the town's other years' ledgers, loaded by the service (this year's are in the state).
   * The database keeps them unique per town as well.
   */
  readonly otherVoucherNumbers: readonly string[];
}

export interface DisbursementRecordedEvent {
  readonly type: 'disbursementRecorded';
  readonly townId: number;
  readonly year: number;
  readonly disbursementId: number;
  readonly projectId: number;
  readonly communityId: number;
  readonly amountFen: Fen;
  readonly source: DisbursementSource;
  readonly voucherNo: string;
  /** R9.2 the override, when the line went past the approved amount: the server audits it. */
  readonly override: DisbursementOverride | null;
}

export type LedgerDecision = PlanDecision<Ledger, DisbursementRecordedEvent>;

const ZERO_ROWS: FundRows = { special: 0, collective: 0, social: 0 };

export function emptyLedger(townId: number, year: number): Ledger {
  return { aggregate: 'ledger', townId, year, lines: [], accounts: deriveAccounts([]) };
}

/** Voucher numbers compare without case, width or surrounding spaces: "pz-001" and "ＰＺ－００１ " are the same. */
export function voucherKey(voucherNo: string): string {
  return voucherNo.normalize('NFKC').trim().toUpperCase();
}

/** R9.2 the approved amount per source of a project: its agreed fund sources on 结项表's three rows. */
export function approvedBySource(state: ProjectState): FundRows {
  const lines = state.agreement?.result.fundSources ?? state.registration?.agreedResult.fundSources ?? [];
  return closureBudgetFrom(lines);
}

/** The disbursement's view of a project; `fundedFrom` is its library entry's pot (R8.3 allocation, R8.4 matching). */
export function disbursementProjectOf(state: ProjectState, fundedFrom: FundingPot): DisbursementProject | null {
  if (state.registration === null) return null;
  return {
    projectId: state.id,
    townId: state.townId,
    year: state.year,
    communityId: state.communityId,
    communityName: state.communityName,
    projectName: state.registration.basics.projectName,
    approved: approvedBySource(state),
    fundedFrom,
  };
}

/** R9.2 what has been disbursed for a project, per source. */
export function disbursedBySource(lines: readonly Disbursement[], projectId: number): FundRows {
  const rows: Record<ClosureFundRow, Fen> = { ...ZERO_ROWS };
  for (const line of lines) if (line.projectId === projectId) rows[line.source] = sumFen([rows[line.source], line.amountFen]);
  return rows;
}

/** R9.1 the accounts the lines make, derived from the lines alone. */
export function deriveAccounts(lines: readonly Disbursement[]): LedgerAccounts {
  const drawn: Record<FundingPot, Fen> = { allocation: 0, matching: 0 };
  const communities = new Map<number, { communityName: string; received: Record<ClosureFundRow, Fen> }>();
  const projects = new Map<number, Record<ClosureFundRow, Fen>>();
  for (const line of lines) {
    if (line.source === 'special' && line.fundedFrom !== null) drawn[line.fundedFrom] = sumFen([drawn[line.fundedFrom], line.amountFen]);
    const community = communities.get(line.communityId) ?? { communityName: line.communityName, received: { ...ZERO_ROWS } };
    community.received[line.source] = sumFen([community.received[line.source], line.amountFen]);
    communities.set(line.communityId, community);
    const project = projects.get(line.projectId) ?? { ...ZERO_ROWS };
    project[line.source] = sumFen([project[line.source], line.amountFen]);
    projects.set(line.projectId, project);
  }
  return {
    drawn,
    communities: [...communities.entries()]
      .sort(([a], [b]) => a - b)
      .map(([communityId, c]) => ({
        communityId,
        communityName: c.communityName,
        received: c.received,
        balanceFen: sumFen(CLOSURE_FUND_ROWS.map((row) => c.received[row])),
      })),
    projects: [...projects.entries()].sort(([a], [b]) => a - b).map(([projectId, disbursed]) => ({ projectId, disbursed })),
    totalFen: sumFen(lines.map((l) => l.amountFen)),
  };
}

/** One of the town's pots for the year: credited (allocation, matching funds), drawn by 专项资金 lines, the balance. */
export interface PotBalance {
  readonly creditedFen: Fen;
  readonly drawnFen: Fen;
  /** Negative when more was drawn than credited. */
  readonly balanceFen: number;
}

export interface TownBalances {
  /** 市分配经费 → 镇（街道） */
  readonly cityAllocation: PotBalance;
  /** 镇街配套资金 */
  readonly matchingFund: PotBalance;
  readonly communities: readonly CommunityAccount[];
  readonly totalDisbursedFen: Fen;
}

/** R9.1 the town's accounts of the year: its two pots against what the ledger drew, and every community's account. */
export function townBalances(ledger: Ledger, credits: { readonly allocationFen: Fen; readonly matchingFundFen: Fen }): TownBalances {
  const accounts = deriveAccounts(ledger.lines);
  const pot = (creditedFen: Fen, drawnFen: Fen): PotBalance => ({ creditedFen, drawnFen, balanceFen: creditedFen - drawnFen });
  return {
    cityAllocation: pot(credits.allocationFen, accounts.drawn.allocation),
    matchingFund: pot(credits.matchingFundFen, accounts.drawn.matching),
    communities: accounts.communities,
    totalDisbursedFen: accounts.totalFen,
  };
}

export interface LedgerDiscrepancy {
  /** Which figure disagrees: `drawn.allocation`, `community.57.special`, `project.900.social`, `total`, `sum`. */
  readonly account: string;
  readonly keptFen: Fen;
  readonly derivedFen: Fen;
}

/**
 * R9.1 whether the accounts kept with the ledger agree with its lines, and the lines with themselves: the
 * communities' accounts and the projects' disbursements each sum to the ledger's total. Empty: they agree.
 */
export function checkLedger(ledger: Ledger): LedgerDiscrepancy[] {
  const kept = ledger.accounts;
  const derived = deriveAccounts(ledger.lines);
  const out: LedgerDiscrepancy[] = [];
  const compare = (account: string, keptFen: Fen, derivedFen: Fen): void => {
    if (keptFen !== derivedFen) out.push({ account, keptFen, derivedFen });
  };
  compare('total', kept.totalFen, derived.totalFen);
  for (const pot of ['allocation', 'matching'] as const) compare(`drawn.${pot}`, kept.drawn[pot], derived.drawn[pot]);
  const ids = new Set([...kept.communities, ...derived.communities].map((c) => c.communityId));
  for (const id of [...ids].sort((a, b) => a - b)) {
    const k = kept.communities.find((c) => c.communityId === id);
    const d = derived.communities.find((c) => c.communityId === id);
    for (const row of CLOSURE_FUND_ROWS) compare(`community.${id}.${row}`, k?.received[row] ?? 0, d?.received[row] ?? 0);
    compare(`community.${id}.balance`, k?.balanceFen ?? 0, d?.balanceFen ?? 0);
  }
  const projectIds = new Set([...kept.projects, ...derived.projects].map((p) => p.projectId));
  for (const id of [...projectIds].sort((a, b) => a - b)) {
    const k = kept.projects.find((p) => p.projectId === id);
    const d = derived.projects.find((p) => p.projectId === id);
    for (const row of CLOSURE_FUND_ROWS) compare(`project.${id}.${row}`, k?.disbursed[row] ?? 0, d?.disbursed[row] ?? 0);
  }
  compare('sum.communities', sumFen(kept.communities.map((c) => c.balanceFen)), kept.totalFen);
  compare('sum.projects', sumFen(kept.projects.flatMap((p) => CLOSURE_FUND_ROWS.map((row) => p.disbursed[row]))), kept.totalFen);
  return out;
}

function addToAccounts(accounts: LedgerAccounts, line: Disbursement): LedgerAccounts {
  const drawn = { ...accounts.drawn };
  if (line.source === 'special' && line.fundedFrom !== null) drawn[line.fundedFrom] = sumFen([drawn[line.fundedFrom], line.amountFen]);
  const prior = accounts.communities.find((c) => c.communityId === line.communityId);
  const received = { ...(prior?.received ?? ZERO_ROWS), [line.source]: sumFen([prior?.received[line.source] ?? 0, line.amountFen]) };
  const community: CommunityAccount = {
    communityId: line.communityId,
    communityName: prior?.communityName ?? line.communityName,
    received,
    balanceFen: sumFen([prior?.balanceFen ?? 0, line.amountFen]),
  };
  const priorProject = accounts.projects.find((p) => p.projectId === line.projectId);
  const disbursed = { ...(priorProject?.disbursed ?? ZERO_ROWS), [line.source]: sumFen([priorProject?.disbursed[line.source] ?? 0, line.amountFen]) };
  return {
    drawn,
    communities: [...accounts.communities.filter((c) => c.communityId !== line.communityId), community].sort((a, b) => a.communityId - b.communityId),
    projects: [...accounts.projects.filter((p) => p.projectId !== line.projectId), { projectId: line.projectId, disbursed }].sort((a, b) => a.projectId - b.projectId),
    totalFen: sumFen([accounts.totalFen, line.amountFen]),
  };
}

/** The one pure entry point of the Ledger aggregate: `recordDisbursement` (R9.1, R9.2). */
export function decideLedger(state: Ledger, cmd: RecordDisbursementCommand, ctx: PlanContext): LedgerDecision {
  const denied = refuseRole(ctx, 'recordDisbursement');
  if (denied !== null) return denied;
  const project = cmd.project;
  if (project.townId !== state.townId || project.year !== state.year || (ctx.actor.role === 'town_staff' && ctx.actor.unitId !== null && ctx.actor.unitId !== state.townId)) {
    return refusePlan('R0.8', 'FORBIDDEN_UNIT', '只能登记本镇（街道）该年度项目的资金发放');
  }
  if (state.lines.some((l) => l.id === cmd.disbursementId)) return refusePlan('R9.1', 'ALREADY_EXISTS', '该发放记录已登记');
  // R0.1 integer 分, positive.
  if (!isMoneyAmount(cmd.amountFen) || cmd.amountFen === 0) {
    return refusePlan('R0.1', 'MONEY_INVALID', `发放金额须为大于0且不超过${MAX_MONEY_LABEL}的金额（以分计）`);
  }
  if (!CLOSURE_FUND_ROWS.includes(cmd.source)) return refusePlan('R9.1', 'FORM_INVALID', '请选择资金来源');
  if (!isValidLocalDate(cmd.date)) return refusePlan('R9.1', 'FORM_INVALID', '发放日期格式不正确');
  if (cmd.date > toLocalDate(ctx.now)) return refusePlan('R9.1', 'DATE_IN_FUTURE', '发放日期不能晚于今天');
  const voucherNo = cleanText(cmd.voucherNo, 60);
  if (voucherNo === null) return refusePlan('R9.1', 'FORM_INVALID', '请填写凭证号');
  // R9.1 a voucher number is used once in a town.
  const key = voucherKey(voucherNo);
  if (state.lines.some((l) => voucherKey(l.voucherNo) === key) || cmd.otherVoucherNumbers.some((v) => voucherKey(v) === key)) {
    return refusePlan('R9.1', 'DUPLICATE_VOUCHER', `凭证号「${voucherNo}」已在本镇（街道）台账中使用`, { voucherNo });
  }
  // R9.2 not beyond the approved amount for the source, unless overridden with a reason.
  const approvedFen = project.approved[cmd.source];
  const disbursedFen = disbursedBySource(state.lines, project.projectId)[cmd.source];
  const after = disbursedFen + cmd.amountFen;
  let override: DisbursementOverride | null = null;
  if (after > approvedFen) {
    const excessFen = after - approvedFen;
    const reason = cmd.override === null ? null : cleanText(cmd.override.reason);
    if (reason === null) {
      return refusePlan(
        'R9.2',
        approvedFen === 0 ? 'NOT_APPROVED' : 'OVER_APPROVED',
        `${DISBURSEMENT_SOURCE_LABELS[cmd.source]}核定${formatWan(approvedFen)}万元，已发放${formatWan(disbursedFen)}万元，本次发放将超出${formatWan(excessFen)}万元；确需发放请说明理由`,
        { approvedFen, disbursedFen, amountFen: cmd.amountFen, excessFen },
      );
    }
    override = { reason, approvedFen, excessFen, byUserId: ctx.actor.userId };
  }
  const line: Disbursement = {
    id: cmd.disbursementId,
    date: cmd.date,
    communityId: project.communityId,
    communityName: project.communityName,
    projectId: project.projectId,
    projectName: project.projectName,
    amountFen: cmd.amountFen,
    source: cmd.source,
    fundedFrom: cmd.source === 'special' ? project.fundedFrom : null,
    voucherNo,
    recordedAt: ctx.now.toISOString(),
    recordedByUserId: ctx.actor.userId,
    override,
  };
  return {
    ok: true,
    state: { ...state, lines: [...state.lines, line], accounts: addToAccounts(state.accounts, line) },
    events: [
      {
        type: 'disbursementRecorded',
        townId: state.townId,
        year: state.year,
        disbursementId: line.id,
        projectId: line.projectId,
        communityId: line.communityId,
        amountFen: line.amountFen,
        source: line.source,
        voucherNo,
        override,
      },
    ],
  };
}
