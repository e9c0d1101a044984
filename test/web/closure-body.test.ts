/**
 * 结项表 (R6.1) body building: 万元 typed into exact 分, the read-only parts taken from the project, the domain's
 * check before sending, the attachment checklist, and where a server's field problem is shown.
 */
import { describe, expect, it } from 'vitest';
import {
  actualTotal,
  attachmentItemsFor,
  attachmentRequired,
  buildClosure,
  closureFieldPath,
  parseActual,
  placeProblems,
  type ClosureFacts,
  type ClosureInput,
} from '../../src/web/pages/cases/steps/closure-body.js';
import { summariseSurvey, type SurveyResponse } from '../../src/domain/forms/survey.js';

const townFacts: ClosureFacts = {
  category: 'engineering',
  handlingMode: 'express',
  consultationDate: '2026-10-29',
  budget: { special: 40_000_000, collective: 22_000_000, social: 0 },
  path: 'town',
  survey: null,
};

const complete: ClosureInput = {
  reportingUnit: ' 示例村 ',
  projectName: '示例村村道硬底化及排水改造工程',
  implementer: '东莞市路通市政工程有限公司',
  periodStart: '2026-11-10',
  periodEnd: '2026-12-01',
  beneficiaries: '村道沿线村民',
  beneficiaryCount: 1800,
  actual: { special: '39.8', collective: '21.95', social: '' },
  implementation: { workContent: '村道水泥硬底化1.2公里', unit: '平方米', plannedQuantity: '6000', actualQuantity: '6120.5' },
  resultsText: '雨季积水问题解决',
  photoAttachmentIds: [11, 12],
  attachments: { tenderingApplied: false, stampedRegistrationIds: [1], agreementIds: [2], invoiceIds: [3], tenderDocumentIds: [9] },
};

describe('结项表 money in 万元', () => {
  it('parses 万元 exactly into 分, an empty box as 0', () => {
    expect(parseActual('39.8')).toEqual({ fen: 39_800_000 });
    expect(parseActual('0.000001')).toEqual({ fen: 1 });
    expect(parseActual('')).toEqual({ fen: 0 });
    expect(parseActual(undefined)).toEqual({ fen: 0 });
    expect(parseActual('1.2.3')).toHaveProperty('error');
    expect(parseActual('0.0000001')).toHaveProperty('error');
  });

  it('sums the typed rows, or none while a row does not parse', () => {
    expect(actualTotal({ special: '39.8', collective: '21.95' })).toBe(61_750_000);
    expect(actualTotal({ special: 'x' })).toBeNull();
  });
});

