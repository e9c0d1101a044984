/**
 * Project phase 1 (R2.4 a, R3.1, R3.3, R2.6): opening the project after the 两委 meeting, the consultation within
 * 10 days, the failure path (feasibility study → re-consultation or assembly vote), termination, and merging demands.
 */
import {
  assemblyVotePasses,
  validateAssemblyVote,
  validateConsultationRecord,
  type AssemblyVote,
} from '../forms/registration-form.js';
import { FieldErrors } from '../forms/field-errors.js';
import { DeadlineBook } from './deadline-book.js';
import type { LifecycleEvent } from './events.js';
import {
  feedbackEvent,
  formRefusal,
  projectBook,
  projectName,
  requiredText,
  withFeedback,
  type ProjectResult,
} from './project-common.js';
import type { ProjectCmd, ProjectState } from './project-types.js';
import { PROJECT_STATE_VERSION } from './state-versions.js';
import { iso, refuse, type DecideContext } from './types.js';

/** R2.4 (a) the project opens when the 两委 meeting adopts the demand; R3.1 the consultation is due in 10 days. */
export function openProject(cmd: ProjectCmd<'triageDemand'>, ctx: DecideContext): ProjectResult {
  const errors = [
    ...requiredText('title', cmd.title, '请填写项目名称'),
    ...requiredText('communityName', cmd.communityName, '请填写村（社区）名称'),
  ];
  if (cmd.demandIds.length === 0) errors.push({ field: 'demandIds', code: 'REQUIRED', message: '项目须关联至少一件诉求' });
  if (Number.isNaN(Date.parse(cmd.meeting.heldAt))) {
    errors.push({ field: 'meeting.heldAt', code: 'INVALID', message: '“两委”联席会议时间无效' });
  }
  if (errors.length > 0) return formRefusal('R2.4', '立项信息不完整', errors);
  const base: ProjectState = {
    aggregate: 'project',
    schemaVersion: PROJECT_STATE_VERSION,
    id: cmd.projectId,
    status: 'awaitingConsultation',
    townId: cmd.townId,
    communityId: cmd.communityId,
    communityName: cmd.communityName,
    title: cmd.title,
    demandIds: [...new Set(cmd.demandIds)],
    sources: cmd.sources,
    collection: cmd.collection,
    campaignId: cmd.campaignId,
    year: cmd.year,
    openedAt: iso(ctx.now),
    committeeMeeting: cmd.meeting,
    consultations: [],
    feasibilityStudies: [],
    assemblyVotes: [],
    agreement: null,
    registration: null,
    registeredAt: null,
    path: null,
    flags: [],
    possibleSplitWith: [],
    reviewRounds: [],
    publicity: null,
    objections: [],
    claims: [],
    implementer: null,
    implementationStartedAt: null,
    implementationCompletedAt: null,
    closure: null,
    survey: { responses: [], summary: null, completedAt: null },
    closedAt: null,
    termination: null,
    feedbackLog: [],
    deadlines: [],
  };
  const deadlines = new DeadlineBook([], ctx, 'project', base.id);
  deadlines.start('consultation', new Date(cmd.meeting.heldAt)); // R3.1: 10 days from the 两委 meeting.
  return { ok: true, state: { ...base, deadlines: deadlines.records }, events: deadlines.events };
}

/** R3.1 the 城乡社区协商会议 as on 登记备案表 section 二; R3.3 a failed one leads to a feasibility study. */
export function recordConsultation(state: ProjectState, cmd: ProjectCmd<'recordConsultation'>, ctx: DecideContext): ProjectResult {
  const record = cmd.consultation;
  const errors = validateConsultationRecord(record);
  if (errors.length > 0) return formRefusal('R3.1', '协商会议信息填写不完整', errors);
  if (Date.parse(record.heldAt) > ctx.now.getTime()) {
    return refuse('R3.1', 'MEETING_IN_FUTURE', '协商时间不能晚于当前时间');
  }
  const deadlines = projectBook(state, ctx);
  deadlines.complete('consultation'); // R3.1: the first consultation held, passed or not.
  const next: ProjectState = {
    ...state,
    status: record.passed ? 'consulted' : 'consultationFailed',
    consultations: [...state.consultations, record],
    agreement: record.passed && record.result !== null ? { via: 'consultation', agreedAt: record.heldAt, result: record.result } : null,
    implementer: record.passed && record.result !== null ? record.result.implementer : state.implementer,
    deadlines: deadlines.records,
  };
  return { ok: true, state: next, events: deadlines.events };
}

