/**
 * Group commit on SQLite (src/server/db/sqlite-group-commit.ts): transactions that finish in the same event-loop
 * turn share one COMMIT, yet none is acknowledged before that COMMIT made it durable; a failing member is rolled
 * back alone; a failure of the shared transaction or of its COMMIT fails every member still waiting.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql, type Generated } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/server/db/database.js';

interface Scratch {
  item: { id: Generated<number>; name: string; parent_id: number | null };
  parent: { id: number };
}

describe('[sqlite] group commit', () => {
  let dir: string;
  let file: string;
  let handle: DatabaseHandle;
  let db: Kysely<Scratch>;
  let other: SQLite.Database;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-gc-'));
    file = path.join(dir, 'gc.sqlite');
    handle = openDatabase({ databaseUrl: null, sqlitePath: file, groupCommit: { maxBatch: 16 } });
    db = handle.db as unknown as Kysely<Scratch>;
    await sql`CREATE TABLE parent (id INTEGER PRIMARY KEY)`.execute(db);
    await sql`CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,
      parent_id INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)`.execute(db);
    // A second connection, as another process would have: it sees only what is committed.
    other = new SQLite(file, { readonly: true });
  });

  afterEach(async () => {
    other.close();
    await handle.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const committedNames = (): string[] => (other.prepare('SELECT name FROM item ORDER BY id').all() as { name: string }[]).map((r) => r.name);
  const stats = (): { transactions: number; commits: number } => ({ ...(handle.groupCommit ?? { transactions: -1, commits: -1 }) });

  it('transactions finishing together share a commit, and each is committed when it is acknowledged', async () => {
    const before = stats();
    const seenAtAck: boolean[] = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db
          .transaction()
          .execute(async (trx) => {
            await trx.insertInto('item').values({ name: `n${i}`, parent_id: null }).execute();
          })
          .then(() => seenAtAck.push(committedNames().includes(`n${i}`))),
      ),
    );
    expect(seenAtAck).toHaveLength(40);
    expect(seenAtAck.every(Boolean)).toBe(true);
    const after = stats();
    expect(after.transactions - before.transactions).toBe(40);
    // 40 members with at most 16 per batch: three commits, not forty.
    expect(after.commits - before.commits).toBe(3);
  });

  it('a lone transaction commits without waiting for company', async () => {
    await db.transaction().execute((trx) => trx.insertInto('item').values({ name: 'alone', parent_id: null }).execute());
    expect(committedNames()).toEqual(['alone']);
  });

  it('a member that fails is rolled back alone; the rest of its batch commits', async () => {
    const results = await Promise.allSettled(
      ['a', 'b', 'c'].map((name) =>
        db.transaction().execute(async (trx) => {
          await trx.insertInto('item').values({ name, parent_id: null }).execute();
          if (name === 'b') throw new Error('refused');
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committedNames()).toEqual(['a', 'c']);
  });

  it('when SQLite drops the shared transaction, every member still waiting fails and nothing of theirs remains', async () => {
    await db.transaction().execute((trx) => trx.insertInto('item').values({ name: 'taken', parent_id: null }).execute());
    const results = await Promise.allSettled([
      db.transaction().execute((trx) => trx.insertInto('item').values({ name: 'innocent', parent_id: null }).execute()),
      // OR ROLLBACK: a conflict ends the whole SQLite transaction, not just the statement.
      db.transaction().execute((trx) => sql`INSERT OR ROLLBACK INTO item (name) VALUES ('taken')`.execute(trx)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(committedNames()).toEqual(['taken']);
    // The connection is usable again.
    await db.transaction().execute((trx) => trx.insertInto('item').values({ name: 'after', parent_id: null }).execute());
    expect(committedNames()).toEqual(['taken', 'after']);
  });

  it('when the shared COMMIT fails, no member is acknowledged', async () => {
    const results = await Promise.allSettled([
      db.transaction().execute((trx) => trx.insertInto('item').values({ name: 'fine', parent_id: null }).execute()),
      // A deferred foreign key is checked only at COMMIT.
      db.transaction().execute((trx) => trx.insertInto('item').values({ name: 'orphan', parent_id: 999 }).execute()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(committedNames()).toEqual([]);
    await db.transaction().execute((trx) => trx.insertInto('item').values({ name: 'retry', parent_id: null }).execute());
    expect(committedNames()).toEqual(['retry']);
  });

  it('a write outside any transaction commits the waiting batch first and is itself committed when it returns', async () => {
    const pending = db.transaction().execute((trx) => trx.insertInto('item').values({ name: 'member', parent_id: null }).execute());
    // Queued behind the member in the same turn: the member has finished but its batch is still open.
    await db.insertInto('item').values({ name: 'plain', parent_id: null }).execute();
    expect(committedNames()).toEqual(['member', 'plain']);
    await pending;
  });

  it('closing the database commits a batch still waiting', async () => {
    const pending = db.transaction().execute((trx) => trx.insertInto('item').values({ name: 'last', parent_id: null }).execute());
    const closing = handle.close();
    await pending;
    await closing;
    expect(committedNames()).toEqual(['last']);
    handle = openDatabase({ databaseUrl: null, sqlitePath: file });
  });
});
