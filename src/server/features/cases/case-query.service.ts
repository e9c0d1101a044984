/**
 * Reading cases: lists and details inside the reader's jurisdiction (R0.8), the timeline of a case from the audit
 * log with its feedbacks (R7.2: supervisors read everything in their jurisdiction, including the full timeline),
 * and the overdue steps visible to the level above.
 */
import type { UnitRef } from '../../../domain/access/roles.js';
import type { Category, Channel, HandlingMode } from '../../../domain/categories.js';
import type { ProjectFlag } from '../../../domain/lifecycle/events.js';
import { DEADLINE_SPECS, DEMAND_STATUS_LABELS, type DemandState, PROJECT_FLAG_LABELS, type ProjectState, PROJECT_STATUS_LABELS, upgradeDemandState, type DeadlineStep, type DemandStatus, type ProjectStatus } from '../../../domain/lifecycle/index.js';
import { DEFAULT_RULES_CONFIG, type RulesConfig } from '../../../domain/rules-config.js';
import type { Transactor } from '../../db/transactor.js';
import type { AttachmentRow, DeadlineRow, DemandRow } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { AccessGuard } from '../../http/access.js';
import type { AuthenticatedUser, RequestContext } from '../../http/context.js';
import { mapAuditRecord, type AuditRecordView } from '../audit/audit.service.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { maskPhoneNumber, seesPersonalData } from '../../http/masking.js';
import { displayNamesOf, findProjectLinkRow, listCaseAttachmentRows, listCaseAuditRows, listCaseFeedbackRows, listDemandLinkRows, listDemandRows, listDemandStateJson, listOpenDemandRows, listOverdueDeadlines, listProjectRows, listTownPathProjectRows, openDeadlinesOf, type ListQuery, type ListSort, type ProjectListRow, type OverdueRow, type ScopeFilter } from './case-query.repository.js';
import { mapAttachment } from '../attachments/attachment.service.js';
import { mapDemand, mapProject, maskCaseTextFor, personalNamesOf, type DemandDetail, type MapContext, type ProjectDetail } from './case.mapper.js';
import { actionLabel, describeCaseRecord } from './case-timeline.js';
import { parseDemand, parseProject } from './case.repository.js';
import type { CaseService } from './case.service.js';

/** `myOpinion` of the project list: waiting for the caller's department's opinion (R4.2), or answered by it. */
export type OpinionFilter = 'awaiting' | 'given';

export function scopeFilter(scope: UnitRef): ScopeFilter {
  switch (scope.kind) {
    case 'community':
      return { communityId: scope.id };
    case 'town':
    case 'department':
      return { townId: scope.id };
    case 'city':
    case 'bureau':
      return {};
  }
}

export function stepLabel(step: string): string {
  return step in DEADLINE_SPECS ? DEADLINE_SPECS[step as DeadlineStep].label : step;
}

export interface NextDeadline {
  readonly step: string;
  readonly label: string;
  readonly due: string;
  readonly overdue: boolean;
  readonly provisional: boolean;
}

