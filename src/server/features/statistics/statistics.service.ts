/**
 * Statistics for the town, the bureau and supervisors (issue 12 point 4), inside the reader's jurisdiction and
 * scoped exactly as the case lists are: counts and money by town, community, category, handling mode, status and year;
 * demands by channel and status; the on-time rate of each deadline step by unit; satisfaction; the R1.2 / R1.3 /
 * R6.4 flags; money planned against actual per fund source, and what the ledgers disbursed (R9.1). Counts and sums
 * are the database's (GROUP BY, integer 分), the closed projects' survey results and 结项表 money included (their
 * result columns, migration 0009). Each group carries the list query that gives the cases behind it.
 */
import { CATEGORIES, CATEGORY_LABELS, CHANNEL_INFO, CHANNELS, CLOSURE_FUND_ROWS, CLOSURE_FUND_ROW_LABELS, HANDLING_MODE_LABELS, HANDLING_MODES, isCategory, type Channel, type HandlingMode } from '../../../domain/categories.js';
import { DEADLINE_STEPS, DEMAND_STATUS_LABELS, DEMAND_STATUSES, PROJECT_FLAG_LABELS, PROJECT_FLAGS, PROJECT_STATUS_LABELS, PROJECT_STATUSES, type DemandStatus, type ProjectFlag, type ProjectStatus } from '../../../domain/lifecycle/index.js';
import { percentTenths } from '../../../domain/forms/survey.js';
import { formatWan } from '../../../domain/money.js';
import type { Transactor } from '../../db/transactor.js';
import type { AccessGuard } from '../../http/access.js';
import type { RequestContext } from '../../http/context.js';
import type { AuditService } from '../audit/audit.service.js';
import { scopeFilter, stepLabel } from '../cases/case-query.service.js';
import { contentDisposition, XLSX_MIME } from '../cases/case-export.js';
import {
  deadlineCounts,
  demandBreakdown,
  projectBreakdown,
  projectGroups,
  unitNames,
  type DeadlineCountRow,
  type ProjectBreakdownRow,
  type ProjectGroupRow,
  type StatisticsFilter,
} from './statistics.repository.js';
import type { DeadlineStepStat, DeadlineUnitStat, DemandGroupItem, DrillTarget, MoneyValue, ProjectGroupItem, Statistics, StatisticsQueryInput } from './statistics.schemas.js';
import { statisticsFilename, statisticsWorkbook } from './statistics-export.js';

const FLAG_RULES: Readonly<Record<ProjectFlag, string>> = { overCap: 'R1.2', possibleSplit: 'R1.3', surveyException: 'R6.4' };

export function money(fen: number): MoneyValue {
  return { fen, wan: formatWan(fen) };
}

/** A share as a percentage with one decimal, rounded half up, by integer arithmetic ("87.5", "100.0"); null of nothing. */
export function percent(part: number, whole: number): string | null {
  if (whole === 0) return null;
  const tenths = percentTenths(part, whole);
  return `${Math.floor(tenths / 10)}.${tenths % 10}`;
}

/** The list query for a group: the statistics' own filter plus the group's value, with the list's parameter names. */
function drillQuery(list: 'projects' | 'demands', base: StatisticsQueryInput, extra: Readonly<Record<string, string | number>>): DrillTarget {
  const params = new URLSearchParams();
  const all: Record<string, string | number | undefined> = {
    townId: base.townId,
    communityId: base.communityId,
    year: base.year,
    // A demand has no category or handling mode: its lists are not narrowed by them.
    ...(list === 'projects' ? { category: base.category, handlingMode: base.handlingMode } : {}),
    ...extra,
  };
  for (const [k, v] of Object.entries(all)) if (v !== undefined) params.set(k, String(v));
  return { list, query: params.toString() };
}

/** A value's place in its vocabulary's order; unknown values, then the undecided (null), last. */
function rank(order: readonly string[], key: string | null): number {
  if (key === null) return order.length + 1;
  const i = order.indexOf(key);
  return i === -1 ? order.length : i;
}

