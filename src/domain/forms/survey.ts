/**
 * 满意度测评表 (附件3, R6.5) and its summary, section 五 of 结项表 (R6.2–R6.4).
 * Owns: the questions and levels, one respondent's answer sheet, its validation, and the summary with the
 * satisfaction rate and the ≥ 30 respondents rule (R6.4).
 */
import type { LocalDate } from '../calendar/index.js';
import { FieldErrors, type FieldError } from './field-errors.js';
import type { IsoInstant } from './registration-form.js';

export const SURVEY_QUESTIONS = [
  'overall',
  'quality',
  'effect',
  'attitude',
  'efficiency',
  'closeness',
  'openness',
  'other',
] as const;
export type SurveyQuestion = (typeof SURVEY_QUESTIONS)[number];

export const SURVEY_QUESTION_LABELS: Readonly<Record<SurveyQuestion, string>> = {
  overall: '项目总体评价',
  quality: '项目质量评价',
  effect: '项目效果评价',
  attitude: '项目服务态度评价',
  efficiency: '项目办理效率评价',
  closeness: '项目与您的需求贴近程度',
  openness: '信息公开程度',
  other: '其他',
};

/** The rows of 结项表 section 五 (附件2 has no 其他 row). */
export const CLOSURE_SURVEY_ROWS = [
  'overall',
  'quality',
  'effect',
  'attitude',
  'efficiency',
  'closeness',
  'openness',
] as const satisfies readonly SurveyQuestion[];

export const SATISFACTION_LEVELS = [
  'verySatisfied',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'veryDissatisfied',
] as const;
export type SatisfactionLevel = (typeof SATISFACTION_LEVELS)[number];

export const SATISFACTION_LEVEL_LABELS: Readonly<Record<SatisfactionLevel, string>> = {
  verySatisfied: '非常满意',
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  dissatisfied: '不满意',
  veryDissatisfied: '非常不满意',
};

/** The levels counted as satisfied in the satisfaction rate. */
export const SATISFIED_LEVELS: readonly SatisfactionLevel[] = ['verySatisfied', 'satisfied', 'basicallySatisfied'];

export type SurveyResponseSource = 'online' | 'paper';

/** One respondent's answer sheet (`SurveyResponse`). */
export interface SurveyResponse {
  /** Only 项目总体评价 is required: the rate is computed on it; other rows may be left blank, as on paper. */
  readonly answers: Readonly<Partial<Record<SurveyQuestion, SatisfactionLevel>>>;
  /** 其他意见或建议 */
  readonly suggestions: string | null;
  /** 参加者签名（可选择不填写） */
  readonly signature: string | null;
  /** 日期 */
  readonly date: LocalDate;
  /** R6.5 online (link / QR code) or keyed in from paper. */
  readonly source: SurveyResponseSource;
  /**
   * R6.5 one response per respondent online: a stable key of the respondent (e.g. a hash of the link token),
   * null for paper sheets.
   */
  readonly respondentKey: string | null;
  readonly recordedAt: IsoInstant;
}

export function validateSurveyResponse(response: SurveyResponse, prefix = 'response'): FieldError[] {
  const errors = new FieldErrors();
  if (response.answers.overall === undefined) {
    errors.add(`${prefix}.answers.overall`, 'REQUIRED', '请对项目总体评价作出选择');
  }
  for (const [question, level] of Object.entries(response.answers)) {
    if (!(SURVEY_QUESTIONS as readonly string[]).includes(question)) {
      errors.add(`${prefix}.answers.${question}`, 'INVALID', '测评项目无效');
    } else if (level !== undefined && !(SATISFACTION_LEVELS as readonly string[]).includes(level)) {
      errors.add(`${prefix}.answers.${question}`, 'INVALID', '满意度等级无效');
    }
  }
  if (response.suggestions !== null && [...response.suggestions].length > 2000) {
    errors.add(`${prefix}.suggestions`, 'TOO_LONG', '意见或建议不能超过2000个字');
  }
  if (response.signature !== null && [...response.signature].length > 50) {
    errors.add(`${prefix}.signature`, 'TOO_LONG', '签名不能超过50个字');
  }
  errors.localDate(`${prefix}.date`, response.date, '测评日期');
  if (response.source === 'online' && (response.respondentKey === null || response.respondentKey === '')) {
    errors.add(`${prefix}.respondentKey`, 'REQUIRED', '在线测评须识别参与者，每人限填一份');
  }
  return errors.errors;
}

