/** 结项表 (附件2) as a document: every section, both halves of 三, the photos, 五 from the survey, the 备注 checklist. */
import { describe, expect, it } from 'vitest';
import {
  CLOSURE_ATTACHMENT_ITEM_LABELS,
  CLOSURE_FORM_SUBTITLE,
  CLOSURE_FORM_TITLE,
  CLOSURE_REMARK_INTRO,
  CLOSURE_RESULTS_HINT,
  DocumentUnavailableError,
  closureFormDocument,
  documentText,
  type Block,
  type ClosurePhoto,
  type FormDocument,
  type Image,
} from '../../../src/domain/documents/index.js';
import type { ClosureAttachments } from '../../../src/domain/forms/closure-form.js';
import type { ProjectState } from '../../../src/domain/lifecycle/index.js';
import { closureAttachments } from '../../../src/domain/samples/forms.js';
import { closureForm, completedProject, responses, step } from '../lifecycle/fixtures.js';
import { LARGE, SMALL, TOWN, cells, lines, row } from './support.js';

const PHOTOS: readonly ClosurePhoto[] = [
  { data: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1]), mime: 'image/png', caption: '施工前' },
  { data: new Uint8Array([0xff, 0xd8, 0xff, 2]), mime: 'image/jpeg', caption: '施工后' },
];

/** A small-path project surveyed by its community (30 sheets: 20 非常满意, 9 满意, 1 不满意), then closed. */
function smallClosed(category: 'engineering' | 'service' = 'engineering', attachments?: Partial<ClosureAttachments>): ProjectState {
  const completed = completedProject({ budgetFen: SMALL, category });
  const sheets = [...responses(20, 'verySatisfied', 'a'), ...responses(9, 'satisfied', 'b'), ...responses(1, 'dissatisfied', 'c')];
  const surveyed = step(completed, { type: 'recordPaperSurvey', responses: sheets }, '2026-11-21T02:00:00.000Z');
  const done = step(surveyed, { type: 'completeSurvey', exceptionReason: null }, '2026-11-22T02:00:00.000Z');
  const form = closureForm(category, SMALL, attachments === undefined ? {} : { attachments: closureAttachments({ stampedRegistrationIds: [711], agreementIds: [712], invoiceIds: [713], ...attachments }) });
  return step(done, { type: 'submitClosure', form }, '2026-11-23T02:00:00.000Z');
}

/** A town-path project whose 结项表 is filed and whose survey the town has not run yet (R6.3). */
function townFiled(): ProjectState {
  return step(completedProject({ budgetFen: LARGE }), { type: 'submitClosure', form: closureForm('engineering', LARGE) }, '2026-11-23T02:00:00.000Z');
}

function images(blocks: readonly Block[]): Image[] {
  const found: Image[] = [];
  const visit = (block: Block): void => {
    if (block.kind === 'image') found.push(block);
    else if (block.kind === 'table') for (const r of block.rows) for (const c of r.cells) c.blocks.forEach(visit);
  };
  blocks.forEach(visit);
  return found;
}

function build(project: ProjectState, attachmentIdsOnFile?: readonly number[]): FormDocument {
  return closureFormDocument({ project, photos: PHOTOS, attachmentIdsOnFile });
}