function stepStat(step: string, rows: readonly DeadlineCountRow[]): DeadlineStepStat {
  const onTime = rows.reduce((s, r) => s + r.onTime, 0);
  const late = rows.reduce((s, r) => s + r.late, 0);
  const overdue = rows.reduce((s, r) => s + r.overdue, 0);
  const open = rows.reduce((s, r) => s + r.open, 0);
  return { step, label: stepLabel(step), onTime, late, overdue, open, rate: percent(onTime, onTime + late + overdue) };
}

/** The steps in the lifecycle's order, then any other the table holds. */
function orderedSteps(rows: readonly DeadlineCountRow[]): string[] {
  const present = new Set(rows.map((r) => r.step));
  return [...DEADLINE_STEPS.filter((s) => present.has(s)), ...[...present].filter((s) => !(DEADLINE_STEPS as readonly string[]).includes(s)).sort()];
}

type Sources = Readonly<Record<'special' | 'collective' | 'social', number>>;
const NO_SOURCES: Sources = { special: 0, collective: 0, social: 0 };
const addSources = (a: Sources, b: Sources): Sources => ({
  special: a.special + b.special,
  collective: a.collective + b.collective,
  social: a.social + b.social,
});

/** The sums of some rows of the projects' breakdown. */
function sumOf(rows: readonly ProjectBreakdownRow[]): Omit<ProjectBreakdownRow, 'category' | 'handlingMode' | 'status' | 'year'> {
  return rows.reduce<Omit<ProjectBreakdownRow, 'category' | 'handlingMode' | 'status' | 'year'>>(
    (s, p) => ({
      count: s.count + p.count,
      budgetFen: s.budgetFen + p.budgetFen,
      overCap: s.overCap + p.overCap,
      possibleSplit: s.possibleSplit + p.possibleSplit,
      surveyException: s.surveyException + p.surveyException,
      surveyed: s.surveyed + p.surveyed,
      respondents: s.respondents + p.respondents,
      answered: s.answered + p.answered,
      satisfied: s.satisfied + p.satisfied,
      closureBudget: addSources(s.closureBudget, p.closureBudget),
      closureActual: addSources(s.closureActual, p.closureActual),
      disbursed: addSources(s.disbursed, p.disbursed),
    }),
    { count: 0, budgetFen: 0, overCap: 0, possibleSplit: 0, surveyException: 0, surveyed: 0, respondents: 0, answered: 0, satisfied: 0, closureBudget: NO_SOURCES, closureActual: NO_SOURCES, disbursed: NO_SOURCES },
  );
}

/** The projects' count and budget by one key of the breakdown (null: not decided yet). */
function groupBy(rows: readonly ProjectBreakdownRow[], key: (row: ProjectBreakdownRow) => string | null): ProjectGroupRow[] {
  const groups = new Map<string | null, { key: string | null; count: number; budgetFen: number }>();
  for (const row of rows) {
    const k = key(row);
    const g = groups.get(k) ?? { key: k, count: 0, budgetFen: 0 };
    groups.set(k, { key: k, count: g.count + row.count, budgetFen: g.budgetFen + row.budgetFen });
  }
  return [...groups.values()];
}

function countBy<R extends { readonly count: number }>(rows: readonly R[], key: (row: R) => string): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + row.count);
  return [...counts].map(([k, count]) => ({ key: k, count }));
}

export class StatisticsService {
  constructor(
    private readonly tx: Transactor,
    private readonly access: AccessGuard,
    private readonly audit: AuditService,
  ) {}

