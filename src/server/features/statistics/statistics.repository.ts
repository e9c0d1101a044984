/**
 * The statistics' SQL: sums of the figures kept per community and year (db/statistics-cells.ts, migration 0010)
 * inside a jurisdiction, grouped in the database (GROUP BY), money in integer 分; the running clocks by their due
 * instant against the request's. Each filter narrows the jurisdiction as the case lists' filters do: a town or
 * community outside it gives nothing.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import type { ScopeFilter } from '../cases/case-query.repository.js';

export interface StatisticsFilter {
  readonly scope: ScopeFilter;
  readonly townId?: number | undefined;
  readonly communityId?: number | undefined;
  /** A project's year; a demand's year of entry in Asia/Shanghai (the demand list's reading of a year). */
  readonly year?: number | undefined;
  /** Projects only (a demand has no category). */
  readonly category?: string | undefined;
}

type CellTable = 'stat_project' | 'stat_demand' | 'stat_deadline' | 'stat_open_deadline';

/** The filter on a cell table; `withCategory` for the tables that carry one. */
function cells(db: DbOrTrx, table: CellTable, f: StatisticsFilter, withCategory: boolean) {
  const col = (name: string) => sql.ref(`${table}.${name}`);
  let q: SelectQueryBuilder<Database, CellTable, object> = db.selectFrom(table);
  if ('communityId' in f.scope) q = q.where(col('community_id'), '=', f.scope.communityId);
  if ('townId' in f.scope) q = q.where(col('town_id'), '=', f.scope.townId);
  if (f.townId !== undefined) q = q.where(col('town_id'), '=', f.townId);
  if (f.communityId !== undefined) q = q.where(col('community_id'), '=', f.communityId);
  if (f.year !== undefined) q = q.where(col('year'), '=', f.year);
  if (withCategory && f.category !== undefined) q = q.where(col('category'), '=', f.category);
  return q;
}

/** A count or a sum as a number on both dialects (PostgreSQL sums bigint as numeric, which pg gives as text). */
const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const total = (column: string) => sql<string | number | null>`sum(${sql.ref(column)})`;

export interface ProjectGroupRow {
  readonly key: string | null;
  readonly count: number;
  readonly budgetFen: number;
}

export type ProjectGroupColumn = 'town_id' | 'community_id' | 'category' | 'handling_mode' | 'status' | 'year';

/** Projects and their registered budget grouped by one column. */
export async function projectGroups(db: DbOrTrx, f: StatisticsFilter, column: ProjectGroupColumn): Promise<ProjectGroupRow[]> {
  const ref = sql.ref(`stat_project.${column}`);
  const rows = await cells(db, 'stat_project', f, true)
    .select([sql<string | number | null>`${ref}`.as('key'), total('stat_project.projects').as('n'), total('stat_project.budget_fen').as('budget')])
    .groupBy(ref)
    .execute();
  // A missing category or handling mode is kept as '' in the cells: the groups call it undecided (null).
  return rows.map((r) => ({ key: r.key === null || r.key === '' ? null : String(r.key), count: n(r.n), budgetFen: n(r.budget) }));
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
  const r = await cells(db, 'stat_project', f, true)
    .select([
      total('stat_project.projects').as('n'),
      total('stat_project.budget_fen').as('budget'),
      total('stat_project.over_cap').as('over_cap'),
      total('stat_project.possible_split').as('possible_split'),
      total('stat_project.survey_exception').as('survey_exception'),
      sql<string | number | null>`sum(case when stat_project.status = 'closed' then stat_project.projects else 0 end)`.as('closed'),
    ])
    .executeTakeFirstOrThrow();
  return { count: n(r.n), budgetFen: n(r.budget), overCap: n(r.over_cap), possibleSplit: n(r.possible_split), surveyException: n(r.survey_exception), closed: n(r.closed) };
}

export interface CountRow {
  readonly key: string;
  readonly count: number;
}

export async function demandTotal(db: DbOrTrx, f: StatisticsFilter): Promise<number> {
  const r = await cells(db, 'stat_demand', f, false).select(total('stat_demand.demands').as('n')).executeTakeFirstOrThrow();
  return n(r.n);
}

