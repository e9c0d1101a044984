/**
 * The statistics' cells (db/statistics-cells.ts) kept by every write equal the cells computed afresh from the stored
 * rows, on the demo (every stage, a demand reassigned to another community, disbursements) and after concurrent
 * writes to one partition; their sums equal direct counts of the case tables; a write outside a transaction the
 * transactor opened is refused rather than left uncounted.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../../src/server/db/migrator.js';
import { rebuildStatistics } from '../../../src/server/db/statistics-cells.js';
import { saveDemand, findDemandRow, parseDemand } from '../../../src/server/features/cases/case.repository.js';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, enterSampleDemand, type TestSystem } from '../../support/system.js';
import { DEMO_USER } from '../fixtures.js';

type Row = Record<string, unknown>;

/** Every cell of the four tables, numbers as numbers, in one order. */
async function snapshot(sys: TestSystem): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of ['stat_project', 'stat_demand', 'stat_deadline', 'stat_open_deadline'] as const) {
    const rows = (await sys.database.db.selectFrom(table).selectAll().execute()) as Row[];
    out[table] = rows
      .map((r) =>
        JSON.stringify(
          Object.keys(r)
            .sort()
            .map((k) => [k, typeof r[k] === 'string' && /^-?\d+$/.test(r[k]) ? Number(r[k]) : r[k]]),
        ),
      )
      .sort();
  }
  return out;
}

const num = (v: unknown): number => Number(v ?? 0);

