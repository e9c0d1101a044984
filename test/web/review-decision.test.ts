// 镇（街道）审核意见 (R4.2–R4.4): form values → the decision body, the decision completed as the server completes it,
// the domain's refusals found before sending, the live sentence (exactly composeTownOpinion's), server field names.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/web/api/client.js';
import type { ProjectState } from '../../src/web/api/models.js';
import { composeTownOpinion } from '../../src/domain/forms/registration-form.js';
import {
  blank,
  decisionBody,
  decisionFieldOf,
  decisionInputOf,
  decisionProblems,
  defaultTownOffice,
  followUpStamped,
  opinionPreview,
  reviewContextOf,
  townDecisionOf,
  verdictLabel,
  type DecisionValues,
} from '../../src/web/pages/cases/steps/review-decision.js';
import { renameFieldErrors } from '../../src/web/pages/cases/steps/review-fields.js';

type Round = ProjectState['reviewRounds'][number];
type Opinion = Round['opinions'][number];

const yes = (comment: string) => ({ verdict: 'yes' as const, comment });
const no = (comment: string) => ({ verdict: 'no' as const, comment });

function opinion(departmentId: number, departmentName: string, recordedAt: string, opinionText: string): Opinion {
  return {
    departmentId,
    departmentName,
    reviewerUserId: 3,
    recordedAt,
    points: { consultationProper: yes('规范'), budgetReasonable: yes('合理'), modeFeasible: yes('可行'), solvableOtherwise: no('无') },
    opinion: opinionText,
  };
}

function round(over: Partial<Round> = {}): Round {
  return {
    submittedAt: '2026-11-27T02:00:00.000Z',
    reviewers: [
      { departmentId: 9, departmentName: '财政' },
      { departmentId: 11, departmentName: '住建' },
    ],
    opinions: [],
    stamps: [],
    returned: null,
    decidedAt: null,
    ...over,
  };
}

function state(r: Round, previous: Round[] = []): Pick<ProjectState, 'reviewRounds' | 'agreement' | 'communityName'> {
  return {
    communityName: '示例社区一',
    reviewRounds: [...previous, r],
    agreement: {
      via: 'consultation',
      agreedAt: '2026-11-20T02:00:00.000Z',
      result: {
        content: '照明及健身器材更新',
        beneficiaries: '社区居民约3000人',
        handlingMode: 'express',
        budgetFen: 12_000_000,
        fundSources: [
          { source: 'special', amountFen: 10_000_000 },
          { source: 'collective', amountFen: 2_000_000 },
        ],
        implementer: '东莞市健民体育设施有限公司',
        implementationPeriod: { start: '2026-12-04', end: '2027-02-02' },
      },
    },
  };
}

const stamp = (departmentId: number, departmentName: string) => ({
  departmentId,
  departmentName,
  stampedByName: '王国强',
  stampedOn: '2026-12-01',
  scanAttachmentId: 90 + departmentId,
  recordedAt: '2026-12-01T08:00:00.000Z',
  recordedByUserId: 2,
});

const answered = round({
  opinions: [opinion(11, '住建', '2026-11-30T08:00:00.000Z', '同意'), opinion(9, '财政', '2026-11-29T08:00:00.000Z', '旧意见'), opinion(9, '财政', '2026-11-30T09:00:00.000Z', '更正后的意见')],
});

const points: DecisionValues = {
  'points.consultationProper.verdict': 'yes',
  'points.consultationProper.comment': ' 协商规范 ',
  'points.budgetReasonable.verdict': 'yes',
  'points.budgetReasonable.comment': '预算合理',
  'points.modeFeasible.verdict': 'yes',
  'points.modeFeasible.comment': '可行',
  'points.solvableOtherwise.verdict': 'no',
  'points.solvableOtherwise.comment': '无其他途径',
};

const special: DecisionValues = { ...points, outcome: 'specialFund', townOfficeName: ' 东城街道公共服务办 ' };

const existing: DecisionValues = {
  ...points,
  'points.solvableOtherwise.verdict': 'yes',
  outcome: 'existingPolicy',
  townOfficeName: '东城街道公共服务办',
  'followUp.departmentId': 10,
  'followUp.departmentName': ' 东城街道农林水务 ',
  'followUp.policyName': '农村生活污水治理提质增效专项',
  'followUp.contactName': '钟伟强',
  'followUp.contactPhone': '0769-22830606',
  fiscalBudgetHolder: '东城街道',
};

