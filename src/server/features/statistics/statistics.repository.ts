/**
 * The statistics' SQL: counts and sums of demands, projects and deadline rows inside a jurisdiction, grouped in the
 * database (GROUP BY), money in integer 分. Each filter narrows the jurisdiction as the case lists' filters do: a
 * town or community outside it gives nothing.
 */
import { PostgresAdapter, sql, type SelectQueryBuilder } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { ScopeFilter } from '../cases/case-query.repository.js';

export interface StatisticsFilter {
  readonly scope: ScopeFilter;
  readonly townId?: number | undefined;
  readonly communityId?: number | undefined;
  /** Projects: the project's year. */
  readonly year?: number | undefined;
  /** Demands: entered at or after / before these instants (the demand list's reading of a year). */
  readonly createdFrom?: string | undefined;
  readonly createdBefore?: string | undefined;
  /** Projects only (a demand has no category). */
  readonly category?: string | undefined;
}

function projects(db: DbOrTrx, f: StatisticsFilter) {
  let q = db.selectFrom('project').where('project.status', '!=', 'reserved');
  if ('communityId' in f.scope) q = q.where('project.community_id', '=', f.scope.communityId);
  if ('townId' in f.scope) q = q.where('project.town_id', '=', f.scope.townId);
  if (f.townId !== undefined) q = q.where('project.town_id', '=', f.townId);
  if (f.communityId !== undefined) q = q.where('project.community_id', '=', f.communityId);
  if (f.year !== undefined) q = q.where('project.year', '=', f.year);
  if (f.category !== undefined) q = q.where('project.category', '=', f.category);
  return q;
}

function demands(db: DbOrTrx, f: StatisticsFilter) {
  let q = db.selectFrom('demand').where('demand.status', '!=', 'reserved');
  if ('communityId' in f.scope) q = q.where('demand.community_id', '=', f.scope.communityId);
  if ('townId' in f.scope) q = q.where('demand.town_id', '=', f.scope.townId);
  if (f.townId !== undefined) q = q.where('demand.town_id', '=', f.townId);
  if (f.communityId !== undefined) q = q.where('demand.community_id', '=', f.communityId);
  if (f.createdFrom !== undefined) q = q.where('demand.created_at', '>=', f.createdFrom);
  if (f.createdBefore !== undefined) q = q.where('demand.created_at', '<', f.createdBefore);
  return q;
}

/** A count or a sum as a number on both dialects (PostgreSQL sums bigint as numeric, which pg gives as text). */
const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

export interface ProjectGroupRow {
  readonly key: string | null;
  readonly count: number;
  readonly budgetFen: number;
}

export type ProjectGroupColumn = 'town_id' | 'community_id' | 'category' | 'handling_mode' | 'status' | 'year';

/** Projects and their registered budget grouped by one column. */
export async function projectGroups(db: DbOrTrx, f: StatisticsFilter, column: ProjectGroupColumn): Promise<ProjectGroupRow[]> {
  const ref = sql.ref(`project.${column}`);
  const rows = await projects(db, f)
    .select([
      sql<string | number | null>`${ref}`.as('key'),
      sql<number>`count(*)`.as('n'),
      sql<number>`coalesce(sum(project.budget_fen), 0)`.as('budget'),
    ])
    .groupBy(ref)
    .execute();
  return rows.map((r) => ({ key: r.key === null ? null : String(r.key), count: n(r.n), budgetFen: n(r.budget) }));
}

export interface ProjectTotalsRow {
  readonly count: number;
  readonly budgetFen: number;
  readonly overCap: number;
  readonly possibleSplit: number;
  readonly surveyException: number;
  readonly closed: number;
}

/** R1.2 / R1.3 / R6.4 the flags are counted with the totals in one pass. */
export async function projectTotals(db: DbOrTrx, f: StatisticsFilter): Promise<ProjectTotalsRow> {
  const r = await projects(db, f)
    .select([
      sql<number>`count(*)`.as('n'),
      sql<number>`coalesce(sum(project.budget_fen), 0)`.as('budget'),
      sql<number>`coalesce(sum(project.over_cap), 0)`.as('over_cap'),
      sql<number>`coalesce(sum(project.possible_split), 0)`.as('possible_split'),
      sql<number>`coalesce(sum(project.survey_exception), 0)`.as('survey_exception'),
      sql<number>`coalesce(sum(case when project.status = 'closed' then 1 else 0 end), 0)`.as('closed'),
    ])
    .executeTakeFirstOrThrow();
  return { count: n(r.n), budgetFen: n(r.budget), overCap: n(r.over_cap), possibleSplit: n(r.possible_split), surveyException: n(r.survey_exception), closed: n(r.closed) };
}

export interface CountRow {
  readonly key: string;
  readonly count: number;
}

export async function demandTotal(db: DbOrTrx, f: StatisticsFilter): Promise<number> {
  const r = await demands(db, f).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return n(r.n);
}

export async function demandGroups(db: DbOrTrx, f: StatisticsFilter, column: 'channel' | 'status'): Promise<CountRow[]> {
  const ref = sql.ref(`demand.${column}`);
  const rows = await demands(db, f)
    .select([sql<string | number>`${ref}`.as('key'), sql<number>`count(*)`.as('n')])
    .groupBy(ref)
    .execute();
  return rows.map((r) => ({ key: String(r.key), count: n(r.n) }));
}