/** R6.4 a town-approved exception to the respondent minimum, with its written reason. */
export interface SurveyException {
  readonly reason: string;
  readonly approvedByUserId: number | null;
  readonly approvedAt: IsoInstant;
}

export type LevelCounts = Readonly<Record<SatisfactionLevel, number>>;

/** The satisfaction rate as an exact fraction plus a display percentage with one decimal. */
export interface SatisfactionRate {
  readonly satisfied: number;
  readonly total: number;
  /** e.g. "96.7"; "0" when nobody answered. */
  readonly percent: string;
}

/** 结项表 section 五 (满意度测评情况). */
export interface SurveySummary {
  /** 参与测评人数 */
  readonly respondentCount: number;
  /** Per question, how many respondents chose each level (blank answers are not counted). */
  readonly counts: Readonly<Record<SurveyQuestion, LevelCounts>>;
  readonly satisfaction: SatisfactionRate;
  /** R6.4: at least the minimum of respondents, or an approved exception. */
  readonly complete: boolean;
  readonly minRespondents: number;
  readonly exception: SurveyException | null;
  /** R6.4: a survey completed under the minimum by exception stays flagged. */
  readonly flagged: boolean;
}

function emptyCounts(): Record<SatisfactionLevel, number> {
  return { verySatisfied: 0, satisfied: 0, basicallySatisfied: 0, dissatisfied: 0, veryDissatisfied: 0 };
}

/** `part` of `whole` in tenths of a per cent, rounded half up, by integer arithmetic (`whole` > 0): 7 of 8 → 875. */
export function percentTenths(part: number, whole: number): number {
  return Math.floor((part * 2000 + whole) / (2 * whole));
}

/** One decimal, rounded half up, by integer arithmetic, without a trailing .0 ("87.5", "100"); '0' of nothing. */
export function percentText(part: number, whole: number): string {
  if (whole === 0) return '0';
  const tenths = percentTenths(part, whole);
  const whole10 = Math.floor(tenths / 10);
  const rest = tenths % 10;
  return rest === 0 ? String(whole10) : `${whole10}.${rest}`;
}

/**
 * Section 五 from the answer sheets.
 * Satisfaction rate (满意率) = respondents who answered 非常满意, 满意 or 基本满意 on 项目总体评价, over all respondents
 * who answered 项目总体评价. R6.4: the survey is complete with at least `minRespondents` respondents, or with fewer
 * only under a town-approved exception with a written reason; such a survey is flagged.
 */
export function summariseSurvey(
  responses: readonly SurveyResponse[],
  options: { readonly minRespondents: number; readonly exception?: SurveyException | null },
): SurveySummary {
  const counts = Object.fromEntries(SURVEY_QUESTIONS.map((q) => [q, emptyCounts()])) as Record<
    SurveyQuestion,
    Record<SatisfactionLevel, number>
  >;
  for (const response of responses) {
    for (const question of SURVEY_QUESTIONS) {
      const level = response.answers[question];
      if (level !== undefined) counts[question][level] += 1;
    }
  }
  const overall = counts.overall;
  const total = SATISFACTION_LEVELS.reduce((sum, level) => sum + overall[level], 0);
  const satisfied = SATISFIED_LEVELS.reduce((sum, level) => sum + overall[level], 0);
  const exception = options.exception ?? null;
  const meetsMinimum = responses.length >= options.minRespondents;
  const exceptionValid = exception !== null && exception.reason.trim() !== '';
  return {
    respondentCount: responses.length,
    counts,
    satisfaction: { satisfied, total, percent: percentText(satisfied, total) },
    complete: meetsMinimum || exceptionValid,
    minRespondents: options.minRespondents,
    exception: meetsMinimum ? null : exception,
    flagged: !meetsMinimum && exceptionValid,
  };
}

