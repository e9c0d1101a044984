/** Project phase 4: R6.1 closure form, R6.2 / R6.3 who surveys when, R6.4 the 30-respondent minimum, R6.5 responses, R6.6 closure. */
import { describe, expect, it } from 'vitest';
import { decideProject, projectFunds, renderFeedback, type ProjectState } from '../../../src/domain/lifecycle/index.js';
import { TOWN_CHANNELS, closureForm, completedProject, ctx, eventsOf, ok, refused, responses, step } from './fixtures.js';

const TOWN = 'town_staff' as const;
const SMALL = 3_000_000;
const LARGE = 12_000_000;

function surveyed(count: number, budgetFen = SMALL): ProjectState {
  return step(completedProject({ budgetFen }), { type: 'recordPaperSurvey', responses: responses(count) }, '2026-11-21T02:00:00.000Z');
}

function townSurveying(): ProjectState {
  return step(completedProject({ budgetFen: LARGE }), { type: 'submitClosure', form: closureForm('engineering', LARGE) }, '2026-11-23T02:00:00.000Z');
}

describe('Project closure and survey', () => {
  it('R6.1 the closure form is due 5 working days after completion', () => {
    expect(completedProject({ budgetFen: LARGE }).deadlines.find((d) => d.step === 'closure')).toMatchObject({
      rule: 'R6.1',
      owner: 'community',
      startedAt: '2026-11-20T02:00:00.000Z',
      due: '2026-11-27T16:00:00.000Z',
      dueDate: '2026-11-27',
    });
  });

  it('R6.1 the closure form must be complete and agree with the registration', () => {
    const violation = refused(
      decideProject(
        completedProject({ budgetFen: LARGE }),
        { type: 'submitClosure', form: closureForm('engineering', LARGE, { consultationDate: '2026-09-30', resultsText: '' }) },
        ctx('2026-11-23T02:00:00.000Z'),
      ),
    );
    expect(violation).toMatchObject({ rule: 'R6.1', code: 'FORM_INVALID' });
    expect(violation.details?.errors).toEqual([
      { field: 'resultsText', code: 'REQUIRED', message: '请填写项目成效' },
      { field: 'consultationDate', code: 'MISMATCH', message: '协商日期与登记的协商会议日期不一致' },
    ]);
    expect(refused(decideProject(completedProject({ budgetFen: LARGE }), { type: 'closeProject' }, ctx('2026-11-23T02:00:00.000Z'))).code).toBe('INVALID_STATE');
  });

  it('R6.2 a small project is surveyed by the community first, and its closure form carries the results', () => {
    expect(refused(decideProject(completedProject({ budgetFen: SMALL }), { type: 'submitClosure', form: closureForm('engineering', SMALL) }, ctx('2026-11-23T02:00:00.000Z')))).toMatchObject({
      rule: 'R6.2',
      code: 'SURVEY_FIRST',
    });
    const complete = step(surveyed(30), { type: 'completeSurvey', exceptionReason: null }, '2026-11-22T02:00:00.000Z');
    expect(complete.status).toBe('completed');
    expect(complete.survey.summary).toMatchObject({ respondentCount: 30, complete: true, flagged: false, satisfaction: { satisfied: 30, total: 30, percent: '100' } });
    const { state, events } = ok(decideProject(complete, { type: 'submitClosure', form: closureForm('engineering', SMALL) }, ctx('2026-11-23T02:00:00.000Z')));
    expect(state.status).toBe('closureFiled');
    expect(state.closure?.form.survey).toEqual(complete.survey.summary);
    expect(projectFunds(state)).toEqual({
      budgetLines: [{ source: 'special', amountFen: SMALL }],
      budget: { special: SMALL, collective: 0, social: 0 },
      actual: { special: SMALL - 10_000, collective: 0, social: 0 },
    });
    expect(eventsOf(events, 'deadlineCompleted')).toEqual([expect.objectContaining({ step: 'closure', late: false })]);
    expect(eventsOf(events, 'deadlineSet')).toEqual([]);
  });

  it('R6.3 a town-path project files without the survey; the town surveys within 5 working days and records the results', () => {
    expect(refused(decideProject(completedProject({ budgetFen: LARGE }), { type: 'recordPaperSurvey', responses: responses(30) }, ctx('2026-11-21T02:00:00.000Z')))).toMatchObject({
      rule: 'R6.3',
      code: 'SURVEY_NOT_OPEN',
    });
    const surveying = townSurveying();
    expect(surveying.status).toBe('surveying');
    expect(surveying.closure?.form.survey).toBeNull();
    // Working days after Mon 11-23: 24, 25, 26, 27, 30.
    expect(surveying.deadlines.find((d) => d.step === 'townSurvey')).toMatchObject({ rule: 'R6.3', owner: 'town', due: '2026-11-30T16:00:00.000Z', dueDate: '2026-11-30' });
    expect(refused(decideProject(surveying, { type: 'recordPaperSurvey', responses: responses(30) }, ctx('2026-11-24T02:00:00.000Z'))).code).toBe('FORBIDDEN_ROLE');
    const entered = step(surveying, { type: 'recordPaperSurvey', responses: responses(31) }, '2026-11-24T02:00:00.000Z', TOWN);
    const { state, events } = ok(decideProject(entered, { type: 'completeSurvey', exceptionReason: null }, ctx('2026-11-25T02:00:00.000Z', TOWN)));
    expect(state.status).toBe('closureFiled');
    expect(state.closure?.form.survey?.respondentCount).toBe(31);
    expect(eventsOf(events, 'deadlineCompleted')).toEqual([expect.objectContaining({ step: 'townSurvey', late: false })]);
  });

  it('R6.4 29 respondents are refused unless the town approves an exception with a reason, which stays flagged', () => {
    const few = surveyed(29);
    expect(refused(decideProject(few, { type: 'completeSurvey', exceptionReason: null }, ctx('2026-11-22T02:00:00.000Z')))).toEqual({
      rule: 'R6.4',
      code: 'SURVEY_TOO_FEW',
      message: '参与测评人数29人，不得少于30人；确有特殊情况的须经镇（街道）批准并说明理由',
      details: { respondentCount: 29, minRespondents: 30 },
    });
    expect(refused(decideProject(few, { type: 'completeSurvey', exceptionReason: '服务对象仅12名残疾人' }, ctx('2026-11-22T02:00:00.000Z')))).toMatchObject({
      rule: 'R6.4',
      code: 'EXCEPTION_NEEDS_TOWN',
    });
    const { state, events } = ok(decideProject(few, { type: 'completeSurvey', exceptionReason: '服务对象仅12名残疾人' }, ctx('2026-11-22T02:00:00.000Z', TOWN)));
    expect(state.flags).toEqual(['surveyException']);
    expect(state.survey.summary).toMatchObject({
      complete: true,
      flagged: true,
      exception: { reason: '服务对象仅12名残疾人', approvedByUserId: 7, approvedAt: '2026-11-22T02:00:00.000Z' },
    });
    expect(eventsOf(events, 'flagRaised')).toEqual([
      { type: 'flagRaised', aggregate: 'project', aggregateId: 900, flag: 'surveyException', rule: 'R6.4', details: { respondentCount: 29, reason: '服务对象仅12名残疾人' } },
    ]);
  });

  it('R6.5 online responses come one per respondent; the survey closes when completed', () => {
    const [first] = responses(1, 'verySatisfied', 'token-');
    if (first === undefined) throw new Error('fixture');
    const once = ok(decideProject(townSurveying(), { type: 'submitSurveyResponse', response: first }, ctx('2026-11-24T02:00:00.000Z', 'public'))).state;
    expect(once.survey.responses[0]).toMatchObject({ source: 'online', respondentKey: 'token-0', recordedAt: '2026-11-24T02:00:00.000Z' });
    expect(refused(decideProject(once, { type: 'submitSurveyResponse', response: first }, ctx('2026-11-24T03:00:00.000Z', 'public')))).toMatchObject({
      rule: 'R6.5',
      code: 'DUPLICATE_RESPONSE',
    });
    expect(
      refused(decideProject(once, { type: 'submitSurveyResponse', response: { ...first, respondentKey: 'token-1', answers: {} } }, ctx('2026-11-24T03:00:00.000Z', 'public'))).details?.errors,
    ).toEqual([{ field: 'response.answers.overall', code: 'REQUIRED', message: '请对项目总体评价作出选择' }]);
    const paper = step(once, { type: 'recordPaperSurvey', responses: responses(29, 'basicallySatisfied', 'p') }, '2026-11-25T02:00:00.000Z', TOWN);
    expect(paper.survey.responses.filter((r) => r.source === 'paper').every((r) => r.respondentKey === null)).toBe(true);
    const done = step(paper, { type: 'completeSurvey', exceptionReason: null }, '2026-11-25T03:00:00.000Z', TOWN);
    expect(done.survey.summary?.counts.overall).toEqual({ verySatisfied: 1, satisfied: 0, basicallySatisfied: 29, dissatisfied: 0, veryDissatisfied: 0 });
    expect(refused(decideProject(done, { type: 'submitSurveyResponse', response: { ...first, respondentKey: 'late' } }, ctx('2026-11-26T02:00:00.000Z', 'public'))).code).toBe(
      'INVALID_STATE',
    );
  });

  it('R6.6 closing publishes the result on the publicity channels and sends feedback 3 to every proposer', () => {
    const filed = step(
      step(step(townSurveying(), { type: 'recordPaperSurvey', responses: [...responses(29), ...responses(1, 'dissatisfied', 'x')] }, '2026-11-24T02:00:00.000Z', TOWN), { type: 'completeSurvey', exceptionReason: null }, '2026-11-25T02:00:00.000Z', TOWN),
      { type: 'mergeDemands', primaryDemandId: 1, mergedDemandIds: [2], sources: [{ demandId: 2, channel: 'citizenCenter', proposerKind: 'masses' }] },
      '2026-11-25T03:00:00.000Z',
      TOWN,
    );
    const { state, events } = ok(decideProject(filed, { type: 'closeProject' }, ctx('2026-11-26T02:00:00.000Z', TOWN)));
    expect(state).toMatchObject({ status: 'closed', closedAt: '2026-11-26T02:00:00.000Z' });
    expect(eventsOf(events, 'publicationRequested')).toEqual([
      { type: 'publicationRequested', aggregate: 'project', aggregateId: 900, kind: 'result', channels: TOWN_CHANNELS, startsAt: '2026-11-26T02:00:00.000Z', endsAt: null },
    ]);
    const [feedback] = eventsOf(events, 'feedbackRequested');
    expect(feedback).toMatchObject({ kind: 'result', demandIds: [1, 2], data: { template: 'projectClosed', closedOn: '2026-11-26', satisfactionPercent: '96.7' } });
    expect(feedback && renderFeedback(feedback.data)).toBe(
      '您好！您反映的诉求所涉“民生微实事”项目「温塘一巷路面修复工程」已于2026年11月26日办结，办理结果已在原公示平台公示，群众满意率96.7%。感谢您的参与和监督！',
    );
  });
});
