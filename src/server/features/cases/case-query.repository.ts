/**
 * The lists of demands and projects inside a jurisdiction, with each case's nearest open deadline.
 */
import type { DbOrTrx } from '../../db/database.js';
import { DEMAND_STATUSES, PROJECT_STATUSES } from '../../../domain/lifecycle/statuses.js';
import type { AttachmentRow, AuditLogRow, DeadlineRow, DemandRow, FeedbackRow, ProjectRow } from '../../db/schema.js';

/** The jurisdiction as columns: a community's own cases, a town's, or every case (city). */
export type ScopeFilter = { readonly communityId: number } | { readonly townId: number } | Record<string, never>;

/** The statuses asked for that exist: one the lifecycle does not know matches no case. */
function knownStatuses<S extends string>(asked: readonly string[], known: readonly S[]): S[] {
  return asked.filter((s): s is S => (known as readonly string[]).includes(s));
}

export interface ListQuery {
  readonly scope: ScopeFilter;
  readonly status?: readonly string[] | undefined;
  readonly communityId?: number | undefined;
  readonly keyword?: string | undefined;
  readonly flag?: 'overCap' | 'possibleSplit' | 'surveyException' | undefined;
  readonly limit: number;
  readonly offset: number;
}

export async function listDemandRows(db: DbOrTrx, q: ListQuery): Promise<{ total: number; rows: (DemandRow & { community_name: string })[] }> {
  let query = db.selectFrom('demand').innerJoin('unit', 'unit.id', 'demand.community_id').where('demand.status', '!=', 'reserved');
  if ('communityId' in q.scope) query = query.where('demand.community_id', '=', q.scope.communityId);
  if ('townId' in q.scope) query = query.where('demand.town_id', '=', q.scope.townId);
  if (q.communityId !== undefined) query = query.where('demand.community_id', '=', q.communityId);
  if (q.status !== undefined && q.status.length > 0) {
    const statuses = knownStatuses(q.status, DEMAND_STATUSES);
    query = query.where((eb) => (statuses.length > 0 ? eb('demand.status', 'in', statuses) : eb.or([])));
  }
  if (q.keyword !== undefined && q.keyword !== '') {
    const like = `%${q.keyword}%`;
    query = query.where((eb) => eb.or([eb('demand.title', 'like', like), eb('demand.tracking_no', 'like', like)]));
  }
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll('demand')
    .select('unit.name as community_name')
    .orderBy('demand.id', 'desc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { total: total.n, rows };
}

function projectListQuery(db: DbOrTrx, q: Omit<ListQuery, 'limit' | 'offset'>) {
  let query = db.selectFrom('project').innerJoin('unit', 'unit.id', 'project.community_id').where('project.status', '!=', 'reserved');
  if ('communityId' in q.scope) query = query.where('project.community_id', '=', q.scope.communityId);
  if ('townId' in q.scope) query = query.where('project.town_id', '=', q.scope.townId);
  if (q.communityId !== undefined) query = query.where('project.community_id', '=', q.communityId);
  if (q.status !== undefined && q.status.length > 0) {
    const statuses = knownStatuses(q.status, PROJECT_STATUSES);
    query = query.where((eb) => (statuses.length > 0 ? eb('project.status', 'in', statuses) : eb.or([])));
  }
  if (q.flag === 'overCap') query = query.where('project.over_cap', '=', 1);
  if (q.flag === 'possibleSplit') query = query.where('project.possible_split', '=', 1);
  if (q.flag === 'surveyException') query = query.where('project.survey_exception', '=', 1);
  if (q.keyword !== undefined && q.keyword !== '') {
    const like = `%${q.keyword}%`;
    query = query.where((eb) => eb.or([eb('project.title', 'like', like), eb('project.code', 'like', like)]));
  }
  return query;
}

export type ProjectListRow = ProjectRow & { community_name: string };

export async function listProjectRows(db: DbOrTrx, q: ListQuery): Promise<{ total: number; rows: ProjectListRow[] }> {
  const query = projectListQuery(db, q);
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .selectAll('project')
    .select('unit.name as community_name')
    .orderBy('project.id', 'desc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { total: total.n, rows };
}

/**
 * Every project of the list's filters that went the town path (R3.5: only those have review rounds), newest first,
 * unpaged: the reviewer's inbox reads their review rounds from the state (CaseQueryService.listProjects).
 */
export async function listTownPathProjectRows(db: DbOrTrx, q: Omit<ListQuery, 'limit' | 'offset'>): Promise<ProjectListRow[]> {
  return projectListQuery(db, q)
    .where('project.review_path', '=', 'town')
    .selectAll('project')
    .select('unit.name as community_name')
    .orderBy('project.id', 'desc')
    .execute();
}

/** Open deadlines of the given cases, nearest first. */
export async function openDeadlinesOf(db: DbOrTrx, aggregate: 'demand' | 'project', ids: readonly number[]): Promise<DeadlineRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('deadline')
    .selectAll()
    .where('aggregate', '=', aggregate)
    .where('aggregate_id', 'in', ids)
    .where('status', '=', 'open')
    .orderBy('due_at', 'asc')
    .execute();
}

export interface DeadlineQuery {
  readonly scope: ScopeFilter;
  readonly overdueBefore?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** R7.2 the open steps past due inside a jurisdiction (the level above sees its subordinates' overdue steps). */
export type OverdueRow = DeadlineRow & { community_name: string; case_number: string | null; case_title: string | null };

export async function listOverdueDeadlines(db: DbOrTrx, q: DeadlineQuery & { now: string }): Promise<{ total: number; rows: OverdueRow[] }> {
  let query = db
    .selectFrom('deadline')
    .innerJoin('unit', 'unit.id', 'deadline.community_id')
    .where('deadline.status', '=', 'open')
    .where('deadline.due_at', '<=', q.now);
  if ('communityId' in q.scope) query = query.where('deadline.community_id', '=', q.scope.communityId);
  if ('townId' in q.scope) query = query.where('deadline.town_id', '=', q.scope.townId);
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    // The case the step belongs to, by its number and title, so the list says what is late without opening it.
    .leftJoin('demand', (j) => j.onRef('demand.id', '=', 'deadline.aggregate_id').on('deadline.aggregate', '=', 'demand'))
    .leftJoin('project', (j) => j.onRef('project.id', '=', 'deadline.aggregate_id').on('deadline.aggregate', '=', 'project'))
    .selectAll('deadline')
    .select((eb) => [
      'unit.name as community_name',
      eb.fn.coalesce('demand.tracking_no', 'project.code').as('case_number'),
      eb.fn.coalesce('demand.title', 'project.title').as('case_title'),
    ])
    .orderBy('deadline.due_at', 'asc')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  return { total: total.n, rows };
}

/** The audit records of one case, newest first (its timeline, R7.2). */
export async function listCaseAuditRows(db: DbOrTrx, aggregate: 'demand' | 'project', id: number, limit: number): Promise<AuditLogRow[]> {
  return db.selectFrom('audit_log').selectAll().where('target_type', '=', aggregate).where('target_id', '=', String(id)).orderBy('id', 'desc').limit(limit).execute();
}

/** The feedbacks written for one case, newest first. */
export async function listCaseFeedbackRows(db: DbOrTrx, aggregate: 'demand' | 'project', id: number, limit: number): Promise<FeedbackRow[]> {
  const q = db.selectFrom('feedback').selectAll().orderBy('id', 'desc');
  return (aggregate === 'demand' ? q.where('demand_id', '=', id) : q.where('project_id', '=', id)).limit(limit).execute();
}

/** The stored states of the demands `ids` (a project's proposers' names are read from them). */
export async function listDemandStateJson(db: DbOrTrx, ids: readonly number[]): Promise<string[]> {
  if (ids.length === 0) return [];
  return (await db.selectFrom('demand').select('state_json').where('id', 'in', [...ids]).execute()).map((r) => r.state_json);
}

/** The attachments of the given owners with their uploader's display name, oldest first. */
export async function listCaseAttachmentRows(
  db: DbOrTrx,
  owners: readonly { type: 'demand' | 'project'; id: number }[],
): Promise<(AttachmentRow & { uploader_name: string | null })[]> {
  if (owners.length === 0) return [];
  return db
    .selectFrom('attachment')
    .leftJoin('app_user', 'app_user.id', 'attachment.uploaded_by')
    .selectAll('attachment')
    .select('app_user.display_name as uploader_name')
    .where((eb) => eb.or(owners.map((o) => eb.and([eb('attachment.owner_type', '=', o.type), eb('attachment.owner_id', '=', o.id)]))))
    .orderBy('attachment.id')
    .execute();
}

/** The demands `ids` as a case links them (R2.6: merged ones; a project's demands). */
export async function listDemandLinkRows(db: DbOrTrx, ids: readonly number[]): Promise<Pick<DemandRow, 'id' | 'tracking_no' | 'title' | 'status'>[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('demand').select(['id', 'tracking_no', 'title', 'status']).where('id', 'in', [...ids]).orderBy('id').execute();
}

/** A project as a demand links it, and its code. */
export async function findProjectLinkRow(db: DbOrTrx, id: number): Promise<Pick<ProjectRow, 'id' | 'code' | 'title' | 'status'> | undefined> {
  return db.selectFrom('project').select(['id', 'code', 'title', 'status']).where('id', '=', id).executeTakeFirst();
}
