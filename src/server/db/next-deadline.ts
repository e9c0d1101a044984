/**
 * A case's next deadline as a column of its row: `demand.next_due_at` and `project.next_due_at` (migration 0011) hold
 * the earliest due instant of the case's open steps, null when none runs. The staff lists filter by it (已逾期: the
 * next deadline is past) and sort by it (按期限) through an index of their own table, instead of reading the
 * deadline rows of every case of the jurisdiction (docs/performance.md, the large city).
 *
 * Every clock started, finished or cancelled (features/deadlines/deadline.repository.ts) names its case here; at the
 * end of the transaction, before it commits, each named case's column is set again from its open deadline rows, so
 * it is the deadline rows' own minimum whatever the transaction did to them. Rows written in bulk outside the
 * repositories are followed by `rebuildNextDeadlines`, as the migration is.
 */
import { sql, type Kysely } from 'kysely';
import type { Trx } from './database.js';
import type { Database } from './schema.js';
import { beforeCommit } from './transactor.js';

type Aggregate = 'demand' | 'project';

const moved = new WeakMap<Trx, Record<Aggregate, Set<number>>>();

/** The earliest open step of the row of `table` the statement is on. */
function earliestOpenStep(table: Aggregate) {
  return sql<string | null>`(select min(d.due_at) from deadline d where d.aggregate = ${sql.lit(table)} and d.status = 'open' and d.aggregate_id = ${sql.ref(`${table}.id`)})`;
}

/** One of the case's clocks started, finished or was cancelled in `trx`: its next deadline is set again before commit. */
export function clockMoved(trx: Trx, aggregate: Aggregate, id: number): void {
  let cases = moved.get(trx);
  if (cases === undefined) {
    const created: Record<Aggregate, Set<number>> = { demand: new Set(), project: new Set() };
    moved.set(trx, created);
    beforeCommit(trx, () => setNextDeadlines(trx, created));
    cases = created;
  }
  cases[aggregate].add(id);
}

async function setNextDeadlines(trx: Trx, cases: Record<Aggregate, Set<number>>): Promise<void> {
  for (const table of ['demand', 'project'] as const) {
    // In id order, so that two transactions touching the same cases lock them in the same order.
    const ids = [...cases[table]].sort((a, b) => a - b);
    if (ids.length > 0) await trx.updateTable(table).set({ next_due_at: earliestOpenStep(table) }).where('id', 'in', ids).execute();
  }
}

/** Every case's next deadline from the stored deadline rows, set-wise: the migration, and bulk loads after their inserts. */
export async function rebuildNextDeadlines(db: Kysely<Database>): Promise<void> {
  for (const table of ['demand', 'project'] as const) {
    await db.updateTable(table).set({ next_due_at: null }).where('next_due_at', 'is not', null).execute();
    await db
      .updateTable(table)
      .set({ next_due_at: earliestOpenStep(table) })
      .where('id', 'in', db.selectFrom('deadline').select('deadline.aggregate_id').where('deadline.aggregate', '=', table).where('deadline.status', '=', 'open'))
      .execute();
  }
}
