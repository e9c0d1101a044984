/**
 * `npm run bench`: the intake and transition benchmarks of docs/performance.md, on SQLite and PostgreSQL.
 * The server runs in a child process (bench/server.ts); this process generates the load with autocannon and reads
 * the server's peak resident memory (VmHWM) from /proc. Results are ratios against a bare route in the same run.
 * It rewrites only its own part of the file (between `<!-- bench:run -->` and `<!-- /bench:run -->`).
 *
 *   tsx bench/run.ts [sqlite] [postgres]     (default both; PostgreSQL at 127.0.0.1:5432, user postgres)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import autocannon from 'autocannon';
import { freshDatabase } from './bench-support.js';
import { replaceDocSection, type LegacyPart } from './performance-doc.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const DURATION = Number(process.env.BENCH_SECONDS ?? '10');
const SEED = Number(process.env.BENCH_DEMANDS ?? '100000');
const TRANSITIONS = Number(process.env.BENCH_TRANSITIONS ?? '10000');
const PASSWORD = 'Bench@Minsheng2026';

type Dialect = 'sqlite' | 'postgres';

/** This benchmark's part of docs/performance.md in a file not marked yet: its introduction and its three sections. */
const RUN_PART: LegacyPart = { startsAt: 'Measured by `npm run bench`', heading: '## Intake: ', own: ['## A lifecycle transition: ', '## Where the time goes'] };

interface Server {
  readonly child: ChildProcess;
  readonly fullPort: number;
  readonly barePort: number;
  readonly seeded: { communityId: number; firstId: number; lastId: number } | null;
  readonly drop: () => Promise<void>;
}

async function startServer(dialect: Dialect, seed: number): Promise<Server> {
  const { location, drop } = await freshDatabase(dialect, 'msw-bench-');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/server.ts'), dialect, location, String(seed)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: child.stdout ?? process.stdin });
  const ready = await new Promise<{ fullPort: number; barePort: number; seeded: Server['seeded'] }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${String(code)}`)));
    lines.on('line', (line) => {
      try {
        const msg = JSON.parse(line) as { ready?: boolean; fullPort: number; barePort: number; seeded: Server['seeded'] };
        if (msg.ready === true) resolve(msg);
      } catch {
        // not our line
      }
    });
  });
  return { child, ...ready, drop };
}

async function stopServer(server: Server): Promise<number> {
  const peak = peakMemoryMiB(server.child.pid ?? 0);
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
  await server.drop();
  return peak;
}

function peakMemoryMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? '0');
  return Math.round(kb / 1024);
}

async function login(port: number, username: string): Promise<{ cookie: string; unitId: number }> {
  const res = await fetch(`http://127.0.0.1:${port}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const me = (await res.json()) as { unit: { id: number } };
  return { cookie, unitId: me.unit.id };
}

interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p95: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly total: number;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function load(options: autocannon.Options): Promise<LoadResult> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err, res) => (err === null || err === undefined ? resolve(res) : reject(err instanceof Error ? err : new Error(String(err)))));
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: Math.round(percentile(times, 50) * 10) / 10,
    p95: Math.round(percentile(times, 95) * 10) / 10,
    non2xx: result.non2xx,
    errors: result.errors,
    total: result.requests.total,
  };
}

interface IntakeReport {
  readonly dialect: Dialect;
  readonly full: LoadResult;
  /** The same writes through the repository functions, without the application around them. */
  readonly writes: LoadResult;
  readonly bare: LoadResult;
  /** full ÷ bare INSERT, in per cent: the measure. */
  readonly ratio: number;
  /** full ÷ same writes, in per cent: what the application costs beyond its database work. */
  readonly ratioToWrites: number;
  /** SQLite: transactions per COMMIT while createDemand was measured (group commit); null on PostgreSQL. */
  readonly perCommit: number | null;
  readonly peakMiB: number;
}

interface CommitCount {
  readonly transactions: number;
  readonly commits: number;
}

async function commitCount(server: Server): Promise<CommitCount | null> {
  const res = await fetch(`http://127.0.0.1:${server.barePort}/bare/commits`);
  return (await res.json()) as CommitCount | null;
}

function perCommit(before: CommitCount | null, after: CommitCount | null): number | null {
  if (before === null || after === null || after.commits === before.commits) return null;
  return Math.round(((after.transactions - before.transactions) / (after.commits - before.commits)) * 10) / 10;
}

const percentOf = (a: LoadResult, b: LoadResult): number => Math.round((a.requestsPerSecond / Math.max(1, b.requestsPerSecond)) * 1000) / 10;

