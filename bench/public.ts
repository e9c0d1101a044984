/**
 * The residents' portal benchmark of docs/performance.md, on SQLite and PostgreSQL: the 公示 list
 * (`GET /api/public/projects`, listPublicProjects) with N publicized projects in the database under 100 concurrent
 * clients, next to a bare Fastify route in the same server process serving the same rows from the same database
 * (bench/public-server.ts), the same requests in the same run, in alternating rounds; the conditional path
 * (If-None-Match → 304) of the full system in the same rounds; the time of each part of one request, without load;
 * and the portal's first-load JavaScript (dist/web/m/index.html's scripts and modulepreloads, gzip).
 * Prints the figures and a Markdown section; it writes nothing into docs/.
 *
 *   npx tsx bench/public.ts [sqlite] [postgres]     (default both; PostgreSQL at 127.0.0.1:5432, user postgres)
 *   env: BENCH_SECONDS (per measurement, default 10), BENCH_ROUNDS (alternating rounds it is split into, default 5),
 *        BENCH_PROJECTS (default 10000), BENCH_CONNECTIONS (default 100)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import zlib from 'node:zlib';
import autocannon from 'autocannon';
import { freshDatabase, residentMiB } from './bench-support.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? '10');
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? '10000');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? '100');
const WARM_UP_SECONDS = 2;
/** Clock ticks per second of /proc/<pid>/stat (`getconf CLK_TCK`, 100 on Linux). */
const CLOCK_TICKS = 100;
/** Each measurement of full and bare is split into this many alternating rounds. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '5');
/** The portal's page size on its 公示与结果 page (src/portal/pages/Projects.tsx). */
const PAGE = 10;
const PAGES = 10;

type Dialect = 'sqlite' | 'postgres';

interface Seeded {
  readonly townId: number;
  readonly communityIds: readonly number[];
  readonly count: number;
  readonly byStatus: Readonly<Record<string, number>>;
}

interface Server {
  readonly child: ChildProcess;
  readonly fullPort: number;
  readonly barePort: number;
  readonly seeded: Seeded;
  readonly seedSeconds: number;
  readonly drop: () => Promise<void>;
}

/** A fresh database per run, dropped after (as bench/run.ts does). */
async function startServer(dialect: Dialect): Promise<Server> {
  const { location, drop } = await freshDatabase(dialect, 'msw-bench-public-');
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/public-server.ts'), dialect, location, String(PROJECTS)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout ?? process.stdin });
  try {
    const ready = await new Promise<{ fullPort: number; barePort: number; seeded: Seeded }>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`bench server exited with ${String(code)}`)));
      lines.on('line', (line) => {
        try {
          const msg = JSON.parse(line) as { ready?: boolean; fullPort: number; barePort: number; seeded: Seeded };
          if (msg.ready === true) resolve(msg);
        } catch {
          // not our line
        }
      });
    });
    return { child, ...ready, seedSeconds: Math.round((Date.now() - started) / 100) / 10, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

async function stopServer(server: Server): Promise<number> {
  const peak = residentMiB(server.child.pid ?? 0, 'VmHWM');
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
  await server.drop();
  return peak;
}

// ------------------------------------------------------------------------------------------------ the requests

/** The portal's three phases as its 公示与结果 page asks for them (src/portal/pages/Projects.tsx). */
const PHASES = [
  { label: '公示中', query: { list: 'publicity', phase: 'active' } },
  { label: '已结束', query: { list: 'publicity', phase: 'ended' } },
  { label: '已办结', query: { list: 'results' } },
] as const;
const CATEGORIES = [null, 'engineering', 'service', 'E1'] as const;

/**
 * Every combination of phase × place (anywhere, the town, one community) × category × page 1–10, in one fixed
 * shuffled order: both routes are sent exactly this sequence, from its start, in each measurement.
 */
function queries(seeded: Seeded): string[] {
  const places: Record<string, string>[] = [{}, { townId: String(seeded.townId) }, { communityId: String(seeded.communityIds[0] ?? seeded.townId) }];
  const out: string[] = [];
  for (const phase of PHASES) {
    for (const place of places) {
      for (const category of CATEGORIES) {
        for (let page = 0; page < PAGES; page++) {
          const q = new URLSearchParams({ ...phase.query, ...place, ...(category === null ? {} : { category }), limit: String(PAGE), offset: String(page * PAGE) });
          out.push(q.toString());
        }
      }
    }
  }
  // A fixed shuffle (mulberry32), the same on every run.
  let a = 20_261_201;
  const random = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out;
}

// ------------------------------------------------------------------------------------------------ load

interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p975: number;
  readonly p99: number;
  readonly total: number;
  /** Responses by status code. */
  readonly statuses: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly timeouts: number;
  /** Mean response, headers and body, bytes. */
  readonly meanBytes: number;
  /** CPU the server process used per request (user + system), ms: the database's too on SQLite, not on PostgreSQL. */
  readonly cpuMsPerRequest: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

interface Sample {
  readonly seconds: number;
  readonly times: number[];
  readonly statuses: Record<string, number>;
  readonly total: number;
  readonly bytes: number;
  readonly errors: number;
  readonly timeouts: number;
  /** CPU the server process used meanwhile, ms. */
  readonly serverCpuMs: number;
}

/** CPU time the process has used so far (user + system), ms, from /proc/<pid>/stat. */
function cpuMs(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** The route's paths in order, cycling from the first, by CONNECTIONS clients for `seconds`. */
async function sample(route: Route, seconds: number): Promise<Sample> {
  const { port, paths, headersFor = () => ({}) } = route;
  const cpuBefore = cpuMs(route.pid);
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => {
              const i = next % paths.length;
              next += 1;
              return { ...req, path: paths[i] ?? '/', headers: headersFor(i) };
            },
          },
        ],
      },
      (err, res) => (err === null || err === undefined ? resolve(res) : reject(err instanceof Error ? err : new Error(String(err)))),
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      times.push(responseTime);
      statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
    });
  });
  const serverCpuMs = cpuMs(route.pid) - cpuBefore;
  return { seconds, times, statuses, total: result.requests.total, bytes: result.throughput.total, errors: result.errors, timeouts: result.timeouts, serverCpuMs };
}

