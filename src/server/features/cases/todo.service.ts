/**
 * 待办: every demand and project of the caller's jurisdiction whose current step waits on the caller's role, read off
 * the lifecycle's transitions tables (a new row shows up by itself), with the step it waits for and its nearest open
 * deadline, the soonest due first. Owns which table rows make a case wait (rows anyone may take at any time, like
 * objections or merges, do not), and, for the rows that wait only when the case holds something for them (an
 * unanswered objection, a review round with every opinion in), the test of the case's state.
 */
import { COMMAND_LABELS, DEMAND_STATUS_LABELS, DEMAND_TRANSITIONS, PROJECT_STATUS_LABELS, PROJECT_TRANSITIONS, upgradeProjectState, type CommandName, type DemandStatus, type ProjectState, type ProjectStatus, type Transition } from '../../../domain/lifecycle/index.js';
import type { Role } from '../../../domain/access/roles.js';
import { workingDaysLeft, type WorkCalendar } from '../../../domain/calendar/index.js';
import { DEFAULT_RULES_CONFIG, type RulesConfig } from '../../../domain/rules-config.js';
import type { DeadlineRow } from '../../db/schema.js';
import type { Transactor } from '../../db/transactor.js';
import type { AccessGuard } from '../../http/access.js';
import type { RequestContext } from '../../http/context.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import { openDeadlinesOf } from './case-query.repository.js';
import { scopeFilter, stepLabel, type CaseQueryService } from './case-query.service.js';
import { maskCaseTextFor } from './case.mapper.js';
import { listDemandCandidates, listProjectCandidates, type TodoCandidateRow } from './todo.repository.js';

export type TodoKind = 'demand' | 'project';

/**
 * Rows that never make a case wait: jobs and the public act on their own, and these staff rows may be taken at any
 * time or instead of the step itself (a return, a termination, a merge, a stamp, keying in one more paper sheet).
 */
export const ON_DEMAND_COMMANDS: ReadonlySet<CommandName> = new Set<CommandName>([
  'markOverdue',
  'endPublicity',
  'mergeDemands',
  'returnDemand',
  'terminateProject',
  'returnRegistration',
  'recordStamp',
  'raiseObjection',
  'claimProject',
  'recordPaperSurvey',
  'submitSurveyResponse',
]);

/** Who asks, as the tests of a case's state need it. */
export interface Waiter {
  readonly role: Role;
  /** R4.2 the projects whose current review round waits for the caller's department (the reviewer inbox). */
  readonly awaitingOpinion: ReadonlySet<number>;
}

function currentRound(state: ProjectState): ProjectState['reviewRounds'][number] | undefined {
  return state.reviewRounds[state.reviewRounds.length - 1];
}

/** The rows of the project table that make a case wait only when its state holds something for them. */
export const PROJECT_WAITS_WHEN: Readonly<Partial<Record<CommandName, (state: ProjectState, who: Waiter) => boolean>>> = {
  // R4.1 a round without reviewers waits for the town to name them; one with reviewers, for their opinions first.
  assignReviewers: (s) => (currentRound(s)?.reviewers.length ?? 0) === 0,
  decideReview: (s) => {
    const round = currentRound(s);
    return round !== undefined && round.reviewers.length > 0 && round.reviewers.every((r) => round.opinions.some((o) => o.departmentId === r.departmentId));
  },
  recordDepartmentOpinion: (s, who) => who.awaitingOpinion.has(s.id),
  // R5.3 / R5.5 only an unanswered objection or an undecided claim waits.
  answerObjection: (s) => s.objections.some((o) => o.answer === null),
  decideClaim: (s) => s.claims.some((c) => c.decision === null),
  // R6.2 the community surveys a small-path project before filing; R6.3 the town surveys the others after filing.
  completeSurvey: (s, who) => s.survey.completedAt === null && (s.status === 'surveying' || (s.path === 'small' && who.role === 'community_staff')),
  submitClosure: (s) => s.path !== 'small' || s.survey.completedAt !== null,
};

