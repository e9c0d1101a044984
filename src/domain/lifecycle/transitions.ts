/**
 * The transitions tables: for each aggregate, every (state, action) pair the lifecycle accepts, the roles allowed to
 * take it, the states it may lead to and the clocks it starts and stops. The deciders check roles and states against
 * these rows, and docs/lifecycle.md is generated from them, so the documentation cannot drift from the code.
 */
import { ACTION_LABELS, type Action } from '../access/actions.js';
import type { DeadlineStep } from './deadline-book.js';
import {
  DEMAND_STATUSES,
  DEMAND_TERMINAL,
  PROJECT_STATUSES,
  PROJECT_TERMINAL,
  type DemandStatus,
  type ProjectStatus,
} from './statuses.js';
import type { ActorRole, RuleId } from './types.js';

/** Commands run by jobs, not by people; they are not actions of access/actions.ts. */
export const SYSTEM_COMMANDS = ['endPublicity', 'markOverdue'] as const;
export type SystemCommand = (typeof SYSTEM_COMMANDS)[number];

export type CommandName = Action | SystemCommand;

export const COMMAND_LABELS: Readonly<Record<CommandName, string>> = {
  ...ACTION_LABELS,
  endPublicity: '公示期满',
  markOverdue: '逾期预警',
};

export type DemandCommandType =
  | 'createDemand'
  | 'acknowledgeDemand'
  | 'returnDemand'
  | 'reassignDemand'
  | 'mergeDemands'
  | 'triageDemand'
  | 'markOverdue';

export type ProjectCommandType =
  | 'triageDemand'
  | 'mergeDemands'
  | 'recordConsultation'
  | 'recordFeasibilityStudy'
  | 'recordAssemblyVote'
  | 'terminateProject'
  | 'submitRegistration'
  | 'returnRegistration'
  | 'assignReviewers'
  | 'recordDepartmentOpinion'
  | 'recordStamp'
  | 'decideReview'
  | 'startPublicity'
  | 'endPublicity'
  | 'raiseObjection'
  | 'answerObjection'
  | 'claimProject'
  | 'decideClaim'
  | 'startImplementation'
  | 'completeImplementation'
  | 'submitClosure'
  | 'submitSurveyResponse'
  | 'recordPaperSurvey'
  | 'completeSurvey'
  | 'closeProject'
  | 'markOverdue';

export interface Transition<S extends string, A extends string> {
  /** null: the command creates the aggregate. */
  readonly from: S | null;
  readonly action: A;
  readonly roles: readonly ActorRole[];
  /** The states the command may lead to (the same state for a step inside it). */
  readonly to: readonly S[];
  readonly starts: readonly DeadlineStep[];
  readonly completes: readonly DeadlineStep[];
  readonly rules: readonly RuleId[];
  /** Short Chinese note for the generated documentation. */
  readonly note: string;
  /** Housekeeping rows (markOverdue, merges) are listed in the tables but left out of the diagrams. */
  readonly inDiagram: boolean;
}

export type DemandTransition = Transition<DemandStatus, DemandCommandType>;
export type ProjectTransition = Transition<ProjectStatus, ProjectCommandType>;

const COMMUNITY: readonly ActorRole[] = ['community_staff'];
const TOWN: readonly ActorRole[] = ['town_staff'];
const STAFF: readonly ActorRole[] = ['community_staff', 'town_staff'];
const SYSTEM: readonly ActorRole[] = ['system'];

interface RowOptions<S extends string> {
  readonly starts?: readonly DeadlineStep[];
  readonly completes?: readonly DeadlineStep[];
  readonly note?: string;
  readonly inDiagram?: boolean;
  readonly to?: readonly S[];
}

function row<S extends string, A extends string>(
  from: S | null,
  action: A,
  roles: readonly ActorRole[],
  to: readonly S[],
  rules: readonly RuleId[],
  options: RowOptions<S> = {},
): Transition<S, A> {
  return {
    from,
    action,
    roles,
    to,
    starts: options.starts ?? [],
    completes: options.completes ?? [],
    rules,
    note: options.note ?? '',
    inDiagram: options.inDiagram ?? true,
  };
}

/** A step inside a state: the state does not change. */
function stay<S extends string, A extends string>(
  states: readonly S[],
  action: A,
  roles: readonly ActorRole[],
  rules: readonly RuleId[],
  options: RowOptions<S> = {},
): Transition<S, A>[] {
  return states.map((state) => row(state, action, roles, [state], rules, options));
}

const demandOpen = DEMAND_STATUSES.filter((s) => !DEMAND_TERMINAL.includes(s));

