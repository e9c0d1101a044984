/**
 * What the benchmarks share: a fresh database per run (a SQLite file in a temporary directory, or a new PostgreSQL
 * database at BENCH_POSTGRES_URL's server, user postgres), dropped after; a small deterministic generator
 * (mulberry32), so that every run seeds the same data; a process's resident set from /proc; and the Node flags
 * `npm start` gives the server.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const PG_ADMIN = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A new empty database: where it is (a file or a URL) and how to drop it. */
export async function freshDatabase(dialect: 'sqlite' | 'postgres', prefix = 'msw-bench-'): Promise<{ location: string; drop: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    return { location: path.join(dir, 'bench.sqlite'), drop: () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true })) };
  }
  const name = `msw_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  return {
    location: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A small deterministic generator (mulberry32): numbers in [0, 1), the same for the same seed. */
export function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A process's resident set (VmRSS) or its peak (VmHWM), in MiB, from /proc/<pid>/status. */
export function residentMiB(pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? '0') / 1024);
}

/** The Node flags `npm start` gives the server (package.json's start script: `node <flags> dist/server/main.js`). */
export function startFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const m = /\bnode((?: --[\w-]+(?:=\S+)?)*) dist\/server\/main\.js/.exec(pkg.scripts.start ?? '');
  if (m === null) throw new Error('package.json: the start script does not run node dist/server/main.js');
  return (m[1] ?? '').trim().split(' ').filter((f) => f !== '');
}
