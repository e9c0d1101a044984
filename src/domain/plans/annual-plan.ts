/**
 * 年度项目库 (`AnnualLibrary`) and 年度实施计划表 (`AnnualPlan`) of a town and year (R8.2–R8.4), one aggregate:
 * - R4.6 / R8.2 the library fills from the town's confirmed centralized projects (`enterLibrary`, applied by the
 *   service for each `libraryEntryRequested` event of the lifecycle);
 * - R8.3 the plan's centralized total is set against the city's allocation, with the gap; it cannot be submitted
 *   below it;
 * - R8.2 it is submitted stamped (党委或政府公章: who, when, scanned copy) by the end of February; later is accepted
 *   but marked late, and an unsubmitted plan is overdue from then on (visible to the bureau);
 * - R8.4 daily-collected or extra projects adjust the library during the year (`adjustLibrary`), funded from the
 *   town's matching funds, each with its reason and reported to the bureau.
 * `decideAnnualPlan` is its one pure entry point.
 */
import { addLocalDays, isValidLocalDate, startOfLocalDay, toLocalDate, type LocalDate } from '../calendar/index.js';
import type { AttachmentId } from '../forms/registration-form.js';
import type { CollectionMode } from '../lifecycle/demand.js';
import type { ProjectState } from '../lifecycle/project-types.js';
import type { IsoInstant } from '../lifecycle/types.js';
import { formatWan, isMoneyAmount, sumFen, type Fen } from '../money.js';
import type { Allocation } from './allocation.js';
import { cleanText, refusePlan, refuseRole, type PlanContext, type PlanDecision } from './decision.js';
import { DEFAULT_PLAN_POLICY, type PlanPolicy } from './policy.js';

/** Which money pays a library entry: the city's allocation (R8.3) or the town's matching funds (配套资金, R8.4). */
export type FundingPot = 'allocation' | 'matching';

/** A project as the library needs it (`libraryProjectOf` builds it from the project's state). Amounts in 分. */
export interface LibraryProject {
  readonly projectId: number;
  readonly townId: number;
  readonly year: number;
  readonly communityId: number;
  readonly communityName: string;
  readonly projectName: string;
  readonly budgetFen: Fen;
  readonly collection: CollectionMode;
  readonly campaignId: number | null;
}

export interface LibraryEntry extends Omit<LibraryProject, 'townId' | 'year'> {
  /** `centralized`: part of the plan, counted against the allocation; `adjustment`: added under R8.4. */
  readonly kind: 'centralized' | 'adjustment';
  readonly fundedFrom: FundingPot;
  readonly enteredAt: IsoInstant;
  /** R8.4 the reason, and who adjusted (null for an entry the system made). */
  readonly adjustment: { readonly reason: string; readonly byUserId: number | null } | null;
}

/** R8.2 the plan is stamped by the party committee or the government of the town. */
export type StampAuthority = 'partyCommittee' | 'government';

export const STAMP_AUTHORITY_LABELS: Readonly<Record<StampAuthority, string>> = {
  partyCommittee: '党委公章',
  government: '政府公章',
};

/** R8.2 the stamp on the plan (`Stamp`): who, when, the scanned copy. */
export interface PlanStamp {
  readonly authority: StampAuthority;
  /** Who recorded the stamp for the town (name as written). */
  readonly stampedByName: string;
  readonly stampedOn: LocalDate;
  readonly scanAttachmentId: AttachmentId;
}

export interface PlanSubmission {
  readonly submittedAt: IsoInstant;
  readonly submittedByUserId: number | null;
  readonly stamp: PlanStamp;
  /** The figures as submitted. */
  readonly centralizedTotalFen: Fen;
  readonly allocationFen: Fen;
  /** R8.2 submitted after the end of February. */
  readonly late: boolean;
}

export interface AnnualPlan {
  readonly aggregate: 'annualPlan';
  readonly townId: number;
  readonly year: number;
  readonly entries: readonly LibraryEntry[];
  readonly submission: PlanSubmission | null;
}

export type AnnualPlanCommand =
  /** R4.6 the service applies a `libraryEntryRequested` event (a system step, or the town's own decision). */
  | { readonly type: 'enterLibrary'; readonly project: LibraryProject }
  /** R8.2 / R8.3 the allocation is the bureau's current one for the town and year, loaded by the service. */
  | { readonly type: 'submitAnnualPlan'; readonly stamp: PlanStamp; readonly allocation: Allocation | null }
  /** R8.4 a daily-collected or extra project, with its reason. */
  | { readonly type: 'adjustLibrary'; readonly project: LibraryProject; readonly reason: string };