export const DEMAND_TRANSITIONS: readonly DemandTransition[] = [
  row<DemandStatus, DemandCommandType>(null, 'createDemand', ['community_staff', 'town_staff', 'system', 'public'], ['assigned'], ['R2.1', 'R2.2'], {
    starts: ['receipt'],
    note: '录入即交派属地村（社区），生成查询编号',
  }),
  row('assigned', 'acknowledgeDemand', COMMUNITY, ['acknowledged'], ['R2.3', 'R7.1'], {
    starts: ['triage'],
    completes: ['receipt'],
    note: '反馈1（受理）',
  }),
  row('assigned', 'returnDemand', COMMUNITY, ['returned'], ['R2.5'], { note: '错派退回镇（街道），须说明原因' }),
  row('acknowledged', 'returnDemand', COMMUNITY, ['returned'], ['R2.5'], { note: '错派退回镇（街道），须说明原因' }),
  row('returned', 'reassignDemand', TOWN, ['assigned'], ['R2.5'], { starts: ['receipt'], note: '重新交派，24小时重新计时' }),
  row('acknowledged', 'triageDemand', COMMUNITY, ['adopted', 'referred', 'declined'], ['R2.4', 'R7.1'], {
    completes: ['triage'],
    note: '“两委”联席会议：立项 / 现行政策（反馈2）/ 不予采纳（反馈2）',
  }),
  row('acknowledged', 'mergeDemands', STAFF, ['acknowledged', 'merged'], ['R2.6'], {
    note: '主诉求吸收其他诉求；被合并诉求转为已合并',
  }),
  row('adopted', 'mergeDemands', STAFF, ['adopted'], ['R2.6'], { note: '已立项的主诉求吸收其他诉求', inDiagram: false }),
  ...stay<DemandStatus, DemandCommandType>(demandOpen, 'markOverdue', SYSTEM, ['R7.2'], {
    note: '逾期步骤向上一级预警',
    inDiagram: false,
  }),
];

const projectOpen = PROJECT_STATUSES.filter((s) => !PROJECT_TERMINAL.includes(s));
const beforeRegistration: readonly ProjectStatus[] = [
  'awaitingConsultation',
  'consultationFailed',
  'feasibilityStudied',
  'consulted',
  'registrationReturned',
];
const claimable: readonly ProjectStatus[] = ['registered', 'confirmed', 'inPublicity', 'publicityEnded'];

