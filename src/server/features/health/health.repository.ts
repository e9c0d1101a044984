/**
 * The health check's one statement: the database answers.
 */
import { sql } from 'kysely';
import type { Reader } from '../../db/transactor.js';

/** Resolves when the database answers a trivial query; rejects with the driver's error otherwise. */
export async function pingDatabase(db: Reader): Promise<void> {
  await sql`select 1`.execute(db);
}