export type AnnualPlanEvent =
  | { readonly type: 'libraryEntered'; readonly townId: number; readonly year: number; readonly projectId: number; readonly budgetFen: Fen }
  | {
      readonly type: 'planSubmitted';
      readonly townId: number;
      readonly year: number;
      readonly centralizedTotalFen: Fen;
      readonly allocationFen: Fen;
      readonly late: boolean;
      /** R8.2 submitted to 市民政局: the server notifies the bureau. */
      readonly reportTo: 'bureau';
    }
  | {
      /** R8.4 reported to 市民政局: the server turns it into a notification (outbox row). */
      readonly type: 'libraryAdjusted';
      readonly townId: number;
      readonly year: number;
      readonly projectId: number;
      readonly projectName: string;
      readonly collection: CollectionMode;
      readonly budgetFen: Fen;
      readonly reason: string;
      readonly fundedFrom: 'matching';
      readonly reportTo: 'bureau';
    };

export type AnnualPlanDecision = PlanDecision<AnnualPlan, AnnualPlanEvent>;

/** The reason recorded when a centralized project confirmed after the plan's submission joins the library (R8.4). */
export const LATE_CONFIRMATION_REASON = '年度实施计划报送后经镇（街道）确认的集中征集项目';

export function emptyAnnualPlan(townId: number, year: number): AnnualPlan {
  return { aggregate: 'annualPlan', townId, year, entries: [], submission: null };
}

/** R8.2 the plan's due instant: 24:00 of the last day of February of its year (28 or 29), Asia/Shanghai. */
export function planDueAt(year: number): Date {
  return startOfLocalDay(`${String(year).padStart(4, '0')}-03-01`);
}

/** R8.2 the last day on which the plan may still be submitted. */
export function planDueDate(year: number): LocalDate {
  return addLocalDays(`${String(year).padStart(4, '0')}-03-01`, -1);
}

export type PlanStatus = 'open' | 'overdue' | 'submitted' | 'submittedLate';

export const PLAN_STATUS_LABELS: Readonly<Record<PlanStatus, string>> = {
  open: '待报送',
  overdue: '逾期未报送',
  submitted: '已报送',
  submittedLate: '逾期报送',
};

/** R8.2 where the plan stands at `now`; `overdue` (not submitted by the end of February) is shown to the bureau. */
export function planStatus(plan: AnnualPlan, now: Date): PlanStatus {
  if (plan.submission !== null) return plan.submission.late ? 'submittedLate' : 'submitted';
  return now >= planDueAt(plan.year) ? 'overdue' : 'open';
}

export interface PlanSummary {
  /** R8.3 the confirmed centralized projects (the plan proper). */
  readonly centralizedTotalFen: Fen;
  /** R8.4 the adjustments, funded from the matching funds. */
  readonly adjustmentTotalFen: Fen;
  readonly totalFen: Fen;
  /** null while the bureau has set no allocation. */
  readonly allocationFen: Fen | null;
  /** centralized total − allocation: negative when short of it. */
  readonly differenceFen: Fen | null;
  /** R8.3 the gap: how much is still missing to reach the allocation (0 once reached). */
  readonly gapFen: Fen | null;
  readonly meetsAllocation: boolean | null;
}

/** R8.3 the plan's totals against the allocation, and the gap. */
export function planSummary(plan: AnnualPlan, allocation: Allocation | null): PlanSummary {
  const centralizedTotalFen = sumFen(plan.entries.filter((e) => e.kind === 'centralized').map((e) => e.budgetFen));
  const adjustmentTotalFen = sumFen(plan.entries.filter((e) => e.kind === 'adjustment').map((e) => e.budgetFen));
  const allocationFen = allocation === null || allocation.townId !== plan.townId || allocation.year !== plan.year ? null : allocation.amountFen;
  return {
    centralizedTotalFen,
    adjustmentTotalFen,
    totalFen: centralizedTotalFen + adjustmentTotalFen,
    allocationFen,
    differenceFen: allocationFen === null ? null : centralizedTotalFen - allocationFen,
    gapFen: allocationFen === null ? null : Math.max(0, allocationFen - centralizedTotalFen),
    meetsAllocation: allocationFen === null ? null : centralizedTotalFen >= allocationFen,
  };
}

