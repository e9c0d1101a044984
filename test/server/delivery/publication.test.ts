/**
 * Publication delivery on every dialect: a town publicity on each R5.1 channel with its own delivery record, through
 * the development registry that writes the external ones to their logs; one channel down does not hold the others;
 * the R6.6 result follows the publicity on each channel, and feedback 3 reaches every proposer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChannelRegistry, PortalFeedbackChannel, ProjectPortalChannel, SmsChannel } from '../../../src/server/features/delivery/channels.js';
import { DIALECTS } from '../../support/dialects.js';
import {
  FlakyChannel,
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
  insertPublication,
  publicationRow,
  registryOf,
  type DeliveryWorld,
} from './fixtures.js';

const TOWN_CHANNELS = ['projectPortal', 'portal12345', 'wechatGuanjia', 'bureauWebsite', 'communityPlatform'] as const;

function readLog(dataDir: string, channel: string): Record<string, unknown>[] {
  const file = path.join(dataDir, 'outbox', `${channel}.log`);
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] publication delivery`, () => {
    let world: DeliveryWorld;
    let dataDir: string;
    beforeEach(async () => {
      world = await createWorld(dialect);
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-outbox-'));
    });
    afterEach(async () => {
      await world.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('R5.1 a town publicity is delivered on each channel, a town channel of its own included, each with its own record', async () => {
      const projectId = await insertProject(world, '怀德社区路灯改造');
      const project = await world.db.selectFrom('project').select(['code']).where('id', '=', projectId).executeTakeFirstOrThrow();
      const channels = [...TOWN_CHANNELS, '虎门镇融媒体'];
      const ids = new Map<string, number>();
      for (const channel of channels) ids.set(channel, await insertPublication(world, { projectId, channel }));
      const service = deliveryService(world.db, dialect, createChannelRegistry({ dataDir, outboxMode: 'log' }));

      expect(await service.deliverDue(new Date(T0))).toEqual({ claimed: 6, delivered: 6, retrying: 0, failed: 0, leaseLost: 0 });

      const views = await service.listPublications(projectId);
      expect(views.map((v) => [v.channel, v.kind, v.status, v.attempts, v.deliveredAt, v.externalRef])).toEqual([
        // The portal is inside the system and really shows it; the platforms only got a line in the development log.
        ['projectPortal', 'publicity', 'delivered', 1, T0, null],
        ['portal12345', 'publicity', 'logged', 1, T0, 'log:portal12345.log'],
        ['wechatGuanjia', 'publicity', 'logged', 1, T0, 'log:wechatGuanjia.log'],
        ['bureauWebsite', 'publicity', 'logged', 1, T0, 'log:bureauWebsite.log'],
        ['communityPlatform', 'publicity', 'logged', 1, T0, 'log:communityPlatform.log'],
        ['虎门镇融媒体', 'publicity', 'logged', 1, T0, 'log:虎门镇融媒体.log'],
      ]);
      const attempts = await attemptRows(world, 'publication');
      expect(attempts.map((a) => [a.outbox_id, a.channel, a.outcome]).sort((x, y) => Number(x[0]) - Number(y[0]))).toEqual(
        channels.map((c) => [ids.get(c), c, 'delivered']),
      );

      // The portal is inside the system: no log. Each platform outside it got exactly one message.
      expect(readLog(dataDir, 'projectPortal')).toEqual([]);
      for (const channel of channels.slice(1)) {
        expect(readLog(dataDir, channel)).toEqual([
          {
            outbox: 'publication',
            id: ids.get(channel),
            projectId,
            projectCode: project.code,
            projectTitle: '怀德社区路灯改造',
            kind: 'publicity',
            channel,
            startsAt: T0,
            endsAt: at(T0, 5 * 24 * 60 * MINUTE),
            idempotencyKey: `publication:${ids.get(channel) ?? 0}`,
            attempt: 1,
            attemptedAt: T0,
          },
        ]);
      }
    });

    it('R5.1 a platform that is down is retried on its own while the other channels are delivered', async () => {
      const projectId = await insertProject(world);
      const ids = new Map<string, number>();
      for (const channel of TOWN_CHANNELS) ids.set(channel, await insertPublication(world, { projectId, channel }));
      const wechat = new FlakyChannel('wechatGuanjia', 2, { error: '公众号平台接口限流' });
      const others = ['portal12345', 'bureauWebsite', 'communityPlatform'].map((name) => new FlakyChannel(name, 0));
      const service = deliveryService(world.db, dialect, registryOf([], [new ProjectPortalChannel(), wechat, ...others]));

      expect(await service.deliverDue(new Date(T0))).toEqual({ claimed: 5, delivered: 4, retrying: 1, failed: 0, leaseLost: 0 });
      const wechatId = ids.get('wechatGuanjia') ?? 0;
      expect(await publicationRow(world, wechatId)).toMatchObject({ status: 'pending', attempts: 1, next_attempt_at: at(T0, MINUTE), last_error: '公众号平台接口限流' });
      expect(await service.deliverDue(new Date(at(T0, MINUTE)))).toEqual({ claimed: 1, delivered: 0, retrying: 1, failed: 0, leaseLost: 0 });
      expect(await publicationRow(world, wechatId)).toMatchObject({ attempts: 2, next_attempt_at: at(T0, 3 * MINUTE) });
      expect(await service.deliverDue(new Date(at(T0, 3 * MINUTE)))).toEqual({ claimed: 1, delivered: 1, retrying: 0, failed: 0, leaseLost: 0 });
      expect(await publicationRow(world, wechatId)).toMatchObject({
        status: 'delivered',
        attempts: 3,
        delivered_at: at(T0, 3 * MINUTE),
        external_ref: `wechatGuanjia-${wechatId}`,
      });
      expect((await service.listAttempts('publication', wechatId)).map((a) => [a.attemptedAt, a.outcome])).toEqual([
        [T0, 'failed'],
        [at(T0, MINUTE), 'failed'],
        [at(T0, 3 * MINUTE), 'delivered'],
      ]);
      for (const c of others) expect(c.calls).toHaveLength(1);
      // Three attempts, one key; every other channel's row its own.
      expect(wechat.calls.map((m) => m.idempotencyKey)).toEqual(Array.from({ length: 3 }, () => `publication:${wechatId}`));
      expect(others.map((c) => c.calls[0]?.idempotencyKey)).toEqual(['portal12345', 'bureauWebsite', 'communityPlatform'].map((c) => `publication:${ids.get(c) ?? 0}`));
    });

    it('R6.6 the result is published on the same channels, each after its publicity, and feedback 3 reaches every proposer', async () => {
      const projectId = await insertProject(world);
      const closedAt = at(T0, 30 * 24 * 60 * MINUTE);
      const publicity = new Map<string, number>();
      const result = new Map<string, number>();
      for (const channel of TOWN_CHANNELS) publicity.set(channel, await insertPublication(world, { projectId, channel }));
      // The bureau's website is down all through the publicity: its result must not overtake it.
      const bureau = new FlakyChannel('bureauWebsite', 10);
      const platforms = ['portal12345', 'wechatGuanjia', 'communityPlatform'].map((name) => new FlakyChannel(name, 0));
      const sms = new FlakyChannel('sms', 0);
      const service = deliveryService(
        world.db,
        dialect,
        registryOf([new PortalFeedbackChannel(), new SmsChannel(sms)], [new ProjectPortalChannel(), bureau, ...platforms]),
      );
      expect(await service.deliverDue(new Date(T0))).toMatchObject({ claimed: 5, delivered: 4, retrying: 1 });

      for (const channel of TOWN_CHANNELS) result.set(channel, await insertPublication(world, { projectId, channel, kind: 'result', at: closedAt, endsAt: null }));
      const byHotline = await insertDemand(world, 'hotline12345');
      const atCounter = await insertDemand(world, 'communitySelf');
      const body = '您好！您反映的诉求所涉“民生微实事”项目「怀德社区路灯改造」已办结，办理结果已在原公示平台公示。';
      const toSms = await insertFeedback(world, { demandId: byHotline, projectId, kind: 'result', channel: 'sms', recipient: '13800138000', body, at: closedAt });
      const toPortal = await insertFeedback(world, { demandId: atCounter, projectId, kind: 'result', channel: 'portal', body, at: closedAt });

      // Meanwhile the bureau's publicity is retried; it is still failing when the project closes.
      expect(await service.deliverDue(new Date(at(T0, MINUTE)))).toMatchObject({ claimed: 1, retrying: 1 });
      const report = await service.deliverDue(new Date(closedAt));
      expect(report).toEqual({ claimed: 7, delivered: 6, retrying: 1, failed: 0, leaseLost: 0 });
      expect(await publicationRow(world, result.get('bureauWebsite') ?? 0)).toMatchObject({ status: 'pending', attempts: 0 });
      for (const channel of ['projectPortal', 'portal12345', 'wechatGuanjia', 'communityPlatform']) {
        expect(await publicationRow(world, result.get(channel) ?? 0)).toMatchObject({ kind: 'result', status: 'delivered', delivered_at: closedAt });
      }
      expect(await feedbackRow(world, toSms)).toMatchObject({ kind: 'result', status: 'delivered', delivered_at: closedAt });
      expect(await feedbackRow(world, toPortal)).toMatchObject({ kind: 'result', status: 'delivered', delivered_at: closedAt });
      expect(sms.calls.map((m) => [m.id, m.outbox === 'feedback' ? m.body : null])).toEqual([[toSms, body]]);

      // Once the publicity is through, the result follows on that channel.
      bureau.recover();
      const publicityRow = await publicationRow(world, publicity.get('bureauWebsite') ?? 0);
      expect(await service.deliverDue(new Date(publicityRow.next_attempt_at))).toMatchObject({ claimed: 1, delivered: 1 });
      expect(await service.deliverDue(new Date(at(publicityRow.next_attempt_at, 5000)))).toMatchObject({ claimed: 1, delivered: 1 });
      expect(bureau.calls.map((m) => [m.id, m.outbox === 'publication' ? m.kind : null])).toEqual([
        [publicity.get('bureauWebsite'), 'publicity'],
        [publicity.get('bureauWebsite'), 'publicity'],
        [publicity.get('bureauWebsite'), 'publicity'],
        [publicity.get('bureauWebsite'), 'publicity'],
        [result.get('bureauWebsite'), 'result'],
      ]);
    });
  });
}
