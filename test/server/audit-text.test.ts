/**
 * R0.7 whatever text a record holds: the audit log hashes exactly what the database stores, so records whose text
 * fields hold lone UTF-16 surrogates, U+0000, right-to-left overrides and characters outside the BMP still verify
 * on every database; and input that is not well-formed Unicode is refused at the edge before anything is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditActorRole, AuditLogRow } from '../../src/server/db/schema.js';
import { appendAuditRecord } from '../../src/server/features/audit/audit.repository.js';
import { storableText } from '../../src/server/http/unicode.js';
import { DIALECTS } from '../support/dialects.js';
import { createTestSystem, type TestSystem } from '../support/system.js';
import { auditRows, cookieJar, expectError, fieldsOf, lastAuditId } from './fixtures.js';

/** Texts a JavaScript string can hold: lone surrogates (high, low, reversed pair), NUL, RTL override, 4-byte characters. */
const TEXTS = ['\ud800', 'a\udc00b', '\udc00\ud800', 'x\u0000y', '\u202eevil.exe', '𠀀', '😀', `名\ud83d\u0000\u202e𠀀😀\udfff`];

/** The text fields of a record, as the repository names them. */
const TEXT_FIELDS = ['occurredAt', 'requestId', 'actorUsername', 'actorRole', 'ip', 'action', 'targetType', 'targetId', 'beforeJson', 'afterJson', 'detailsJson'] as const;
const COLUMN: Record<(typeof TEXT_FIELDS)[number], keyof AuditLogRow> = {
  occurredAt: 'occurred_at',
  requestId: 'request_id',
  actorUsername: 'actor_username',
  actorRole: 'actor_role',
  ip: 'ip',
  action: 'action',
  targetType: 'target_type',
  targetId: 'target_id',
  beforeJson: 'before_json',
  afterJson: 'after_json',
  detailsJson: 'details_json',
};

interface Report {
  ok: boolean;
  checked: number;
  breaks: unknown[];
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] audit records holding any text`, () => {
    let sys: TestSystem;
    let as: (username: string) => Promise<string>;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      as = cookieJar(sys);
    });
    afterAll(async () => sys.close());

    it('R0.7 records whose every text field holds lone surrogates, NUL, RTL marks or 4-byte characters verify', async () => {
      const after = await lastAuditId(sys);
      for (const text of TEXTS) {
        const record = Object.fromEntries(TEXT_FIELDS.map((f) => [f, text])) as Record<(typeof TEXT_FIELDS)[number], string>;
        // The role column's type names what the system writes; the chain must still hash any text a row holds.
        const actorRole = record.actorRole as AuditActorRole;
        await sys.database.db.transaction().execute((trx) =>
          appendAuditRecord(trx, sys.database.dialect, { ...record, actorRole, actorUserId: null, actorUnitId: null, targetUnitId: null, outcome: 'success' }),
        );
      }
      // Through the service too, as a request would: the context's request id and IP, the entry's actor and target.
      const ctx = { requestId: '\ud800req', ip: '\u0000::1', user: null, now: sys.clock.now() };
      await sys.database.db.transaction().execute((trx) =>
        sys.app.services.audit.record(trx, ctx, {
          action: 'login',
          outcome: 'failure',
          target: { type: 'user', id: '\udc00😀' },
          actor: { userId: null, username: '\u202e\ud800', role: '𠀀' as AuditActorRole, unitId: null },
          details: { reason: '\ud800\u0000' },
        }),
      );

      const rows = await auditRows(sys, after);
      expect(rows).toHaveLength(TEXTS.length + 1);
      TEXTS.forEach((text, i) => {
        const row = rows[i];
        for (const field of TEXT_FIELDS) expect(row?.[COLUMN[field]], `${field} ${JSON.stringify(text)}`).toBe(storableText(text));
      });
      // Well-formed text is stored as it was given.
      expect(rows[4]?.actor_username).toBe('\u202eevil.exe');
      expect(rows[5]?.actor_username).toBe('𠀀');
      expect(rows[6]?.actor_username).toBe('😀');
      expect(await sys.app.services.audit.verify()).toMatchObject({ ok: true, breaks: [] });
      const res = await sys.request('POST', '/api/audit/verify', { cookie: await as('auditadmin') });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<Report>()).toMatchObject({ ok: true, breaks: [] });
    });

    it('a login whose username is a lone surrogate is a 400 naming the field, and the log still verifies', async () => {
      const after = await lastAuditId(sys);
      for (const payload of ['{"username":"\\ud800","password":"x"}', '{"username":"town","password":"a\\udc00"}', '{"\\ud800":"x","username":"a","password":"b"}']) {
        const res = await sys.app.inject({ method: 'POST', url: '/api/session', headers: { 'content-type': 'application/json' }, payload });
        const body = expectError(res, 'VALIDATION_FAILED');
        const fields = fieldsOf(body);
        expect(fields, payload).toHaveLength(1);
        expect(fields[0]?.message).toMatch(/Unicode/);
        expect(res.body).not.toMatch(/\\ud[89a-f]/i);
      }
      expect(await auditRows(sys, after)).toEqual([]);
      expect(await sys.app.services.audit.verify()).toMatchObject({ ok: true, breaks: [] });
    });

    it('lone surrogates are refused in path parameters, query strings and body keys of any route', async () => {
      const cookie = await as('town');
      const query = await sys.app.inject({ method: 'GET', url: '/api/demands?keyword=%ED%A0%80', headers: { cookie } });
      // A query string arrives percent-encoded: a lone surrogate cannot be encoded, so what arrives is well-formed.
      expect(query.statusCode).toBeLessThan(500);
      const nested = await sys.app.inject({
        method: 'POST',
        url: '/api/demands',
        headers: { cookie, 'content-type': 'application/json' },
        payload: '{"proposer":{"name":"\\ud83d"}}',
      });
      expect(fieldsOf(expectError(nested, 'VALIDATION_FAILED'))).toEqual([{ field: 'proposer.name', message: expect.stringMatching(/Unicode/) as string }]);
      expect(await sys.app.services.audit.verify()).toMatchObject({ ok: true, breaks: [] });
    });
  });
}