/** The library's view of a project with a registration on file, else null. */
export function libraryProjectOf(state: ProjectState): LibraryProject | null {
  const registration = state.registration;
  if (registration === null) return null;
  return {
    projectId: state.id,
    townId: state.townId,
    year: state.year,
    communityId: state.communityId,
    communityName: state.communityName,
    projectName: registration.basics.projectName,
    budgetFen: registration.basics.budgetFen,
    collection: state.collection,
    campaignId: state.campaignId,
  };
}

/**
 * R4.6 whether a project belongs in its town's library of its year on its own: centrally collected and confirmed
 * by the town for the special fund (what the lifecycle marks with `libraryEntryRequested`), or — only when the
 * policy says so — a small-path centralized project registered with the town. Transferred and terminated ones never.
 */
export function qualifiesForLibrary(state: ProjectState, policy: PlanPolicy = DEFAULT_PLAN_POLICY): boolean {
  if (state.collection !== 'centralized' || state.registration === null) return false;
  if (state.status === 'terminated' || state.status === 'transferred') return false;
  if (state.registration.townDecision?.outcome === 'specialFund') return true;
  return policy.smallPathCentralizedInLibrary && state.path === 'small' && state.status !== 'underReview';
}

/** The one pure entry point of the AnnualPlan aggregate. */
export function decideAnnualPlan(state: AnnualPlan, command: AnnualPlanCommand, ctx: PlanContext): AnnualPlanDecision {
  switch (command.type) {
    case 'enterLibrary':
      return enterLibrary(state, command, ctx);
    case 'submitAnnualPlan':
      return submit(state, command, ctx);
    case 'adjustLibrary':
      return adjust(state, command, ctx);
  }
}

function projectRefusal(state: AnnualPlan, project: LibraryProject): ReturnType<typeof refusePlan> | null {
  if (project.townId !== state.townId || project.year !== state.year) {
    return refusePlan('R0.8', 'FORBIDDEN_UNIT', '项目不属于本镇（街道）该年度的项目库', { projectId: project.projectId });
  }
  if (!isMoneyAmount(project.budgetFen) || project.budgetFen === 0) return refusePlan('R0.1', 'MONEY_INVALID', '项目经费预算须大于0');
  if (state.entries.some((e) => e.projectId === project.projectId)) {
    return refusePlan('R8.4', 'DUPLICATE_ENTRY', '项目已在年度项目库中', { projectId: project.projectId });
  }
  return null;
}

function entryOf(project: LibraryProject, kind: LibraryEntry['kind'], ctx: PlanContext, adjustment: LibraryEntry['adjustment']): LibraryEntry {
  const { townId: _town, year: _year, ...rest } = project;
  return { ...rest, kind, fundedFrom: kind === 'centralized' ? 'allocation' : 'matching', enteredAt: ctx.now.toISOString(), adjustment };
}

function adjusted(state: AnnualPlan, entry: LibraryEntry, reason: string): AnnualPlanDecision {
  return {
    ok: true,
    state: { ...state, entries: [...state.entries, entry] },
    events: [
      {
        type: 'libraryAdjusted',
        townId: state.townId,
        year: state.year,
        projectId: entry.projectId,
        projectName: entry.projectName,
        collection: entry.collection,
        budgetFen: entry.budgetFen,
        reason,
        fundedFrom: 'matching',
        reportTo: 'bureau',
      },
    ],
  };
}

/**
 * R4.6 a confirmed centralized project enters the library. Before the plan's submission it is part of the plan;
 * after it, the submitted plan stays as it was and the project joins as an R8.4 adjustment (matching funds,
 * reported to the bureau) — so the lifecycle's confirmation is never refused here.
 */
function enterLibrary(state: AnnualPlan, cmd: Extract<AnnualPlanCommand, { type: 'enterLibrary' }>, ctx: PlanContext): AnnualPlanDecision {
  const denied = refuseRole(ctx, 'adjustLibrary', ['system']);
  if (denied !== null) return denied;
  const refusal = projectRefusal(state, cmd.project);
  if (refusal !== null) return refusal;
  if (cmd.project.collection !== 'centralized') {
    return refusePlan('R4.6', 'INVALID_STATE', '日常征集的项目须经调整年度项目库纳入（说明理由）', { projectId: cmd.project.projectId });
  }
  if (state.submission !== null) {
    return adjusted(state, entryOf(cmd.project, 'adjustment', ctx, { reason: LATE_CONFIRMATION_REASON, byUserId: ctx.actor.userId }), LATE_CONFIRMATION_REASON);
  }
  const entry = entryOf(cmd.project, 'centralized', ctx, null);
  return {
    ok: true,
    state: { ...state, entries: [...state.entries, entry] },
    events: [{ type: 'libraryEntered', townId: state.townId, year: state.year, projectId: entry.projectId, budgetFen: entry.budgetFen }],
  };
}

