/**
 * Foundation: the jurisdiction tree, accounts, sessions, the append-only audit log (R0.7) and the work calendar (R0.5).
 */
import { sql, type Migration } from 'kysely';
import type { Dialect } from '../database.js';
import { notNull, withId, type MigrationDb } from './helpers.js';

export function foundation(dialect: Dialect): Migration {
  return {
    async up(db: MigrationDb): Promise<void> {
      await withId(dialect, db.schema.createTable('unit'))
        .addColumn('kind', 'varchar(16)', notNull)
        .addColumn('subkind', 'varchar(32)')
        .addColumn('name', 'varchar(100)', notNull)
        .addColumn('code', 'varchar(32)', (c) => c.unique())
        .addColumn('parent_id', 'integer', (c) => c.references('unit.id'))
        .addColumn('path', 'varchar(200)', notNull)
        .addColumn('town_id', 'integer', (c) => c.references('unit.id'))
        .addColumn('is_sample', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(30)', notNull)
        .execute();
      await db.schema.createIndex('unit_path_idx').on('unit').column('path').execute();
      await db.schema.createIndex('unit_parent_name_idx').on('unit').columns(['parent_id', 'name']).unique().execute();

      await withId(dialect, db.schema.createTable('app_user'))
        .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
        .addColumn('display_name', 'varchar(64)', notNull)
        .addColumn('role', 'varchar(32)', notNull)
        .addColumn('unit_id', 'integer', (c) => c.notNull().references('unit.id'))
        .addColumn('phone', 'varchar(20)')
        .addColumn('password_hash', 'varchar(200)', notNull)
        .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('password_changed_at', 'varchar(30)', notNull)
        .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', 'varchar(30)')
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'varchar(30)', notNull)
        .addColumn('updated_at', 'varchar(30)', notNull)
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();

      await db.schema
        .createTable('session')
        .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('app_user.id'))
        .addColumn('created_at', 'varchar(30)', notNull)
        .addColumn('last_seen_at', 'varchar(30)', notNull)
        .addColumn('expires_at', 'varchar(30)', notNull)
        .addColumn('ip', 'varchar(64)', notNull)
        .addColumn('user_agent', 'varchar(300)')
        .execute();
      await db.schema.createIndex('session_user_idx').on('session').column('user_id').execute();

      await withId(dialect, db.schema.createTable('audit_log'))
        .addColumn('seq', 'integer', (c) => c.notNull().unique())
        .addColumn('occurred_at', 'varchar(30)', notNull)
        .addColumn('request_id', 'varchar(64)')
        .addColumn('actor_user_id', 'integer')
        .addColumn('actor_username', 'varchar(64)')
        .addColumn('actor_role', 'varchar(32)')
        .addColumn('actor_unit_id', 'integer')
        .addColumn('ip', 'varchar(64)')
        .addColumn('action', 'varchar(64)', notNull)
        .addColumn('target_type', 'varchar(32)')
        .addColumn('target_id', 'varchar(64)')
        .addColumn('target_unit_id', 'integer')
        .addColumn('outcome', 'varchar(16)', notNull)
        .addColumn('before_json', 'text')
        .addColumn('after_json', 'text')
        .addColumn('details_json', 'text')
        .addColumn('prev_hash', 'varchar(64)', notNull)
        .addColumn('hash', 'varchar(64)', notNull)
        .execute();
      await db.schema.createIndex('audit_log_target_idx').on('audit_log').columns(['target_type', 'target_id']).execute();
      await db.schema.createIndex('audit_log_actor_idx').on('audit_log').column('actor_user_id').execute();

      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('last_seq', 'integer', notNull)
        .addColumn('last_hash', 'varchar(64)', notNull)
        .execute();
      await db.insertInto('audit_head').values({ id: 1, last_seq: 0, last_hash: '0'.repeat(64) }).execute();

      // R0.7: the database itself refuses to change or remove an audit record.
      if (dialect === 'postgres') {
        await sql`CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$`.execute(db);
        await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
          FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`.execute(db);
        await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
          FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`.execute(db);
      } else {
        await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
        await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
          BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
      }

      await db.schema
        .createTable('work_calendar_year')
        .addColumn('year', 'integer', (c) => c.primaryKey())
        .addColumn('source', 'varchar(200)', notNull)
        .addColumn('updated_at', 'varchar(30)', notNull)
        .addColumn('updated_by', 'integer')
        .execute();
      await db.schema
        .createTable('work_calendar_day')
        .addColumn('date', 'varchar(10)', (c) => c.primaryKey())
        .addColumn('year', 'integer', (c) => c.notNull().references('work_calendar_year.year'))
        .addColumn('kind', 'varchar(16)', notNull)
        .addColumn('name', 'varchar(32)', notNull)
        .execute();
      await db.schema.createIndex('work_calendar_day_year_idx').on('work_calendar_day').column('year').execute();
    },

    async down(db: MigrationDb): Promise<void> {
      await db.schema.dropTable('work_calendar_day').execute();
      await db.schema.dropTable('work_calendar_year').execute();
      await db.schema.dropTable('audit_head').execute();
      await db.schema.dropTable('audit_log').execute();
      if (dialect === 'postgres') await sql`DROP FUNCTION audit_log_refuse_change() CASCADE`.execute(db);
      await db.schema.dropTable('session').execute();
      await db.schema.dropTable('app_user').execute();
      await db.schema.dropTable('unit').execute();
    },
  };
}
