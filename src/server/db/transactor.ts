/**
 * What a service gets instead of the database: a way to run a unit of work in one transaction, and a reader for
 * queries outside one. Both are handed only to repository functions (`*.repository.ts`), which own every SQL text;
 * lint keeps Kysely and the database handle out of every other file (docs/architecture.md, Layers).
 */
import type { Db, DbOrTrx, Trx } from './database.js';

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

export function transactorOf(db: Db): Transactor {
  return {
    reader: db,
    run: (work) => db.transaction().execute(work),
  };
}
