/**
 * What a service gets instead of the database: a way to run a unit of work in one transaction, and a reader for
 * queries outside one. Both are handed only to repository functions (`*.repository.ts`), which own every SQL text;
 * lint keeps Kysely and the database handle out of every other file (docs/architecture.md, Layers).
 */
import { isPostgres, type Db, type DbOrTrx, type Trx } from './database.js';

/** A handle repository functions run on: the database, or an open transaction. */
export type Reader = DbOrTrx;
/** An open transaction: repository functions that lock or must stand or fall together take this. */
export type Tx = Trx;

export interface Transactor {
  /** Reads that need no transaction. */
  readonly reader: Reader;
  /** Runs `work` in one transaction: it commits when `work` resolves and rolls back when it throws. */
  run<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

/** A transaction `run` opened: the work registered to run after its unit of work and before it commits. */
interface Opened {
  readonly beforeCommit: (() => Promise<void>)[];
  readonly postgres: boolean;
}
const opened = new WeakMap<Trx, Opened>();

/**
 * Runs `work` at the end of the transaction, before it commits, in the order registered (db/statistics-cells.ts
 * adds the differences a transaction made to the statistics' cells). Only a transaction `run` opened has that end: any
 * other is refused, so that no write can skip it unseen.
 */
export function beforeCommit(trx: Trx, work: () => Promise<void>): void {
  const o = opened.get(trx);
  if (o === undefined) throw new Error('beforeCommit: not a transaction opened by Transactor.run');
  o.beforeCommit.push(work);
}

/** Whether a read in the transaction can lock the rows it reads (`SELECT … FOR UPDATE`: PostgreSQL; SQLite has one writer). */
export function locksRows(trx: Trx): boolean {
  return opened.get(trx)?.postgres === true;
}

export function transactorOf(db: Db): Transactor {
  return {
    reader: db,
    run: (work) =>
      db.transaction().execute(async (trx) => {
        const list: (() => Promise<void>)[] = [];
        opened.set(trx, { beforeCommit: list, postgres: isPostgres(db) });
        const result = await work(trx);
        for (let i = 0; i < list.length; i++) await list[i]?.();
        return result;
      }),
  };
}
