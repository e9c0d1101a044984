/**
 * issued_document (migration 0005): the documents issued from a project, their editions and where their bytes are.
 */
import type { Insertable } from 'kysely';
import type { Reader, Tx } from '../../db/transactor.js';
import type { IssuedDocumentRow, IssuedDocumentTable } from '../../db/schema.js';

/** A project's issued documents, newest edition first. */
export async function listIssuedDocuments(db: Reader, projectId: number): Promise<IssuedDocumentRow[]> {
  return db.selectFrom('issued_document').selectAll().where('project_id', '=', projectId).orderBy('edition', 'desc').orderBy('id', 'desc').execute();
}

export async function findIssuedDocument(db: Reader, id: number): Promise<IssuedDocumentRow | undefined> {
  return db.selectFrom('issued_document').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The last edition of a project's form (any format), or undefined before the first. */
export async function findLastEdition(db: Reader, projectId: number, form: string): Promise<Pick<IssuedDocumentRow, 'edition' | 'content_sha256' | 'issued_at'> | undefined> {
  return db
    .selectFrom('issued_document')
    .select(['edition', 'content_sha256', 'issued_at'])
    .where('project_id', '=', projectId)
    .where('form', '=', form)
    .orderBy('edition', 'desc')
    .orderBy('id', 'asc')
    .executeTakeFirst();
}

export async function findEditionFile(db: Reader, projectId: number, form: string, edition: number, format: string): Promise<IssuedDocumentRow | undefined> {
  return db
    .selectFrom('issued_document')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('form', '=', form)
    .where('edition', '=', edition)
    .where('format', '=', format)
    .executeTakeFirst();
}

/** Inserts the row; false when another request issued the same edition and format first (the unique key). */
export async function insertIssuedDocument(trx: Tx, row: Insertable<IssuedDocumentTable>): Promise<number | null> {
  const inserted = await trx
    .insertInto('issued_document')
    .values(row)
    .onConflict((oc) => oc.columns(['project_id', 'form', 'edition', 'format']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id ?? null;
}

/** The display names of the accounts that issued documents. */
export async function userNamesById(db: Reader, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
