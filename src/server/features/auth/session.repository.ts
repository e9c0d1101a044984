/**
 * Server-side sessions. The table holds the SHA-256 of each token, never the token.
 */
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { AppUserRow, SessionRow } from '../../db/schema.js';

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

/** The session and its user in one query: the path every signed-in request takes. */
export async function findSessionWithUser(db: DbOrTrx, id: string): Promise<{ session: SessionRow; user: AppUserRow } | undefined> {
  const row = await db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .selectAll('app_user')
    .select([
      'session.id as session_id',
      'session.created_at as session_created_at',
      'session.last_seen_at as session_last_seen_at',
      'session.expires_at as session_expires_at',
      'session.ip as session_ip',
      'session.user_agent as session_user_agent',
    ])
    .where('session.id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const { session_id, session_created_at, session_last_seen_at, session_expires_at, session_ip, session_user_agent, ...user } = row;
  return {
    session: {
      id: session_id,
      user_id: user.id,
      created_at: session_created_at,
      last_seen_at: session_last_seen_at,
      expires_at: session_expires_at,
      ip: session_ip,
      user_agent: session_user_agent,
    },
    user,
  };
}
