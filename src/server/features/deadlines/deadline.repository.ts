/**
 * The deadline rows (R7.2, R5.1): one per running clock of a case's step, written by the case's events in the
 * transaction of its state change, read by the deadline watch and the overdue lists, counted by reminders. Each
 * change of a clock is passed on to the statistics' cells and to its case's next deadline (db/next-deadline.ts).
 */
import type { DeadlineOwner } from '../../../domain/lifecycle/deadline-steps.js';
import type { DeadlineRow } from '../../db/schema.js';
import { clockMoved } from '../../db/next-deadline.js';
import { clockChanged, type ClockRow } from '../../db/statistics-cells.js';
import type { Reader, Tx } from '../../db/transactor.js';

export type DeadlineAggregate = 'demand' | 'project';

/** One step of one aggregate. */
export interface DeadlineKey {
  readonly aggregate: DeadlineAggregate;
  readonly aggregateId: number;
  readonly step: string;
}

export interface NewDeadline extends DeadlineKey {
  readonly rule: string;
  readonly owner: DeadlineOwner;
  readonly communityId: number;
  readonly townId: number;
  readonly startedAt: string;
  readonly dueAt: string;
  readonly dueDate: string;
  readonly provisional: boolean;
  /** Calendar warnings, kept as JSON. */
  readonly warnings: readonly unknown[];
}

/** The running (open) deadline row of one step of one aggregate, to update. */
function openStep(trx: Tx, e: DeadlineKey) {
  return trx
    .updateTable('deadline')
    .where('aggregate', '=', e.aggregate)
    .where('aggregate_id', '=', e.aggregateId)
    .where('step', '=', e.step)
    .where('status', '=', 'open');
}

/** A new running clock; `replace`: the open clock of the same step (a restart, R2.5, R4.5) is cancelled first. */
export async function openDeadline(trx: Tx, d: NewDeadline, replace: boolean): Promise<void> {
  if (replace) await cancelOpenDeadline(trx, d);
  await trx
    .insertInto('deadline')
    .values({
      aggregate: d.aggregate,
      aggregate_id: d.aggregateId,
      step: d.step,
      rule: d.rule,
      owner: d.owner,
      community_id: d.communityId,
      town_id: d.townId,
      started_at: d.startedAt,
      due_at: d.dueAt,
      due_date: d.dueDate,
      provisional: d.provisional ? 1 : 0,
      warnings_json: d.warnings.length === 0 ? null : JSON.stringify(d.warnings),
      status: 'open',
      due_soon: 0,
      overdue_at: null,
      done_at: null,
      late: 0,
      reminders: 0,
      last_reminded_at: null,
    })
    .execute();
  await clockChanged(trx, d.aggregate, d.aggregateId, undefined, {
    aggregate: d.aggregate,
    community_id: d.communityId,
    town_id: d.townId,
    step: d.step,
    owner: d.owner,
    status: 'open',
    due_at: d.dueAt,
    late: 0,
  });
  clockMoved(trx, d.aggregate, d.aggregateId);
}

const CLOCK = ['aggregate', 'community_id', 'town_id', 'step', 'owner', 'status', 'due_at', 'late'] as const;

/** Finishes the open clock; the statistics' cells move it from running to finished (db/statistics-cells.ts). */
export async function completeOpenDeadline(trx: Tx, step: DeadlineKey, doneAt: string, late: boolean): Promise<void> {
  const done: ClockRow[] = await openStep(trx, step).set({ status: 'done', done_at: doneAt, late: late ? 1 : 0 }).returning(CLOCK).execute();
  for (const row of done) await clockChanged(trx, step.aggregate, step.aggregateId, { ...row, status: 'open', late: 0 }, row);
  if (done.length > 0) clockMoved(trx, step.aggregate, step.aggregateId);
}

export async function cancelOpenDeadline(trx: Tx, step: DeadlineKey): Promise<void> {
  const cancelled: ClockRow[] = await openStep(trx, step).set({ status: 'cancelled' }).returning(CLOCK).execute();
  for (const row of cancelled) await clockChanged(trx, step.aggregate, step.aggregateId, { ...row, status: 'open', late: 0 }, undefined);
  if (cancelled.length > 0) clockMoved(trx, step.aggregate, step.aggregateId);
}

/** Marks the open step overdue once: a step already marked keeps its first instant. */
export async function markOpenDeadlineOverdue(trx: Tx, step: DeadlineKey, at: string): Promise<void> {
  await openStep(trx, step).set({ overdue_at: at }).where('overdue_at', 'is', null).execute();
}

export async function findDeadline(db: Reader, id: number): Promise<DeadlineRow | undefined> {
  return db.selectFrom('deadline').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Counts one reminder on a step still open; `undefined` when it is no longer open. */
export async function countReminder(trx: Tx, id: number, at: string): Promise<{ reminders: number } | undefined> {
  return trx
    .updateTable('deadline')
    .set((eb) => ({ reminders: eb('reminders', '+', 1), last_reminded_at: at }))
    .where('id', '=', id)
    .where('status', '=', 'open')
    .returning('reminders')
    .executeTakeFirst();
}

/** R5.1 projects whose publicity window has ended by `now`, the earliest first, except those in `skip`. */
export async function findEndedPublicityWindows(db: Reader, now: string, skip: readonly number[], limit: number): Promise<{ aggregate_id: number }[]> {
  let query = db
    .selectFrom('deadline')
    .select(['aggregate_id'])
    .where('aggregate', '=', 'project')
    .where('step', '=', 'publicityWindow')
    .where('status', '=', 'open')
    .where('due_at', '<=', now);
  if (skip.length > 0) query = query.where('aggregate_id', 'not in', skip);
  return query.orderBy('due_at').orderBy('id').limit(limit).execute();
}

export interface OverdueCase {
  readonly aggregate: DeadlineAggregate;
  readonly aggregate_id: number;
}

/**
 * R7.2 cases with a step missed by `now` and not yet marked, one row per case, the case whose earliest missed step
 * was due first going first; the demands and projects in the skip lists are left out.
 */
export async function findOverdueCases(
  db: Reader,
  now: string,
  skip: { readonly demands: readonly number[]; readonly projects: readonly number[] },
  limit: number,
): Promise<OverdueCase[]> {
  return db
    .selectFrom('deadline')
    .select((eb) => ['aggregate', 'aggregate_id', eb.fn.min('due_at').as('first_due')])
    .where('status', '=', 'open')
    .where('owner', '!=', 'system')
    .where('overdue_at', 'is', null)
    .where('due_at', '<=', now)
    .$if(skip.demands.length > 0, (q) => q.where((eb) => eb.or([eb('aggregate', '!=', 'demand'), eb('aggregate_id', 'not in', skip.demands)])))
    .$if(skip.projects.length > 0, (q) => q.where((eb) => eb.or([eb('aggregate', '!=', 'project'), eb('aggregate_id', 'not in', skip.projects)])))
    .groupBy(['aggregate', 'aggregate_id'])
    .orderBy('first_due')
    .orderBy('aggregate')
    .orderBy('aggregate_id')
    .limit(limit)
    .execute();
}
