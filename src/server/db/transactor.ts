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

/** Work registered to run inside a transaction after its unit of work and before it commits. */
const pending = new WeakMap<Trx, (() => Promise<void>)[]>();

/**
 * Runs `work` at the end of the transaction, before it commits, in the order registered (db/statistics-cells.ts
 * recomputes the statistics' partitions a transaction touched). Only a transaction `run` opened has that end: any
 * other is refused, so that no write can skip it unseen.
 */
export function beforeCommit(trx: Trx, work: () => Promise<void>): void {
  const list = pending.get(trx);
  if (list === undefined) throw new Error('beforeCommit: not a transaction opened by Transactor.run');
  list.push(work);
}

export function transactorOf(db: Db): Transactor {
  return {
    reader: db,
    run: (work) =>
      db.transaction().execute(async (trx) => {
        const list: (() => Promise<void>)[] = [];
        pending.set(trx, list);
        const result = await work(trx);
        for (let i = 0; i < list.length; i++) await list[i]?.();
        return result;
      }),
  };
}