describe('reviewContextOf', () => {
  it('takes the current round only, the latest opinion of each department in the order assigned, and who has not answered', () => {
    const ctx = reviewContextOf(state(answered, [round({ opinions: [opinion(12, '自然资源', '2026-11-01T00:00:00.000Z', '上一轮')] })]));
    expect(ctx.opinions.map((o) => [o.departmentName, o.opinion])).toEqual([
      ['财政', '更正后的意见'],
      ['住建', '同意'],
    ]);
    expect(ctx.missingOpinions).toEqual([]);
    expect(ctx.handlingMode).toBe('express');
    const partial = reviewContextOf(state(round({ opinions: [opinion(9, '财政', '2026-11-30T09:00:00.000Z', '同意')] })));
    expect(partial.missingOpinions.map((r) => r.departmentName)).toEqual(['住建']);
  });
});

describe('decisionInputOf / decisionBody', () => {
  it('trims every text and carries only the fields of a special-fund decision', () => {
    expect(decisionBody(special, 7)).toEqual({
      version: 7,
      decision: {
        outcome: 'specialFund',
        townOfficeName: '东城街道公共服务办',
        points: {
          consultationProper: { verdict: 'yes', comment: '协商规范' },
          budgetReasonable: { verdict: 'yes', comment: '预算合理' },
          modeFeasible: { verdict: 'yes', comment: '可行' },
          solvableOtherwise: { verdict: 'no', comment: '无其他途径' },
        },
      },
    });
  });

  it('carries the follow-up department, its policy and contact, and the budget holder of an existing-policy decision', () => {
    const input = decisionInputOf(existing);
    expect(input?.outcome).toBe('existingPolicy');
    if (input?.outcome !== 'existingPolicy') return;
    expect(input.followUp).toEqual({
      departmentId: 10,
      departmentName: '东城街道农林水务',
      policyName: '农村生活污水治理提质增效专项',
      contactName: '钟伟强',
      contactPhone: '0769-22830606',
    });
    expect(input.fiscalBudgetHolder).toBe('东城街道');
    expect(decisionInputOf({ ...existing, 'followUp.departmentId': undefined })).toMatchObject({ followUp: { departmentId: null } });
  });

  it('is null while the outcome or any verdict is missing', () => {
    expect(decisionInputOf({ ...special, outcome: undefined })).toBeNull();
    expect(decisionInputOf({ ...special, 'points.modeFeasible.verdict': undefined })).toBeNull();
  });
});

describe('townDecisionOf', () => {
  it('completes a special fund with the co-reviewers, the agreed mode, the community and the fund sources', () => {
    const ctx = reviewContextOf(state(answered));
    const input = decisionInputOf(special);
    if (input === null) throw new Error('expected a decision');
    expect(townDecisionOf(input, ctx)).toMatchObject({
      reviewingDepartmentNames: ['财政', '住建'],
      handlingMode: 'express',
      communityName: '示例社区一',
      fundSources: [
        { source: 'special', amountFen: 10_000_000 },
        { source: 'collective', amountFen: 2_000_000 },
      ],
    });
  });
});

describe('decisionProblems', () => {
  const ctx = reviewContextOf(state(answered));

  it('finds nothing in a complete special-fund decision', () => {
    const input = decisionInputOf(special);
    if (input === null) throw new Error('expected a decision');
    expect(decisionProblems(input, ctx)).toEqual({ fields: [], general: [] });
  });

  it('puts the domain’s verdict mismatch on the verdict’s field (R4.4)', () => {
    const input = decisionInputOf({ ...special, 'points.solvableOtherwise.verdict': 'yes' });
    if (input === null) throw new Error('expected a decision');
    const problems = decisionProblems(input, ctx);
    expect(problems.fields.map((f) => f.field)).toEqual(['points.solvableOtherwise.verdict']);
  });

  it('needs the follow-up department’s stamp before an existing-policy transfer (R4.3)', () => {
    const input = decisionInputOf(existing);
    if (input === null) throw new Error('expected a decision');
    expect(followUpStamped(input, ctx)).toBe(false);
    expect(decisionProblems(input, ctx).fields.map((f) => f.field)).toEqual(['followUp.departmentId']);
    const stamped = reviewContextOf(state({ ...answered, stamps: [stamp(10, '东城街道农林水务')] }));
    expect(decisionProblems(input, stamped)).toEqual({ fields: [], general: [] });
    // A department outside the town: any stamp on the form will do, as the server decides.
    const outside = decisionInputOf({ ...existing, 'followUp.departmentId': null });
    if (outside === null) throw new Error('expected a decision');
    expect(decisionProblems(outside, ctx).general).toEqual(['认定由现行政策解决的项目，须先由相关部门在登记备案表上盖章']);
    expect(decisionProblems(outside, reviewContextOf(state({ ...answered, stamps: [stamp(9, '东城街道财政')] })))).toEqual({ fields: [], general: [] });
  });

  it('checks the follow-up contact phone as the domain does', () => {
    const input = decisionInputOf({ ...existing, 'followUp.contactPhone': '12' });
    if (input === null) throw new Error('expected a decision');
    const stamped = reviewContextOf(state({ ...answered, stamps: [stamp(10, '东城街道农林水务')] }));
    expect(decisionProblems(input, stamped).fields).toEqual([{ field: 'followUp.contactPhone', message: '跟办部门联系电话格式不正确' }]);
  });

  it('refuses while a co-reviewer has not answered (R4.2)', () => {
    const input = decisionInputOf(special);
    if (input === null) throw new Error('expected a decision');
    const partial = reviewContextOf(state(round({ opinions: [opinion(9, '财政', '2026-11-30T09:00:00.000Z', '同意')] })));
    expect(decisionProblems(input, partial).general).toEqual(['尚有部门未填报审核意见：住建']);
  });
});

