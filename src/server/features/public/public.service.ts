/**
 * The public portal's service: reading published projects (公示 and results, R5.1, R6.6), tracking a demand with its
 * number and the proposer's phone (R2.2), raising an objection during publicity (R5.3), claiming a 莞家直达 project
 * (R5.5), the online satisfaction survey with one answer per respondent (R6.5), and the one-time survey links staff
 * hand out. Every command of the public runs through `CaseService.projectCommand(…, 'public')`, so the lifecycle
 * decides it exactly as it decides a clerk's.
 */
import { toLocalDate } from '../../../domain/calendar/index.js';
import {
  SATISFACTION_LEVELS,
  SATISFACTION_LEVEL_LABELS,
  SURVEY_QUESTIONS,
  SURVEY_QUESTION_LABELS,
  type SatisfactionLevel,
  type SurveyQuestion,
} from '../../../domain/forms/survey.js';
import { findTransition, nextRecordId, PROJECT_TRANSITIONS, publicProjectView, type ClaimantKind, type ProjectCommand, type ProjectState } from '../../../domain/lifecycle/index.js';
import type { Transactor, Tx } from '../../db/transactor.js';
import type { ProjectRow } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { RequestContext } from '../../http/context.js';
import type { AttachmentService } from '../attachments/attachment.service.js';
import { publishableImage } from '../attachments/image-publication.js';
import type { AuditService } from '../audit/audit.service.js';
import { parseDemand, parseProject } from '../cases/case.repository.js';
import type { CaseService } from '../cases/case.service.js';
import { mapPublicProject, mapTracking, objectionOpen, publicText, surveyOpen, type PublicProjectItem, type TrackingView } from './public.mapper.js';
import {
  consumeToken,
  findDemandByTrackingNumber,
  findPortalFeedbacks,
  findProjectById,
  findPublishedProject,
  findToken,
  findUnusedToken,
  insertOnlineResponse,
  insertSurveyTokens,
  listPublishedProjects,
  type PublicListQuery,
} from './public.repository.js';
import { constantTimeEqual, newSurveyToken, sha256Hex, tokenRespondentKey, type RespondentKeys } from './respondent-key.js';

/** At most this many links per request (the route's schema says the same). */
export const MAX_SURVEY_TOKENS = 500;

/** A published photo's longer side, in pixels: sharp on a phone, light on its data plan. */
export const PHOTO_MAX_EDGE = 1280;

/** Compared against when no demand matches, so that a wrong number costs the same time as a wrong phone. */
const NO_PHONE = '00000000000';

export interface ObjectionInput {
  readonly text: string;
  readonly name: string | null;
  readonly phone: string | null;
}

export interface ClaimInput {
  readonly claimant: { readonly kind: ClaimantKind; readonly name: string; readonly contactName: string; readonly contactPhone: string };
  readonly note: string;
}

export interface SurveyAnswerInput {
  readonly token: string | null;
  readonly phone: string | null;
  readonly answers: Readonly<Partial<Record<SurveyQuestion, SatisfactionLevel>>>;
  readonly suggestion: string | null;
  readonly signature: string | null;
}

export interface Questionnaire {
  readonly projectId: number;
  readonly projectName: string;
  readonly communityName: string;
  /** Whether answers are being accepted now (R6.2 / R6.3). */
  readonly open: boolean;
  readonly questions: { readonly key: SurveyQuestion; readonly label: string; readonly required: boolean }[];
  readonly levels: { readonly key: SatisfactionLevel; readonly label: string }[];
}

export interface IssuedToken {
  readonly token: string;
  readonly link: string;
}

function digits(phone: string): string {
  return phone.replace(/\D/g, '');
}

/**
 * The public reads no version: a command that lost a race with another submission is run once more on the state
 * the winner left (VERSION_CONFLICT), with its ids allocated afresh.
 */
async function retryOnConflict<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof AppError && error.code === 'VERSION_CONFLICT') return run();
    throw error;
  }
}

export class PublicService {
  constructor(
    private readonly tx: Transactor,
    private readonly cases: CaseService,
    private readonly audit: AuditService,
    private readonly respondents: RespondentKeys,
    private readonly attachments: AttachmentService,
  ) {}

  // ------------------------------------------------------------------------------------------------ reading

  async listProjects(ctx: RequestContext, q: PublicListQuery): Promise<{ total: number; items: PublicProjectItem[] }> {
    const { total, rows } = await listPublishedProjects(this.tx.reader, q);
    return { total, items: rows.map((r) => mapPublicProject(parseProject(r).state, ctx.now)) };
  }

  async getProject(ctx: RequestContext, id: number): Promise<PublicProjectItem> {
    return mapPublicProject((await this.published(id)).state, ctx.now);
  }

