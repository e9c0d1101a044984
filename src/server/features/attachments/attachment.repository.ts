/**
 * The attachment rows: what was stored (the bytes' key, size, hash) for which case, and the case rows an upload is
 * checked against. The bytes themselves are in the attachment store (attachment-storage.ts), never in the database.
 */
import { sql } from 'kysely';
import type { AttachmentRow } from '../../db/schema.js';
import type { Reader, Tx } from '../../db/transactor.js';

export type AttachmentOwnerType = AttachmentRow['owner_type'];

export interface AttachmentOwner {
  readonly type: AttachmentOwnerType;
  readonly id: number;
}

export type NewAttachment = Omit<AttachmentRow, 'id'>;

export async function insertAttachment(trx: Tx, attachment: NewAttachment): Promise<AttachmentRow> {
  return trx.insertInto('attachment').values(attachment).returningAll().executeTakeFirstOrThrow();
}

export async function findAttachment(db: Reader, id: number): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachment').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findAttachmentsByIds(db: Reader, ids: readonly number[]): Promise<AttachmentRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('attachment').selectAll().where('id', 'in', ids).execute();
}

/** A case's attachments in upload order. */
export async function listAttachmentsOf(db: Reader, owner: AttachmentOwner): Promise<AttachmentRow[]> {
  return db.selectFrom('attachment').selectAll().where('owner_type', '=', owner.type).where('owner_id', '=', owner.id).orderBy('id').execute();
}

/** The most recently uploaded attachment, to check at start-up that the store holds its bytes. */
export async function findNewestAttachment(db: Reader): Promise<{ id: number; storage_key: string } | undefined> {
  return db.selectFrom('attachment').select(['id', 'storage_key']).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Where the case an attachment belongs to lies, and whether it exists beyond a reserved id. */
export async function findOwnerPlace(db: Reader, owner: AttachmentOwner): Promise<{ community_id: number; town_id: number; status: string } | undefined> {
  if (owner.type === 'town') {
    // A town's own files: the town is the unit that owns them and the one whose jurisdiction guards them.
    return db
      .selectFrom('unit')
      .select(['id as community_id', 'id as town_id', sql<string>`'active'`.as('status')])
      .where('id', '=', owner.id)
      .where('kind', '=', 'town')
      .executeTakeFirst();
  }
  return owner.type === 'demand'
    ? db.selectFrom('demand').select(['community_id', 'town_id', 'status']).where('id', '=', owner.id).executeTakeFirst()
    : db.selectFrom('project').select(['community_id', 'town_id', 'status']).where('id', '=', owner.id).executeTakeFirst();
}
