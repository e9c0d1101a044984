/**
 * Accounts' storage. Updates carry the version they were read at (optimistic concurrency).
 */
import type { Updateable } from 'kysely';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { AppUserRow, AppUserTable } from '../../db/schema.js';
import type { Role } from '../../../domain/access/roles.js';

export async function findUserById(db: DbOrTrx, id: number): Promise<AppUserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findUserByUsername(db: DbOrTrx, username: string): Promise<AppUserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('username', '=', username.trim().toLowerCase()).executeTakeFirst();
}

export async function countUsers(db: DbOrTrx): Promise<number> {
  const r = await db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return r.n;
}

export interface UserListQuery {
  readonly scopePath: string;
  readonly role?: Role;
  readonly unitId?: number;
  readonly keyword?: string;
  readonly limit: number;
  readonly offset: number;
}

export async function listUsers(db: DbOrTrx, q: UserListQuery): Promise<{ total: number; rows: (AppUserRow & { unit_name: string; unit_path: string })[] }> {
  let query = db
    .selectFrom('app_user')
    .innerJoin('unit', 'unit.id', 'app_user.unit_id')
    .where('unit.path', 'like', `${q.scopePath}%`);
  if (q.role !== undefined) query = query.where('app_user.role', '=', q.role);
  if (q.unitId !== undefined) query = query.where('app_user.unit_id', '=', q.unitId);
  if (q.keyword !== undefined && q.keyword !== '') {
    const like = `%${q.keyword.toLowerCase()}%`;
    query = query.where((eb) => eb.or([eb('app_user.username', 'like', like), eb('app_user.display_name', 'like', like)]));
  }
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll('app_user')
    .select(['unit.name as unit_name', 'unit.path as unit_path'])
    .orderBy('app_user.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { total: total.n, rows };
}

export async function insertUser(
  trx: Trx,
  values: Omit<AppUserTable, 'id' | 'version' | 'failed_logins' | 'locked_until' | 'disabled'>,
): Promise<AppUserRow> {
  return trx.insertInto('app_user').values({ ...values, failed_logins: 0, locked_until: null, disabled: 0, version: 1 }).returningAll().executeTakeFirstOrThrow();
}

/** Applies `changes` if the row is still at `version`; returns undefined when someone else changed it first. */
export async function updateUserAtVersion(
  trx: Trx,
  id: number,
  version: number,
  changes: Updateable<AppUserTable>,
): Promise<AppUserRow | undefined> {
  return trx
    .updateTable('app_user')
    .set({ ...changes, version: version + 1 })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

/** Login bookkeeping (failure counter, lockout) is not a user edit and does not bump the version. */
export async function setLoginState(trx: Trx, id: number, failedLogins: number, lockedUntil: string | null): Promise<void> {
  await trx.updateTable('app_user').set({ failed_logins: failedLogins, locked_until: lockedUntil }).where('id', '=', id).execute();
}
