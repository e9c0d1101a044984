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
import { listDemandRows, listOverdueDeadlines, listProjectRows, openDeadlinesOf, type ScopeFilter } from '../src/server/features/cases/case-query.repository.js';
import { listFilters } from '../src/server/features/cases/case-query.service.js';
import { listDemandCandidates, listProjectCandidates } from '../src/server/features/cases/todo.repository.js';
import { PROJECT_WAITS_WHEN, waitingSteps } from '../src/server/features/cases/todo.service.js';
import { deadlineCounts, demandBreakdown, projectBreakdown, projectGroups, unitNames, type StatisticsFilter } from '../src/server/features/statistics/statistics.repository.js';
import { startSystem } from '../src/server/system.js';
import { BENCH_PASSWORD, benchConfig, openBenchDatabase } from './scale-generate.js';

const CALLS = Number(process.argv[4] ?? process.env.BENCH_CALLS ?? '100');
const PAGE = 20;

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

function status(pid: string, field: 'VmHWM' | 'VmRSS'): number {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? '0') / 1024);
}

function query(params: Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v as readonly string[]) q.append(k, item);
    else q.set(k, String(v));
  }
  const text = q.toString();
  return text === '' ? '' : `?${text}`;
}

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
  const projectFilter: StatisticsFilter = f;
  const demandFilter: StatisticsFilter = { ...f, category: undefined };
  const unitColumn = cityWide && f.townId === undefined && f.communityId === undefined ? 'town_id' : 'community_id';
  const [byTown, byCommunity] = await Promise.all([
    cityWide ? projectGroups(r, projectFilter, 'town_id') : Promise.resolve([]),
    projectGroups(r, projectFilter, 'community_id'),
    projectBreakdown(r, projectFilter),
    demandBreakdown(r, demandFilter),
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
  const startRssMiB = status('self', 'VmRSS');
  const db = database.db;

  const login = async (username: string): Promise<string> => {
    const res = await app.inject({ method: 'POST', url: '/api/session', payload: { username, password: BENCH_PASSWORD } });
    const cookie = res.cookies.find((c) => c.name === 'msw_sid');
    if (res.statusCode !== 200 || cookie === undefined) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
    return `msw_sid=${cookie.value}`;
  };
  const cookies = { bureau: await login('bureau'), town: await login('town') };
  const townUnit = await db.selectFrom('unit').innerJoin('app_user', 'app_user.unit_id', 'unit.id').select(['unit.id']).where('app_user.username', '=', 'town').executeTakeFirstOrThrow();
  const towns = (await db.selectFrom('unit').select('id').where('kind', '=', 'town').orderBy('id').execute()).map((t) => t.id);
  const communities = await db.selectFrom('unit').select(['id', 'town_id']).where('kind', '=', 'community').orderBy('id').execute();
  const townCommunities = communities.filter((c) => c.town_id === townUnit.id).map((c) => c.id);
  const yearRow = await db.selectFrom('project').select((eb) => [eb.fn.min('year').as('lo'), eb.fn.max('year').as('hi')]).executeTakeFirstOrThrow();
  const years: number[] = [];
  for (let y = yearRow.lo; y <= yearRow.hi; y++) years.push(y);
  const pick = <T>(items: readonly T[], i: number): T => items[i % items.length] as T;
  const city: ScopeFilter = {};
  const townScope: ScopeFilter = { townId: townUnit.id };

  const scenarios: ScenarioResult[] = [];
  const run = async (name: string, full: (i: number) => Promise<number[]>, bare: (i: number) => Promise<unknown>, calls = CALLS): Promise<void> => {
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
    const result = { name, calls, full: summary(fullTimes), bare: summary(bareTimes), failures };
    scenarios.push(result);
    process.stderr.write(`  ${name}: full p50 ${result.full.p50} p95 ${result.full.p95} ms · bare p50 ${result.bare.p50} p95 ${result.bare.p95} ms${failures > 0 ? ` · ${failures} failures` : ''}\n`);
  };
  const get = async (cookie: string, url: string): Promise<number> => {
    const res = await app.inject({ method: 'GET', url, headers: { cookie } });
    if (res.statusCode !== 200 && process.env.BENCH_DEBUG === '1') process.stderr.write(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}\n`);
    return res.statusCode;
  };

  // ---------------------------------------------------------------------------------------------- 工作台
  const dashboard = (who: 'bureau' | 'town', role: Role, scope: ScopeFilter) => {
    const s = todoStatuses(role);
    return {
      full: async (i: number) =>
        Promise.all([
          get(cookies[who], `/api/todo?limit=10&offset=${(i % 5) * 10}`),
          get(cookies[who], '/api/deadlines/overdue?limit=1&offset=0'),
          get(cookies[who], '/api/calendar/years'),
          get(cookies[who], '/api/session'),
        ]),
      bare: async () => {
        const now = new Date().toISOString();
        await Promise.all([
          listDemandCandidates(db, { scope, statuses: s.demand, withState: false }),
          listProjectCandidates(db, { scope, statuses: s.plain, withState: false }),
          listProjectCandidates(db, { scope, statuses: s.withState, withState: true }),
          listOverdueDeadlines(db, { scope, limit: 1, offset: 0, now }),
        ]);
      },
    };
  };
  const bureauHome = dashboard('bureau', 'bureau_admin', city);
  await run('市局工作台（待办、逾期、日历、会话）', bureauHome.full, bureauHome.bare);
  const townHome = dashboard('town', 'town_staff', townScope);
  await run('镇街工作台（待办、逾期、日历、会话）', townHome.full, townHome.bare);

  // ---------------------------------------------------------------------------------------------- 统计
  const CATEGORIES = [undefined, 'engineering', 'service'] as const;
  const statsFilter = (i: number, scope: ScopeFilter, townId: number | undefined) => {
    const year = i % 4 === 3 ? undefined : pick(years, i);
    const communityId = scope === townScope && i % 5 === 4 ? pick(townCommunities, i) : undefined;
    const category = pick(CATEGORIES, Math.floor(i / 3));
    return { year, townId, communityId, category };
  };
  const statisticsScenario = (who: 'bureau' | 'town', scope: ScopeFilter, townOf: (i: number) => number | undefined) => ({
    full: async (i: number) => [await get(cookies[who], `/api/statistics${query(statsFilter(i, scope, townOf(i)))}`)],
    bare: async (i: number) => {
      const q = statsFilter(i, scope, townOf(i));
      const f: StatisticsFilter = { scope, ...q };
      await bareStatistics(db, f, !('townId' in scope), new Date().toISOString());
    },
  });
  const townStats = statisticsScenario('town', townScope, () => undefined);
  await run('镇街统计（本镇，按年度、村（社区）、类型）', townStats.full, townStats.bare);
  const bureauTownStats = statisticsScenario('bureau', city, (i) => pick(towns, i * 7));
  await run('市局看一个镇街的统计（townId，按年度、类型）', bureauTownStats.full, bureauTownStats.bare);
  const cityStats = statisticsScenario('bureau', city, () => undefined);
  // Beyond the aim (a town's statistics): the whole city's, a fifth of the calls (each reads every project of the city).
  await run('市局全市统计（按年度、类型）', cityStats.full, cityStats.bare, Math.max(1, Math.round(CALLS / 5)));

  // ---------------------------------------------------------------------------------------------- 列表
  const now = (): Date => new Date();
  const DEMAND_FILTERS: ((i: number) => Record<string, string | number | boolean | readonly string[] | undefined>)[] = [
    (i) => ({ townId: pick(towns, i) }),
    (i) => ({ communityId: pick(communities, i * 13).id }),
    () => ({ status: ['assigned', 'acknowledged'] }),
    (i) => ({ townId: pick(towns, i), status: ['acknowledged'], sort: 'nextDeadline', order: 'asc' }),
    () => ({ overdue: true }),
    (i) => ({ townId: pick(towns, i), overdue: true, sort: 'nextDeadline', order: 'asc' }),
    () => ({ sort: 'nextDeadline', order: 'asc' }),
    (i) => ({ year: pick(years, i) }),
    () => ({}),
    (i) => ({ channel: ['hotline12345'], townId: pick(towns, i) }),
  ];
  const PROJECT_FILTERS: typeof DEMAND_FILTERS = [
    (i) => ({ townId: pick(towns, i) }),
    (i) => ({ communityId: pick(communities, i * 13).id }),
    () => ({ status: ['implementing', 'inPublicity'] }),
    (i) => ({ townId: pick(towns, i), status: ['underReview'], sort: 'nextDeadline', order: 'asc' }),
    () => ({ overdue: true }),
    (i) => ({ townId: pick(towns, i), overdue: true, sort: 'nextDeadline', order: 'asc' }),
    () => ({ sort: 'nextDeadline', order: 'asc' }),
    (i) => ({ year: pick(years, i), category: 'engineering' }),
    () => ({ sort: 'budget' }),
    (i) => ({ townId: pick(towns, i), flag: ['overCap'] }),
  ];
  const listScenario = (kind: 'demand' | 'project', who: 'bureau' | 'town', scope: ScopeFilter, page: number) => {
    const filters = kind === 'demand' ? DEMAND_FILTERS : PROJECT_FILTERS;
    const params = (i: number) => {
      const f = pick(filters, i)(Math.floor(i / filters.length));
      // The town's own staff filter by their communities, not by other towns.
      const own = who === 'town' && f.townId !== undefined ? { ...f, townId: undefined } : who === 'town' && f.communityId !== undefined ? { ...f, communityId: pick(townCommunities, i) } : f;
      return { ...own, limit: PAGE, offset: (page - 1) * PAGE };
    };
    return {
      full: async (i: number) => [await get(cookies[who], `/api/${kind}s${query(params(i))}`)],
      bare: async (i: number) => {
        const p = params(i) as Parameters<typeof listFilters>[1];
        const q = { ...listFilters(kind, p, now()), scope };
        const { rows } = kind === 'demand' ? await listDemandRows(db, q) : await listProjectRows(db, q);
        await openDeadlinesOf(db, kind, rows.map((r) => r.id));
      },
    };
  };
  for (const [kind, label] of [
    ['demand', '诉求'],
    ['project', '项目'],
  ] as const) {
    for (const page of [1, 500]) {
      const s = listScenario(kind, 'bureau', city, page);
      await run(`${label}列表 · 市局 · 第 ${page} 页（镇街、村（社区）、状态、逾期、按期限排序…）`, s.full, s.bare);
    }
    const t = listScenario(kind, 'town', townScope, 1);
    await run(`${label}列表 · 镇街 · 第 1 页`, t.full, t.bare);
  }

  const result: MeasureResult = { scenarios, peakRssMiB: status('self', 'VmHWM'), endRssMiB: status('self', 'VmRSS'), startRssMiB };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await app.close();
  await database.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await main();
