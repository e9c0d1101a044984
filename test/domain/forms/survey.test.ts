/** 满意度测评表 (R6.5) and section 五 with the R6.4 respondent minimum. */
import { describe, expect, it } from 'vitest';
import { summariseSurvey, validateSurveyResponse, type SurveyResponse } from '../../../src/domain/forms/survey.js';

function sheet(overall: SurveyResponse['answers']['overall'], extra: Partial<SurveyResponse> = {}): SurveyResponse {
  return {
    answers: overall === undefined ? {} : { overall, quality: overall },
    suggestions: null,
    signature: null,
    date: '2026-11-21',
    source: 'paper',
    respondentKey: null,
    recordedAt: '2026-11-21T02:00:00.000Z',
    ...extra,
  };
}

describe('satisfaction survey', () => {
  it('R6.5 an answer sheet needs the overall rating and a date; signature and suggestions are optional', () => {
    expect(validateSurveyResponse(sheet('satisfied'))).toEqual([]);
    expect(validateSurveyResponse(sheet(undefined, { date: '2026-02-30' }))).toEqual([
      { field: 'response.answers.overall', code: 'REQUIRED', message: '请对项目总体评价作出选择' },
      { field: 'response.date', code: 'INVALID', message: '测评日期不是有效日期' },
    ]);
    expect(validateSurveyResponse(sheet('satisfied', { source: 'online' }))).toEqual([
      { field: 'response.respondentKey', code: 'REQUIRED', message: '在线测评须识别参与者，每人限填一份' },
    ]);
  });

  it('R6.5 counts every question by level for section 五', () => {
    const summary = summariseSurvey([sheet('verySatisfied'), sheet('dissatisfied'), sheet('dissatisfied')], { minRespondents: 1 });
    expect(summary.respondentCount).toBe(3);
    expect(summary.counts.overall).toEqual({ verySatisfied: 1, satisfied: 0, basicallySatisfied: 0, dissatisfied: 2, veryDissatisfied: 0 });
    expect(summary.counts.quality.dissatisfied).toBe(2);
    expect(summary.counts.openness.dissatisfied).toBe(0);
  });

  it('R6.4 satisfaction rate is 非常满意+满意+基本满意 over all overall answers, rounded to one decimal', () => {
    const sheets = [
      ...Array.from({ length: 28 }, () => sheet('satisfied')),
      sheet('basicallySatisfied'),
      sheet('veryDissatisfied'),
    ];
    const summary = summariseSurvey(sheets, { minRespondents: 30 });
    expect(summary.satisfaction).toEqual({ satisfied: 29, total: 30, percent: '96.7' });
    expect(summary.complete).toBe(true);
    expect(summary.flagged).toBe(false);
  });

  it('R6.4 29 respondents are not complete without an exception; an exception with a reason completes and flags', () => {
    const sheets = Array.from({ length: 29 }, () => sheet('satisfied'));
    expect(summariseSurvey(sheets, { minRespondents: 30 })).toMatchObject({ respondentCount: 29, complete: false, flagged: false, exception: null });
    const exception = { reason: '服务对象为本社区12名残疾人', approvedByUserId: 9, approvedAt: '2026-11-25T02:00:00.000Z' };
    expect(summariseSurvey(sheets, { minRespondents: 30, exception })).toMatchObject({ complete: true, flagged: true, exception });
    expect(summariseSurvey(sheets, { minRespondents: 30, exception: { ...exception, reason: '  ' } }).complete).toBe(false);
  });
});
