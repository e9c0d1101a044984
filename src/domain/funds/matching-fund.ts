/**
 * 镇街配套资金 (`MatchingFund`, R8.4, R9.1): the money a town puts into 民生微实事 for a year beside the city's
 * allocation, which pays the adjustments of its library (R8.4) and is one of the pots its ledger draws on (R9.1).
 * Set by the town's staff, in positive 分; every change after the first carries a reason, and every value it held
 * stays in its history (R0.7), as the allocation's does (plans/allocation.ts). `decideMatchingFund` is its one pure
 * entry point.
 */
import type { IsoInstant } from '../lifecycle/types.js';
import { isMoneyAmount, MAX_MONEY_LABEL, type Fen } from '../money.js';
import { cleanText, refusePlan, refuseRole, type PlanContext, type PlanDecision } from '../plans/decision.js';

export interface MatchingFundChange {
  readonly amountFen: Fen;
  readonly setAt: IsoInstant;
  readonly setByUserId: number | null;
  /** Required for every change after the first setting. */
  readonly reason: string | null;
}

export interface MatchingFund {
  readonly aggregate: 'matchingFund';
  readonly townId: number;
  readonly year: number;
  /** The current amount (the last of `history`). */
  readonly amountFen: Fen;
  /** Every setting in order, the first one included. */
  readonly history: readonly MatchingFundChange[];
}

export interface SetMatchingFundCommand {
  readonly type: 'setMatchingFund';
  readonly townId: number;
  readonly year: number;
  readonly amountFen: Fen;
  readonly reason: string | null;
}

export interface MatchingFundSetEvent {
  readonly type: 'matchingFundSet';
  readonly townId: number;
  readonly year: number;
  readonly amountFen: Fen;
  /** null: the first setting. */
  readonly previousFen: Fen | null;
  readonly reason: string | null;
}

export type MatchingFundDecision = PlanDecision<MatchingFund, MatchingFundSetEvent>;

/** The one pure entry point of the MatchingFund aggregate (the town's own staff, R9.1). */
export function decideMatchingFund(state: MatchingFund | null, cmd: SetMatchingFundCommand, ctx: PlanContext): MatchingFundDecision {
  const denied = refuseRole(ctx, 'setMatchingFund');
  if (denied !== null) return denied;
  // R0.8 a town clerk sets only the own town's funds.
  if (ctx.actor.role === 'town_staff' && ctx.actor.unitId !== null && ctx.actor.unitId !== cmd.townId) {
    return refusePlan('R0.8', 'FORBIDDEN_UNIT', '只能设定本镇（街道）的配套资金');
  }
  if (state !== null && (state.townId !== cmd.townId || state.year !== cmd.year)) {
    return refusePlan('R9.1', 'INVALID_STATE', '配套资金与镇（街道）或年度不符');
  }
  // R0.1 integer 分, positive, within the ceiling.
  if (!isMoneyAmount(cmd.amountFen) || cmd.amountFen === 0) {
    return refusePlan('R0.1', 'MONEY_INVALID', `配套资金须为大于0且不超过${MAX_MONEY_LABEL}的金额`);
  }
  const reason = cmd.reason === null ? null : cleanText(cmd.reason);
  if (state !== null) {
    if (state.amountFen === cmd.amountFen) return refusePlan('R9.1', 'INVALID_STATE', '配套资金未变化');
    // A change of the matching funds carries its reason.
    if (reason === null) return refusePlan('R9.1', 'REASON_REQUIRED', '调整镇街配套资金须说明理由');
  }
  const change: MatchingFundChange = { amountFen: cmd.amountFen, setAt: ctx.now.toISOString(), setByUserId: ctx.actor.userId, reason };
  return {
    ok: true,
    state: {
      aggregate: 'matchingFund',
      townId: cmd.townId,
      year: cmd.year,
      amountFen: cmd.amountFen,
      history: [...(state?.history ?? []), change],
    },
    events: [{ type: 'matchingFundSet', townId: cmd.townId, year: cmd.year, amountFen: cmd.amountFen, previousFen: state?.amountFen ?? null, reason }],
  };
}