export interface CaseListItem {
  readonly id: number;
  readonly number: string;
  readonly title: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly communityId: number;
  readonly communityName: string;
  readonly townId: number;
  readonly budgetFen: number | null;
  readonly flags: { flag: string; label: string }[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  readonly nextDeadline: NextDeadline | null;
}

export interface TimelineItem {
  readonly at: string;
  readonly action: string;
  readonly actionLabel: string;
  readonly actor: string | null;
  /** Who acted, as people read it: the staff member's name, 系统 or 群众（线上）. */
  readonly actorName: string;
  readonly role: string | null;
  readonly outcome: string;
  /** What changed, in Chinese, masked for the reader (case-timeline.ts). */
  readonly summary: string;
}

/** The filters and order of GET /api/demands (and its export), as the route's query gives them. */
export interface DemandListInput {
  readonly status?: readonly string[] | undefined;
  readonly townId?: number | undefined;
  readonly communityId?: number | undefined;
  readonly keyword?: string | undefined;
  readonly year?: number | undefined;
  /** Local dates (Asia/Shanghai, R0.2), both included. */
  readonly createdFrom?: string | undefined;
  readonly createdTo?: string | undefined;
  readonly overdue?: boolean | undefined;
  readonly channel?: readonly Channel[] | undefined;
  readonly sort?: 'createdAt' | 'nextDeadline' | 'number' | undefined;
  readonly order?: 'asc' | 'desc' | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** The filters and order of GET /api/projects (and its export). */
export interface ProjectListInput extends Omit<DemandListInput, 'channel' | 'sort'> {
  readonly category?: Category | undefined;
  readonly handlingMode?: readonly HandlingMode[] | undefined;
  readonly flag?: readonly ProjectFlag[] | undefined;
  readonly myOpinion?: OpinionFilter | undefined;
  readonly sort?: ListSort | undefined;
}

/** The first instant of a local date in Asia/Shanghai (UTC+8 all year, R0.2); null for a date that does not exist. */
export function shanghaiDayStart(date: string): string | null {
  const at = new Date(`${date}T00:00:00.000+08:00`);
  if (Number.isNaN(at.getTime())) return null;
  // 2026-02-30 parses as 2026-03-02: a date is real only if it comes back as written.
  const back = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  return back === date ? at.toISOString() : null;
}

function nextDayStart(date: string): string | null {
  const start = shanghaiDayStart(date);
  return start === null ? null : new Date(Date.parse(start) + 86_400_000).toISOString();
}

const latest = (values: readonly (string | undefined)[]): string | undefined => values.filter((v) => v !== undefined).sort().at(-1);
const earliest = (values: readonly (string | undefined)[]): string | undefined => values.filter((v) => v !== undefined).sort()[0];

/**
 * The list's query as the repository reads it: local dates as instants (the range includes both days), a demand's
 * year as the range of its entry time, `overdue` as the instant steps are compared with. A date that does not exist
 * or a range that ends before it starts is refused in Chinese.
 */
export function listFilters(kind: 'demand' | 'project', q: DemandListInput | ProjectListInput, now: Date): Omit<ListQuery, 'scope'> {
  const fields: { field: string; message: string }[] = [];
  const from = q.createdFrom === undefined ? undefined : shanghaiDayStart(q.createdFrom);
  const to = q.createdTo === undefined ? undefined : nextDayStart(q.createdTo);
  if (from === null) fields.push({ field: 'createdFrom', message: '开始日期不存在' });
  if (to === null) fields.push({ field: 'createdTo', message: '结束日期不存在' });
  if (typeof from === 'string' && typeof to === 'string' && from >= to) fields.push({ field: 'createdTo', message: '结束日期不能早于开始日期' });
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', { fields }, '筛选的日期范围不正确');
  const yearFrom = kind === 'demand' && q.year !== undefined ? (shanghaiDayStart(`${q.year}-01-01`) ?? undefined) : undefined;
  const yearTo = kind === 'demand' && q.year !== undefined ? (shanghaiDayStart(`${q.year + 1}-01-01`) ?? undefined) : undefined;
  const project = kind === 'project' ? (q as ProjectListInput) : null;
  return {
    status: q.status,
    townId: q.townId,
    communityId: q.communityId,
    keyword: q.keyword,
    createdFrom: latest([from ?? undefined, yearFrom]),
    createdBefore: earliest([to ?? undefined, yearTo]),
    overdueAt: q.overdue === true ? now.toISOString() : undefined,
    channel: kind === 'demand' ? (q as DemandListInput).channel : undefined,
    year: project?.year,
    category: project?.category,
    handlingMode: project?.handlingMode,
    flag: project?.flag,
    sort: q.sort,
    order: q.order,
    limit: q.limit,
    offset: q.offset,
  };
}

/** Who acted, as the history tells it: a staff member by name, the system's own steps and the public in words. */
function actorName(actor: AuditRecordView['actor'], staff: ReadonlyMap<string, string>): string {
  const name = actor.username === null ? undefined : staff.get(actor.username);
  if (name !== undefined) return name;
  if (actor.role === 'public') return '群众（线上）';
  if (actor.role === 'system' || actor.username === null || actor.username === 'system') return '系统';
  return actor.username;
}

export class CaseQueryService {
  constructor(
    private readonly tx: Transactor,
    private readonly access: AccessGuard,
    private readonly calendar: CalendarService,
    private readonly cases: CaseService,
    private readonly rules: RulesConfig = DEFAULT_RULES_CONFIG,
  ) {}

