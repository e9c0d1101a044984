/**
 * Server-side sessions. The table holds the SHA-256 of each token, never the token.
 */
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { SessionRow } from '../../db/schema.js';

export async function insertSession(trx: Trx, row: SessionRow): Promise<void> {
  await trx.insertInto('session').values(row).execute();
}

export async function findSession(db: DbOrTrx, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function touchSession(db: DbOrTrx, id: string, lastSeenAt: string): Promise<void> {
  await db.updateTable('session').set({ last_seen_at: lastSeenAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: DbOrTrx, id: string): Promise<void> {
  await db.deleteFrom('session').where('id', '=', id).execute();
}

export async function deleteUserSessions(db: DbOrTrx, userId: number, exceptId?: string): Promise<void> {
  let q = db.deleteFrom('session').where('user_id', '=', userId);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  await q.execute();
}

export async function deleteExpiredSessions(db: DbOrTrx, idleBefore: string, now: string): Promise<number> {
  const r = await db
    .deleteFrom('session')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('expires_at', '<', now)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
