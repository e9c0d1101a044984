/**
 * The Project aggregate's one pure entry point, `decideProject`: checks the command against the transitions table
 * (state and role) and hands it to the phase that owns it (consultation, review, publicity, closure).
 * Also builds the opening command from an adopted demand and a project's R1.3 split-detection view.
 */
import { assertNever, dispatch, type DispatchSpec } from './dispatch.js';
import type { CommitteeMeeting, DemandState, TriageOutcome } from './demand.js';
import { projectBook, type ProjectResult } from './project-common.js';
import {
  mergeIntoProject,
  openProject,
  recordAssemblyVote,
  recordConsultation,
  recordFeasibilityStudy,
  terminateProject,
} from './project-consultation.js';
import { closeProject, completeSurvey, recordPaperSurvey, submitClosure, submitSurveyResponse } from './project-closure.js';
import {
  answerObjection,
  claimProject,
  completeImplementation,
  decideClaim,
  endPublicity,
  raiseObjection,
  startImplementation,
  startPublicity,
} from './project-publicity.js';
import {
  assignReviewers,
  decideReview,
  recordDepartmentOpinion,
  recordStamp,
  returnRegistration,
  submitRegistration,
} from './project-review.js';
import type { ProjectCmd, ProjectCommand, ProjectState } from './project-types.js';
import { closureBudgetFrom, type FundRows } from '../forms/closure-form.js';
import type { FundLine } from '../forms/registration-form.js';
import type { SplitCandidate } from './split-detection.js';
import { PROJECT_STATUS_LABELS, type ProjectStatus } from './statuses.js';
import { PROJECT_TRANSITIONS, type ProjectCommandType } from './transitions.js';
import type { DecideContext } from './types.js';

const SPEC: DispatchSpec<ProjectStatus, ProjectCommandType> = {
  aggregate: 'project',
  table: PROJECT_TRANSITIONS,
  statusLabels: PROJECT_STATUS_LABELS,
  earlyRefusals: [
    {
      action: 'startImplementation',
      from: ['registered', 'confirmed', 'inPublicity'],
      rule: 'R5.3',
      code: 'PUBLICITY_NOT_ENDED',
      message: '项目须经公示且公示期满后方可组织实施',
    },
    {
      action: 'raiseObjection',
      from: ['registered', 'confirmed', 'publicityEnded', 'implementing'],
      rule: 'R5.3',
      code: 'INVALID_STATE',
      message: '异议须在公示期内提出',
    },
    {
      action: 'recordFeasibilityStudy',
      from: ['awaitingConsultation', 'consulted'],
      rule: 'R3.3',
      code: 'CONSULTATION_NOT_FAILED',
      message: '只有协商未通过的项目需要作可行性研究分析',
    },
    {
      action: 'recordAssemblyVote',
      from: ['consultationFailed'],
      rule: 'R3.3',
      code: 'INVALID_STATE',
      message: '协商未通过的项目须先作可行性研究分析，再提交村（居）民（代表）会议表决',
    },
    {
      action: 'submitClosure',
      from: ['implementing'],
      rule: 'R6.1',
      code: 'INVALID_STATE',
      message: '项目完成后方可填报结项表',
    },
  ],
};

