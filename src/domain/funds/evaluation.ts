/**
 * R9.2 budget against actual per fund source for a project, and R9.3 the yearly self-check and
 * performance-evaluation rows (自查、绩效评价) of a town and of each of its communities: the figures an export holds
 * (projects, approved, disbursed, actual, variance, closed on time, satisfaction). The exports themselves are made
 * by the server from these rows.
 */
import { CLOSURE_FUND_ROWS, CLOSURE_FUND_ROW_LABELS, type ClosureFundRow } from '../categories.js';
import { fundRowsTotal, type FundRows } from '../forms/closure-form.js';
import { percentText } from '../forms/survey.js';
import type { DeadlineStep } from '../lifecycle/deadline-steps.js';
import type { ProjectState } from '../lifecycle/project-types.js';
import type { ProjectStatus } from '../lifecycle/statuses.js';
import { sumFen, type Fen } from '../money.js';
import { approvedBySource, disbursedBySource, type Disbursement } from './ledger.js';

export interface BudgetActualRow {
  readonly source: ClosureFundRow;
  readonly label: string;
  /** 预算投入: the agreed fund sources (R9.2). */
  readonly approvedFen: Fen;
  /** What the ledger paid (R9.1). */
  readonly disbursedFen: Fen;
  /** 实际投入 of the 结项表, once filed; null before. */
  readonly actualFen: Fen | null;
  /** actual − approved (negative: under budget); null before the 结项表. */
  readonly varianceFen: number | null;
  /** approved − disbursed (negative: paid beyond the approval under an override). */
  readonly undisbursedFen: number;
}

export interface BudgetVersusActual {
  readonly projectId: number;
  readonly rows: readonly BudgetActualRow[];
  readonly total: Omit<BudgetActualRow, 'source' | 'label'>;
}

/** R9.2 the project's three sources: approved, disbursed, actual and their differences. */
export function budgetVersusActual(state: ProjectState, lines: readonly Disbursement[]): BudgetVersusActual {
  const approved = approvedBySource(state);
  const disbursed = disbursedBySource(lines, state.id);
  const actual: FundRows | null = state.closure?.form.actual ?? null;
  const row = (a: Fen, d: Fen, x: Fen | null): Omit<BudgetActualRow, 'source' | 'label'> => ({
    approvedFen: a,
    disbursedFen: d,
    actualFen: x,
    varianceFen: x === null ? null : x - a,
    undisbursedFen: a - d,
  });
  return {
    projectId: state.id,
    rows: CLOSURE_FUND_ROWS.map((source) => ({ source, label: CLOSURE_FUND_ROW_LABELS[source], ...row(approved[source], disbursed[source], actual?.[source] ?? null) })),
    total: row(fundRowsTotal(approved), fundRowsTotal(disbursed), actual === null ? null : fundRowsTotal(actual)),
  };
}

/** The deadlines of the closure stage: the 结项表 (R6.1) and the town's survey (R6.3). */
const CLOSURE_STEPS: readonly DeadlineStep[] = ['closure', 'townSurvey'];

/** A closed project was closed on time when every clock of its closure stage was done by its due instant. */
export function closedOnTime(state: ProjectState): boolean | null {
  if (state.status !== 'closed') return null;
  return state.deadlines
    .filter((d) => CLOSURE_STEPS.includes(d.step) && d.cancelledAt === null)
    .every((d) => d.doneAt !== null && Date.parse(d.doneAt) <= Date.parse(d.due));
}

/** One project of the self-check. */
export interface EvaluationProjectRow {
  readonly projectId: number;
  readonly communityId: number;
  readonly communityName: string;
  readonly projectName: string;
  readonly status: ProjectStatus;
  readonly approvedFen: Fen;
  readonly disbursedFen: Fen;
  readonly actualFen: Fen | null;
  readonly varianceFen: number | null;
  readonly closedOnTime: boolean | null;
  /** Satisfied respondents over all who answered 项目总体评价 (R6.5), once the survey is complete. */
  readonly satisfied: number;
  readonly respondents: number;
  readonly satisfactionPercent: string | null;
}

