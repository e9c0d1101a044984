/** 满意度测评表 (附件3) as printable sheets with their QR codes, and the survey's outcome for one project. */
import { describe, expect, it } from 'vitest';
import {
  EMPTY_BOX,
  SURVEY_FORM_TITLE,
  SURVEY_SIGNATURE_LABEL,
  SURVEY_SUGGESTIONS_LABEL,
  documentText,
  surveyProjectPhrase,
  surveySheetsDocument,
  surveySummaryDocument,
  type Block,
  type Qr,
} from '../../../src/domain/documents/index.js';
import { SATISFACTION_LEVELS, SATISFACTION_LEVEL_LABELS, SURVEY_QUESTIONS, SURVEY_QUESTION_LABELS } from '../../../src/domain/forms/survey.js';
import { decideProject, type ProjectState } from '../../../src/domain/lifecycle/index.js';
import { surveyAnswers, surveySheet } from '../../../src/domain/samples/forms.js';
import { closureForm, completedProject, ctx, ok, responses, step } from '../lifecycle/fixtures.js';
import { LARGE, SMALL, TOWN, cells, lines, occurrences } from './support.js';

const NAME = '温塘一巷路面修复工程';

function sheets(n: number) {
  return Array.from({ length: n }, (_, i) => ({ token: `T${String(i + 1).padStart(4, '0')}`, link: `https://ms.example.cn/s/T${String(i + 1).padStart(4, '0')}` }));
}

/** The pages of a document: its blocks split at the page breaks. */
function pages(blocks: readonly Block[]): Block[][] {
  const out: Block[][] = [[]];
  for (const block of blocks) {
    if (block.kind === 'pageBreak') out.push([]);
    else out[out.length - 1]?.push(block);
  }
  return out;
}

/** A town-path project surveyed by the town: 3 residents online (one with a suggestion), 28 sheets keyed in from paper. */
function townSurveyed(): ProjectState {
  let state = step(completedProject({ budgetFen: LARGE }), { type: 'submitClosure', form: closureForm('engineering', LARGE) }, '2026-11-23T02:00:00.000Z');
  const online = [
    surveySheet({ date: '2026-11-24', answers: surveyAnswers('verySatisfied'), respondentKey: 'k1', suggestions: '希望增加路灯' }),
    surveySheet({ date: '2026-11-24', answers: { ...surveyAnswers('verySatisfied'), other: 'satisfied' }, respondentKey: 'k2' }),
    surveySheet({ date: '2026-11-24', answers: surveyAnswers('veryDissatisfied'), respondentKey: 'k3' }),
  ];
  for (const response of online) state = ok(decideProject(state, { type: 'submitSurveyResponse', response }, ctx('2026-11-24T02:00:00.000Z', 'public'))).state;
  state = step(state, { type: 'recordPaperSurvey', responses: [...responses(20, 'satisfied', 'p'), ...responses(8, 'basicallySatisfied', 'q')] }, '2026-11-25T02:00:00.000Z', TOWN);
  return step(state, { type: 'completeSurvey', exceptionReason: null }, '2026-11-25T03:00:00.000Z', TOWN);
}

describe('满意度测评表 sheets', () => {
  it('R6.5 N sheets print on N pages, each with its own QR code of its link and its token', () => {
    const document = surveySheetsDocument({ projectName: NAME, sheets: sheets(3) });
    expect(document.title).toBe(`满意度测评表-${NAME}`);
    const printed = pages(document.blocks);
    expect(printed).toHaveLength(3);
    const qrs = printed.map((page) => page.filter((b): b is Qr => b.kind === 'qr'));
    expect(qrs.map((q) => q.length)).toEqual([1, 1, 1]);
    const values = qrs.map((q) => q[0]?.value);
    expect(new Set(values).size).toBe(3);
    expect(values).toEqual(sheets(3).map((s) => s.link));
    printed.forEach((page, i) => {
      const text = documentText({ blocks: page });
      const sheet = sheets(3)[i];
      expect(occurrences(text, SURVEY_FORM_TITLE)).toBe(1);
      expect(text).toContain(`扫码在线填写\u3000${sheet?.link ?? ''}`);
      expect(text).toContain(`编号：${sheet?.token ?? ''}`);
      for (const other of sheets(3).filter((_, j) => j !== i)) expect(text).not.toContain(other.token);
    });
  });

  it('R6.5 a sheet prints the letter with the project, the eight items × five levels with empty boxes, suggestions, signature and date', () => {
    const document = surveySheetsDocument({ projectName: NAME, sheets: sheets(1) });
    const text = documentText(document);
    expect(lines(document).slice(0, 5)).toEqual([
      SURVEY_FORM_TITLE,
      '亲爱的辖区居民：',
      '您好！非常感谢您参与本次问卷调查活动！',
      '为全面了解东莞市“民生大莞家”项目成果，客观评价实际成效，现诚邀您填写以下问卷，并提出宝贵意见建议，以便我们更好地为辖区居民群众服务。感谢您的配合！',
      `您参与评价的项目为： ${NAME}项目 。`,
    ]);
    expect(cells(document, '您对“民生大莞家”品牌服务项目的满意度评价')).toEqual([
      '您对“民生大莞家”品牌服务项目的满意度评价',
      ...SATISFACTION_LEVELS.map((l) => SATISFACTION_LEVEL_LABELS[l]),
    ]);
    for (const question of SURVEY_QUESTIONS) {
      expect(cells(document, SURVEY_QUESTION_LABELS[question])).toEqual([SURVEY_QUESTION_LABELS[question], ...SATISFACTION_LEVELS.map(() => EMPTY_BOX)]);
    }
    expect(occurrences(text, EMPTY_BOX)).toBe(SURVEY_QUESTIONS.length * SATISFACTION_LEVELS.length);
    expect(text).not.toContain('☑');
    expect(text).toContain(SURVEY_SUGGESTIONS_LABEL);
    expect(text).toContain(`${SURVEY_SIGNATURE_LABEL} 日    期：         年     月     日`);
  });

  it('does not double 项目 after a name that ends with it, and prints no page for no sheet', () => {
    expect(surveyProjectPhrase('长者饭堂助餐服务项目')).toBe('长者饭堂助餐服务项目');
    expect(surveyProjectPhrase('温塘一巷路面修复')).toBe('温塘一巷路面修复项目');
    expect(surveySheetsDocument({ projectName: NAME, sheets: [] }).blocks).toEqual([]);
  });
});