async function intake(dialect: Dialect): Promise<IntakeReport> {
  const server = await startServer(dialect, 0);
  const { cookie, unitId } = await login(server.fullPort, 'community');
  const body = JSON.stringify({
    communityId: unitId,
    channel: 'hotline12345',
    proposer: { kind: 'masses', name: '压测', phone: '13800000000' },
    title: '压测：路灯不亮',
    description: '示例社区一3巷路灯不亮，夜间出行不便。',
    location: '示例社区一3巷',
  });
  const common = { connections: 20, duration: DURATION, method: 'POST' as const };
  const fullRoute = { ...common, url: `http://127.0.0.1:${server.fullPort}/api/demands`, headers: { 'content-type': 'application/json', cookie }, body };
  const writesRoute = { ...common, url: `http://127.0.0.1:${server.barePort}/bare/writes`, headers: { 'content-type': 'application/json' }, body: '{}' };
  const bareRoute = {
    ...common,
    url: `http://127.0.0.1:${server.barePort}/bare/demands`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ communityId: unitId, title: '压测：路灯不亮', channel: 'hotline12345' }),
  };
  // Warm every path before measuring.
  for (const route of [fullRoute, writesRoute, bareRoute]) await load({ ...route, duration: 2 });
  const before = await commitCount(server);
  const full = await load(fullRoute);
  const after = await commitCount(server);
  const writes = await load(writesRoute);
  const bare = await load(bareRoute);
  const peakMiB = await stopServer(server);
  return { dialect, full, writes, bare, ratio: percentOf(full, bare), ratioToWrites: percentOf(full, writes), perCommit: perCommit(before, after), peakMiB };
}

interface TransitionReport {
  readonly dialect: Dialect;
  readonly seeded: number;
  readonly result: LoadResult;
  readonly peakMiB: number;
}

async function transition(dialect: Dialect): Promise<TransitionReport> {
  const server = await startServer(dialect, SEED);
  if (server.seeded === null) throw new Error('no seeded demands');
  const { cookie } = await login(server.fullPort, 'community');
  let next = server.seeded.firstId;
  const last = server.seeded.lastId;
  const result = await load({
    url: `http://127.0.0.1:${server.fullPort}`,
    connections: 50,
    amount: Math.min(TRANSITIONS, last - next + 1),
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const id = next;
          next += 1;
          return { ...req, path: `/api/demands/${id}/acknowledge`, headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ version: 1 }) };
        },
      },
    ],
  });
  const peakMiB = await stopServer(server);
  return { dialect, seeded: SEED, result, peakMiB };
}