  async listDemands(ctx: RequestContext, q: DemandListInput): Promise<{ total: number; items: CaseListItem[] }> {
    const me = await this.access.require(ctx, 'viewCase', null);
    const { total, rows } = await listDemandRows(this.tx.reader, { ...listFilters('demand', q, ctx.now), scope: scopeFilter(me.scope) });
    const next = nextDeadlines(await openDeadlinesOf(this.tx.reader, 'demand', rows.map((r) => r.id)), ctx.now);
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        number: r.tracking_no,
        title: maskCaseTextFor(me.role, r.title),
        status: r.status,
        statusLabel: DEMAND_STATUS_LABELS[r.status as DemandStatus],
        communityId: r.community_id,
        communityName: r.community_name,
        townId: r.town_id,
        budgetFen: null,
        flags: [],
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        version: r.version,
        nextDeadline: next.get(r.id) ?? null,
      })),
    };
  }

  async listProjects(ctx: RequestContext, q: ProjectListInput): Promise<{ total: number; items: CaseListItem[] }> {
    const me = await this.access.require(ctx, 'viewCase', null);
    const { myOpinion } = q;
    const filters = listFilters('project', q, ctx.now);
    const { total, rows } =
      myOpinion === undefined
        ? await listProjectRows(this.tx.reader, { ...filters, scope: scopeFilter(me.scope) })
        : await this.reviewInbox(me, myOpinion, { ...filters, scope: scopeFilter(me.scope) });
    const next = nextDeadlines(await openDeadlinesOf(this.tx.reader, 'project', rows.map((r) => r.id)), ctx.now);
    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        number: r.code,
        title: maskCaseTextFor(me.role, r.title),
        status: r.status,
        statusLabel: PROJECT_STATUS_LABELS[r.status as ProjectStatus],
        communityId: r.community_id,
        communityName: r.community_name,
        townId: r.town_id,
        budgetFen: r.budget_fen,
        // R1.2 / R1.3 flags stay visible in every list.
        flags: [
          ...(r.over_cap === 1 ? [{ flag: 'overCap', label: PROJECT_FLAG_LABELS.overCap }] : []),
          ...(r.possible_split === 1 ? [{ flag: 'possibleSplit', label: PROJECT_FLAG_LABELS.possibleSplit }] : []),
          ...(r.survey_exception === 1 ? [{ flag: 'surveyException', label: PROJECT_FLAG_LABELS.surveyException }] : []),
        ],
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        version: r.version,
        nextDeadline: next.get(r.id) ?? null,
      })),
    };
  }

  /**
   * R2.6 the open demands of a community that look like the one being entered (its title and location), best
   * first, for the clerk to open or merge instead of entering a duplicate. Read inside the caller's jurisdiction.
   */
  async similarDemands(ctx: RequestContext, q: { readonly communityId: number; readonly title: string; readonly location?: string | undefined }): Promise<{ items: SimilarDemand[] }> {
    const me = await this.viewer(ctx, q.communityId);
    const rows = await listOpenDemandRows(this.tx.reader, q.communityId, SIMILAR_STATUSES, SIMILAR_CANDIDATES);
    const scored = rows.flatMap((row) => {
      const { state, version } = parseDemand(row);
      const score = demandSimilarity({ title: q.title, location: q.location ?? '' }, state, state.communityName);
      return score >= SIMILAR_THRESHOLD ? [{ row, state, version, score }] : [];
    });
    scored.sort((a, b) => b.score - a.score || b.row.id - a.row.id);
    return {
      items: scored.slice(0, SIMILAR_LIMIT).map(({ state, version, score }) => ({
        id: state.id,
        trackingNumber: state.trackingNumber,
        title: maskCaseTextFor(me.role, state.title),
        location: maskCaseTextFor(me.role, state.location),
        status: state.status,
        statusLabel: DEMAND_STATUS_LABELS[state.status],
        createdAt: state.createdAt,
        version,
        score: Math.round(score * 100) / 100,
      })),
    };
  }

  /**
   * R4.1 / R4.2 a department reviewer's inbox: `awaiting`, the projects under review whose current round (the last
   * of `reviewRounds`) names the caller's department among its reviewers without an opinion from it yet; `given`,
   * the projects the department has answered in any round. Who reviews is part of the state, not of a column, so
   * the town-path projects of the caller's jurisdiction are read (only those have review rounds; for `awaiting`
   * only those under review, a handful per town) and their rounds checked here, then paged: `total` counts exactly
   * what matches. A text match on the state's JSON would depend on how it is serialized; a column of reviewers
   * would duplicate the state. A caller who is not in a department answers for none.
   */
  private async reviewInbox(me: AuthenticatedUser, filter: OpinionFilter, q: ListQuery): Promise<{ total: number; rows: ProjectListRow[] }> {
    if (me.unit.kind !== 'department') return { total: 0, rows: [] };
    const departmentId = me.unit.id;
    const status = filter === 'awaiting' ? (q.status === undefined || q.status.length === 0 ? ['underReview'] : q.status.filter((s) => s === 'underReview')) : q.status;
    if (status !== undefined && status.length === 0 && filter === 'awaiting') return { total: 0, rows: [] };
    const candidates = await listTownPathProjectRows(this.tx.reader, { ...q, status });
    const matches = candidates.filter((row) => {
      const { reviewRounds } = parseProject(row).state;
      if (filter === 'given') return reviewRounds.some((round) => round.opinions.some((o) => o.departmentId === departmentId));
      const round = reviewRounds[reviewRounds.length - 1];
      return (
        row.status === 'underReview' &&
        round !== undefined &&
        round.reviewers.some((r) => r.departmentId === departmentId) &&
        !round.opinions.some((o) => o.departmentId === departmentId)
      );
    });
    return { total: matches.length, rows: matches.slice(q.offset, q.offset + q.limit) };
  }

  async getDemand(ctx: RequestContext, id: number): Promise<DemandDetail> {
    const row = await this.cases.loadDemandRow(id);
    const me = await this.viewer(ctx, row.community_id);
    const { state, version } = parseDemand(row);
    return this.demandDetail(ctx, me, state, version);
  }

  /** The view of a demand the caller has just written (and so may see), without reading it back. */
  async demandView(ctx: RequestContext, state: DemandState, version: number): Promise<DemandDetail> {
    const me = ctx.user;
    if (me === null) throw new AppError('UNAUTHENTICATED');
    return this.demandDetail(ctx, me, state, version);
  }

  async getProject(ctx: RequestContext, id: number): Promise<ProjectDetail> {
    const row = await this.cases.loadProjectRow(id);
    const me = await this.viewer(ctx, row.community_id);
    const { state, version } = parseProject(row);
    const r = this.tx.reader;
    // R2.6 a project's attachments are its own and those of the demands it answers.
    const owners = [{ type: 'project' as const, id }, ...state.demandIds.map((d) => ({ type: 'demand' as const, id: d }))];
    const [attachments, demands] = await Promise.all([listCaseAttachmentRows(r, owners), listDemandLinkRows(r, state.demandIds)]);
    return mapProject(
      state,
      { version, attachments: attachments.map(attachmentItem), links: { code: row.code, demands: demands.map(demandLink) } },
      { ...(await this.mapContext(ctx, me)), proposerNames: await this.proposerNamesOf(state) },
    );
  }

  /** The case's history, newest first: every audited action with its actor and time, and every feedback sent. */
  async timeline(ctx: RequestContext, aggregate: 'demand' | 'project', id: number): Promise<{ events: TimelineItem[]; feedbacks: FeedbackItem[] }> {
    const { communityId, state } = await this.caseOf(aggregate, id);
    const me = await this.viewer(ctx, communityId);
    // R0.8 / R7.2 the history is read through the same masking as the case itself.
    const proposers = state.aggregate === 'project' ? await this.proposerNamesOf(state) : [];
    const names = [...personalNamesOf(state), ...proposers];
    const records = (await listCaseAuditRows(this.tx.reader, aggregate, id, 500)).map(mapAuditRecord);
    const staff = await displayNamesOf(this.tx.reader, [...new Set(records.flatMap((r) => (r.actor.username === null ? [] : [r.actor.username])))]);
    const events = records.map((r: AuditRecordView) => ({
      at: r.occurredAt,
      action: r.action,
      actionLabel: actionLabel(r.action),
      actor: r.actor.username,
      actorName: actorName(r.actor, staff),
      role: r.actor.role,
      outcome: r.outcome,
      summary: maskCaseTextFor(me.role, describeCaseRecord(r), names),
    }));
    const feedbacks = (await listCaseFeedbackRows(this.tx.reader, aggregate, id, 500)).map((f) => ({
      id: f.id,
      demandId: f.demand_id,
      kind: f.kind,
      channel: f.channel,
      recipient: f.recipient === null || f.channel !== 'sms' || seesPersonalData(me.role) ? f.recipient : maskPhoneNumber(f.recipient),
      body: maskCaseTextFor(me.role, f.body, names),
      status: f.status,
      attempts: f.attempts,
      createdAt: f.created_at,
      deliveredAt: f.delivered_at,
    }));
    return { events, feedbacks };
  }

  async overdue(ctx: RequestContext, limit: number, offset: number): Promise<{ total: number; items: OverdueItem[] }> {
    const me = await this.access.require(ctx, 'viewCase', null);
    const { total, rows } = await listOverdueDeadlines(this.tx.reader, { scope: scopeFilter(me.scope), now: ctx.now.toISOString(), limit, offset });
    return { total, items: rows.map((r) => ({ ...overdueItem(r), caseTitle: maskCaseTextFor(me.role, r.case_title ?? '') })) };
  }

  private async demandDetail(ctx: RequestContext, me: AuthenticatedUser, state: DemandState, version: number): Promise<DemandDetail> {
    const r = this.tx.reader;
    const projectId = state.triage?.outcome.kind === 'adopt' ? state.triage.outcome.projectId : null;
    const [attachments, linked, project] = await Promise.all([
      listCaseAttachmentRows(r, [{ type: 'demand', id: state.id }]),
      listDemandLinkRows(r, state.linkedDemandIds),
      projectId === null ? Promise.resolve(undefined) : findProjectLinkRow(r, projectId),
    ]);
    const projectLink =
      project === undefined || project.status === 'reserved'
        ? null
        : { id: project.id, code: project.code, title: project.title, status: project.status, statusLabel: PROJECT_STATUS_LABELS[project.status] };
    return mapDemand(
      state,
      { version, attachments: attachments.map(attachmentItem), links: { project: projectLink, linkedDemands: linked.map(demandLink) } },
      await this.mapContext(ctx, me),
    );
  }

  private async caseOf(aggregate: 'demand' | 'project', id: number): Promise<{ communityId: number; state: DemandState | ProjectState }> {
    if (aggregate === 'demand') {
      const row = await this.cases.loadDemandRow(id);
      return { communityId: row.community_id, state: parseDemand(row).state };
    }
    const row = await this.cases.loadProjectRow(id);
    return { communityId: row.community_id, state: parseProject(row).state };
  }

  /** The names of a project's proposers (its demands'), which the project's texts may repeat. */
  private async proposerNamesOf(state: ProjectState): Promise<string[]> {
    return (await listDemandStateJson(this.tx.reader, state.demandIds)).map((json) => upgradeDemandState(JSON.parse(json)).proposer.name);
  }

  private async viewer(ctx: RequestContext, communityId: number): Promise<AuthenticatedUser> {
    await this.cases.requireOnCommunity(ctx, 'viewCase', communityId);
    const me = ctx.user;
    if (me === null) throw new AppError('UNAUTHENTICATED');
    return me;
  }

  private async mapContext(ctx: RequestContext, me: AuthenticatedUser): Promise<MapContext> {
    return { role: me.role, now: ctx.now, calendar: await this.calendar.calendar(), config: this.rules, stepLabel };
  }
}

