/** 结项表: R6.1 fields and attachments, R6.2 / R6.3 which path files section 五. */
import { describe, expect, it } from 'vitest';
import { closureBudgetFrom, validateClosureForm } from '../../../src/domain/forms/closure-form.js';
import { summariseSurvey } from '../../../src/domain/forms/survey.js';
import { closureForm } from '../lifecycle/fixtures.js';

const budget = { special: 3_000_000, collective: 0, social: 0 };

describe('closure form', () => {
  it('R6.1 requires every field of 结项表 and the stamped registration, agreement and invoices', () => {
    const form = {
      ...closureForm('engineering', 3_000_000, {
        beneficiaryCount: 0,
        photoAttachmentIds: [],
        implementation: { kind: 'engineering' as const, workContent: '路面修复', unit: '', plannedQuantity: '300', actualQuantity: 'about 300' },
        attachments: { ...closureForm('engineering', 3_000_000).attachments, invoiceIds: [], tenderingApplied: true },
      }),
      survey: null,
    };
    const errors = validateClosureForm(form, { category: 'engineering', path: 'town', budget });
    expect(errors).toEqual([
      { field: 'beneficiaryCount', code: 'OUT_OF_RANGE', message: '受益人数须为不小于1的整数' },
      { field: 'implementation.unit', code: 'REQUIRED', message: '请填写计量单位' },
      { field: 'implementation.actualQuantity', code: 'INVALID', message: '实际工程量须为数字，最多4位小数' },
      { field: 'photoAttachmentIds', code: 'REQUIRED', message: '请上传工程建设前后对比照片或现场活动照片' },
      { field: 'attachments.invoiceIds', code: 'REQUIRED', message: '请上传发票' },
      { field: 'attachments.tenderDocumentIds', code: 'REQUIRED', message: '项目已开展招投标，请上传招投标文件' },
    ]);
  });

  it('R6.1 budget per source repeats the registration; service projects report time, place and participants', () => {
    const form = { ...closureForm('service', 3_000_000, { budget: { special: 2_000_000, collective: 1_000_000, social: 0 } }), survey: null };
    expect(validateClosureForm(form, { category: 'service', path: 'town', budget })).toEqual([
      { field: 'budget.special', code: 'MISMATCH', message: '预算投入2万元与登记备案表的3万元不一致' },
      { field: 'budget.collective', code: 'MISMATCH', message: '预算投入1万元与登记备案表的0万元不一致' },
    ]);
    expect(closureBudgetFrom([{ source: 'special', amountFen: 5 }, { source: 'selfRaised', amountFen: 3 }, { source: 'collective', amountFen: 2 }])).toEqual({
      special: 5,
      collective: 5,
      social: 0,
    });
  });

  it('R6.2 a small-path form must carry a complete survey', () => {
    const form = { ...closureForm('engineering', 3_000_000), survey: null };
    expect(validateClosureForm(form, { category: 'engineering', path: 'small', budget })).toEqual([
      { field: 'survey', code: 'REQUIRED', message: '5万元以下的项目须先开展满意度测评，再填报结项表' },
    ]);
  });

  it('R6.3 a town-path form is filed without the survey', () => {
    const form = { ...closureForm('engineering', 3_000_000), survey: summariseSurvey([], { minRespondents: 30 }) };
    expect(validateClosureForm(form, { category: 'engineering', path: 'town', budget })).toEqual([
      { field: 'survey', code: 'NOT_ALLOWED', message: '5万元以上的项目无须填报满意度测评情况，由镇（街道）开展测评后录入' },
    ]);
  });
});
