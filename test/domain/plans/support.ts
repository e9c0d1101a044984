/** Helpers of the plan and funds tests: a fixed-instant context and the result unwrappers. */
import type { ActorRole } from '../../../src/domain/lifecycle/types.js';
import type { PlanContext, PlanDecision, PlanViolation } from '../../../src/domain/plans/index.js';

export const TOWN = 10;

export function planCtx(at: string, role: ActorRole = 'town_staff', unitId: number | null = TOWN): PlanContext {
  return { now: new Date(at), actor: { userId: 7, role, unitId } };
}

export function accepted<S, E>(result: PlanDecision<S, E>): { state: S; events: readonly E[] } {
  if (!result.ok) throw new Error(`refused: ${result.violation.rule} ${result.violation.code} ${result.violation.message}`);
  return result;
}

export function refusal<S, E>(result: PlanDecision<S, E>): PlanViolation {
  if (result.ok) throw new Error('expected a refusal');
  return result.violation;
}
