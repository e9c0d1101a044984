/**
 * The statistics' SQL: sums of the figures kept per community and year (db/statistics-cells.ts, migration 0010)
 * inside a jurisdiction, grouped in the database (GROUP BY), money in integer 分; the running clocks by their due
 * instant against the request's. Each filter narrows the jurisdiction as the case lists' filters do: a town or
 * community outside it gives nothing.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { PROJECT_CELL_SUMS } from '../../db/statistics-cells.js';
import type { ScopeFilter } from '../cases/case-query.repository.js';

export interface StatisticsFilter {
  readonly scope: ScopeFilter;
  readonly townId?: number | undefined;
  readonly communityId?: number | undefined;
  /** A project's year; a demand's year of entry in Asia/Shanghai (the demand list's reading of a year). */
  readonly year?: number | undefined;
  /** Projects only (a demand has no category). */
  readonly category?: string | undefined;
  /** Projects only (R5.5: a project's handling mode; a demand has none). */
  readonly handlingMode?: string | undefined;
}

type CellTable = 'stat_project' | 'stat_demand' | 'stat_deadline' | 'stat_open_deadline';

/** The filter on a cell table; `withProjectKeys` for the tables that carry the projects' category and handling mode. */
function cells(db: DbOrTrx, table: CellTable, f: StatisticsFilter, withProjectKeys: boolean) {
  const col = (name: string) => sql.ref(`${table}.${name}`);
  let q: SelectQueryBuilder<Database, CellTable, object> = db.selectFrom(table);
  if ('communityId' in f.scope) q = q.where(col('community_id'), '=', f.scope.communityId);
  if ('townId' in f.scope) q = q.where(col('town_id'), '=', f.scope.townId);
  if (f.townId !== undefined) q = q.where(col('town_id'), '=', f.townId);
  if (f.communityId !== undefined) q = q.where(col('community_id'), '=', f.communityId);
  if (f.year !== undefined) q = q.where(col('year'), '=', f.year);
  if (withProjectKeys && f.category !== undefined) q = q.where(col('category'), '=', f.category);
  if (withProjectKeys && f.handlingMode !== undefined) q = q.where(col('handling_mode'), '=', f.handlingMode);
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

/** Projects and their registered budget grouped by their town or community. */
export async function projectGroups(db: DbOrTrx, f: StatisticsFilter, column: 'town_id' | 'community_id'): Promise<ProjectGroupRow[]> {
  const ref = sql.ref(`stat_project.${column}`);
  const rows = await cells(db, 'stat_project', f, true)
    .select([sql<string | number>`${ref}`.as('key'), total('stat_project.projects').as('n'), total('stat_project.budget_fen').as('budget')])
    .groupBy(ref)
    .execute();
  return rows.map((r) => ({ key: String(r.key), count: n(r.n), budgetFen: n(r.budget) }));
}

type FundSource = 'special' | 'collective' | 'social';

/** Every figure a project cell sums, for one part of the filter's projects. */
export interface ProjectSums {
  readonly count: number;
  readonly budgetFen: number;
  readonly overCap: number;
  readonly possibleSplit: number;
  readonly surveyException: number;
  readonly surveyed: number;
  readonly respondents: number;
  readonly answered: number;
  readonly satisfied: number;
  /** The 结项表's budget and actual per fund row (closed projects). */
  readonly closureBudget: Readonly<Record<FundSource, number>>;
  readonly closureActual: Readonly<Record<FundSource, number>>;
  /** R9.1 what the ledgers paid, per fund source. */
  readonly disbursed: Readonly<Record<FundSource, number>>;
}

export interface ProjectBreakdownRow extends ProjectSums {
  /** null: not decided yet (kept as '' in the cells). */
  readonly category: string | null;
  readonly handlingMode: string | null;
  readonly status: string;
  readonly year: number;
}


/**
 * The filter's projects summed by category, handling mode, status and year in one pass over their cells: the page's
 * totals, flags, groups (but by unit), satisfaction and money are all sums of these rows (the service adds them up).
 */
export async function projectBreakdown(db: DbOrTrx, f: StatisticsFilter): Promise<ProjectBreakdownRow[]> {
  const keys = ['stat_project.category', 'stat_project.handling_mode', 'stat_project.status', 'stat_project.year'] as const;
  // The sums' aliases come from the cells' list of sums by map, which Kysely cannot type one by one: the row's shape is stated here.
  const rows = (await cells(db, 'stat_project', f, true)
    .select([...keys, ...PROJECT_CELL_SUMS.map((c) => total(`stat_project.${c}`).as(c))])
    .groupBy([...keys])
    .execute()) as unknown as (Record<(typeof PROJECT_CELL_SUMS)[number], unknown> & { category: string; handling_mode: string; status: string; year: number | string })[];
  const bySource = (row: Record<string, unknown>, prefix: string): Record<FundSource, number> => ({
    special: n(row[`${prefix}special`]),
    collective: n(row[`${prefix}collective`]),
    social: n(row[`${prefix}social`]),
  });
  return rows.map((r) => ({
    category: r.category === '' ? null : r.category,
    handlingMode: r.handling_mode === '' ? null : r.handling_mode,
    status: r.status,
    year: Number(r.year),
    count: n(r.projects),
    budgetFen: n(r.budget_fen),
    overCap: n(r.over_cap),
    possibleSplit: n(r.possible_split),
    surveyException: n(r.survey_exception),
    surveyed: n(r.surveyed),
    respondents: n(r.survey_respondents),
    answered: n(r.survey_answered),
    satisfied: n(r.survey_satisfied),
    closureBudget: bySource(r, 'closure_budget_'),
    closureActual: bySource(r, 'closure_actual_'),
    disbursed: bySource(r, 'disbursed_'),
  }));
}

export interface DemandBreakdownRow {
  readonly channel: string;
  readonly status: string;
  readonly count: number;
}

/**
 * The filter's demands by channel and status, in one pass over their cells (the total and both groups are sums of it).
 * A demand has no category or handling mode: those parts of the filter do not narrow it.
 */
export async function demandBreakdown(db: DbOrTrx, f: StatisticsFilter): Promise<DemandBreakdownRow[]> {
  const rows = await cells(db, 'stat_demand', f, false)
    .select(['stat_demand.channel', 'stat_demand.status', total('stat_demand.demands').as('n')])
    .groupBy(['stat_demand.channel', 'stat_demand.status'])
    .execute();
  return rows.map((r) => ({ channel: r.channel, status: r.status, count: n(r.n) }));
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

/** With a category or a handling mode only projects' clocks count: a demand has neither. */
const projectsOnly = (f: StatisticsFilter): boolean => f.category !== undefined || f.handlingMode !== undefined;

async function finishedClocks(db: DbOrTrx, f: StatisticsFilter, unit: 'town_id' | 'community_id' | null) {
  let q = cells(db, 'stat_deadline', f, true);
  if (projectsOnly(f)) q = q.where('stat_deadline.aggregate', '=', 'project');
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
  if (projectsOnly(f)) q = q.where('stat_open_deadline.aggregate', '=', 'project');
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
