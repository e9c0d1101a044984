/**
 * R7.2 a case's next deadline kept as a column (db/next-deadline.ts): after every write it is the earliest due
 * instant of the case's open deadline rows, null when none runs, on the demo (every stage) and along a demand's
 * steps (entered, acknowledged, adopted into a project), after concurrent entries, and the same as computed afresh.
 * The lists' 已逾期 filter and 按期限 order read it (case-list-filters.test.ts checks them against the case views).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildNextDeadlines } from '../../../src/server/db/next-deadline.js';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, enterSampleDemand, type TestSystem } from '../../support/system.js';
import { DEMO_USER } from '../fixtures.js';
import { acknowledge, at, call, createDemand, ok, triageAdopt, unitOf, type DemandView } from './flow.js';

type Aggregate = 'demand' | 'project';

/** Each case's kept next deadline next to the earliest open step of its deadline rows, by id. */
async function keptAndComputed(sys: TestSystem, table: Aggregate): Promise<{ kept: Record<number, string | null>; computed: Record<number, string | null> }> {
  const db = sys.database.db;
  const cases = await db.selectFrom(table).select(['id', 'next_due_at']).where('status', '!=', 'reserved').orderBy('id').execute();
  const open = await db.selectFrom('deadline').select(['aggregate_id', 'due_at']).where('aggregate', '=', table).where('status', '=', 'open').execute();
  const earliest = new Map<number, string>();
  for (const d of open) {
    const seen = earliest.get(d.aggregate_id);
    if (seen === undefined || d.due_at < seen) earliest.set(d.aggregate_id, d.due_at);
  }
  return {
    kept: Object.fromEntries(cases.map((c) => [c.id, c.next_due_at])),
    computed: Object.fromEntries(cases.map((c) => [c.id, earliest.get(c.id) ?? null])),
  };
}

async function expectKept(sys: TestSystem): Promise<void> {
  for (const table of ['demand', 'project'] as const) {
    const { kept, computed } = await keptAndComputed(sys, table);
    expect(kept, table).toEqual(computed);
  }
}

async function nextDueOf(sys: TestSystem, table: Aggregate, id: number): Promise<string | null> {
  return (await sys.database.db.selectFrom(table).select('next_due_at').where('id', '=', id).executeTakeFirstOrThrow()).next_due_at;
}

async function openSteps(sys: TestSystem, table: Aggregate, id: number): Promise<{ step: string; due_at: string }[]> {
  return sys.database.db.selectFrom('deadline').select(['step', 'due_at']).where('aggregate', '=', table).where('aggregate_id', '=', id).where('status', '=', 'open').orderBy('due_at').execute();
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] R7.2 a case's next deadline`, () => {
    let sys: TestSystem;

    beforeAll(async () => {
      sys = await createTestSystem(dialect, { config: { demoCases: true } });
    }, 180_000);
    afterAll(async () => sys.close());

    it('R7.2 on the demo every case’s next deadline is its earliest open step, null when none runs, as computed afresh', async () => {
      const demands = await keptAndComputed(sys, 'demand');
      const projects = await keptAndComputed(sys, 'project');
      // The demo has cases with a running step and cases with none, of both kinds.
      for (const { computed } of [demands, projects]) {
        expect(Object.values(computed).some((v) => v !== null)).toBe(true);
        expect(Object.values(computed).some((v) => v === null)).toBe(true);
      }
      expect(demands.kept).toEqual(demands.computed);
      expect(projects.kept).toEqual(projects.computed);
      await rebuildNextDeadlines(sys.database.db);
      expect((await keptAndComputed(sys, 'demand')).kept).toEqual(demands.kept);
      expect((await keptAndComputed(sys, 'project')).kept).toEqual(projects.kept);
    });

    it('R7.2 follows a demand entered, acknowledged and adopted, and the project it becomes', async () => {
      at(sys, '2026-10-12T01:00:00.000Z');
      const staff = DEMO_USER.community_staff;
      const community = await unitOf(sys, staff);
      const entered: DemandView = await createDemand(sys, staff, { communityId: community.id });
      const receipt = await openSteps(sys, 'demand', entered.id);
      expect(receipt.map((s) => s.step)).toEqual(['receipt']);
      expect(await nextDueOf(sys, 'demand', entered.id)).toBe(receipt[0]?.due_at);

      at(sys, '2026-10-12T02:00:00.000Z');
      const acknowledged = await acknowledge(sys, staff, entered);
      const triage = await openSteps(sys, 'demand', entered.id);
      expect(triage.map((s) => s.step)).not.toContain('receipt');
      expect(triage.length).toBeGreaterThan(0);
      expect(await nextDueOf(sys, 'demand', entered.id)).toBe(triage[0]?.due_at);

      at(sys, '2026-10-13T02:00:00.000Z');
      const projectId = await triageAdopt(sys, staff, acknowledged, '示例巷路灯维修', '2026-10-13T01:00:00.000Z');
      const demandSteps = await openSteps(sys, 'demand', entered.id);
      expect(await nextDueOf(sys, 'demand', entered.id)).toBe(demandSteps[0]?.due_at ?? null);
      const projectSteps = await openSteps(sys, 'project', projectId);
      expect(projectSteps.length).toBeGreaterThan(0);
      expect(await nextDueOf(sys, 'project', projectId)).toBe(projectSteps[0]?.due_at);
      // The list sorted by next deadline puts the project where its deadline rows say.
      const listed = ok(await call(sys, staff, 'GET', '/api/projects?sort=nextDeadline&order=asc&limit=100')).json<{ items: { id: number; nextDeadline: { due: string } | null }[] }>();
      const mine = listed.items.find((p) => p.id === projectId);
      expect(mine?.nextDeadline?.due).toBe(projectSteps[0]?.due_at);
      await expectKept(sys);
    });

    it('R7.2 demands entered at once in one community each keep their own next deadline', async () => {
      const cookie = await sys.login(DEMO_USER.community_staff);
      const ids = await Promise.all(Array.from({ length: 8 }, () => enterSampleDemand(sys, cookie)));
      expect(new Set(ids).size).toBe(8);
      for (const id of ids) expect(await nextDueOf(sys, 'demand', id)).not.toBeNull();
      await expectKept(sys);
    });
  });
}
