/** 登记备案表: R3.1 section 二 validation, R1.1 / R1.2 / R0.1 / R0.3 checks, R4.2 / R4.4 section 三. */
import { describe, expect, it } from 'vitest';
import {
  checkCap,
  composeTownOpinion,
  registrationPath,
  validateConsultationRecord,
  validateRegistrationBasics,
  validateTownDecision,
  type SpecialFundDecision,
} from '../../../src/domain/forms/registration-form.js';
import { DEFAULT_RULES_CONFIG, rulesConfigWith } from '../../../src/domain/rules-config.js';
import { allYes, basics, consultation, consultationResult, existingPolicyPoints } from '../lifecycle/fixtures.js';

const config = DEFAULT_RULES_CONFIG;

describe('registration form', () => {
  it('R3.1 requires every field of section 二 with field-level Chinese messages', () => {
    const errors = validateConsultationRecord(
      consultation(3_000_000, { hostName: ' ', forms: ['other'], formOther: null, participants: [], headCount: 0, signInAttachmentIds: [] }),
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        { field: 'consultation.hostName', code: 'REQUIRED', message: '请填写主持人' },
        { field: 'consultation.formOther', code: 'REQUIRED', message: '请填写其他协商形式' },
        { field: 'consultation.participants', code: 'REQUIRED', message: '请选择参与主体' },
        { field: 'consultation.headCount', code: 'OUT_OF_RANGE', message: '参与人数须为不小于1的整数' },
        { field: 'consultation.signInAttachmentIds', code: 'REQUIRED', message: '请上传协商会议签到表' },
      ]),
    );
    expect(validateConsultationRecord(consultation(3_000_000))).toEqual([]);
  });

  it('R3.1 requires the result of a passed consultation but not of a failed one', () => {
    expect(validateConsultationRecord(consultation(3_000_000, { result: null }))).toEqual([
      { field: 'consultation.result', code: 'REQUIRED', message: '请填写协商结果' },
    ]);
    expect(validateConsultationRecord(consultation(3_000_000, { passed: false, result: null }))).toEqual([]);
  });

  it('R0.1 fund sources must add up to the budget exactly, in 分', () => {
    const result = consultationResult(10_000_000, 'express', [
      { source: 'special', amountFen: 7_000_000 },
      { source: 'social', amountFen: 2_999_999 },
    ]);
    expect(validateConsultationRecord(consultation(10_000_000, { result }))).toEqual([
      {
        field: 'consultation.result.fundSources',
        code: 'SUM_MISMATCH',
        message: '各经费来源合计9.999999万元，与项目经费预算10万元不一致',
      },
    ]);
    const fractional = consultationResult(10_000_000, 'express', [{ source: 'special', amountFen: 9_999_999.5 }]);
    expect(validateConsultationRecord(consultation(10_000_000, { result: fractional }))[0]).toMatchObject({
      field: 'consultation.result.fundSources.0.amountFen',
      code: 'INVALID',
    });
  });

  it('R1.1 refuses a subcategory of the other category', () => {
    expect(validateRegistrationBasics(basics(3_000_000, { category: 'engineering', subcategory: 'S1' }), config)).toEqual([
      { field: 'basics.subcategory', code: 'MISMATCH', message: '项目细类与项目类别不符' },
    ]);
  });

  it('R1.2 over the cap needs a written justification, at the cap does not', () => {
    expect(checkCap('service', 20_000_000, config)).toEqual({ capFen: 20_000_000, overCap: false });
    expect(checkCap('service', 20_000_001, config).overCap).toBe(true);
    expect(checkCap('engineering', 50_000_000, config).overCap).toBe(false);
    const errors = validateRegistrationBasics(basics(20_000_001, { category: 'service', subcategory: 'S1' }), config);
    expect(errors).toEqual([
      {
        field: 'basics.overCapJustification',
        code: 'REQUIRED',
        message: '项目预算20.000001万元超过公益服务项目20万元的原则上限，请填写不少于10字的超限说明',
      },
    ]);
    expect(
      validateRegistrationBasics(
        basics(25_000_000, { category: 'service', subcategory: 'S4', overCapJustification: '服务对象为全镇残疾人，覆盖面广，需全年开展。' }),
        config,
      ),
    ).toEqual([]);
  });

  it('R0.3 5万元 exactly is the small path, one 分 more the town path; over cap always the town path', () => {
    expect(registrationPath(5_000_000, false, config)).toBe('small');
    expect(registrationPath(5_000_001, false, config)).toBe('town');
    expect(registrationPath(1_000_000, true, config)).toBe('town');
    expect(registrationPath(8_000_000, false, rulesConfigWith({ smallPathMaxFen: 10_000_000 }))).toBe('small');
  });

  it('R4.4 composes the special-fund sentence from the structured decision', () => {
    const decision: SpecialFundDecision = {
      outcome: 'specialFund',
      reviewingDepartmentNames: ['财政', '住建'],
      townOfficeName: '东城街道公共服务办',
      points: allYes,
      handlingMode: 'express',
      communityName: '温塘社区',
      fundSources: [{ source: 'special', amountFen: 12_000_000 }],
    };
    expect(composeTownOpinion(decision)).toBe(
      '经财政/住建等部门审核，该项目属于“民生大莞家”服务范围，由“民生大莞家”服务机制解决，通过莞家速递途径办理，所需经费从温塘社区“民生大莞家”专项资金中列支。',
    );
    expect(composeTownOpinion({ ...decision, reviewingDepartmentNames: [], fundSources: [{ source: 'social', amountFen: 1 }], handlingMode: 'direct' })).toBe(
      '经东城街道公共服务办审核，该项目属于“民生大莞家”服务范围，由“民生大莞家”服务机制解决，通过莞家直达途径办理，所需经费由社会捐赠解决。',
    );
    expect(
      composeTownOpinion({
        ...decision,
        reviewingDepartmentNames: ['财政'],
        fundSources: [
          { source: 'special', amountFen: 10_000_000 },
          { source: 'social', amountFen: 2_000_000 },
        ],
      }),
    ).toBe(
      '经财政部门审核，该项目属于“民生大莞家”服务范围，由“民生大莞家”服务机制解决，通过莞家速递途径办理，所需经费12万元，其中10万元从温塘社区“民生大莞家”专项资金中列支，2万元由社会捐赠解决。',
    );
  });

  it('R4.3 composes the existing-policy sentence naming the department and its policy', () => {
    expect(
      composeTownOpinion({
        outcome: 'existingPolicy',
        reviewingDepartmentNames: ['住建', '自然资源'],
        townOfficeName: '东城街道公共服务办',
        points: existingPolicyPoints,
        followUp: { departmentId: 31, departmentName: '东城街道住建部门', policyName: '老旧小区改造政策', contactName: '赵七', contactPhone: '0769-22110000' },
        fiscalBudgetHolder: '东城街道',
      }),
    ).toBe(
      '经住建/自然资源等部门审核，该项目不属于“民生大莞家”服务范围，由现行政策解决，通过东城街道住建部门老旧小区改造政策途径办理，所需经费从东城街道财政预算中列支。',
    );
  });

  it('R4.2 refuses a decision that contradicts its own four points', () => {
    const decision: SpecialFundDecision = {
      outcome: 'specialFund',
      reviewingDepartmentNames: ['财政'],
      townOfficeName: '东城街道公共服务办',
      points: { ...allYes, budgetReasonable: { verdict: 'no', comment: '预算偏高' }, solvableOtherwise: { verdict: 'yes', comment: '可' } },
      handlingMode: 'express',
      communityName: '温塘社区',
      fundSources: [{ source: 'special', amountFen: 1 }],
    };
    const errors = validateTownDecision(decision);
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['townDecision.points.budgetReasonable.verdict', 'MISMATCH'],
      ['townDecision.points.solvableOtherwise.verdict', 'MISMATCH'],
    ]);
    const blank = validateTownDecision({ ...decision, points: { ...allYes, modeFeasible: { verdict: 'yes', comment: '' } } });
    expect(blank).toEqual([
      { field: 'townDecision.points.modeFeasible.comment', code: 'REQUIRED', message: '请填写「办理方式是否可行」的审核意见' },
    ]);
  });
});
