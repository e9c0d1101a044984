/**
 * The lists of demands and projects inside a jurisdiction, with each case's nearest open deadline.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import type { Category, Channel, HandlingMode } from '../../../domain/categories.js';
import { DEMAND_STATUSES, PROJECT_STATUSES, type DemandStatus } from '../../../domain/lifecycle/statuses.js';
import type { AttachmentRow, AuditLogRow, DeadlineRow, DemandRow, FeedbackRow, ProjectRow } from '../../db/schema.js';

/** The jurisdiction as columns: a community's own cases, a town's, or every case (city). */
export type ScopeFilter = { readonly communityId: number } | { readonly townId: number } | Record<string, never>;

/** The statuses asked for that exist: one the lifecycle does not know matches no case. */
function knownStatuses<S extends string>(asked: readonly string[], known: readonly S[]): S[] {
  return asked.filter((s): s is S => (known as readonly string[]).includes(s));
}

export type ListSort = 'createdAt' | 'nextDeadline' | 'number' | 'budget';

export interface ListQuery {
  readonly scope: ScopeFilter;
  readonly status?: readonly string[] | undefined;
  readonly townId?: number | undefined;
  readonly communityId?: number | undefined;
  readonly keyword?: string | undefined;
  /** Entered (opened) at or after this instant, and before `createdBefore` (UTC ISO; the service converts local dates). */
  readonly createdFrom?: string | undefined;
  readonly createdBefore?: string | undefined;
  /** Only cases with an open step due at or before this instant (now): R7.2 overdue. */
  readonly overdueAt?: string | undefined;
  /** Demands only: R2.1 channels. */
  readonly channel?: readonly Channel[] | undefined;
  /** Projects only: the project's year, R1.1 category, R5.5 handling modes, and flags (any of them). */
  readonly year?: number | undefined;
  readonly category?: Category | undefined;
  readonly handlingMode?: readonly HandlingMode[] | undefined;
  readonly flag?: readonly ('overCap' | 'possibleSplit' | 'surveyException')[] | undefined;
  readonly sort?: ListSort | undefined;
  readonly order?: 'asc' | 'desc' | undefined;
  readonly limit: number;
  readonly offset: number;
}

/** The case's nearest open step (null when none is open): a column of its row, kept with its clocks (db/next-deadline.ts). */
function nextDue(aggregate: 'demand' | 'project') {
  return sql.ref<string | null>(`${aggregate}.next_due_at`);
}

/** An open step of the case is due at or before `now` (the list shows it 已逾期): its nearest one is. */
function overdueBy(aggregate: 'demand' | 'project', now: string) {
  return sql<SqlBool>`${nextDue(aggregate)} <= ${now}`;
}

/** The key of an order that some cases lack (no open step, no budget yet): they come after the others. */
function nullableKey(aggregate: 'demand' | 'project', sort: ListSort | undefined): Expression<unknown> | null {
  if (sort === 'nextDeadline') return nextDue(aggregate);
  if (sort === 'budget' && aggregate === 'project') return sql.ref('project.budget_fen');
  return null;
}

/**
 * The page's ids in an order some cases have no key for, without one sort of the whole jurisdiction: the cases with
 * the key come first (in its order, read from its index), then those without, by id; the first part is read among the
 * cases with the key, and the second, when the page reaches it, in id order. The same ids in the same order as one
 * query ordered by "no key last, then the key, then the id" (docs/performance.md, the large city).
 */
async function keyedFirstPage(
  countKeyed: () => Promise<number>,
  ids: (keyed: boolean, limit: number, offset: number) => Promise<number[]>,
  limit: number,
  offset: number,
): Promise<number[]> {
  const keyed = await countKeyed();
  const first = offset < keyed ? await ids(true, limit, offset) : [];
  const rest = first.length < limit ? await ids(false, limit - first.length, Math.max(0, offset - keyed)) : [];
  return [...first, ...rest];
}

/**
 * The order of a list: the key asked for (entry time by default), newest or largest first unless `asc`; cases
 * without the key (no open step, no budget yet) come last either way, on both dialects; ties by id in the same
 * direction, so paging is stable.
 */
