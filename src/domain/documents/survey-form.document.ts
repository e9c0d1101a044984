/**
 * 满意度测评表 (附件3, R6.5) as printable sheets — one A4 page per respondent, each with its one-time token and the
 * QR code of its link to the online survey — and the survey's outcome for one project (R6.3, R6.4): respondents,
 * counts per item and level, satisfaction rates, how the answers came in.
 *
 * Pure: names, links and the project's survey state in, the layout out.
 */
import { SATISFACTION_LEVELS, SATISFACTION_LEVEL_LABELS, SATISFIED_LEVELS, SURVEY_QUESTIONS, SURVEY_QUESTION_LABELS, percentText, summariseSurvey, type LevelCounts, type SurveySummary } from '../forms/survey.js';
import type { ProjectState } from '../lifecycle/index.js';
import { DEFAULT_RULES_CONFIG } from '../rules-config.js';
import { chineseDateTime, emptyBox, valueCell } from './common.js';
import { cell, label, paragraph, text, type Block, type FormDocument, type Row } from './layout.js';

export const SURVEY_FORM_TITLE = '东莞市“民生大莞家”项目满意度调查表';
export const SURVEY_TABLE_HEADING = '您对“民生大莞家”品牌服务项目的满意度评价';
/** The guide's own wording (你, 其它). */
export const SURVEY_SUGGESTIONS_LABEL = '你对“民生大莞家”项目的其它意见或建议：';
export const SURVEY_SIGNATURE_LABEL = '参加者签名（可选择不填写）：';
export const SURVEY_DATE_LINE = '日    期：         年     月     日';

const LETTER = [
  '您好！非常感谢您参与本次问卷调查活动！',
  '为全面了解东莞市“民生大莞家”项目成果，客观评价实际成效，现诚邀您填写以下问卷，并提出宝贵意见建议，以便我们更好地为辖区居民群众服务。感谢您的配合！',
] as const;

export interface SurveySheet {
  /** The one-time token of this sheet (one respondent, R6.5). */
  readonly token: string;
  /** The online survey's (short) link carrying the token: printed and encoded as the QR code. */
  readonly link: string;
}

export interface SurveySheetsInput {
  readonly projectName: string;
  readonly sheets: readonly SurveySheet[];
}

/** 「您参与评价的项目为：X项目。」 — a name already ending in 项目 is not given a second one. */
export function surveyProjectPhrase(projectName: string): string {
  const name = projectName.trim();
  return name.endsWith('项目') ? name : `${name}项目`;
}

function sheetBlocks(projectName: string, sheet: SurveySheet): Block[] {
  const rows: Row[] = [
    {
      cells: [label(SURVEY_TABLE_HEADING), ...SATISFACTION_LEVELS.map((level) => label(SATISFACTION_LEVEL_LABELS[level]))],
      header: true,
    },
    ...SURVEY_QUESTIONS.map(
      (question): Row => ({
        cells: [label(SURVEY_QUESTION_LABELS[question]), ...SATISFACTION_LEVELS.map(() => cell(paragraph([emptyBox()], { align: 'center' }), { align: 'center', valign: 'middle' }))],
        minHeight: 9,
      }),
    ),
    { cells: [cell(paragraph(SURVEY_SUGGESTIONS_LABEL), { colSpan: 6, valign: 'top' })], minHeight: 36 },
    {
      cells: [
        cell([paragraph(SURVEY_SIGNATURE_LABEL, { align: 'right' }), paragraph(SURVEY_DATE_LINE, { align: 'right' })], { colSpan: 6, valign: 'middle' }),
      ],
      minHeight: 18,
    },
  ];
  return [
    paragraph(SURVEY_FORM_TITLE, { style: 'title', align: 'center' }),
    paragraph('亲爱的辖区居民：'),
    ...LETTER.map((l) => paragraph(l, { indent: 2 })),
    paragraph([text('您参与评价的项目为：'), text(surveyProjectPhrase(projectName), { underline: true }), text('。')], { indent: 2, spaceAfter: 3 }),
    { kind: 'table', widths: [34, 13, 13, 13, 13, 14], rows, keepRows: true },
    { kind: 'qr', value: sheet.link, size: 24 },
    paragraph(`扫码在线填写\u3000${sheet.link}`, { style: 'small' }),
    paragraph(`编号：${sheet.token}`, { style: 'small' }),
  ];
}

/** N printable questionnaires for one project, one page each, each with its own token and QR code. */
export function surveySheetsDocument(input: SurveySheetsInput): FormDocument {
  const blocks: Block[] = [];
  input.sheets.forEach((sheet, index) => {
    if (index > 0) blocks.push({ kind: 'pageBreak' });
    blocks.push(...sheetBlocks(input.projectName, sheet));
  });
  return { title: `满意度测评表-${input.projectName}`, orientation: 'portrait', blocks };
}

