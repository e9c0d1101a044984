/**
 * R7.2 the deadline watch marks a missed step overdue once, the level above sees it in its overdue list and chases
 * it (催办), and the reminder shows in the case's timeline; a community cannot chase its own step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';

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
}