function orderOf<Q extends { orderBy: (expr: Expression<unknown>, dir: 'asc' | 'desc') => Q }>(
  query: Q,
  aggregate: 'demand' | 'project',
  sort: ListSort | undefined,
  order: 'asc' | 'desc' | undefined,
): Q {
  const dir = order ?? 'desc';
  const id = sql.ref(`${aggregate}.id`);
  const nullable = nullableKey(aggregate, sort);
  const key: Expression<unknown> | null =
    nullable ??
    (sort === 'number'
      ? sql.ref(aggregate === 'demand' ? 'demand.tracking_no' : 'project.code')
      : sort === 'createdAt' || sort === undefined
        ? sql.ref(`${aggregate}.created_at`)
        : null);
  if (key === null) return query.orderBy(id, dir);
  // Cases without a deadline or a budget come last either way. Entry time and number are never null: ordering on them
  // alone lets an index give the first page without sorting the whole jurisdiction (bench/web.ts).
  const ordered = nullable !== null ? query.orderBy(sql`case when ${key} is null then 1 else 0 end`, 'asc') : query;
  return ordered.orderBy(key, dir).orderBy(id, dir);
}

function demandListQuery(db: DbOrTrx, q: Omit<ListQuery, 'limit' | 'offset'>) {
  // No join here: the count reads an index alone; the page joins the community's name for its rows only.
  let query = db.selectFrom('demand').where('demand.status', '!=', 'reserved');
  if ('communityId' in q.scope) query = query.where('demand.community_id', '=', q.scope.communityId);
  if ('townId' in q.scope) query = query.where('demand.town_id', '=', q.scope.townId);
  // Each filter narrows the jurisdiction above: a town or community outside it gives nothing.
  if (q.townId !== undefined) query = query.where('demand.town_id', '=', q.townId);
  if (q.communityId !== undefined) query = query.where('demand.community_id', '=', q.communityId);
  if (q.status !== undefined && q.status.length > 0) {
    const statuses = knownStatuses(q.status, DEMAND_STATUSES);
    query = query.where((eb) => (statuses.length > 0 ? eb('demand.status', 'in', statuses) : eb.or([])));
  }
  if (q.channel !== undefined && q.channel.length > 0) query = query.where('demand.channel', 'in', [...q.channel]);
  if (q.createdFrom !== undefined) query = query.where('demand.created_at', '>=', q.createdFrom);
  if (q.createdBefore !== undefined) query = query.where('demand.created_at', '<', q.createdBefore);
  if (q.overdueAt !== undefined) query = query.where(overdueBy('demand', q.overdueAt));
  if (q.keyword !== undefined && q.keyword !== '') {
    const like = `%${q.keyword}%`;
    query = query.where((eb) => eb.or([eb('demand.title', 'like', like), eb('demand.tracking_no', 'like', like)]));
  }
  return query;
}