export async function demandGroups(db: DbOrTrx, f: StatisticsFilter, column: 'channel' | 'status'): Promise<CountRow[]> {
  const ref = sql.ref(`stat_demand.${column}`);
  const rows = await cells(db, 'stat_demand', f, false)
    .select([sql<string | number>`${ref}`.as('key'), total('stat_demand.demands').as('n')])
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
 * open and past due at `now`, open and not yet due — by step, and by unit when `unit` is given: the finished ones
 * summed from `stat_deadline`, the running ones from `stat_open_deadline` on either side of `now`.
 */
export async function deadlineCounts(db: DbOrTrx, f: StatisticsFilter, now: string, unit: 'town_id' | 'community_id' | null): Promise<DeadlineCountRow[]> {
  const [done, open] = await Promise.all([finishedClocks(db, f, unit), openClocks(db, f, now, unit)]);
  const rows = new Map<string, { step: string; unitId: number | null; onTime: number; late: number; overdue: number; open: number }>();
  const at = (step: string, unitId: number | null) => {
    const key = `${step}\u0000${unitId ?? ''}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { step, unitId, onTime: 0, late: 0, overdue: 0, open: 0 };
      rows.set(key, row);
    }
    return row;
  };
  for (const d of done) {
    const row = at(d.step, d.unitId);
    row.onTime += d.onTime;
    row.late += d.late;
  }
  for (const o of open) {
    const row = at(o.step, o.unitId);
    row.overdue += o.overdue;
    row.open += o.open;
  }
  return [...rows.values()];
}

async function finishedClocks(db: DbOrTrx, f: StatisticsFilter, unit: 'town_id' | 'community_id' | null) {
  // With a category only projects' clocks count: a demand has none.
  let q = cells(db, 'stat_deadline', f, true);
  if (f.category !== undefined) q = q.where('stat_deadline.aggregate', '=', 'project');
  const unitRef = unit === null ? null : sql.ref(`stat_deadline.${unit}`);
  const rows = await q
    .select([
      'stat_deadline.step',
      sql<number | string | null>`${unitRef ?? sql`null`}`.as('unit_id'),
      total('stat_deadline.on_time').as('on_time'),
      total('stat_deadline.late').as('late'),
    ])
    .groupBy(unitRef === null ? ['stat_deadline.step'] : ['stat_deadline.step', unitRef])
    .execute();
  return rows.map((r) => ({ step: r.step, unitId: r.unit_id === null ? null : Number(r.unit_id), onTime: n(r.on_time), late: n(r.late) }));
}

async function openClocks(db: DbOrTrx, f: StatisticsFilter, now: string, unit: 'town_id' | 'community_id' | null) {
  let q = cells(db, 'stat_open_deadline', f, true);
  if (f.category !== undefined) q = q.where('stat_open_deadline.aggregate', '=', 'project');
  const unitRef = unit === null ? null : sql.ref(`stat_open_deadline.${unit}`);
  const rows = await q
    .select([
      'stat_open_deadline.step',
      sql<number | string | null>`${unitRef ?? sql`null`}`.as('unit_id'),
      sql<number>`sum(case when stat_open_deadline.due_at <= ${now} then stat_open_deadline.clocks else 0 end)`.as('overdue'),
      sql<number>`sum(case when stat_open_deadline.due_at > ${now} then stat_open_deadline.clocks else 0 end)`.as('open'),
    ])
    .groupBy(unitRef === null ? ['stat_open_deadline.step'] : ['stat_open_deadline.step', unitRef])
    .execute();
  return rows.map((r) => ({ step: r.step, unitId: r.unit_id === null ? null : Number(r.unit_id), overdue: n(r.overdue), open: n(r.open) }));
}

/** R9.1 what the ledgers paid to the filter's projects (every status), per fund source, in 分. */
export async function disbursedBySource(db: DbOrTrx, f: StatisticsFilter): Promise<Map<string, number>> {
  const r = await cells(db, 'stat_project', f, true)
    .select([total('stat_project.disbursed_special').as('special'), total('stat_project.disbursed_collective').as('collective'), total('stat_project.disbursed_social').as('social')])
    .executeTakeFirstOrThrow();
  return new Map(
    (['special', 'collective', 'social'] as const).flatMap((source) => (r[source] === null || n(r[source]) === 0 ? [] : [[source, n(r[source])] as [string, number]])),
  );
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
 * The filter's closed projects summed from their cells, which sum the projects' result columns (migration 0009,
 * db/project-results.ts): the surveys' respondents and satisfaction, the 结项表's budget and actual per fund row.
 */
export async function closedResults(db: DbOrTrx, f: StatisticsFilter): Promise<ClosedResultsRow> {
  const row = await cells(db, 'stat_project', f, true)
    .where('stat_project.status', '=', 'closed')
    .select([
      total('stat_project.projects').as('closed'),
      total('stat_project.surveyed').as('surveyed'),
      total('stat_project.survey_respondents').as('respondents'),
      total('stat_project.survey_answered').as('answered'),
      total('stat_project.survey_satisfied').as('satisfied'),
      total('stat_project.closure_budget_special').as('budget_special'),
      total('stat_project.closure_budget_collective').as('budget_collective'),
      total('stat_project.closure_budget_social').as('budget_social'),
      total('stat_project.closure_actual_special').as('actual_special'),
      total('stat_project.closure_actual_collective').as('actual_collective'),
      total('stat_project.closure_actual_social').as('actual_social'),
    ])
    .executeTakeFirstOrThrow();
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