describe('满意度测评 summary', () => {
  it('R6.3 / R6.4 the town\'s survey: respondents, rate, counts per item and level with each item\'s rate, online and paper', () => {
    const document = surveySummaryDocument({ project: townSurveyed() });
    expect(document.title).toBe(`满意度测评结果-${NAME}`);
    expect(cells(document, '项目名称')).toEqual(['项目名称', NAME]);
    expect(cells(document, '村（社区）')).toEqual(['村（社区）', '东城街道温塘社区', '测评状态', '已完成（2026年11月25日 11:00）']);
    // 30 of 31 answered a satisfied level on 项目总体评价.
    expect(cells(document, '参与测评人数')).toEqual(['参与测评人数', '31人（不少于30人）', '满意率', '96.8%（30/31）']);
    expect(cells(document, '在线填写')).toEqual(['在线填写', '3份', '纸质录入', '28份']);
    expect(cells(document, '测评内容')).toEqual(['测评内容', ...SATISFACTION_LEVELS.map((l) => SATISFACTION_LEVEL_LABELS[l]), '合计', '满意率']);
    expect(cells(document, '项目总体评价')).toEqual(['项目总体评价', '2', '20', '8', '0', '1', '31', '96.8%']);
    expect(cells(document, '信息公开程度')).toEqual(['信息公开程度', '2', '20', '8', '0', '1', '31', '96.8%']);
    // Only one online respondent answered 其他 (the paper sheets leave it blank).
    expect(cells(document, '其他')).toEqual(['其他', '0', '1', '0', '0', '0', '1', '100%']);
    expect(documentText(document)).toContain('意见或建议（1条）\n1. 希望增加路灯');
  });

  it('R6.4 fewer than 30 respondents: the town-approved exception and its reason are printed', () => {
    const surveyed = step(completedProject({ budgetFen: SMALL }), { type: 'recordPaperSurvey', responses: responses(12, 'satisfied') }, '2026-11-21T02:00:00.000Z');
    const done = step(surveyed, { type: 'completeSurvey', exceptionReason: '服务对象为辖区12名残疾人' }, '2026-11-22T02:00:00.000Z', TOWN);
    const document = surveySummaryDocument({ project: done });
    expect(cells(document, '参与测评人数')).toEqual(['参与测评人数', '12人（不少于30人）', '满意率', '100%（12/12）']);
    expect(cells(document, '人数不足说明')).toEqual(['人数不足说明', '服务对象为辖区12名残疾人（经镇（街道）批准，2026年11月22日 10:00）']);
  });

  it('a survey still open is summarised from the sheets in so far', () => {
    const open = step(completedProject({ budgetFen: SMALL }), { type: 'recordPaperSurvey', responses: responses(5, 'dissatisfied') }, '2026-11-21T02:00:00.000Z');
    const document = surveySummaryDocument({ project: open });
    expect(cells(document, '村（社区）')[3]).toBe('测评中');
    expect(cells(document, '参与测评人数')).toEqual(['参与测评人数', '5人（不少于30人）', '满意率', '0%（0/5）']);
    expect(cells(document, '项目总体评价')).toEqual(['项目总体评价', '0', '0', '0', '5', '0', '5', '0%']);
    expect(cells(document, '其他')).toEqual(['其他', '0', '0', '0', '0', '0', '0', '—']);
  });
});
