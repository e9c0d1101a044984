/**
 * Indexes for the large city (bench/scale.ts: 1,000,000 demands, 200,000 projects, 2,000,000 deadline rows): the
 * lists of the whole city (the bureau's) in their default order, entry time, and by status; and the open steps of one
 * kind of case by due instant, which the overdue filter of the lists reads as a range instead of probing every case.
 * docs/performance.md (the large city) has the plans before and after.
 */
import type { Migration } from 'kysely';
import type { MigrationDb } from './helpers.js';

const INDEXES: readonly { readonly name: string; readonly table: string; readonly columns: readonly string[] }[] = [
  { name: 'demand_created_idx', table: 'demand', columns: ['created_at', 'id'] },
  { name: 'demand_status_created_idx', table: 'demand', columns: ['status', 'created_at'] },
  { name: 'project_created_idx', table: 'project', columns: ['created_at', 'id'] },
  { name: 'project_status_created_idx', table: 'project', columns: ['status', 'created_at'] },
  { name: 'deadline_open_due_case_idx', table: 'deadline', columns: ['aggregate', 'status', 'due_at', 'aggregate_id'] },
];

export function scaleIndexes(): Migration {
  return {
    async up(db: MigrationDb): Promise<void> {
      for (const index of INDEXES) await db.schema.createIndex(index.name).on(index.table).columns([...index.columns]).execute();
    },

    async down(db: MigrationDb): Promise<void> {
      for (const index of [...INDEXES].reverse()) await db.schema.dropIndex(index.name).execute();
    },
  };
}