/** For one table: each state in which `role` has a step to take, with the commands of those steps in table order. */
export function waitingSteps<S extends string, A extends CommandName>(table: readonly Transition<S, A>[], role: Role): Map<S, A[]> {
  const out = new Map<S, A[]>();
  for (const t of table) {
    if (t.from === null || ON_DEMAND_COMMANDS.has(t.action) || !t.roles.includes(role)) continue;
    const actions = out.get(t.from) ?? [];
    if (!actions.includes(t.action)) actions.push(t.action);
    out.set(t.from, actions);
  }
  return out;
}

export interface TodoDeadline {
  readonly step: string;
  readonly label: string;
  readonly due: string;
  /** The last civil day on which the step may still be done (Asia/Shanghai). */
  readonly dueDate: string;
  readonly provisional: boolean;
  readonly dueSoon: boolean;
  readonly overdue: boolean;
}

export interface TodoItem {
  readonly kind: TodoKind;
  readonly id: number;
  readonly number: string;
  readonly title: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly communityId: number;
  readonly communityName: string;
  /** The commands the case waits for from the caller's role, and their labels in one phrase. */
  readonly waitingFor: { readonly actions: string[]; readonly label: string };
  readonly deadline: TodoDeadline | null;
}

export interface TodoList {
  readonly total: number;
  /** Over every item, not only the page. */
  readonly overdue: number;
  readonly dueSoon: number;
  readonly items: TodoItem[];
}

interface Candidate {
  readonly kind: TodoKind;
  readonly row: TodoCandidateRow;
  readonly actions: readonly CommandName[];
}

/** R7.2 where a due instant stands now: overdue once passed, due soon with at most the configured working days left. */
export function dueStanding(due: string, now: Date, cal: WorkCalendar, config: RulesConfig): { overdue: boolean; dueSoon: boolean } {
  const dueAt = new Date(due);
  if (now.getTime() >= dueAt.getTime()) return { overdue: true, dueSoon: false };
  return { overdue: false, dueSoon: workingDaysLeft(cal, now, dueAt) <= config.dueSoonWorkingDays };
}

/** The soonest due first; cases without a running clock last; then demands before projects, oldest first. */
function byDue(a: Candidate, b: Candidate): number {
  const da = a.row.next_due;
  const db = b.row.next_due;
  if (da !== db) {
    if (da === null) return 1;
    if (db === null) return -1;
    return da < db ? -1 : 1;
  }
  if (a.kind !== b.kind) return a.kind === 'demand' ? -1 : 1;
  return a.row.id - b.row.id;
}

export class TodoService {
  constructor(
    private readonly tx: Transactor,
    private readonly access: AccessGuard,
    private readonly calendar: CalendarService,
    private readonly caseQueries: CaseQueryService,
    private readonly rules: RulesConfig = DEFAULT_RULES_CONFIG,
  ) {}

