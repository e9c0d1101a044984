/**
 * Raising a need on the portal without an account (R2.1 channel “莞家政务”微信公众号, R2.2, R2.3): the checks a raise
 * passes before anything is written — consent to the personal-data notice, text without control characters, the
 * community, the per-phone limit, the human check (public-challenge.ts), each photo's size and type by content —
 * then one transaction through `CaseService.createDemand(…, 'public')`: the demand, assigned at once to its
 * community with the 24-hour receipt clock, its audit record (no user: the public), the consent's record (which
 * notice version) and the photos' rows. A refused
 * raise writes no demand, photo, deadline or outbox row; the refusal itself is audited (outcome failure, its code).
 */
import type { Channel } from '../../../domain/categories.js';
import type { DemandState } from '../../../domain/lifecycle/index.js';
import type { Transactor } from '../../db/transactor.js';
import { AppError, type FieldError } from '../../errors.js';
import type { RequestContext } from '../../http/context.js';
import { inspectUpload } from '../attachments/attachment-content.js';
import { insertAttachment } from '../attachments/attachment.repository.js';
import type { AttachmentStorage } from '../attachments/attachment-storage.js';
import type { AuditService } from '../audit/audit.service.js';
import type { CaseService, NewDemandInput } from '../cases/case.service.js';
import { findUnit } from '../org/org.repository.js';
import type { ChallengeService } from './public-challenge.js';
import { findRecentDemandTimesByPhone } from './public.repository.js';
import { MAX_RAISE_PHOTOS, PRIVACY_NOTICE_VERSION, type RaiseDemandFieldsValue } from './public-raise.schemas.js';

/** R2.1: the portal is the city's WeChat service account's page, so its needs come in by that online channel. */
export const PORTAL_CHANNEL: Channel = 'wechatGuanjia';

/** A derived title takes this many characters of the description. */
const TITLE_CHARS = 30;

const HOUR_MS = 60 * 60 * 1000;

/**
 * Characters no resident types: C0 and C1 controls (a line break and a tab excepted where line breaks are allowed)
 * and the ones that reorder or hide text (bidi overrides and isolates, zero-width characters, BOM).
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_ANYWHERE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;
// eslint-disable-next-line no-control-regex -- the same, a line break and a tab allowed
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

export interface RaisePhoto {
  readonly filename: string;
  readonly bytes: Buffer;
}

export interface RaiseLimits {
  readonly perPhonePerHour: number;
  readonly photoMaxBytes: number;
}

export interface RaiseAnswer {
  readonly trackingNumber: string;
  readonly communityName: string;
  readonly townName: string;
  readonly submittedAt: string;
  readonly photoCount: number;
  readonly receiptDueAt: string;
  readonly nextSteps: string[];
}

/** A refusal that says how long to wait (the route sends it as Retry-After). */
export class RetryLaterError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('PHONE_RATE_LIMITED', { retryAfterSeconds });
  }
}

