/**
 * The hot queries' SQL and plans as reviewable snapshots (issue 12): the staff lists with their filters (by
 * community, town, status, the overdue filter, the next-deadline order, page 1 and page 500), the 工作台's to-do and
 * overdue steps, the statistics a town reads (and the city's), the deadline watch's overdue and publicity queries and
 * the outbox claim. Each query's SQL is what Kysely compiles from the repository's own query builder
 * (query-plans/hot-queries.ts), its plan `EXPLAIN QUERY PLAN` (SQLite) or `EXPLAIN (COSTS OFF)` (PostgreSQL); both are
 * compared with test/server/query-plans/<name>.<dialect>.txt. A difference fails with the diff; `UPDATE_PLANS=1`
 * rewrites the snapshots (then review the diff like code). Separately, no plan may read the demand or project table
 * whole but those listed in KNOWN_FULL_SCANS with their reason (SQLite `SCAN demand` / `SCAN project` without an index, except the walk of the table's key in its order up to
 * a page's end; PostgreSQL `Seq Scan on demand` / `project`).
 *
 * Plans depend on the planner's statistics, and an empty test database has none that look like a city. So:
 * - SQLite: after the migrations, `ANALYZE` creates sqlite_stat1, whose rows for demand, project, deadline, unit and the statistics cells
 *   are then replaced by those `ANALYZE` wrote on the large city of bench/scale.ts (1,000,000 demands, 200,000
 *   projects, 2,002,142 deadline rows, 600 communities in 33 towns; query-plans/sqlite-stat1.json), and the outbox
 *   tables' by rows for 2,000,000 feedbacks and 400,000 publications of which few are pending (the large city has no
 *   outbox rows); `ANALYZE sqlite_schema` makes the planner read them. The tables hold one case of each kind with an
 *   open step (so that every statement of a list is sent): SQLite plans from sqlite_stat1 alone.
 * - PostgreSQL plans from the rows themselves (its statistics cannot be written by hand), so a twentieth of the city
 *   is seeded by SQL (50,000 demands, 10,000 projects, 100,000 deadline rows, 20,000 feedbacks, 5,000 publications,
 *   the same 33 towns and 600 communities, statuses, years and open steps in the large city's proportions, states as
 *   long as real ones), autovacuum off on them, then `VACUUM ANALYZE` with a statistics target that samples every row
 *   (so the snapshot does not depend on a random sample) and parallel workers off (plans of one process, as at the snapshot's writing).
 *   At a twentieth the planner still weighs a full scan against the indexes as it does at full size (docs/performance.md,
 *   the large city, compares them with the full-size plans).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrator.js';
import { rebuildNextDeadlines } from '../../src/server/db/next-deadline.js';
import { rebuildStatistics } from '../../src/server/db/statistics-cells.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/dialects.js';
import { captureStatements, fullScanOf, HOT_QUERIES, planOf, type Place } from './query-plans/hot-queries.js';

const DIR = path.join(import.meta.dirname, 'query-plans');
const UPDATE = process.env.UPDATE_PLANS === '1';
const PLACE: Place = { townId: 5, communityId: 120 };

interface StatRow {
  readonly tbl: string;
  readonly idx: string | null;
  readonly stat: string;
}

/** sqlite_stat1 of the large city, and the outbox tables' rows (see the header). */
function largeCityStats(): StatRow[] {
  const city = JSON.parse(fs.readFileSync(path.join(DIR, 'sqlite-stat1.json'), 'utf8')) as StatRow[];
  return [
    ...city,
    { tbl: 'feedback', idx: null, stat: '2000000' },
    { tbl: 'feedback', idx: 'feedback_pending_idx', stat: '2000000 40000 2' },
    { tbl: 'feedback', idx: 'feedback_demand_idx', stat: '2000000 2' },
    { tbl: 'publication', idx: null, stat: '400000' },
    { tbl: 'publication', idx: 'publication_pending_idx', stat: '400000 8000 2' },
    { tbl: 'publication', idx: 'publication_project_idx', stat: '400000 2' },
  ];
}