  async list(ctx: RequestContext, limit: number, offset: number): Promise<TodoList> {
    const me = await this.access.require(ctx, 'viewCase', null);
    const scope = scopeFilter(me.scope);
    const demandSteps = waitingSteps(DEMAND_TRANSITIONS, me.role);
    const projectSteps = waitingSteps(PROJECT_TRANSITIONS, me.role);
    const conditional = (actions: readonly CommandName[]): boolean => actions.some((a) => PROJECT_WAITS_WHEN[a] !== undefined);
    const projectStatuses = [...projectSteps.keys()];
    const r = this.tx.reader;
    const [demands, plainProjects, stateProjects, awaitingOpinion] = await Promise.all([
      listDemandCandidates(r, { scope, statuses: [...demandSteps.keys()], withState: false }),
      listProjectCandidates(r, { scope, statuses: projectStatuses.filter((s) => !conditional(projectSteps.get(s) ?? [])), withState: false }),
      listProjectCandidates(r, { scope, statuses: projectStatuses.filter((s) => conditional(projectSteps.get(s) ?? [])), withState: true }),
      this.awaitingOpinion(ctx, [...projectSteps.values()].some((a) => a.includes('recordDepartmentOpinion'))),
    ]);
    const who: Waiter = { role: me.role, awaitingOpinion };
    const candidates: Candidate[] = [
      ...demands.map((row) => ({ kind: 'demand' as const, row, actions: demandSteps.get(row.status as DemandStatus) ?? [] })),
      ...[...plainProjects, ...stateProjects].map((row) => ({ kind: 'project' as const, row, actions: this.projectActions(row, projectSteps, who) })),
    ].filter((c) => c.actions.length > 0);
    candidates.sort(byDue);

    const cal = await this.calendar.calendar();
    let overdue = 0;
    let dueSoon = 0;
    for (const c of candidates) {
      if (c.row.next_due === null) continue;
      const standing = dueStanding(c.row.next_due, ctx.now, cal, this.rules);
      if (standing.overdue) overdue += 1;
      if (standing.dueSoon) dueSoon += 1;
    }
    const page = candidates.slice(offset, offset + limit);
    const [demandDeadlines, projectDeadlines] = await Promise.all([
      openDeadlinesOf(r, 'demand', page.filter((c) => c.kind === 'demand').map((c) => c.row.id)),
      openDeadlinesOf(r, 'project', page.filter((c) => c.kind === 'project').map((c) => c.row.id)),
    ]);
    const nearest = { demand: firstByCase(demandDeadlines), project: firstByCase(projectDeadlines) };
    return {
      total: candidates.length,
      overdue,
      dueSoon,
      items: page.map((c) => {
        const d = nearest[c.kind].get(c.row.id);
        return {
          kind: c.kind,
          id: c.row.id,
          number: c.row.number,
          title: maskCaseTextFor(me.role, c.row.title),
          status: c.row.status,
          statusLabel: c.kind === 'demand' ? DEMAND_STATUS_LABELS[c.row.status as DemandStatus] : PROJECT_STATUS_LABELS[c.row.status as ProjectStatus],
          communityId: c.row.community_id,
          communityName: c.row.community_name,
          waitingFor: { actions: [...c.actions], label: c.actions.map((a) => COMMAND_LABELS[a]).join('或') },
          deadline:
            d === undefined
              ? null
              : { step: d.step, label: stepLabel(d.step), due: d.due_at, dueDate: d.due_date, provisional: d.provisional === 1, ...dueStanding(d.due_at, ctx.now, cal, this.rules) },
        };
      }),
    };
  }

  /** The commands a project waits for from the caller: those of its state, each conditional one only when it holds. */
  private projectActions(row: TodoCandidateRow, steps: ReadonlyMap<ProjectStatus, readonly CommandName[]>, who: Waiter): CommandName[] {
    const actions = steps.get(row.status as ProjectStatus) ?? [];
    if (row.state_json === null) return [...actions];
    const state = upgradeProjectState(JSON.parse(row.state_json));
    // Waiting on a condition first: an unanswered objection holds up the implementation (R5.3).
    const held = actions.filter((a) => PROJECT_WAITS_WHEN[a]?.(state, who) === true);
    const plain = actions.filter((a) => PROJECT_WAITS_WHEN[a] === undefined);
    return [...held, ...plain];
  }

  /** R4.2 the reviewer inbox (`myOpinion=awaiting` of the project list), when the caller's role gives opinions. */
  private async awaitingOpinion(ctx: RequestContext, needed: boolean): Promise<ReadonlySet<number>> {
    if (!needed) return new Set();
    const inbox = await this.caseQueries.listProjects(ctx, { myOpinion: 'awaiting', limit: Number.MAX_SAFE_INTEGER, offset: 0 });
    return new Set(inbox.items.map((i) => i.id));
  }
}

/** The nearest open deadline of each case (rows come nearest first). */
function firstByCase(rows: readonly DeadlineRow[]): Map<number, DeadlineRow> {
  const out = new Map<number, DeadlineRow>();
  for (const row of rows) if (!out.has(row.aggregate_id)) out.set(row.aggregate_id, row);
  return out;
}
