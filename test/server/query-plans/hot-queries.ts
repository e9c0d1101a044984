/**
 * The hot queries of test/server/query-plans.test.ts (and of bench/scale.ts's plans at full size): each runs the
 * repository function the service runs, with the filters of a page the bureau, a town or a community opens often,
 * and the SQL Kysely compiles for it is captured on its way to the database, so that a change of a query builder
 * shows up as a change of the snapshot. The results are not looked at.
 */
import { CompiledQuery, PostgresAdapter, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely';
import type { Db } from '../../../src/server/db/database.js';
import { listDemandRows, listOverdueDeadlines, listProjectRows, openDeadlinesOf, type ListQuery, type ScopeFilter } from '../../../src/server/features/cases/case-query.repository.js';
import { DEMAND_TRANSITIONS, PROJECT_TRANSITIONS, type ProjectStatus } from '../../../src/domain/lifecycle/index.js';
import type { Role } from '../../../src/domain/access/roles.js';
import { listDemandCandidates, listProjectCandidates } from '../../../src/server/features/cases/todo.repository.js';
import { PROJECT_WAITS_WHEN, waitingSteps } from '../../../src/server/features/cases/todo.service.js';
import { findEndedPublicityWindows, findOverdueCases } from '../../../src/server/features/deadlines/deadline.repository.js';
import { findDueCandidates } from '../../../src/server/features/delivery/delivery.repository.js';
import { deadlineCounts, demandBreakdown, projectBreakdown, projectGroups, type StatisticsFilter } from '../../../src/server/features/statistics/statistics.repository.js';

/** The instant every query is asked at (a fixed one: the snapshots hold the parameters). */
export const AT = '2026-06-15T02:00:00.000Z';

export interface Place {
  readonly townId: number;
  readonly communityId: number;
}

export interface HotQuery {
  readonly name: string;
  /** Runs the repository function on `db` (which captures what it sends). */
  readonly run: (db: Db, place: Place) => Promise<unknown>;
  /** Which of the statements it sends are planned (all by default). */
  readonly statements?: readonly number[];
}

const list = (q: Partial<ListQuery> & { scope: ScopeFilter }): ListQuery => ({ limit: 20, offset: 0, ...q });
const PAGE_500 = 499 * 20;

export const HOT_QUERIES: readonly HotQuery[] = [
  // ----------------------------------------------------------------------------------- staff lists (诉求, 项目)
  { name: 'demand-list-city-default', run: (db) => listDemandRows(db, list({ scope: {} })) },
  { name: 'demand-list-city-page-500', run: (db) => listDemandRows(db, list({ scope: {}, offset: PAGE_500 })), statements: [1] },
  { name: 'demand-list-by-town', run: (db, p) => listDemandRows(db, list({ scope: {}, townId: p.townId })) },
  { name: 'demand-list-by-community', run: (db, p) => listDemandRows(db, list({ scope: { townId: p.townId }, communityId: p.communityId })) },
  { name: 'demand-list-community-own', run: (db, p) => listDemandRows(db, list({ scope: { communityId: p.communityId } })) },
  { name: 'demand-list-by-status', run: (db) => listDemandRows(db, list({ scope: {}, status: ['assigned', 'acknowledged'] })) },
  { name: 'demand-list-town-by-status', run: (db, p) => listDemandRows(db, list({ scope: { townId: p.townId }, status: ['acknowledged'] })) },
  { name: 'demand-list-overdue', run: (db) => listDemandRows(db, list({ scope: {}, overdueAt: AT })) },
  { name: 'demand-list-town-overdue', run: (db, p) => listDemandRows(db, list({ scope: { townId: p.townId }, overdueAt: AT })) },
  { name: 'demand-list-next-deadline', run: (db) => listDemandRows(db, list({ scope: {}, sort: 'nextDeadline', order: 'asc' })) },
  { name: 'demand-list-town-next-deadline', run: (db, p) => listDemandRows(db, list({ scope: { townId: p.townId }, sort: 'nextDeadline', order: 'asc' })) },
  { name: 'demand-list-page-deadlines', run: (db) => openDeadlinesOf(db, 'demand', Array.from({ length: 20 }, (_, i) => i + 1)) },
  { name: 'project-list-city-default', run: (db) => listProjectRows(db, list({ scope: {} })) },
  { name: 'project-list-city-page-500', run: (db) => listProjectRows(db, list({ scope: {}, offset: PAGE_500 })), statements: [1] },
  { name: 'project-list-by-town', run: (db, p) => listProjectRows(db, list({ scope: {}, townId: p.townId })) },
  { name: 'project-list-by-community', run: (db, p) => listProjectRows(db, list({ scope: { townId: p.townId }, communityId: p.communityId })) },
  { name: 'project-list-by-status', run: (db) => listProjectRows(db, list({ scope: {}, status: ['implementing', 'inPublicity'] })) },
  { name: 'project-list-town-by-status', run: (db, p) => listProjectRows(db, list({ scope: { townId: p.townId }, status: ['underReview'] })) },
  { name: 'project-list-overdue', run: (db) => listProjectRows(db, list({ scope: {}, overdueAt: AT })) },
  { name: 'project-list-town-overdue', run: (db, p) => listProjectRows(db, list({ scope: { townId: p.townId }, overdueAt: AT })) },
  { name: 'project-list-next-deadline', run: (db) => listProjectRows(db, list({ scope: {}, sort: 'nextDeadline', order: 'asc' })) },
  { name: 'project-list-town-next-deadline', run: (db, p) => listProjectRows(db, list({ scope: { townId: p.townId }, sort: 'nextDeadline', order: 'asc' })) },
  { name: 'project-list-page-deadlines', run: (db) => openDeadlinesOf(db, 'project', Array.from({ length: 20 }, (_, i) => i + 1)) },
  // ----------------------------------------------------------------------------------- 工作台 (todo, overdue)
  // The statuses a role's 待办 reads (todo.service.ts): those it has a step in, with the case's state when a step depends on it.
  { name: 'todo-town-demands', run: (db, p) => listDemandCandidates(db, { scope: { townId: p.townId }, statuses: todo('town_staff').demand, withState: false }) },
  { name: 'todo-town-projects', run: (db, p) => listProjectCandidates(db, { scope: { townId: p.townId }, statuses: todo('town_staff').withState, withState: true }) },
  { name: 'todo-community-demands', run: (db, p) => listDemandCandidates(db, { scope: { communityId: p.communityId }, statuses: todo('community_staff').demand, withState: false }) },
  { name: 'todo-community-projects', run: (db, p) => listProjectCandidates(db, { scope: { communityId: p.communityId }, statuses: todo('community_staff').plain, withState: false }) },
  { name: 'overdue-steps-city', run: (db) => listOverdueDeadlines(db, { scope: {}, now: AT, limit: 1, offset: 0 }) },
  { name: 'overdue-steps-town', run: (db, p) => listOverdueDeadlines(db, { scope: { townId: p.townId }, now: AT, limit: 20, offset: 0 }) },
  // ----------------------------------------------------------------------------------- a town's statistics
  ...statistics('town', (p) => ({ scope: { townId: p.townId }, year: 2025 })),
  ...statistics('city', () => ({ scope: {}, year: 2025 })),
  // The whole city's decade: every cell of each table, grouped from an index in its order (migration 0012).
  ...statistics('city', () => ({ scope: {} }), 'city-all-years'),
  // ----------------------------------------------------------------------------------- jobs
  { name: 'deadline-watch-overdue-cases', run: (db) => findOverdueCases(db, AT, { demands: [], projects: [] }, 100) },
  { name: 'deadline-watch-publicity-ended', run: (db) => findEndedPublicityWindows(db, AT, [], 100) },
  { name: 'outbox-claim-feedback', run: (db) => db.transaction().execute((trx) => findDueCandidates(trx, 'feedback', AT, 50, db.getExecutor().adapter instanceof PostgresAdapter)) },
  { name: 'outbox-claim-publication', run: (db) => db.transaction().execute((trx) => findDueCandidates(trx, 'publication', AT, 50, db.getExecutor().adapter instanceof PostgresAdapter)) },
];

function todo(role: Role) {
  const demand = waitingSteps(DEMAND_TRANSITIONS, role);
  const project = waitingSteps(PROJECT_TRANSITIONS, role);
  const conditional = (s: ProjectStatus): boolean => (project.get(s) ?? []).some((a) => PROJECT_WAITS_WHEN[a] !== undefined);
  return { demand: [...demand.keys()], plain: [...project.keys()].filter((s) => !conditional(s)), withState: [...project.keys()].filter(conditional) };
}

function statistics(who: 'town' | 'city', filter: (p: Place) => StatisticsFilter, name: string = who): HotQuery[] {
  return [
    { name: `statistics-${name}-projects-by-community`, run: (db, p) => projectGroups(db, filter(p), 'community_id') },
    { name: `statistics-${name}-project-breakdown`, run: (db, p) => projectBreakdown(db, filter(p)) },
    { name: `statistics-${name}-demand-breakdown`, run: (db, p) => demandBreakdown(db, filter(p)) },
    { name: `statistics-${name}-deadlines-by-unit`, run: (db, p) => deadlineCounts(db, filter(p), AT, who === 'city' ? 'town_id' : 'community_id') },
  ];
}

/** A plugin that keeps every query on its way to the database, compiled as the driver receives it. */
export class CaptureQueries implements KyselyPlugin {
  /** The statements sent, in order: a subquery is compiled too, but planned only inside its statement. */
  readonly captured: CompiledQuery[] = [];
  private readonly compiled = new Map<unknown, CompiledQuery>();
  constructor(private readonly db: Db) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.compiled.set(args.queryId, this.db.getExecutor().compileQuery(args.node, args.queryId));
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const sent = this.compiled.get(args.queryId);
    if (sent !== undefined) this.captured.push(sent);
    return Promise.resolve(args.result);
  }
}