async function prepareSqlite(db: Db): Promise<void> {
  // A case of each kind with an open step, so that every statement of a list ordered by next deadline is sent.
  const rows = [
    `insert into unit (id, kind, subkind, name, code, parent_id, path, town_id, is_sample, created_at) values (1, 'city', null, '市', null, null, '/1/', null, 0, '2016-01-01T00:00:00.000Z')`,
    `insert into unit (id, kind, subkind, name, code, parent_id, path, town_id, is_sample, created_at) values (5, 'town', '镇', '镇', null, 1, '/1/5/', 5, 0, '2016-01-01T00:00:00.000Z')`,
    `insert into unit (id, kind, subkind, name, code, parent_id, path, town_id, is_sample, created_at) values (120, 'community', '社区', '社区', null, 5, '/1/5/120/', 5, 0, '2016-01-01T00:00:00.000Z')`,
    `insert into demand (id, tracking_no, community_id, town_id, status, channel, title, state_json, version, created_at, updated_at) values (1, 'MS1', 120, 5, 'acknowledged', 'hotline12345', '诉求', '{}', 2, '2026-06-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z')`,
    `insert into project (id, code, community_id, town_id, status, title, collection_mode, year, state_json, version, created_at, updated_at) values (1, 'XM1', 120, 5, 'underReview', '项目', 'daily', 2026, '{}', 3, '2026-06-01T00:00:00.000Z', '2026-06-01T00:00:00.000Z')`,
    `insert into deadline (aggregate, aggregate_id, step, rule, owner, community_id, town_id, started_at, due_at, due_date, status) values ('demand', 1, 'triage', 'R2.4', 'community', 120, 5, '2026-06-01T00:00:00.000Z', '2026-06-10T00:00:00.000Z', '2026-06-10', 'open')`,
    `insert into deadline (aggregate, aggregate_id, step, rule, owner, community_id, town_id, started_at, due_at, due_date, status) values ('project', 1, 'townReview', 'R3.5', 'town', 120, 5, '2026-06-01T00:00:00.000Z', '2026-06-10T00:00:00.000Z', '2026-06-10', 'open')`,
  ];
  for (const text of rows) await db.executeQuery(CompiledQuery.raw(text));
  await sql`ANALYZE`.execute(db);
  await sql`DELETE FROM sqlite_stat1`.execute(db);
  for (const row of largeCityStats()) await sql`INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (${row.tbl}, ${row.idx}, ${row.stat})`.execute(db);
  await sql`ANALYZE sqlite_schema`.execute(db);
}