/** The names of the given units. */
export async function unitNames(db: DbOrTrx, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('unit').select(['id', 'name']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface DeadlineCountRow {
  readonly step: string;
  readonly unitId: number | null;
  readonly onTime: number;
  readonly late: number;
  readonly overdue: number;
  readonly open: number;
}

/**
 * The running and finished clocks (cancelled ones and the system's own are not counted) of the filter's cases: done on time, done late,
 * open and past due at `now`, open and not yet due — by step, and by unit when `unit` is given.
 */
export async function deadlineCounts(db: DbOrTrx, f: StatisticsFilter, now: string, unit: 'town_id' | 'community_id' | null): Promise<DeadlineCountRow[]> {
  // The publicity window is a clock the system itself ends (owner `system`), not a duty anyone meets or misses.
  let q: SelectQueryBuilder<Database, 'deadline', object> = db.selectFrom('deadline').where('deadline.status', 'in', ['open', 'done']).where('deadline.owner', '!=', 'system');
  if ('communityId' in f.scope) q = q.where('deadline.community_id', '=', f.scope.communityId);
  if ('townId' in f.scope) q = q.where('deadline.town_id', '=', f.scope.townId);
  if (f.townId !== undefined) q = q.where('deadline.town_id', '=', f.townId);
  if (f.communityId !== undefined) q = q.where('deadline.community_id', '=', f.communityId);
  if (f.year !== undefined || f.category !== undefined || f.createdFrom !== undefined || f.createdBefore !== undefined) {
    // The year and the category are the cases': the steps of the projects (and, without a category, the demands) they give.
    q = q.where((eb) =>
      eb.or([
        eb.and([eb('deadline.aggregate', '=', 'project'), eb('deadline.aggregate_id', 'in', projects(db, f).select('project.id'))]),
        ...(f.category === undefined ? [eb.and([eb('deadline.aggregate', '=', 'demand'), eb('deadline.aggregate_id', 'in', demands(db, f).select('demand.id'))])] : []),
      ]),
    );
  }
  const unitRef = unit === null ? null : sql.ref(`deadline.${unit}`);
  const rows = await q
    .select([
      'deadline.step',
      sql<number | string | null>`${unitRef ?? sql`null`}`.as('unit_id'),
      sql<number>`sum(case when deadline.status = 'done' and deadline.late = 0 then 1 else 0 end)`.as('on_time'),
      sql<number>`sum(case when deadline.status = 'done' and deadline.late <> 0 then 1 else 0 end)`.as('late'),
      sql<number>`sum(case when deadline.status = 'open' and deadline.due_at <= ${now} then 1 else 0 end)`.as('overdue'),
      sql<number>`sum(case when deadline.status = 'open' and deadline.due_at > ${now} then 1 else 0 end)`.as('open'),
    ])
    .groupBy(unitRef === null ? ['deadline.step'] : ['deadline.step', unitRef])
    .execute();
  return rows.map((r) => ({
    step: r.step,
    unitId: r.unit_id === null ? null : Number(r.unit_id),
    onTime: n(r.on_time),
    late: n(r.late),
    overdue: n(r.overdue),
    open: n(r.open),
  }));
}

/**
 * The stored states of the filter's closed projects, newest first, at most `limit`: the parts of each that the
 * satisfaction and the planned-against-actual money are read from (its identity, `survey.summary` and the 结项表's
 * `budget` and `actual`), as a state's JSON. A closed project's state holds every survey sheet and is tens of
 * kilobytes; the database picks the parts out, so that thousands of states are neither sent whole nor parsed here
 * (docs/performance.md, the large city).
 */
/** R9.1 what the ledgers paid to the filter's projects (every status), per fund source, in 分. */
export async function disbursedBySource(db: DbOrTrx, f: StatisticsFilter): Promise<Map<string, number>> {
  const rows = await projects(db, f)
    .innerJoin('disbursement', 'disbursement.project_id', 'project.id')
    .select(['disbursement.source as source', sql<string>`sum(disbursement.amount_fen)`.as('fen')])
    .groupBy('disbursement.source')
    .execute();
  return new Map(rows.map((r) => [r.source, Number(r.fen)]));
}

export async function closedProjectStates(db: DbOrTrx, f: StatisticsFilter, limit: number): Promise<string[]> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const closed = projects(db, f).where('project.status', '=', 'closed').orderBy('project.id', 'desc').limit(limit);
  const rows = postgres
    ? // Parsed once per row (jsonb) in the limited subquery, then each part taken from the parsed value.
      await db
        .selectFrom(closed.select([sql`project.state_json::jsonb`.as('j'), 'project.id']).as('c'))
        .select(sql<string>`json_build_array(c.j->'aggregate', c.j->'schemaVersion', c.j->'id', c.j->'status', c.j->'survey'->'summary', c.j->'closure'->'form'->'budget', c.j->'closure'->'form'->'actual')::text`.as('parts'))
        .orderBy('c.id', 'desc')
        .execute()
    : // One parse per row: json_extract with several paths gives their values as one array.
      await closed
        .select(sql<string>`json_extract(project.state_json, '$.aggregate', '$.schemaVersion', '$.id', '$.status', '$.survey.summary', '$.closure.form.budget', '$.closure.form.actual')`.as('parts'))
        .execute();
  return rows.map((r) => {
    const [aggregate, schemaVersion, id, status, summary, budget, actual] = JSON.parse(r.parts) as unknown[];
    return JSON.stringify({ aggregate, schemaVersion, id, status, survey: { summary: summary ?? null }, closure: budget === null || budget === undefined ? null : { form: { budget, actual } } });
  });
}