  /**
   * R6.6 the n-th photo (from 1) of a closed project's 结项表 (项目成效), as the results page shows it: upright, at most
   * PHOTO_MAX_EDGE pixels on its longer side, without metadata. Not found before the project is closed, as its
   * results are not public until then.
   */
  async resultPhoto(projectId: number, n: number): Promise<{ mime: 'image/jpeg' | 'image/png'; etag: string; read: () => Promise<Buffer> }> {
    const { state } = await this.published(projectId);
    const id = state.closedAt === null ? undefined : state.closure?.form.photoAttachmentIds[n - 1];
    if (id === undefined) throw new AppError('NOT_FOUND');
    const owners = [{ type: 'project' as const, id: projectId }, ...state.demandIds.map((d) => ({ type: 'demand' as const, id: d }))];
    const image = await this.attachments.publishedImage(owners, id);
    return {
      mime: image.mime,
      etag: `"${image.sha256.slice(0, 32)}-${PHOTO_MAX_EDGE}"`,
      read: async () => publishableImage(await image.read(), image.mime, PHOTO_MAX_EDGE),
    };
  }

  /**
   * R2.2 the proposer follows the demand with its tracking number and the phone given when it was entered. Any
   * mismatch is the same 404, in the same time; the failure is audited without the number or the phone.
   */
  async track(ctx: RequestContext, trackingNumber: string, phone: string): Promise<TrackingView> {
    const row = await findDemandByTrackingNumber(this.tx.reader, trackingNumber.trim().toUpperCase());
    const stored = row?.proposer_phone ?? null;
    const phoneMatches = constantTimeEqual(digits(phone), digits(stored ?? NO_PHONE));
    if (row === undefined || stored === null || !phoneMatches) {
      await this.audit.recordAlone(ctx, { action: 'trackDemand', outcome: 'failure', details: { code: 'TRACKING_NOT_FOUND' } });
      throw new AppError('TRACKING_NOT_FOUND');
    }
    const { state } = parseDemand(row);
    const projectRow = row.project_id === null ? undefined : await findProjectById(this.tx.reader, row.project_id);
    const project = projectRow === undefined ? null : parseProject(projectRow).state;
    return mapTracking(state, project, await findPortalFeedbacks(this.tx.reader, row.id), row.updated_at, ctx.now, projectRow?.published === 1);
  }

  // ------------------------------------------------------------------------------------------------ participation

  /** R5.3 anyone may object while the project is in publicity; the objector's name and phone are optional. */
  async raiseObjection(ctx: RequestContext, projectId: number, input: ObjectionInput): Promise<{ objectionId: number; project: PublicProjectItem }> {
    const { state } = await this.published(projectId);
    if (!objectionOpen(state, ctx.now)) {
      throw new AppError('INVALID_STATE', { rule: 'R5.3' }, '异议须在公示期内提出，该项目当前不在公示期');
    }
    return retryOnConflict(async () => {
      const { state: current, version } = await this.published(projectId);
      const objectionId = nextRecordId(current.objections);
      const command: ProjectCommand = { type: 'raiseObjection', objectionId, text: input.text, raisedByName: input.name, contactPhone: input.phone };
      const result = await this.cases.projectCommand(ctx, projectId, version, command, 'public');
      return { objectionId, project: mapPublicProject(result.state, ctx.now) };
    });
  }

  /** R5.5 an enterprise, a social organization or an individual claims a 莞家直达 project. */
  async claimProject(ctx: RequestContext, projectId: number, input: ClaimInput): Promise<{ claimId: number; project: PublicProjectItem }> {
    await this.published(projectId);
    return retryOnConflict(async () => {
      const { state: current, version } = await this.published(projectId);
      const claimId = nextRecordId(current.claims);
      const command: ProjectCommand = { type: 'claimProject', claimId, claimant: input.claimant, note: input.note };
      const result = await this.cases.projectCommand(ctx, projectId, version, command, 'public');
      return { claimId, project: mapPublicProject(result.state, ctx.now) };
    });
  }

  // ------------------------------------------------------------------------------------------------ survey

  async questionnaire(projectId: number): Promise<Questionnaire> {
    const { state } = await this.published(projectId);
    return questionnaireOf(state);
  }

  /** The page behind a one-time link: the questionnaire of the link's project, if the link is still unused. */
  async questionnaireForToken(token: string): Promise<Questionnaire> {
    const row = await findToken(this.tx.reader, sha256Hex(token));
    if (row === undefined || row.used_at !== null) throw new AppError('SURVEY_TOKEN_INVALID');
    return this.questionnaire(row.project_id);
  }