/** A size as a resident reads it: “8 MB”, “512 KB”. */
function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.floor(bytes / (1024 * 1024))} MB` : `${Math.floor(bytes / 1024)} KB`;
}

/** The refusal of the photo at `index` (0-based) for its size. */
export function photoTooLarge(index: number, maxBytes: number): AppError {
  return new AppError('PHOTO_TOO_LARGE', { field: `photos.${index}`, maxBytes }, `第 ${index + 1} 张照片过大：每张不超过 ${sizeLabel(maxBytes)}，请压缩后再上传`);
}

/** The first characters of the description, on one line: the title when none is given. */
export function derivedTitle(description: string): string {
  const line = description.replace(/\s+/gu, ' ').trim();
  const chars = [...line];
  return chars.length <= TITLE_CHARS ? line : `${chars.slice(0, TITLE_CHARS).join('')}…`;
}

/** Field problems of the texts: control characters, or nothing left once trimmed. */
export function textProblems(fields: RaiseDemandFieldsValue): FieldError[] {
  const problems: FieldError[] = [];
  const oneLine: [string, string | undefined][] = [
    ['demand.name', fields.name],
    ['demand.location', fields.location],
    ['demand.title', fields.title],
  ];
  for (const [field, value] of oneLine) {
    if (value === undefined) continue;
    if (CONTROL_ANYWHERE.test(value)) problems.push({ field, message: '含有不可见的控制字符，请删除后重新填写' });
    else if (value.trim() === '') problems.push({ field, message: '不能只填空格' });
  }
  if (CONTROL_IN_TEXT.test(fields.description)) problems.push({ field: 'demand.description', message: '含有不可见的控制字符，请删除后重新填写' });
  else if ([...fields.description.trim()].length < 5) problems.push({ field: 'demand.description', message: '请用至少 5 个字说明诉求' });
  return problems;
}

function localTime(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 8 * HOUR_MS);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${t.getUTCMonth() + 1}月${t.getUTCDate()}日 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

export class PublicRaiseService {
  /** The raise of each phone now running, to chain the next one behind it. */
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly tx: Transactor,
    private readonly cases: CaseService,
    private readonly audit: AuditService,
    private readonly storage: AttachmentStorage,
    private readonly challenges: ChallengeService,
    private readonly limits: RaiseLimits,
  ) {}

  /** A new question of the human check. */
  challenge(now: Date): { question: string; token: string; expiresAt: string } {
    return this.challenges.issue(now);
  }

  async raise(ctx: RequestContext, fields: RaiseDemandFieldsValue, photos: readonly RaisePhoto[]): Promise<RaiseAnswer> {
    try {
      return await this.onePerPhone(fields.phone, () => this.raiseChecked(ctx, fields, photos));
    } catch (error) {
      // The lifecycle's refusals are audited by CaseService; the portal's own ones here, without the texts or phone.
      if (error instanceof AppError && !isLifecycleRefusal(error)) {
        await this.audit.recordAlone(ctx, {
          action: 'createDemand',
          outcome: 'failure',
          details: { via: 'publicPortal', code: error.code, communityId: fields.communityId, photos: photos.length },
        });
      }
      throw error;
    }
  }

  private async raiseChecked(ctx: RequestContext, fields: RaiseDemandFieldsValue, photos: readonly RaisePhoto[]): Promise<RaiseAnswer> {
    // PIPL art. 13, 17: no consent to the notice shown, nothing is collected.
    if (fields.consent?.accepted !== true) throw new AppError('CONSENT_REQUIRED');
    if (fields.consent.noticeVersion !== PRIVACY_NOTICE_VERSION) {
      throw new AppError('CONSENT_REQUIRED', { noticeVersion: PRIVACY_NOTICE_VERSION }, '个人信息收集使用告知已更新，请阅读新版本并同意后再提交');
    }
    const problems = textProblems(fields);
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', { fields: problems });
    if (photos.length > MAX_RAISE_PHOTOS) throw new AppError('TOO_MANY_PHOTOS', { max: MAX_RAISE_PHOTOS });
    const community = await findUnit(this.tx.reader, fields.communityId);
    const town = community?.town_id === null || community === undefined ? undefined : await findUnit(this.tx.reader, community.town_id);
    if (community?.kind !== 'community' || town === undefined) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'demand.communityId', message: '请选择诉求所在的村（社区）' }] });
    }
    await this.checkPhoneLimit(ctx.now, fields.phone);
    this.challenges.verify(fields.challenge.token, fields.challenge.answer, ctx.now);
    const accepted = await Promise.all(photos.map((photo, i) => this.checkPhoto(photo, i)));

    const description = fields.description.trim();
    const input: NewDemandInput = {
      communityId: community.id,
      channel: PORTAL_CHANNEL,
      proposer: { kind: 'masses', name: fields.name.trim(), phone: fields.phone },
      title: fields.title?.trim() ?? derivedTitle(description),
      description,
      location: fields.location.trim(),
    };
    const now = ctx.now.toISOString();
    const result = await this.cases.createDemand(ctx, input, null, 'public', async (trx, state) => {
      // Counted again with this demand in: of two raises by one phone at the same moment, one is refused.
      const since = new Date(ctx.now.getTime() - HOUR_MS).toISOString();
      const counted = await findRecentDemandTimesByPhone(trx, fields.phone, PORTAL_CHANNEL, since);
      if (counted.length > this.limits.perPhonePerHour) throw new RetryLaterError(60);
      // PIPL art. 14, 17: which notice the proposer consented to, and when.
      await this.audit.record(trx, ctx, {
        action: 'consentPersonalData',
        target: { type: 'demand', id: state.id, unitId: state.communityId },
        details: { via: 'publicPortal', noticeVersion: PRIVACY_NOTICE_VERSION, purpose: 'demandIntake' },
      });
      // Stored only once the lifecycle has accepted the demand, in its transaction.
      for (const [i, photo] of accepted.entries()) {
        const stored = await this.storage.put(photo.bytes);
        const row = await insertAttachment(trx, {
          owner_type: 'demand',
          owner_id: state.id,
          kind: 'photo',
          filename: photo.filename,
          mime: photo.mime,
          size: stored.size,
          sha256: stored.sha256,
          storage_key: stored.key,
          community_id: state.communityId,
          town_id: state.townId,
          uploaded_by: null,
          uploaded_at: now,
        });
        await this.audit.record(trx, ctx, {
          action: 'uploadAttachment',
          target: { type: 'demand', id: state.id, unitId: state.communityId },
          after: { attachmentId: row.id, kind: 'photo', filename: photo.filename, size: stored.size, sha256: stored.sha256, position: i + 1 },
          details: { via: 'publicPortal' },
        });
      }
    });
    return this.answer(result.state, town.name, accepted.length);
  }

  /**
   * Raises by one phone run one after the other in this process, so that the per-phone count cannot be passed by
   * sending several at once (PostgreSQL's transactions do not see each other's new rows). Across app nodes the
   * recount inside the transaction narrows what remains.
   */
  private async onePerPhone<T>(phone: string, work: () => Promise<T>): Promise<T> {
    const before = this.inFlight.get(phone) ?? Promise.resolve();
    const mine = before.then(work, work);
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.set(phone, settled);
    try {
      return await mine;
    } finally {
      if (this.inFlight.get(phone) === settled) this.inFlight.delete(phone);
    }
  }

  /** R2.2 "a few per hour per phone": counted on the demands themselves, so every node sees the same count. */
  private async checkPhoneLimit(now: Date, phone: string): Promise<void> {
    const since = new Date(now.getTime() - HOUR_MS).toISOString();
    const recent = await findRecentDemandTimesByPhone(this.tx.reader, phone, PORTAL_CHANNEL, since);
    if (recent.length < this.limits.perPhonePerHour) return;
    const oldest = recent[recent.length - this.limits.perPhonePerHour] ?? now.toISOString();
    const wait = Math.max(1, Math.ceil((new Date(oldest).getTime() + HOUR_MS - now.getTime()) / 1000));
    throw new RetryLaterError(wait);
  }

  private async checkPhoto(photo: RaisePhoto, index: number): Promise<{ filename: string; mime: string; bytes: Buffer }> {
    const field = `photos.${index}`;
    if (photo.bytes.length === 0) throw new AppError('VALIDATION_FAILED', { fields: [{ field, message: '照片文件为空' }] });
    if (photo.bytes.length > this.limits.photoMaxBytes) throw photoTooLarge(index, this.limits.photoMaxBytes);
    let checked;
    try {
      checked = await inspectUpload(photo.bytes, photo.filename);
    } catch (error) {
      if (error instanceof AppError && error.code === 'ATTACHMENT_TYPE_REFUSED') {
        throw new AppError('PHOTO_TYPE_REFUSED', { field }, `第 ${index + 1} 张照片无法使用：只接受 JPG 或 PNG 图片`);
      }
      throw error;
    }
    if (checked.type !== 'jpg' && checked.type !== 'png') {
      throw new AppError('PHOTO_TYPE_REFUSED', { field }, `第 ${index + 1} 张不是照片：只接受 JPG 或 PNG 图片`);
    }
    return { filename: checked.filename, mime: checked.mime, bytes: photo.bytes };
  }

  private answer(state: DemandState, townName: string, photoCount: number): RaiseAnswer {
    const receipt = state.deadlines.find((d) => d.step === 'receipt');
    const receiptDueAt = receipt?.due ?? state.createdAt;
    return {
      trackingNumber: state.trackingNumber,
      communityName: state.communityName,
      townName,
      submittedAt: state.createdAt,
      photoCount,
      receiptDueAt,
      nextSteps: [
        `您的诉求已交给${townName}${state.communityName}办理。`,
        `${state.communityName}将在 ${localTime(receiptDueAt)} 前受理，并把受理结果反馈给您（24小时内）。`,
        '受理后5日内，村（社区）“两委”联席会议研究处理方式，结果同样会反馈给您；办结后还会告诉您最终结果。',
        '请记下诉求编号，凭编号和手机号可随时查询办理进度。',
      ],
    };
  }
}

/** Refusals the lifecycle decided (CaseService audits those itself). */
function isLifecycleRefusal(error: AppError): boolean {
  const details = error.details;
  return typeof details === 'object' && details !== null && 'rule' in details;
}
