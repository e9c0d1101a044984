/**
 * The annual collection and plan (R8) and the funds (R9) of each town and year. Each aggregate of src/domain/plans
 * and src/domain/funds is kept whole as JSON with a version (one writer wins, as for cases), beside the columns its
 * lists and constraints need:
 * - `campaign`: 集中征集活动, one per town and year (R8.1);
 * - `allocation`: 市分配经费额度 with its history (R8.3);
 * - `annual_plan`: 年度项目库 and 年度实施计划表, its entries, stamp and submission (R8.2–R8.4);
 * - `matching_fund`: 镇街配套资金 of the town and year (R8.4, R9.1);
 * - `ledger`: 资金发放台账 with its accounts (R9.1); `disbursement` holds one row per line so that a voucher number
 *   is unique per town in the database itself and a project's lines are found by index (R9.1, R9.2);
 * - `bureau_report`: what is reported to 市民政局 (a submitted plan, an adjustment, an override of an approved
 *   amount), for the bureau's list, newest first.
 */
import type { Migration } from 'kysely';
import type { Dialect } from '../database.js';
import { notNull, withId, type MigrationDb } from './helpers.js';

export function plansAndFunds(dialect: Dialect): Migration {
  return {
    async up(db: MigrationDb): Promise<void> {
      await withId(dialect, db.schema.createTable('campaign'))
        .addColumn('town_id', 'integer', (c) => c.notNull().references('unit.id'))
        .addColumn('year', 'integer', notNull)
        .addColumn('closes_on', 'varchar(10)', notNull)
        .addColumn('state_json', 'text', notNull)
        .addColumn('version', 'integer', notNull)
        .addColumn('created_at', 'varchar(30)', notNull)
        .addColumn('updated_at', 'varchar(30)', notNull)
        .addUniqueConstraint('campaign_town_year_key', ['town_id', 'year'])
        .execute();

      for (const table of ['allocation', 'annual_plan', 'matching_fund', 'ledger'] as const) {
        await db.schema
          .createTable(table)
          .addColumn('town_id', 'integer', (c) => c.notNull().references('unit.id'))
          .addColumn('year', 'integer', notNull)
          .addColumn('state_json', 'text', notNull)
          .addColumn('version', 'integer', notNull)
          .addColumn('updated_at', 'varchar(30)', notNull)
          .addPrimaryKeyConstraint(`${table}_pkey`, ['town_id', 'year'])
          .execute();
      }
      await db.schema.createIndex('annual_plan_year_idx').on('annual_plan').columns(['year', 'town_id']).execute();

      await withId(dialect, db.schema.createTable('disbursement'))
        .addColumn('town_id', 'integer', (c) => c.notNull().references('unit.id'))
        .addColumn('year', 'integer', notNull)
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id'))
        .addColumn('community_id', 'integer', (c) => c.notNull().references('unit.id'))
        .addColumn('disbursed_on', 'varchar(10)', notNull)
        .addColumn('amount_fen', 'bigint', notNull)
        .addColumn('source', 'varchar(16)', notNull)
        .addColumn('voucher_no', 'varchar(100)', notNull)
        .addColumn('voucher_key', 'varchar(100)', notNull)
        .addColumn('overridden', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('recorded_by', 'integer', (c) => c.references('app_user.id'))
        .addColumn('recorded_at', 'varchar(30)', notNull)
        .addUniqueConstraint('disbursement_town_voucher_key', ['town_id', 'voucher_key'])
        .execute();
      await db.schema.createIndex('disbursement_project_idx').on('disbursement').columns(['project_id', 'source']).execute();
      await db.schema.createIndex('disbursement_town_year_idx').on('disbursement').columns(['town_id', 'year', 'disbursed_on']).execute();

      await withId(dialect, db.schema.createTable('bureau_report'))
        .addColumn('kind', 'varchar(32)', notNull)
        .addColumn('town_id', 'integer', (c) => c.notNull().references('unit.id'))
        .addColumn('year', 'integer', notNull)
        .addColumn('project_id', 'integer', (c) => c.references('project.id'))
        .addColumn('payload_json', 'text', notNull)
        .addColumn('created_at', 'varchar(30)', notNull)
        .execute();
      await db.schema.createIndex('bureau_report_created_idx').on('bureau_report').columns(['created_at', 'id']).execute();
      await db.schema.createIndex('bureau_report_town_idx').on('bureau_report').columns(['town_id', 'year', 'created_at']).execute();
    },

    async down(db: MigrationDb): Promise<void> {
      for (const table of ['bureau_report', 'disbursement', 'ledger', 'matching_fund', 'annual_plan', 'allocation', 'campaign']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
