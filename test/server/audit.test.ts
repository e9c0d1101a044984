/**
 * The audit trail (R0.7) on every database: each write and each security event leaves a record naming who (user,
 * role, unit), from where (IP), under which request, what, on what, with what outcome; the database itself refuses
 * to change or remove a record; an edit, a removed record or a removed tail is found by the hash-chain check and
 * named by its sequence number; when the record cannot be written the action fails with it; and only the audit
 * administrator reads the log.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/server/db/database.js';
import { DIALECTS } from '../support/dialects.js';
import { createTestSystem, DEMO_PASSWORD, type TestSystem } from '../support/system.js';
import { auditRows, cookieJar, DEMO_USER, expectError, lastAuditSeq, parseJson, unitNamed, upload, userNamed } from './fixtures.js';

interface ChainReport {
  ok: boolean;
  checked: number;
  lastSeq: number;
  breaks: { seq: number; reason: string; message: string }[];
}

/** Lets the test do what an intruder with database access would: switch the append-only guard off. */
async function disableGuard(sys: TestSystem, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`ALTER TABLE audit_log DISABLE TRIGGER USER`.execute(sys.database.db);
  } else {
    await sql`DROP TRIGGER audit_log_no_update`.execute(sys.database.db);
    await sql`DROP TRIGGER audit_log_no_delete`.execute(sys.database.db);
  }
}

async function enableGuard(sys: TestSystem, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`ALTER TABLE audit_log ENABLE TRIGGER USER`.execute(sys.database.db);
  } else {
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(sys.database.db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(sys.database.db);
  }
}

/** Makes the audit insert fail for the given actions, as a full disk or a broken connection would. */
async function breakAuditFor(sys: TestSystem, dialect: Dialect, actions: readonly string[]): Promise<void> {
  const list = sql.join(actions.map((a) => sql.lit(a)));
  if (dialect === 'postgres') {
    await sql`CREATE FUNCTION audit_log_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action IN (${list}) THEN RAISE EXCEPTION 'audit store unavailable'; END IF; RETURN NEW; END; $$`.execute(sys.database.db);
    await sql`CREATE TRIGGER audit_log_fail BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_fail()`.execute(sys.database.db);
  } else {
    await sql`CREATE TRIGGER audit_log_fail BEFORE INSERT ON audit_log WHEN NEW.action IN (${list})
      BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END`.execute(sys.database.db);
  }
}