/** R2.6 candidates: demands still open at the community (a merged, referred or declined one is not). */
const SIMILAR_STATUSES: readonly DemandStatus[] = ['assigned', 'acknowledged', 'adopted'];
const SIMILAR_CANDIDATES = 500;
const SIMILAR_LIMIT = 5;
const SIMILAR_THRESHOLD = 0.3;

export interface SimilarDemand {
  readonly id: number;
  readonly trackingNumber: string;
  readonly title: string;
  readonly location: string;
  readonly status: DemandStatus;
  readonly statusLabel: string;
  readonly createdAt: string;
  readonly version: number;
  /** 0–1: how much of the two texts' character pairs they share. */
  readonly score: number;
}

/** The character pairs of a text, without spaces, punctuation and the community's own name (every title has it). */
function bigrams(text: string, communityName: string): Set<string> {
  const chars = [...text.split(communityName).join(' ').toLowerCase()].map((c) => (/[\p{L}\p{N}]/u.test(c) ? c : ' '));
  const out = new Set<string>();
  for (const word of chars.join('').split(/\s+/)) {
    const w = [...word];
    if (w.length === 1) out.add(w[0] ?? '');
    for (let i = 0; i + 1 < w.length; i++) out.add(`${w[i] ?? ''}${w[i + 1] ?? ''}`);
  }
  out.delete('');
  return out;
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/**
 * How alike an entered demand is to an open one (0–1): the Dice coefficient of the character pairs of their titles,
 * or of titles and locations together when that is higher (the same need at the same place is the usual duplicate).
 */
export function demandSimilarity(entered: { readonly title: string; readonly location: string }, open: { readonly title: string; readonly location: string }, communityName: string): number {
  const title = dice(bigrams(entered.title, communityName), bigrams(open.title, communityName));
  if (entered.location.trim() === '') return title;
  return Math.max(title, dice(bigrams(`${entered.title} ${entered.location}`, communityName), bigrams(`${open.title} ${open.location}`, communityName)));
}

export interface FeedbackItem {
  readonly id: number;
  readonly demandId: number;
  readonly kind: string;
  readonly channel: string;
  readonly recipient: string | null;
  readonly body: string;
  readonly status: string;
  readonly attempts: number;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
}

export interface OverdueItem {
  readonly id: number;
  readonly aggregate: string;
  readonly aggregateId: number;
  /** 诉求编号 or 项目编号, and the case's title. */
  readonly caseNumber: string;
  readonly caseTitle: string;
  readonly step: string;
  /** Who owns the step (community, town, department, system): the level above it may chase it. */
  readonly owner: string;
  readonly label: string;
  readonly rule: string;
  readonly communityId: number;
  readonly communityName: string;
  readonly townId: number;
  readonly due: string;
  readonly provisional: boolean;
  readonly reminders: number;
  readonly lastRemindedAt: string | null;
}

function overdueItem(r: OverdueRow): OverdueItem {
  return {
    id: r.id,
    aggregate: r.aggregate,
    aggregateId: r.aggregate_id,
    caseNumber: r.case_number ?? '',
    caseTitle: r.case_title ?? '',
    step: r.step,
    label: stepLabel(r.step),
    rule: r.rule,
    owner: r.owner,
    communityId: r.community_id,
    communityName: r.community_name,
    townId: r.town_id,
    due: r.due_at,
    provisional: r.provisional === 1,
    reminders: r.reminders,
    lastRemindedAt: r.last_reminded_at,
  };
}

function nextDeadlines(rows: readonly DeadlineRow[], now: Date): Map<number, NextDeadline> {
  const out = new Map<number, NextDeadline>();
  const nowIso = now.toISOString();
  for (const r of rows) {
    if (out.has(r.aggregate_id)) continue;
    out.set(r.aggregate_id, { step: r.step, label: stepLabel(r.step), due: r.due_at, overdue: r.due_at <= nowIso, provisional: r.provisional === 1 });
  }
  return out;
}

function attachmentItem(r: AttachmentRow & { uploader_name: string | null }): DemandDetail['attachments'][number] {
  // A case's attachments are its own or its demands' (never a town's own files).
  return { ...mapAttachment(r), ownerType: r.owner_type === 'demand' ? 'demand' : 'project', uploadedBy: r.uploader_name };
}

function demandLink(r: Pick<DemandRow, 'id' | 'tracking_no' | 'title' | 'status'>): DemandDetail['linkedDemands'][number] {
  const status: DemandStatus = r.status === 'reserved' ? 'assigned' : r.status;
  return { id: r.id, trackingNumber: r.tracking_no, title: r.title, status, statusLabel: DEMAND_STATUS_LABELS[status] };
}
