/**
 * The statistics' figures summed ahead (migrations 0010 and 0013): `stat_project`, `stat_demand`, `stat_deadline` and
 * `stat_open_deadline` hold the counts and sums of the cases grouped by every column the statistics filter or group
 * by — community and town, the year (a project's `year`, a demand's year of entry in Asia/Shanghai, UTC+8 all year,
 * R0.2, the reading the demand list gives a year), category, handling mode, status, channel, step — so that a page
 * sums a few rows per community and year instead of every case and clock of its jurisdiction (docs/performance.md,
 * the large city). Running clocks are kept by due instant: whether one is past due is decided at the request.
 * A missing category or handling mode is kept as '' so that each cell has one key.
 *
 * What stays true: the cells are the sums of the rows as committed. Every write that changes a counted row adds
 * its difference in the same transaction — a case's saved row (what the save set) against its row before, which a
 * transaction reads once and then knows from its own writes (and, when the case changes
 * community, year, category or handling mode, its clocks with it), a clock started, finished or cancelled, a disbursement recorded — and
 * just before the transaction commits the differences are added to their cells in one fixed order (two writers
 * never wait on each other in opposite orders), emptied cells removed. A write in a transaction `Transactor.run`
 * did not open is refused (`beforeCommit`). Rows written in bulk outside the repositories are followed by
 * `rebuildStatistics`, which computes every cell afresh, set-wise.
 */
import { sql, type Kysely } from 'kysely';
import type { DbOrTrx, Trx } from './database.js';
import type { Database, DemandRow, ProjectRow } from './schema.js';
import { PROJECT_RESULT_COLUMNS } from './project-results.js';
import { beforeCommit, locksRows } from './transactor.js';

type CellTable = 'stat_project' | 'stat_demand' | 'stat_deadline' | 'stat_open_deadline';

const KEYS: Readonly<Record<CellTable, readonly string[]>> = {
  stat_project: ['community_id', 'town_id', 'year', 'category', 'handling_mode', 'status'],
  stat_demand: ['community_id', 'town_id', 'year', 'channel', 'status'],
  stat_deadline: ['case_community_id', 'year', 'community_id', 'town_id', 'aggregate', 'category', 'handling_mode', 'step'],
  stat_open_deadline: ['case_community_id', 'year', 'community_id', 'town_id', 'aggregate', 'category', 'handling_mode', 'step', 'due_at'],
};
/** The columns whose zeros mean the cell counts nothing: it is removed. */
const EMPTY_WHEN: Readonly<Record<CellTable, readonly string[]>> = { stat_project: ['projects'], stat_demand: ['demands'], stat_deadline: ['on_time', 'late'], stat_open_deadline: ['clocks'] };

type Key = Readonly<Record<string, string | number>>;
interface Difference {
  readonly table: CellTable;
  readonly key: Key;
  readonly add: Record<string, number>;
}

const HOUR_MS = 3_600_000;

/** The first instant of a year in Asia/Shanghai, as the ISO text the case tables store. */
export function shanghaiYearStart(year: number): string {
  return new Date(Date.UTC(year, 0, 1) - 8 * HOUR_MS).toISOString();
}

/** The year in Asia/Shanghai of an instant: a demand's statistics year. */
export function shanghaiYearOf(instant: string): number {
  return new Date(Date.parse(instant) + 8 * HOUR_MS).getUTCFullYear();
}

/** A case as this transaction knows it: its row's counted columns now, and the clocks it changed while still reserved. */
interface KnownCase<R> {
  /** The row as it stands in this transaction; undefined: no such row. */
  row: R | undefined;
  /**
   * Whether `row` is the row this transaction holds: written by it (reserved or saved) or read under its lock. A row
   * read without a lock serves only as the key of the case's clocks, and is read again before a save.
   */
  held: boolean;
  /** Reserved by this transaction and not saved yet: the changes to its clocks, counted when it is first saved. */
  reservedClocks: (readonly [ClockRow | undefined, ClockRow | undefined])[] | null;
}

