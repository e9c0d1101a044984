/**
 * Opens the database: SQLite through better-sqlite3 (WAL, synchronous=FULL, foreign keys, busy timeout, commits
 * grouped: sqlite-group-commit.ts) by default,
 * PostgreSQL when `DATABASE_URL` is set. Everything above this file speaks Kysely and does not know which.
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase, type SqliteStatement, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { DEFAULT_GROUP_COMMIT, GroupCommitSqliteDialect, type GroupCommitOptions, type GroupCommitStats } from './sqlite-group-commit.js';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** A repository function takes either; one that locks rows takes only a `Trx`. */
export type DbOrTrx = Db | Trx;

export interface DatabaseHandle {
  readonly db: Db;
  readonly dialect: Dialect;
  /** Human-readable location without credentials, for logs. */
  readonly location: string;
  /** SQLite only: how many transactions shared how many commits. */
  readonly groupCommit?: GroupCommitStats;
  close(): Promise<void>;
}

// int8 (bigint) and numeric come back as strings by default; our ids and counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export interface DatabaseOptions {
  readonly databaseUrl: string | null;
  /** SQLite file path, or ':memory:'. Used when `databaseUrl` is null. */
  readonly sqlitePath: string;
  readonly poolSize?: number;
  /** SQLite: batching of commits (sqlite-group-commit.ts). */
  readonly groupCommit?: GroupCommitOptions;
}

/** How many distinct SQL texts keep their prepared statement: every query the system runs, with room for lists. */
const SQLITE_STATEMENT_CACHE = 512;

/**
 * better-sqlite3 compiles a statement on every `prepare`; Kysely prepares each query it runs. The same SQL text is
 * prepared once and reused (least recently used texts are dropped beyond the cache size). Safe because nothing
 * iterates a statement while another query runs on the one connection.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): SqliteStatement {
      let statement = cache.get(text);
      if (statement === undefined) {
        statement = sqlite.prepare(text);
        if (cache.size >= SQLITE_STATEMENT_CACHE) cache.delete(cache.keys().next().value ?? '');
      } else {
        cache.delete(text);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

const postgresDatabases = new WeakSet<Db>();

/** Whether the database is PostgreSQL, where a row is locked by `SELECT … FOR UPDATE` (SQLite has one writer). */
export function isPostgres(db: Db): boolean {
  return postgresDatabases.has(db);
}

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.databaseUrl !== null) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle connection dropped by the server (restart, failover) must not crash the process: the pool replaces it.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    postgresDatabases.add(db);
    const url = new URL(options.databaseUrl);
    return {
      db,
      dialect: 'postgres',
      location: `postgres://${url.host}${url.pathname}`,
      close: () => db.destroy(),
    };
  }
  if (options.sqlitePath !== ':memory:') fs.mkdirSync(path.dirname(options.sqlitePath), { recursive: true });
  const sqlite = new SQLite(options.sqlitePath);
  sqlite.pragma('journal_mode = WAL');
  // FULL: a committed transaction survives a power cut, not only a process crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Query planning needs table statistics, which SQLite gathers only when asked: without them a list over thousands of
  // cases walks the wrong index (docs/performance.md). `optimize` analyzes, within a bounded sample, the tables whose
  // statistics are missing or stale, at every open (0x10002: every table may be looked at).
  sqlite.pragma('analysis_limit = 1000');
  sqlite.pragma('optimize = 0x10002');
  const dialect = new GroupCommitSqliteDialect(sqlite, withStatementCache(sqlite), options.groupCommit ?? DEFAULT_GROUP_COMMIT);
  const db = new Kysely<Database>({ dialect });
  return { db, dialect: 'sqlite', location: options.sqlitePath, groupCommit: dialect.driver.stats, close: () => db.destroy() };
}