/** The statements one hot query sends, compiled. */
export async function captureStatements(db: Db, q: HotQuery, place: Place): Promise<CompiledQuery[]> {
  const capture = new CaptureQueries(db);
  await q.run(db.withPlugin(capture), place);
  const all = capture.captured;
  return q.statements === undefined ? all : q.statements.flatMap((i) => (all[i] === undefined ? [] : [all[i]]));
}

/** The plan of a statement: `EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN (COSTS OFF)` on PostgreSQL, a line each. */
export async function planOf(db: Db, dialect: string, q: CompiledQuery): Promise<string[]> {
  const prefix = dialect === 'sqlite' ? 'EXPLAIN QUERY PLAN ' : 'EXPLAIN (COSTS OFF) ';
  const r = await db.executeQuery(CompiledQuery.raw(prefix + q.sql, [...q.parameters]));
  return dialect === 'sqlite' ? (r.rows as { detail: string }[]).map((row) => row.detail) : (r.rows as Record<string, string>[]).map((row) => row['QUERY PLAN'] ?? '');
}

/**
 * A plan line that reads the whole demand or project table. On SQLite, `SCAN demand` of a statement ordered by the
 * id alone with a limit is the walk of the table's own key in that order, stopped at the page's end (the rest of a
 * list ordered by next deadline, its cases without an open step), not a read of the table.
 */
export function fullScanOf(dialect: string, sqlText: string, line: string): boolean {
  if (dialect !== 'sqlite') return /Seq Scan on (demand|project)\b/.test(line);
  const m = /^SCAN (demand|project)$/.exec(line.trim());
  if (m === null) return false;
  return !new RegExp(`order by "${m[1] ?? ''}"\\."id" (asc|desc) limit \\?`).test(sqlText);
}
