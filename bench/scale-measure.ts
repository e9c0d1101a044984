/**
 * The measuring process of bench/scale.ts, started on a database the generator filled: the full system
 * (`startSystem`, as main.ts starts it, jobs off) and, in the same process on the same connection, the bare SQL each
 * page needs (the same repository functions the services call, with the same filters, no HTTP, no access check, no
 * mapping or serialization). Each scenario is 100 calls (BENCH_CALLS) one after the other, each with its own filters
 * (towns, communities, years, statuses, sorts in turn), the full request and its bare SQL alternating so that what
 * else the shared machine does falls on both alike. The time of a request is `app.inject`'s (the whole Fastify
 * pipeline, no socket). Prints one JSON line: each scenario's p50 / p95 for both, and the process's peak RSS
 * (VmHWM) and RSS at the end.
 *
 *   tsx bench/scale-measure.ts <sqlite|postgres> <databaseUrlOrFile> [calls]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DbOrTrx } from '../src/server/db/database.js';
import { DEMAND_TRANSITIONS, PROJECT_TRANSITIONS, type CommandName } from '../src/domain/lifecycle/index.js';
import type { Role } from '../src/domain/access/roles.js';
import { listDemandRows, listOverdueDeadlines, listProjectRows, openDeadlinesOf } from '../src/server/features/cases/case-query.repository.js';
import { listFilters } from '../src/server/features/cases/case-query.service.js';
import { listDemandCandidates, listProjectCandidates } from '../src/server/features/cases/todo.repository.js';
import { PROJECT_WAITS_WHEN, waitingSteps } from '../src/server/features/cases/todo.service.js';
import { deadlineCounts, demandBreakdown, projectBreakdown, projectGroups, unitNames, type StatisticsFilter } from '../src/server/features/statistics/statistics.repository.js';
import { startSystem } from '../src/server/system.js';
import { residentMiB } from './bench-support.js';
import { BENCH_PASSWORD, benchConfig, openBenchDatabase } from './scale-generate.js';
import { pageContext, pageScenarios, type PageKind, type Who } from './scale-pages.js';

const CALLS = Number(process.argv[4] ?? process.env.BENCH_CALLS ?? '100');

export interface ScenarioResult {
  readonly name: string;
  readonly calls: number;
  readonly full: { readonly p50: number; readonly p95: number; readonly max: number };
  readonly bare: { readonly p50: number; readonly p95: number; readonly max: number };
  /** Responses that were not 200. */
  readonly failures: number;
}