function combine(samples: readonly Sample[]): LoadResult {
  const times = samples.flatMap((s) => s.times).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const s of samples) for (const [code, n] of Object.entries(s.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
  const total = samples.reduce((n, s) => n + s.total, 0);
  const seconds = samples.reduce((n, s) => n + s.seconds, 0);
  return {
    requestsPerSecond: Math.round(total / Math.max(1, seconds)),
    p50: round1(percentile(times, 50)),
    p975: round1(percentile(times, 97.5)),
    p99: round1(percentile(times, 99)),
    total,
    statuses,
    errors: samples.reduce((n, s) => n + s.errors, 0),
    timeouts: samples.reduce((n, s) => n + s.timeouts, 0),
    meanBytes: Math.round(samples.reduce((n, s) => n + s.bytes, 0) / Math.max(1, total)),
    cpuMsPerRequest: Math.round((samples.reduce((n, s) => n + s.serverCpuMs, 0) / Math.max(1, total)) * 100) / 100,
  };
}

interface Route {
  /** The server process. */
  readonly pid: number;
  readonly port: number;
  readonly paths: readonly string[];
  readonly headersFor?: (i: number) => Record<string, string>;
}

/**
 * The routes in alternating rounds (full, bare, lean bare, 304, full, …), DURATION seconds each in all, so that what
 * else the shared machine does in the meantime falls on all of them alike.
 */
async function alternate(routes: readonly Route[]): Promise<LoadResult[]> {
  const samples: Sample[][] = routes.map(() => []);
  const seconds = Math.max(1, Math.round(DURATION / ROUNDS));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, route] of routes.entries()) samples[i]?.push(await sample(route, seconds));
  }
  return samples.map(combine);
}

interface Parts {
  readonly query: number;
  readonly count: number;
  readonly rows: number;
  readonly parse: number;
  readonly map: number;
  readonly serialize: number;
  readonly etag: number;
  readonly bareSerialize: number;
  readonly fullBytes: number;
  readonly bareBytes: number;
  /** The count query's mean by phase, and by phase with a category filter, µs. */
  readonly countBy: Readonly<Record<string, number>>;
}

/** 公示中, 已结束 or 已办结, with ` + 类别` when the request filters by category. */
function shapeOf(query: string): string {
  const q = new URLSearchParams(query);
  const phase = PHASES.find((p) => p.query.list === q.get('list') && ('phase' in p.query ? p.query.phase === q.get('phase') : !q.has('phase')));
  return `${phase?.label ?? '?'}${q.has('category') ? ' + 类别' : ''}`;
}