describe('结项表 document', () => {
  it('R6.1 一 项目基本信息: title, 填报单位, type and mode boxes, the consultation date sentence, implementer, period, beneficiaries', () => {
    const document = build(smallClosed());
    expect(document).toMatchObject({ title: '结项表-温塘一巷路面修复工程', pageLabel: '附件2' });
    expect(lines(document).slice(0, 3)).toEqual([CLOSURE_FORM_TITLE, CLOSURE_FORM_SUBTITLE, '填报单位：温塘社区居民委员会']);
    expect(cells(document, '项目名称')).toEqual(['项目名称', '温塘一巷路面修复工程']);
    expect(cells(document, '项目类型')).toEqual(['项目类型', '☑便民工程项目 □公益服务项目', '办理方式', '☑莞家速递 □莞家直达 □莞家驿站']);
    expect(cells(document, '协商情况')).toEqual(['协商情况', '于2026年9月29日经城乡社区协商会议研究讨论决定']);
    expect(cells(document, '实施主体')).toEqual(['实施主体', '东莞市某某建设工程有限公司']);
    expect(cells(document, '项目实施时间')).toEqual(['项目实施时间', '2026年10月20日至2026年11月20日']);
    expect(cells(document, '受益对象')).toEqual(['受益对象', '温塘一巷及周边居民', '受益人数', '800人']);
  });

  it('R6.1 二 资金投入情况: budget against actual on the three rows, in 万元', () => {
    const text = lines(build(smallClosed()));
    const start = text.indexOf('二、资金投入情况');
    expect(text.slice(start + 1, start + 7)).toEqual([
      '预算投入\t“民生大莞家”专项资金投入（万元）\t3',
      '村（社区）集体经济投入（万元）\t0',
      '社会投入（万元）\t0',
      '实际投入\t“民生大莞家”专项资金投入（万元）\t2.99',
      '村（社区）集体经济投入（万元）\t0',
      '社会投入（万元）\t0',
    ]);
  });

  it('R6.1 三 项目实施情况: an engineering project fills the engineering half and leaves the service half blank', () => {
    const document = build(smallClosed('engineering'));
    expect(row(document, '（一）便民工程项目')).toBe('（一）便民工程项目\t（二）公益服务项目');
    expect(cells(document, '施工内容')).toEqual(['施工内容', '路面修复及排水', '服务时间', '']);
    expect(cells(document, '计量单位')).toEqual(['计量单位', '平方米', '服务地点', '']);
    expect(cells(document, '计划工程量')).toEqual(['计划工程量', '300', '参与人数', '']);
    expect(cells(document, '实际工程量')).toEqual(['实际工程量', '312.5', '', '']);
  });

  it('R6.1 三 项目实施情况: a service project fills the service half and leaves the engineering half blank', () => {
    const document = build(smallClosed('service'));
    expect(cells(document, '项目类型')[1]).toBe('□便民工程项目 ☑公益服务项目');
    expect(cells(document, '施工内容')).toEqual(['施工内容', '（可另附页说明）', '服务时间', '2026年10月至11月每周六上午']);
    expect(cells(document, '计量单位')).toEqual(['计量单位', '', '服务地点', '温塘社区长者饭堂']);
    expect(cells(document, '计划工程量')).toEqual(['计划工程量', '', '参与人数', '60人']);
    expect(cells(document, '实际工程量')).toEqual(['实际工程量', '', '', '']);
  });

  it('R6.1 四 项目成效: the hint, the text and the photos as image blocks with their bytes and captions, two to a row', () => {
    const document = build(smallClosed());
    const text = documentText(document);
    // Before beside after, on one row of a table inside the section's cell.
    expect(text).toContain(`${CLOSURE_RESULTS_HINT} 路面平整，排水通畅，居民出行便利。 [图片：施工前]\t[图片：施工后]`);
    const printed = images(document.blocks);
    expect(printed.map((i) => [i.mime, i.caption, i.data])).toEqual(PHOTOS.map((p) => [p.mime, p.caption, p.data]));
    expect(printed.every((i) => i.width > 0)).toBe(true);
  });

  it('R6.2 / R6.4 五 满意度测评情况: respondents and the counts per item and level of the community\'s survey', () => {
    const text = lines(build(smallClosed()));
    const start = text.indexOf('参与测评人数\t30人\t总体评价');
    expect(start).toBeGreaterThan(0);
    expect(text.slice(start + 1, start + 9)).toEqual([
      '非常满意\t满意\t基本满意\t不满意\t非常不满意',
      '20\t9\t0\t1\t0',
      '项目质量评价\t20\t9\t0\t1\t0',
      '项目效果评价\t20\t9\t0\t1\t0',
      '项目服务态度评价\t20\t9\t0\t1\t0',
      '项目办理效率评价\t20\t9\t0\t1\t0',
      '项目与您的需求贴近程度\t20\t9\t0\t1\t0',
      '信息公开程度\t20\t9\t0\t1\t0',
    ]);
  });

  it('R6.3 五 is blank while the town has not surveyed, and filled with the town\'s results once it has', () => {
    const filed = townFiled();
    const blank = lines(build(filed));
    const at = blank.indexOf('参与测评人数\t\t总体评价');
    expect(at).toBeGreaterThan(0);
    expect(blank[at + 2]).toBe('\t\t\t\t');
    expect(blank[at + 3]).toBe('项目质量评价\t\t\t\t\t');
    const entered = step(filed, { type: 'recordPaperSurvey', responses: [...responses(25, 'satisfied', 'x'), ...responses(6, 'basicallySatisfied', 'y')] }, '2026-11-24T02:00:00.000Z', TOWN);
    const surveyed = step(entered, { type: 'completeSurvey', exceptionReason: null }, '2026-11-25T02:00:00.000Z', TOWN);
    const text = lines(build(surveyed));
    const start = text.indexOf('参与测评人数\t31人\t总体评价');
    expect(text[start + 2]).toBe('0\t25\t6\t0\t0');
    expect(text[start + 8]).toBe('信息公开程度\t0\t25\t6\t0\t0');
  });

  it('R6.1 备注: the guide\'s four attachments, each ☑ when on file and □ otherwise', () => {
    const usual = documentText(build(smallClosed()));
    expect(usual).toContain(`备注： ${CLOSURE_REMARK_INTRO}`);
    expect(usual).toContain(`☑${CLOSURE_ATTACHMENT_ITEM_LABELS.stampedRegistration}`);
    expect(usual).toContain('☑2.工程合同（服务协议）或帮扶协议；');
    expect(usual).toContain('☑3.发票；');
    expect(usual).toContain(`□${CLOSURE_ATTACHMENT_ITEM_LABELS.other}`);
    // 其他资料 on file; a cited file that is no longer on file does not count.
    const others = build(smallClosed('engineering', { procurementFilingIds: [714], supplierQualificationIds: [715] }), [711, 712, 714, 715]);
    expect(documentText(others)).toContain(`☑${CLOSURE_ATTACHMENT_ITEM_LABELS.other}`);
    expect(documentText(others)).toContain('□3.发票；');
    // Tendering applied: 其他资料 is complete only with the tender documents.
    const tendered = smallClosed('engineering', { tenderingApplied: true, procurementFilingIds: [714], tenderDocumentIds: [716] });
    expect(documentText(build(tendered))).toContain(`☑${CLOSURE_ATTACHMENT_ITEM_LABELS.other}`);
    expect(documentText(build(tendered, [711, 712, 713, 714]))).toContain(`□${CLOSURE_ATTACHMENT_ITEM_LABELS.other}`);
  });

  it('refuses a project whose 结项表 is not filed', () => {
    expect(() => build(completedProject({ budgetFen: SMALL }))).toThrow(DocumentUnavailableError);
    expect(() => build(completedProject({ budgetFen: SMALL }))).toThrow('该项目尚未填报结项表');
  });
});
