/**
 * Which databases the suite runs on: TEST_DIALECTS=sqlite,postgres (default sqlite). Each test file wraps its body
 * in `for (const dialect of DIALECTS) describe(...)`. PostgreSQL tests get a fresh database each, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseHandle, type Dialect } from '../../src/server/db/database.js';

export const DIALECTS: readonly Dialect[] = (process.env.TEST_DIALECTS ?? 'sqlite')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is Dialect => {
    if (d === 'sqlite' || d === 'postgres') return true;
    throw new Error(`TEST_DIALECTS: unknown dialect “${d}”`);
  });

export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase extends DatabaseHandle {
  /** Closes and removes the database. */
  drop(): Promise<void>;
  /** A URL another process can open (SQLite: the file path). */
  readonly url: string;
}

export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const name = `msw_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (dialect === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-'));
    const file = path.join(dir, `${name}.sqlite`);
    const handle = openDatabase({ databaseUrl: null, sqlitePath: file });
    return {
      ...handle,
      url: file,
      drop: async () => {
        await handle.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = openDatabase({ databaseUrl: url.toString(), sqlitePath: '' });
  return {
    ...handle,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      // The pool reports itself closed before its connections are gone; forcing the drop then would kill them.
      for (let i = 0; i < 50; i++) {
        const r = await c.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (Number(r.rows[0]?.n ?? '0') === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