/** What a transaction has added so far, and the cases it knows. */
interface Pending {
  readonly differences: Map<string, Difference>;
  readonly demands: Map<number, KnownCase<DemandCellRow>>;
  readonly projects: Map<number, KnownCase<ProjectCellRow>>;
}

const pending = new WeakMap<Trx, Pending>();

/** The transaction's differences and cases; the first touch registers the differences' application before commit. */
function pendingOf(trx: Trx): Pending {
  let p = pending.get(trx);
  if (p === undefined) {
    const created: Pending = { differences: new Map(), demands: new Map(), projects: new Map() };
    beforeCommit(trx, () => applyDifferences(trx, created.differences));
    pending.set(trx, created);
    p = created;
  }
  return p;
}

function addDifference(trx: Trx, table: CellTable, key: Key, add: Readonly<Record<string, number>>, sign: 1 | -1): void {
  const list = pendingOf(trx).differences;
  const id = JSON.stringify([table, ...KEYS[table].map((k) => key[k])]);
  const d = list.get(id) ?? { table, key, add: {} };
  for (const [column, value] of Object.entries(add)) d.add[column] = (d.add[column] ?? 0) + sign * value;
  list.set(id, d);
}

async function applyDifferences(trx: Trx, differences: Map<string, Difference>): Promise<void> {
  const order = [...differences.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  differences.clear();
  for (const [, d] of order) {
    if (Object.values(d.add).every((v) => v === 0)) continue;
    const values = { ...d.key, ...d.add };
    const keyColumns = KEYS[d.table];
    const addColumns = Object.keys(d.add);
    // The cell tables share no column type Kysely can check here: each call names its own columns.
    const table = d.table as 'stat_demand';
    await trx
      .insertInto(table)
      .values(values as never)
      .onConflict((oc) =>
        oc.columns(keyColumns as never).doUpdateSet(Object.fromEntries(addColumns.map((c) => [c, sql`${sql.ref(`${d.table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`]))),
      )
      .execute();
    // Only a subtraction can empty a cell.
    if (Object.values(d.add).every((x) => x >= 0)) continue;
    let emptied = trx.deleteFrom(table);
    for (const c of EMPTY_WHEN[d.table]) emptied = emptied.where(sql.ref(c), '=', 0);
    for (const k of keyColumns) emptied = emptied.where(sql.ref(k), '=', d.key[k] as never);
    await emptied.execute();
  }
}

/** Where a case's clocks are counted: the case's community, year, category and handling mode ('' for a demand). */
interface CaseKey {
  readonly caseCommunityId: number;
  readonly year: number;
  readonly category: string;
  readonly handlingMode: string;
}

const sameCase = (a: CaseKey | null, b: CaseKey | null): boolean =>
  a?.caseCommunityId === b?.caseCommunityId && a?.year === b?.year && a?.category === b?.category && a?.handlingMode === b?.handlingMode;

interface ClockRow {
  readonly aggregate: 'demand' | 'project';
  readonly community_id: number;
  readonly town_id: number;
  readonly step: string;
  readonly owner: string;
  readonly status: string;
  readonly due_at: string;
  readonly late: number;
}

/** A clock's difference to its cells under its case; the system's own clocks (the publicity window) are not counted. */
function addClock(trx: Trx, c: CaseKey, clock: ClockRow, sign: 1 | -1): void {
  if (clock.owner === 'system') return;
  const key = { case_community_id: c.caseCommunityId, year: c.year, community_id: clock.community_id, town_id: clock.town_id, aggregate: clock.aggregate, category: c.category, handling_mode: c.handlingMode, step: clock.step };
  if (clock.status === 'open') addDifference(trx, 'stat_open_deadline', { ...key, due_at: clock.due_at }, { clocks: 1 }, sign);
  else if (clock.status === 'done') addDifference(trx, 'stat_deadline', key, clock.late === 0 ? { on_time: 1, late: 0 } : { on_time: 0, late: 1 }, sign);
}

const CLOCK_COLUMNS = ['aggregate', 'community_id', 'town_id', 'step', 'owner', 'status', 'due_at', 'late'] as const;

async function clocksOf(trx: Trx, aggregate: 'demand' | 'project', id: number): Promise<ClockRow[]> {
  return trx.selectFrom('deadline').select(CLOCK_COLUMNS).where('aggregate', '=', aggregate).where('aggregate_id', '=', id).where('status', 'in', ['open', 'done']).execute();
}

/**
 * A case whose key changed from `was` to `now`: its clocks move with it. A case reserved by this transaction has
 * only the clocks it changed here, which are known; any other's are read.
 */
async function moveClocks<R>(trx: Trx, aggregate: 'demand' | 'project', id: number, known: KnownCase<R>, was: CaseKey | null, now: CaseKey | null): Promise<void> {
  if (was === null && known.reservedClocks !== null) {
    if (now === null) return;
    for (const [before, after] of known.reservedClocks) {
      if (before !== undefined) addClock(trx, now, before, -1);
      if (after !== undefined) addClock(trx, now, after, 1);
    }
    return;
  }
  for (const clock of await clocksOf(trx, aggregate, id)) {
    if (was !== null) addClock(trx, was, clock, -1);
    if (now !== null) addClock(trx, now, clock, 1);
  }
}

const DEMAND_ROW = ['community_id', 'town_id', 'created_at', 'channel', 'status'] as const;
type DemandCellRow = Pick<DemandRow, (typeof DEMAND_ROW)[number]>;
/** What a save sets of a demand's counted columns: its entry instant and channel never change. */
type DemandSet = Pick<DemandRow, 'community_id' | 'town_id' | 'status'>;

/** A demand id reserved by this transaction (its row not counted until it is saved). */
export function demandReserved(trx: Trx, id: number, row: DemandCellRow): void {
  pendingOf(trx).demands.set(id, { row, held: true, reservedClocks: [] });
}

const readDemand = (trx: Trx, id: number): Promise<DemandCellRow | undefined> => trx.selectFrom('demand').select(DEMAND_ROW).where('id', '=', id).executeTakeFirst();

/** A demand's counted columns before this transaction saves it. */
export async function demandBefore(trx: Trx, id: number): Promise<DemandCellRow | undefined> {
  const demands = pendingOf(trx).demands;
  const known = demands.get(id);
  if (known?.held === true) return known.row;
  const row = await readDemand(trx, id);
  demands.set(id, { row, held: true, reservedClocks: null });
  return row;
}

const demandCase = (r: DemandCellRow | undefined): CaseKey | null =>
  r === undefined || r.status === 'reserved' ? null : { caseCommunityId: r.community_id, year: shanghaiYearOf(r.created_at), category: '', handlingMode: '' };

/** A demand saved: its row before against its row now, and its clocks when it moved to another community or year. */
export async function demandSaved(trx: Trx, id: number, before: DemandCellRow, set: DemandSet): Promise<void> {
  const after: DemandCellRow = { ...before, community_id: set.community_id, town_id: set.town_id, status: set.status };
  for (const [row, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    const c = demandCase(row);
    if (c === null) continue;
    addDifference(trx, 'stat_demand', { community_id: row.community_id, town_id: row.town_id, year: c.year, channel: row.channel, status: row.status }, { demands: 1 }, sign);
  }
  const demands = pendingOf(trx).demands;
  const known = demands.get(id) ?? { row: before, held: true, reservedClocks: null };
  const [was, now] = [demandCase(before), demandCase(after)];
  if (!sameCase(was, now)) await moveClocks(trx, 'demand', id, known, was, now);
  demands.set(id, { row: after, held: true, reservedClocks: now === null ? known.reservedClocks : null });
}

const PROJECT_ROW = [
  'community_id',
  'town_id',
  'year',
  'category',
  'handling_mode',
  'status',
  'budget_fen',
  'over_cap',
  'possible_split',
  'survey_exception',
  ...PROJECT_RESULT_COLUMNS,
] as const;
/** What a save sets of a project's counted columns (its disbursements are recorded apart). */
type ProjectSet = Pick<ProjectRow, (typeof PROJECT_ROW)[number]>;
type ProjectCellRow = ProjectSet & { readonly paid: Readonly<Record<string, number>> };

/** A project id reserved by this transaction (its row not counted until it is saved). */
export function projectReserved(trx: Trx, id: number, row: ProjectSet): void {
  pendingOf(trx).projects.set(id, { row: { ...row, paid: {} }, held: true, reservedClocks: [] });
}

/**
 * A project's counted columns as this transaction holds them, before it saves the project or records a disbursement.
 * On PostgreSQL the row is locked first (FOR NO KEY UPDATE, which a disbursement's foreign key does not wait on), so
 * that a disbursement recorded at the same time is counted under the key the project has when it commits.
 */
export async function projectBefore(trx: Trx, id: number): Promise<ProjectCellRow | undefined> {
  const projects = pendingOf(trx).projects;
  const known = projects.get(id);
  if (known?.held === true) return known.row;
  let query = trx.selectFrom('project').select(PROJECT_ROW).where('id', '=', id);
  if (locksRows(trx)) query = query.forNoKeyUpdate();
  const row = await query.executeTakeFirst();
  let cellRow: ProjectCellRow | undefined;
  if (row !== undefined) {
    const paid = await trx.selectFrom('disbursement').select(['source', sql<string>`sum(amount_fen)`.as('fen')]).where('project_id', '=', id).groupBy('source').execute();
    cellRow = { ...row, paid: Object.fromEntries(paid.map((p) => [p.source, Number(p.fen)])) };
  }
  projects.set(id, { row: cellRow, held: true, reservedClocks: null });
  return cellRow;
}

const projectCase = (r: ProjectSet | undefined): CaseKey | null =>
  r === undefined || r.status === 'reserved' ? null : { caseCommunityId: r.community_id, year: r.year, category: r.category ?? '', handlingMode: r.handling_mode ?? '' };

const projectKey = (r: Pick<ProjectRow, 'community_id' | 'town_id' | 'year' | 'category' | 'handling_mode' | 'status'>): Key => ({
  community_id: r.community_id,
  town_id: r.town_id,
  year: r.year,
  category: r.category ?? '',
  handling_mode: r.handling_mode ?? '',
  status: r.status,
});

const v = (x: number | string | null): number => (x === null ? 0 : Number(x));

/** A project saved: its row before against its row now, and its clocks when its community, year, category or handling mode changed. */
export async function projectSaved(trx: Trx, id: number, before: ProjectCellRow, set: ProjectSet): Promise<void> {
  const after: ProjectCellRow = { ...pickProjectSet(set), paid: before.paid };
  for (const [row, sign] of [
    [before, -1],
    [after, 1],
  ] as const) {
    if (row.status === 'reserved') continue;
    addDifference(
      trx,
      'stat_project',
      projectKey(row),
      {
        projects: 1,
        budget_fen: v(row.budget_fen),
        over_cap: v(row.over_cap),
        possible_split: v(row.possible_split),
        survey_exception: v(row.survey_exception),
        surveyed: row.survey_answered === null ? 0 : 1,
        survey_respondents: v(row.survey_respondents),
        survey_answered: v(row.survey_answered),
        survey_satisfied: v(row.survey_satisfied),
        closure_budget_special: v(row.closure_budget_special),
        closure_budget_collective: v(row.closure_budget_collective),
        closure_budget_social: v(row.closure_budget_social),
        closure_actual_special: v(row.closure_actual_special),
        closure_actual_collective: v(row.closure_actual_collective),
        closure_actual_social: v(row.closure_actual_social),
        disbursed_special: row.paid.special ?? 0,
        disbursed_collective: row.paid.collective ?? 0,
        disbursed_social: row.paid.social ?? 0,
      },
      sign,
    );
  }
  const projects = pendingOf(trx).projects;
  const known = projects.get(id) ?? { row: before, held: true, reservedClocks: null };
  const [was, now] = [projectCase(before), projectCase(after)];
  if (!sameCase(was, now)) await moveClocks(trx, 'project', id, known, was, now);
  projects.set(id, { row: after, held: true, reservedClocks: now === null ? known.reservedClocks : null });
}

/** Only the counted columns of what a save sets (the caller may pass the whole row it writes). */
function pickProjectSet(set: ProjectSet): ProjectSet {
  return Object.fromEntries(PROJECT_ROW.map((c) => [c, set[c]])) as ProjectSet;
}

/** The key a case's clocks are counted under, and what the transaction knows of it. */
async function caseOf(trx: Trx, aggregate: 'demand' | 'project', id: number): Promise<{ key: CaseKey | null; known: KnownCase<unknown> }> {
  const p = pendingOf(trx);
  if (aggregate === 'demand') {
    let known = p.demands.get(id);
    if (known === undefined) {
      known = { row: await readDemand(trx, id), held: false, reservedClocks: null };
      p.demands.set(id, known);
    }
    return { key: demandCase(known.row), known };
  }
  let known = p.projects.get(id);
  if (known === undefined) {
    const row = await trx.selectFrom('project').select(PROJECT_ROW).where('id', '=', id).executeTakeFirst();
    known = { row: row === undefined ? undefined : { ...row, paid: {} }, held: false, reservedClocks: null };
    p.projects.set(id, known);
  }
  return { key: projectCase(known.row), known };
}

/**
 * A clock changed: `before` and `after` as the row was and is (undefined: did not exist / no longer counted). The
 * clocks of a case still reserved are counted when it is first saved (`demandSaved`, `projectSaved`).
 */
export async function clockChanged(trx: Trx, aggregate: 'demand' | 'project', id: number, before: ClockRow | undefined, after: ClockRow | undefined): Promise<void> {
  const { key, known } = await caseOf(trx, aggregate, id);
  if (key === null) {
    known.reservedClocks?.push([before, after]);
    return;
  }
  if (before !== undefined) addClock(trx, key, before, -1);
  if (after !== undefined) addClock(trx, key, after, 1);
}

export type { ClockRow };

/** A disbursement recorded against a project: its money joins the project's cell. */
export async function disbursementRecorded(trx: Trx, projectId: number, source: string, amountFen: number): Promise<void> {
  // Read after the disbursement's row is written: a project first read here counts it already.
  const known = pendingOf(trx).projects.get(projectId);
  const wasHeld = known?.held === true;
  const row = await projectBefore(trx, projectId);
  if (row === undefined || row.status === 'reserved' || !['special', 'collective', 'social'].includes(source)) return;
  addDifference(trx, 'stat_project', projectKey(row), { [`disbursed_${source}`]: amountFen }, 1);
  if (wasHeld) pendingOf(trx).projects.set(projectId, { row: { ...row, paid: { ...row.paid, [source]: (row.paid[source] ?? 0) + amountFen } }, held: true, reservedClocks: null });
}

const count = sql<number>`count(*)`;
const sumOf = (column: string) => sql<number>`coalesce(sum(${sql.ref(column)}), 0)`;
const paid = (source: 'special' | 'collective' | 'social') =>
  sql<number>`coalesce(sum((select sum(disbursement.amount_fen) from disbursement where disbursement.project_id = project.id and disbursement.source = ${sql.lit(source)})), 0)`;

/** What a project cell sums, after its key. */
export const PROJECT_CELL_SUMS = [
  'projects',
  'budget_fen',
  'over_cap',
  'possible_split',
  'survey_exception',
  'surveyed',
  ...PROJECT_RESULT_COLUMNS,
  'disbursed_special',
  'disbursed_collective',
  'disbursed_social',
] as const;

const PROJECT_COLUMNS = ['community_id', 'town_id', 'year', 'category', 'handling_mode', 'status', ...PROJECT_CELL_SUMS] as const;

/** Projects grouped into cells, in PROJECT_COLUMNS' order. */
function projectCells(db: DbOrTrx) {
  const q = db.selectFrom('project').where('project.status', '!=', 'reserved');
  return q
    .select([
      'project.community_id',
      'project.town_id',
      'project.year',
      sql<string>`coalesce(project.category, '')`.as('category'),
      sql<string>`coalesce(project.handling_mode, '')`.as('handling_mode'),
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
    .groupBy(['project.community_id', 'project.town_id', 'project.year', sql`coalesce(project.category, '')`, sql`coalesce(project.handling_mode, '')`, 'project.status']);
}

/** Demands entered in `year` grouped into cells. */
function demandCells(db: DbOrTrx, year: number) {
  const q = db
    .selectFrom('demand')
    .where('demand.status', '!=', 'reserved')
    .where('demand.created_at', '>=', shanghaiYearStart(year))
    .where('demand.created_at', '<', shanghaiYearStart(year + 1));
  return q
    .select(['demand.community_id', 'demand.town_id', sql.lit(year).as('year'), 'demand.channel', 'demand.status', count.as('demands')])
    .groupBy(['demand.community_id', 'demand.town_id', 'demand.channel', 'demand.status']);
}

const DEADLINE_COLUMNS = ['case_community_id', 'year', 'community_id', 'town_id', 'aggregate', 'category', 'handling_mode', 'step', 'on_time', 'late'] as const;
const onTime = sql<number>`sum(case when deadline.late = 0 then 1 else 0 end)`;
const late = sql<number>`sum(case when deadline.late <> 0 then 1 else 0 end)`;

/** The finished clocks of projects, by the project's community, year, category and handling mode. */
function projectDeadlineCells(db: DbOrTrx) {
  const q = db
    .selectFrom('project')
    .innerJoin('deadline', (join) => join.onRef('deadline.aggregate_id', '=', 'project.id').on('deadline.aggregate', '=', 'project'))
    .where('project.status', '!=', 'reserved')
    .where('deadline.status', '=', 'done')
    .where('deadline.owner', '!=', 'system');
  return q
    .select([
      'project.community_id as case_community_id',
      'project.year',
      'deadline.community_id',
      'deadline.town_id',
      sql.lit('project').as('aggregate'),
      sql<string>`coalesce(project.category, '')`.as('category'),
      sql<string>`coalesce(project.handling_mode, '')`.as('handling_mode'),
      'deadline.step',
      onTime.as('on_time'),
      late.as('late'),
    ])
    .groupBy(['project.community_id', 'project.year', 'deadline.community_id', 'deadline.town_id', sql`coalesce(project.category, '')`, sql`coalesce(project.handling_mode, '')`, 'deadline.step']);
}

/** The finished clocks of demands entered in `year`. */
function demandDeadlineCells(db: DbOrTrx, year: number) {
  const q = db
    .selectFrom('demand')
    .innerJoin('deadline', (join) => join.onRef('deadline.aggregate_id', '=', 'demand.id').on('deadline.aggregate', '=', 'demand'))
    .where('demand.status', '!=', 'reserved')
    .where('demand.created_at', '>=', shanghaiYearStart(year))
    .where('demand.created_at', '<', shanghaiYearStart(year + 1))
    .where('deadline.status', '=', 'done')
    .where('deadline.owner', '!=', 'system');
  return q
    .select([
      'demand.community_id as case_community_id',
      sql.lit(year).as('year'),
      'deadline.community_id',
      'deadline.town_id',
      sql.lit('demand').as('aggregate'),
      sql.lit('').as('category'),
      sql.lit('').as('handling_mode'),
      'deadline.step',
      onTime.as('on_time'),
      late.as('late'),
    ])
    .groupBy(['demand.community_id', 'deadline.community_id', 'deadline.town_id', 'deadline.step']);
}

const DEMAND_COLUMNS = ['community_id', 'town_id', 'year', 'channel', 'status', 'demands'] as const;

const OPEN_COLUMNS = ['case_community_id', 'year', 'community_id', 'town_id', 'aggregate', 'category', 'handling_mode', 'step', 'due_at', 'clocks'] as const;

/** The running clocks of projects by due instant, with the project's community, year, category and handling mode. */
function projectOpenCells(db: DbOrTrx) {
  const q = db
    .selectFrom('project')
    .innerJoin('deadline', (join) => join.onRef('deadline.aggregate_id', '=', 'project.id').on('deadline.aggregate', '=', 'project'))
    .where('project.status', '!=', 'reserved')
    .where('deadline.status', '=', 'open')
    .where('deadline.owner', '!=', 'system');
  return q
    .select([
      'project.community_id as case_community_id',
      'project.year',
      'deadline.community_id',
      'deadline.town_id',
      sql.lit('project').as('aggregate'),
      sql<string>`coalesce(project.category, '')`.as('category'),
      sql<string>`coalesce(project.handling_mode, '')`.as('handling_mode'),
      'deadline.step',
      'deadline.due_at',
      count.as('clocks'),
    ])
    .groupBy(['project.community_id', 'project.year', 'deadline.community_id', 'deadline.town_id', sql`coalesce(project.category, '')`, sql`coalesce(project.handling_mode, '')`, 'deadline.step', 'deadline.due_at']);
}

/** The running clocks of demands entered in `year`, by due instant. */
function demandOpenCells(db: DbOrTrx, year: number) {
  const q = db
    .selectFrom('demand')
    .innerJoin('deadline', (join) => join.onRef('deadline.aggregate_id', '=', 'demand.id').on('deadline.aggregate', '=', 'demand'))
    .where('demand.status', '!=', 'reserved')
    .where('demand.created_at', '>=', shanghaiYearStart(year))
    .where('demand.created_at', '<', shanghaiYearStart(year + 1))
    .where('deadline.status', '=', 'open')
    .where('deadline.owner', '!=', 'system');
  return q
    .select([
      'demand.community_id as case_community_id',
      sql.lit(year).as('year'),
      'deadline.community_id',
      'deadline.town_id',
      sql.lit('demand').as('aggregate'),
      sql.lit('').as('category'),
      sql.lit('').as('handling_mode'),
      'deadline.step',
      'deadline.due_at',
      count.as('clocks'),
    ])
    .groupBy(['demand.community_id', 'deadline.community_id', 'deadline.town_id', 'deadline.step', 'deadline.due_at']);
}

/** The years demands were entered in, in Asia/Shanghai. */
async function demandYears(db: DbOrTrx): Promise<number[]> {
  const r = await db.selectFrom('demand').select([sql<string | null>`min(created_at)`.as('first'), sql<string | null>`max(created_at)`.as('last')]).where('status', '!=', 'reserved').executeTakeFirst();
  if (r?.first == null || r.last == null) return [];
  const years: number[] = [];
  for (let y = shanghaiYearOf(r.first); y <= shanghaiYearOf(r.last); y++) years.push(y);
  return years;
}

/**
 * Every cell computed afresh from the stored rows, set-wise (the migration that creates the cells, and
 * rows written in bulk without the repositories, as the benchmark's generator does).
 */
export async function rebuildStatistics(db: Kysely<Database> | Trx): Promise<void> {
  await db.deleteFrom('stat_project').execute();
  await db.deleteFrom('stat_demand').execute();
  await db.deleteFrom('stat_deadline').execute();
  await db.deleteFrom('stat_open_deadline').execute();
  await db.insertInto('stat_project').columns(PROJECT_COLUMNS).expression(projectCells(db)).execute();
  await db.insertInto('stat_deadline').columns(DEADLINE_COLUMNS).expression(projectDeadlineCells(db)).execute();
  await db.insertInto('stat_open_deadline').columns(OPEN_COLUMNS).expression(projectOpenCells(db)).execute();
  for (const year of await demandYears(db)) {
    await db.insertInto('stat_demand').columns(DEMAND_COLUMNS).expression(demandCells(db, year)).execute();
    await db.insertInto('stat_deadline').columns(DEADLINE_COLUMNS).expression(demandDeadlineCells(db, year)).execute();
    await db.insertInto('stat_open_deadline').columns(OPEN_COLUMNS).expression(demandOpenCells(db, year)).execute();
  }
}
