/**
 * The audit trail (R0.7) on every database: each write and each security event leaves a record naming who (user,
 * role, unit), from where (IP), under which request, what, on what, with what outcome; the database itself refuses
 * to change or remove a record; an edit, a removed record or a removed tail is found by the hash-chain check and
 * named by its chain and its position in it; concurrent writers append to separate chains that each verify; when the
 * record cannot be written the action fails with it; and only the audit administrator reads the log.
 */
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Dialect } from '../../src/server/db/database.js';
import { POSTGRES_AUDIT_CHAINS } from '../../src/server/db/migrations/0003_audit_chains.js';
import { auditHash } from '../../src/server/features/audit/audit-chain.js';
import type { RequestContext } from '../../src/server/http/context.js';
import { DIALECTS } from '../support/dialects.js';
import { createTestSystem, DEMO_PASSWORD, type TestSystem } from '../support/system.js';
import { auditRows, cookieJar, DEMO_USER, expectError, lastAuditId, parseJson, unitNamed, upload, userNamed } from './fixtures.js';

interface ChainReport {
  ok: boolean;
  checked: number;
  chains: number;
  breaks: { chain: number; seq: number; reason: string; message: string }[];
}

/** Where a record sits: its number in the log, its chain and its position in that chain. */
interface Place {
  id: number;
  chain: number;
  seq: number;
}

