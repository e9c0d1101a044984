/**
 * The contract of the annual-plan (R8) and funds (R9) deciders, in the lifecycle's shape (lifecycle/types.ts):
 * `decide(state, command, context)` returns the new state and its events, or a rule violation naming its rule ID.
 * Shared by plans/ and funds/.
 */
import { ROLE_ACTIONS } from '../access/policy.js';
import { ACTION_LABELS, type Action } from '../access/actions.js';
import type { CommandActor, RuleId } from '../lifecycle/types.js';

/** The rules of RULES.md these deciders cite, beyond the lifecycle's (R0.1 money, R0.8 scope, R4.6 library). */
export type PlanRuleId = 'R8.1' | 'R8.2' | 'R8.3' | 'R8.4';
export type FundsRuleId = 'R9.1' | 'R9.2' | 'R9.3';
export type PlanFundsRuleId = RuleId | PlanRuleId | FundsRuleId;

/** Stable codes of refused commands; the service maps them to its error catalogue. */
export type PlanViolationCode =
  | 'FORBIDDEN_ROLE'
  | 'FORBIDDEN_UNIT'
  | 'ALREADY_EXISTS'
  | 'INVALID_STATE'
  | 'FORM_INVALID'
  | 'MONEY_INVALID'
  | 'REASON_REQUIRED'
  | 'CLOSING_DATE_TOO_LATE'
  | 'CAMPAIGN_CLOSED'
  | 'ALLOCATION_MISSING'
  | 'BELOW_ALLOCATION'
  | 'STAMP_MISSING'
  | 'DUPLICATE_ENTRY'
  | 'NOT_APPROVED'
  | 'OVER_APPROVED'
  | 'DUPLICATE_VOUCHER'
  | 'DATE_IN_FUTURE';

export interface PlanViolation {
  readonly rule: PlanFundsRuleId;
  readonly code: PlanViolationCode;
  /** Simplified Chinese, shown to the user. */
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface PlanContext {
  /** The instant of the decision; stored as `now.toISOString()`. */
  readonly now: Date;
  readonly actor: CommandActor;
}

export type PlanDecision<S, E> =
  | { readonly ok: true; readonly state: S; readonly events: readonly E[] }
  | { readonly ok: false; readonly violation: PlanViolation };

export type PlanRefusal = { readonly ok: false; readonly violation: PlanViolation };

export function refusePlan(rule: PlanFundsRuleId, code: PlanViolationCode, message: string, details?: Readonly<Record<string, unknown>>): PlanRefusal {
  return { ok: false, violation: details === undefined ? { rule, code, message } : { rule, code, message, details } };
}

/**
 * R0.8 only the roles holding the action in the access policy may take it (jurisdiction is the service's policy
 * check). `extra` admits the system's own steps (a job or an event applied by the service).
 */
export function refuseRole(ctx: PlanContext, action: Action, extra: readonly CommandActor['role'][] = []): PlanRefusal | null {
  const role = ctx.actor.role;
  if (extra.includes(role)) return null;
  if (role !== 'public' && role !== 'system' && ROLE_ACTIONS[role].has(action)) return null;
  return refusePlan('R0.8', 'FORBIDDEN_ROLE', `当前角色无权「${ACTION_LABELS[action]}」`, { role, action });
}

/** A required free text (a reason, a name): trimmed, non-empty, at most `max` characters. */
export function cleanText(value: string, max = 500): string | null {
  const text = value.trim();
  return text === '' || [...text].length > max ? null : text;
}