export async function listDemandRows(db: DbOrTrx, q: ListQuery): Promise<{ total: number; rows: (DemandRow & { community_name: string })[] }> {
  const query = demandListQuery(db, q);
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  // The page's ids first, from the demand table alone in the list's order (an index gives it without reading the
  // rows skipped); then those rows whole, with their community's name.
  const dir = q.order ?? 'desc';
  const key = nullableKey('demand', q.sort);
  const page =
    key !== null
      ? await keyedFirstPage(
          async () => (await query.where(key, 'is not', null).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
          async (keyed, limit, offset) =>
            (keyed
              ? await query.where(key, 'is not', null).select('demand.id').orderBy(key, dir).orderBy('demand.id', dir).limit(limit).offset(offset).execute()
              : await query.where(key, 'is', null).select('demand.id').orderBy('demand.id', dir).limit(limit).offset(offset).execute()
            ).map((r) => r.id),
          q.limit,
          q.offset,
        )
      : orderOf(query.select('demand.id'), 'demand', q.sort, q.order).limit(q.limit).offset(q.offset);
  if (Array.isArray(page) && page.length === 0) return { total: total.n, rows: [] };
  const rows = await orderOf(
    db.selectFrom('demand').innerJoin('unit', 'unit.id', 'demand.community_id').selectAll('demand').select('unit.name as community_name').where('demand.id', 'in', page),
    'demand',
    q.sort,
    q.order,
  ).execute();
  return { total: total.n, rows };
}

function projectListQuery(db: DbOrTrx, q: Omit<ListQuery, 'limit' | 'offset'>) {
  let query = db.selectFrom('project').where('project.status', '!=', 'reserved');
  if ('communityId' in q.scope) query = query.where('project.community_id', '=', q.scope.communityId);
  if ('townId' in q.scope) query = query.where('project.town_id', '=', q.scope.townId);
  if (q.townId !== undefined) query = query.where('project.town_id', '=', q.townId);
  if (q.communityId !== undefined) query = query.where('project.community_id', '=', q.communityId);
  if (q.status !== undefined && q.status.length > 0) {
    const statuses = knownStatuses(q.status, PROJECT_STATUSES);
    query = query.where((eb) => (statuses.length > 0 ? eb('project.status', 'in', statuses) : eb.or([])));
  }
  if (q.year !== undefined) query = query.where('project.year', '=', q.year);
  if (q.category !== undefined) query = query.where('project.category', '=', q.category);
  if (q.handlingMode !== undefined && q.handlingMode.length > 0) query = query.where('project.handling_mode', 'in', [...q.handlingMode]);
  const flags = q.flag ?? [];
  if (flags.length > 0) {
    query = query.where((eb) =>
      eb.or(
        flags.map((f) =>
          f === 'overCap' ? eb('project.over_cap', '=', 1) : f === 'possibleSplit' ? eb('project.possible_split', '=', 1) : eb('project.survey_exception', '=', 1),
        ),
      ),
    );
  }
  if (q.createdFrom !== undefined) query = query.where('project.created_at', '>=', q.createdFrom);
  if (q.createdBefore !== undefined) query = query.where('project.created_at', '<', q.createdBefore);
  if (q.overdueAt !== undefined) query = query.where(overdueBy('project', q.overdueAt));
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
  // As for demands: the page's ids from the project table alone, then those rows (a project's state is large).
  const dir = q.order ?? 'desc';
  const key = nullableKey('project', q.sort);
  const page =
    key !== null
      ? await keyedFirstPage(
          async () => (await query.where(key, 'is not', null).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
          async (keyed, limit, offset) =>
            (keyed
              ? await query.where(key, 'is not', null).select('project.id').orderBy(key, dir).orderBy('project.id', dir).limit(limit).offset(offset).execute()
              : await query.where(key, 'is', null).select('project.id').orderBy('project.id', dir).limit(limit).offset(offset).execute()
            ).map((r) => r.id),
          q.limit,
          q.offset,
        )
      : orderOf(query.select('project.id'), 'project', q.sort, q.order).limit(q.limit).offset(q.offset);
  if (Array.isArray(page) && page.length === 0) return { total: total.n, rows: [] };
  const rows = await orderOf(
    db.selectFrom('project').innerJoin('unit', 'unit.id', 'project.community_id').selectAll('project').select('unit.name as community_name').where('project.id', 'in', page),
    'project',
    q.sort,
    q.order,
  ).execute();
  return { total: total.n, rows };
}

/** The open demands of one community (R2.6 candidates for a merge), newest first, at most `limit`. */
export async function listOpenDemandRows(db: DbOrTrx, communityId: number, statuses: readonly DemandStatus[], limit: number): Promise<DemandRow[]> {
  return db
    .selectFrom('demand')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('status', 'in', [...statuses])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Every project of the list's filters that went the town path (R3.5: only those have review rounds), newest first,
 * unpaged: the reviewer's inbox reads their review rounds from the state (CaseQueryService.listProjects).
 */
export async function listTownPathProjectRows(db: DbOrTrx, q: Omit<ListQuery, 'limit' | 'offset'>): Promise<ProjectListRow[]> {
  return projectListQuery(db, q)
    .where('project.review_path', '=', 'town')
    .innerJoin('unit', 'unit.id', 'project.community_id')
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
  let query = db.selectFrom('deadline').where('deadline.status', '=', 'open').where('deadline.due_at', '<=', q.now);
  if ('communityId' in q.scope) query = query.where('deadline.community_id', '=', q.scope.communityId);
  if ('townId' in q.scope) query = query.where('deadline.town_id', '=', q.scope.townId);
  // Counted from the deadline rows alone (an index range): every row's community is a unit (a foreign key).
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query
    .innerJoin('unit', 'unit.id', 'deadline.community_id')
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
/** The staff names of the given accounts, by username (the timeline tells who acted by name, not by account). */
export async function displayNamesOf(db: DbOrTrx, usernames: readonly string[]): Promise<Map<string, string>> {
  if (usernames.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['username', 'display_name']).where('username', 'in', [...usernames]).execute();
  return new Map(rows.map((r) => [r.username, r.display_name]));
}

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