export interface MeasureResult {
  readonly scenarios: readonly ScenarioResult[];
  readonly peakRssMiB: number;
  readonly endRssMiB: number;
  readonly startRssMiB: number;
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round1 = (n: number): number => Math.round(n * 10) / 10;
const summary = (times: number[]) => {
  const s = [...times].sort((a, b) => a - b);
  return { p50: round1(percentile(s, 50)), p95: round1(percentile(s, 95)), max: round1(s[s.length - 1] ?? 0) };
};

/** The statuses in which a role has a step to take, as the to-do service reads them. */
function todoStatuses(role: Role) {
  const demandSteps = waitingSteps(DEMAND_TRANSITIONS, role);
  const projectSteps = waitingSteps(PROJECT_TRANSITIONS, role);
  const conditional = (actions: readonly CommandName[]): boolean => actions.some((a) => PROJECT_WAITS_WHEN[a] !== undefined);
  const projectStatuses = [...projectSteps.keys()];
  return {
    demand: [...demandSteps.keys()],
    plain: projectStatuses.filter((s) => !conditional(projectSteps.get(s) ?? [])),
    withState: projectStatuses.filter((s) => conditional(projectSteps.get(s) ?? [])),
  };
}

/** The SQL of the statistics page for one filter: the service's queries, in parallel as it runs them. */
async function bareStatistics(r: DbOrTrx, f: StatisticsFilter, cityWide: boolean, now: string): Promise<void> {
  const unitColumn = cityWide && f.townId === undefined && f.communityId === undefined ? 'town_id' : 'community_id';
  const [byTown, byCommunity] = await Promise.all([
    cityWide ? projectGroups(r, f, 'town_id') : Promise.resolve([]),
    projectGroups(r, f, 'community_id'),
    projectBreakdown(r, f),
    demandBreakdown(r, f),
    deadlineCounts(r, f, now, unitColumn),
  ]);
  await unitNames(r, [...byTown, ...byCommunity].map((g) => Number(g.key)));
}

async function main(): Promise<void> {
  const [dialect, location] = process.argv.slice(2);
  if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error('usage: scale-measure.ts <sqlite|postgres> <url|file> [calls]');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-scale-measure-'));
  const database = openBenchDatabase(dialect, location ?? '');
  const app = await startSystem(benchConfig(dataDir), database, { logger: false, announce: () => undefined });
  await app.ready();
  const startRssMiB = residentMiB('self', 'VmRSS');
  const db = database.db;

  const login = async (username: string): Promise<string> => {
    const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: BENCH_PASSWORD } });
    const cookie = res.cookies.find((c) => c.name === 'msw_sid');
    if (res.statusCode !== 200 || cookie === undefined) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    return `msw_sid=${cookie.value}`;
  };
  const cookies: Readonly<Record<Who, string>> = { bureau: await login('bureau'), town: await login('town') };
  const get = async (cookie: string, url: string): Promise<number> => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie } });
    if (res.statusCode !== 200 && process.env.BENCH_DEBUG === '1') process.stderr.write(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}\n`);
    return res.statusCode;
  };
  const now = (): Date => new Date();

  /** The SQL of a page for call i, as its service sends it. */
  const bareOf = (page: PageKind) => async (i: number): Promise<void> => {
    switch (page.kind) {
      case 'dashboard': {
        const s = todoStatuses(page.role);
        const at = now().toISOString();
        await Promise.all([
          listDemandCandidates(db, { scope: page.scope, statuses: s.demand, withState: false }),
          listProjectCandidates(db, { scope: page.scope, statuses: s.plain, withState: false }),
          listProjectCandidates(db, { scope: page.scope, statuses: s.withState, withState: true }),
          listOverdueDeadlines(db, { scope: page.scope, limit: 1, offset: 0, now: at }),
        ]);
        return;
      }
      case 'statistics':
        await bareStatistics(db, { scope: page.scope, ...page.filter(i) }, !('townId' in page.scope), now().toISOString());
        return;
      case 'list': {
        const q = { ...listFilters(page.caseKind, page.params(i), now()), scope: page.scope };
        const { rows } = page.caseKind === 'demand' ? await listDemandRows(db, q) : await listProjectRows(db, q);
        await openDeadlinesOf(db, page.caseKind, rows.map((r) => r.id));
        return;
      }
    }
  };

  const scenarios: ScenarioResult[] = [];
  for (const scenario of pageScenarios(await pageContext(db))) {
    const calls = Math.max(1, Math.round(CALLS * scenario.share));
    const full = (i: number): Promise<number[]> => Promise.all(scenario.requests(i).map((r) => get(cookies[r.who], r.url)));
    const bare = bareOf(scenario.page);
    // One warm-up call of each, not counted.
    await full(calls);
    await bare(calls);
    const fullTimes: number[] = [];
    const bareTimes: number[] = [];
    let failures = 0;
    for (let i = 0; i < calls; i++) {
      let t = performance.now();
      const codes = await full(i);
      fullTimes.push(performance.now() - t);
      failures += codes.filter((c) => c !== 200).length;
      t = performance.now();
      await bare(i);
      bareTimes.push(performance.now() - t);
    }
    const result = { name: scenario.name, calls, full: summary(fullTimes), bare: summary(bareTimes), failures };
    scenarios.push(result);
    process.stderr.write(`  ${result.name}: full p50 ${result.full.p50} p95 ${result.full.p95} ms · bare p50 ${result.bare.p50} p95 ${result.bare.p95} ms${failures > 0 ? ` · ${failures} failures` : ''}\n`);
  }

  const result: MeasureResult = { scenarios, peakRssMiB: residentMiB('self', 'VmHWM'), endRssMiB: residentMiB('self', 'VmRSS'), startRssMiB };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await main();
