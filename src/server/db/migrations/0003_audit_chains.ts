/**
 * The audit log in several hash chains (R0.7). One chain orders every write of the system through the lock of its
 * head row, held until commit; on PostgreSQL that serialises all commits. Each record now names its chain, `seq` is
 * its position in that chain, and each chain has its own head row: concurrent transactions append to different
 * chains and commit together. A trigger keeps each head's hash equal to its last record's, so an append is two
 * statements (lock the head and take its number; insert the record).
 *
 * SQLite has one writer at a time, so it keeps one chain (chain 1), and its `seq` stays unique across the log.
 * Records written before this migration are chain 1 and keep their hashes: chain 1's hash form is unchanged.
 */
import { sql, type Migration } from 'kysely';
import type { Dialect } from '../database.js';
import type { MigrationDb } from './helpers.js';

/** How many chains PostgreSQL appends to: more than the writers that usually commit at the same moment. */
export const POSTGRES_AUDIT_CHAINS = 16;

const GENESIS = '0'.repeat(64);

export function auditChains(dialect: Dialect): Migration {
  return {
    async up(db: MigrationDb): Promise<void> {
      await db.schema.alterTable('audit_log').addColumn('chain', 'integer', (c) => c.notNull().defaultTo(1)).execute();
      if (dialect === 'postgres') {
        await sql`ALTER TABLE audit_log DROP CONSTRAINT audit_log_seq_key`.execute(db);
        await db.schema.createIndex('audit_log_chain_seq_key').on('audit_log').columns(['chain', 'seq']).unique().execute();
        for (let chain = 2; chain <= POSTGRES_AUDIT_CHAINS; chain += 1) {
          await db.insertInto('audit_head').values({ id: chain, last_seq: 0, last_hash: GENESIS }).execute();
        }
        await sql`CREATE FUNCTION audit_head_follow() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN UPDATE audit_head SET last_hash = NEW.hash WHERE id = NEW.chain; RETURN NULL; END; $$`.execute(db);
        await sql`CREATE TRIGGER audit_head_follow AFTER INSERT ON audit_log
          FOR EACH ROW EXECUTE FUNCTION audit_head_follow()`.execute(db);
      } else {
        await db.schema.createIndex('audit_log_chain_seq_key').on('audit_log').columns(['chain', 'seq']).unique().execute();
        await sql`CREATE TRIGGER audit_head_follow AFTER INSERT ON audit_log
          BEGIN UPDATE audit_head SET last_hash = NEW.hash WHERE id = NEW.chain; END`.execute(db);
      }
    },
    async down(db: MigrationDb): Promise<void> {
      if (dialect === 'postgres') {
        await sql`DROP FUNCTION audit_head_follow() CASCADE`.execute(db);
        await db.deleteFrom('audit_head').where('id', '>', 1).execute();
        await db.schema.dropIndex('audit_log_chain_seq_key').execute();
        // Only possible while every record is still in chain 1.
        await sql`ALTER TABLE audit_log ADD CONSTRAINT audit_log_seq_key UNIQUE (seq)`.execute(db);
      } else {
        await sql`DROP TRIGGER audit_head_follow`.execute(db);
        await db.schema.dropIndex('audit_log_chain_seq_key').execute();
      }
      await db.schema.alterTable('audit_log').dropColumn('chain').execute();
    },
  };
}
