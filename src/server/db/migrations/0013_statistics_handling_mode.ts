/**
 * The clocks' cells gain the project's handling mode (R5.5), so that the statistics filter by it as they do by category:
 * `handling_mode` joins the keys of `stat_deadline` and `stat_open_deadline` ('' for a demand's clocks and for a
 * project's before its mode is decided). Every cell is then computed afresh from the stored rows (set-wise, as 0010
 * would have: 0010 leaves its tables for this migration to fill, because the cells are computed by the code of the
 * latest schema).
 */
import type { Kysely, Migration } from 'kysely';
import type { Database } from '../schema.js';
import { rebuildStatistics } from '../statistics-cells.js';
import type { MigrationDb } from './helpers.js';

const KEYS: readonly { readonly name: string; readonly table: string; readonly before: readonly string[]; readonly after: readonly string[] }[] = [
  {
    name: 'stat_deadline_key',
    table: 'stat_deadline',
    before: ['case_community_id', 'year', 'community_id', 'town_id', 'aggregate', 'category', 'step'],
    after: ['case_community_id', 'year', 'community_id', 'town_id', 'aggregate', 'category', 'handling_mode', 'step'],
  },
  {
    name: 'stat_open_deadline_key',
    table: 'stat_open_deadline',
    before: ['case_community_id', 'year', 'community_id', 'town_id', 'aggregate', 'category', 'step', 'due_at'],
    after: ['case_community_id', 'year', 'community_id', 'town_id', 'aggregate', 'category', 'handling_mode', 'step', 'due_at'],
  },
];

export function statisticsHandlingMode(): Migration {
  return {
    async up(db: MigrationDb): Promise<void> {
      for (const key of KEYS) {
        await db.schema.dropIndex(key.name).execute();
        await db.schema.alterTable(key.table).addColumn('handling_mode', 'varchar(32)', (c) => c.notNull().defaultTo('')).execute();
        await db.schema.createIndex(key.name).on(key.table).columns([...key.after]).unique().execute();
      }
      await rebuildStatistics(db as Kysely<Database>);
    },

    async down(db: MigrationDb): Promise<void> {
      for (const key of KEYS) {
        // Without the handling mode the cells of one key merge: they are summed again by the key of 0010.
        await db.deleteFrom(key.table).execute();
        await db.schema.dropIndex(key.name).execute();
        await db.schema.alterTable(key.table).dropColumn('handling_mode').execute();
        await db.schema.createIndex(key.name).on(key.table).columns([...key.before]).unique().execute();
      }
    },
  };
}
