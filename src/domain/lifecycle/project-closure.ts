/**
 * Project phase 4 (R6.1–R6.6): the 结项表 within 5 working days of completion, the satisfaction survey (by the
 * community before filing on the small path, by the town after filing on the town path, at least 30 respondents
 * unless the town approves an exception), and closure with the published result and feedback 3.
 */
import { toLocalDate } from '../calendar/index.js';
import { closureBudgetFrom, validateClosureForm, type ClosureForm } from '../forms/closure-form.js';
import type { FieldError } from '../forms/field-errors.js';
import {
  summariseSurvey,
  validateSurveyResponse,
  type SurveyException,
  type SurveyResponse,
  type SurveyResponseSource,
} from '../forms/survey.js';
import type { LifecycleEvent } from './events.js';
import { formRefusal, projectBook, projectName, withFeedback, withFlag, type ProjectResult } from './project-common.js';
import type { ProjectCmd, ProjectState, SurveyResponseInput } from './project-types.js';
import { iso, refuse, type DecideContext, type Refusal } from './types.js';

/**
 * R6.1 all fields of 结项表 with its attachments, consistent with the registration; R6.2 a small-path form carries
 * the community's completed survey; R6.3 a town-path form goes to the town, whose survey is due in 5 working days.
 */
export function submitClosure(state: ProjectState, cmd: ProjectCmd<'submitClosure'>, ctx: DecideContext): ProjectResult {
  const registration = state.registration;
  const agreement = state.agreement;
  const path = state.path;
  if (registration === null || agreement === null || path === null) {
    return refuse('R6.1', 'INVALID_STATE', '项目未备案，不能结项');
  }
  if (path === 'small' && (state.survey.summary === null || !state.survey.summary.complete)) {
    return refuse('R6.2', 'SURVEY_FIRST', '5万元以下的项目须先完成满意度测评，再填报结项表');
  }
  const form: ClosureForm = { ...cmd.form, survey: path === 'small' ? state.survey.summary : null };
  const errors: FieldError[] = validateClosureForm(form, {
    category: registration.basics.category,
    path,
    budget: closureBudgetFrom(agreement.result.fundSources),
  });
  if (form.consultationDate !== toLocalDate(new Date(agreement.agreedAt))) {
    errors.push({ field: 'consultationDate', code: 'MISMATCH', message: '协商日期与登记的协商会议日期不一致' });
  }
  if (form.handlingMode !== agreement.result.handlingMode) {
    errors.push({ field: 'handlingMode', code: 'MISMATCH', message: '办理方式与协商结果不一致' });
  }
  if (errors.length > 0) return formRefusal('R6.1', '结项表填写不完整或与登记信息不一致', errors);

  const deadlines = projectBook(state, ctx);
  deadlines.complete('closure'); // R6.1
  if (path === 'town') deadlines.start('townSurvey', ctx.now); // R6.3
  return {
    ok: true,
    state: {
      ...state,
      status: path === 'small' ? 'closureFiled' : 'surveying',
      closure: { form, submittedAt: iso(ctx.now) },
      deadlines: deadlines.records,
    },
    events: deadlines.events,
  };
}

/** Who surveys when: R6.2 the community before filing (small path), R6.3 the town after receiving the form. */
function surveyClosedRefusal(state: ProjectState): Refusal | null {
  if (state.survey.completedAt !== null) return refuse('R6.5', 'SURVEY_CLOSED', '满意度测评已结束');
  if (state.status === 'completed' && state.path !== 'small') {
    return refuse('R6.3', 'SURVEY_NOT_OPEN', '5万元以上的项目由镇（街道）在接收结项表后开展满意度测评');
  }
  return null;
}

function addResponses(
  state: ProjectState,
  inputs: readonly SurveyResponseInput[],
  source: SurveyResponseSource,
  ctx: DecideContext,
): ProjectResult {
  const closed = surveyClosedRefusal(state);
  if (closed !== null) return closed;
  if (inputs.length === 0) return formRefusal('R6.5', '请录入测评表', [{ field: 'responses', code: 'REQUIRED', message: '请录入至少一份测评表' }]);
  const at = iso(ctx.now);
  const responses: SurveyResponse[] = inputs.map((input) => ({
    ...input,
    source,
    respondentKey: source === 'online' ? input.respondentKey : null,
    recordedAt: at,
  }));
  const errors = responses.flatMap((response, index) =>
    validateSurveyResponse(response, inputs.length === 1 && source === 'online' ? 'response' : `responses.${index}`),
  );
  if (errors.length > 0) return formRefusal('R6.5', '测评表填写不完整', errors);
  // R6.5 one response per respondent online.
  const keys = new Set(state.survey.responses.map((r) => r.respondentKey).filter((k): k is string => k !== null));
  for (const response of responses) {
    if (response.respondentKey === null) continue;
    if (keys.has(response.respondentKey)) return refuse('R6.5', 'DUPLICATE_RESPONSE', '每位参与者只能提交一份测评表');
    keys.add(response.respondentKey);
  }
  return {
    ok: true,
    state: { ...state, survey: { ...state.survey, responses: [...state.survey.responses, ...responses] } },
    events: [],
  };
}

