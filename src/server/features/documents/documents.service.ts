/**
 * A project's official documents (issue: 登记备案表 附件1, 结项表 附件2, 满意度测评情况 and the 附件3 sheets): built
 * from the project's state by the domain's builders and rendered as PDF or Word.
 *
 * - Reading one (`render`): whoever may read the case (R0.8, its jurisdiction first), masked as the case page
 *   masks it for the reader's role; audited as `exportDocument`, never stored.
 * - Issuing one (`issue`, 出具: printed for stamping, posted, filed): the community's and the town's staff. The
 *   exact bytes are kept in the attachment store with their SHA-256, the project's version and the fingerprint of
 *   the form's content. The same content is the same edition — issued again, the kept file comes back, and the other
 *   format of it is made with the edition's own date, so both say the same —; changed content is the next edition.
 *   Audited as `issueDocument`.
 * - Showing an issued one again (`issued`): the kept bytes, to those who see personal data in full (what was printed
 *   holds it unmasked); the others read the list and may render the current form masked.
 * - The survey's sheets (`surveySheets`): N one-time links issued (R6.5) and printed one 附件3 page each.
 */
import { createHash } from 'node:crypto';
import { surveySheetsDocument, DocumentUnavailableError, type ClosurePhoto, type FormDocument } from '../../../domain/documents/index.js';
import type { ProjectState } from '../../../domain/lifecycle/index.js';
import type { Transactor } from '../../db/transactor.js';
import type { IssuedDocumentRow, ProjectRow } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { RequestContext } from '../../http/context.js';
import { seesPersonalData } from '../../http/masking.js';
import { listAttachmentsOf } from '../attachments/attachment.repository.js';
import type { AttachmentService } from '../attachments/attachment.service.js';
import type { AttachmentStorage } from '../attachments/attachment-storage.js';
import { publishableImage } from '../attachments/image-publication.js';
import type { AuditService } from '../audit/audit.service.js';
import { personalNamesOf } from '../cases/case.mapper.js';
import { parseProject, projectCode } from '../cases/case.repository.js';
import type { CaseService } from '../cases/case.service.js';
import type { UnitDirectory } from '../org/unit-directory.js';
import type { PublicService } from '../public/public.service.js';
import {
  buildDocument,
  contentFingerprint,
  documentFilename,
  DOCUMENT_FORM_LABELS,
  DOCUMENT_FORMS,
  DOCUMENT_MIMES,
  maskDocument,
  renderDocument,
  unavailableReason,
  type DocumentForm,
  type DocumentFormat,
} from './document-forms.js';
import { findEditionFile, findIssuedDocument, findLastEdition, insertIssuedDocument, listIssuedDocuments, userNamesById } from './documents.repository.js';

/** A printed photo's longer side, in pixels: about 300 dpi across half an A4 page. */
export const PRINT_PHOTO_MAX_EDGE = 1600;

export interface DocumentFile {
  readonly filename: string;
  readonly ascii: string;
  readonly mime: string;
  readonly bytes: Buffer;
}

export interface IssuedDocumentView {
  readonly id: number;
  readonly form: DocumentForm;
  readonly formLabel: string;
  readonly format: DocumentFormat;
  readonly edition: number;
  readonly dataVersion: number;
  readonly filename: string;
  readonly size: number;
  readonly sha256: string;
  readonly issuedAt: string;
  readonly issuedByName: string | null;
}

export interface DocumentsView {
  readonly forms: {
    readonly form: DocumentForm;
    readonly label: string;
    readonly available: boolean;
    /** Why the form does not exist yet, in words; null when it does. */
    readonly reason: string | null;
    /** The last edition issued, or null; and whether the form's content has changed since (a new edition if issued). */
    readonly lastEdition: number | null;
    readonly changedSinceLastEdition: boolean;
  }[];
  readonly issued: IssuedDocumentView[];
  /** Whether the reader may download the issued files (they hold personal data in full). */
  readonly issuedDownloadable: boolean;
}

interface Loaded {
  readonly row: ProjectRow;
  readonly state: ProjectState;
  readonly version: number;
  readonly code: string;
  readonly name: string;
}

export class DocumentService {
  constructor(
    private readonly tx: Transactor,
    private readonly cases: CaseService,
    private readonly units: UnitDirectory,
    private readonly attachments: AttachmentService,
    private readonly storage: AttachmentStorage,
    private readonly audit: AuditService,
    private readonly publicPortal: PublicService,
  ) {}

