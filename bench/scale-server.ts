/**
 * The server's memory on the large city, as `npm start` runs it: `node dist/server/main.js` with the start script's
 * Node flags (built first if stale, as `npm start` does) in its own process on the generated database, its pages (bench/scale-pages.ts) sent over HTTP by
 * this process, first one call at a time, then eight at once. Prints one JSON line: the server's resident set after
 * start, its peak (VmHWM) after the calls one at a time and after the calls eight at once, and its resident set at
 * the end, in MiB as /proc gives them.
 *
 *   tsx bench/scale-server.ts <sqlite|postgres> <databaseUrlOrFile> [calls]
 *
 * The server runs as `npm start` does but for what a measurement needs: no demo cases (the demo accounts are the
 * generator's, with the bench password), no background jobs (the measuring process runs none either, and the kept
 * database stays as generated), a high limit on sign-ins.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { residentMiB, startFlags } from './bench-support.js';
import { BENCH_PASSWORD, openBenchDatabase } from './scale-generate.js';
import { pageContext, pageScenarios, type PageRequest, type Who } from './scale-pages.js';

const ROOT = path.resolve(import.meta.dirname, '..');
/** Calls of each scenario in each phase. */
const CALLS = Number(process.argv[4] ?? '20');
/** Calls in flight at once in the second phase. */
const AT_ONCE = 8;

export interface ServerMemoryResult {
  readonly calls: number;
  readonly atOnce: number;
  readonly startRssMiB: number;
  readonly sequentialPeakMiB: number;
  readonly concurrentPeakMiB: number;
  readonly endRssMiB: number;
  /** Responses that were not 200. */
  readonly failures: number;
  readonly seconds: { readonly sequential: number; readonly concurrent: number };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function main(): Promise<void> {
  const [dialect, location] = process.argv.slice(2);
  if ((dialect !== 'sqlite' && dialect !== 'postgres') || location === undefined) throw new Error('usage: scale-server.ts <sqlite|postgres> <url|file> [calls]');

  const database = openBenchDatabase(dialect, location);
  const scenarios = pageScenarios(await pageContext(database.db));
  await database.close();

  const built = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/build-if-stale.ts')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (built.status !== 0) throw new Error('the build failed');

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-scale-server-'));
  // The server opens `${DATA_DIR}/minsheng.sqlite`: the generated file under that name (a second link, no copy).
  if (dialect === 'sqlite') fs.linkSync(location, path.join(dataDir, 'minsheng.sqlite'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    DEMO: 'true',
    DEMO_CASES: 'false',
    DEMO_PASSWORD: BENCH_PASSWORD,
    JOBS_ENABLED: 'false',
    LOGIN_RATE_LIMIT: '100000',
    LOG_LEVEL: 'warn',
    ...(dialect === 'postgres' ? { DATABASE_URL: location } : { DATABASE_URL: '' }),
  };
  const server = spawn(process.execPath, [...startFlags(), path.join(ROOT, 'dist/server/main.js')], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const pid = server.pid;
  if (pid === undefined) throw new Error('the server did not start');
  const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let tries = 0; ; tries++) {
      try {
        if ((await fetch(`${base}/api/health`)).ok) break;
      } catch {
        // not listening yet
      }
      if (tries > 600 || server.exitCode !== null) throw new Error('the server did not become ready');
      await new Promise((r) => setTimeout(r, 100));
    }
    // The PDF fonts are read ahead just after listen (main.ts): let that finish before the first figure.
    await new Promise((r) => setTimeout(r, 3000));
    const startRssMiB = residentMiB(pid, 'VmRSS');

    const login = async (username: string): Promise<string> => {
      const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: BENCH_PASSWORD }) });
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('msw_sid='));
      if (res.status !== 200 || cookie === undefined) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      return cookie.split(';')[0] ?? '';
    };
    const cookies: Readonly<Record<Who, string>> = { bureau: await login('bureau'), town: await login('town') };
    let failures = 0;
    // A call sends its page's requests together, as the page does, and reads every body whole.
    const call = async (requests: readonly PageRequest[]): Promise<void> => {
      await Promise.all(
        requests.map(async (r) => {
          const res = await fetch(`${base}${r.url}`, { headers: { cookie: cookies[r.who] } });
          await res.arrayBuffer();
          if (res.status !== 200) failures++;
        }),
      );
    };
    const calls: (readonly PageRequest[])[] = [];
    let t = performance.now();
    for (const s of scenarios) {
      const own: (readonly PageRequest[])[] = [];
      for (let i = 0; i < Math.max(1, Math.round(CALLS * s.share)); i++) own.push(s.requests(i));
      for (const c of own) await call(c);
      calls.push(...own);
      process.stderr.write(`  after ${s.name}: RSS ${residentMiB(pid, 'VmRSS')} MiB, peak ${residentMiB(pid, 'VmHWM')} MiB\n`);
    }
    const sequential = (performance.now() - t) / 1000;
    const sequentialPeakMiB = residentMiB(pid, 'VmHWM');

    // The same calls, interleaved across the scenarios, eight in flight at any time.
    const interleaved = [...calls.keys()].sort((a, b) => (a * 7919) % calls.length - (b * 7919) % calls.length).map((i) => calls[i] ?? []);
    let next = 0;
    t = performance.now();
    await Promise.all(
      Array.from({ length: AT_ONCE }, async () => {
        while (next < interleaved.length) await call(interleaved[next++] ?? []);
      }),
    );
    const concurrent = (performance.now() - t) / 1000;
    const result: ServerMemoryResult = {
      calls: calls.length,
      atOnce: AT_ONCE,
      startRssMiB,
      sequentialPeakMiB,
      concurrentPeakMiB: residentMiB(pid, 'VmHWM'),
      endRssMiB: residentMiB(pid, 'VmRSS'),
      failures,
      seconds: { sequential: Math.round(sequential * 10) / 10, concurrent: Math.round(concurrent * 10) / 10 },
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    server.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await main();
