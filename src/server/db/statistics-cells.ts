/**
 * The statistics' figures summed ahead per partition (migration 0010): a partition is one community's cases of one
 * year, a project's by its `year`, a demand's by the year of its entry in Asia/Shanghai (UTC+8 all year, R0.2), the
 * reading the demand list gives a year. `stat_project`, `stat_demand` and `stat_deadline` hold the counts and sums
 * of each partition's cases grouped by every column the statistics filter or group by, so that a page sums a few
 * rows per community and year instead of every case and clock of its jurisdiction (docs/performance.md, the large
 * city). `stat_open_deadline` holds the running clocks by due instant, so that a page counts those past due at the
 * instant of its request without reading the deadline rows or matching each to its case.
 *
 * What stays true: the figures of a partition are those of its rows as committed. Every write that can change them
 * (saving a demand or a project, starting, finishing or cancelling a clock, recording a disbursement) names the partitions it touches
 * (`touchStatistics`, the old and the new one when a case moves); just before its transaction commits, each is
 * recomputed from its rows inside that transaction, in a fixed order, after locking its `stat_partition` row, so two
 * transactions on one partition recompute it one after the other and the later one sees the earlier's rows.
 */
import { sql, type Kysely } from 'kysely';
import type { DbOrTrx, Trx } from './database.js';
import type { Database } from './schema.js';
import { beforeCommit } from './transactor.js';

export interface StatisticsPartition {
  readonly communityId: number;
  readonly year: number;
}

const HOUR_MS = 3_600_000;

/** The first instant of a year in Asia/Shanghai, as the ISO text the case tables store. */
export function shanghaiYearStart(year: number): string {
  return new Date(Date.UTC(year, 0, 1) - 8 * HOUR_MS).toISOString();
}

/** The year in Asia/Shanghai of an instant: a demand's partition year. */
export function shanghaiYearOf(instant: string): number {
  return new Date(Date.parse(instant) + 8 * HOUR_MS).getUTCFullYear();
}

const touched = new WeakMap<Trx, Map<string, StatisticsPartition>>();

/** Names partitions whose figures the transaction changes; they are recomputed just before it commits. */
export function touchStatistics(trx: Trx, partitions: readonly StatisticsPartition[]): void {
  let pending = touched.get(trx);
  if (pending === undefined) {
    const created = new Map<string, StatisticsPartition>();
    pending = created;
    touched.set(trx, created);
    beforeCommit(trx, async () => {
      const order = [...created.values()].sort((a, b) => a.communityId - b.communityId || a.year - b.year);
      created.clear();
      for (const partition of order) await refreshPartition(trx, partition, new Date().toISOString());
    });
  }
  for (const p of partitions) pending.set(`${p.communityId}:${p.year}`, p);
}

/** The partition of a stored project and of a stored demand, as their rows stand in the transaction. */
export async function projectPartition(db: DbOrTrx, projectId: number): Promise<StatisticsPartition | undefined> {
  const row = await db.selectFrom('project').select(['community_id', 'year', 'status']).where('id', '=', projectId).executeTakeFirst();
  return row === undefined || row.status === 'reserved' ? undefined : { communityId: row.community_id, year: row.year };
}

export async function demandPartition(db: DbOrTrx, demandId: number): Promise<StatisticsPartition | undefined> {
  const row = await db.selectFrom('demand').select(['community_id', 'created_at', 'status']).where('id', '=', demandId).executeTakeFirst();
  return row === undefined || row.status === 'reserved' ? undefined : { communityId: row.community_id, year: shanghaiYearOf(row.created_at) };
}

const count = sql<number>`count(*)`;
const sumOf = (column: string) => sql<number>`coalesce(sum(${sql.ref(column)}), 0)`;
const paid = (source: 'special' | 'collective' | 'social') =>
  sql<number>`coalesce(sum((select sum(disbursement.amount_fen) from disbursement where disbursement.project_id = project.id and disbursement.source = ${sql.lit(source)})), 0)`;

