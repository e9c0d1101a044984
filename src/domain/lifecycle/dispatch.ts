/**
 * The part of deciding that both aggregates share: find the transition row for (state, command), check the actor's
 * role against it, run the handler, check the handler landed in a state the row allows, and announce the change.
 */
import { COMMAND_LABELS, findTransition, type Transition } from './transitions.js';
import type { AggregateKind, LifecycleEvent } from './events.js';
import { refuse, type DecideContext, type DecideResult, type RuleId, type Violation, type ViolationCode } from './types.js';

export type HandlerResult<S> =
  | { readonly ok: true; readonly state: S; readonly events: readonly LifecycleEvent[] }
  | { readonly ok: false; readonly violation: Violation };

/** A refusal that names a more precise reason than "not in this state" (e.g. R5.3 publicity not ended). */
export interface EarlyRefusal<S extends string, A extends string> {
  readonly action: A;
  readonly from: readonly S[];
  readonly rule: RuleId;
  readonly code: ViolationCode;
  readonly message: string;
}

export interface DispatchSpec<S extends string, A extends string> {
  readonly aggregate: AggregateKind;
  readonly table: readonly Transition<S, A>[];
  readonly statusLabels: Readonly<Record<S, string>>;
  readonly earlyRefusals: readonly EarlyRefusal<S, A>[];
}

export function dispatch<S extends string, A extends string, St extends { readonly status: S; readonly id: number }>(
  spec: DispatchSpec<S, A>,
  state: St | null,
  action: A,
  ctx: DecideContext,
  run: () => HandlerResult<St>,
): DecideResult<St> {
  const from = state === null ? null : state.status;
  const transition = findTransition(spec.table, from, action);
  const label = COMMAND_LABELS[action as keyof typeof COMMAND_LABELS] ?? action;
  if (transition === undefined) {
    const anyRow = spec.table.find((t) => t.action === action);
    if (anyRow === undefined) {
      return refuse('R0.8', 'INVALID_STATE', `「${label}」不适用于${spec.aggregate === 'demand' ? '诉求' : '项目'}`);
    }
    if (state === null) return refuse(anyRow.rules[0] ?? 'R0.7', 'AGGREGATE_MISSING', `找不到要「${label}」的${spec.aggregate === 'demand' ? '诉求' : '项目'}`);
    if (anyRow.from === null) return refuse(anyRow.rules[0] ?? 'R0.7', 'ALREADY_EXISTS', `${spec.aggregate === 'demand' ? '诉求' : '项目'}已存在`);
    const early = spec.earlyRefusals.find((r) => r.action === action && r.from.includes(state.status));
    if (early !== undefined) return refuse(early.rule, early.code, early.message);
    return refuse(anyRow.rules[0] ?? 'R0.7', 'INVALID_STATE', `当前状态「${spec.statusLabels[state.status]}」下不能「${label}」`, {
      status: state.status,
      action,
    });
  }
  // R0.8: only the roles the row names may take the action (jurisdiction is checked by the service's policy).
  if (!transition.roles.includes(ctx.actor.role)) {
    return refuse('R0.8', 'FORBIDDEN_ROLE', `当前角色无权「${label}」`, { role: ctx.actor.role, action });
  }
  const result = run();
  if (!result.ok) return result;
  if (!transition.to.includes(result.state.status)) {
    // A handler that leaves the table is a programming error, never a user's.
    throw new Error(`${spec.aggregate} ${action}: ${String(from)} → ${result.state.status} is not in the transitions table`);
  }
  const events: LifecycleEvent[] = [];
  if (from !== result.state.status) {
    events.push({ type: 'stateChanged', aggregate: spec.aggregate, aggregateId: result.state.id, action, from, to: result.state.status });
  }
  events.push(...result.events);
  return { ok: true, state: result.state, events };
}

export function assertNever(value: never): never {
  throw new Error(`unhandled command: ${JSON.stringify(value)}`);
}