/** Each query of the mix once through `/bare/parts` (one at a time, no load): the mean of every part, µs (bytes). */
async function parts(bare: string, qs: readonly string[]): Promise<Parts> {
  const sum: Record<string, number> = {};
  const counts: Record<string, number[]> = {};
  for (const q of qs) {
    const res = await fetch(`${bare}/bare/parts?${q}`);
    const p = (await res.json()) as Record<string, number>;
    for (const [k, v] of Object.entries(p)) sum[k] = (sum[k] ?? 0) + v;
    (counts[shapeOf(q)] ??= []).push(p.count ?? 0);
  }
  const countBy = Object.fromEntries(
    PHASES.flatMap((p) => [p.label, `${p.label} + 类别`])
      .map((k) => [k, counts[k] ?? []] as const)
      .filter(([, v]) => v.length > 0)
      .map(([k, v]) => [k, Math.round(v.reduce((x, y) => x + y, 0) / v.length)]),
  );
  const mean = (k: keyof Parts): number => Math.round((sum[k] ?? 0) / qs.length);
  return {
    query: mean('query'),
    count: mean('count'),
    rows: mean('rows'),
    parse: mean('parse'),
    map: mean('map'),
    serialize: mean('serialize'),
    etag: mean('etag'),
    bareSerialize: mean('bareSerialize'),
    fullBytes: mean('fullBytes'),
    bareBytes: mean('bareBytes'),
    countBy,
  };
}

// ------------------------------------------------------------------------------------------------ one dialect

interface DialectReport {
  readonly dialect: Dialect;
  readonly seeded: Seeded;
  readonly seedSeconds: number;
  /** What the list reports, unfiltered, per phase. */
  readonly totals: Readonly<Record<string, number>>;
  readonly queries: number;
  readonly full: LoadResult;
  readonly bare: LoadResult;
  /** The bare route without `state_json` in its answer. */
  readonly lean: LoadResult;
  readonly notModified: LoadResult;
  readonly parts: Parts;
  /** full ÷ bare requests/s, per cent. */
  readonly ratio: number;
  /** full ÷ lean bare requests/s, per cent. */
  readonly leanRatio: number;
  /** The same measure from the server's CPU per request (bare ÷ full), less at the mercy of what else the machine runs. */
  readonly cpuRatio: number;
  readonly leanCpuRatio: number;
  readonly peakMiB: number;
}

async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; etag: string | null; body: unknown }> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, etag: res.headers.get('etag'), body: text === '' ? null : (JSON.parse(text) as unknown) };
}

