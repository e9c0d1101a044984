/**
 * R7.2 the deadline watch marks a missed step overdue once, the level above sees it in its overdue list and chases
 * it (催办), and the reminder shows in the case's timeline; a community cannot chase its own step.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { step, TOWN_CHANNELS } from './flow.js';

for (const dialect of DIALECTS) {
  describe(`[${dialect}] deadline watch`, () => {
    let sys: TestSystem;
    let community: string;
    let town: string;
    let communityId: number;
    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      community = await sys.login('community');
      town = await sys.login('town');
      communityId = (await sys.request('GET', '/api/session', { cookie: community })).json<{ unit: { id: number } }>().unit.id;
    });
    afterAll(async () => sys.close());

    it('R7.2 an unacknowledged demand becomes overdue after 24 hours, is listed for the town and chased by it', async () => {
      const created = await sys.request('POST', '/api/demands', {
        cookie: community,
        body: {
          communityId,
          channel: 'gridPatrol',
          proposer: { kind: 'masses', name: '周国平', phone: '13922223333' },
          title: '示例社区一公园路灯不亮',
          description: '公园东侧三盏路灯不亮。',
          location: '示例社区一小公园',
        },
      });
      expect(created.statusCode).toBe(201);
      const demandId = created.json<{ id: number }>().id;

      // Before the 24 hours are up nothing is overdue.
      sys.clock.set('2026-09-29T01:59:00.000Z');
      // A day later the morning's sessions have expired (30 minutes idle): sign in again.
      community = await sys.login('community');
      town = await sys.login('town');
      expect((await sys.app.services.deadlineWatch.run(sys.clock.now())).overdueMarked).toBe(0);
      expect((await sys.request('GET', '/api/deadlines/overdue', { cookie: town })).json<{ total: number }>().total).toBe(0);

      sys.clock.set('2026-09-29T02:00:00.000Z');
      const first = await sys.app.services.deadlineWatch.run(sys.clock.now());
      expect(first.overdueMarked).toBe(1);
      // Escalated once: a second run finds nothing new.
      expect((await sys.app.services.deadlineWatch.run(sys.clock.now())).overdueMarked).toBe(0);

      const overdue = (await sys.request('GET', '/api/deadlines/overdue', { cookie: town })).json<{ total: number; items: { id: number; aggregateId: number; step: string; due: string; caseNumber: string; caseTitle: string }[] }>();
      expect(overdue.total).toBe(1);
      expect(overdue.items[0]).toMatchObject({ aggregate: 'demand', aggregateId: demandId, step: 'receipt', due: '2026-09-29T02:00:00.000Z' });
      // The list names the case, so the level above sees what is late without opening it.
      const demand = (await sys.request('GET', `/api/demands/${demandId}`, { cookie: town })).json<{ state: { trackingNumber: string; title: string } }>();
      expect(overdue.items[0]).toMatchObject({ caseNumber: demand.state.trackingNumber, caseTitle: demand.state.title });
      const deadlineId = overdue.items[0]?.id ?? 0;

      const own = await sys.request('POST', `/api/deadlines/${deadlineId}/reminders`, { cookie: community, body: { message: '请尽快接收' } });
      expect(own.statusCode).toBe(403);

      const chased = await sys.request('POST', `/api/deadlines/${deadlineId}/reminders`, { cookie: town, body: { message: '请今日内接收并反馈' } });
      expect(chased.statusCode).toBe(200);
      expect(chased.json()).toEqual({ reminders: 1 });

      const timeline = (await sys.request('GET', `/api/demands/${demandId}/timeline`, { cookie: community })).json<{ events: { action: string; role: string | null }[] }>();
      expect(timeline.events.map((e) => e.action)).toEqual(['sendReminder', 'markOverdue', 'markOverdue', 'createDemand']);
      expect(timeline.events[0]?.role).toBe('town_staff');
    });
  });

  describe(`[${dialect}] deadline watch: one bad case fails alone`, () => {
    let sys: TestSystem;
    const UNREADABLE = '{"id": 1, "status": ';

    beforeEach(async () => {
      sys = await createTestSystem(dialect, { config: { demoCases: true } });
    });
    afterEach(async () => sys.close());

    async function projectNamed(title: string): Promise<number> {
      const row = await sys.database.db.selectFrom('project').select('id').where('title', '=', title).executeTakeFirstOrThrow();
      return row.id;
    }

    async function openWindows(): Promise<{ aggregate_id: number; due_at: string }[]> {
      return sys.database.db
        .selectFrom('deadline')
        .select(['aggregate_id', 'due_at'])
        .where('step', '=', 'publicityWindow')
        .where('status', '=', 'open')
        .orderBy('due_at')
        .orderBy('id')
        .execute();
    }

    it('R5.1 a publicity case whose state cannot be read is counted and retried later; the other windows still end and steps are still escalated', async () => {
      // Three projects in publicity: the demo's P11, and P06 (community) and P10 (town) publicized now.
      await step(sys, 'community', await projectNamed('示例社区一“四点半课堂”课后托管服务'), 'publicity', { days: null, channels: ['projectPortal', 'noticeBoard'] });
      await step(sys, 'town', await projectNamed('示例社区一长者日间照料服务'), 'publicity', { days: 5, channels: [...TOWN_CHANNELS] });
      const windows = await openWindows();
      expect(windows.length).toBeGreaterThanOrEqual(3);

      // The case due first cannot be read.
      const bad = windows[0]?.aggregate_id ?? 0;
      const original = await sys.database.db.selectFrom('project').select('state_json').where('id', '=', bad).executeTakeFirstOrThrow();
      await sys.database.db.updateTable('project').set({ state_json: UNREADABLE }).where('id', '=', bad).execute();

      sys.clock.set('2026-11-30T02:00:00.000Z');
      const first = await sys.app.services.deadlineWatch.run(sys.clock.now());
      expect(first.publicityEnded).toBe(windows.length - 1);
      expect(first.overdueMarked).toBeGreaterThan(0);
      expect(first.failed).toBe(1);
      expect(first.failures).toEqual([
        { aggregate: 'project', aggregateId: bad, command: 'endPublicity', failures: 1, retryAt: '2026-11-30T02:01:00.000Z', error: 'SyntaxError' },
      ]);
      expect((await openWindows()).map((w) => w.aggregate_id)).toEqual([bad]);

      // Within its back-off the bad case is left alone; the watch has nothing else to do.
      const again = await sys.app.services.deadlineWatch.run(sys.clock.now());
      expect(again).toMatchObject({ publicityEnded: 0, overdueMarked: 0, failed: 0, deferred: 1 });

      // Retried on a later run, still unreadable: the wait doubles.
      sys.clock.advance(60_000);
      const retried = await sys.app.services.deadlineWatch.run(sys.clock.now());
      expect(retried.failures).toEqual([
        { aggregate: 'project', aggregateId: bad, command: 'endPublicity', failures: 2, retryAt: '2026-11-30T02:03:00.000Z', error: 'SyntaxError' },
      ]);

      // Repaired, the next attempt ends its publicity.
      await sys.database.db.updateTable('project').set({ state_json: original.state_json }).where('id', '=', bad).execute();
      sys.clock.advance(2 * 60_000);
      const repaired = await sys.app.services.deadlineWatch.run(sys.clock.now());
      expect(repaired).toMatchObject({ publicityEnded: 1, failed: 0, deferred: 0 });
      expect(await openWindows()).toEqual([]);
    });

    it('R7.2 a demand whose state cannot be read does not stop the escalation of the others, taken in due order', async () => {
      sys.clock.set('2026-11-30T02:00:00.000Z');
      const due = await sys.database.db
        .selectFrom('deadline')
        .select((eb) => ['aggregate', 'aggregate_id', eb.fn.min('due_at').as('first_due')])
        .where('status', '=', 'open')
        .where('owner', '!=', 'system')
        .where('overdue_at', 'is', null)
        .where('due_at', '<=', sys.clock.now().toISOString())
        .groupBy(['aggregate', 'aggregate_id'])
        .orderBy('first_due')
        .execute();
      const demands = due.filter((d) => d.aggregate === 'demand');
      expect(demands.length).toBeGreaterThanOrEqual(2);
      // The demand whose missed step is the oldest cannot be read.
      const bad = demands[0]?.aggregate_id ?? 0;
      await sys.database.db.updateTable('demand').set({ state_json: UNREADABLE }).where('id', '=', bad).execute();

      const first = await sys.app.services.deadlineWatch.run(sys.clock.now());
      expect(first.overdueMarked).toBe(due.length - 1);
      expect(first.failures.map((f) => [f.aggregate, f.aggregateId, f.command, f.failures])).toEqual([['demand', bad, 'markOverdue', 1]]);
      const escalated = await sys.database.db.selectFrom('deadline').select(['aggregate', 'aggregate_id']).where('overdue_at', 'is not', null).execute();
      expect(escalated.some((r) => r.aggregate === 'demand' && r.aggregate_id === bad)).toBe(false);
      expect(new Set(escalated.map((r) => `${r.aggregate}:${r.aggregate_id}`)).size).toBe(due.length - 1);

      sys.clock.advance(60_000);
      const retried = await sys.app.services.deadlineWatch.run(sys.clock.now());
      expect(retried).toMatchObject({ overdueMarked: 0, failed: 1 });
      expect(retried.failures[0]).toMatchObject({ aggregateId: bad, failures: 2 });
    });
  });
}