describe('buildClosure', () => {
  it('builds the body with the registered parts and no problem for a complete form', () => {
    const { form, errors } = buildClosure(complete, townFacts);
    expect(errors).toEqual([]);
    expect(form.reportingUnit).toBe('示例村');
    expect(form.category).toBe('engineering');
    expect(form.handlingMode).toBe('express');
    expect(form.consultationDate).toBe('2026-10-29');
    expect(form.budget).toEqual(townFacts.budget);
    expect(form.actual).toEqual({ special: 39_800_000, collective: 21_950_000, social: 0 });
    expect(form.period).toEqual({ start: '2026-11-10', end: '2026-12-01' });
    expect(form.implementation).toEqual({ kind: 'engineering', workContent: '村道水泥硬底化1.2公里', unit: '平方米', plannedQuantity: '6000', actualQuantity: '6120.5' });
    // No tendering: tender documents picked earlier are not filed.
    expect(form.attachments.tenderDocumentIds).toEqual([]);
    expect(form.attachments.tenderingApplied).toBe(false);
  });

  it('takes the service half for a service project', () => {
    const { form } = buildClosure(
      { ...complete, implementation: { serviceTime: '每周六上午', servicePlace: '党群服务中心', participantCount: 286 } },
      { ...townFacts, category: 'service' },
    );
    expect(form.implementation).toEqual({ kind: 'service', serviceTime: '每周六上午', servicePlace: '党群服务中心', participantCount: 286 });
  });

  it('refuses what validateClosureForm refuses: missing files, tender documents where tendering applied, quantities', () => {
    const { errors } = buildClosure(
      {
        ...complete,
        photoAttachmentIds: [],
        implementation: { ...complete.implementation, actualQuantity: '约6000' },
        attachments: { tenderingApplied: true, stampedRegistrationIds: [1], agreementIds: [], invoiceIds: [3] },
      },
      townFacts,
    );
    const fields = errors.map((e) => e.field);
    expect(fields).toContain('photoAttachmentIds');
    expect(fields).toContain('attachments.agreementIds');
    expect(fields).toContain('attachments.tenderDocumentIds');
    expect(fields).toContain('implementation.actualQuantity');
  });

  it('reports a row that does not parse once, in the parser’s words, and nothing sums it', () => {
    const { errors } = buildClosure({ ...complete, actual: { special: '1.2.3' } }, townFacts);
    expect(errors.filter((e) => e.field.startsWith('actual'))).toEqual([
      { field: 'actual.special', code: 'INVALID', message: '金额格式不正确，请填写数字（单位：万元）' },
    ]);
  });

  it('refuses an all-zero actual investment', () => {
    const { errors } = buildClosure({ ...complete, actual: {} }, townFacts);
    expect(errors.map((e) => e.field)).toContain('actual');
  });

  it('on the small path needs the community’s completed survey (R6.2); on the town path none (R6.3)', () => {
    const small: ClosureFacts = { ...townFacts, path: 'small', survey: null };
    expect(buildClosure(complete, small).errors.map((e) => e.field)).toContain('survey');
    const sheet: SurveyResponse = {
      answers: { overall: 'satisfied' },
      suggestions: null,
      signature: null,
      date: '2026-11-28',
      source: 'paper',
      respondentKey: null,
      recordedAt: '2026-11-28T02:00:00.000Z',
    };
    const survey = summariseSurvey(Array.from({ length: 30 }, () => sheet), { minRespondents: 30 });
    expect(buildClosure(complete, { ...small, survey }).errors).toEqual([]);
  });
});

describe('备注 checklist', () => {
  it('asks for tender documents only where tendering applied', () => {
    expect(attachmentItemsFor(false).map((i) => i.kind)).not.toContain('tenderDocument');
    expect(attachmentItemsFor(true).map((i) => i.kind)).toContain('tenderDocument');
    expect(attachmentItemsFor(true).map((i) => i.kind)).toEqual([
      'stampedRegistration',
      'agreement',
      'invoice',
      'procurementFiling',
      'tenderDocument',
      'supplierQualification',
      'taxRegistration',
    ]);
  });

  it('requires points 1–3 always, the tender documents with tendering, the rest only if any', () => {
    expect(attachmentRequired('invoiceIds', false)).toBe(true);
    expect(attachmentRequired('tenderDocumentIds', false)).toBe(false);
    expect(attachmentRequired('tenderDocumentIds', true)).toBe(true);
    expect(attachmentRequired('taxRegistrationIds', true)).toBe(false);
  });
});

describe('field problems on their fields', () => {
  it('maps domain, cited and schema names to the form’s paths', () => {
    expect(closureFieldPath('actual.special')).toEqual(['actual', 'special']);
    expect(closureFieldPath('actual')).toEqual(['actualTotal']);
    expect(closureFieldPath('form.attachments.invoiceIds')).toEqual(['attachments', 'invoiceIds']);
    expect(closureFieldPath('body.form.period.end')).toEqual(['period']);
    expect(closureFieldPath('implementation.unit')).toEqual(['implementation', 'unit']);
    expect(closureFieldPath('form.photoAttachmentIds')).toEqual(['photoAttachmentIds']);
    expect(closureFieldPath('consultationDate')).toBeNull();
    expect(closureFieldPath('budget.special')).toBeNull();
    expect(closureFieldPath('survey')).toBeNull();
  });

  it('groups problems per field and keeps the rest for above the form', () => {
    const placed = placeProblems([
      { field: 'period.start', message: '请填写项目实施时间开始日期' },
      { field: 'period.end', message: '请填写项目实施时间结束日期' },
      { field: 'handlingMode', message: '办理方式与协商结果不一致' },
    ]);
    expect(placed.onFields).toEqual([{ name: ['period'], errors: ['请填写项目实施时间开始日期', '请填写项目实施时间结束日期'] }]);
    expect(placed.rest).toEqual([{ field: 'handlingMode', message: '办理方式与协商结果不一致' }]);
  });
});
