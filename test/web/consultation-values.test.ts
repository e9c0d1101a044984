// Form values of 登记备案表 section 二 → request bodies: 万元 → 分 exact, fund sums, 其他 handling, field mapping.
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES_CONFIG } from '../../src/domain/rules-config.js';
import {
  consultationRecordBody,
  fundSourcesProblem,
  fundSummary,
  otherText,
  placeProblems,
  resultBody,
  resultValuesOf,
  sectionTwoPath,
  studyBody,
  usedFundSources,
  voteBody,
  voteOutcome,
  wanToFen,
  type ResultValues,
} from '../../src/web/pages/cases/steps/consultation-values.js';

const result: ResultValues = {
  content: ' 长者助餐 ',
  beneficiaries: '独居老人',
  handlingMode: 'express',
  budget: '4.8',
  funds: { special: { used: true, amount: '4' }, social: { used: true, amount: '0.8' }, collective: { used: false, amount: '9' } },
  implementer: '社工中心',
  period: [dayjs('2026-11-01'), dayjs('2026-12-31')],
};

describe('R0.1 万元 → 分', () => {
  it('R0.1 parses 万元 exactly, with no float error', () => {
    expect(wanToFen('4.8')).toBe(4_800_000);
    expect(wanToFen('0.1')).toBe(100_000);
    expect(wanToFen('0.000001')).toBe(1);
    expect(wanToFen('1,234.5')).toBe(1_234_500_000);
    expect(wanToFen('４.８')).toBe(4_800_000);
    expect(wanToFen('')).toBeNull();
    expect(wanToFen('4.0000001')).toBeNull();
    expect(wanToFen('-1')).toBeNull();
  });

  it('R0.1 the result body carries 分 and only the ticked sources, in the form order', () => {
    const body = resultBody(result, ['result']);
    expect(body).toEqual({
      ok: true,
      value: {
        content: '长者助餐',
        beneficiaries: '独居老人',
        handlingMode: 'express',
        budgetFen: 4_800_000,
        fundSources: [
          { source: 'special', amountFen: 4_000_000 },
          { source: 'social', amountFen: 800_000 },
        ],
        implementer: '社工中心',
        implementationPeriod: { start: '2026-11-01', end: '2026-12-31' },
      },
    });
  });

  it('R0.1 an amount that is not one is named on its own field', () => {
    const body = resultBody({ ...result, funds: { special: { used: true, amount: '4.x' } } }, ['result']);
    expect(body.ok).toBe(false);
    if (!body.ok) expect(body.problems.map((p) => p.name)).toEqual([['result', 'funds', 'special', 'amount']]);
    const noMode = resultBody({ ...result, handlingMode: undefined }, ['result']);
    expect(noMode.ok).toBe(false);
    if (!noMode.ok) expect(noMode.problems).toEqual([{ name: ['result', 'handlingMode'], message: '请选择项目办理方式' }]);
  });
});

describe('R3.1 fund sources against the budget', () => {
  it('R3.1 sums the ticked sources exactly and gives the signed difference', () => {
    expect(fundSummary(result)).toEqual({ budgetFen: 4_800_000, totalFen: 4_800_000, differenceFen: 0, sources: ['special', 'social'] });
    // 0.1 + 0.2 万元 is exactly 0.3 万元.
    const tenths = { ...result, budget: '0.3', funds: { special: { used: true, amount: '0.1' }, social: { used: true, amount: '0.2' } } };
    expect(fundSummary(tenths).differenceFen).toBe(0);
    const short = { ...result, budget: '5' };
    expect(fundSummary(short).differenceFen).toBe(-200_000);
    const pending = { ...result, funds: { special: { used: true, amount: '' } } };
    expect(fundSummary(pending).totalFen).toBeNull();
  });

  it('R3.1 the domain words a mismatch or a missing source; nothing while an amount is unreadable', () => {
    expect(fundSourcesProblem(result)).toBeNull();
    expect(fundSourcesProblem({ ...result, budget: '5' })).toBe('各经费来源合计4.8万元，与项目经费预算5万元不一致');
    expect(fundSourcesProblem({ ...result, funds: {} })).toBe('请填写项目经费来源');
    expect(fundSourcesProblem({ ...result, funds: { special: { used: true, amount: 'abc' } } })).toBeNull();
  });

  it('R3.1 sources are sent in the form order, whatever order they were ticked in', () => {
    expect(usedFundSources({ selfRaised: { used: true }, special: { used: true } })).toEqual(['special', 'selfRaised']);
  });
});

