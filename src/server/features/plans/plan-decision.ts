/**
 * How the plans and funds services run a decision of src/domain/plans or src/domain/funds: in ONE transaction the
 * state is saved at the version read, its rows follow (reports to the bureau, index rows) and the audit record is
 * written (R0.7); a refusal rolls all of it back, and is then audited on its own as a failure naming the rule it
 * broke, as case actions are (cases/case.service.ts).
 */
import type { PlanViolation } from '../../../domain/plans/decision.js';
import type { CommandActor } from '../../../domain/lifecycle/types.js';
import type { PlanContext } from '../../../domain/plans/decision.js';
import type { Transactor, Tx } from '../../db/transactor.js';
import { AppError } from '../../errors.js';
import type { RequestContext } from '../../http/context.js';
import type { AuditService, AuditTarget } from '../audit/audit.service.js';

/** Throws the refusal's error after noting it, so that it is audited once its transaction has rolled back. */
export type PlanRefuse = (violation: PlanViolation) => never;

export function planViolationError(v: PlanViolation): AppError {
  const { errors, ...rest } = v.details ?? {};
  return new AppError(v.code, { rule: v.rule, ...(errors !== undefined ? { fields: errors } : {}), ...rest }, v.message);
}

/** The decider's context for a signed-in user (routes admit only signed-in users to these actions). */
export function planContextOf(ctx: RequestContext): PlanContext {
  const user = ctx.user;
  const actor: CommandActor = user === null ? { userId: null, role: 'system', unitId: null } : { userId: user.userId, role: user.role, unitId: user.unit.id };
  return { now: ctx.now, actor };
}

export async function runPlanDecision<T>(
  tx: Transactor,
  audit: AuditService,
  ctx: RequestContext,
  action: string,
  target: AuditTarget,
  work: (trx: Tx, refuse: PlanRefuse) => Promise<T>,
): Promise<T> {
  const refused: { violation?: PlanViolation } = {};
  const refuse: PlanRefuse = (violation) => {
    refused.violation = violation;
    throw planViolationError(violation);
  };
  try {
    return await tx.run((trx) => work(trx, refuse));
  } catch (err) {
    const { violation } = refused;
    if (violation !== undefined) {
      await audit.recordAlone(ctx, { action, outcome: 'failure', target, details: { rule: violation.rule, code: violation.code } });
    }
    throw err;
  }
}
