/**
 * Indexes the 诉求 and 项目 lists filter and sort on inside a jurisdiction (a community's or a town's cases): entry
 * time (date range, year, default order), a demand's channel, a project's year, category and handling mode, the
 * R1.2 / R1.3 / R6.4 flags (partial: few projects carry one), and the open steps of a case (overdue filter and the
 * next-deadline order).
 */
import { sql, type Migration, type SqlBool } from 'kysely';
import type { MigrationDb } from './helpers.js';

const INDEXES: readonly { readonly name: string; readonly table: string; readonly columns: readonly string[]; readonly where?: string }[] = [
  { name: 'demand_town_created_idx', table: 'demand', columns: ['town_id', 'created_at'] },
  { name: 'demand_community_created_idx', table: 'demand', columns: ['community_id', 'created_at'] },
  { name: 'demand_town_channel_idx', table: 'demand', columns: ['town_id', 'channel'] },
  { name: 'project_town_created_idx', table: 'project', columns: ['town_id', 'created_at'] },
  { name: 'project_community_created_idx', table: 'project', columns: ['community_id', 'created_at'] },
  { name: 'project_town_year_idx', table: 'project', columns: ['town_id', 'year'] },
  { name: 'project_town_category_idx', table: 'project', columns: ['town_id', 'category', 'handling_mode'] },
  { name: 'project_over_cap_idx', table: 'project', columns: ['town_id'], where: 'over_cap = 1' },
  { name: 'project_possible_split_idx', table: 'project', columns: ['town_id'], where: 'possible_split = 1' },
  { name: 'project_survey_exception_idx', table: 'project', columns: ['town_id'], where: 'survey_exception = 1' },
  { name: 'deadline_open_case_idx', table: 'deadline', columns: ['aggregate', 'status', 'aggregate_id', 'due_at'] },
];

export function caseListIndexes(): Migration {
  return {
    async up(db: MigrationDb): Promise<void> {
      for (const index of INDEXES) {
        const create = db.schema.createIndex(index.name).on(index.table).columns([...index.columns]);
        // A literal condition (DDL takes no parameters), the same text on both dialects.
        await (index.where === undefined ? create : create.where(sql.raw<SqlBool>(index.where))).execute();
      }
    },

    async down(db: MigrationDb): Promise<void> {
      for (const index of [...INDEXES].reverse()) await db.schema.dropIndex(index.name).execute();
    },
  };
}