/** R3.3 a failed consultation is followed by a recorded feasibility analysis. */
export function recordFeasibilityStudy(
  state: ProjectState,
  cmd: ProjectCmd<'recordFeasibilityStudy'>,
  ctx: DecideContext,
): ProjectResult {
  const errors = new FieldErrors();
  errors.text('study.summary', cmd.study.summary, '可行性研究分析结论');
  if (!['reconsult', 'assemblyVote', 'terminate'].includes(cmd.study.recommendation)) {
    errors.add('study.recommendation', 'REQUIRED', '请选择下一步：择日再协商、提交表决或终止');
  }
  if (!errors.empty) return formRefusal('R3.3', '可行性研究分析填写不完整', errors.errors);
  return {
    ok: true,
    state: {
      ...state,
      status: 'feasibilityStudied',
      feasibilityStudies: [...state.feasibilityStudies, { ...cmd.study, recordedAt: iso(ctx.now) }],
    },
    events: [],
  };
}

/** R3.3 a 村（居）民（代表）会议 vote; when it passes, its plan becomes the project's 协商结果. */
export function recordAssemblyVote(state: ProjectState, cmd: ProjectCmd<'recordAssemblyVote'>, ctx: DecideContext): ProjectResult {
  const passed = assemblyVotePasses(cmd.vote.votesFor, cmd.vote.present, ctx.config);
  // Without a plan of its own, the vote is on the plan the failed consultation rejected.
  const lastPlan = state.consultations[state.consultations.length - 1]?.result ?? null;
  const vote: AssemblyVote = { ...cmd.vote, passed, result: cmd.vote.result ?? lastPlan };
  const errors = validateAssemblyVote(vote);
  if (errors.length > 0) return formRefusal('R3.3', '表决信息填写不完整', errors);
  if (Date.parse(vote.heldAt) > ctx.now.getTime()) return refuse('R3.3', 'MEETING_IN_FUTURE', '表决时间不能晚于当前时间');
  const agreed = passed && vote.result !== null;
  return {
    ok: true,
    state: {
      ...state,
      status: agreed ? 'consulted' : 'consultationFailed',
      assemblyVotes: [...state.assemblyVotes, vote],
      agreement: agreed && vote.result !== null ? { via: 'assemblyVote', agreedAt: vote.heldAt, result: vote.result } : state.agreement,
      implementer: agreed && vote.result !== null ? vote.result.implementer : state.implementer,
    },
    events: [],
  };
}

/** R3.3 a project can be terminated before registration, the reason fed back to every proposer (R7.1). */
export function terminateProject(state: ProjectState, cmd: ProjectCmd<'terminateProject'>, ctx: DecideContext): ProjectResult {
  const reason = cmd.reason.trim();
  if (reason === '') return formRefusal('R3.3', '终止项目须说明原因', requiredText('reason', reason, '请填写终止原因'));
  const deadlines = projectBook(state, ctx);
  deadlines.cancelAll('项目终止');
  const terminated: ProjectState = {
    ...state,
    status: 'terminated',
    termination: { at: iso(ctx.now), reason },
    deadlines: deadlines.records,
  };
  const fed = withFeedback(terminated, { template: 'projectTerminated', projectName: projectName(state), reason }, ctx);
  return { ok: true, state: fed.state, events: [...deadlines.events, fed.event] };
}

/** R2.6 demands merged into the project's primary demand; their proposers receive the feedbacks already sent. */
export function mergeIntoProject(state: ProjectState, cmd: ProjectCmd<'mergeDemands'>): ProjectResult {
  if (!state.demandIds.includes(cmd.primaryDemandId)) {
    return refuse('R2.6', 'MERGE_INVALID', '主诉求不属于该项目');
  }
  const added = [...new Set(cmd.mergedDemandIds)].filter((id) => !state.demandIds.includes(id));
  if (added.length === 0) return refuse('R2.6', 'MERGE_INVALID', '请选择要合并的诉求');
  const sources = [...state.sources, ...cmd.sources.filter((s) => added.includes(s.demandId))];
  const next: ProjectState = { ...state, demandIds: [...state.demandIds, ...added], sources };
  const events: LifecycleEvent[] = [
    { type: 'demandsMerged', aggregate: 'project', aggregateId: state.id, primaryDemandId: cmd.primaryDemandId, mergedDemandIds: added },
    ...state.feedbackLog.map((entry) => feedbackEvent(state, entry.data, added)),
  ];
  return { ok: true, state: next, events };
}
