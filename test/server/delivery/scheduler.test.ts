/**
 * The in-process scheduler on every dialect: runs never overlap and stop with `stop()`, a failing run is logged and
 * the job goes on, an exclusive job runs on one node at a time and is taken over when its node stops or dies, and
 * the server's jobs start only when started, deliver the outbox, and stop with `app.close()`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/server/config.js';
import { transactorOf } from '../../../src/server/db/transactor.js';
import { AuditService } from '../../../src/server/features/audit/audit.service.js';
import { createChannelRegistry } from '../../../src/server/features/delivery/channels.js';
import { DeliveryService } from '../../../src/server/features/delivery/delivery.service.js';
import { appJobs, startAppJobs } from '../../../src/server/jobs/app-jobs.js';
import { outboxDeliveryJob } from '../../../src/server/jobs/outbox-delivery.job.js';
import { findJobLease } from '../../../src/server/jobs/job-lease.repository.js';
import { JobRegistry, startJobs, type Job, type JobLogger } from '../../../src/server/jobs/scheduler.js';
import { startSystem } from '../../../src/server/system.js';
import { DIALECTS } from '../../support/dialects.js';
import { TestClock } from '../../support/system.js';
import { FlakyChannel, T0, at, createTestNodes, createWorld, deliveryService, insertDemand, insertFeedback, registryOf, type DeliveryWorld } from './fixtures.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

class MemoryLog implements JobLogger {
  readonly entries: { level: string; obj: object; msg: string }[] = [];
  info(obj: object, msg: string): void {
    this.entries.push({ level: 'info', obj, msg });
  }
  warn(obj: object, msg: string): void {
    this.entries.push({ level: 'warn', obj, msg });
  }
  error(obj: object, msg: string): void {
    this.entries.push({ level: 'error', obj, msg });
  }
}

/** A job that counts its runs and how many are in progress at once. */
function countingJob(name: string, options: { everyMs?: number; exclusive?: boolean; runMs?: number; failFirst?: number } = {}) {
  const state = { runs: 0, active: 0, maxActive: 0 };
  const job: Job = {
    name,
    everyMs: options.everyMs ?? 5,
    exclusive: options.exclusive ?? true,
    async run() {
      state.runs += 1;
      state.active += 1;
      state.maxActive = Math.max(state.maxActive, state.active);
      try {
        if (options.runMs !== undefined) await sleep(options.runMs);
        if (state.runs <= (options.failFirst ?? 0)) throw new Error('期限检查失败：数据库暂时不可用');
      } finally {
        state.active -= 1;
      }
    },
  };
  return { job, state };
}

describe('job registry', () => {
  it('a registry refuses a second job of the same name', () => {
    const registry = new JobRegistry().register(countingJob('deadlineWatch').job);
    expect(() => registry.register(countingJob('deadlineWatch').job)).toThrow('job deadlineWatch is registered twice');
    expect(() => registry.register({ ...countingJob('x').job, everyMs: 0 })).toThrow('job x: everyMs must be positive');
  });
});