const PROJECT_COLUMNS = [
  'community_id',
  'town_id',
  'year',
  'category',
  'handling_mode',
  'status',
  'projects',
  'budget_fen',
  'over_cap',
  'possible_split',
  'survey_exception',
  'surveyed',
  'survey_respondents',
  'survey_answered',
  'survey_satisfied',
  'closure_budget_special',
  'closure_budget_collective',
  'closure_budget_social',
  'closure_actual_special',
  'closure_actual_collective',
  'closure_actual_social',
  'disbursed_special',
  'disbursed_collective',
  'disbursed_social',
] as const;

/** Projects grouped into cells, in PROJECT_COLUMNS' order; `partition` narrows to one. */
function projectCells(db: DbOrTrx, partition: StatisticsPartition | null) {
  let q = db.selectFrom('project').where('project.status', '!=', 'reserved');
  if (partition !== null) q = q.where('project.community_id', '=', partition.communityId).where('project.year', '=', partition.year);
  return q
    .select([
      'project.community_id',
      'project.town_id',
      'project.year',
      'project.category',
      'project.handling_mode',
      'project.status',
      count.as('projects'),
      sumOf('project.budget_fen').as('budget_fen'),
      sumOf('project.over_cap').as('over_cap'),
      sumOf('project.possible_split').as('possible_split'),
      sumOf('project.survey_exception').as('survey_exception'),
      sql<number>`count(project.survey_answered)`.as('surveyed'),
      sumOf('project.survey_respondents').as('survey_respondents'),
      sumOf('project.survey_answered').as('survey_answered'),
      sumOf('project.survey_satisfied').as('survey_satisfied'),
      sumOf('project.closure_budget_special').as('closure_budget_special'),
      sumOf('project.closure_budget_collective').as('closure_budget_collective'),
      sumOf('project.closure_budget_social').as('closure_budget_social'),
      sumOf('project.closure_actual_special').as('closure_actual_special'),
      sumOf('project.closure_actual_collective').as('closure_actual_collective'),
      sumOf('project.closure_actual_social').as('closure_actual_social'),
      paid('special').as('disbursed_special'),
      paid('collective').as('disbursed_collective'),
      paid('social').as('disbursed_social'),
    ])
    .groupBy(['project.community_id', 'project.town_id', 'project.year', 'project.category', 'project.handling_mode', 'project.status']);
}

/** Demands entered in `year` grouped into cells; `communityId` narrows to one partition. */
function demandCells(db: DbOrTrx, year: number, communityId: number | null) {
  let q = db
    .selectFrom('demand')
    .where('demand.status', '!=', 'reserved')
    .where('demand.created_at', '>=', shanghaiYearStart(year))
    .where('demand.created_at', '<', shanghaiYearStart(year + 1));
  if (communityId !== null) q = q.where('demand.community_id', '=', communityId);
  return q
    .select(['demand.community_id', 'demand.town_id', sql.lit(year).as('year'), 'demand.channel', 'demand.status', count.as('demands')])
    .groupBy(['demand.community_id', 'demand.town_id', 'demand.channel', 'demand.status']);
}

const DEADLINE_COLUMNS = ['case_community_id', 'year', 'community_id', 'town_id', 'aggregate', 'category', 'step', 'on_time', 'late'] as const;
const onTime = sql<number>`sum(case when deadline.late = 0 then 1 else 0 end)`;
const late = sql<number>`sum(case when deadline.late <> 0 then 1 else 0 end)`;

/** The finished clocks of projects, by the project's partition and category; `partition` narrows to one. */
function projectDeadlineCells(db: DbOrTrx, partition: StatisticsPartition | null) {
  let q = db
    .selectFrom('project')
    .innerJoin('deadline', (join) => join.onRef('deadline.aggregate_id', '=', 'project.id').on('deadline.aggregate', '=', 'project'))
    .where('project.status', '!=', 'reserved')
    .where('deadline.status', '=', 'done')
    .where('deadline.owner', '!=', 'system');
  if (partition !== null) q = q.where('project.community_id', '=', partition.communityId).where('project.year', '=', partition.year);
  return q
    .select([
      'project.community_id as case_community_id',
      'project.year',
      'deadline.community_id',
      'deadline.town_id',
      sql.lit('project').as('aggregate'),
      'project.category',
      'deadline.step',
      onTime.as('on_time'),
      late.as('late'),
    ])
    .groupBy(['project.community_id', 'project.year', 'deadline.community_id', 'deadline.town_id', 'project.category', 'deadline.step']);
}