/** One unit's totals (the town, or one community). */
export interface EvaluationUnitRow {
  readonly unit: { readonly kind: 'town' | 'community'; readonly id: number; readonly name: string };
  readonly projectCount: number;
  readonly closedCount: number;
  readonly approvedFen: Fen;
  readonly disbursedFen: Fen;
  /** Over the projects whose 结项表 is filed. */
  readonly actualFen: Fen;
  /** actual − approved over the same projects. */
  readonly varianceFen: number;
  readonly closedOnTimeCount: number;
  readonly closedLateCount: number;
  readonly satisfied: number;
  readonly respondents: number;
  readonly satisfactionPercent: string | null;
}

export interface EvaluationReport {
  readonly townId: number;
  readonly year: number;
  readonly town: EvaluationUnitRow;
  readonly communities: readonly EvaluationUnitRow[];
  readonly projects: readonly EvaluationProjectRow[];
}

/** One decimal, rounded half up, by integer arithmetic (as 结项表 section 五 writes it). */
export function percentOf(part: number, whole: number): string | null {
  return whole === 0 ? null : percentText(part, whole);
}

/** The projects a self-check covers: of the town and year, with approved money, not transferred or terminated. */
export function evaluatedProject(state: ProjectState, townId: number, year: number): boolean {
  return state.townId === townId && state.year === year && state.registration !== null && state.status !== 'transferred' && state.status !== 'terminated';
}

function projectRow(state: ProjectState, lines: readonly Disbursement[]): EvaluationProjectRow {
  const bva = budgetVersusActual(state, lines);
  const summary = state.survey.summary;
  return {
    projectId: state.id,
    communityId: state.communityId,
    communityName: state.communityName,
    projectName: state.registration?.basics.projectName ?? state.title,
    status: state.status,
    approvedFen: bva.total.approvedFen,
    disbursedFen: bva.total.disbursedFen,
    actualFen: bva.total.actualFen,
    varianceFen: bva.total.varianceFen,
    closedOnTime: closedOnTime(state),
    satisfied: summary?.satisfaction.satisfied ?? 0,
    respondents: summary?.satisfaction.total ?? 0,
    satisfactionPercent: summary === null ? null : percentOf(summary.satisfaction.satisfied, summary.satisfaction.total),
  };
}

function unitRow(unit: EvaluationUnitRow['unit'], rows: readonly EvaluationProjectRow[]): EvaluationUnitRow {
  const withActual = rows.filter((r) => r.actualFen !== null);
  const satisfied = rows.reduce((n, r) => n + r.satisfied, 0);
  const respondents = rows.reduce((n, r) => n + r.respondents, 0);
  return {
    unit,
    projectCount: rows.length,
    closedCount: rows.filter((r) => r.status === 'closed').length,
    approvedFen: sumFen(rows.map((r) => r.approvedFen)),
    disbursedFen: sumFen(rows.map((r) => r.disbursedFen)),
    actualFen: sumFen(withActual.map((r) => r.actualFen ?? 0)),
    varianceFen: withActual.reduce((n, r) => n + (r.varianceFen ?? 0), 0),
    closedOnTimeCount: rows.filter((r) => r.closedOnTime === true).length,
    closedLateCount: rows.filter((r) => r.closedOnTime === false).length,
    satisfied,
    respondents,
    satisfactionPercent: percentOf(satisfied, respondents),
  };
}

/**
 * R9.3 the self-check and performance-evaluation rows of a town and year: one per project, one per community
 * (ordered by id) and the town's total. `lines` are the town's ledger lines of the year.
 */
export function evaluationReport(
  town: { readonly id: number; readonly name: string },
  year: number,
  projects: readonly ProjectState[],
  lines: readonly Disbursement[],
): EvaluationReport {
  const rows = projects
    .filter((p) => evaluatedProject(p, town.id, year))
    .map((p) => projectRow(p, lines))
    .sort((a, b) => a.communityId - b.communityId || a.projectId - b.projectId);
  const communityIds = [...new Set(rows.map((r) => r.communityId))];
  return {
    townId: town.id,
    year,
    town: unitRow({ kind: 'town', id: town.id, name: town.name }, rows),
    communities: communityIds.map((id) => {
      const own = rows.filter((r) => r.communityId === id);
      return unitRow({ kind: 'community', id, name: own[0]?.communityName ?? '' }, own);
    }),
    projects: rows,
  };
}