// ---------------------------------------------------------------------------------------------------------------
// The survey's outcome

export interface SurveySummaryInput {
  readonly project: ProjectState;
  /** R6.4 the minimum of respondents, for a survey still open (a completed one carries its own). */
  readonly minRespondents?: number;
}

/** The domain's satisfaction rate as printed: "97.4%", "100%"; '—' of nothing. */
function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${percentText(part, whole)}%`;
}

function answered(counts: LevelCounts): number {
  return SATISFACTION_LEVELS.reduce((sum, level) => sum + counts[level], 0);
}

function satisfied(counts: LevelCounts): number {
  return SATISFIED_LEVELS.reduce((sum, level) => sum + counts[level], 0);
}

/** The project's survey so far: the completed summary, or one computed from the sheets in while it is open. */
export function surveySummaryOf(project: ProjectState, minRespondents = DEFAULT_RULES_CONFIG.surveyMinRespondents): SurveySummary {
  return project.survey.summary ?? summariseSurvey(project.survey.responses, { minRespondents });
}

/**
 * The survey's outcome for one project: respondents against the minimum (R6.4), the satisfaction rate on 项目总体评价,
 * each item's counts per level with its own rate (非常满意、满意、基本满意 over those who answered it), the mix of online
 * and paper sheets, the exception when fewer answered, and the suggestions written in.
 */
export function surveySummaryDocument(input: SurveySummaryInput): FormDocument {
  const { project } = input;
  const summary = surveySummaryOf(project, input.minRespondents);
  const responses = project.survey.responses;
  const online = responses.filter((r) => r.source === 'online').length;
  const paper = responses.length - online;
  const name = project.registration?.basics.projectName ?? project.title;
  const status = project.survey.completedAt === null ? '测评中' : `已完成（${chineseDateTime(project.survey.completedAt)}）`;

  const facts: Row[] = [
    { cells: [label('项目名称'), valueCell(name, { colSpan: 3 })] },
    { cells: [label('村（社区）'), valueCell(project.communityName), label('测评状态'), valueCell(status)] },
    {
      cells: [
        label('参与测评人数'),
        valueCell(`${summary.respondentCount}人（不少于${summary.minRespondents}人）`),
        label('满意率'),
        valueCell(`${percent(summary.satisfaction.satisfied, summary.satisfaction.total)}（${summary.satisfaction.satisfied}/${summary.satisfaction.total}）`),
      ],
    },
    { cells: [label('在线填写'), valueCell(`${online}份`), label('纸质录入'), valueCell(`${paper}份`)] },
  ];
  if (summary.exception !== null) {
    facts.push({
      cells: [label('人数不足说明'), valueCell(`${summary.exception.reason}（经镇（街道）批准，${chineseDateTime(summary.exception.approvedAt)}）`, { colSpan: 3 })],
    });
  }

  const counts: Row[] = [
    {
      cells: [label('测评内容'), ...SATISFACTION_LEVELS.map((level) => label(SATISFACTION_LEVEL_LABELS[level])), label('合计'), label('满意率')],
      header: true,
    },
    ...SURVEY_QUESTIONS.map((question): Row => {
      const c = summary.counts[question];
      return {
        cells: [
          label(SURVEY_QUESTION_LABELS[question]),
          ...SATISFACTION_LEVELS.map((level) => valueCell(String(c[level]), { align: 'center' })),
          valueCell(String(answered(c)), { align: 'center' }),
          valueCell(percent(satisfied(c), answered(c)), { align: 'center' }),
        ],
      };
    }),
  ];

  const suggestions = responses.map((r) => r.suggestions?.trim() ?? '').filter((s) => s !== '');
  const blocks: Block[] = [
    paragraph('东莞市“民生大莞家”项目满意度测评结果', { style: 'title', align: 'center' }),
    { kind: 'table', widths: [18, 32, 18, 32], rows: facts },
    paragraph([text('各项测评结果（人）', { bold: true })], { style: 'heading' }),
    { kind: 'table', widths: [26, 10, 10, 10, 10, 10, 10, 14], rows: counts },
    paragraph('满意率：选择“非常满意”“满意”“基本满意”的人数占该项作答人数的比例。', { style: 'small' }),
  ];
  if (suggestions.length > 0) {
    blocks.push(paragraph([text(`意见或建议（${suggestions.length}条）`, { bold: true })], { style: 'heading' }));
    suggestions.forEach((s, i) => blocks.push(paragraph(`${i + 1}. ${s}`)));
  }
  return { title: `满意度测评结果-${name}`, orientation: 'portrait', blocks };
}