  /**
   * R6.5 one answer sheet per respondent: a one-time link token, or a phone number kept only as an HMAC. The row in
   * survey_response (unique per project and respondent, which settles concurrent answers) and the lifecycle's
   * `submitSurveyResponse` are written in one transaction: if either refuses, nothing is kept.
   */
  async submitSurvey(ctx: RequestContext, projectId: number, input: SurveyAnswerInput): Promise<{ projectId: number; answeredOn: string }> {
    if ((input.token === null) === (input.phone === null)) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'token', message: '请通过测评链接填写，或填写手机号（二者选一）' }] });
    }
    await this.published(projectId);
    const tokenHash = input.token === null ? null : sha256Hex(input.token);
    const respondentKey = tokenHash !== null ? tokenRespondentKey(tokenHash) : this.respondents.phoneKey(input.phone ?? '');
    const answeredOn = toLocalDate(ctx.now);
    const response = { answers: input.answers, suggestions: input.suggestion, signature: input.signature, date: answeredOn, respondentKey };
    await retryOnConflict(async () => {
      if (tokenHash !== null && (await findUnusedToken(this.tx.reader, projectId, tokenHash)) === undefined) throw new AppError('SURVEY_TOKEN_INVALID');
      const keep = async (trx: Tx): Promise<void> => {
        const now = ctx.now.toISOString();
        if (tokenHash !== null && !(await consumeToken(trx, projectId, tokenHash, now))) throw new AppError('SURVEY_TOKEN_INVALID');
        const inserted = await insertOnlineResponse(trx, {
          projectId,
          respondentKey,
          answersJson: JSON.stringify(input.answers),
          suggestion: input.suggestion,
          signature: input.signature,
          answeredOn,
          now,
        });
        if (!inserted) throw new AppError('DUPLICATE_RESPONSE', { rule: 'R6.5' });
      };
      await this.cases.projectCommand(ctx, projectId, null, { type: 'submitSurveyResponse', response }, 'public', keep);
    });
    return { projectId, answeredOn };
  }

  /**
   * One-time survey links, handed out by whoever runs the survey at this stage (R6.2 the community before filing a
   * small-path project, R6.3 the town after receiving the 结项表): the same people who key in paper sheets. Only
   * the tokens' SHA-256 is stored; the tokens themselves are shown this once.
   */
  async issueSurveyTokens(ctx: RequestContext, projectId: number, count: number): Promise<{ projectId: number; tokens: IssuedToken[] }> {
    if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SURVEY_TOKENS) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'count', message: `一次可生成 1–${MAX_SURVEY_TOKENS} 个测评链接` }] });
    }
    const row = await this.cases.loadProjectRow(projectId);
    await this.cases.requireOnCommunity(ctx, 'recordPaperSurvey', row.community_id);
    const { state } = parseProject(row);
    if (!surveyOpen(state)) throw new AppError('SURVEY_NOT_OPEN', { rule: state.path === 'small' ? 'R6.2' : 'R6.3' });
    const role = ctx.user?.role;
    const transition = findTransition(PROJECT_TRANSITIONS, state.status, 'recordPaperSurvey');
    if (role === undefined || transition === undefined || !transition.roles.includes(role)) {
      const message = state.status === 'surveying' ? '5万元以上项目由镇（街道）开展满意度测评' : '5万元以下项目由村（社区）开展满意度测评';
      throw new AppError('FORBIDDEN_ROLE', { action: 'recordPaperSurvey', rule: state.status === 'surveying' ? 'R6.3' : 'R6.2' }, message);
    }
    const tokens = Array.from({ length: count }, () => newSurveyToken());
    await this.tx.run(async (trx) => {
      await insertSurveyTokens(trx, projectId, tokens.map(sha256Hex), ctx.now.toISOString());
      await this.audit.record(trx, ctx, {
        action: 'issueSurveyTokens',
        target: { type: 'project', id: projectId, unitId: row.community_id },
        details: { count },
      });
    });
    return { projectId, tokens: tokens.map((token) => ({ token, link: `/survey/${token}` })) };
  }

  // ------------------------------------------------------------------------------------------------ internals

  /** A project the public may see: published, else 404 whether it does not exist or is not publicized yet (R0.8). */
  private async published(id: number): Promise<{ row: ProjectRow; state: ProjectState; version: number }> {
    const row = await findPublishedProject(this.tx.reader, id);
    if (row === undefined) throw new AppError('NOT_FOUND');
    const { state, version } = parseProject(row);
    return { row, state, version };
  }
}

export function questionnaireOf(state: ProjectState): Questionnaire {
  const view = publicProjectView(state);
  return {
    projectId: state.id,
    projectName: publicText(view.name, []),
    communityName: view.communityName,
    open: surveyOpen(state),
    questions: SURVEY_QUESTIONS.map((key) => ({ key, label: SURVEY_QUESTION_LABELS[key], required: key === 'overall' })),
    levels: SATISFACTION_LEVELS.map((key) => ({ key, label: SATISFACTION_LEVEL_LABELS[key] })),
  };
}