describe('R3.1 the consultation record', () => {
  const meeting = {
    place: ' 会议室 ',
    hostName: '李主任',
    recorderName: '王干事',
    forms: ['topicalCouncil', 'other'] as const,
    formOther: ' 入户走访 ',
    participants: ['residentsCommittee'] as const,
    participantOther: '不应发送',
    headCount: 23,
    minutesAttachmentIds: [5],
    signInAttachmentIds: [6],
  };

  it('R3.1 其他 text goes only when 其他 is ticked, trimmed', () => {
    expect(otherText(['other'], ' 入户走访 ')).toBe('入户走访');
    expect(otherText(['online'], '入户走访')).toBeNull();
    expect(otherText(undefined, 'x')).toBeNull();
  });

  it('R3.1 a passed consultation carries its result; a failed one none unless the rejected plan is recorded', () => {
    const passed = consultationRecordBody({ ...meeting, passed: 'yes', result }, '2026-10-09T02:00:00.000Z');
    expect(passed.ok).toBe(true);
    if (passed.ok) {
      expect(passed.value).toMatchObject({ place: '会议室', formOther: '入户走访', participantOther: null, headCount: 23, passed: true });
      expect(passed.value.result?.budgetFen).toBe(4_800_000);
    }
    const failed = consultationRecordBody({ ...meeting, passed: 'no', result }, '2026-10-09T02:00:00.000Z');
    expect(failed.ok && failed.value.result).toBeNull();
    const withPlan = consultationRecordBody({ ...meeting, passed: 'no', recordRejectedPlan: true, result }, '2026-10-09T02:00:00.000Z');
    expect(withPlan.ok && withPlan.value.passed).toBe(false);
    expect(withPlan.ok && withPlan.value.result?.fundSources.length).toBe(2);
  });
});

describe('R3.3 the vote and the study', () => {
  it('R3.3 the outcome is computed: more than half of those present', () => {
    expect(voteOutcome({ present: 45, votesFor: 36 }, DEFAULT_RULES_CONFIG)).toBe(true);
    expect(voteOutcome({ present: 10, votesFor: 5 }, DEFAULT_RULES_CONFIG)).toBe(false);
    expect(voteOutcome({ present: 10, votesFor: 6 }, DEFAULT_RULES_CONFIG)).toBe(true);
    expect(voteOutcome({ votesFor: 6 }, DEFAULT_RULES_CONFIG)).toBeNull();
  });

  it('R3.3 the plan is sent when the vote passes, not when it fails', () => {
    const passing = voteBody({ present: 45, votesFor: 36, votesAgainst: 5, abstentions: 4, minutesAttachmentIds: [9], result }, 'T', DEFAULT_RULES_CONFIG);
    expect(passing.ok && passing.value).toMatchObject({ present: 45, votesFor: 36, votesAgainst: 5, abstentions: 4 });
    expect(passing.ok && passing.value.result?.budgetFen).toBe(4_800_000);
    const failing = voteBody({ present: 45, votesFor: 20, result }, 'T', DEFAULT_RULES_CONFIG);
    expect(failing.ok && failing.value).toMatchObject({ votesAgainst: 0, abstentions: 0, result: null });
  });

  it('R3.3 the study body trims its conclusion', () => {
    expect(studyBody({ summary: ' 调整选址 ', recommendation: 'assemblyVote', attachmentIds: [3] })).toEqual({
      summary: '调整选址',
      recommendation: 'assemblyVote',
      attachmentIds: [3],
    });
  });

  it('R3.1 a recorded result comes back as the same 万元 text', () => {
    const converted = resultBody(result, []);
    if (!converted.ok) throw new Error('expected a body');
    const values = resultValuesOf(converted.value, (civil) => dayjs(civil));
    expect(values.budget).toBe('4.8');
    expect(values.funds).toEqual({ special: { used: true, amount: '4' }, social: { used: true, amount: '0.8' } });
    const again = resultBody(values, []);
    expect(again.ok && again.value).toEqual(converted.value);
  });
});

describe('field names of the server → the form', () => {
  const known = ['place', 'forms', 'result', 'headCount', 'present'];
  const sent = ['special', 'social'] as const;

  it('maps nested names, fund lines by the order sent, and leaves the rest', () => {
    expect(sectionTwoPath('consultation.place', known, sent)).toEqual(['place']);
    expect(sectionTwoPath('body.consultation.forms.1', known, sent)).toEqual(['forms']);
    expect(sectionTwoPath('consultation.result.fundSources.1.amountFen', known, sent)).toEqual(['result', 'funds', 'social', 'amount']);
    expect(sectionTwoPath('consultation.result.fundSources.0.source', known, sent)).toEqual(['result', 'funds', 'special', 'used']);
    expect(sectionTwoPath('consultation.result.fundSources', known, sent)).toEqual(['result', 'fundSum']);
    expect(sectionTwoPath('vote.result.budgetFen', known, sent)).toEqual(['result', 'budget']);
    expect(sectionTwoPath('vote.result.implementationPeriod.end', known, sent)).toEqual(['result', 'period']);
    expect(sectionTwoPath('vote.present', known, sent)).toEqual(['present']);
    expect(sectionTwoPath('version', known, sent)).toBeNull();
  });

  it('groups problems per field and keeps the unplaced ones', () => {
    const placed = placeProblems(
      [
        { field: 'consultation.place', message: '请填写协商地点' },
        { field: 'consultation.result.implementationPeriod.start', message: 'a' },
        { field: 'consultation.result.implementationPeriod.end', message: 'b' },
        { field: 'consultation.passed', message: '其他' },
      ],
      (f) => sectionTwoPath(f, known, sent),
    );
    expect(placed.onFields).toEqual([
      { name: ['place'], errors: ['请填写协商地点'] },
      { name: ['result', 'period'], errors: ['a', 'b'] },
    ]);
    expect(placed.rest).toEqual(['其他']);
  });
});
