/**
 * Attachments of demands and projects: upload with a type allow-list by content, the structure of that type checked
 * and the name's extension agreeing with it (attachment-content.ts), a size limit, content hash, storage outside the
 * web root (a shared directory or an S3 bucket, attachment-storage.ts), downloads inside the reader's jurisdiction;
 * every upload and download audited. A row whose bytes are gone is ATTACHMENT_FILE_MISSING, never a 500.
 * Also checks that the ids a form cites are this case's attachments of the right kind (R6.1).
 */
import type { UnitRef } from '../../../domain/access/roles.js';
import type { Transactor } from '../../db/transactor.js';
import type { AttachmentRow } from '../../db/schema.js';
import { AppError, type FieldError } from '../../errors.js';
import type { AccessGuard } from '../../http/access.js';
import type { RequestContext } from '../../http/context.js';
import type { AuditService } from '../audit/audit.service.js';
import { findUnit } from '../org/org.repository.js';
import {
  findAttachment,
  findAttachmentsByIds,
  findNewestAttachment,
  findOwnerPlace,
  insertAttachment,
  listAttachmentsOf,
  type AttachmentOwner,
  type AttachmentOwnerType,
} from './attachment.repository.js';
import { ATTACHMENT_KIND_LABELS, type AttachmentKind } from '../../../domain/attachment-kinds.js';
import { inspectUpload } from './attachment-content.js';
import { AttachmentFileMissingError, AttachmentStoreUnavailableError, type AttachmentStorage } from './attachment-storage.js';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface AttachmentView {
  readonly id: number;
  readonly ownerType: AttachmentOwnerType;
  readonly ownerId: number;
  readonly kind: AttachmentKind;
  readonly kindLabel: string;
  readonly filename: string;
  readonly mime: string;
  readonly size: number;
  readonly sha256: string;
  readonly uploadedAt: string;
}

export function mapAttachment(row: AttachmentRow): AttachmentView {
  const kind = row.kind as AttachmentKind;
  return {
    id: row.id,
    ownerType: row.owner_type,
    ownerId: row.owner_id,
    kind,
    kindLabel: ATTACHMENT_KIND_LABELS[kind],
    filename: row.filename,
    mime: row.mime,
    size: row.size,
    sha256: row.sha256,
    uploadedAt: row.uploaded_at,
  };
}

/** A form's citation of attachments: the field, the ids, the kinds they may be. */
export interface AttachmentCitation {
  readonly field: string;
  readonly ids: readonly number[];
  readonly kinds: readonly AttachmentKind[];
}

export class AttachmentService {
  constructor(
    private readonly tx: Transactor,
    private readonly audit: AuditService,
    private readonly access: AccessGuard,
    private readonly storage: AttachmentStorage,
  ) {}

