/**
 * `npm run bench:web`: the staff workbench's benchmarks of docs/performance.md (the section "The staff workbench in
 * the browser", rewritten where it is; the other sections are left as they are).
 *
 * 1. What the sign-in page costs: the web app is built into a temporary directory (never dist/) and compressed as
 *    `npm run build:web` does (scripts/compress-web.ts); the system serves it, Chromium opens /login with a cold
 *    cache, and every JavaScript and CSS file the page loads before the network is idle is matched to its file and
 *    counted at its gzip and brotli size as the server sends it. Then what the 项目 list (/projects, signed in as
 *    `town`) adds on top.
 * 2. The project list's first page with 20,000 projects against 20, on SQLite and PostgreSQL (temporary databases,
 *    created and dropped; bench/seed-projects.ts walks each project through the lifecycle): the server's answer to
 *    GET /api/projects?limit=20 and to two filtered pages (status, keyword), one request at a time, p50 / p95; the
 *    browser's first render of /projects (navigation start to the first table row painted), median of cold loads;
 *    and the list's own queries timed one by one with their plans (EXPLAIN), to name the one that grows.
 *
 *   tsx bench/web.ts [sqlite] [postgres]                                (default both; PostgreSQL at 127.0.0.1:5432)
 *   tsx bench/web.ts serve <sqlite|postgres> <url|file> <projects> <webRoot>   (the server process; prints a JSON line)
 *
 * Environment: BENCH_PROJECTS (20000), BENCH_BASELINE (20), BENCH_LOADS (5 cold loads), BENCH_REQUESTS (200 per
 * route), BENCH_WEB_ROOT (an existing build to reuse instead of building), CHROMIUM (/usr/bin/chromium).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';
import { sql, type CompiledQuery, type KyselyPlugin } from 'kysely';
import pg from 'pg';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { compressDirectory } from '../scripts/compress-web.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase, type DatabaseHandle } from '../src/server/db/database.js';
import { listProjectRows, openDeadlinesOf, type ListQuery } from '../src/server/features/cases/case-query.repository.js';
import { startSystem } from '../src/server/system.js';
import { replaceDocSection } from './performance-doc.js';
import { seedBenchProjects } from './seed-projects.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const PG_ADMIN = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? '20000');
const BASELINE = Number(process.env.BENCH_BASELINE ?? '20');
const LOADS = Number(process.env.BENCH_LOADS ?? '5');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? '200');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const PASSWORD = 'Bench@Minsheng2026';
const SECTION = '## The staff workbench in the browser';
const LOAD_AT_START = os.loadavg().map((l) => l.toFixed(1)).join(' / ');

type Dialect = 'sqlite' | 'postgres';

const serverEnv = (serveWeb: boolean) =>
  loadConfig(
    { DEMO: 'true', DEMO_CASES: 'false', SERVE_WEB: serveWeb ? 'true' : 'false', DEMO_PASSWORD: PASSWORD },
    { loginRateLimitPerMinute: 1_000_000, publicRateLimitPerMinute: 1_000_000 },
  );

function openBenchDatabase(dialect: Dialect, location: string): DatabaseHandle {
  return openDatabase(dialect === 'postgres' ? { databaseUrl: location, sqlitePath: '', poolSize: 20 } : { databaseUrl: null, sqlitePath: location });
}

// ------------------------------------------------------------------------------------------------ server process

/** The system on `webRoot`: migrated, demo accounts, `projects` seeded, then the app built to serve the build. */
async function serve(dialect: Dialect, location: string, projects: number, webRoot: string): Promise<void> {
  const database = openBenchDatabase(dialect, location);
  const seeding = await startSystem(serverEnv(false), database, { logger: false, announce: () => undefined });
  await seeding.close();
  const started = Date.now();
  const seeded = await seedBenchProjects(database.db, database.dialect, projects);
  const seedSeconds = Math.round((Date.now() - started) / 100) / 10;
  const app = await buildApp({ config: serverEnv(true), database, webRoot, logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ ready: true, port, seeded, seedSeconds })}\n`);
  process.on('SIGTERM', () => {
    void app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0));
  });
}

// ------------------------------------------------------------------------------------------------ databases and servers

interface TempDatabase {
  readonly dialect: Dialect;
  readonly location: string;
  readonly drop: () => Promise<void>;
}

async function tempDatabase(dialect: Dialect): Promise<TempDatabase> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-bench-web-'));
    return { dialect, location: path.join(dir, 'bench.sqlite'), drop: () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })) };
  }
  const name = `msw_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return {
    dialect,
    location: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

interface Server {
  readonly child: ChildProcess;
  readonly base: string;
  readonly townId: number;
  readonly seedSeconds: number;
  readonly byStatus: Readonly<Record<string, number>>;
}

async function startServer(database: TempDatabase, projects: number, webRoot: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/web.ts'), 'serve', database.dialect, database.location, String(projects), webRoot], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout ?? process.stdin });
  interface Ready {
    ready?: boolean;
    port: number;
    seedSeconds: number;
    seeded: { townId: number; byStatus: Record<string, number> };
  }
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${String(code)}`)));
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as Ready;
        if (msg.ready === true) resolve(msg);
      } catch {
        // not our line
      }
    });
  });
  return { child, base: `http://127.0.0.1:${ready.port}`, townId: ready.seeded.townId, seedSeconds: ready.seedSeconds, byStatus: ready.seeded.byStatus };
}

async function stopServer(server: Server): Promise<void> {
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
}

interface SignedIn {
  readonly name: string;
  readonly value: string;
}

async function signIn(base: string, username: string): Promise<SignedIn> {
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  const pair = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const eq = pair.indexOf('=');
  return { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
}

// ------------------------------------------------------------------------------------------------ 1. the bundle

interface Asset {
  readonly file: string;
  readonly raw: number;
  readonly gzip: number;
  readonly brotli: number;
}

/** A file of the build at the size the server sends it: its `.gz` / `.br` copy, or itself when none was written. */
function assetOf(webRoot: string, url: string): Asset | null {
  const { pathname } = new URL(url);
  if (!pathname.startsWith('/assets/')) return null;
  const file = path.join(webRoot, pathname);
  if (!fs.existsSync(file)) return null;
  const raw = fs.statSync(file).size;
  const sizeOr = (copy: string): number => (fs.existsSync(copy) ? fs.statSync(copy).size : raw);
  return { file: pathname.slice('/assets/'.length), raw, gzip: sizeOr(`${file}.gz`), brotli: sizeOr(`${file}.br`) };
}

interface Loaded {
  readonly js: readonly Asset[];
  readonly css: readonly Asset[];
  /** Content-Encoding the server answered with, per file. */
  readonly encodings: ReadonlySet<string>;
}

async function newContext(browser: Browser, base: string, cookie: SignedIn | null): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  if (cookie !== null) await context.addCookies([{ name: cookie.name, value: cookie.value, url: base }]);
  return context;
}

/** Opens `pathname` in a fresh context (cold cache) and lists the files it loaded until the network was idle. */
async function loadedFiles(browser: Browser, base: string, pathname: string, cookie: SignedIn | null, ready: string, webRoot: string): Promise<Loaded> {
  const context = await newContext(browser, base, cookie);
  const page = await context.newPage();
  const urls = new Set<string>();
  const encodings = new Set<string>();
  page.on('response', (response) => {
    const url = response.url();
    if (!new URL(url).pathname.startsWith('/assets/')) return;
    urls.add(url);
    encodings.add(response.headers()['content-encoding'] ?? 'identity');
  });
  await page.goto(`${base}${pathname}`, { waitUntil: 'networkidle' });
  await page.waitForSelector(ready, { state: 'visible' });
  await page.waitForLoadState('networkidle');
  await context.close();
  const assets = [...urls].map((u) => assetOf(webRoot, u)).filter((a): a is Asset => a !== null);
  const byName = (a: Asset, b: Asset): number => b.gzip - a.gzip;
  return { js: assets.filter((a) => a.file.endsWith('.js')).sort(byName), css: assets.filter((a) => a.file.endsWith('.css')).sort(byName), encodings };
}

interface BundleReport {
  readonly login: Loaded;
  readonly projects: Loaded;
  /** The files /projects loads that /login did not. */
  readonly added: readonly Asset[];
}

async function bundle(browser: Browser, server: Server, webRoot: string): Promise<BundleReport> {
  const login = await loadedFiles(browser, server.base, '/login', null, 'button[type="submit"]', webRoot);
  const projects = await loadedFiles(browser, server.base, '/projects', await signIn(server.base, 'town'), '.ant-table-row', webRoot);
  const seen = new Set([...login.js, ...login.css].map((a) => a.file));
  return { login, projects, added: [...projects.js, ...projects.css].filter((a) => !seen.has(a.file)) };
}

const sum = (assets: readonly Asset[], key: 'raw' | 'gzip' | 'brotli'): number => assets.reduce((s, a) => s + a[key], 0);
const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

// ------------------------------------------------------------------------------------------------ 2. the list

interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly non2xx: number;
  readonly total: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** `REQUESTS` requests one at a time (after a warm-up): the server's time for one answer, loopback included. */
async function latency(url: string, cookie: SignedIn): Promise<Latency> {
  const run = async (amount: number): Promise<Latency> => {
    const times: number[] = [];
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({ url, connections: 1, amount, headers: { cookie: `${cookie.name}=${cookie.value}` } }, (err, res) =>
        err === null || err === undefined ? resolve(res) : reject(err instanceof Error ? err : new Error(String(err))),
      );
      instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
    });
    times.sort((a, b) => a - b);
    return { p50: round1(percentile(times, 50)), p95: round1(percentile(times, 95)), non2xx: result.non2xx, total: result.requests.total };
  };
  await run(Math.max(10, Math.round(REQUESTS / 5)));
  return run(REQUESTS);
}

