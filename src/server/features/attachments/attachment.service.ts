/**
 * Attachments of demands and projects: upload with a type allow-list by content and a size limit, content hash,
 * storage outside the web root, downloads inside the reader's jurisdiction; every upload and download audited.
 * Also checks that the ids a form cites are this case's attachments of the right kind (R6.1).
 */
import type { UnitRef } from '../../../domain/access/roles.js';
import type { Db } from '../../db/database.js';
import type { AttachmentRow } from '../../db/schema.js';
import { AppError, type FieldError } from '../../errors.js';
import type { AccessGuard } from '../../http/access.js';
import type { RequestContext } from '../../http/context.js';
import type { AuditService } from '../audit/audit.service.js';
import { findUnit } from '../org/org.repository.js';
import { ATTACHMENT_KIND_LABELS, type AttachmentKind } from './attachment-kinds.js';
import { detectFileType, type AttachmentStorage } from './attachment-storage.js';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

export interface AttachmentView {
  readonly id: number;
  readonly ownerType: 'project' | 'demand';
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

/** A name safe to store and to send back in Content-Disposition: no path separators, no control characters. */
export function safeFilename(name: string): string {
  return [...name]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .slice(0, 200);
}

export class AttachmentService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly access: AccessGuard,
    private readonly storage: AttachmentStorage,
  ) {}

  async upload(ctx: RequestContext, owner: { type: 'project' | 'demand'; id: number }, kind: AttachmentKind, filename: string, bytes: Buffer): Promise<AttachmentView> {
    const ownerRow = await this.owner(owner);
    const community = await this.community(ownerRow.community_id);
    await this.requireOnCase(ctx, 'uploadAttachment', community);
    if (bytes.length === 0) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'file', message: '文件为空' }] });
    if (bytes.length > MAX_ATTACHMENT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
    const type = detectFileType(bytes);
    if (type === null) throw new AppError('ATTACHMENT_TYPE_REFUSED');
    const stored = await this.storage.put(bytes);
    const safeName = safeFilename(filename) || `附件.${type.extension}`;
    const row = await this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('attachment')
        .values({
          owner_type: owner.type,
          owner_id: owner.id,
          kind,
          filename: safeName,
          mime: type.mime,
          size: stored.size,
          sha256: stored.sha256,
          storage_key: stored.key,
          community_id: ownerRow.community_id,
          town_id: ownerRow.town_id,
          uploaded_by: ctx.user?.userId ?? null,
          uploaded_at: ctx.now.toISOString(),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, ctx, {
        action: 'uploadAttachment',
        target: { type: owner.type, id: owner.id, unitId: ownerRow.community_id },
        after: { attachmentId: inserted.id, kind, filename: safeName, size: stored.size, sha256: stored.sha256 },
      });
      return inserted;
    });
    return mapAttachment(row);
  }

  async list(ctx: RequestContext, owner: { type: 'project' | 'demand'; id: number }): Promise<AttachmentView[]> {
    const ownerRow = await this.owner(owner);
    await this.requireOnCase(ctx, 'viewCase', await this.community(ownerRow.community_id));
    const rows = await this.db.selectFrom('attachment').selectAll().where('owner_type', '=', owner.type).where('owner_id', '=', owner.id).orderBy('id').execute();
    return rows.map(mapAttachment);
  }

  async download(ctx: RequestContext, id: number): Promise<{ view: AttachmentView; bytes: Buffer }> {
    const row = await this.db.selectFrom('attachment').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new AppError('NOT_FOUND');
    await this.requireOnCase(ctx, 'downloadAttachment', await this.community(row.community_id));
    const bytes = await this.storage.get(row.storage_key);
    await this.audit.recordAlone(ctx, {
      action: 'downloadAttachment',
      target: { type: row.owner_type, id: row.owner_id, unitId: row.community_id },
      details: { attachmentId: row.id },
    });
    return { view: mapAttachment(row), bytes };
  }

  /** The cited ids exist, belong to this case (or the demands it came from), and are of an allowed kind. */
  async checkCitations(owners: readonly { type: 'project' | 'demand'; id: number }[], citations: readonly AttachmentCitation[]): Promise<void> {
    const ids = [...new Set(citations.flatMap((c) => c.ids))];
    if (ids.length === 0) return;
    const rows = await this.db.selectFrom('attachment').selectAll().where('id', 'in', ids).execute();
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

  private async owner(owner: { type: 'project' | 'demand'; id: number }): Promise<{ community_id: number; town_id: number }> {
    const row =
      owner.type === 'demand'
        ? await this.db.selectFrom('demand').select(['community_id', 'town_id', 'status']).where('id', '=', owner.id).executeTakeFirst()
        : await this.db.selectFrom('project').select(['community_id', 'town_id', 'status']).where('id', '=', owner.id).executeTakeFirst();
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
    const unit = await findUnit(this.db, id);
    if (unit === undefined) throw new Error(`community ${id} missing`);
    return { id: unit.id, kind: unit.kind, path: unit.path };
  }
}