  async upload(ctx: RequestContext, owner: AttachmentOwner, kind: AttachmentKind, filename: string, bytes: Buffer): Promise<AttachmentView> {
    const ownerRow = await this.owner(owner);
    const community = await this.community(ownerRow.community_id);
    await this.requireOnCase(ctx, 'uploadAttachment', community);
    if (bytes.length === 0) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'file', message: '文件为空' }] });
    if (bytes.length > MAX_ATTACHMENT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
    const accepted = await inspectUpload(bytes, filename);
    const safeName = accepted.filename;
    const stored = await this.store(() => this.storage.put(bytes));
    const row = await this.tx.run(async (trx) => {
      const inserted = await insertAttachment(trx, {
        owner_type: owner.type,
        owner_id: owner.id,
        kind,
        filename: safeName,
        mime: accepted.mime,
        size: stored.size,
        sha256: stored.sha256,
        storage_key: stored.key,
        community_id: ownerRow.community_id,
        town_id: ownerRow.town_id,
        uploaded_by: ctx.user?.userId ?? null,
        uploaded_at: ctx.now.toISOString(),
      });
      await this.audit.record(trx, ctx, {
        action: 'uploadAttachment',
        target: { type: owner.type, id: owner.id, unitId: ownerRow.community_id },
        after: { attachmentId: inserted.id, kind, filename: safeName, size: stored.size, sha256: stored.sha256 },
      });
      return inserted;
    });
    return mapAttachment(row);
  }

  async list(ctx: RequestContext, owner: AttachmentOwner): Promise<AttachmentView[]> {
    const ownerRow = await this.owner(owner);
    await this.requireOnCase(ctx, 'viewCase', await this.community(ownerRow.community_id));
    const rows = await listAttachmentsOf(this.tx.reader, owner);
    return rows.map(mapAttachment);
  }

  async download(ctx: RequestContext, id: number): Promise<{ view: AttachmentView; bytes: Buffer }> {
    const row = await findAttachment(this.tx.reader, id);
    if (row === undefined) throw new AppError('NOT_FOUND');
    await this.requireOnCase(ctx, 'downloadAttachment', await this.community(row.community_id));
    let bytes: Buffer;
    try {
      bytes = await this.store(() => this.storage.get(row.storage_key));
    } catch (err) {
      if (err instanceof AppError && err.code === 'ATTACHMENT_FILE_MISSING') {
        // Recorded, so that the administrators learn of it from the audit log and not only from the user.
        await this.audit.recordAlone(ctx, {
          action: 'downloadAttachment',
          target: { type: row.owner_type, id: row.owner_id, unitId: row.community_id },
          outcome: 'failure',
          details: { attachmentId: row.id, reason: 'fileMissing' },
        });
        throw new AppError('ATTACHMENT_FILE_MISSING', { attachmentId: row.id });
      }
      throw err;
    }
    await this.audit.recordAlone(ctx, {
      action: 'downloadAttachment',
      target: { type: row.owner_type, id: row.owner_id, unitId: row.community_id },
      details: { attachmentId: row.id },
    });
    return { view: mapAttachment(row), bytes };
  }

  /**
   * The bytes of an attachment that a case publishes (the 结项表's photos of a closed project, R6.6), for the public
   * or a document: the caller has decided that the case publishes it; here only that it is an image of the case (the
   * project or the demands it answers, R2.6).
   * Not audited per read: it is public content, like the project page it belongs to.
   */
  async publishedImage(
    owners: readonly { readonly type: 'project' | 'demand'; readonly id: number }[],
    attachmentId: number,
  ): Promise<{ mime: 'image/jpeg' | 'image/png'; sha256: string; filename: string; read: () => Promise<Buffer> }> {
    const row = await findAttachment(this.tx.reader, attachmentId);
    const owned = row !== undefined && owners.some((o) => o.type === row.owner_type && o.id === row.owner_id);
    if (row === undefined || !owned || (row.mime !== 'image/jpeg' && row.mime !== 'image/png')) throw new AppError('NOT_FOUND');
    return { mime: row.mime, sha256: row.sha256, filename: row.filename, read: () => this.store(() => this.storage.get(row.storage_key)) };
  }

  /**
   * At start-up: the store is reachable and writable, and it holds the newest attachment's bytes. A node whose store
   * lacks them is most likely not looking at the storage the other nodes write to; the warning says so.
   */
  async checkStorage(): Promise<{ warning: string | null }> {
    await this.storage.check();
    const newest = await findNewestAttachment(this.tx.reader);
    if (newest === undefined || (await this.storage.has(newest.storage_key))) return { warning: null };
    return {
      warning: `附件存储（${this.storage.description}）中找不到最新附件 ${newest.id} 的文件：若有多个节点，请确认各节点的 ATTACHMENT_DIR 指向同一共享目录或同一 S3 存储桶`,
    };
  }

  /** Runs a store operation, turning its failures into catalogued errors. */
  private async store<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      if (err instanceof AttachmentFileMissingError) throw new AppError('ATTACHMENT_FILE_MISSING', null);
      if (err instanceof AttachmentStoreUnavailableError) {
        throw Object.assign(new AppError('ATTACHMENT_STORE_UNAVAILABLE'), { cause: err });
      }
      throw err;
    }
  }

  /** The cited ids exist, belong to this case (or the demands it came from), and are of an allowed kind. */
  async checkCitations(owners: readonly { type: 'project' | 'demand'; id: number }[], citations: readonly AttachmentCitation[]): Promise<void> {
    const ids = [...new Set(citations.flatMap((c) => c.ids))];
    if (ids.length === 0) return;
    const rows = await findAttachmentsByIds(this.tx.reader, ids);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const problems: FieldError[] = [];
    for (const c of citations) {
      for (const id of c.ids) {
        const row = byId.get(id);
        if (row === undefined || !owners.some((o) => o.type === row.owner_type && o.id === row.owner_id)) {
          problems.push({ field: c.field, message: `附件 ${id} 不属于本案件` });
        } else if (!c.kinds.includes(row.kind as AttachmentKind)) {
          problems.push({ field: c.field, message: `附件 ${id} 应为“${c.kinds.map((k) => ATTACHMENT_KIND_LABELS[k]).join('”或“')}”` });
        }
      }
    }
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { fields: problems });
  }

  private async owner(owner: AttachmentOwner): Promise<{ community_id: number; town_id: number }> {
    const row = await findOwnerPlace(this.tx.reader, owner);
    if (row === undefined || row.status === 'reserved') throw new AppError('NOT_FOUND');
    return row;
  }

  /** R0.8 a case (or its attachment) outside the actor's jurisdiction answers as a missing one; the denial is audited. */
  private async requireOnCase(ctx: RequestContext, action: 'uploadAttachment' | 'viewCase' | 'downloadAttachment', community: UnitRef & { id: number }): Promise<void> {
    try {
      await this.access.require(ctx, action, community);
    } catch (err) {
      if (err instanceof AppError && err.code === 'FORBIDDEN_SCOPE') throw new AppError('NOT_FOUND');
      throw err;
    }
  }

  private async community(id: number): Promise<UnitRef & { id: number }> {
    const unit = await findUnit(this.tx.reader, id);
    if (unit === undefined) throw new Error(`community ${id} missing`);
    return { id: unit.id, kind: unit.kind, path: unit.path };
  }
}