for (const dialect of DIALECTS) {
  describe(`[${dialect}] job scheduler`, () => {
    let world: DeliveryWorld;
    beforeEach(async () => {
      world = await createWorld(dialect);
    });
    afterEach(async () => world.close());

    it('runs a job again and again, never two runs of it at once, and no more once stopped', async () => {
      const { job, state } = countingJob('deadlineWatch', { everyMs: 2, runMs: 15 });
      const running = startJobs(new JobRegistry().register(job), { db: world.db, clock: () => new Date(T0), node: 'node-a', log: new MemoryLog() });
      await expect.poll(() => state.runs, { timeout: 5000 }).toBeGreaterThanOrEqual(4);
      await running.stop();
      const runs = state.runs;
      await sleep(40);
      expect(state.runs).toBe(runs);
      expect(state.maxActive).toBe(1);
      // A clean stop hands the job back at once.
      expect(await findJobLease(world.db, 'deadlineWatch')).toMatchObject({ owner: null, lease_until: null, last_run_at: T0 });
    });

    it('a run that throws is logged, and the job runs again as usual', async () => {
      const { job, state } = countingJob('publicityWindows', { everyMs: 2, failFirst: 2 });
      const log = new MemoryLog();
      const running = startJobs(new JobRegistry().register(job), { db: world.db, clock: () => new Date(T0), node: 'node-a', log });
      await expect.poll(() => state.runs, { timeout: 5000 }).toBeGreaterThanOrEqual(4);
      await running.stop();
      const errors = log.entries.filter((e) => e.level === 'error');
      expect(errors).toHaveLength(2);
      expect(errors[0]).toMatchObject({ msg: 'job run failed', obj: { job: 'publicityWindows' } });
      expect((errors[0]?.obj as { err: Error }).err.message).toBe('期限检查失败：数据库暂时不可用');
    });

    it('stop() waits for the run in progress', async () => {
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let started = 0;
      let finished = 0;
      const job: Job = {
        name: 'slow',
        everyMs: 5,
        exclusive: false,
        async run() {
          started += 1;
          await gate;
          finished += 1;
        },
      };
      const running = startJobs(new JobRegistry().register(job), { db: world.db, clock: () => new Date(T0), node: 'node-a', log: new MemoryLog() });
      await expect.poll(() => started).toBe(1);
      let stopped = false;
      const stopping = running.stop().then(() => {
        stopped = true;
      });
      // However many turns of the event loop pass, stop() cannot end before the run it waits for.
      for (let i = 0; i < 20; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
      expect(stopped).toBe(false);
      expect({ started, finished }).toEqual({ started: 1, finished: 0 });
      release();
      await stopping;
      expect({ started, finished }).toEqual({ started: 1, finished: 1 });
    });

    it('an exclusive job runs on one node at a time, and another node takes it over when the first stops', async () => {
      const other = world.openNode();
      const a = countingJob('deadlineWatch', { everyMs: 3 });
      const b = countingJob('deadlineWatch', { everyMs: 3 });
      const runningA = startJobs(new JobRegistry().register(a.job), { db: world.db, clock: () => new Date(T0), node: 'node-a', log: new MemoryLog() });
      const runningB = startJobs(new JobRegistry().register(b.job), { db: other.db, clock: () => new Date(T0), node: 'node-b', log: new MemoryLog() });
      try {
        await expect.poll(() => a.state.runs + b.state.runs, { timeout: 5000 }).toBeGreaterThanOrEqual(6);
        // The lease names the node that won it; every run so far was that node's.
        const holderName = (await findJobLease(world.db, 'deadlineWatch'))?.owner;
        expect(['node-a', 'node-b']).toContain(holderName);
        const [holder, waiting, waitingName] = holderName === 'node-a' ? [a, b, 'node-b'] : [b, a, 'node-a'];
        expect(waiting.state.runs).toBe(0);
        expect(holder.state.runs).toBe(a.state.runs + b.state.runs);

        await (holder === a ? runningA : runningB).stop();
        const held = holder.state.runs;
        await expect.poll(() => waiting.state.runs, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
        expect(holder.state.runs).toBe(held);
        expect(await findJobLease(world.db, 'deadlineWatch')).toMatchObject({ owner: waitingName, lease_until: at(T0, 60_000) });
      } finally {
        await runningA.stop();
        await runningB.stop();
      }
    });

    it('an exclusive job held by a node that died is taken over when its lease runs out', async () => {
      await world.db.insertInto('job_lease').values({ name: 'deadlineWatch', owner: 'node-dead', lease_until: at(T0, 60_000), last_run_at: T0 }).execute();
      let now = at(T0, 30_000);
      const { job, state } = countingJob('deadlineWatch', { everyMs: 3 });
      const running = startJobs(new JobRegistry().register(job), { db: world.db, clock: () => new Date(now), node: 'node-b', log: new MemoryLog() });
      try {
        await sleep(60);
        expect(state.runs).toBe(0);
        now = at(T0, 60_001);
        await expect.poll(() => state.runs, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
        expect(await findJobLease(world.db, 'deadlineWatch')).toMatchObject({ owner: 'node-b', last_run_at: now });
      } finally {
        await running.stop();
      }
    });

    it('R7.1 one tick of the outbox job drains a backlog larger than a batch, reading the clock for each round', async () => {
      const portal = new FlakyChannel('portal', 0);
      const delivery = deliveryService(world.db, dialect, registryOf([portal]), { policy: { batchSize: 10 } });
      for (let i = 0; i < 25; i += 1) await insertFeedback(world, { demandId: await insertDemand(world), channel: 'portal' });
      const instants = [at(T0, 1000), at(T0, 2000), at(T0, 3000)];
      let reads = 0;
      const clock = (): Date => new Date(instants[Math.min(reads++, instants.length - 1)] ?? T0);
      const log = new MemoryLog();
      await outboxDeliveryJob(delivery, clock, log).run(new Date(T0));

      expect(portal.calls).toHaveLength(25);
      // Rounds of 10, 10 and 5, each claimed at its own instant; the fourth round found nothing and ended the tick.
      expect(portal.calls.map((m) => m.attemptedAt)).toEqual([...Array<string>(10).fill(T0), ...Array<string>(10).fill(instants[0] ?? ''), ...Array<string>(5).fill(instants[1] ?? '')]);
      expect(reads).toBe(3);
      expect(log.entries).toEqual([]);
    });

    it('a job that is safe on several nodes runs on each of them', async () => {
      const other = world.openNode();
      const a = countingJob('outboxDelivery', { everyMs: 3, exclusive: false });
      const b = countingJob('outboxDelivery', { everyMs: 3, exclusive: false });
      const runningA = startJobs(new JobRegistry().register(a.job), { db: world.db, clock: () => new Date(T0), node: 'node-a', log: new MemoryLog() });
      const runningB = startJobs(new JobRegistry().register(b.job), { db: other.db, clock: () => new Date(T0), node: 'node-b', log: new MemoryLog() });
      await expect.poll(() => Math.min(a.state.runs, b.state.runs), { timeout: 5000 }).toBeGreaterThanOrEqual(3);
      await runningA.stop();
      await runningB.stop();
      expect(await findJobLease(world.db, 'outboxDelivery')).toBeUndefined();
    });

  });

  describe(`[${dialect}] server jobs`, () => {
    let dataDir: string;
    beforeEach(() => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-jobs-'));
    });
    afterEach(() => {
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    async function pendingFeedback(db: DeliveryWorld['db'], unitId: number): Promise<number> {
      const demand = await db
        .insertInto('demand')
        .values({
          tracking_no: `MSJOB${Date.now().toString(36)}`,
          community_id: unitId,
          town_id: unitId,
          status: 'acknowledged',
          channel: 'hotline12345',
          title: '路灯不亮',
          state_json: '{}',
          version: 1,
          created_at: T0,
          updated_at: T0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const row = await db
        .insertInto('feedback')
        .values({ demand_id: demand.id, kind: 'receipt', channel: 'sms', recipient: '13800138000', body: '您好！您的诉求已受理。', status: 'pending', attempts: 0, next_attempt_at: T0, created_at: T0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    }

    it('R7.1 no job runs in a system that did not start them: the outbox stays pending', async () => {
      const nodes = await createTestNodes(dialect);
      const database = nodes.openNode();
      const app = await startSystem(loadConfig({ DEMO: 'false', SERVE_WEB: 'false', DATA_DIR: dataDir }), database, {
        clock: new TestClock(T0).now,
        logger: false,
        announce: () => undefined,
      });
      try {
        await app.ready();
        const town = await database.db.selectFrom('unit').select('id').where('kind', '=', 'town').executeTakeFirstOrThrow();
        const id = await pendingFeedback(database.db, town.id);
        await sleep(100);
        const row = await database.db.selectFrom('feedback').select(['status', 'attempts']).where('id', '=', id).executeTakeFirstOrThrow();
        expect(row).toEqual({ status: 'pending', attempts: 0 });
        expect(fs.existsSync(path.join(dataDir, 'outbox'))).toBe(false);
      } finally {
        await app.close();
        await nodes.close();
      }
    });

    it('R7.1 the server delivers the outbox with its jobs, to the development log, and app.close() stops them', async () => {
      const nodes = await createTestNodes(dialect);
      const database = nodes.openNode();
      const config = loadConfig({ DEMO: 'false', SERVE_WEB: 'false', DATA_DIR: dataDir });
      const clock = new TestClock(T0);
      const app = await startSystem(config, database, { clock: clock.now, logger: false, announce: () => undefined });
      let closed = false;
      try {
        const town = await database.db.selectFrom('unit').select('id').where('kind', '=', 'town').executeTakeFirstOrThrow();
        const id = await pendingFeedback(database.db, town.id);
        const tx = transactorOf(database.db);
        const delivery = new DeliveryService(tx, database.dialect, createChannelRegistry(config), new AuditService(tx, database.dialect), { node: 'node-app' });
        let probes = 0;
        let probed: () => void = () => undefined;
        const firstProbe = new Promise<void>((resolve) => {
          probed = resolve;
        });
        const registry = appJobs({ clock: clock.now, delivery, deadlineWatch: app.services.deadlineWatch, audit: app.services.audit }, app.log).register({
          name: 'probe',
          everyMs: 5,
          exclusive: false,
          run: () => {
            probes += 1;
            probed();
            return Promise.resolve();
          },
        });
        startAppJobs(app, registry, 'node-app');
        await app.ready();

        await expect
          .poll(async () => (await database.db.selectFrom('feedback').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, { timeout: 5000 })
          // Only written to the development log: the row says so.
          .toBe('logged');
        const logged = fs.readFileSync(path.join(dataDir, 'outbox', 'sms.log'), 'utf8').trim().split('\n');
        expect(logged).toHaveLength(1);
        expect(JSON.parse(logged[0] ?? '{}')).toMatchObject({ outbox: 'feedback', id, channel: 'sms', recipient: '138****8000', attempt: 1 });

        // The jobs run: the probe has (its first run comes at once when the jobs start).
        await firstProbe;
        await app.close();
        closed = true;
        const after = probes;
        await sleep(40);
        expect(probes).toBe(after);
      } finally {
        if (!closed) await app.close();
        await nodes.close();
      }
    });
  });
}
