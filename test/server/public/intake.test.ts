/**
 * R2.2 the 12345 intake: a machine client authenticated by its bearer token enters online-channel demands, assigned
 * at once to the community named in the work order; a retry with the same Idempotency-Key gets the same demand,
 * a different order under the same key is refused; without the token (or with none configured) nothing gets in.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { expectError, lastAuditId, parseJson } from '../fixtures.js';
import { anonymous, call, COMMUNITY, ok, unitOf } from './portal-flow.js';

const TOKEN = 'intake-test-token-0123456789abcdef-XYZ';
const URL = '/api/intake/12345/demands';

interface IntakeJson {
  demandId: number;
  trackingNumber: string;
  status: string;
  statusLabel: string;
  communityId: number;
  communityName: string;
  replayed: boolean;
}

function order(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    orderNumber: 'GD12345-20260928-0001',
    channel: 'hotline12345',
    category: '市政设施',
    content: '示例社区一3巷路面破损，雨天积水，老人出行不便。',
    address: '东城街道示例社区一3巷',
    community: { name: '示例社区一', townName: '东城街道' },
    proposer: { name: '黄美玲', phone: '13812345678' },
    ...overrides,
  };
}

function deliver(sys: TestSystem, body: unknown, headers: Record<string, string>): Promise<LightMyRequestResponse> {
  return sys.app.inject({ method: 'POST', url: URL, headers, payload: body as Record<string, unknown> });
}

const auth = (key: string): Record<string, string> => ({ authorization: `Bearer ${TOKEN}`, 'idempotency-key': key });

for (const dialect of DIALECTS) {
  describe(`[${dialect}] 12345 intake`, () => {
    let sys: TestSystem;
    let communityId: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect, { config: { intakeToken: TOKEN } });
      communityId = (await unitOf(sys, COMMUNITY)).id;
    });
    afterAll(async () => sys.close());

    it('R2.2 a work order becomes a demand assigned at once to its community, entered by the system', async () => {
      const res = await deliver(sys, order(), auth('order-0001-attempt'));
      const created = ok(res, 201).json<IntakeJson>();
      expect(created).toMatchObject({ status: 'assigned', communityId, communityName: '示例社区一', replayed: false });
      expect(created.trackingNumber).toMatch(/^MS20260928\d{6}$/);

      const demand = ok(
        await call(sys, COMMUNITY, 'GET', `/api/demands/${created.demandId}`),
      ).json<{ state: { channel: string; title: string; description: string; proposer: { kind: string; name: string }; createdByUserId: number | null } }>();
      expect(demand.state).toMatchObject({ channel: 'hotline12345', proposer: { kind: 'masses', name: '黄美玲' }, createdByUserId: null });
      expect(demand.state.title).toBe('市政设施：示例社区一3巷路面破损，雨天积水，老人出行不便。');
      expect(demand.state.description).toContain('12345工单号：GD12345-20260928-0001');

      const audit = await sys.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'createDemand').where('target_id', '=', String(created.demandId)).execute();
      expect(audit.map((r) => [r.actor_username, r.actor_role, r.actor_user_id, r.outcome])).toEqual([['system', 'system', null, 'success']]);
      expect(JSON.stringify(audit)).not.toContain('13812345678');
    });

    it('R2.2 the same Idempotency-Key gets the same demand (200); a changed order under it is refused (409)', async () => {
      const first = ok(await deliver(sys, order({ orderNumber: 'GD-0002' }), auth('order-0002-attempt')), 201).json<IntakeJson>();
      const again = ok(await deliver(sys, order({ orderNumber: 'GD-0002' }), auth('order-0002-attempt')), 200).json<IntakeJson>();
      expect(again).toEqual({ ...first, replayed: true });
      const rows = await sys.database.db.selectFrom('demand').select('id').where('idempotency_key', 'like', '%order-0002-attempt').execute();
      expect(rows).toHaveLength(1);

      expectError(await deliver(sys, order({ orderNumber: 'GD-0002', content: '另一件事' }), auth('order-0002-attempt')), 'IDEMPOTENCY_MISMATCH');
      expectError(await deliver(sys, order({ orderNumber: 'GD-0002', proposer: { name: '黄美玲', phone: '13900000000' } }), auth('order-0002-attempt')), 'IDEMPOTENCY_MISMATCH');
    });

    it('R2.2 three deliveries of one order at once: one demand, every answer names it', async () => {
      const results = await Promise.all(Array.from({ length: 3 }, () => deliver(sys, order({ orderNumber: 'GD-0003' }), auth('order-0003-attempt'))));
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
      expect(new Set(results.map((r) => r.json<IntakeJson>().demandId)).size).toBe(1);
      const rows = await sys.database.db.selectFrom('demand').select('id').where('idempotency_key', 'like', '%order-0003-attempt').execute();
      expect(rows).toHaveLength(1);
    });

    it('R2.2 the community by its unit code; an unknown community is refused', async () => {
      await sys.database.db.updateTable('unit').set({ code: '441900-TEST-01' }).where('id', '=', communityId).execute();
      const byCode = ok(await deliver(sys, order({ orderNumber: 'GD-0004', community: { unitCode: '441900-TEST-01' } }), auth('order-0004-attempt')), 201).json<IntakeJson>();
      expect(byCode.communityId).toBe(communityId);
      expectError(await deliver(sys, order({ orderNumber: 'GD-0005', community: { name: '不存在社区', townName: '东城街道' } }), auth('order-0005-attempt')), 'VALIDATION_FAILED');
      expectError(await deliver(sys, order({ orderNumber: 'GD-0005', community: { name: '示例社区一' } }), auth('order-0005-attempt')), 'VALIDATION_FAILED');
    });

    it('R2.1 R2.2 only the online channels come in through the intake; the key is required', async () => {
      expectError(await deliver(sys, order({ orderNumber: 'GD-0006', channel: 'gridPatrol' }), auth('order-0006-attempt')), 'VALIDATION_FAILED');
      expectError(await deliver(sys, order({ orderNumber: 'GD-0006' }), { authorization: `Bearer ${TOKEN}` }), 'VALIDATION_FAILED');
      const wechat = ok(await deliver(sys, order({ orderNumber: 'GD-0007', channel: 'wechatGuanjia' }), auth('order-0007-attempt')), 201).json<IntakeJson>();
      expect(wechat.status).toBe('assigned');
    });

    it('R0.8 without the token, with a wrong one or another scheme: 401 before the body is read, audited without the token', async () => {
      const before = await sys.database.db.selectFrom('demand').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      const missing = await deliver(sys, order(), { 'idempotency-key': 'order-0099-attempt' });
      const wrong = await deliver(sys, order(), { authorization: `Bearer ${TOKEN}x`, 'idempotency-key': 'order-0099-attempt' });
      const basic = await deliver(sys, order(), { authorization: `Basic ${Buffer.from(`12345:${TOKEN}`).toString('base64')}`, 'idempotency-key': 'order-0099-attempt' });
      const garbage = await deliver(sys, '{not json', { authorization: 'Bearer nope', 'idempotency-key': 'x', 'content-type': 'application/json' });
      for (const res of [missing, wrong, basic, garbage]) {
        expectError(res, 'UNAUTHENTICATED');
        expect(res.headers['www-authenticate']).toContain('Bearer');
      }
      const after = await sys.database.db.selectFrom('demand').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
      // Four identical refusals from one source: the first recorded in full, the three repeats in one summary.
      const denials = () => sys.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'accessDenied').where('details_json', 'like', '%intake12345%').orderBy('id').execute();
      expect(await denials()).toHaveLength(1);
      await sys.app.services.audit.flushAggregates(sys.clock.now(), true);
      const rows = await denials();
      expect(rows.map((r) => (parseJson(r.details_json) as { repeated?: { count: number } }).repeated?.count ?? null)).toEqual([null, 3]);
      expect(JSON.stringify(rows)).not.toContain(TOKEN);
    });
  });

  describe(`[${dialect}] 12345 intake under a flood of wrong tokens`, () => {
    let sys: TestSystem;
    beforeAll(async () => {
      sys = await createTestSystem(dialect, { config: { intakeToken: TOKEN, intakeRateLimitPerMinute: 100 } });
    });
    afterAll(async () => sys.close());

    it('R0.7 300 wrong tokens from one IP: 100 refused with 401, the rest 429, and two audit records; the log still verifies', async () => {
      const before = await lastAuditId(sys);
      const statuses = new Map<number, number>();
      for (let i = 0; i < 300; i += 1) {
        const res = await deliver(sys, order(), { authorization: `Bearer wrong-token-${i % 7}-0123456789abcdefghijklmnop`, 'idempotency-key': `order-flood-${i}` });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode === 429) expectError(res, 'RATE_LIMITED');
      }
      expect(Object.fromEntries(statuses)).toEqual({ 401: 100, 429: 200 });
      // Beyond the limit even the right token waits: the limit counts the source, before any token is checked.
      expectError(await deliver(sys, order(), auth('order-flood-right')), 'RATE_LIMITED');

      const written = () => sys.database.db.selectFrom('audit_log').selectAll().where('id', '>', before).orderBy('id').execute();
      // The first refusal in full; the 99 repeats are counted until their window has passed.
      expect((await written()).map((r) => [r.action, r.outcome])).toEqual([['accessDenied', 'denied']]);
      sys.clock.advance(60_000);
      expect(await sys.app.services.audit.flushAggregates(sys.clock.now())).toBe(1);
      const rows = await written();
      expect(rows).toHaveLength(2);
      expect(rows.map((r) => [r.action, r.outcome, r.ip])).toEqual([
        ['accessDenied', 'denied', '127.0.0.1'],
        ['accessDenied', 'denied', '127.0.0.1'],
      ]);
      expect(parseJson(rows[0]?.details_json ?? null)).toEqual({ attempted: 'createDemand', code: 'UNAUTHENTICATED', route: URL, via: 'intake12345' });
      expect(parseJson(rows[1]?.details_json ?? null)).toEqual({
        attempted: 'createDemand',
        code: 'UNAUTHENTICATED',
        route: URL,
        via: 'intake12345',
        repeated: { count: 99, firstAt: '2026-09-28T02:00:00.000Z', lastAt: '2026-09-28T02:00:00.000Z' },
      });
      expect(rows[1]?.occurred_at).toBe('2026-09-28T02:01:00.000Z');
      // Nothing more to summarise.
      expect(await sys.app.services.audit.flushAggregates(sys.clock.now(), true)).toBe(0);

      const report = await sys.app.services.audit.verify();
      expect(report).toMatchObject({ ok: true, breaks: [] });
    });
  });

  describe(`[${dialect}] 12345 intake without INTAKE_TOKEN`, () => {
    let sys: TestSystem;
    beforeAll(async () => {
      sys = await createTestSystem(dialect);
    });
    afterAll(async () => sys.close());

    it('R0.8 with no token configured the intake is closed: every call is 401', async () => {
      expectError(await deliver(sys, order(), auth('order-0001-attempt')), 'UNAUTHENTICATED');
      expectError(await deliver(sys, order(), { authorization: 'Bearer ', 'idempotency-key': 'order-0001-attempt' }), 'UNAUTHENTICATED');
      expectError(await anonymous(sys, 'POST', URL, order()), 'UNAUTHENTICATED');
    });
  });
}