function render(intakes: readonly IntakeReport[], transitions: readonly TransitionReport[]): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const of = (d: Dialect): IntakeReport | undefined => intakes.find((r) => r.dialect === d);
  const sqlite = of('sqlite');
  const postgres = of('postgres');
  const peaks = [...intakes.map((r) => r.peakMiB), ...transitions.map((t) => t.peakMiB)];
  return [
    `Measured by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB,`,
    `Node ${process.version}. The server runs in its own process; autocannon generates the load from the benchmark`,
    'process on loopback (so load generator, server and database share the two cores). Figures are ratios against',
    'baselines measured in the same run, never timed assertions in tests.',
    '',
    '## Intake: `createDemand` against a bare INSERT',
    '',
    `Each route for ${DURATION} s at 20 connections after a 2 s warm-up, on the same database and connection pool.`,
    '',
    '- **createDemand** does everything it really does: session lookup, schema validation, the access policy, the',
    '  lifecycle decision, the demand row, the receipt deadline row and the hash-chained audit record in one',
    '  transaction, and the case view in the response.',
    '- **same writes** is a bare Fastify route making the same writes through the system\'s own repository functions',
    '  (demand row reserved and saved, deadline row, audit record appended to a chain) in one transaction, with',
    '  nothing else: the database work of the action alone.',
    '- **bare INSERT** is a bare Fastify route doing only the INSERT into `demand`, committed on its own.',
    '',
    '| database | createDemand req/s | same writes req/s | bare INSERT req/s | **createDemand ÷ bare INSERT** | createDemand ÷ same writes | createDemand p50 / p95 ms | transactions per commit | non-2xx | server peak RSS |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...intakes.map(
      (r) =>
        `| ${r.dialect} | ${r.full.requestsPerSecond} | ${r.writes.requestsPerSecond} | ${r.bare.requestsPerSecond} | **${r.ratio} %** | ${r.ratioToWrites} % | ${r.full.p50} / ${r.full.p95} | ${r.perCommit ?? '—'} | ${r.full.non2xx + r.writes.non2xx + r.bare.non2xx} | ${r.peakMiB} MiB |`,
    ),
    '',
    'Target: createDemand ÷ bare INSERT ≥ 50 %.',
    '',
    `## A lifecycle transition: \`acknowledgeDemand\` with ${SEED.toLocaleString('en')} demands in the database`,
    '',
    `${TRANSITIONS.toLocaleString('en')} acknowledgements of distinct demands by 50 concurrent clients (each a real transition: load, policy,`,
    'decision, versioned save, deadline rows, receipt feedback rows on two channels, audit record).',
    '',
    '| database | requests | req/s | p50 ms | p95 ms | non-2xx | server peak RSS (incl. seeding) |',
    '|---|---|---|---|---|---|---|',
    ...transitions.map((t) => `| ${t.dialect} | ${t.result.total} | ${t.result.requestsPerSecond} | ${t.result.p50} | ${t.result.p95} | ${t.result.non2xx} | ${t.peakMiB} MiB |`),
    '',
    '## Where the time goes',
    '',
    '- **SQLite (the default, one machine).** With `synchronous=FULL` every COMMIT writes the changed pages to the WAL',
    '  and waits for the disk; for createDemand (demand, deadline and audit rows and their indexes) that was a third',
    '  of the request. Transactions that finish in the same event-loop turn now share one COMMIT',
    '  (`src/server/db/sqlite-group-commit.ts`), each acknowledged only after it'
    + (sqlite?.perCommit != null ? ` (here ${sqlite.perCommit} transactions per commit under load).` : '.'),
    '  Prepared statements are reused by SQL text (Kysely prepares every query it runs). The bare INSERT commits',
    '  alone, as a single autocommitted statement must.',
    '- **PostgreSQL.** Until the audit log had several chains, every write of the system appended to one chain and',
    '  held its head row\'s lock until COMMIT, so commits ran one at a time (the measurement before: createDemand 311',
    '  req/s, acknowledgeDemand p95 272 ms). Concurrent transactions now take different chain heads (`FOR UPDATE SKIP LOCKED`) and their commits',
    '  overlap. What bounds the ratio now is round trips: createDemand makes eight (session lookup, BEGIN, five',
    '  writes, COMMIT) where the bare INSERT makes one, and on two shared cores each round trip costs the client, the',
    '  server and the scheduler alike.'
    + (postgres !== undefined
      ? ` The same writes without any of the application reach ${postgres.writes.requestsPerSecond} req/s, ${percentOf(postgres.writes, postgres.bare)} % of the bare INSERT${percentOf(postgres.writes, postgres.bare) < 50 ? ': the database work of the action alone is below the 50 % aim on this machine, so no application making these writes could reach it,' : ','} and createDemand runs at ${postgres.ratioToWrites} % of that.`
      : ''),
    '  Fewer round trips are what is left (a new aggregate written by one INSERT with an id allocated ahead, instead',
    '  of reserve-then-save); the writes themselves are what the rules ask for: the case row, its deadline (R0.4)',
    '  and its audit record (R0.7) in one transaction.',
    `- Memory stays flat: the server's peak resident set is ${Math.min(...peaks)}–${Math.max(...peaks)} MiB over all runs, including the one with`,
    `  ${SEED.toLocaleString('en')} seeded demands.`,
    '',
  ].join('\n');
}

const dialects = (process.argv.slice(2).filter((a) => a === 'sqlite' || a === 'postgres') as Dialect[]).concat();
const chosen: Dialect[] = dialects.length > 0 ? dialects : ['sqlite', 'postgres'];
const intakes: IntakeReport[] = [];
const transitions: TransitionReport[] = [];
for (const d of chosen) {
  process.stdout.write(`intake on ${d}…\n`);
  intakes.push(await intake(d));
  process.stdout.write(`${JSON.stringify(intakes[intakes.length - 1])}\n`);
  process.stdout.write(`transition on ${d} (${SEED} demands)…\n`);
  transitions.push(await transition(d));
  process.stdout.write(`${JSON.stringify(transitions[transitions.length - 1])}\n`);
}
const section = render(intakes, transitions);
// Only this benchmark's part of the file (its introduction and its three sections); the others' stay as they are.
replaceDocSection(path.join(ROOT, 'docs/performance.md'), 'run', section, RUN_PART);
process.stdout.write(section);