  /** The forms the project offers at its stage, the editions issued, and what changed since the last of each. */
  async list(ctx: RequestContext, projectId: number): Promise<DocumentsView> {
    const p = await this.load(ctx, projectId, 'viewCase');
    const issuedRows = await listIssuedDocuments(this.tx.reader, projectId);
    const forms = [];
    for (const form of DOCUMENT_FORMS) {
      const reason = unavailableReason(form, p.state);
      const last = issuedRows.find((r) => r.form === form);
      let changed = false;
      if (reason === null && last !== undefined) {
        const { document, pictures } = await this.document(p, form, false);
        changed = contentFingerprint(document, pictures) !== last.content_sha256;
      }
      forms.push({ form, label: DOCUMENT_FORM_LABELS[form], available: reason === null, reason, lastEdition: last?.edition ?? null, changedSinceLastEdition: changed });
    }
    const names = await this.userNames(issuedRows.map((r) => r.issued_by));
    return { forms, issued: issuedRows.map((r) => issuedView(r, names)), issuedDownloadable: ctx.user !== null && seesPersonalData(ctx.user.role) };
  }

  /** The form as it stands, for reading or printing a draft: masked for the reader's role, not kept. */
  async render(ctx: RequestContext, projectId: number, form: DocumentForm, format: DocumentFormat): Promise<DocumentFile> {
    const p = await this.load(ctx, projectId, 'viewCase');
    const { document } = await this.document(p, form, true);
    const role = ctx.user?.role;
    const shown = role !== undefined && seesPersonalData(role) ? document : maskDocument(document, personalNamesOf(p.state));
    const bytes = await renderDocument(shown, format, ctx.now);
    await this.audit.recordAlone(ctx, {
      action: 'exportDocument',
      target: { type: 'project', id: projectId, unitId: p.row.community_id },
      details: { form, format, masked: shown !== document, sha256: sha256(bytes) },
    });
    return { ...documentFilename(form, p, format, ctx.now), mime: DOCUMENT_MIMES[format], bytes };
  }

