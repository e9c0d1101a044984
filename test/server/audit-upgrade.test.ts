/**
 * R0.7 across an upgrade: a log written while there was one chain still verifies after the migration to several
 * chains, and new records continue it.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/server/db/migrator.js';
import { transactorOf } from '../../src/server/db/transactor.js';
import { auditHash, GENESIS_HASH } from '../../src/server/features/audit/audit-chain.js';
import { AuditService } from '../../src/server/features/audit/audit.service.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/dialects.js';

for (const dialect of DIALECTS) {
  describe(`[${dialect}] the audit log across the migration to several chains`, () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
    });
    afterAll(async () => database.drop());

    it('R0.7 records of the single chain keep verifying, and new ones continue that chain', async () => {
      await migrateToLatest(database, '0002_cases');
      // Two records as the single-chain system wrote them: no chain column, the hash form of chain 1.
      let prev = GENESIS_HASH;
      for (const seq of [1, 2]) {
        const fields = {
          chain: 1,
          seq,
          occurred_at: `2026-11-0${seq}T00:00:00.000Z`,
          request_id: `before-${seq}`,
          actor_user_id: null,
          actor_username: 'system',
          actor_role: 'system' as const,
          actor_unit_id: null,
          ip: null,
          action: 'seedFoundation',
          target_type: null,
          target_id: null,
          target_unit_id: null,
          outcome: 'success' as const,
          before_json: null,
          after_json: null,
          details_json: JSON.stringify({ seq }),
          prev_hash: prev,
        };
        const hash = auditHash(fields);
        const { chain: _chain, ...legacy } = fields;
        await sql`INSERT INTO audit_log (seq, occurred_at, request_id, actor_user_id, actor_username, actor_role, actor_unit_id, ip, action,
          target_type, target_id, target_unit_id, outcome, before_json, after_json, details_json, prev_hash, hash)
          VALUES (${legacy.seq}, ${legacy.occurred_at}, ${legacy.request_id}, ${null}, ${legacy.actor_username}, ${legacy.actor_role}, ${null},
          ${null}, ${legacy.action}, ${null}, ${null}, ${null}, ${legacy.outcome}, ${null}, ${null}, ${legacy.details_json}, ${prev}, ${hash})`.execute(database.db);
        await sql`UPDATE audit_head SET last_seq = ${seq}, last_hash = ${hash} WHERE id = 1`.execute(database.db);
        prev = hash;
      }

      await migrateToLatest(database);
      const audit = new AuditService(transactorOf(database.db), database.dialect);
      expect(await audit.verify()).toMatchObject({ ok: true, checked: 2, breaks: [] });

      const ctx = { requestId: 'after', ip: '127.0.0.1', user: null, now: new Date('2026-11-27T00:00:00Z') };
      await database.db.transaction().execute((trx) => audit.record(trx, ctx, { action: 'seedFoundation' }));
      const rows = await database.db.selectFrom('audit_log').select(['chain', 'seq', 'prev_hash']).orderBy('id').execute();
      expect(rows.map((r) => [r.chain, r.seq])).toEqual([
        [1, 1],
        [1, 2],
        [1, 3],
      ]);
      expect(rows[2]?.prev_hash).toBe(prev);
      expect(await audit.verify()).toMatchObject({ ok: true, checked: 3, breaks: [] });
    });
  });
}
