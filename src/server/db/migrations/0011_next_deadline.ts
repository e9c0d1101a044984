/**
 * A case's next deadline as a column (db/next-deadline.ts): `next_due_at` on `demand` and `project`, filled from the
 * open deadline rows already stored, and indexed for the staff lists' 已逾期 filter and 按期限 order, the whole city's
 * and a town's. Only the cases with an open step are in these indexes (a few per cent of a decade's cases), so a
 * write of a finished case does not touch them.
 */
import { sql, type Kysely, type Migration, type SqlBool } from 'kysely';
import { rebuildNextDeadlines } from '../next-deadline.js';
import type { Database } from '../schema.js';
import type { MigrationDb } from './helpers.js';

const RUNNING = sql.raw<SqlBool>('next_due_at is not null');

/**
 * Each list reads these without its table: the order by next deadline (then id) is the index's, and the status and
 * entry time are in it for the filter on status and the order by entry time among the overdue.
 */
const INDEXES: readonly { readonly name: string; readonly table: 'demand' | 'project'; readonly columns: readonly string[]; readonly partial: boolean }[] = [
  { name: 'demand_next_due_idx', table: 'demand', columns: ['next_due_at', 'id', 'status', 'created_at'], partial: true },
  { name: 'demand_town_next_due_idx', table: 'demand', columns: ['town_id', 'next_due_at', 'id', 'status', 'created_at'], partial: true },
  { name: 'project_next_due_idx', table: 'project', columns: ['next_due_at', 'id', 'status', 'created_at'], partial: true },
  { name: 'project_town_next_due_idx', table: 'project', columns: ['town_id', 'next_due_at', 'id', 'status', 'created_at'], partial: true },
  // The whole city's projects of a year and category (the statistics' drill-down), newest first.
  { name: 'project_year_category_idx', table: 'project', columns: ['year', 'category', 'created_at'], partial: false },
  // The 按预算 order: the projects with a budget by it, and their count, read from the index.
  { name: 'project_budget_idx', table: 'project', columns: ['budget_fen', 'id', 'status'], partial: false },
];

export function nextDeadline(): Migration {
  return {
    async up(db: MigrationDb): Promise<void> {
      for (const table of ['demand', 'project'] as const) await db.schema.alterTable(table).addColumn('next_due_at', 'varchar(30)').execute();
      await rebuildNextDeadlines(db as Kysely<Database>);
      for (const index of INDEXES) {
        const create = db.schema.createIndex(index.name).on(index.table).columns([...index.columns]);
        await (index.partial ? create.where(RUNNING) : create).execute();
      }
    },

    async down(db: MigrationDb): Promise<void> {
      for (const index of [...INDEXES].reverse()) await db.schema.dropIndex(index.name).execute();
      for (const table of ['demand', 'project'] as const) await db.schema.alterTable(table).dropColumn('next_due_at').execute();
    },
  };
}