describe('opinionPreview', () => {
  const ctx = reviewContextOf(state(answered));

  it('is exactly the sentence the domain composes from the decision sent (R4.4)', () => {
    const input = decisionInputOf(special);
    const decision = input === null ? null : townDecisionOf(input, ctx);
    if (decision === null) throw new Error('expected a decision');
    const preview = opinionPreview(special, ctx);
    expect(preview).toEqual({ text: composeTownOpinion(decision), complete: true, signedBy: '东城街道公共服务办' });
    expect(preview?.text).toBe(
      '经财政/住建等部门审核，该项目属于“民生大莞家”服务范围，由“民生大莞家”服务机制解决，通过莞家速递途径办理，' +
        '所需经费12万元，其中10万元从示例社区一“民生大莞家”专项资金中列支，2万元从示例社区一集体经济中列支。',
    );
  });

  it('composes an existing-policy sentence before the verdicts are chosen, marking blanks', () => {
    const preview = opinionPreview({ outcome: 'existingPolicy', townOfficeName: '东城街道公共服务办', 'followUp.departmentName': '东城街道农林水务' }, ctx);
    expect(preview?.complete).toBe(false);
    expect(preview?.text).toBe(
      `经财政/住建等部门审核，该项目不属于“民生大莞家”服务范围，由现行政策解决，通过东城街道农林水务${blank('适用政策')}途径办理，` +
        `所需经费从${blank('财政预算单位')}财政预算中列支。`,
    );
  });

  it('is null before an outcome is chosen', () => {
    expect(opinionPreview({}, ctx)).toBeNull();
  });
});

describe('server field names', () => {
  it('maps body and domain field names to the form’s, and leaves others unplaced', () => {
    expect(decisionFieldOf('decision.followUp.departmentId')).toBe('followUp.departmentId');
    expect(decisionFieldOf('body.decision.points.budgetReasonable.comment')).toBe('points.budgetReasonable.comment');
    expect(decisionFieldOf('townDecision.points.modeFeasible.verdict')).toBe('points.modeFeasible.verdict');
    expect(decisionFieldOf('townDecision.townOfficeName')).toBe('townOfficeName');
    expect(decisionFieldOf('townDecision.reviewingDepartmentNames.0')).toBeNull();
    const renamed = renameFieldErrors(new ApiError(400, 'FORM_INVALID', '镇（街道）审核意见填写有误', [{ field: 'townDecision.fiscalBudgetHolder', message: '请填写' }, { field: 'townDecision.fundSources', message: '经费来源缺失' }], null), decisionFieldOf);
    expect(renamed.fields).toEqual([
      { field: 'fiscalBudgetHolder', message: '请填写' },
      { field: 'townDecision.fundSources', message: '经费来源缺失' },
    ]);
  });
});

describe('wording', () => {
  it('answers point 4 with 可以 / 不可以 and the others with 是 / 否', () => {
    expect(verdictLabel('solvableOtherwise', 'yes')).toBe('可以');
    expect(verdictLabel('solvableOtherwise', 'no')).toBe('不可以');
    expect(verdictLabel('budgetReasonable', 'yes')).toBe('是');
    expect(defaultTownOffice('东城街道')).toBe('东城街道公共服务办');
  });
});