/** The finished clocks of demands entered in `year`; `communityId` narrows to one partition. */
function demandDeadlineCells(db: DbOrTrx, year: number, communityId: number | null) {
  let q = db
    .selectFrom('demand')
    .innerJoin('deadline', (join) => join.onRef('deadline.aggregate_id', '=', 'demand.id').on('deadline.aggregate', '=', 'demand'))
    .where('demand.status', '!=', 'reserved')
    .where('demand.created_at', '>=', shanghaiYearStart(year))
    .where('demand.created_at', '<', shanghaiYearStart(year + 1))
    .where('deadline.status', '=', 'done')
    .where('deadline.owner', '!=', 'system');
  if (communityId !== null) q = q.where('demand.community_id', '=', communityId);
  return q
    .select([
      'demand.community_id as case_community_id',
      sql.lit(year).as('year'),
      'deadline.community_id',
      'deadline.town_id',
      sql.lit('demand').as('aggregate'),
      sql<string | null>`null`.as('category'),
      'deadline.step',
      onTime.as('on_time'),
      late.as('late'),
    ])
    .groupBy(['demand.community_id', 'deadline.community_id', 'deadline.town_id', 'deadline.step']);
}

const DEMAND_COLUMNS = ['community_id', 'town_id', 'year', 'channel', 'status', 'demands'] as const;

const OPEN_COLUMNS = ['case_community_id', 'year', 'community_id', 'town_id', 'aggregate', 'category', 'step', 'due_at', 'clocks'] as const;

/** The running clocks of projects by due instant, with the project's partition and category; `partition` narrows to one. */
function projectOpenCells(db: DbOrTrx, partition: StatisticsPartition | null) {
  let q = db
    .selectFrom('project')
    .innerJoin('deadline', (join) => join.onRef('deadline.aggregate_id', '=', 'project.id').on('deadline.aggregate', '=', 'project'))
    .where('project.status', '!=', 'reserved')
    .where('deadline.status', '=', 'open')
    .where('deadline.owner', '!=', 'system');
  if (partition !== null) q = q.where('project.community_id', '=', partition.communityId).where('project.year', '=', partition.year);
  return q
    .select([
      'project.community_id as case_community_id',
      'project.year',
      'deadline.community_id',
      'deadline.town_id',
      sql.lit('project').as('aggregate'),
      'project.category',
      'deadline.step',
      'deadline.due_at',
      count.as('clocks'),
    ])
    .groupBy(['project.community_id', 'project.year', 'deadline.community_id', 'deadline.town_id', 'project.category', 'deadline.step', 'deadline.due_at']);
}

/** The running clocks of demands entered in `year`, by due instant; `communityId` narrows to one partition. */
function demandOpenCells(db: DbOrTrx, year: number, communityId: number | null) {
  let q = db
    .selectFrom('demand')
    .innerJoin('deadline', (join) => join.onRef('deadline.aggregate_id', '=', 'demand.id').on('deadline.aggregate', '=', 'demand'))
    .where('demand.status', '!=', 'reserved')
    .where('demand.created_at', '>=', shanghaiYearStart(year))
    .where('demand.created_at', '<', shanghaiYearStart(year + 1))
    .where('deadline.status', '=', 'open')
    .where('deadline.owner', '!=', 'system');
  if (communityId !== null) q = q.where('demand.community_id', '=', communityId);
  return q
    .select([
      'demand.community_id as case_community_id',
      sql.lit(year).as('year'),
      'deadline.community_id',
      'deadline.town_id',
      sql.lit('demand').as('aggregate'),
      sql<string | null>`null`.as('category'),
      'deadline.step',
      'deadline.due_at',
      count.as('clocks'),
    ])
    .groupBy(['demand.community_id', 'deadline.community_id', 'deadline.town_id', 'deadline.step', 'deadline.due_at']);
}

