/**
 * The statistics' SQL: counts and sums of demands, projects and deadline rows inside a jurisdiction, grouped in the
 * database (GROUP BY), money in integer 分. Each filter narrows the jurisdiction as the case lists' filters do: a
 * town or community outside it gives nothing.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
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

/** R9.1 what the ledgers paid to the filter's projects (every status), per fund source, in 分. */
export async function disbursedBySource(db: DbOrTrx, f: StatisticsFilter): Promise<Map<string, number>> {
  const rows = await projects(db, f)
    .innerJoin('disbursement', 'disbursement.project_id', 'project.id')
    .select(['disbursement.source as source', sql<string>`sum(disbursement.amount_fen)`.as('fen')])
    .groupBy('disbursement.source')
    .execute();
  return new Map(rows.map((r) => [r.source, Number(r.fen)]));
}

export interface ClosedResultsRow {
  readonly closed: number;
  readonly surveyed: number;
  readonly respondents: number;
  readonly answered: number;
  readonly satisfied: number;
  readonly budget: Readonly<Record<'special' | 'collective' | 'social', number>>;
  readonly actual: Readonly<Record<'special' | 'collective' | 'social', number>>;
}

/**
 * The filter's closed projects summed in the database from their result columns (migration 0009,
 * db/project-results.ts): the surveys' respondents and satisfaction, the 结项表's budget and actual per fund row. No
 * state is read: a closed project's state holds every survey sheet and is tens of kilobytes (docs/performance.md).
 */
export async function closedResults(db: DbOrTrx, f: StatisticsFilter): Promise<ClosedResultsRow> {
  const sum = (column: string) => sql<string | null>`sum(${sql.ref(`project.${column}`)})`;
  const row = await projects(db, f)
    .where('project.status', '=', 'closed')
    .select([
      sql<string>`count(*)`.as('closed'),
      sql<string>`count(project.survey_answered)`.as('surveyed'),
      sum('survey_respondents').as('respondents'),
      sum('survey_answered').as('answered'),
      sum('survey_satisfied').as('satisfied'),
      sum('closure_budget_special').as('budget_special'),
      sum('closure_budget_collective').as('budget_collective'),
      sum('closure_budget_social').as('budget_social'),
      sum('closure_actual_special').as('actual_special'),
      sum('closure_actual_collective').as('actual_collective'),
      sum('closure_actual_social').as('actual_social'),
    ])
    .executeTakeFirstOrThrow();
  const n = (v: string | number | null): number => (v === null ? 0 : Number(v));
  return {
    closed: n(row.closed),
    surveyed: n(row.surveyed),
    respondents: n(row.respondents),
    answered: n(row.answered),
    satisfied: n(row.satisfied),
    budget: { special: n(row.budget_special), collective: n(row.budget_collective), social: n(row.budget_social) },
    actual: { special: n(row.actual_special), collective: n(row.actual_collective), social: n(row.actual_social) },
  };
}
