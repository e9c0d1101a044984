/**
 * The whole city's statistics without a year group every cell of a table (tens of thousands: a decade of 600
 * communities) by a few of its columns. These indexes hold those columns and the sums, in the order of the group, so
 * that the groups are read from an index in order, without sorting the cells (docs/performance.md, the large city).
 */
import type { Migration } from 'kysely';
import type { MigrationDb } from './helpers.js';

const INDEXES: readonly { readonly name: string; readonly table: string; readonly columns: readonly string[] }[] = [
  // The demands by channel and status (statistics.repository.ts demandBreakdown).
  { name: 'stat_demand_group_idx', table: 'stat_demand', columns: ['channel', 'status', 'demands'] },
  // The clocks by step and town, finished and running (deadlineCounts with the towns as units).
  { name: 'stat_deadline_group_idx', table: 'stat_deadline', columns: ['step', 'town_id', 'on_time', 'late'] },
  { name: 'stat_open_deadline_group_idx', table: 'stat_open_deadline', columns: ['step', 'town_id', 'due_at', 'clocks'] },
];

export function statisticsGroupIndexes(): Migration {
  return {
    async up(db: MigrationDb): Promise<void> {
      for (const index of INDEXES) await db.schema.createIndex(index.name).on(index.table).columns([...index.columns]).execute();
    },

    async down(db: MigrationDb): Promise<void> {
      for (const index of [...INDEXES].reverse()) await db.schema.dropIndex(index.name).execute();
    },
  };
}