async function repairAudit(sys: TestSystem, dialect: Dialect): Promise<void> {
  await sql`DROP TRIGGER audit_log_fail${dialect === 'postgres' ? sql` ON audit_log` : sql``}`.execute(sys.database.db);
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] audit trail`, () => {
    let sys: TestSystem;
    let as: (username: string) => Promise<string>;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      as = cookieJar(sys);
    });
    afterAll(async () => sys.close());

    it('R0.7 every write and security event records actor, role, unit, IP, request id, action, target and outcome', async () => {
      const cookies = Object.fromEntries(await Promise.all(['sysadmin', 'secadmin', 'bureau', 'town'].map(async (u) => [u, await as(u)] as const)));
      const town = await unitNamed(sys, '东城街道');
      const before = await lastAuditSeq(sys);

      const created = await sys.request('POST', '/api/users', { cookie: cookies.sysadmin, body: { username: 'audit.subject', displayName: '审计对象', role: 'town_staff', unitId: town.id } });
      const { user } = created.json<{ user: { id: number; version: number } }>();
      await sys.request('PATCH', `/api/users/${user.id}`, { cookie: cookies.sysadmin, body: { version: user.version, displayName: '审计对象二' } });
      await sys.request('PUT', `/api/users/${user.id}/role`, { cookie: cookies.secadmin, body: { version: user.version + 1, role: 'supervisor' } });
      await sys.request('POST', '/api/units', { cookie: cookies.bureau, body: { kind: 'department', parentId: town.id, name: '东城街道教育', subkind: '教育' } });
      await sys.request('PUT', '/api/calendar/years/2027', { cookie: cookies.bureau, body: { source: '测试', days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦' }] } });
      await upload(sys, '/api/units/import', cookies.town ?? '', { filename: 'c.csv', contentType: 'text/csv', content: '名称,所属镇街,类型\n审计村,东城街道,村\n' });
      await sys.request('GET', '/api/users', { cookie: cookies.town });
      await sys.request('POST', '/api/session', { body: { username: 'town', password: 'Wrong-Password-1' } });
      const login = await sys.login('supervisor');
      await sys.request('DELETE', '/api/session', { cookie: login });

      const rows = await auditRows(sys, before);
      expect(rows.map((r) => [r.action, r.outcome])).toEqual([
        ['createUser', 'success'],
        ['updateUser', 'success'],
        ['assignRole', 'success'],
        ['createUnit', 'success'],
        ['editCalendar', 'success'],
        ['importCommunities', 'success'],
        ['accessDenied', 'denied'],
        ['loginFailed', 'failure'],
        ['login', 'success'],
        ['logout', 'success'],
      ]);
      const users = await sys.database.db.selectFrom('app_user').select(['id', 'username', 'role', 'unit_id']).execute();
      for (const r of rows) {
        const actor = users.find((u) => u.username === r.actor_username);
        expect(actor, r.action).toBeDefined();
        expect([r.actor_user_id, r.actor_role, r.actor_unit_id], r.action).toEqual([actor?.id, actor?.role, actor?.unit_id]);
        expect(r.ip, r.action).toBe('127.0.0.1');
        expect(r.request_id, r.action).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(r.occurred_at).toBe(sys.clock.now().toISOString());
        if (r.action !== 'accessDenied') expect(r.target_type, r.action).not.toBeNull();
        expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
      }
      // One request, one id: ten requests, ten ids.
      expect(new Set(rows.map((r) => r.request_id)).size).toBe(rows.length);
      expect(rows[0]).toMatchObject({ target_type: 'user', target_id: String(user.id), target_unit_id: town.id });
      expect(parseJson(rows[1]?.before_json ?? null)).toMatchObject({ displayName: '审计对象' });
      expect(parseJson(rows[1]?.after_json ?? null)).toMatchObject({ displayName: '审计对象二' });
      expect(parseJson(rows[6]?.details_json ?? null)).toMatchObject({ attempted: 'listUsers', code: 'FORBIDDEN_ROLE' });
    });

    it('R0.7 the audit administrator reads the records through the API, newest first, filtered by action', async () => {
      const res = await sys.request('GET', '/api/audit?action=createUser&limit=5', { cookie: await as('auditadmin') });
      expect(res.statusCode).toBe(200);
      const body = res.json<{ total: number; items: { seq: number; action: string; actor: { username: string | null }; target: { type: string | null }; after: unknown }[] }>();
      expect(body.total).toBeGreaterThanOrEqual(9);
      expect(body.items).toHaveLength(5);
      for (const item of body.items) expect(item.action).toBe('createUser');
      expect(body.items[0]).toMatchObject({ actor: { username: 'sysadmin' }, target: { type: 'user' }, after: { username: 'audit.subject' } });
      const seqs = body.items.map((i) => i.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    });

    it('R0.7 only the audit administrator may read or verify the log', async () => {
      for (const username of Object.values(DEMO_USER).filter((u) => u !== 'auditadmin')) {
        const cookie = await as(username);
        expectError(await sys.request('GET', '/api/audit', { cookie }), 'FORBIDDEN_ROLE');
        expectError(await sys.request('POST', '/api/audit/verify', { cookie }), 'FORBIDDEN_ROLE');
      }
      expectError(await sys.request('GET', '/api/audit'), 'UNAUTHENTICATED');
    });

    it('R0.7 the database refuses to change or remove an audit record', async () => {
      const db = sys.database.db;
      const first = await db.selectFrom('audit_log').selectAll().where('seq', '=', 1).executeTakeFirstOrThrow();
      await expect(sql`UPDATE audit_log SET details_json = '{}' WHERE seq = 1`.execute(db)).rejects.toThrow(/append-only/);
      await expect(db.updateTable('audit_log').set({ outcome: 'failure' }).execute()).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM audit_log WHERE seq = 1`.execute(db)).rejects.toThrow(/append-only/);
      await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
      if (dialect === 'postgres') await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/append-only/);
      expect(await db.selectFrom('audit_log').selectAll().where('seq', '=', 1).executeTakeFirstOrThrow()).toEqual(first);
      expect((await sys.app.services.audit.verify()).ok).toBe(true);
    });

    it('R0.7 an intact chain verifies, and the verification is itself audited', async () => {
      const cookie = await as('auditadmin');
      const head = await lastAuditSeq(sys);
      const res = await sys.request('POST', '/api/audit/verify', { cookie });
      expect(res.json()).toEqual({ ok: true, checked: head, lastSeq: head, breaks: [] });
      const rows = await auditRows(sys, head);
      expect(rows.map((r) => [r.action, r.outcome, r.actor_username, parseJson(r.details_json)])).toEqual([
        ['verifyAuditChain', 'success', 'auditadmin', { checked: head, breaks: 0 }],
      ]);
    });

    it('R0.7 if the audit record cannot be written the action fails and leaves nothing behind', async () => {
      const sysadmin = await as('sysadmin');
      const town = await unitNamed(sys, '东城街道');
      const head = await lastAuditSeq(sys);
      await breakAuditFor(sys, dialect, ['createUser', 'login']);
      try {
        const res = await sys.request('POST', '/api/users', { cookie: sysadmin, body: { username: 'unaudited', displayName: '无审计', role: 'town_staff', unitId: town.id } });
        const body = expectError(res, 'INTERNAL');
        expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/);
        expect(res.body).not.toMatch(/audit store unavailable|at .*\.ts/);
        expect(await userNamed(sys, 'unaudited')).toBeUndefined();
        // A sign-in whose record cannot be written opens no session.
        const sessions = (await sys.database.db.selectFrom('session').select('id').execute()).length;
        expectError(await sys.request('POST', '/api/session', { body: { username: 'bureau', password: DEMO_PASSWORD } }), 'INTERNAL');
        expect((await sys.database.db.selectFrom('session').select('id').execute()).length).toBe(sessions);
        expect(await lastAuditSeq(sys)).toBe(head);
      } finally {
        await repairAudit(sys, dialect);
      }
      const again = await sys.request('POST', '/api/users', { cookie: sysadmin, body: { username: 'unaudited', displayName: '无审计', role: 'town_staff', unitId: town.id } });
      expect(again.statusCode).toBe(201);
      expect((await sys.app.services.audit.verify()).ok).toBe(true);
    });
  });

  describe(`[${dialect}] tampering with the audit trail`, () => {
    let sys: TestSystem;
    let auditadmin: string;
    let seq: { created: number; updated: number };

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
    });
    afterAll(async () => sys.close());

    /** A fresh log each time: a few real records, the audit administrator signed in, then the tampering. */
    async function freshLog(): Promise<void> {
      await sys.close();
      sys = await createTestSystem(dialect);
      const sysadmin = await sys.login('sysadmin');
      const town = await unitNamed(sys, '东城街道');
      const res = await sys.request('POST', '/api/users', { cookie: sysadmin, body: { username: 'tamper.target', displayName: '原名', role: 'town_staff', unitId: town.id } });
      const { user } = res.json<{ user: { id: number; version: number } }>();
      const createdSeq = await lastAuditSeq(sys);
      await sys.request('PATCH', `/api/users/${user.id}`, { cookie: sysadmin, body: { version: user.version, displayName: '新名' } });
      seq = { created: createdSeq, updated: await lastAuditSeq(sys) };
      auditadmin = await sys.login('auditadmin');
      expect((await sys.app.services.audit.verify()).ok).toBe(true);
    }

    const verifyByApi = async (): Promise<ChainReport> => {
      const res = await sys.request('POST', '/api/audit/verify', { cookie: auditadmin });
      expect(res.statusCode).toBe(200);
      return res.json<ChainReport>();
    };

    afterEach(async () => enableGuard(sys, dialect).catch(() => undefined));

    it('R0.7 an edited audit record is detected and named', async () => {
      await freshLog();
      await disableGuard(sys, dialect);
      await sql`UPDATE audit_log SET after_json = ${'{"displayName":"伪造"}'} WHERE seq = ${seq.updated}`.execute(sys.database.db);
      await enableGuard(sys, dialect);
      const expected = [{ seq: seq.updated, reason: 'edited', message: `第 ${seq.updated} 条记录内容被修改` }];
      const report = await sys.app.services.audit.verify();
      expect(report.ok).toBe(false);
      expect(report.breaks).toEqual(expected);
      const viaApi = await verifyByApi();
      expect(viaApi).toMatchObject({ ok: false, breaks: expected });
      const last = (await auditRows(sys, (await lastAuditSeq(sys)) - 1))[0];
      expect(last).toMatchObject({ action: 'verifyAuditChain', outcome: 'failure' });
    });

    it('R0.7 an edited actor or outcome is detected as well as edited details', async () => {
      await freshLog();
      await disableGuard(sys, dialect);
      await sql`UPDATE audit_log SET actor_username = 'someone.else' WHERE seq = ${seq.created}`.execute(sys.database.db);
      await sql`UPDATE audit_log SET outcome = 'failure' WHERE seq = 1`.execute(sys.database.db);
      await enableGuard(sys, dialect);
      const report = await sys.app.services.audit.verify();
      expect(report.breaks.map((b) => [b.seq, b.reason])).toEqual([
        [1, 'edited'],
        [seq.created, 'edited'],
      ]);
    });

    it('R0.7 a removed record in the middle is detected and named', async () => {
      await freshLog();
      await disableGuard(sys, dialect);
      await sql`DELETE FROM audit_log WHERE seq = ${seq.created}`.execute(sys.database.db);
      await enableGuard(sys, dialect);
      const expected = [{ seq: seq.created, reason: 'missing', message: `第 ${seq.created} 条记录缺失` }];
      expect((await sys.app.services.audit.verify()).breaks).toEqual(expected);
      expect(await verifyByApi()).toMatchObject({ ok: false, breaks: expected });
    });

    it('R0.7 removed records at the end of the log are detected, before and after new records arrive', async () => {
      await freshLog();
      const head = await lastAuditSeq(sys);
      await disableGuard(sys, dialect);
      await sql`DELETE FROM audit_log WHERE seq >= ${head - 1}`.execute(sys.database.db);
      await enableGuard(sys, dialect);
      const report = await sys.app.services.audit.verify();
      expect(report).toMatchObject({ ok: false, checked: head - 2, lastSeq: head - 2 });
      expect(report.breaks).toEqual([{ seq: head - 1, reason: 'tailRemoved', message: `链尾记录缺失：应有 ${head} 条，实有 ${head - 2} 条` }]);
      expect((await verifyByApi()).breaks.map((b) => [b.seq, b.reason])).toEqual([[head - 1, 'tailRemoved']]);
      // The verification appended a record after the gap: the gap is now in the middle, and still named.
      expect((await sys.app.services.audit.verify()).breaks.map((b) => [b.seq, b.reason])).toEqual([[head - 1, 'missing']]);
    });
  });
}
