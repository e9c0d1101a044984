/**
 * The statistics' figures summed ahead per community and year (db/statistics-cells.ts): `stat_project`,
 * `stat_demand`, `stat_deadline` and `stat_open_deadline`, kept by every write in its own transaction, and `stat_partition`, the row such a
 * write locks while it recomputes its partition. The cells of the rows already stored are computed here, set-wise.
 * docs/performance.md (the large city) has the figures before and after.
 */
import type { Kysely, Migration } from 'kysely';
import type { Database } from '../schema.js';
import { rebuildStatistics } from '../statistics-cells.js';
import { notNull, type MigrationDb } from './helpers.js';

const COUNTS = [
  'projects',
  'budget_fen',
  'over_cap',
  'possible_split',
  'survey_exception',
  'surveyed',
  'survey_respondents',
  'survey_answered',
  'survey_satisfied',
  'closure_budget_special',
  'closure_budget_collective',
  'closure_budget_social',
  'closure_actual_special',
  'closure_actual_collective',
  'closure_actual_social',
  'disbursed_special',
  'disbursed_collective',
  'disbursed_social',
] as const;

const INDEXES: readonly { readonly name: string; readonly table: string; readonly columns: readonly string[] }[] = [
  { name: 'stat_project_partition_idx', table: 'stat_project', columns: ['community_id', 'year'] },
  { name: 'stat_project_town_idx', table: 'stat_project', columns: ['town_id', 'year'] },
  { name: 'stat_project_year_idx', table: 'stat_project', columns: ['year'] },
  { name: 'stat_demand_partition_idx', table: 'stat_demand', columns: ['community_id', 'year'] },
  { name: 'stat_demand_town_idx', table: 'stat_demand', columns: ['town_id', 'year'] },
  { name: 'stat_demand_year_idx', table: 'stat_demand', columns: ['year'] },
  { name: 'stat_deadline_partition_idx', table: 'stat_deadline', columns: ['case_community_id', 'year'] },
  { name: 'stat_deadline_community_idx', table: 'stat_deadline', columns: ['community_id', 'year'] },
  { name: 'stat_deadline_town_idx', table: 'stat_deadline', columns: ['town_id', 'year'] },
  { name: 'stat_deadline_year_idx', table: 'stat_deadline', columns: ['year'] },
  { name: 'stat_open_deadline_partition_idx', table: 'stat_open_deadline', columns: ['case_community_id', 'year'] },
  { name: 'stat_open_deadline_community_idx', table: 'stat_open_deadline', columns: ['community_id', 'year'] },
  { name: 'stat_open_deadline_town_idx', table: 'stat_open_deadline', columns: ['town_id', 'year'] },
  { name: 'stat_open_deadline_year_idx', table: 'stat_open_deadline', columns: ['year'] },
];

export function statisticsCells(): Migration {
  return {
    async up(db: MigrationDb): Promise<void> {
      await db.schema
        .createTable('stat_partition')
        .addColumn('community_id', 'integer', notNull)
        .addColumn('year', 'integer', notNull)
        .addColumn('refreshed_at', 'varchar(30)', notNull)
        .addPrimaryKeyConstraint('stat_partition_pkey', ['community_id', 'year'])
        .execute();

      let project = db.schema
        .createTable('stat_project')
        .addColumn('community_id', 'integer', notNull)
        .addColumn('town_id', 'integer', notNull)
        .addColumn('year', 'integer', notNull)
        .addColumn('category', 'varchar(32)')
        .addColumn('handling_mode', 'varchar(32)')
        .addColumn('status', 'varchar(32)', notNull);
      for (const column of COUNTS) project = project.addColumn(column, 'bigint', notNull);
      await project.execute();

      await db.schema
        .createTable('stat_demand')
        .addColumn('community_id', 'integer', notNull)
        .addColumn('town_id', 'integer', notNull)
        .addColumn('year', 'integer', notNull)
        .addColumn('channel', 'varchar(32)', notNull)
        .addColumn('status', 'varchar(32)', notNull)
        .addColumn('demands', 'bigint', notNull)
        .execute();

      await db.schema
        .createTable('stat_deadline')
        .addColumn('case_community_id', 'integer', notNull)
        .addColumn('year', 'integer', notNull)
        .addColumn('community_id', 'integer', notNull)
        .addColumn('town_id', 'integer', notNull)
        .addColumn('aggregate', 'varchar(16)', notNull)
        .addColumn('category', 'varchar(32)')
        .addColumn('step', 'varchar(64)', notNull)
        .addColumn('on_time', 'bigint', notNull)
        .addColumn('late', 'bigint', notNull)
        .execute();

      await db.schema
        .createTable('stat_open_deadline')
        .addColumn('case_community_id', 'integer', notNull)
        .addColumn('year', 'integer', notNull)
        .addColumn('community_id', 'integer', notNull)
        .addColumn('town_id', 'integer', notNull)
        .addColumn('aggregate', 'varchar(16)', notNull)
        .addColumn('category', 'varchar(32)')
        .addColumn('step', 'varchar(64)', notNull)
        .addColumn('due_at', 'varchar(30)', notNull)
        .addColumn('clocks', 'bigint', notNull)
        .execute();

      for (const index of INDEXES) await db.schema.createIndex(index.name).on(index.table).columns([...index.columns]).execute();
      await rebuildStatistics(db as Kysely<Database>);
    },

    async down(db: MigrationDb): Promise<void> {
      for (const table of ['stat_open_deadline', 'stat_deadline', 'stat_demand', 'stat_project', 'stat_partition']) await db.schema.dropTable(table).execute();
    },
  };
}