  async statistics(ctx: RequestContext, q: StatisticsQueryInput): Promise<Statistics> {
    const me = await this.access.require(ctx, 'viewCase', null);
    const scope = scopeFilter(me.scope);
    // A demand's year is that of its entry in Asia/Shanghai, the demand list's reading, so drill-downs give the same demands.
    const f: StatisticsFilter = { scope, townId: q.townId, communityId: q.communityId, year: q.year, category: q.category, handlingMode: q.handlingMode };
    const cityWide = !('communityId' in scope) && !('townId' in scope);
    const unitColumn = cityWide && q.townId === undefined && q.communityId === undefined ? 'town_id' : 'community_id';
    const r = this.tx.reader;
    const now = ctx.now.toISOString();

    // Six statements: the projects by unit (town, community), the rest of the projects' figures in one breakdown, the
    // demands' in one, and the clocks by unit (finished and running), whose sums by step are the steps' figures.
    const [byTown, byCommunity, projects, demandRows, unitRows] = await Promise.all([
      cityWide ? projectGroups(r, f, 'town_id') : Promise.resolve([]),
      projectGroups(r, f, 'community_id'),
      projectBreakdown(r, f),
      demandBreakdown(r, f),
      deadlineCounts(r, f, now, unitColumn),
    ]);
    const totals = sumOf(projects);
    const closed = sumOf(projects.filter((p) => p.status === 'closed'));
    const byCategory = groupBy(projects, (p) => p.category);
    const byMode = groupBy(projects, (p) => p.handlingMode);
    const byStatus = groupBy(projects, (p) => p.status);
    const byYear = groupBy(projects, (p) => String(p.year));
    const demands = demandRows.reduce((sum, d) => sum + d.count, 0);
    const byChannel = countBy(demandRows, (d) => d.channel);
    const byDemandStatus = countBy(demandRows, (d) => d.status);
    const names = await unitNames(r, [...new Set([...byTown, ...byCommunity].map((g) => Number(g.key)).concat(unitRows.flatMap((u) => (u.unitId === null ? [] : [u.unitId]))))]);

    const projectGroup = (rows: readonly ProjectGroupRow[], label: (key: string) => string, param: string | null, order?: readonly string[]): ProjectGroupItem[] =>
      [...rows]
        .sort((a, b) => (order === undefined ? b.count - a.count : rank(order, a.key) - rank(order, b.key)) || (a.key ?? '').localeCompare(b.key ?? ''))
        .map((g) => ({
          key: g.key,
          label: g.key === null ? '未确定' : label(g.key),
          count: g.count,
          budget: money(g.budgetFen),
          drill: g.key === null || param === null ? null : drillQuery('projects', q, { [param]: g.key }),
        }));
    const unitLabel = (key: string): string => names.get(Number(key)) ?? key;

    const demandGroup = (rows: readonly { key: string; count: number }[], label: (key: string) => string, param: string, order: readonly string[]): DemandGroupItem[] =>
      [...rows].sort((a, b) => rank(order, a.key) - rank(order, b.key) || a.key.localeCompare(b.key)).map((g) => ({ key: g.key, label: label(g.key), count: g.count, drill: drillQuery('demands', q, { [param]: g.key }) }));

    const byUnit: DeadlineUnitStat[] = [...new Set(unitRows.map((u) => u.unitId ?? 0))].map((unitId) => {
      const rows = unitRows.filter((u) => (u.unitId ?? 0) === unitId);
      const { onTime, late, overdue, open, rate } = stepStat('', rows);
      return {
        unitId,
        unitName: names.get(unitId) ?? String(unitId),
        onTime,
        late,
        overdue,
        open,
        rate,
        steps: orderedSteps(rows).map((s) => stepStat(s, rows.filter((u) => u.step === s))),
      };
    });
    byUnit.sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-Hans-CN') || a.unitId - b.unitId);

    const fundRows = CLOSURE_FUND_ROWS.map((row) => ({
      source: row,
      label: CLOSURE_FUND_ROW_LABELS[row].replace('（万元）', ''),
      planned: money(closed.closureBudget[row]),
      actual: money(closed.closureActual[row]),
      disbursed: money(totals.disbursed[row]),
    }));
    const flagCounts: Readonly<Record<ProjectFlag, number>> = { overCap: totals.overCap, possibleSplit: totals.possibleSplit, surveyException: totals.surveyException };

    return {
      filter: { year: q.year ?? null, townId: q.townId ?? null, communityId: q.communityId ?? null, category: q.category ?? null, handlingMode: q.handlingMode ?? null },
      scope: { kind: cityWide ? 'city' : 'communityId' in scope ? 'community' : 'town', unitId: 'communityId' in scope ? scope.communityId : 'townId' in scope ? scope.townId : null },
      generatedAt: now,
      totals: {
        demands,
        projects: totals.count,
        budget: money(totals.budgetFen),
        demandsDrill: drillQuery('demands', q, {}),
        projectsDrill: drillQuery('projects', q, {}),
      },
      projectsByTown: projectGroup(byTown, unitLabel, 'townId'),
      projectsByCommunity: projectGroup(byCommunity, unitLabel, 'communityId'),
      projectsByCategory: projectGroup(byCategory, (k) => (isCategory(k) ? CATEGORY_LABELS[k] : k), 'category', CATEGORIES),
      projectsByHandlingMode: projectGroup(byMode, (k) => HANDLING_MODE_LABELS[k as HandlingMode] ?? k, 'handlingMode', HANDLING_MODES),
      projectsByStatus: projectGroup(byStatus, (k) => PROJECT_STATUS_LABELS[k as ProjectStatus] ?? k, 'status', PROJECT_STATUSES),
      projectsByYear: projectGroup(byYear, (k) => `${k}年度`, 'year', byYear.map((g) => g.key ?? '').sort()),
      demandsByChannel: demandGroup(byChannel, (k) => CHANNEL_INFO[k as Channel]?.label ?? k, 'channel', CHANNELS),
      demandsByStatus: demandGroup(byDemandStatus, (k) => DEMAND_STATUS_LABELS[k as DemandStatus] ?? k, 'status', DEMAND_STATUSES),
      deadlines: {
        unitKind: unitColumn === 'town_id' ? 'town' : 'community',
        byStep: orderedSteps(unitRows).map((s) => stepStat(s, unitRows.filter((row) => row.step === s))),
        byUnit,
      },
      satisfaction: {
        closedProjects: closed.count,
        projectsRead: closed.count,
        complete: true,
        surveyedProjects: closed.surveyed,
        respondents: closed.respondents,
        answered: closed.answered,
        satisfied: closed.satisfied,
        rate: percent(closed.satisfied, closed.answered),
      },
      flags: PROJECT_FLAGS.map((flag) => ({ flag, label: PROJECT_FLAG_LABELS[flag], rule: FLAG_RULES[flag], count: flagCounts[flag], drill: drillQuery('projects', q, { flag }) })),
      funds: {
        closedProjects: closed.count,
        rows: fundRows,
        total: {
          planned: money(fundRows.reduce((s, row) => s + row.planned.fen, 0)),
          actual: money(fundRows.reduce((s, row) => s + row.actual.fen, 0)),
          disbursed: money(fundRows.reduce((s, row) => s + row.disbursed.fen, 0)),
        },
      },
    };
  }

  /** The same numbers as an XLSX file, one sheet per table, audited as a document export with its filter. */
  async export(ctx: RequestContext, q: StatisticsQueryInput): Promise<{ bytes: Buffer; headers: Record<string, string> }> {
    const stats = await this.statistics(ctx, q);
    const bytes = await statisticsWorkbook(stats, ctx.now, percent);
    await this.audit.recordAlone(ctx, { action: 'exportDocument', details: { document: 'statistics', filter: q } });
    return { bytes, headers: { 'content-type': XLSX_MIME, 'content-disposition': contentDisposition(statisticsFilename(ctx.now)), 'cache-control': 'no-store' } };
  }
}
