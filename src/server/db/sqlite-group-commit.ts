/**
 * Group commit for SQLite. Every commit with `synchronous=FULL` writes the changed pages to the WAL and waits for
 * the disk (fsync); for a case action that is a third of its time. Transactions that queue for the one connection
 * are therefore run as savepoints inside one SQLite transaction and committed together: one fsync for the batch.
 *
 * What stays true:
 * - A transaction's `execute()` returns only after the COMMIT that made it durable; if that COMMIT fails, every
 *   transaction of the batch fails and none was acknowledged.
 * - A transaction that throws is rolled back to its savepoint; the others of its batch are not touched. Should
 *   SQLite drop the whole transaction (an I/O error, `INSERT OR ROLLBACK`), every member still waiting fails.
 * - A write outside any transaction first commits the open batch, then runs on its own and is durable when it
 *   returns.
 * - A batch closes at the end of the event-loop turn in which its first member finished (`setImmediate`), or as
 *   soon as it holds `maxBatch` members: requests whose input arrived in the same turn commit together, and a lone
 *   transaction waits no longer than that turn.
 *
 * Reads between a member's savepoint release and the batch's COMMIT (a few milliseconds) see its changes, as they
 * would on one connection; they are never shown as acknowledged to the member's own client before the COMMIT.
 */
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteDialect,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDatabase,
  type SqliteDialectConfig,
} from 'kysely';

export interface GroupCommitOptions {
  /** Most transactions in one commit. */
  readonly maxBatch: number;
}

export const DEFAULT_GROUP_COMMIT: GroupCommitOptions = { maxBatch: 64 };

export interface GroupCommitStats {
  /** Transactions committed (members of batches). */
  transactions: number;
  /** COMMITs issued: each is one fsync. */
  commits: number;
}

const MEMBER = 'group_member';

function asLease(connection: DatabaseConnection): Lease {
  if (!(connection instanceof Lease)) throw new Error('not a connection of this driver');
  return connection;
}

/** FIFO lock for the one connection; the batch closer may go first. */
class ConnectionLock {
  private held = false;
  private readonly queue: (() => void)[] = [];

  get waiting(): number {
    return this.queue.length;
  }

  async lock(first = false): Promise<void> {
    if (!this.held) {
      this.held = true;
      return;
    }
    await new Promise<void>((resolve) => (first ? this.queue.unshift(resolve) : this.queue.push(resolve)));
  }

  unlock(): void {
    const next = this.queue.shift();
    if (next === undefined) this.held = false;
    else next();
  }
}

interface Member {
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** One acquisition of the connection: released once, by a commit or by Kysely. */
class Lease implements DatabaseConnection {
  inTransaction = false;
  released = false;

  constructor(private readonly driver: GroupCommitSqliteDriver) {}

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return Promise.resolve(this.driver.run<R>(this, compiledQuery));
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- better-sqlite3 iterates synchronously; Kysely asks for an async iterator.
  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiledQuery.query)) throw new Error('SQLite streams only select queries');
    for (const row of this.driver.iterate(compiledQuery)) yield { rows: [row as R] };
  }
}

export class GroupCommitSqliteDriver implements Driver {
  readonly stats: GroupCommitStats = { transactions: 0, commits: 0 };
  private readonly lock = new ConnectionLock();
  private members: Member[] = [];
  private closing: NodeJS.Immediate | null = null;
  private closed = false;

  constructor(
    private readonly raw: BetterSqlite3.Database,
    private readonly statements: SqliteDatabase,
    private readonly options: GroupCommitOptions,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.lock.lock();
    return new Lease(this);
  }

  beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = asLease(connection);
    if (!this.raw.inTransaction) this.exec('begin');
    this.exec(`savepoint ${MEMBER}`);
    lease.inTransaction = true;
    return Promise.resolve();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = asLease(connection);
    this.exec(`release ${MEMBER}`);
    lease.inTransaction = false;
    this.stats.transactions += 1;
    const durable = new Promise<void>((resolve, reject) => this.members.push({ resolve, reject }));
    this.release(lease);
    await durable;
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = asLease(connection);
    if (!lease.inTransaction) return Promise.resolve();
    lease.inTransaction = false;
    if (this.raw.inTransaction) {
      this.exec(`rollback to ${MEMBER}`);
      this.exec(`release ${MEMBER}`);
    } else {
      this.batchLost(new Error('SQLite rolled back the whole transaction'));
    }
    return Promise.resolve();
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.release(asLease(connection));
    return Promise.resolve();
  }

  async destroy(): Promise<void> {
    await this.lock.lock(true);
    if (this.raw.inTransaction) this.commitBatch();
    this.closed = true;
    this.raw.close();
  }

  /** Runs one statement for a lease that holds the connection. */
  run<R>(lease: Lease, query: CompiledQuery): QueryResult<R> {
    const statement = this.statements.prepare(query.sql);
    try {
      if (statement.reader) return { rows: statement.all(query.parameters) as R[] };
      // A write of no transaction is acknowledged when it returns: nothing before it may still be waiting.
      if (!lease.inTransaction && this.raw.inTransaction) this.commitBatch();
      const { changes, lastInsertRowid } = statement.run(query.parameters);
      return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
    } catch (error) {
      if (!this.raw.inTransaction && this.members.length > 0) this.batchLost(error);
      throw error;
    }
  }

  iterate(query: CompiledQuery): IterableIterator<unknown> {
    return this.statements.prepare(query.sql).iterate(query.parameters);
  }

  /** Gives the connection back; a full batch, or an open transaction with no member (all rolled back), ends now. */
  private release(lease: Lease): void {
    if (lease.released) return;
    lease.released = true;
    if (this.raw.inTransaction) {
      if (this.members.length === 0 || this.members.length >= this.options.maxBatch) this.commitBatch();
      else this.closeSoon();
    }
    this.lock.unlock();
  }

  private closeSoon(): void {
    if (this.closing !== null) return;
    this.closing = setImmediate(() => {
      this.closing = null;
      void this.lock.lock(true).then(() => {
        try {
          if (!this.closed && this.raw.inTransaction) this.commitBatch();
        } finally {
          this.lock.unlock();
        }
      });
    });
  }

  /** COMMIT, then tell every member; on failure, every member fails. Called only by the lock's holder. */
  private commitBatch(): void {
    const members = this.members;
    this.members = [];
    try {
      if (this.raw.inTransaction) {
        this.exec('commit');
        this.stats.commits += 1;
      }
    } catch (error) {
      if (this.raw.inTransaction) this.exec('rollback');
      for (const m of members) m.reject(error);
      return;
    }
    for (const m of members) m.resolve();
  }

  private batchLost(error: unknown): void {
    const members = this.members;
    this.members = [];
    for (const m of members) m.reject(error);
  }

  private exec(sql: string): void {
    this.statements.prepare(sql).run([]);
  }
}

/** Kysely's SQLite dialect with the group-commit driver. */
export class GroupCommitSqliteDialect extends SqliteDialect {
  readonly driver: GroupCommitSqliteDriver;

  constructor(raw: BetterSqlite3.Database, statements: SqliteDatabase, options: GroupCommitOptions = DEFAULT_GROUP_COMMIT) {
    const config: SqliteDialectConfig = { database: statements };
    super(config);
    this.driver = new GroupCommitSqliteDriver(raw, statements, options);
  }

  override createDriver(): Driver {
    return this.driver;
  }
}