async function runDialect(dialect: Dialect): Promise<DialectReport> {
  process.stdout.write(`${dialect}: seeding ${PROJECTS} projects…\n`);
  const server = await startServer(dialect);
  try {
    process.stdout.write(`${dialect}: seeded ${JSON.stringify(server.seeded.byStatus)} in ${server.seedSeconds} s\n`);
    const full = `http://127.0.0.1:${server.fullPort}`;
    const bare = `http://127.0.0.1:${server.barePort}`;

    // The public list returns the seeded projects: the total it reports per phase, and the same total on the bare route.
    const totals: Record<string, number> = {};
    for (const phase of PHASES) {
      const q = new URLSearchParams(phase.query).toString();
      const a = await getJson(`${full}/api/public/projects?${q}`);
      const b = await getJson(`${bare}/bare/projects?${q}`);
      if (a.status !== 200) throw new Error(`${phase.label}: ${a.status} ${JSON.stringify(a.body)}`);
      const total = (a.body as { total: number }).total;
      const bareTotal = (b.body as { total: number }).total;
      if (total !== bareTotal) throw new Error(`${phase.label}: the list reports ${total}, the bare route ${bareTotal}`);
      totals[phase.label] = total;
    }
    process.stdout.write(`${dialect}: the public list reports ${JSON.stringify(totals)}\n`);
    if (Object.values(totals).some((t) => t === 0)) throw new Error('a phase of the public list is empty');

    const qs = queries(server.seeded);
    const fullPaths = qs.map((q) => `/api/public/projects?${q}`);
    const barePaths = qs.map((q) => `/bare/projects?${q}`);
    const leanPaths = qs.map((q) => `/bare/projects-lean?${q}`);
    // Each request of the mix answers the same rows on both routes.
    for (let i = 0; i < qs.length; i += 7) {
      const a = await getJson(full + (fullPaths[i] ?? ''));
      const b = await getJson(bare + (barePaths[i] ?? ''));
      const ids = (a.body as { items: { id: number }[] }).items.map((p) => p.id).join();
      const bareIds = (b.body as { rows: { id: number }[] }).rows.map((r) => r.id).join();
      if (a.status !== 200 || ids !== bareIds) throw new Error(`${qs[i] ?? ''}: full ${a.status} [${ids}] ≠ bare [${bareIds}]`);
    }

    // The conditional path: each request carries the ETag its query was answered with.
    const etags: string[] = [];
    for (const p of fullPaths) {
      const r = await getJson(full + p);
      if (r.etag === null) throw new Error(`${p}: no ETag`);
      etags.push(r.etag);
    }
    const pid = server.child.pid ?? 0;
    const routes: Route[] = [
      { pid, port: server.fullPort, paths: fullPaths },
      { pid, port: server.barePort, paths: barePaths },
      { pid, port: server.barePort, paths: leanPaths },
      { pid, port: server.fullPort, paths: fullPaths, headersFor: (i) => ({ 'if-none-match': etags[i] ?? '' }) },
    ];
    process.stdout.write(`${dialect}: warming up…\n`);
    for (const route of routes) await sample(route, WARM_UP_SECONDS);
    process.stdout.write(`${dialect}: full, bare, lean bare and 304, ${DURATION} s each in ${ROUNDS} alternating rounds…\n`);
    const [fullResult, bareResult, leanResult, notModified] = await alternate(routes);
    if (fullResult === undefined || bareResult === undefined || leanResult === undefined || notModified === undefined) throw new Error('no measurement');

    // Where the time of one request goes, without load: every query of the mix twice, the second time measured.
    await parts(bare, qs);
    const timing = await parts(bare, qs);

    const peakMiB = await stopServer(server);
    return {
      dialect,
      seeded: server.seeded,
      seedSeconds: server.seedSeconds,
      totals,
      queries: qs.length,
      full: fullResult,
      bare: bareResult,
      lean: leanResult,
      notModified,
      parts: timing,
      ratio: round1((fullResult.requestsPerSecond / Math.max(1, bareResult.requestsPerSecond)) * 100),
      leanRatio: round1((fullResult.requestsPerSecond / Math.max(1, leanResult.requestsPerSecond)) * 100),
      cpuRatio: round1((bareResult.cpuMsPerRequest / Math.max(0.01, fullResult.cpuMsPerRequest)) * 100),
      leanCpuRatio: round1((leanResult.cpuMsPerRequest / Math.max(0.01, fullResult.cpuMsPerRequest)) * 100),
      peakMiB,
    };
  } catch (error) {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    await server.drop();
    throw error;
  }
}

// ------------------------------------------------------------------------------------------------ first-load JS

interface Script {
  readonly file: string;
  readonly raw: number;
  readonly gzip: number;
}

/**
 * The JavaScript dist/web/m/index.html loads before the first page renders: its module scripts and modulepreloads,
 * each at its gzip size as the server sends it (the `.gz` copy scripts/compress-web.ts writes; a file too small for
 * one is sent as it is).
 */