/** Recomputes one partition's cells from its rows, holding the partition's lock row until the transaction ends. */
export async function refreshPartition(trx: Trx, p: StatisticsPartition, now: string): Promise<void> {
  await trx
    .insertInto('stat_partition')
    .values({ community_id: p.communityId, year: p.year, refreshed_at: now })
    .onConflict((oc) => oc.columns(['community_id', 'year']).doUpdateSet({ refreshed_at: now }))
    .execute();
  await trx.deleteFrom('stat_project').where('community_id', '=', p.communityId).where('year', '=', p.year).execute();
  await trx.deleteFrom('stat_demand').where('community_id', '=', p.communityId).where('year', '=', p.year).execute();
  await trx.deleteFrom('stat_deadline').where('case_community_id', '=', p.communityId).where('year', '=', p.year).execute();
  await trx.deleteFrom('stat_open_deadline').where('case_community_id', '=', p.communityId).where('year', '=', p.year).execute();
  await trx.insertInto('stat_project').columns(PROJECT_COLUMNS).expression(projectCells(trx, p)).execute();
  await trx.insertInto('stat_demand').columns(DEMAND_COLUMNS).expression(demandCells(trx, p.year, p.communityId)).execute();
  await trx.insertInto('stat_deadline').columns(DEADLINE_COLUMNS).expression(projectDeadlineCells(trx, p)).execute();
  await trx.insertInto('stat_deadline').columns(DEADLINE_COLUMNS).expression(demandDeadlineCells(trx, p.year, p.communityId)).execute();
  await trx.insertInto('stat_open_deadline').columns(OPEN_COLUMNS).expression(projectOpenCells(trx, p)).execute();
  await trx.insertInto('stat_open_deadline').columns(OPEN_COLUMNS).expression(demandOpenCells(trx, p.year, p.communityId)).execute();
}

/** The years demands were entered in, by the partition reading. */
async function demandYears(db: DbOrTrx): Promise<number[]> {
  const r = await db.selectFrom('demand').select([sql<string | null>`min(created_at)`.as('first'), sql<string | null>`max(created_at)`.as('last')]).where('status', '!=', 'reserved').executeTakeFirst();
  if (r?.first == null || r.last == null) return [];
  const years: number[] = [];
  for (let y = shanghaiYearOf(r.first); y <= shanghaiYearOf(r.last); y++) years.push(y);
  return years;
}

/**
 * Every partition's cells computed afresh from the stored rows, set-wise (the migration that creates the cells, and
 * rows written in bulk without the repositories, as the benchmark's generator does).
 */
export async function rebuildStatistics(db: Kysely<Database> | Trx): Promise<void> {
  await db.deleteFrom('stat_project').execute();
  await db.deleteFrom('stat_demand').execute();
  await db.deleteFrom('stat_deadline').execute();
  await db.deleteFrom('stat_open_deadline').execute();
  await db.insertInto('stat_project').columns(PROJECT_COLUMNS).expression(projectCells(db, null)).execute();
  await db.insertInto('stat_deadline').columns(DEADLINE_COLUMNS).expression(projectDeadlineCells(db, null)).execute();
  await db.insertInto('stat_open_deadline').columns(OPEN_COLUMNS).expression(projectOpenCells(db, null)).execute();
  for (const year of await demandYears(db)) {
    await db.insertInto('stat_demand').columns(DEMAND_COLUMNS).expression(demandCells(db, year, null)).execute();
    await db.insertInto('stat_deadline').columns(DEADLINE_COLUMNS).expression(demandDeadlineCells(db, year, null)).execute();
    await db.insertInto('stat_open_deadline').columns(OPEN_COLUMNS).expression(demandOpenCells(db, year, null)).execute();
  }
}