/** The one pure entry point of the Project aggregate. */
export function decideProject(state: ProjectState | null, command: ProjectCommand, ctx: DecideContext): ProjectResult {
  return dispatch(SPEC, state, command.type, ctx, () => {
    if (command.type === 'triageDemand') return openProject(command, ctx);
    if (state === null) throw new Error('dispatch lets only triageDemand through without a state');
    switch (command.type) {
      case 'mergeDemands':
        return mergeIntoProject(state, command);
      case 'recordConsultation':
        return recordConsultation(state, command, ctx);
      case 'recordFeasibilityStudy':
        return recordFeasibilityStudy(state, command, ctx);
      case 'recordAssemblyVote':
        return recordAssemblyVote(state, command, ctx);
      case 'terminateProject':
        return terminateProject(state, command, ctx);
      case 'submitRegistration':
        return submitRegistration(state, command, ctx);
      case 'returnRegistration':
        return returnRegistration(state, command, ctx);
      case 'assignReviewers':
        return assignReviewers(state, command);
      case 'recordDepartmentOpinion':
        return recordDepartmentOpinion(state, command, ctx);
      case 'recordStamp':
        return recordStamp(state, command, ctx);
      case 'decideReview':
        return decideReview(state, command, ctx);
      case 'startPublicity':
        return startPublicity(state, command, ctx);
      case 'endPublicity':
        return endPublicity(state, ctx);
      case 'raiseObjection':
        return raiseObjection(state, command, ctx);
      case 'answerObjection':
        return answerObjection(state, command, ctx);
      case 'claimProject':
        return claimProject(state, command, ctx);
      case 'decideClaim':
        return decideClaim(state, command, ctx);
      case 'startImplementation':
        return startImplementation(state, ctx);
      case 'completeImplementation':
        return completeImplementation(state, ctx);
      case 'submitClosure':
        return submitClosure(state, command, ctx);
      case 'submitSurveyResponse':
        return submitSurveyResponse(state, command, ctx);
      case 'recordPaperSurvey':
        return recordPaperSurvey(state, command, ctx);
      case 'completeSurvey':
        return completeSurvey(state, command, ctx);
      case 'closeProject':
        return closeProject(state, ctx);
      case 'markOverdue': {
        const deadlines = projectBook(state, ctx);
        deadlines.markOverdue(); // R7.2
        return { ok: true, state: { ...state, deadlines: deadlines.records }, events: deadlines.events };
      }
      default:
        return assertNever(command);
    }
  });
}

/**
 * R2.4 (a) the command that opens the project of an adopted demand (after `decideDemand` accepted the triage):
 * the project answers the demand and every demand merged into it.
 * @param sources the channel and proposer kind of each merged demand, loaded by the service (R2.2 来源渠道).
 */
export function openProjectCommand(
  demand: DemandState,
  triage: { readonly meeting: CommitteeMeeting; readonly outcome: Extract<TriageOutcome, { kind: 'adopt' }> },
  mergedSources: ProjectCmd<'triageDemand'>['sources'] = [],
): ProjectCmd<'triageDemand'> {
  return {
    type: 'triageDemand',
    projectId: triage.outcome.projectId,
    townId: demand.townId,
    communityId: demand.communityId,
    communityName: demand.communityName,
    title: triage.outcome.projectTitle,
    demandIds: [demand.id, ...demand.linkedDemandIds],
    sources: [{ demandId: demand.id, channel: demand.channel, proposerKind: demand.proposer.kind }, ...mergedSources],
    collection: demand.collection,
    campaignId: demand.campaignId,
    year: demand.year,
    meeting: triage.meeting,
  };
}

/** The number a new objection or claim of a project takes (`raiseObjection`, `claimProject`): one more than the largest. */
export function nextRecordId(records: readonly { readonly id: number }[]): number {
  return records.reduce((max, record) => Math.max(max, record.id), 0) + 1;
}

/** R1.3 the split-detection view of a registered small-path project, for `submitRegistration.recentSmallProjects`. */
export function toSplitCandidate(state: ProjectState): SplitCandidate | null {
  const basics = state.registration?.basics;
  if (basics === undefined || state.registeredAt === null || state.path === null) return null;
  return {
    projectId: state.id,
    communityId: state.communityId,
    category: basics.category,
    subcategory: basics.subcategory,
    location: basics.location,
    budgetFen: basics.budgetFen,
    registeredAt: state.registeredAt,
    path: state.path,
  };
}

/** R9.2 the project's money per fund source: the agreed budget lines, and budget against actual once it is closed. */
export interface ProjectFunds {
  readonly budgetLines: readonly FundLine[];
  readonly budget: FundRows | null;
  readonly actual: FundRows | null;
}

export function projectFunds(state: ProjectState): ProjectFunds {
  const lines = state.agreement?.result.fundSources ?? [];
  return {
    budgetLines: lines,
    budget: state.agreement === null ? null : closureBudgetFrom(lines),
    actual: state.closure?.form.actual ?? null,
  };
}