/** R6.5 one respondent's answers, online (link / QR code). */
export function submitSurveyResponse(state: ProjectState, cmd: ProjectCmd<'submitSurveyResponse'>, ctx: DecideContext): ProjectResult {
  return addResponses(state, [cmd.response], 'online', ctx);
}

/** R6.5 paper answer sheets keyed in by staff. */
export function recordPaperSurvey(state: ProjectState, cmd: ProjectCmd<'recordPaperSurvey'>, ctx: DecideContext): ProjectResult {
  return addResponses(state, cmd.responses, 'paper', ctx);
}

/**
 * R6.4 a survey needs at least 30 respondents; fewer only with a written reason approved by the town, and then the
 * project stays flagged. R6.3 on the town path the summary completes 结项表 section 五.
 */
export function completeSurvey(state: ProjectState, cmd: ProjectCmd<'completeSurvey'>, ctx: DecideContext): ProjectResult {
  const closed = surveyClosedRefusal(state);
  if (closed !== null) return closed;
  const min = ctx.config.surveyMinRespondents;
  const count = state.survey.responses.length;
  const now = iso(ctx.now);
  let exception: SurveyException | null = null;
  if (count < min) {
    const reason = cmd.exceptionReason?.trim() ?? '';
    if (reason === '') {
      return refuse('R6.4', 'SURVEY_TOO_FEW', `参与测评人数${count}人，不得少于${min}人；确有特殊情况的须经镇（街道）批准并说明理由`, {
        respondentCount: count,
        minRespondents: min,
      });
    }
    if (ctx.actor.role !== 'town_staff') {
      return refuse('R6.4', 'EXCEPTION_NEEDS_TOWN', `参与测评人数少于${min}人的，须由镇（街道）批准`);
    }
    exception = { reason, approvedByUserId: ctx.actor.userId, approvedAt: now };
  }
  const summary = summariseSurvey(state.survey.responses, { minRespondents: min, exception });
  let next: ProjectState = { ...state, survey: { ...state.survey, summary, completedAt: now } };
  const events: LifecycleEvent[] = [];
  if (summary.flagged) {
    next = withFlag(next, 'surveyException');
    events.push({
      type: 'flagRaised',
      aggregate: 'project',
      aggregateId: state.id,
      flag: 'surveyException',
      rule: 'R6.4',
      details: { respondentCount: count, reason: summary.exception?.reason ?? '' },
    });
  }
  if (state.status === 'surveying') {
    const closure = state.closure;
    if (closure === null) return refuse('R6.3', 'INVALID_STATE', '尚未收到结项表');
    const deadlines = projectBook(next, ctx);
    deadlines.complete('townSurvey'); // R6.3
    next = { ...next, status: 'closureFiled', closure: { ...closure, form: { ...closure.form, survey: summary } }, deadlines: deadlines.records };
    events.push(...deadlines.events);
  }
  return { ok: true, state: next, events };
}

/** R6.6 closure publishes the result on the publicity channels and sends feedback 3 to every proposer. */
export function closeProject(state: ProjectState, ctx: DecideContext): ProjectResult {
  const now = iso(ctx.now);
  const channels = state.publicity?.channels ?? [...ctx.config.publicity.communityRequiredChannels];
  const closed: ProjectState = { ...state, status: 'closed', closedAt: now };
  const fed = withFeedback(
    closed,
    {
      template: 'projectClosed',
      projectName: projectName(state),
      closedOn: toLocalDate(ctx.now),
      satisfactionPercent: state.closure?.form.survey?.satisfaction.percent ?? null,
    },
    ctx,
  );
  const events: LifecycleEvent[] = [
    { type: 'publicationRequested', aggregate: 'project', aggregateId: state.id, kind: 'result', channels, startsAt: now, endsAt: null },
    fed.event,
  ];
  return { ok: true, state: fed.state, events };
}