async function placeOf(sys: TestSystem, id: number): Promise<Place> {
  return sys.database.db.selectFrom('audit_log').select(['id', 'chain', 'seq']).where('id', '=', id).executeTakeFirstOrThrow();
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
      const before = await lastAuditId(sys);

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
      const body = res.json<{ total: number; items: { id: number; action: string; actor: { username: string | null }; target: { type: string | null }; after: unknown }[] }>();
      expect(body.total).toBeGreaterThanOrEqual(9);
      expect(body.items).toHaveLength(5);
      for (const item of body.items) expect(item.action).toBe('createUser');
      expect(body.items[0]).toMatchObject({ actor: { username: 'sysadmin' }, target: { type: 'user' }, after: { username: 'audit.subject' } });
      const ids = body.items.map((i) => i.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
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
      const first = await db.selectFrom('audit_log').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
      await expect(sql`UPDATE audit_log SET details_json = '{}' WHERE id = 1`.execute(db)).rejects.toThrow(/append-only/);
      await expect(db.updateTable('audit_log').set({ outcome: 'failure' }).execute()).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM audit_log WHERE id = 1`.execute(db)).rejects.toThrow(/append-only/);
      await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
      if (dialect === 'postgres') await expect(sql`TRUNCATE audit_log`.execute(db)).rejects.toThrow(/append-only/);
      expect(await db.selectFrom('audit_log').selectAll().where('id', '=', 1).executeTakeFirstOrThrow()).toEqual(first);
      expect((await sys.app.services.audit.verify()).ok).toBe(true);
    });

    it('R0.7 an intact chain verifies, and the verification is itself audited', async () => {
      const cookie = await as('auditadmin');
      const head = await lastAuditId(sys);
      const count = (await auditRows(sys)).length;
      const res = await sys.request('POST', '/api/audit/verify', { cookie });
      expect(res.json()).toEqual({ ok: true, checked: count, chains: dialect === 'postgres' ? POSTGRES_AUDIT_CHAINS : 1, breaks: [] });
      const rows = await auditRows(sys, head);
      expect(rows.map((r) => [r.action, r.outcome, r.actor_username, parseJson(r.details_json)])).toEqual([
        ['verifyAuditChain', 'success', 'auditadmin', { checked: count, breaks: 0 }],
      ]);
    });

    it('R0.7 writers acting at once append to separate chains on PostgreSQL, and every chain verifies', async () => {
      const writers = 6;
      const ctx: RequestContext = { requestId: 'concurrent', ip: '127.0.0.1', user: null, now: sys.clock.now() };
      // Each transaction holds its chain until it commits, as a slow action would.
      await Promise.all(
        Array.from({ length: writers }, (_, i) =>
          sys.database.db.transaction().execute(async (trx) => {
            await sys.app.services.audit.record(trx, ctx, { action: 'concurrentWrite', details: { writer: i } });
            await sys.app.services.audit.record(trx, ctx, { action: 'concurrentWrite', details: { writer: i, second: true } });
            await new Promise((r) => setTimeout(r, 100));
          }),
        ),
      );
      const rows = await sys.database.db.selectFrom('audit_log').select(['chain', 'seq', 'details_json']).where('action', '=', 'concurrentWrite').execute();
      expect(rows).toHaveLength(writers * 2);
      const chainOf = new Map<number, Set<number>>();
      for (const r of rows) {
        const { writer } = parseJson(r.details_json) as { writer: number };
        chainOf.set(writer, (chainOf.get(writer) ?? new Set()).add(r.chain));
      }
      // The records of one transaction stay in one chain.
      for (const chains of chainOf.values()) expect(chains.size).toBe(1);
      const distinct = new Set([...chainOf.values()].flatMap((c) => [...c]));
      expect(distinct.size).toBe(dialect === 'postgres' ? writers : 1);
      expect(await sys.app.services.audit.verify()).toMatchObject({ ok: true, breaks: [] });
    });

    it('R0.7 if the audit record cannot be written the action fails and leaves nothing behind', async () => {
      const sysadmin = await as('sysadmin');
      const town = await unitNamed(sys, '东城街道');
      const head = await lastAuditId(sys);
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
        expect(await lastAuditId(sys)).toBe(head);
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
    let first: Place;
    let created: Place;
    let updated: Place;

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
      created = await placeOf(sys, await lastAuditId(sys));
      await sys.request('PATCH', `/api/users/${user.id}`, { cookie: sysadmin, body: { version: user.version, displayName: '新名' } });
      updated = await placeOf(sys, await lastAuditId(sys));
      first = await placeOf(sys, (await auditRows(sys))[0]?.id ?? 0);
      auditadmin = await sys.login('auditadmin');
      expect((await sys.app.services.audit.verify()).ok).toBe(true);
    }

    const verifyByApi = async (): Promise<ChainReport> => {
      const res = await sys.request('POST', '/api/audit/verify', { cookie: auditadmin });
      expect(res.statusCode).toBe(200);
      return res.json<ChainReport>();
    };

    afterEach(async () => enableGuard(sys, dialect).catch(() => undefined));

    it('R0.7 an edited audit record is detected and named by its chain and position', async () => {
      await freshLog();
      await disableGuard(sys, dialect);
      await sql`UPDATE audit_log SET after_json = ${'{"displayName":"伪造"}'} WHERE id = ${updated.id}`.execute(sys.database.db);
      await enableGuard(sys, dialect);
      const expected = [{ chain: updated.chain, seq: updated.seq, reason: 'edited', message: `审计链 ${updated.chain} 第 ${updated.seq} 条记录内容被修改` }];
      const report = await sys.app.services.audit.verify();
      expect(report.ok).toBe(false);
      expect(report.breaks).toEqual(expected);
      const viaApi = await verifyByApi();
      expect(viaApi).toMatchObject({ ok: false, breaks: expected });
      const last = (await auditRows(sys, (await lastAuditId(sys)) - 1))[0];
      expect(last).toMatchObject({ action: 'verifyAuditChain', outcome: 'failure' });
    });

    it('R0.7 an edited actor or outcome is detected as well as edited details', async () => {
      await freshLog();
      await disableGuard(sys, dialect);
      await sql`UPDATE audit_log SET actor_username = 'someone.else' WHERE id = ${created.id}`.execute(sys.database.db);
      await sql`UPDATE audit_log SET outcome = 'failure' WHERE id = ${first.id}`.execute(sys.database.db);
      await enableGuard(sys, dialect);
      const report = await sys.app.services.audit.verify();
      expect(report.breaks.map((b) => [b.chain, b.seq, b.reason])).toEqual([
        [first.chain, first.seq, 'edited'],
        [created.chain, created.seq, 'edited'],
      ]);
    });

    it('R0.7 a record moved to another chain is detected, and its hash covers its chain', async () => {
      await freshLog();
      await disableGuard(sys, dialect);
      await sql`UPDATE audit_log SET chain = 99 WHERE id = ${created.id}`.execute(sys.database.db);
      await enableGuard(sys, dialect);
      const report = await sys.app.services.audit.verify();
      expect(report.breaks).toEqual([
        { chain: created.chain, seq: created.seq, reason: 'missing', message: `审计链 ${created.chain} 第 ${created.seq} 条记录缺失` },
        { chain: 99, seq: created.seq, reason: 'unknownChain', message: '审计链 99 不存在，却有 1 条记录' },
      ]);
      const { id: _id, hash, ...fields } = await sys.database.db.selectFrom('audit_log').selectAll().where('id', '=', updated.id).executeTakeFirstOrThrow();
      expect(auditHash(fields)).toBe(hash);
      expect(auditHash({ ...fields, chain: fields.chain + 1 })).not.toBe(hash);
    });

    it('R0.7 a removed record in the middle is detected and named', async () => {
      await freshLog();
      await disableGuard(sys, dialect);
      await sql`DELETE FROM audit_log WHERE id = ${created.id}`.execute(sys.database.db);
      await enableGuard(sys, dialect);
      const expected = [{ chain: created.chain, seq: created.seq, reason: 'missing', message: `审计链 ${created.chain} 第 ${created.seq} 条记录缺失` }];
      expect((await sys.app.services.audit.verify()).breaks).toEqual(expected);
      expect(await verifyByApi()).toMatchObject({ ok: false, breaks: expected });
    });

    it('R0.7 removed records at the end of a chain are detected, before and after new records arrive', async () => {
      await freshLog();
      const total = (await auditRows(sys)).length;
      const chain = updated.chain;
      const head = updated.seq + 1; // the audit administrator's sign-in came last
      await disableGuard(sys, dialect);
      await sql`DELETE FROM audit_log WHERE chain = ${chain} AND seq >= ${head - 1}`.execute(sys.database.db);
      await enableGuard(sys, dialect);
      const report = await sys.app.services.audit.verify();
      expect(report).toMatchObject({ ok: false, checked: total - 2 });
      expect(report.breaks).toEqual([{ chain, seq: head - 1, reason: 'tailRemoved', message: `审计链 ${chain} 链尾记录缺失：应有 ${head} 条，实有 ${head - 2} 条` }]);
      expect((await verifyByApi()).breaks.map((b) => [b.chain, b.seq, b.reason])).toEqual([[chain, head - 1, 'tailRemoved']]);
      // The verification appended a record after the gap: the gap is now in the middle, and still named.
      expect((await sys.app.services.audit.verify()).breaks).toEqual([
        { chain, seq: head - 1, reason: 'missing', message: `审计链 ${chain} 第 ${head - 1}–${head} 条记录缺失` },
      ]);
    });
  });
}
