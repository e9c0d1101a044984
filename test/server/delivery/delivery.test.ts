/**
 * Feedback delivery (R7.1) on every dialect: each attempt recorded, retries with doubling waits, exactly-once under
 * two concurrent nodes, a crashed node's rows picked up again, giving up after the last attempt, per-demand order,
 * and the staff retry.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PortalFeedbackChannel, SmsChannel } from '../../../src/server/features/delivery/channels.js';
import { claimCandidate, findDueCandidates } from '../../../src/server/features/delivery/delivery.repository.js';
import { DEFAULT_DELIVERY_POLICY, retryDelayMs } from '../../../src/server/features/delivery/delivery.service.js';
import { AppError } from '../../../src/server/errors.js';
import { DIALECTS } from '../../support/dialects.js';
import {
  FlakyChannel,
  GatedChannel,
  MINUTE,
  T0,
  at,
  attemptRows,
  createWorld,
  deliveryService,
  feedbackRow,
  insertDemand,
  insertFeedback,
  insertProject,
  meetingChannels,
  registryOf,
  staffContext,
  type DeliveryWorld,
} from './fixtures.js';

describe('retry policy', () => {
  it('R7.1 waits double from one minute and stop growing at six hours', () => {
    const flat = { ...DEFAULT_DELIVERY_POLICY, jitterRatio: 0 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 20].map((n) => retryDelayMs(flat, n, 'feedback:1:1') / MINUTE)).toEqual([
      1, 2, 4, 8, 16, 32, 64, 128, 256, 360, 360, 360,
    ]);
  });

  it('R7.1 the default jitter shortens a wait by at most a tenth, the same way every time for a given row and attempt', () => {
    const delays = Array.from({ length: 50 }, (_, i) => retryDelayMs(DEFAULT_DELIVERY_POLICY, 3, `feedback:${i + 1}:3`));
    for (const d of delays) {
      expect(d).toBeGreaterThan(0.9 * 4 * MINUTE);
      expect(d).toBeLessThanOrEqual(4 * MINUTE);
    }
    expect(retryDelayMs(DEFAULT_DELIVERY_POLICY, 3, 'feedback:7:3')).toBe(delays[6]);
    // Spread out: rows that failed together do not come back together.
    expect(new Set(delays).size).toBeGreaterThan(40);
  });
});

for (const dialect of DIALECTS) {
  describe(`[${dialect}] feedback delivery`, () => {
    let world: DeliveryWorld;
    beforeEach(async () => {
      world = await createWorld(dialect);
    });
    afterEach(async () => world.close());

    it('R7.1 every delivery attempt is recorded and a failing channel is retried with backoff until it succeeds', async () => {
      const demandId = await insertDemand(world);
      const id = await insertFeedback(world, { demandId, channel: 'hotline12345', recipient: 'GD12345-20260928-0001' });
      const hotline = new FlakyChannel('hotline12345', 3);
      const service = deliveryService(world.db, dialect, registryOf([hotline]));

      // Attempts at T0, +1 min, +3 min (1 + 2), +7 min (1 + 2 + 4): three failures, then delivered.
      const instants = [T0, at(T0, 1 * MINUTE), at(T0, 3 * MINUTE), at(T0, 7 * MINUTE)];
      const expectedNext = [at(T0, 1 * MINUTE), at(T0, 3 * MINUTE), at(T0, 7 * MINUTE)];
      for (let i = 0; i < 3; i += 1) {
        const report = await service.deliverDue(new Date(instants[i] ?? ''));
        expect(report).toEqual({ claimed: 1, delivered: 0, retrying: 1, failed: 0, leaseLost: 0 });
        const row = await feedbackRow(world, id);
        expect(row).toMatchObject({
          status: 'pending',
          attempts: i + 1,
          next_attempt_at: expectedNext[i],
          last_error: '对方系统暂不可用（503）',
          claimed_by: null,
          claimed_until: null,
        });
        // Not due a millisecond before its instant.
        expect(await service.deliverDue(new Date(at(expectedNext[i] ?? '', -1)))).toMatchObject({ claimed: 0 });
      }
      expect(await service.deliverDue(new Date(instants[3] ?? ''))).toEqual({ claimed: 1, delivered: 1, retrying: 0, failed: 0, leaseLost: 0 });

      expect(await feedbackRow(world, id)).toMatchObject({
        status: 'delivered',
        attempts: 4,
        delivered_at: instants[3],
        last_error: null,
        claimed_by: null,
      });
      expect(hotline.calls.map((m) => [m.id, m.attempt, m.attemptedAt])).toEqual(instants.map((t, i) => [id, i + 1, t]));
      const attempts = await service.listAttempts('feedback', id);
      expect(attempts.map((a) => [a.attemptedAt, a.outcome, a.channel, a.detail])).toEqual([
        [instants[0], 'failed', 'hotline12345', '对方系统暂不可用（503）'],
        [instants[1], 'failed', 'hotline12345', '对方系统暂不可用（503）'],
        [instants[2], 'failed', 'hotline12345', '对方系统暂不可用（503）'],
        [instants[3], 'delivered', 'hotline12345', `外部编号：hotline12345-${id}`],
      ]);
      // Delivered once: later rounds leave it alone.
      expect(await service.deliverDue(new Date(at(T0, 24 * 60 * MINUTE)))).toMatchObject({ claimed: 0 });
      expect(hotline.calls).toHaveLength(4);
    });

    it('R7.1 two nodes delivering at the same time deliver each feedback exactly once', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 24; i += 1) {
        const demandId = await insertDemand(world);
        ids.push(await insertFeedback(world, { demandId, channel: 'portal' }));
      }
      // Two nodes: on PostgreSQL two connection pools, as two processes would have; SQLite has one writer, so the
      // two nodes share the process's one connection.
      const second = world.openNode();
      // Each node's first delivery waits until the other's has begun: both nodes are sending at the same time.
      const [channelA, channelB] = meetingChannels('portal');
      const nodeA = deliveryService(world.db, dialect, registryOf([channelA]), { node: 'node-a' });
      const nodeB = deliveryService(second.db, dialect, registryOf([channelB]), { node: 'node-b' });
      const drain = async (node: typeof nodeA): Promise<number> => {
        let claimed = 0;
        for (;;) {
          const report = await node.deliverDue(new Date(T0), 4);
          expect(report.leaseLost).toBe(0);
          if (report.claimed === 0) return claimed;
          claimed += report.claimed;
        }
      };
      const [byA, byB] = await Promise.all([drain(nodeA), drain(nodeB)]);

      expect(byA + byB).toBe(24);
      // What each node claimed it sent through its own channel, and no message went through both.
      expect(channelA.calls).toHaveLength(byA);
      expect(channelB.calls).toHaveLength(byB);
      const idsA = new Set(channelA.calls.map((m) => m.id));
      expect(channelB.calls.filter((m) => idsA.has(m.id))).toEqual([]);
      const sent = [...channelA.calls, ...channelB.calls].map((m) => m.id).sort((x, y) => x - y);
      expect(sent).toEqual(ids);
      const attempts = await attemptRows(world, 'feedback');
      expect(attempts).toHaveLength(24);
      expect(attempts.map((a) => a.outbox_id).sort((x, y) => x - y)).toEqual(ids);
      expect(attempts.every((a) => a.outcome === 'delivered')).toBe(true);
      const rows = await world.db.selectFrom('feedback').select(['status', 'attempts', 'claimed_by']).execute();
      expect(rows).toHaveLength(24);
      expect(rows.every((r) => r.status === 'delivered' && r.attempts === 1 && r.claimed_by === null)).toBe(true);
    });

    it('R7.1 every attempt of one feedback carries the same idempotency key, also after a crash or a staff retry; different feedbacks different keys', async () => {
      const demandId = await insertDemand(world);
      const first = await insertFeedback(world, { demandId, channel: 'hotline12345', recipient: 'GD12345-20260928-0001' });
      const other = await insertFeedback(world, { demandId: await insertDemand(world), channel: 'hotline12345', recipient: 'GD12345-20260928-0002' });
      const hotline = new FlakyChannel('hotline12345', 1);
      const service = deliveryService(world.db, dialect, registryOf([hotline]), { policy: { maxAttempts: 1 } });
      // The first attempt of each fails for good (one attempt allowed); staff put the first back; it is delivered.
      expect(await service.deliverDue(new Date(T0))).toMatchObject({ claimed: 2, failed: 2 });
      await service.retryFailed(staffContext(at(T0, MINUTE)), 'feedback', first);
      expect(await service.deliverDue(new Date(at(T0, MINUTE)))).toMatchObject({ claimed: 1, delivered: 1 });

      // What a node leaves behind when it is killed after sending: the other row claimed and no result. The next
      // node sends it again under the same key.
      await world.db.updateTable('feedback').set({ status: 'pending', attempts: 0, next_attempt_at: at(T0, 2 * MINUTE) }).where('id', '=', other).execute();
      const leaseUntil = at(T0, 2 * MINUTE + DEFAULT_DELIVERY_POLICY.leaseMs);
      await world.db.transaction().execute(async (trx) => {
        const [candidate] = await findDueCandidates(trx, 'feedback', at(T0, 2 * MINUTE), 10, dialect === 'postgres');
        if (candidate === undefined) throw new Error('no candidate');
        expect(await claimCandidate(trx, 'feedback', candidate, { node: 'node-killed', now: at(T0, 2 * MINUTE), leaseUntil, interruptedError: null })).toBe(true);
      });
      const survivor = deliveryService(world.db, dialect, registryOf([hotline]), { node: 'node-b' });
      expect(await survivor.deliverDue(new Date(at(leaseUntil, 1000)))).toMatchObject({ claimed: 1, delivered: 1 });

      expect(hotline.calls.map((m) => [m.id, m.idempotencyKey])).toEqual([
        [first, `feedback:${first}`],
        [other, `feedback:${other}`],
        [first, `feedback:${first}`],
        [other, `feedback:${other}`],
      ]);
      expect(first).not.toBe(other);
    });

    it('R7.1 a feedback whose node crashed mid-delivery is delivered again once its claim expires', async () => {
      const demandId = await insertDemand(world);
      const id = await insertFeedback(world, { demandId, channel: 'sms', recipient: '13800138000' });
      const leaseUntil = at(T0, DEFAULT_DELIVERY_POLICY.leaseMs);
      // What a node leaves behind when it dies after claiming: the claim, and no result.
      await world.db.transaction().execute(async (trx) => {
        const [candidate] = await findDueCandidates(trx, 'feedback', T0, 10, dialect === 'postgres');
        expect(candidate?.id).toBe(id);
        if (candidate === undefined) return;
        expect(await claimCandidate(trx, 'feedback', candidate, { node: 'node-crashed', now: T0, leaseUntil, interruptedError: null })).toBe(true);
      });

      const sms = new FlakyChannel('sms', 0);
      const survivor = deliveryService(world.db, dialect, registryOf([new SmsChannel(sms)]), { node: 'node-b' });
      // While the claim lasts, the row is the crashed node's.
      expect(await survivor.deliverDue(new Date(at(T0, MINUTE)))).toMatchObject({ claimed: 0 });
      expect(await survivor.deliverDue(new Date(leaseUntil))).toMatchObject({ claimed: 0 });

      const after = at(leaseUntil, 1000);
      expect(await survivor.deliverDue(new Date(after))).toEqual({ claimed: 1, delivered: 1, retrying: 0, failed: 0, leaseLost: 0 });
      expect(await feedbackRow(world, id)).toMatchObject({ status: 'delivered', attempts: 2, delivered_at: after, claimed_by: null });
      expect(sms.calls.map((m) => m.attempt)).toEqual([2]);
      const attempts = await attemptRows(world);
      expect(attempts.map((a) => [a.outbox_id, a.attempted_at, a.outcome])).toEqual([
        [id, after, 'failed'],
        [id, after, 'delivered'],
      ]);
      expect(attempts[0]?.detail).toBe(`投递中断：节点 node-crashed 在租约到期（${leaseUntil}）前未报告结果`);
    });

    it('R7.1 a node still sending when its claim expires is overtaken: the row is sent twice and settled once', async () => {
      const demandId = await insertDemand(world);
      const id = await insertFeedback(world, { demandId, channel: 'portal' });
      const policy = { leaseMs: 2 * MINUTE, deliveryTimeoutMs: 60_000 };
      const slow = new GatedChannel('portal');
      const fast = new FlakyChannel('portal', 0);
      const nodeA = deliveryService(world.db, dialect, registryOf([slow]), { node: 'node-a', policy });
      const nodeB = deliveryService(world.db, dialect, registryOf([fast]), { node: 'node-b', policy });

      const roundA = nodeA.deliverDue(new Date(T0));
      await expect.poll(() => slow.calls.length).toBe(1);
      const later = at(T0, 3 * MINUTE);
      expect(await nodeB.deliverDue(new Date(later))).toEqual({ claimed: 1, delivered: 1, retrying: 0, failed: 0, leaseLost: 0 });
      slow.release();
      expect(await roundA).toEqual({ claimed: 1, delivered: 0, retrying: 0, failed: 0, leaseLost: 1 });

      expect(await feedbackRow(world, id)).toMatchObject({ status: 'delivered', attempts: 2, delivered_at: later, claimed_by: null });
      const attempts = await attemptRows(world);
      expect(attempts.map((a) => [a.attempted_at, a.outcome])).toEqual([
        [later, 'failed'],
        [later, 'delivered'],
        [T0, 'delivered'],
      ]);
      expect(attempts[2]?.detail).toBe('已送达（租约已过期，记录状态由接手的节点决定）');
    });

    it('R7.1 a feedback that keeps failing is given up after the tenth attempt, each wait twice the last, and shown as failed', async () => {
      const demandId = await insertDemand(world);
      const id = await insertFeedback(world, { demandId, channel: 'hotline12345', recipient: 'GD12345-20260928-0002' });
      const down = new FlakyChannel('hotline12345', Number.POSITIVE_INFINITY, { error: '12345系统连接超时' });
      const service = deliveryService(world.db, dialect, registryOf([down]));

      let now = T0;
      const waits: number[] = [];
      for (let attempt = 1; attempt <= 9; attempt += 1) {
        expect(await service.deliverDue(new Date(now))).toMatchObject({ claimed: 1, retrying: 1 });
        const row = await feedbackRow(world, id);
        expect(row).toMatchObject({ status: 'pending', attempts: attempt });
        waits.push((new Date(row.next_attempt_at).getTime() - new Date(now).getTime()) / MINUTE);
        now = row.next_attempt_at;
      }
      expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256]);
      expect(await service.deliverDue(new Date(now))).toEqual({ claimed: 1, delivered: 0, retrying: 0, failed: 1, leaseLost: 0 });

      expect(await feedbackRow(world, id)).toMatchObject({ status: 'failed', attempts: 10, last_error: '12345系统连接超时', delivered_at: null });
      const attempts = await service.listAttempts('feedback', id);
      expect(attempts).toHaveLength(10);
      expect(attempts.every((a) => a.outcome === 'failed')).toBe(true);
      expect(attempts[9]).toMatchObject({ attemptedAt: now, detail: '12345系统连接超时（已达最大投递次数，停止重试）' });
      const [view] = await service.listFeedbacks(demandId);
      expect(view).toMatchObject({ id, status: 'failed', attempts: 10, nextAttemptAt: null, lastError: '12345系统连接超时' });
      // Failed rows stay put.
      expect(await service.deliverDue(new Date(at(now, 7 * 24 * 60 * MINUTE)))).toMatchObject({ claimed: 0 });
      expect(down.calls).toHaveLength(10);
    });

    it('R7.1 an interrupted last attempt ends the row failed without sending it an eleventh time', async () => {
      const demandId = await insertDemand(world);
      const id = await insertFeedback(world, { demandId, channel: 'portal' });
      await world.db.updateTable('feedback').set({ attempts: 9, claimed_by: 'node-crashed', claimed_until: T0 }).where('id', '=', id).execute();
      const portal = new FlakyChannel('portal', 0);
      const service = deliveryService(world.db, dialect, registryOf([portal]));

      const now = at(T0, 1000);
      expect(await service.deliverDue(new Date(now))).toEqual({ claimed: 1, delivered: 0, retrying: 0, failed: 1, leaseLost: 0 });
      expect(portal.calls).toHaveLength(0);
      expect(await feedbackRow(world, id)).toMatchObject({ status: 'failed', attempts: 10, last_error: '已达最大投递次数（10次），最后一次投递中断' });
      expect((await attemptRows(world)).map((a) => [a.outcome, a.attempted_at])).toEqual([['failed', now]]);
    });

    it('R7.1 a feedback that can never be delivered fails at once: an invalid mobile number, an unconfigured channel', async () => {
      const demandId = await insertDemand(world);
      const badNumber = await insertFeedback(world, { demandId, channel: 'sms', recipient: '0769-2283' });
      const otherDemand = await insertDemand(world);
      const unknown = await insertFeedback(world, { demandId: otherDemand, channel: 'fax' });
      const transport = new FlakyChannel('sms', 0);
      const service = deliveryService(world.db, dialect, registryOf([new SmsChannel(transport)]));

      expect(await service.deliverDue(new Date(T0))).toEqual({ claimed: 2, delivered: 0, retrying: 0, failed: 2, leaseLost: 0 });
      expect(transport.calls).toHaveLength(0);
      expect(await feedbackRow(world, badNumber)).toMatchObject({ status: 'failed', attempts: 1, last_error: '短信接收号码无效' });
      expect(await feedbackRow(world, unknown)).toMatchObject({ status: 'failed', attempts: 1, last_error: '未配置投递渠道“fax”' });
      expect((await service.listAttempts('feedback', badNumber)).map((a) => a.detail)).toEqual(['短信接收号码无效（不可重试）']);
    });

    it('R7.1 a proposer hears of the decision only after the receipt, even while the receipt waits for a retry', async () => {
      const demandId = await insertDemand(world);
      const projectId = await insertProject(world);
      const receipt = await insertFeedback(world, { demandId, channel: 'sms', recipient: '13800138000', kind: 'receipt' });
      const decision = await insertFeedback(world, { demandId, projectId, channel: 'sms', recipient: '13800138000', kind: 'decision', body: '项目已经镇（街道）审核确认。' });
      // The same decision in the tracking view is not held up by the SMS gateway, nor another proposer's by this one's.
      const decisionOnPortal = await insertFeedback(world, { demandId, projectId, channel: 'portal', recipient: 'MS2026', kind: 'decision' });
      const otherDemand = await insertDemand(world);
      const other = await insertFeedback(world, { demandId: otherDemand, channel: 'sms', recipient: '13900139000' });
      const sms = new FlakyChannel('sms', 1);
      const service = deliveryService(world.db, dialect, registryOf([sms, new PortalFeedbackChannel()]));

      expect(await service.deliverDue(new Date(T0))).toMatchObject({ claimed: 3, retrying: 2, delivered: 1 });
      expect(await feedbackRow(world, decisionOnPortal)).toMatchObject({ status: 'delivered', delivered_at: T0 });
      expect(await feedbackRow(world, decision)).toMatchObject({ status: 'pending', attempts: 0 });

      const retryAt = at(T0, MINUTE);
      expect(await service.deliverDue(new Date(retryAt))).toMatchObject({ claimed: 2, delivered: 2 });
      // The decision was due all along, but went out only in the round after the receipt was delivered.
      expect((await feedbackRow(world, decision)).status).toBe('pending');
      const next = at(retryAt, 5000);
      expect(await service.deliverDue(new Date(next))).toMatchObject({ claimed: 1, retrying: 1 });
      expect(await service.deliverDue(new Date(at(next, MINUTE)))).toMatchObject({ claimed: 1, delivered: 1 });
      expect(sms.calls.map((m) => [m.id, m.attempt])).toEqual([
        [receipt, 1],
        [other, 1],
        [receipt, 2],
        [other, 2],
        [decision, 1],
        [decision, 2],
      ]);
      const views = await service.listFeedbacks(demandId);
      expect(views.map((v) => [v.id, v.kind, v.channel, v.status, v.recipient])).toEqual([
        [receipt, 'receipt', 'sms', 'delivered', '138****8000'],
        [decision, 'decision', 'sms', 'delivered', '138****8000'],
        [decisionOnPortal, 'decision', 'portal', 'delivered', 'MS2026'],
      ]);
    });

    it('R7.1 staff put a failed feedback back in the queue: a fresh round of attempts, audited; only a failed one', async () => {
      const demandId = await insertDemand(world);
      const id = await insertFeedback(world, { demandId, channel: 'sms', recipient: '13800138000' });
      const sms = new FlakyChannel('sms', 1, { retryable: false, error: '短信网关拒收：号码已停机' });
      const service = deliveryService(world.db, dialect, registryOf([sms]));
      await service.deliverDue(new Date(T0));
      expect(await feedbackRow(world, id)).toMatchObject({ status: 'failed', attempts: 1 });

      const retryAt = at(T0, 3 * 60 * MINUTE);
      await service.retryFailed(staffContext(retryAt), 'feedback', id);
      expect(await feedbackRow(world, id)).toMatchObject({ status: 'pending', attempts: 0, next_attempt_at: retryAt, claimed_by: null });
      const audit = await world.db.selectFrom('audit_log').selectAll().where('action', '=', 'retryDelivery').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ target_type: 'feedback', target_id: String(id), target_unit_id: world.community.id, occurred_at: retryAt });
      expect(JSON.parse(audit[0]?.before_json ?? 'null')).toMatchObject({ status: 'failed', attempts: 1, lastError: '短信网关拒收：号码已停机' });

      expect(await service.deliverDue(new Date(retryAt))).toMatchObject({ claimed: 1, delivered: 1 });
      expect(await feedbackRow(world, id)).toMatchObject({ status: 'delivered', attempts: 1, delivered_at: retryAt });
      // The history keeps both rounds.
      expect((await service.listAttempts('feedback', id)).map((a) => [a.attemptedAt, a.outcome])).toEqual([
        [T0, 'failed'],
        [retryAt, 'delivered'],
      ]);

      const refused = await service.retryFailed(staffContext(retryAt), 'feedback', id).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(AppError);
      expect(refused).toMatchObject({ code: 'INVALID_STATE', details: { status: 'delivered' } });
      await expect(service.retryFailed(staffContext(retryAt), 'feedback', 999_999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await service.ownerUnit('feedback', id)).toEqual({ id: world.community.id, path: world.community.path });
    });
  });
}