/** A twentieth of the large city, by SQL (see the header). */
async function preparePostgres(db: Db): Promise<void> {
  const statements = [
    // No autovacuum may analyze them again with a smaller sample while the plans are taken.
    ...['unit', 'demand', 'project', 'deadline', 'feedback', 'publication', 'stat_project', 'stat_demand', 'stat_deadline'].map((t) => `alter table ${t} set (autovacuum_enabled = false)`),
    `insert into unit (id, kind, subkind, name, code, parent_id, path, town_id, is_sample, created_at) values (1, 'city', null, '市', null, null, '/1/', null, 0, '2016-01-01T00:00:00.000Z')`,
    `insert into unit (id, kind, subkind, name, code, parent_id, path, town_id, is_sample, created_at)
       select g, 'town', '镇', '镇' || g, null, 1, '/1/' || g || '/', g, 0, '2016-01-01T00:00:00.000Z' from generate_series(2, 34) g`,
    `insert into unit (id, kind, subkind, name, code, parent_id, path, town_id, is_sample, created_at)
       select g, 'community', '社区', '社区' || g, null, 2 + (g % 33), '/1/' || (2 + (g % 33)) || '/' || g || '/', 2 + (g % 33), 0, '2016-01-01T00:00:00.000Z' from generate_series(35, 634) g`,
    // Entry times over ten years by id; 97 % of the older cases finished, the last year's in every state.
    `insert into demand (id, tracking_no, community_id, town_id, status, channel, title, proposer_phone, project_id, primary_demand_id, idempotency_key, state_json, version, created_at, updated_at)
       select g, 'MS' || g, 35 + (g * 7919) % 600, 2 + ((35 + (g * 7919) % 600) % 33),
         case when g % 5 = 0 then 'adopted' when g > 45000 then (array['assigned','acknowledged','referred','declined'])[1 + g % 4]
              when g % 100 < 3 then (array['assigned','acknowledged'])[1 + g % 2] else (array['referred','declined'])[1 + g % 2] end,
         (array['hotline12345','portal12345','wechatGuanjia'])[1 + g % 3], '诉求' || g, '13800000000', case when g % 5 = 0 then g / 5 else null end, null, null,
         '{"aggregate":"demand","pad":"' || repeat('x', 1800) || '"}', 3,
         to_char(timestamp '2016-06-01' + (g * interval '1 hour' * 1.75), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), to_char(timestamp '2016-06-01' + (g * interval '1 hour' * 1.75), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
       from generate_series(1, 50000) g`,
    `insert into project (id, code, community_id, town_id, status, title, category, subcategory, handling_mode, location, review_path, budget_fen, over_cap, possible_split, survey_exception, collection_mode, campaign_id, year, published, state_json, version, created_at, updated_at, consulted_at)
       select p, 'XM' || p, d.community_id, d.town_id,
         case when p > 9000 then (array['awaitingConsultation','consulted','registered','underReview','inPublicity','publicityEnded','implementing','closed'])[1 + p % 8]
              when p % 100 < 3 then 'implementing' else 'closed' end,
         '项目' || p, (array['engineering','service'])[1 + p % 2], 'E1', 'express', '某巷', case when p % 4 = 0 then 'town' else 'small' end, 100000 + p * 13, case when p % 97 = 0 then 1 else 0 end, case when p % 89 = 0 then 1 else 0 end, 0,
         'daily', null, 2016 + (p / 1000), case when p % 8 >= 4 or p <= 9000 then 1 else 0 end, '{"aggregate":"project","pad":"' || repeat('x', 9000) || '"}', 5, d.created_at, d.updated_at, d.created_at
       from generate_series(1, 10000) p join demand d on d.id = p * 5`,
    // Two steps per case: the done ones of the finished, an open one (past due or not) of the others.
    `insert into deadline (aggregate, aggregate_id, step, rule, owner, community_id, town_id, started_at, due_at, due_date, provisional, warnings_json, status, due_soon, overdue_at, done_at, late, reminders, last_reminded_at)
       select 'demand', d.id, s.step, 'R2.3', 'community', d.community_id, d.town_id, d.created_at, d.created_at, substr(d.created_at, 1, 10), 0, null,
         case when d.status in ('assigned','acknowledged') and s.n = 2 then 'open' else 'done' end, 0, null, case when d.status in ('assigned','acknowledged') and s.n = 2 then null else d.created_at end, 0, 0, null
       from demand d cross join (values (1, 'receipt'), (2, 'triage')) s(n, step)`,
    `update deadline set due_at = '2026-09-01T00:00:00.000Z' where status = 'open' and aggregate_id % 3 = 0`,
    `insert into deadline (aggregate, aggregate_id, step, rule, owner, community_id, town_id, started_at, due_at, due_date, provisional, warnings_json, status, due_soon, overdue_at, done_at, late, reminders, last_reminded_at)
       select 'project', p.id, 'consultation', 'R3.1', 'community', p.community_id, p.town_id, p.created_at, p.created_at, substr(p.created_at, 1, 10), 0, null,
         case when p.status = 'closed' then 'done' else 'open' end, 0, null, null, 0, 0, null
       from project p`,
    `insert into feedback (demand_id, project_id, kind, channel, recipient, body, status, attempts, next_attempt_at, claimed_by, claimed_until, last_error, created_at, delivered_at)
       select 1 + (g % 50000), null, 'receipt', 'sms', '13800000000', '已收到', case when g % 50 = 0 then 'pending' else 'delivered' end, 1, d.created_at, null, null, null, d.created_at, d.created_at
       from generate_series(1, 20000) g join demand d on d.id = 1 + (g % 50000)`,
    `insert into publication (project_id, kind, channel, starts_at, ends_at, status, attempts, next_attempt_at, claimed_by, claimed_until, last_error, external_ref, created_at, delivered_at)
       select 1 + (g % 10000), 'publicity', 'projectPortal', p.created_at, null, case when g % 50 = 0 then 'pending' else 'delivered' end, 1, p.created_at, null, null, null, null, p.created_at, p.created_at
       from generate_series(1, 5000) g join project p on p.id = 1 + (g % 10000)`,
  ];
  for (const text of statements) await db.executeQuery(CompiledQuery.raw(text));
  // The seeded rows were written by SQL: their statistics cells and next deadlines are computed as the benchmark's generator does.
  await rebuildStatistics(db);
  await rebuildNextDeadlines(db);
  await db.executeQuery(CompiledQuery.raw('set default_statistics_target = 1000'));
  await db.executeQuery(CompiledQuery.raw('vacuum analyze'));
}

