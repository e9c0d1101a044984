/**
 * 市分配经费额度 (`Allocation`, R8.3): the amount the city allocates to a town for a year, set by the bureau and
 * changeable with a reason; every value it held stays in its history (R0.7). `decideAllocation` is its one pure
 * entry point.
 */
import { isMoneyAmount, MAX_MONEY_LABEL, type Fen } from '../money.js';
import type { IsoInstant } from '../lifecycle/types.js';
import { cleanText, refusePlan, refuseRole, type PlanContext, type PlanDecision } from './decision.js';

export interface AllocationChange {
  readonly amountFen: Fen;
  readonly setAt: IsoInstant;
  readonly setByUserId: number | null;
  /** Required for every change after the first setting. */
  readonly reason: string | null;
}

export interface Allocation {
  readonly aggregate: 'allocation';
  readonly townId: number;
  readonly year: number;
  /** The current amount (the last of `history`). */
  readonly amountFen: Fen;
  /** Every setting in order, the first one included. */
  readonly history: readonly AllocationChange[];
}

export interface SetAllocationCommand {
  readonly type: 'setAllocation';
  readonly townId: number;
  readonly year: number;
  readonly amountFen: Fen;
  readonly reason: string | null;
}

export interface AllocationSetEvent {
  readonly type: 'allocationSet';
  readonly townId: number;
  readonly year: number;
  readonly amountFen: Fen;
  /** null: the first setting. */
  readonly previousFen: Fen | null;
  readonly reason: string | null;
}

export type AllocationDecision = PlanDecision<Allocation, AllocationSetEvent>;

/** The one pure entry point of the Allocation aggregate (bureau only, R8.3). */
export function decideAllocation(state: Allocation | null, cmd: SetAllocationCommand, ctx: PlanContext): AllocationDecision {
  const denied = refuseRole(ctx, 'setAllocation');
  if (denied !== null) return denied;
  if (state !== null && (state.townId !== cmd.townId || state.year !== cmd.year)) {
    return refusePlan('R8.3', 'INVALID_STATE', '经费额度与镇（街道）或年度不符');
  }
  // R0.1 integer 分, positive, within the ceiling.
  if (!isMoneyAmount(cmd.amountFen) || cmd.amountFen === 0) {
    return refusePlan('R0.1', 'MONEY_INVALID', `经费额度须为大于0且不超过${MAX_MONEY_LABEL}的金额`);
  }
  const reason = cmd.reason === null ? null : cleanText(cmd.reason);
  if (state !== null) {
    if (state.amountFen === cmd.amountFen) return refusePlan('R8.3', 'INVALID_STATE', '经费额度未变化');
    // R8.3 a change of the allocation carries its reason.
    if (reason === null) return refusePlan('R8.3', 'REASON_REQUIRED', '调整市分配经费额度须说明理由');
  }
  const change: AllocationChange = { amountFen: cmd.amountFen, setAt: ctx.now.toISOString(), setByUserId: ctx.actor.userId, reason };
  const next: Allocation = {
    aggregate: 'allocation',
    townId: cmd.townId,
    year: cmd.year,
    amountFen: cmd.amountFen,
    history: [...(state?.history ?? []), change],
  };
  return {
    ok: true,
    state: next,
    events: [{ type: 'allocationSet', townId: cmd.townId, year: cmd.year, amountFen: cmd.amountFen, previousFen: state?.amountFen ?? null, reason }],
  };
}