for (const dialect of DIALECTS) {
  describe(`[${dialect}] statistics cells`, () => {
    let sys: TestSystem;

    beforeAll(async () => {
      sys = await createTestSystem(dialect, { config: { demoCases: true } });
    }, 180_000);
    afterAll(async () => sys.close());

    it('the cells every write kept equal the cells computed afresh, and sum to the case tables', async () => {
      const kept = await snapshot(sys);
      expect(kept.stat_project?.length).toBeGreaterThan(5);
      expect(kept.stat_deadline?.length).toBeGreaterThan(5);
      await rebuildStatistics(sys.database.db);
      expect(await snapshot(sys)).toEqual(kept);
      // A project's clocks are counted under its handling mode once it has one (R5.5), under '' before and for demands.
      const modes = new Set((await sys.database.db.selectFrom('stat_deadline').select(['aggregate', 'handling_mode']).execute()).map((r) => `${r.aggregate}:${r.handling_mode}`));
      expect(modes.has('demand:')).toBe(true);
      expect([...modes].filter((m) => m.startsWith('project:') && m !== 'project:').length).toBeGreaterThan(1);

      const db = sys.database.db;
      const projects = await db.selectFrom('project').select(sql<string>`count(*)`.as('n')).where('status', '!=', 'reserved').executeTakeFirstOrThrow();
      const cellProjects = await db.selectFrom('stat_project').select(sql<string>`sum(projects)`.as('n')).executeTakeFirstOrThrow();
      expect(num(cellProjects.n)).toBe(num(projects.n));
      const demands = await db.selectFrom('demand').select(sql<string>`count(*)`.as('n')).where('status', '!=', 'reserved').executeTakeFirstOrThrow();
      const cellDemands = await db.selectFrom('stat_demand').select(sql<string>`sum(demands)`.as('n')).executeTakeFirstOrThrow();
      expect(num(cellDemands.n)).toBe(num(demands.n));
      const done = await db.selectFrom('deadline').select(sql<string>`count(*)`.as('n')).where('status', '=', 'done').where('owner', '!=', 'system').executeTakeFirstOrThrow();
      const cellDone = await db.selectFrom('stat_deadline').select(sql<string>`sum(on_time) + sum(late)`.as('n')).executeTakeFirstOrThrow();
      expect(num(cellDone.n)).toBeGreaterThan(0);
      expect(num(cellDone.n)).toBe(num(done.n));
      const running = await db.selectFrom('deadline').select(sql<string>`count(*)`.as('n')).where('status', '=', 'open').where('owner', '!=', 'system').executeTakeFirstOrThrow();
      const cellRunning = await db.selectFrom('stat_open_deadline').select(sql<string>`sum(clocks)`.as('n')).executeTakeFirstOrThrow();
      expect(num(cellRunning.n)).toBeGreaterThan(0);
      expect(num(cellRunning.n)).toBe(num(running.n));
      const paid = await db.selectFrom('disbursement').select(sql<string>`sum(amount_fen)`.as('n')).executeTakeFirstOrThrow();
      const cellPaid = await db.selectFrom('stat_project').select(sql<string>`sum(disbursed_special) + sum(disbursed_collective) + sum(disbursed_social)`.as('n')).executeTakeFirstOrThrow();
      expect(num(paid.n)).toBeGreaterThan(0);
      expect(num(cellPaid.n)).toBe(num(paid.n));
    });

    it('a demand reassigned to another community leaves its first community’s cells and keeps its finished clocks there', async () => {
      // The demo's D03 was entered for 示例村 and reassigned to 示例社区一 (R2.5).
      const db = sys.database.db;
      const reassigned = await db
        .selectFrom('deadline')
        .innerJoin('demand', 'demand.id', 'deadline.aggregate_id')
        .select(['demand.id', 'demand.community_id as now_in', 'deadline.community_id as ran_for'])
        .where('deadline.aggregate', '=', 'demand')
        .whereRef('deadline.community_id', '!=', 'demand.community_id')
        .execute();
      expect(reassigned.length).toBeGreaterThan(0);
      const first = reassigned[0];
      if (first === undefined) return;
      const demandCells = await db.selectFrom('stat_demand').select(['community_id', sql<string>`sum(demands)`.as('n')]).groupBy('community_id').execute();
      const direct = await db.selectFrom('demand').select(['community_id', sql<string>`count(*)`.as('n')]).where('status', '!=', 'reserved').groupBy('community_id').execute();
      const byCommunity = (rows: { community_id: number; n: string }[]) => Object.fromEntries(rows.map((r) => [r.community_id, num(r.n)]));
      expect(byCommunity(demandCells)).toEqual(byCommunity(direct));
      // Its clocks that ran for the first community are counted for that community, in the partition of the second.
      const kept = await db
        .selectFrom('stat_deadline')
        .select('community_id')
        .where('case_community_id', '=', first.now_in)
        .where('community_id', '=', first.ran_for)
        .execute();
      const finishedThere = await db
        .selectFrom('deadline')
        .select(sql<string>`count(*)`.as('n'))
        .where('aggregate', '=', 'demand')
        .where('aggregate_id', '=', first.id)
        .where('community_id', '=', first.ran_for)
        .where('status', '=', 'done')
        .executeTakeFirstOrThrow();
      expect(kept.length > 0).toBe(num(finishedThere.n) > 0);
    });

    it('demands entered at once in one community are all counted', async () => {
      const cookie = await sys.login(DEMO_USER.community_staff);
      const before = await snapshot(sys);
      const ids = await Promise.all(Array.from({ length: 8 }, () => enterSampleDemand(sys, cookie)));
      expect(new Set(ids).size).toBe(8);
      const kept = await snapshot(sys);
      expect(kept).not.toEqual(before);
      await rebuildStatistics(sys.database.db);
      expect(await snapshot(sys)).toEqual(kept);
    });

    it('a case saved in a transaction the transactor did not open is refused, not left out of the statistics', async () => {
      const row = await sys.database.db.selectFrom('demand').selectAll().where('status', '!=', 'reserved').orderBy('id').executeTakeFirstOrThrow();
      const loaded = parseDemand((await findDemandRow(sys.database.db, row.id)) ?? row);
      await expect(sys.database.db.transaction().execute((trx) => saveDemand(trx, loaded.state, loaded.version, '2026-10-01T02:00:00.000Z'))).rejects.toThrow(/beforeCommit/);
      const after = await findDemandRow(sys.database.db, row.id);
      expect(after?.version).toBe(row.version);
    });

    it('a database kept before 0013 gains the handling mode in its clocks’ cells, computed afresh', async () => {
      const kept = await snapshot(sys);
      await migrateToLatest(sys.database, '0012_statistics_group_indexes');
      const columns = (await sys.database.db.introspection.getTables()).find((t) => t.name === 'stat_deadline')?.columns.map((c) => c.name);
      expect(columns).toContain('step');
      expect(columns).not.toContain('handling_mode');
      // Going back, the clocks' cells are emptied (their key merges); going forward they are all computed again.
      expect(num((await sys.database.db.selectFrom('stat_deadline').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
      expect((await migrateToLatest(sys.database)).applied).toEqual(['0013_statistics_handling_mode']);
      expect(await snapshot(sys)).toEqual(kept);
    });
  });
}