const ROUTES = [
  { key: 'first', label: 'first page (default sort: newest first)', query: 'limit=20' },
  { key: 'status', label: 'status 实施中', query: 'limit=20&status=implementing' },
  { key: 'keyword', label: 'keyword 路灯', query: `limit=20&keyword=${encodeURIComponent('路灯')}` },
] as const;

type RouteKey = (typeof ROUTES)[number]['key'];

interface Render {
  /** Navigation start → the first `.ant-table-row` painted, ms, per cold load. */
  readonly firstRow: readonly number[];
  /** The GET /api/projects of the page (request start → response end), ms, per load. */
  readonly listRequest: readonly number[];
}

/** Cold loads of /projects, each in a fresh context (empty cache), signed in as `town`. */
async function render(browser: Browser, base: string, cookie: SignedIn): Promise<Render> {
  const firstRow: number[] = [];
  const listRequest: number[] = [];
  for (let i = 0; i < LOADS + 1; i++) {
    const context = await newContext(browser, base, cookie);
    await context.addInitScript(() => {
      const w = window as unknown as { __firstRow?: number };
      const observer = new MutationObserver(() => {
        if (document.querySelector('.ant-table-row') === null) return;
        observer.disconnect();
        requestAnimationFrame(() => {
          w.__firstRow = performance.now();
        });
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    const page = await context.newPage();
    await page.goto(`${base}/projects`);
    await page.waitForSelector('.ant-table-row', { state: 'visible' });
    await page.waitForFunction(() => (window as unknown as { __firstRow?: number }).__firstRow !== undefined);
    const measured = await page.evaluate(() => {
      const list = performance
        .getEntriesByType('resource')
        .find((e) => e.name.includes('/api/projects?')) as PerformanceResourceTiming | undefined;
      return { firstRow: (window as unknown as { __firstRow: number }).__firstRow, list: list === undefined ? 0 : list.responseEnd - list.requestStart };
    });
    await context.close();
    // The first load warms the server's own caches (prepared statements, the OS's page cache), as any visit before it would.
    if (i === 0) continue;
    firstRow.push(round1(measured.firstRow));
    listRequest.push(round1(measured.list));
  }
  return { firstRow, listRequest };
}

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? 0 : s.length % 2 === 1 ? (s[mid] ?? 0) : round1(((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2);
};

interface Timed {
  readonly ms: number;
  readonly plan: readonly string[];
}

interface QueryTiming extends Timed {
  readonly route: RouteKey;
  readonly kind: 'count' | 'page' | 'next deadlines';
  readonly sql: string;
  /** SQLite: the same query once `ANALYZE` has given the planner statistics (the system never runs it). */
  readonly analyzed: Timed | null;
  /**
   * The same query changed in one place, on the same data: the page without the "missing key last" term of its
   * ORDER BY (`created_at` is never null), the count without its join with `unit` (every project has its community).
   */
  readonly variant: (Timed & { readonly change: string }) | null;
}

/** A plugin that keeps the SQL of every query run through it, so the repository's own queries can be explained. */
function recorder(database: DatabaseHandle, into: CompiledQuery[]): KyselyPlugin {
  return {
    transformQuery: (args) => {
      into.push(database.db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
}

const VARIANTS: readonly { readonly kind: QueryTiming['kind']; readonly change: string; readonly pattern: RegExp }[] = [
  { kind: 'page', change: 'ORDER BY without `case when created_at is null …`', pattern: /case when "project"\."created_at" is null then 1 else 0 end asc, / },
  { kind: 'count', change: 'count without `inner join unit`', pattern: /inner join "unit" on "unit"\."id" = "project"\."community_id" / },
];

/** Runs `q` 11 times (median of the last 10) and explains it. */
async function timeQuery(database: DatabaseHandle, q: CompiledQuery): Promise<Timed> {
  const times: number[] = [];
  for (let i = 0; i < 11; i++) {
    const t = performance.now();
    await database.db.executeQuery(q);
    times.push(performance.now() - t);
  }
  const explain = database.dialect === 'sqlite' ? `EXPLAIN QUERY PLAN ${q.sql}` : `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${q.sql}`;
  // sql.raw binds no parameters: the query is explained with them inlined as literals.
  const plan = await sql.raw<Record<string, unknown>>(inline(explain, q.parameters, database.dialect)).execute(database.db);
  return { ms: round1(median(times.slice(1))), plan: plan.rows.map((r) => String(database.dialect === 'sqlite' ? r.detail : r['QUERY PLAN'])) };
}

/**
 * The list's queries (count, page, next deadlines) as the repository runs them, each timed alone and explained;
 * then what-ifs on the same data: the page and count queries each changed in one place (VARIANTS), and (SQLite)
 * every query again after ANALYZE.
 */
async function explainList(dialect: Dialect, location: string, townId: number): Promise<QueryTiming[]> {
  const database = openBenchDatabase(dialect, location);
  const found: { route: RouteKey; kind: QueryTiming['kind']; q: CompiledQuery; timed: Timed; variant: QueryTiming['variant'] }[] = [];
  try {
    const queries: Record<RouteKey, Omit<ListQuery, 'scope' | 'limit' | 'offset'>> = {
      first: {},
      status: { status: ['implementing'] },
      keyword: { keyword: '路灯' },
    };
    for (const route of ROUTES) {
      const captured: CompiledQuery[] = [];
      const db = database.db.withPlugin(recorder(database, captured));
      const { rows } = await listProjectRows(db, { ...queries[route.key], scope: { townId }, limit: 20, offset: 0 });
      await openDeadlinesOf(db, 'project', rows.map((r) => r.id));
      for (const q of captured) {
        const kind = /count\(/i.test(q.sql) ? 'count' : /from "deadline"/i.test(q.sql) ? 'next deadlines' : 'page';
        const v = VARIANTS.find((x) => x.kind === kind && x.pattern.test(q.sql));
        const timed = await timeQuery(database, q);
        const variant = v === undefined ? null : { change: v.change, ...(await timeQuery(database, { ...q, sql: q.sql.replace(v.pattern, '') })) };
        found.push({ route: route.key, kind, q, timed, variant });
      }
    }
    const analyzed: (Timed | null)[] = [];
    if (dialect === 'sqlite') {
      await sql`ANALYZE`.execute(database.db);
      for (const f of found) analyzed.push(await timeQuery(database, f.q));
    }
    return found.map((f, i) => ({ route: f.route, kind: f.kind, sql: f.q.sql, ...f.timed, analyzed: analyzed[i] ?? null, variant: f.variant }));
  } finally {
    await database.close();
  }
}

/** Replaces `?` / `$n` placeholders by SQL literals (numbers and strings only: what the list's queries bind). */
function inline(text: string, parameters: readonly unknown[], dialect: Dialect): string {
  const literal = (v: unknown): string => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);
  if (dialect === 'postgres') return text.replace(/\$(\d+)/g, (_m, n: string) => literal(parameters[Number(n) - 1]));
  let i = 0;
  return text.replace(/\?/g, () => literal(parameters[i++]));
}

interface ListReport {
  readonly dialect: Dialect;
  readonly seedSeconds: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly server: Record<'small' | 'large', Record<RouteKey, Latency>>;
  readonly render: Record<'small' | 'large', Render>;
  readonly queries: readonly QueryTiming[];
}

async function listBench(browser: Browser, dialect: Dialect, webRoot: string, onSmall: (server: Server) => Promise<void>): Promise<ListReport> {
  const server = {} as Record<'small' | 'large', Record<RouteKey, Latency>>;
  const renders = {} as Record<'small' | 'large', Render>;
  let queries: QueryTiming[] = [];
  let seedSeconds = 0;
  let byStatus: Readonly<Record<string, number>> = {};
  for (const [size, count] of [
    ['small', BASELINE],
    ['large', PROJECTS],
  ] as const) {
    const database = await tempDatabase(dialect);
    try {
      process.stdout.write(`${dialect}: seeding ${count} projects…\n`);
      const running = await startServer(database, count, webRoot);
      try {
        if (size === 'small') await onSmall(running);
        const cookie = await signIn(running.base, 'town');
        const routes = {} as Record<RouteKey, Latency>;
        for (const route of ROUTES) routes[route.key] = await latency(`${running.base}/api/projects?${route.query}`, cookie);
        server[size] = routes;
        renders[size] = await render(browser, running.base, cookie);
        if (size === 'large') {
          seedSeconds = running.seedSeconds;
          byStatus = running.byStatus;
          queries = await explainList(dialect, database.location, running.townId);
        }
        process.stdout.write(`${JSON.stringify({ dialect, size, server: routes, render: renders[size] })}\n`);
      } finally {
        await stopServer(running);
      }
    } finally {
      await database.drop();
    }
  }
  return { dialect, seedSeconds, byStatus, server, render: renders, queries };
}

// ------------------------------------------------------------------------------------------------ the document

const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');

function renderSection(bundleReport: BundleReport | null, lists: readonly ListReport[]): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines: string[] = [
    SECTION,
    '',
    `Measured by \`npm run bench:web\` (bench/web.ts) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB,`,
    `Node ${process.version}, Chromium (headless) driven by playwright-core. Server, databases, browser and the`,
    'load generator share the two cores with other work on the machine (the run is `nice -n 10`), so absolute',
    `milliseconds are noisy (load average ${LOAD_AT_START} at the start of the run, ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} at its end); the ratios are`,
    'against a baseline measured in the same run.',
    '',
  ];
  if (bundleReport !== null) {
    const { login, projects, added } = bundleReport;
    const loginJs = sum(login.js, 'gzip');
    lines.push(
      '### The sign-in page\'s JavaScript',
      '',
      'The web app built into a temporary directory and compressed as `npm run build:web` does; Chromium opens',
      '`/login` with a cold cache and every file it loads until the network is idle is counted at the size the',
      'server sends (its `.gz` / `.br` copy; a file under 1 KiB is sent as it is). The browser was answered in',
      `${[...login.encodings].join(', ')}.`,
      '',
      '| file | raw KB | gzip KB | brotli KB |',
      '|---|---|---|---|',
      ...login.js.map((a) => `| ${a.file} | ${kb(a.raw)} | ${kb(a.gzip)} | ${kb(a.brotli)} |`),
      `| **JavaScript, ${login.js.length} files** | ${kb(sum(login.js, 'raw'))} | **${kb(loginJs)}** | ${kb(sum(login.js, 'brotli'))} |`,
      ...login.css.map((a) => `| ${a.file} (CSS) | ${kb(a.raw)} | ${kb(a.gzip)} | ${kb(a.brotli)} |`),
      '',
      `Target: login JS gzip ≤ 400 KB — **${kb(loginJs)} KB, ${loginJs <= 400 * 1024 ? 'met' : 'not met'}**.`,
      '',
      `What 项目 (\`/projects\`, signed in as \`town\`, cold cache) loads on top of the sign-in page: ${added.length} files,`,
      `${kb(sum(added.filter((a) => a.file.endsWith('.js')), 'gzip'))} KB gzip of JavaScript (${kb(sum(added.filter((a) => a.file.endsWith('.js')), 'brotli'))} KB brotli); the whole page, opened directly, loads ${projects.js.length} JavaScript files,`,
      `${kb(sum(projects.js, 'gzip'))} KB gzip (${kb(sum(projects.js, 'brotli'))} KB brotli).`,
      '',
      '| added by /projects | raw KB | gzip KB | brotli KB |',
      '|---|---|---|---|',
      ...added.map((a) => `| ${a.file} | ${kb(a.raw)} | ${kb(a.gzip)} | ${kb(a.brotli)} |`),
      '',
    );
  }
  if (lists.length > 0) {
    const first = lists[0];
    lines.push(
      `### The project list with ${PROJECTS.toLocaleString('en')} projects against ${BASELINE}`,
      '',
      `bench/seed-projects.ts fills a fresh database with the projects of the demo town (东城街道), over its three`,
      'communities and a year of entry dates, each walked by the lifecycle\'s decision functions to its state',
      first === undefined ? '' : `(${Object.entries(first.byStatus).map(([s, n]) => `${s} ${n}`).join(', ')}), with its demand and deadline rows.`,
      `The baseline is the same seed with ${BASELINE} projects. PostgreSQL is ANALYZEd after the load (what autovacuum does`,
      'within a minute); SQLite keeps no statistics, as the system never asks it to.',
      '',
      `**Server**: GET /api/projects as \`town\`, ${REQUESTS} requests one at a time after a warm-up (loopback, client time).`,
      '',
      `| database | page | ${BASELINE} projects p50 / p95 ms | ${PROJECTS.toLocaleString('en')} projects p50 / p95 ms | **ratio p50** | non-2xx |`,
      '|---|---|---|---|---|---|',
      ...lists.flatMap((r) =>
        ROUTES.map((route) => {
          const s = r.server.small[route.key];
          const l = r.server.large[route.key];
          return `| ${r.dialect} | ${route.label} | ${s.p50} / ${s.p95} | ${l.p50} / ${l.p95} | **${ratio(l.p50, s.p50)}** | ${s.non2xx + l.non2xx} |`;
        }),
      ),
      '',
      `**Browser**: \`/projects\` opened cold (fresh context, empty cache, signed in as \`town\`), from navigation start to`,
      `the first table row painted; median of ${LOADS} loads after one discarded warm-up load; in brackets the page's own`,
      'GET /api/projects (request start to response end).',
      '',
      `| database | ${BASELINE} projects first row ms | ${PROJECTS.toLocaleString('en')} projects first row ms | **ratio** | loads (${PROJECTS.toLocaleString('en')}) |`,
      '|---|---|---|---|---|',
      ...lists.map((r) => {
        const s = r.render.small;
        const l = r.render.large;
        return `| ${r.dialect} | ${median(s.firstRow)} (list ${median(s.listRequest)}) | ${median(l.firstRow)} (list ${median(l.listRequest)}) | **${ratio(median(l.firstRow), median(s.firstRow))}** | ${l.firstRow.join(', ')} |`;
      }),
      '',
      'Aim: the 20,000-project list renders within 1.5× of the 20-project one.',
      '',
      `**The list's queries** at ${PROJECTS.toLocaleString('en')} projects, as the repository runs them (count, page, next deadlines), each`,
      'run alone from the benchmark process, median of 10 runs; then on the same data the query changed in one place,',
      'and (SQLite) the query again after `ANALYZE`:',
      '',
      '| database | page | query | ms | plan | changed | ms | plan | after ANALYZE ms | plan |',
      '|---|---|---|---|---|---|---|---|---|---|',
      ...lists.flatMap((r) =>
        r.queries.map(
          (q) =>
            `| ${r.dialect} | ${q.route} | ${q.kind} | ${q.ms} | ${planCell(q.plan)} | ${q.variant?.change ?? '—'} | ${q.variant?.ms ?? '—'} | ${q.variant === null ? '—' : planCell(q.variant.plan)} | ${q.analyzed?.ms ?? '—'} | ${q.analyzed === null ? '—' : planCell(q.analyzed.plan)} |`,
        ),
      ),
      '',
      ...whereTheTimeGoes(bundleReport, lists),
    );
  }
  return lines.join('\n');
}

const planCell = (plan: readonly string[]): string => plan.map((p) => `\`${p.trim().replace(/\|/g, '\\|')}\``).join('<br>');

/** The prose under the tables: which query grows with the projects, and what changing it does (measured above). */
function whereTheTimeGoes(bundleReport: BundleReport | null, lists: readonly ListReport[]): string[] {
  const of = (d: Dialect): ListReport | undefined => lists.find((r) => r.dialect === d);
  const query = (r: ListReport, route: RouteKey, kind: QueryTiming['kind']): QueryTiming | undefined => r.queries.find((q) => q.route === route && q.kind === kind);
  const ms = (v: number | undefined): string => (v === undefined ? '—' : `${v} ms`);
  const out: string[] = ['#### Where the time goes', ''];
  const pageJs = bundleReport === null ? null : bundleReport.projects.js;
  const listGrowth = lists.map((r) => `${ms(median(r.render.small.listRequest))} → ${ms(median(r.render.large.listRequest))} on ${r.dialect}`).join(', ');
  const renderRatios = lists.map((r) => `${ratio(median(r.render.large.firstRow), median(r.render.small.firstRow))} on ${r.dialect}`).join(', ');
  const aimMet = lists.every((r) => median(r.render.large.firstRow) <= 1.5 * median(r.render.small.firstRow));
  out.push(
    `- **The browser.** The first row waits mostly for the page itself: a cold load of \`/projects\` fetches and runs`,
    `  ${pageJs === null ? 'its' : `${pageJs.length} JavaScript files (${kb(sum(pageJs, 'gzip'))} KB gzip)`} on a shared core before it asks for the list, so ${BASELINE} projects already take`,
    `  ${lists.map((r) => `${ms(median(r.render.small.firstRow))} (${r.dialect})`).join(' and ')}. The page's own list request grows (${listGrowth}) and the`,
    `  render ${aimMet ? 'absorbs' : 'does not absorb'} it: ${renderRatios}${aimMet ? ' — the aim is met because the fixed cost of the page is large on this machine; on' : ' — the aim is not met. On'}`,
    '  a fast client or with the files cached the same request weighs more, so the server side below is what to fix.',
  );
  const sqlite = of('sqlite');
  if (sqlite !== undefined) {
    const page = query(sqlite, 'first', 'page');
    const count = query(sqlite, 'first', 'count');
    const deadlines = query(sqlite, 'first', 'next deadlines');
    out.push(
      `- **Server, SQLite**: the first page answers in ${ms(sqlite.server.large.first.p50)} at p50 against ${ms(sqlite.server.small.first.p50)} (${ratio(sqlite.server.large.first.p50, sqlite.server.small.first.p50)}).`,
      '  Each of the three queries of one page reads every project, or every open deadline, of the town:',
      '  1. *page* (`listProjectRows`): `orderOf` in src/server/features/cases/case-query.repository.ts puts',
      '     `case when <key> is null then 1 else 0 end` first in the ORDER BY, for every sort key. No index has that',
      `     expression, so SQLite reads all ${PROJECTS.toLocaleString('en')} projects of the town — with the full \`state_json\` of \`selectAll('project')\`,`,
      `     which the list never shows — into a temporary B-tree to keep 20: ${ms(page?.ms)}. \`created_at\` is NOT NULL; without the`,
      `     term \`project_town_created_idx\` gives the order and the scan stops after 20 rows: ${ms(page?.variant?.ms)}. The term is needed`,
      '     only for the keys that can be missing (`nextDeadline`, `budget`).',
      `  2. *count*: \`count(*)\` over \`project inner join unit\`; the join makes SQLite visit every project row for its`,
      `     \`community_id\` (${ms(count?.ms)}); without the join the count is answered from \`project_town_status_idx\` alone: ${ms(count?.variant?.ms)}.`,
      `  3. *next deadlines* (\`openDeadlinesOf\`): without statistics (the system never runs ANALYZE) SQLite takes`,
      '     `deadline_open_idx (status, due_at)` to avoid sorting by `due_at`, and walks every open deadline of every case',
      `     to find the 20 projects' (${ms(deadlines?.ms)}); after ANALYZE it takes \`deadline_open_case_idx\`: ${ms(deadlines?.analyzed?.ms)}. Running \`PRAGMA optimize\``,
      '     (or ANALYZE) on start-up, or sorting the few rows in code instead of in SQL, removes it.',
      `  ANALYZE alone does not fix the first two (after it: page ${ms(page?.analyzed?.ms)}, count ${ms(count?.analyzed?.ms)}).`,
    );
  }
  const postgres = of('postgres');
  if (postgres !== undefined) {
    const page = query(postgres, 'first', 'page');
    const count = query(postgres, 'first', 'count');
    const deadlines = query(postgres, 'first', 'next deadlines');
    out.push(
      `- **Server, PostgreSQL**: ${ms(postgres.server.large.first.p50)} at p50 against ${ms(postgres.server.small.first.p50)} (${ratio(postgres.server.large.first.p50, postgres.server.small.first.p50)}). The next deadlines ${deadlines?.plan.some((l) => l.includes('deadline_open_case_idx')) === true ? 'use' : 'do not use'}`,
      `  \`deadline_open_case_idx\` (${ms(deadlines?.ms)}). The page is the same ORDER BY: every project of the town read and sorted`,
      `  for the first 20 (${ms(page?.ms)}; ${ms(page?.variant?.ms)} without the term); the count reads every project of the town joined with \`unit\``,
      `  (${ms(count?.ms)}; ${ms(count?.variant?.ms)} without the join).`,
    );
  }
  const keywordNote = lists
    .map((r) => {
      const page = query(r, 'keyword', 'page');
      const count = query(r, 'keyword', 'count');
      return `${r.dialect} page ${ms(page?.ms)} → ${ms(page?.variant?.ms)} without the term, count ${ms(count?.ms)}`;
    })
    .join('; ');
  out.push(
    '- **Filtered pages.** By status the same ORDER BY term sorts every project of that status. A keyword',
    "  (`like '%路灯%'` on title and code) can use no B-tree index on either database. Walked in index order the page",
    '  stops at its 20th match, quickly when the word is common (here one title in four has it) and only after the whole',
    '  town for a rare one; its count always reads every project of the town, which only a trigram (pg_trgm) or',
    `  full-text index changes (${keywordNote}).`,
    '',
  );
  return out;
}

/**
 * Replaces this benchmark's section of docs/performance.md (between `<!-- bench:web -->` and `<!-- /bench:web -->`,
 * or, unmarked, from its heading to the next of its level), or appends it; the other sections stay as they are.
 */
function writeSection(section: string): void {
  replaceDocSection(path.join(ROOT, 'docs/performance.md'), 'web', section, SECTION);
}

// ------------------------------------------------------------------------------------------------ main

async function main(): Promise<void> {
  const dialects = process.argv.slice(2).filter((a): a is Dialect => a === 'sqlite' || a === 'postgres');
  const chosen: Dialect[] = dialects.length > 0 ? dialects : ['sqlite', 'postgres'];
  const given = process.env.BENCH_WEB_ROOT;
  const webRoot = given ?? fs.mkdtempSync(path.join(os.tmpdir(), 'msw-bench-web-root-'));
  try {
    if (given === undefined) {
      process.stdout.write(`building the web app into ${webRoot}…\n`);
      const build = spawn('npx', ['vite', 'build', '--outDir', webRoot, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
      const code = await new Promise<number | null>((r) => build.once('exit', r));
      if (code !== 0) throw new Error(`vite build exited with ${String(code)}`);
      process.stdout.write(`${compressDirectory(webRoot)} compressed copies written\n`);
    }
    const browser = await chromium.launch({ executablePath: CHROMIUM });
    let bundleReport: BundleReport | null = null;
    const lists: ListReport[] = [];
    try {
      for (const dialect of chosen) {
        lists.push(
          await listBench(browser, dialect, webRoot, async (server) => {
            if (bundleReport !== null) return;
            bundleReport = await bundle(browser, server, webRoot);
            const js = bundleReport.login.js;
            process.stdout.write(`login JS gzip ${kb(sum(js, 'gzip'))} KB (brotli ${kb(sum(js, 'brotli'))} KB, ${js.length} files)\n`);
          }),
        );
      }
    } finally {
      await browser.close();
    }
    const section = renderSection(bundleReport, lists);
    writeSection(section);
    process.stdout.write(`${section}\n`);
  } finally {
    if (given === undefined) fs.rmSync(webRoot, { recursive: true, force: true });
  }
}

const [mode, dialect, location, projects, webRoot] = process.argv.slice(2);
if (mode === 'serve') {
  if ((dialect !== 'sqlite' && dialect !== 'postgres') || location === undefined || webRoot === undefined) throw new Error('usage: web.ts serve <sqlite|postgres> <url|file> <n> <webRoot>');
  await serve(dialect, location, Number(projects ?? '0'), webRoot);
} else {
  await main();
}
