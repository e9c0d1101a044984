/**
 * The statistics' figures summed ahead (db/statistics-cells.ts): `stat_project`, `stat_demand`, `stat_deadline`
 * and `stat_open_deadline`, one row per key, kept by every write in its own transaction. The cells of the rows
 * already stored are computed by 0013 (set-wise), which adds the handling mode to the clocks' keys.
 * docs/performance.md (the large city) has the figures before and after.
 */
import type { Migration } from 'kysely';
import { PROJECT_CELL_SUMS } from '../statistics-cells.js';
import { notNull, type MigrationDb } from './helpers.js';

/** Each cell's key, unique: a write adds its difference to the row of its key (INSERT … ON CONFLICT). */
const KEYS: readonly { readonly name: string; readonly table: string; readonly columns: readonly string[] }[] = [
  { name: 'stat_project_key', table: 'stat_project', columns: ['community_id', 'year', 'category', 'handling_mode', 'status', 'town_id'] },
  { name: 'stat_demand_key', table: 'stat_demand', columns: ['community_id', 'year', 'channel', 'status', 'town_id'] },
  { name: 'stat_deadline_key', table: 'stat_deadline', columns: ['case_community_id', 'year', 'community_id', 'town_id', 'aggregate', 'category', 'step'] },
  { name: 'stat_open_deadline_key', table: 'stat_open_deadline', columns: ['case_community_id', 'year', 'community_id', 'town_id', 'aggregate', 'category', 'step', 'due_at'] },
];

/** The statistics' filters: a town and year, a year (the whole city), a community and year (the clocks' unit). */
const INDEXES: readonly { readonly name: string; readonly table: string; readonly columns: readonly string[] }[] = [
  { name: 'stat_project_town_idx', table: 'stat_project', columns: ['town_id', 'year'] },
  { name: 'stat_project_year_idx', table: 'stat_project', columns: ['year'] },
  { name: 'stat_demand_town_idx', table: 'stat_demand', columns: ['town_id', 'year'] },
  { name: 'stat_demand_year_idx', table: 'stat_demand', columns: ['year'] },
  { name: 'stat_deadline_community_idx', table: 'stat_deadline', columns: ['community_id', 'year'] },
  { name: 'stat_deadline_town_idx', table: 'stat_deadline', columns: ['town_id', 'year'] },
  { name: 'stat_deadline_year_idx', table: 'stat_deadline', columns: ['year'] },
  { name: 'stat_open_deadline_community_idx', table: 'stat_open_deadline', columns: ['community_id', 'year'] },
  { name: 'stat_open_deadline_town_idx', table: 'stat_open_deadline', columns: ['town_id', 'year'] },
  { name: 'stat_open_deadline_year_idx', table: 'stat_open_deadline', columns: ['year'] },
];

export function statisticsCells(): Migration {
  return {
    async up(db: MigrationDb): Promise<void> {
      let project = db.schema
        .createTable('stat_project')
        .addColumn('community_id', 'integer', notNull)
        .addColumn('town_id', 'integer', notNull)
        .addColumn('year', 'integer', notNull)
        .addColumn('category', 'varchar(32)', notNull)
        .addColumn('handling_mode', 'varchar(32)', notNull)
        .addColumn('status', 'varchar(32)', notNull);
      for (const column of PROJECT_CELL_SUMS) project = project.addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0));
      await project.execute();

      await db.schema
        .createTable('stat_demand')
        .addColumn('community_id', 'integer', notNull)
        .addColumn('town_id', 'integer', notNull)
        .addColumn('year', 'integer', notNull)
        .addColumn('channel', 'varchar(32)', notNull)
        .addColumn('status', 'varchar(32)', notNull)
        .addColumn('demands', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('stat_deadline')
        .addColumn('case_community_id', 'integer', notNull)
        .addColumn('year', 'integer', notNull)
        .addColumn('community_id', 'integer', notNull)
        .addColumn('town_id', 'integer', notNull)
        .addColumn('aggregate', 'varchar(16)', notNull)
        .addColumn('category', 'varchar(32)', notNull)
        .addColumn('step', 'varchar(64)', notNull)
        .addColumn('on_time', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('late', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('stat_open_deadline')
        .addColumn('case_community_id', 'integer', notNull)
        .addColumn('year', 'integer', notNull)
        .addColumn('community_id', 'integer', notNull)
        .addColumn('town_id', 'integer', notNull)
        .addColumn('aggregate', 'varchar(16)', notNull)
        .addColumn('category', 'varchar(32)', notNull)
        .addColumn('step', 'varchar(64)', notNull)
        .addColumn('due_at', 'varchar(30)', notNull)
        .addColumn('clocks', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();

      for (const key of KEYS) await db.schema.createIndex(key.name).on(key.table).columns([...key.columns]).unique().execute();
      for (const index of INDEXES) await db.schema.createIndex(index.name).on(index.table).columns([...index.columns]).execute();
      // The cells of the rows already stored are computed by 0013, with the keys the code computes them by.
    },

    async down(db: MigrationDb): Promise<void> {
      for (const table of ['stat_open_deadline', 'stat_deadline', 'stat_demand', 'stat_project']) await db.schema.dropTable(table).execute();
    },
  };
}