function snapshotText(name: string, dialect: string, statements: readonly { sql: string; parameters: readonly unknown[]; plan: readonly string[] }[]): string {
  const out = [`-- ${name} (${dialect}): the SQL the repository compiles, its parameters and its plan; refresh with UPDATE_PLANS=1`];
  statements.forEach((s, i) => {
    out.push('', `-- statement ${i + 1} of ${statements.length}`, s.sql, `-- parameters: ${JSON.stringify(s.parameters)}`, '-- plan', ...s.plan);
  });
  return `${out.join('\n')}\n`;
}

/**
 * The hot queries whose plan reads the project table whole, and why (docs/performance.md, the large city, has the
 * full-size plans and timings). SQLite has none. PostgreSQL, seeded at a twentieth: the city's on-time rates read
 * the projects of a year of the whole city (no index narrows a whole city by year); the city-wide overdue filter and next-deadline order
 * count the projects with an open step by hashing the project table against the open steps, which the planner
 * prefers at full size too; page 500 of the city's projects is, at a twentieth, the whole seeded table (at full size
 * an index scan: bench/scale-plans.ts plans every hot query on the generated city, and none reads either table whole).
 */
const KNOWN_FULL_SCANS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  sqlite: {},
  postgres: {
    'project-list-city-page-500': 'page 500 is the whole table at a twentieth',
  },
};

for (const dialect of DIALECTS) {
  describe(`query plans of the hot queries (${dialect})`, () => {
    let database: TestDatabase;
    const plans = new Map<string, { sql: string; parameters: readonly unknown[]; plan: string[] }[]>();

    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      await migrateToLatest(database);
      const explainAll = async (db: Db): Promise<void> => {
        for (const q of HOT_QUERIES) {
          const statements = await captureStatements(db, q, PLACE);
          const out = [];
          for (const s of statements) out.push({ sql: s.sql, parameters: s.parameters, plan: await planOf(db, dialect, s) });
          plans.set(q.name, out);
        }
      };
      if (dialect === 'sqlite') {
        await prepareSqlite(database.db);
        await explainAll(database.db);
      } else {
        // One connection for the settings and every EXPLAIN (the pool would spread them).
        await database.db.connection().execute(async (conn) => {
          await preparePostgres(conn);
          await conn.executeQuery(CompiledQuery.raw('set max_parallel_workers_per_gather = 0'));
          await explainAll(conn);
        });
      }
    }, 60_000);

    afterAll(async () => {
      await database.drop();
    });

    for (const q of HOT_QUERIES) {
      it(`${q.name}: SQL and plan as in query-plans/${q.name}.${dialect}.txt`, () => {
        const statements = plans.get(q.name) ?? [];
        expect(statements.length, 'the query sends at least one statement').toBeGreaterThan(0);
        const text = snapshotText(q.name, dialect, statements);
        const file = path.join(DIR, `${q.name}.${dialect}.txt`);
        if (UPDATE || !fs.existsSync(file)) {
          if (!UPDATE && process.env.CI !== undefined) throw new Error(`${file} is missing: run UPDATE_PLANS=1 npx vitest run test/server/query-plans.test.ts`);
          fs.writeFileSync(file, text);
          return;
        }
        expect(text, `the SQL or plan of ${q.name} changed: review the diff, then UPDATE_PLANS=1 npx vitest run test/server/query-plans.test.ts`).toBe(fs.readFileSync(file, 'utf8'));
      });
    }

    it('no hot query reads the demand or project table whole, except the known ones', () => {
      const scans = [...plans].flatMap(([name, statements]) => (statements.some((s) => s.plan.some((line) => fullScanOf(dialect, s.sql, line))) ? [name] : []));
      expect(scans.filter((name) => KNOWN_FULL_SCANS[dialect]?.[name] === undefined)).toEqual([]);
      // And the list of known ones holds no query that no longer reads a table whole.
      expect(Object.keys(KNOWN_FULL_SCANS[dialect] ?? {}).filter((name) => !scans.includes(name))).toEqual([]);
    });
  });
}