export const PROJECT_TRANSITIONS: readonly ProjectTransition[] = [
  row<ProjectStatus, ProjectCommandType>(null, 'triageDemand', COMMUNITY, ['awaitingConsultation'], ['R2.4', 'R3.1'], {
    starts: ['consultation'],
    note: '“两委”联席会议决定立项，10日内协商',
  }),
  row('awaitingConsultation', 'recordConsultation', COMMUNITY, ['consulted', 'consultationFailed'], ['R3.1', 'R3.3'], {
    completes: ['consultation'],
    note: '登记协商会议及结果',
  }),
  row('consultationFailed', 'recordFeasibilityStudy', COMMUNITY, ['feasibilityStudied'], ['R3.3'], {
    note: '协商未通过，作可行性研究分析',
  }),
  row('feasibilityStudied', 'recordConsultation', COMMUNITY, ['consulted', 'consultationFailed'], ['R3.3'], {
    note: '择日再协商',
  }),
  row('feasibilityStudied', 'recordAssemblyVote', COMMUNITY, ['consulted', 'consultationFailed'], ['R3.3'], {
    note: '提交村（居）民（代表）会议表决',
  }),
  ...beforeRegistration.map((state) =>
    row<ProjectStatus, ProjectCommandType>(state, 'terminateProject', COMMUNITY, ['terminated'], ['R3.3', 'R7.1'], {
      note: '终止，原因反馈提议人',
    }),
  ),
  row('consulted', 'submitRegistration', COMMUNITY, ['registered', 'underReview'], ['R3.2', 'R3.4', 'R3.5', 'R1.2', 'R1.3'], {
    starts: ['review', 'engineeringCompletion'],
    note: '5万元以下且未超限：备案并反馈2；否则提交镇（街道）审核',
  }),
  row('registrationReturned', 'submitRegistration', COMMUNITY, ['registered', 'underReview'], ['R4.5'], {
    starts: ['review', 'engineeringCompletion'],
    note: '修改后重新提交，审核重新计时',
  }),
  ...stay<ProjectStatus, ProjectCommandType>(['underReview'], 'assignReviewers', TOWN, ['R4.1'], { note: '选择会审部门' }),
  ...stay<ProjectStatus, ProjectCommandType>(['underReview'], 'recordDepartmentOpinion', ['department_reviewer'], ['R4.2'], {
    note: '四项审核内容逐项结论与意见',
  }),
  ...stay<ProjectStatus, ProjectCommandType>(['underReview'], 'recordStamp', ['department_reviewer', 'town_staff'], ['R4.3'], {
    note: '登记部门盖章（人、时间、扫描件）',
  }),
  row('underReview', 'returnRegistration', TOWN, ['registrationReturned'], ['R4.5'], {
    completes: [],
    note: '退回修改，须说明原因',
  }),
  row('underReview', 'decideReview', TOWN, ['transferred', 'confirmed'], ['R4.1', 'R4.3', 'R4.4', 'R4.6', 'R7.1'], {
    completes: ['review'],
    note: '现行政策：转交跟办部门（反馈2）；专项资金：生成审核意见（反馈2）',
  }),
  row('confirmed', 'startPublicity', TOWN, ['inPublicity'], ['R5.1'], {
    starts: ['publicityWindow'],
    note: '镇（街道）在指定平台公示，不少于5日',
  }),
  row('registered', 'startPublicity', COMMUNITY, ['inPublicity'], ['R5.2'], {
    starts: ['publicityWindow'],
    note: '村（社区）自行公示，默认5日',
  }),
  ...stay<ProjectStatus, ProjectCommandType>(['inPublicity'], 'raiseObjection', ['public', 'community_staff', 'town_staff'], ['R5.3'], {
    note: '公示期内提出异议',
  }),
  ...stay<ProjectStatus, ProjectCommandType>(['inPublicity', 'publicityEnded'], 'answerObjection', STAFF, ['R5.3'], {
    note: '答复异议',
  }),
  row('inPublicity', 'endPublicity', SYSTEM, ['publicityEnded'], ['R5.1', 'R5.2', 'R5.4'], {
    starts: ['serviceStart'],
    completes: ['publicityWindow'],
    note: '公示期满（定时任务）',
  }),
  ...stay<ProjectStatus, ProjectCommandType>(claimable, 'claimProject', ['public', 'community_staff', 'town_staff'], ['R5.5'], {
    note: '莞家直达：认领',
  }),
  ...stay<ProjectStatus, ProjectCommandType>(claimable, 'decideClaim', STAFF, ['R5.5', 'R7.1'], {
    note: '确认认领（认领结果反馈）',
  }),
  row('publicityEnded', 'startImplementation', COMMUNITY, ['implementing'], ['R5.3', 'R5.4', 'R5.5'], {
    completes: ['serviceStart'],
    note: '公示期满且异议均已答复后实施',
  }),
  row('implementing', 'completeImplementation', COMMUNITY, ['completed'], ['R6.1', 'R5.4'], {
    starts: ['closure'],
    completes: ['engineeringCompletion'],
    note: '完成后5个工作日内结项',
  }),
  ...stay<ProjectStatus, ProjectCommandType>(['completed'], 'submitSurveyResponse', ['public'], ['R6.2', 'R6.5'], {
    note: '5万元以下：村（社区）测评（在线）',
  }),
  ...stay<ProjectStatus, ProjectCommandType>(['completed'], 'recordPaperSurvey', COMMUNITY, ['R6.2', 'R6.5'], {
    note: '5万元以下：录入纸质测评表',
  }),
  ...stay<ProjectStatus, ProjectCommandType>(['completed'], 'completeSurvey', STAFF, ['R6.2', 'R6.4'], {
    note: '5万元以下：完成测评（不足30人须镇街批准）',
  }),
  row('completed', 'submitClosure', COMMUNITY, ['closureFiled', 'surveying'], ['R6.1', 'R6.2', 'R6.3'], {
    starts: ['townSurvey'],
    completes: ['closure'],
    note: '5万元以下附测评结果；5万元以上由镇（街道）测评',
  }),
  ...stay<ProjectStatus, ProjectCommandType>(['surveying'], 'submitSurveyResponse', ['public'], ['R6.3', 'R6.5'], {
    note: '镇（街道）测评（在线）',
  }),
  ...stay<ProjectStatus, ProjectCommandType>(['surveying'], 'recordPaperSurvey', TOWN, ['R6.3', 'R6.5'], {
    note: '镇（街道）录入纸质测评表',
  }),
  row('surveying', 'completeSurvey', TOWN, ['closureFiled'], ['R6.3', 'R6.4'], {
    completes: ['townSurvey'],
    note: '录入测评结果（不足30人须说明理由）',
  }),
  row('closureFiled', 'closeProject', STAFF, ['closed'], ['R6.6', 'R7.1'], {
    note: '办结：原渠道公示结果，反馈3',
  }),
  ...stay<ProjectStatus, ProjectCommandType>(projectOpen, 'mergeDemands', STAFF, ['R2.6'], {
    note: '并入其他诉求，补发已发反馈',
    inDiagram: false,
  }),
  ...stay<ProjectStatus, ProjectCommandType>(projectOpen, 'markOverdue', SYSTEM, ['R7.2'], {
    note: '逾期步骤向上一级预警',
    inDiagram: false,
  }),
];

export function findTransition<S extends string, A extends string>(
  table: readonly Transition<S, A>[],
  from: S | null,
  action: A,
): Transition<S, A> | undefined {
  return table.find((t) => t.from === from && t.action === action);
}
