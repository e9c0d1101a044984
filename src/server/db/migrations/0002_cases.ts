/**
 * Cases: demands and projects (their full state as JSON plus the columns lists and jobs query), deadlines (R7.2),
 * the feedback and publication outboxes with every delivery attempt (R7.1, R5.1, R6.6), attachments (R6.1),
 * survey responses (R6.4–R6.5, one per respondent) and survey tokens.
 */
import type { Migration } from 'kysely';
import type { Dialect } from '../database.js';
import { notNull, withId, type MigrationDb } from './helpers.js';

export function cases(dialect: Dialect): Migration {
  return {
    async up(db: MigrationDb): Promise<void> {
      await withId(dialect, db.schema.createTable('demand'))
        .addColumn('tracking_no', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('community_id', 'integer', (c) => c.notNull().references('unit.id'))
        .addColumn('town_id', 'integer', (c) => c.notNull().references('unit.id'))
        .addColumn('status', 'varchar(32)', notNull)
        .addColumn('channel', 'varchar(32)', notNull)
        .addColumn('title', 'varchar(200)', notNull)
        .addColumn('proposer_phone', 'varchar(20)')
        .addColumn('project_id', 'integer')
        .addColumn('primary_demand_id', 'integer')
        .addColumn('idempotency_key', 'varchar(128)', (c) => c.unique())
        .addColumn('state_json', 'text', notNull)
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'varchar(30)', notNull)
        .addColumn('updated_at', 'varchar(30)', notNull)
        .execute();
      await db.schema.createIndex('demand_community_status_idx').on('demand').columns(['community_id', 'status']).execute();
      await db.schema.createIndex('demand_town_status_idx').on('demand').columns(['town_id', 'status']).execute();
      await db.schema.createIndex('demand_project_idx').on('demand').column('project_id').execute();

      await withId(dialect, db.schema.createTable('project'))
        .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('community_id', 'integer', (c) => c.notNull().references('unit.id'))
        .addColumn('town_id', 'integer', (c) => c.notNull().references('unit.id'))
        .addColumn('status', 'varchar(32)', notNull)
        .addColumn('title', 'varchar(200)', notNull)
        .addColumn('category', 'varchar(16)')
        .addColumn('subcategory', 'varchar(8)')
        .addColumn('handling_mode', 'varchar(16)')
        .addColumn('location', 'varchar(200)')
        .addColumn('review_path', 'varchar(16)')
        .addColumn('budget_fen', 'bigint')
        .addColumn('over_cap', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('possible_split', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('survey_exception', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('collection_mode', 'varchar(16)', notNull)
        .addColumn('campaign_id', 'integer')
        .addColumn('year', 'integer', notNull)
        .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('state_json', 'text', notNull)
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'varchar(30)', notNull)
        .addColumn('updated_at', 'varchar(30)', notNull)
        .addColumn('consulted_at', 'varchar(30)')
        .execute();
      await db.schema.createIndex('project_community_status_idx').on('project').columns(['community_id', 'status']).execute();
      await db.schema.createIndex('project_town_status_idx').on('project').columns(['town_id', 'status']).execute();
      await db.schema.createIndex('project_published_idx').on('project').columns(['published', 'status']).execute();

      await withId(dialect, db.schema.createTable('deadline'))
        .addColumn('aggregate', 'varchar(16)', notNull)
        .addColumn('aggregate_id', 'integer', notNull)
        .addColumn('step', 'varchar(32)', notNull)
        .addColumn('rule', 'varchar(8)', notNull)
        .addColumn('owner', 'varchar(16)', notNull)
        .addColumn('community_id', 'integer', (c) => c.notNull().references('unit.id'))
        .addColumn('town_id', 'integer', (c) => c.notNull().references('unit.id'))
        .addColumn('started_at', 'varchar(30)', notNull)
        .addColumn('due_at', 'varchar(30)', notNull)
        .addColumn('due_date', 'varchar(10)', notNull)
        .addColumn('provisional', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('warnings_json', 'text')
        .addColumn('status', 'varchar(16)', notNull)
        .addColumn('due_soon', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('overdue_at', 'varchar(30)')
        .addColumn('done_at', 'varchar(30)')
        .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('reminders', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_reminded_at', 'varchar(30)')
        .execute();
      await db.schema.createIndex('deadline_open_idx').on('deadline').columns(['status', 'due_at']).execute();
      await db.schema.createIndex('deadline_aggregate_idx').on('deadline').columns(['aggregate', 'aggregate_id', 'step']).execute();
      await db.schema.createIndex('deadline_town_idx').on('deadline').columns(['town_id', 'status']).execute();

      await withId(dialect, db.schema.createTable('feedback'))
        .addColumn('demand_id', 'integer', (c) => c.notNull().references('demand.id'))
        .addColumn('project_id', 'integer')
        .addColumn('kind', 'varchar(16)', notNull)
        .addColumn('channel', 'varchar(16)', notNull)
        .addColumn('recipient', 'varchar(64)')
        .addColumn('body', 'text', notNull)
        .addColumn('status', 'varchar(16)', notNull)
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'varchar(30)', notNull)
        .addColumn('claimed_by', 'varchar(64)')
        .addColumn('claimed_until', 'varchar(30)')
        .addColumn('last_error', 'varchar(500)')
        .addColumn('created_at', 'varchar(30)', notNull)
        .addColumn('delivered_at', 'varchar(30)')
        .execute();
      await db.schema.createIndex('feedback_pending_idx').on('feedback').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('feedback_demand_idx').on('feedback').column('demand_id').execute();

      await withId(dialect, db.schema.createTable('publication'))
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id'))
        .addColumn('kind', 'varchar(16)', notNull)
        .addColumn('channel', 'varchar(32)', notNull)
        .addColumn('starts_at', 'varchar(30)', notNull)
        .addColumn('ends_at', 'varchar(30)')
        .addColumn('status', 'varchar(16)', notNull)
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'varchar(30)', notNull)
        .addColumn('claimed_by', 'varchar(64)')
        .addColumn('claimed_until', 'varchar(30)')
        .addColumn('last_error', 'varchar(500)')
        .addColumn('external_ref', 'varchar(200)')
        .addColumn('created_at', 'varchar(30)', notNull)
        .addColumn('delivered_at', 'varchar(30)')
        .execute();
      await db.schema.createIndex('publication_pending_idx').on('publication').columns(['status', 'next_attempt_at']).execute();
      await db.schema.createIndex('publication_project_idx').on('publication').column('project_id').execute();

      await withId(dialect, db.schema.createTable('delivery_attempt'))
        .addColumn('outbox', 'varchar(16)', notNull)
        .addColumn('outbox_id', 'integer', notNull)
        .addColumn('channel', 'varchar(32)', notNull)
        .addColumn('attempted_at', 'varchar(30)', notNull)
        .addColumn('outcome', 'varchar(16)', notNull)
        .addColumn('detail', 'varchar(500)')
        .execute();
      await db.schema.createIndex('delivery_attempt_outbox_idx').on('delivery_attempt').columns(['outbox', 'outbox_id']).execute();

      await withId(dialect, db.schema.createTable('attachment'))
        .addColumn('owner_type', 'varchar(16)', notNull)
        .addColumn('owner_id', 'integer', notNull)
        .addColumn('kind', 'varchar(32)', notNull)
        .addColumn('filename', 'varchar(200)', notNull)
        .addColumn('mime', 'varchar(100)', notNull)
        .addColumn('size', 'integer', notNull)
        .addColumn('sha256', 'varchar(64)', notNull)
        .addColumn('storage_key', 'varchar(100)', notNull)
        .addColumn('community_id', 'integer', (c) => c.notNull().references('unit.id'))
        .addColumn('town_id', 'integer', (c) => c.notNull().references('unit.id'))
        .addColumn('uploaded_by', 'integer', (c) => c.references('app_user.id'))
        .addColumn('uploaded_at', 'varchar(30)', notNull)
        .execute();
      await db.schema.createIndex('attachment_owner_idx').on('attachment').columns(['owner_type', 'owner_id']).execute();

      await withId(dialect, db.schema.createTable('survey_response'))
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id'))
        .addColumn('respondent_key', 'varchar(100)', notNull)
        .addColumn('source', 'varchar(16)', notNull)
        .addColumn('answers_json', 'text', notNull)
        .addColumn('suggestion', 'varchar(1000)')
        .addColumn('signature', 'varchar(64)')
        .addColumn('answered_on', 'varchar(10)', notNull)
        .addColumn('entered_by', 'integer', (c) => c.references('app_user.id'))
        .addColumn('created_at', 'varchar(30)', notNull)
        .execute();
      // R6.5: one answer sheet per respondent per project, enforced by the database under concurrency too.
      await db.schema.createIndex('survey_response_once_idx').on('survey_response').columns(['project_id', 'respondent_key']).unique().execute();

      await db.schema
        .createTable('survey_token')
        .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('project_id', 'integer', (c) => c.notNull().references('project.id'))
        .addColumn('created_at', 'varchar(30)', notNull)
        .addColumn('used_at', 'varchar(30)')
        .execute();

      await db.schema
        .createTable('job_lease')
        .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('owner', 'varchar(64)')
        .addColumn('lease_until', 'varchar(30)')
        .addColumn('last_run_at', 'varchar(30)')
        .execute();
    },

    async down(db: MigrationDb): Promise<void> {
      for (const t of ['job_lease', 'survey_token', 'survey_response', 'attachment', 'delivery_attempt', 'publication', 'feedback', 'deadline', 'project', 'demand']) {
        await db.schema.dropTable(t).execute();
      }
    },
  };
}