  /** 出具: the document kept exactly as issued (see the file's comment for editions). */
  async issue(ctx: RequestContext, projectId: number, form: DocumentForm, format: DocumentFormat): Promise<{ document: IssuedDocumentView; created: boolean }> {
    const p = await this.load(ctx, projectId, 'issueDocument');
    const { document, pictures } = await this.document(p, form, true);
    const fingerprint = contentFingerprint(document, pictures);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const last = await findLastEdition(this.tx.reader, projectId, form);
      const same = last !== undefined && last.content_sha256 === fingerprint;
      const edition = same ? last.edition : (last?.edition ?? 0) + 1;
      if (same) {
        const kept = await findEditionFile(this.tx.reader, projectId, form, edition, format);
        if (kept !== undefined) return { document: issuedView(kept, await this.userNames([kept.issued_by])), created: false };
      }
      // Both formats of an edition carry the edition's own date.
      const issuedAt = same ? new Date(last.issued_at) : ctx.now;
      const bytes = await renderDocument(document, format, issuedAt);
      const stored = await this.storage.put(bytes);
      const name = documentFilename(form, p, format, issuedAt);
      const row = {
        project_id: projectId,
        form,
        format,
        edition,
        data_version: p.version,
        content_sha256: fingerprint,
        filename: name.filename,
        mime: DOCUMENT_MIMES[format],
        size: bytes.length,
        sha256: sha256(bytes),
        storage_key: stored.key,
        community_id: p.row.community_id,
        issued_by: ctx.user?.userId ?? null,
        issued_at: issuedAt.toISOString(),
      };
      const id = await this.tx.run(async (trx) => {
        const inserted = await insertIssuedDocument(trx, row);
        if (inserted === null) return null;
        await this.audit.record(trx, ctx, {
          action: 'issueDocument',
          target: { type: 'project', id: projectId, unitId: p.row.community_id },
          details: { issuedDocumentId: inserted, form, format, edition, dataVersion: p.version, sha256: row.sha256 },
        });
        return inserted;
      });
      // Another request issued this edition and format at the same moment: take what it kept.
      if (id === null) continue;
      return { document: issuedView({ ...row, id }, await this.userNames([row.issued_by])), created: true };
    }
    throw new AppError('VERSION_CONFLICT');
  }

  /** An issued document's exact bytes. */
  async issued(ctx: RequestContext, id: number): Promise<DocumentFile> {
    const row = await findIssuedDocument(this.tx.reader, id);
    if (row === undefined) throw new AppError('NOT_FOUND');
    await this.cases.requireOnCommunity(ctx, 'viewCase', row.community_id);
    if (ctx.user === null || !seesPersonalData(ctx.user.role)) {
      throw new AppError('FORBIDDEN_ROLE', { action: 'viewCase' }, '出具的文书含未脱敏的个人信息，只有村（社区）和镇（街道）工作人员可以下载；可下载当前的脱敏版本');
    }
    const bytes = await this.storage.get(row.storage_key);
    if (sha256(bytes) !== row.sha256) throw new AppError('ATTACHMENT_FILE_MISSING', { issuedDocumentId: id });
    await this.audit.recordAlone(ctx, {
      action: 'exportDocument',
      target: { type: 'project', id: row.project_id, unitId: row.community_id },
      details: { issuedDocumentId: id, form: row.form, format: row.format, edition: row.edition },
    });
    const project = await this.cases.loadProjectRow(row.project_id);
    const { state } = parseProject(project);
    const name = documentFilename(row.form as DocumentForm, { name: projectName(state), code: project.code }, row.format as DocumentFormat, new Date(row.issued_at));
    return { filename: row.filename, ascii: name.ascii, mime: row.mime, bytes };
  }

  /**
   * 附件3: `count` one-time survey links issued now (by whoever runs the survey at this stage, R6.2 / R6.3) and printed
   * one sheet each, its QR code and short link on it. The links are in this PDF only: the system keeps their hashes.
   */
  async surveySheets(ctx: RequestContext, projectId: number, count: number, origin: string): Promise<DocumentFile> {
    const p = await this.load(ctx, projectId, 'viewCase');
    const { tokens } = await this.publicPortal.issueSurveyTokens(ctx, projectId, count);
    const document = surveySheetsDocument({ projectName: p.name, sheets: tokens.map((t) => ({ token: t.token, link: new URL(t.link, origin).toString() })) });
    const bytes = await renderDocument(document, 'pdf', ctx.now);
    return { ...documentFilename('surveySheets', p, 'pdf', ctx.now), mime: DOCUMENT_MIMES.pdf, bytes };
  }

  // ------------------------------------------------------------------------------------------------ internals

  private async load(ctx: RequestContext, projectId: number, action: 'viewCase' | 'issueDocument'): Promise<Loaded> {
    const row = await this.cases.loadProjectRow(projectId);
    await this.cases.requireOnCommunity(ctx, action, row.community_id);
    const { state, version } = parseProject(row);
    return { row, state, version, code: projectCode(state), name: projectName(state) };
  }

  /**
   * The form's layout; with `withPictures` false the photos are stand-ins (no bytes read), enough for the
   * fingerprint, which takes each photo by its source's hash.
   */
  private async document(p: Loaded, form: DocumentForm, withPictures: boolean): Promise<{ document: FormDocument; pictures: Map<Uint8Array, string> }> {
    const reason = unavailableReason(form, p.state);
    if (reason !== null) throw new AppError('DOCUMENT_NOT_AVAILABLE', { form }, `${DOCUMENT_FORM_LABELS[form]}：${reason}`);
    const pictures = new Map<Uint8Array, string>();
    const photos: ClosurePhoto[] = [];
    if (form === 'closureForm') {
      const ids = p.state.closure?.form.photoAttachmentIds ?? [];
      const owners = [{ type: 'project' as const, id: p.state.id }, ...p.state.demandIds.map((id) => ({ type: 'demand' as const, id }))];
      for (const [i, id] of ids.entries()) {
        const image = await this.attachments.publishedImage(owners, id);
        const data = withPictures ? await publishableImage(await image.read(), image.mime, PRINT_PHOTO_MAX_EDGE) : new Uint8Array(0);
        pictures.set(data, `${image.sha256}-${PRINT_PHOTO_MAX_EDGE}`);
        // Captioned by the photo's file name (施工前现场照片.jpg → 施工前现场照片), or its place in the form.
        const caption = image.filename.replace(/\.[^.]*$/u, '').trim();
        photos.push({ data, mime: image.mime, caption: caption === '' || /^(IMG|DSC|image|photo)[_-]?\d*$/iu.test(caption) ? `照片${i + 1}` : caption });
      }
    }
    const onFile = form === 'closureForm' ? (await listAttachmentsOf(this.tx.reader, { type: 'project', id: p.state.id })).map((a) => a.id) : [];
    const town = await this.units.get(p.state.townId);
    try {
      const document = buildDocument(form, { state: p.state, communityName: p.state.communityName, townName: town?.name ?? '', photos, attachmentIdsOnFile: onFile });
      return { document, pictures };
    } catch (err) {
      if (err instanceof DocumentUnavailableError) throw new AppError('DOCUMENT_NOT_AVAILABLE', { form, code: err.code }, err.message);
      throw err;
    }
  }

  private async userNames(ids: readonly (number | null)[]): Promise<ReadonlyMap<number, string>> {
    return userNamesById(this.tx.reader, ids.filter((id): id is number => id !== null));
  }
}

function projectName(state: ProjectState): string {
  return state.registration?.basics.projectName ?? state.title;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function issuedView(r: Omit<IssuedDocumentRow, 'storage_key' | 'community_id' | 'project_id' | 'mime' | 'content_sha256'>, names: ReadonlyMap<number, string>): IssuedDocumentView {
  const form = r.form as DocumentForm;
  return {
    id: r.id,
    form,
    formLabel: DOCUMENT_FORM_LABELS[form],
    format: r.format as DocumentFormat,
    edition: r.edition,
    dataVersion: r.data_version,
    filename: r.filename,
    size: r.size,
    sha256: r.sha256,
    issuedAt: r.issued_at,
    issuedByName: r.issued_by === null ? null : (names.get(r.issued_by) ?? null),
  };
}

