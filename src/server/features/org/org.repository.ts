/**
 * The jurisdiction tree's storage: units with their materialised paths.
 */
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { UnitRow } from '../../db/schema.js';
import type { UnitKind } from '../../../domain/access/roles.js';

export async function findUnit(db: DbOrTrx, id: number): Promise<UnitRow | undefined> {
  return db.selectFrom('unit').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCity(db: DbOrTrx): Promise<UnitRow | undefined> {
  return db.selectFrom('unit').selectAll().where('kind', '=', 'city').executeTakeFirst();
}

export async function findChildByName(db: DbOrTrx, parentId: number, name: string): Promise<UnitRow | undefined> {
  return db.selectFrom('unit').selectAll().where('parent_id', '=', parentId).where('name', '=', name).executeTakeFirst();
}

export async function findUnitsByKind(db: DbOrTrx, kind: UnitKind): Promise<UnitRow[]> {
  return db.selectFrom('unit').selectAll().where('kind', '=', kind).orderBy('id').execute();
}

export async function findUnitByCode(db: DbOrTrx, code: string): Promise<UnitRow | undefined> {
  return db.selectFrom('unit').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Every unit inside `path` (the subtree, itself included). */
export async function findSubtree(db: DbOrTrx, path: string): Promise<UnitRow[]> {
  return db.selectFrom('unit').selectAll().where('path', 'like', `${path}%`).orderBy('path').execute();
}

export async function findUnitsByIds(db: DbOrTrx, ids: readonly number[]): Promise<UnitRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('unit').selectAll().where('id', 'in', ids).execute();
}

export interface NewUnitInput {
  readonly kind: UnitKind;
  readonly subkind: string | null;
  readonly name: string;
  readonly code: string | null;
  readonly parent: UnitRow | null;
  readonly isSample: boolean;
  readonly createdAt: string;
}

export async function insertUnit(trx: Trx, input: NewUnitInput): Promise<UnitRow> {
  const inserted = await trx
    .insertInto('unit')
    .values({
      kind: input.kind,
      subkind: input.subkind,
      name: input.name,
      code: input.code,
      parent_id: input.parent?.id ?? null,
      path: '/',
      town_id: input.kind === 'town' ? null : (input.parent?.town_id ?? null),
      is_sample: input.isSample ? 1 : 0,
      created_at: input.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = inserted.id;
  const path = `${input.parent?.path ?? '/'}${id}/`;
  const townId = input.kind === 'town' ? id : (input.parent?.town_id ?? null);
  return trx
    .updateTable('unit')
    .set({ path, town_id: townId })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