function validStamp(stamp: PlanStamp): boolean {
  return (
    (stamp.authority === 'partyCommittee' || stamp.authority === 'government') &&
    cleanText(stamp.stampedByName, 100) !== null &&
    isValidLocalDate(stamp.stampedOn) &&
    Number.isSafeInteger(stamp.scanAttachmentId) &&
    stamp.scanAttachmentId > 0
  );
}

function submit(state: AnnualPlan, cmd: Extract<AnnualPlanCommand, { type: 'submitAnnualPlan' }>, ctx: PlanContext): AnnualPlanDecision {
  const denied = refuseRole(ctx, 'submitAnnualPlan');
  if (denied !== null) return denied;
  if (ctx.actor.role === 'town_staff' && ctx.actor.unitId !== null && ctx.actor.unitId !== state.townId) {
    return refusePlan('R0.8', 'FORBIDDEN_UNIT', '只能报送本镇（街道）的年度实施计划');
  }
  if (state.submission !== null) return refusePlan('R8.2', 'INVALID_STATE', '年度实施计划已报送');
  // R8.2 stamped by the party committee or the government: who, when, the scanned copy.
  if (!validStamp(cmd.stamp)) return refusePlan('R8.2', 'STAMP_MISSING', '年度实施计划须加盖党委或政府公章，并上传盖章扫描件');
  if (cmd.stamp.stampedOn > toLocalDate(ctx.now)) return refusePlan('R8.2', 'FORM_INVALID', '盖章日期不能晚于今天');
  const summary = planSummary(state, cmd.allocation);
  if (summary.allocationFen === null) return refusePlan('R8.3', 'ALLOCATION_MISSING', '市民政局尚未设定本镇（街道）该年度的市分配经费额度');
  // R8.3 the confirmed centralized projects total at least the allocation.
  if (summary.centralizedTotalFen < summary.allocationFen) {
    return refusePlan(
      'R8.3',
      'BELOW_ALLOCATION',
      `集中征集确认的项目总额${formatWan(summary.centralizedTotalFen)}万元，少于市分配经费额度${formatWan(summary.allocationFen)}万元，尚差${formatWan(summary.gapFen ?? 0)}万元`,
      { centralizedTotalFen: summary.centralizedTotalFen, allocationFen: summary.allocationFen, gapFen: summary.gapFen },
    );
  }
  // R8.2 after the end of February: accepted, marked late.
  const late = ctx.now >= planDueAt(state.year);
  const submission: PlanSubmission = {
    submittedAt: ctx.now.toISOString(),
    submittedByUserId: ctx.actor.userId,
    stamp: { ...cmd.stamp, stampedByName: cmd.stamp.stampedByName.trim() },
    centralizedTotalFen: summary.centralizedTotalFen,
    allocationFen: summary.allocationFen,
    late,
  };
  return {
    ok: true,
    state: { ...state, submission },
    events: [
      {
        type: 'planSubmitted',
        townId: state.townId,
        year: state.year,
        centralizedTotalFen: summary.centralizedTotalFen,
        allocationFen: summary.allocationFen,
        late,
        reportTo: 'bureau',
      },
    ],
  };
}

function adjust(state: AnnualPlan, cmd: Extract<AnnualPlanCommand, { type: 'adjustLibrary' }>, ctx: PlanContext): AnnualPlanDecision {
  const denied = refuseRole(ctx, 'adjustLibrary');
  if (denied !== null) return denied;
  const refusal = projectRefusal(state, cmd.project);
  if (refusal !== null) return refusal;
  // R8.4 each adjustment carries its reason, reported to the bureau.
  const reason = cleanText(cmd.reason);
  if (reason === null) return refusePlan('R8.4', 'REASON_REQUIRED', '调整年度项目库须说明理由');
  return adjusted(state, entryOf(cmd.project, 'adjustment', ctx, { reason, byUserId: ctx.actor.userId }), reason);
}