export function portalFirstLoad(webRoot: string = path.join(ROOT, 'dist/web')): Script[] {
  const html = fs.readFileSync(path.join(webRoot, 'm/index.html'), 'utf8');
  const urls = [
    ...[...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]),
  ].filter((u): u is string => u !== undefined);
  return [...new Set(urls)].map((url) => {
    const file = path.join(webRoot, url.replace(/^\//, ''));
    const raw = fs.statSync(file).size;
    const gz = `${file}.gz`;
    const gzip = fs.existsSync(gz) ? fs.statSync(gz).size : raw < 1024 ? raw : zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
    return { file: url, raw, gzip };
  });
}

// ------------------------------------------------------------------------------------------------ report

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

function line(label: string, r: LoadResult): string {
  const codes = Object.entries(r.statuses)
    .map(([code, n]) => `${n} × ${code}`)
    .join(', ');
  return `| ${label} | ${r.requestsPerSecond} | ${r.p50} | ${r.p975} | ${r.p99} | ${r.cpuMsPerRequest} | ${kb(r.meanBytes)} KB | ${codes}${r.errors + r.timeouts > 0 ? `, ${r.errors} errors (${r.timeouts} timeouts)` : ''} |`;
}

function render(reports: readonly DialectReport[], scripts: readonly Script[] | null): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const out: string[] = [
    "## The residents' portal",
    '',
    `Measured by \`npx tsx bench/public.ts\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version};`,
    'load generator, server and database on the same two cores, which other work shared during the run.',
    '',
  ];
  for (const r of reports) {
    out.push(
      `### The 公示 list on ${r.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
      '',
      `${r.seeded.count.toLocaleString('en')} projects (${Object.entries(r.seeded.byStatus)
        .map(([s, n]) => `${n} ${s}`)
        .join(', ')}); the list reports ${Object.entries(r.totals)
        .map(([p, n]) => `${p} ${n}`)
        .join(', ')}. ${CONNECTIONS} connections, ${DURATION} s each after ${WARM_UP_SECONDS} s of warm-up, ${r.queries} different requests in turn. Server peak RSS ${r.peakMiB} MiB (with the seeding).`,
      '',
      '| route | req/s | p50 ms | p97.5 ms | p99 ms | server CPU ms per request | mean response (headers + body) | responses |',
      '|---|---|---|---|---|---|---|---|',
      line('`GET /api/public/projects` (full)', r.full),
      line('bare route, same rows', r.bare),
      line('bare route, same rows without `state_json`', r.lean),
      line('full, `If-None-Match` → 304', r.notModified),
      '',
      `**full ÷ bare: ${r.ratio} %** (aim ≥ 60 %); full ÷ bare without \`state_json\`: ${r.leanRatio} %. From the server process's CPU per`,
      `request instead (bare CPU ÷ full CPU): ${r.cpuRatio} % and ${r.leanCpuRatio} %${r.dialect === 'postgres' ? ' (the database\'s own CPU, in its processes, not counted)' : ''}.`,
      '',
      `One request at a time, without load, the mean over the ${r.queries} requests (µs):`,
      '',
      '| count query | rows query | parse `state_json` | public view (`mapPublicProject`) | schema serialization | ETag (SHA-256) | full route\'s own work | bare: `JSON.stringify` of the rows |',
      '|---|---|---|---|---|---|---|---|',
      `| ${r.parts.count} | ${r.parts.rows} | ${r.parts.parse} | ${r.parts.map} | ${r.parts.serialize} | ${r.parts.etag} | ${r.parts.parse + r.parts.map + r.parts.serialize + r.parts.etag} | ${r.parts.bareSerialize} |`,
      '',
      `The count query by request (µs): ${Object.entries(r.parts.countBy)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}.`,
      '',
      `The full answer is ${kb(r.parts.fullBytes)} KB of JSON on average, the bare one ${kb(r.parts.bareBytes)} KB (the rows carry \`state_json\`).`,
      '',
    );
  }
  if (scripts !== null) {
    const total = scripts.reduce((s, a) => s + a.gzip, 0);
    out.push(
      "### The portal's first-load JavaScript",
      '',
      `What dist/web/m/index.html loads (module scripts and modulepreloads): ${scripts.length} file${scripts.length === 1 ? '' : 's'}, **${kb(total)} KB gzip**.`,
      '',
      '| file | raw KB | gzip KB |',
      '|---|---|---|',
      ...scripts.map((s) => `| ${s.file} | ${kb(s.raw)} | ${kb(s.gzip)} |`),
      '',
    );
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const chosen = process.argv.slice(2).filter((a): a is Dialect => a === 'sqlite' || a === 'postgres');
  const dialects: Dialect[] = chosen.length > 0 ? chosen : ['sqlite', 'postgres'];
  const reports: DialectReport[] = [];
  for (const d of dialects) {
    const report = await runDialect(d);
    reports.push(report);
    process.stdout.write(`${JSON.stringify(report)}\n`);
  }
  let scripts: Script[] | null = null;
  if (fs.existsSync(path.join(ROOT, 'dist/web/m/index.html'))) scripts = portalFirstLoad();
  else process.stdout.write('dist/web/m/index.html is missing (npm run build:web): no first-load JavaScript figure\n');
  process.stdout.write(`\n${render(reports, scripts)}`);
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await main();
