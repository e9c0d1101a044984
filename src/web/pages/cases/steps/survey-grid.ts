/**
 * The keyboard grid for keying in paper 满意度测评表 (附件3, R6.5) without the screen: one row per sheet, one cell
 * per item of the sheet; a digit key sets a cell's level (1–5 in the sheet's order 非常满意 … 非常不满意, 0 for an item
 * the respondent left blank), moving on with Tab / Enter; a new empty row once the last is begun; which rows are
 * complete (every item but 其他 answered or marked blank, 项目总体评价 answered), the request body of the complete
 * rows, and the live count and satisfaction rate as the domain computes them (summariseSurvey).
 */
import {
  SATISFACTION_LEVELS,
  SURVEY_QUESTIONS,
  summariseSurvey,
  type SatisfactionLevel,
  type SurveyQuestion,
  type SurveyResponse,
  type SurveySummary,
} from '../../../../domain/forms/survey.js';
import type { ProjectState, RequestOf } from '../../../api/models.js';

/** A cell: a level, `blank` (the respondent ticked nothing on this item), or unset (not keyed yet). */
export type CellValue = SatisfactionLevel | 'blank';

export interface SheetRow {
  /** Stable across edits, for React keys and focus. */
  readonly key: number;
  readonly cells: Readonly<Partial<Record<SurveyQuestion, CellValue>>>;
  readonly suggestions: string;
}

/** The digit keyed for each level: the sheet's columns from left to right. */
export const LEVEL_KEYS: Readonly<Record<SatisfactionLevel, string>> = {
  verySatisfied: '1',
  satisfied: '2',
  basicallySatisfied: '3',
  dissatisfied: '4',
  veryDissatisfied: '5',
};

/** 其他 is seldom ticked: a sheet is complete without it. */
export const OPTIONAL_QUESTIONS: readonly SurveyQuestion[] = ['other'];

/** What a key does to a cell: set a level, mark the item blank, clear it, or nothing. */
export type KeyEffect = { readonly set: CellValue } | { readonly clear: true } | null;

const FULL_WIDTH_DIGIT = /^[０-９]$/;

export function keyEffect(key: string): KeyEffect {
  // A Chinese input method may send full-width digits.
  const digit = FULL_WIDTH_DIGIT.test(key) ? String.fromCharCode(key.charCodeAt(0) - 0xfee0) : key;
  if (digit === '0') return { set: 'blank' };
  const level = SATISFACTION_LEVELS.find((l) => LEVEL_KEYS[l] === digit);
  if (level !== undefined) return { set: level };
  if (key === 'Backspace' || key === 'Delete') return { clear: true };
  return null;
}

export function emptyRow(key: number): SheetRow {
  return { key, cells: {}, suggestions: '' };
}

export function isEmptyRow(row: SheetRow): boolean {
  return Object.keys(row.cells).length === 0 && row.suggestions.trim() === '';
}

/** The items a begun row still lacks (an empty row lacks nothing: it is not a sheet). */
export function missingItems(row: SheetRow): readonly SurveyQuestion[] {
  if (isEmptyRow(row)) return [];
  return SURVEY_QUESTIONS.filter((q) => {
    const cell = row.cells[q];
    if (q === 'overall') return cell === undefined || cell === 'blank';
    return cell === undefined && !OPTIONAL_QUESTIONS.includes(q);
  });
}

export type RowStatus = 'empty' | 'complete' | 'incomplete';

export function rowStatus(row: SheetRow): RowStatus {
  if (isEmptyRow(row)) return 'empty';
  return missingItems(row).length === 0 ? 'complete' : 'incomplete';
}

/** A new empty row once the last one is begun, so keying never runs out of rows. */
export function withTrailingRow(rows: readonly SheetRow[]): readonly SheetRow[] {
  const last = rows[rows.length - 1];
  if (last !== undefined && isEmptyRow(last)) return rows;
  const next = rows.reduce((max, r) => Math.max(max, r.key), 0) + 1;
  return [...rows, emptyRow(next)];
}

export function setCell(rows: readonly SheetRow[], index: number, question: SurveyQuestion, value: CellValue | null): readonly SheetRow[] {
  const updated = rows.map((row, i) => {
    if (i !== index) return row;
    const others = Object.entries(row.cells).filter(([q]) => q !== question);
    const cells: Partial<Record<SurveyQuestion, CellValue>> = Object.fromEntries(value === null ? others : [...others, [question, value]]);
    return { ...row, cells };
  });
  return withTrailingRow(updated);
}

export function setSuggestions(rows: readonly SheetRow[], index: number, suggestions: string): readonly SheetRow[] {
  return withTrailingRow(rows.map((row, i) => (i === index ? { ...row, suggestions } : row)));
}

export function removeRow(rows: readonly SheetRow[], index: number): readonly SheetRow[] {
  return withTrailingRow(rows.filter((_, i) => i !== index));
}

/** The grid's columns: the eight items, then 意见建议. */
export const GRID_COLUMNS: readonly (SurveyQuestion | 'suggestions')[] = [...SURVEY_QUESTIONS, 'suggestions'];

export interface CellPosition {
  readonly row: number;
  readonly column: number;
}

/** The cell after (or before) `at`, reading the grid row by row; null past either end. */
export function stepCell(at: CellPosition, direction: 1 | -1, rowCount: number): CellPosition | null {
  const width = GRID_COLUMNS.length;
  const flat = at.row * width + at.column + direction;
  if (flat < 0 || flat >= rowCount * width) return null;
  return { row: Math.floor(flat / width), column: flat % width };
}

export type PaperResponse = RequestOf<'recordPaperSurvey'>['responses'][number];

/** One complete row as the sheet it was keyed from (blank items are left out, as the domain counts them). */
export function responseOfRow(row: SheetRow, date: string): PaperResponse {
  const answers: Partial<Record<SurveyQuestion, SatisfactionLevel>> = {};
  for (const q of SURVEY_QUESTIONS) {
    const cell = row.cells[q];
    if (cell !== undefined && cell !== 'blank') answers[q] = cell;
  }
  const suggestions = row.suggestions.trim();
  return { answers, suggestions: suggestions === '' ? null : suggestions, signature: null, date };
}

export interface PaperBatch {
  readonly responses: readonly PaperResponse[];
  /** Row numbers (from 1) of begun rows that are not complete: nothing is sent while there is one. */
  readonly incompleteRows: readonly number[];
}

export function paperBatch(rows: readonly SheetRow[], date: string): PaperBatch {
  const responses: PaperResponse[] = [];
  const incompleteRows: number[] = [];
  rows.forEach((row, i) => {
    const status = rowStatus(row);
    if (status === 'complete') responses.push(responseOfRow(row, date));
    else if (status === 'incomplete') incompleteRows.push(i + 1);
  });
  return { responses, incompleteRows };
}

export function paperBody(version: number, batch: PaperBatch): RequestOf<'recordPaperSurvey'> {
  return { version, responses: batch.responses };
}

type RecordedResponse = ProjectState['survey']['responses'][number];

/** A response as read back from the project, in the domain's shape (its respondent key stays on the server). */
export function asDomainResponse(r: RecordedResponse): SurveyResponse {
  return { ...r, respondentKey: null };
}

/** The survey as it would stand with `entered` added: the count and the satisfaction rate the domain computes. */
export function liveSummary(recorded: readonly RecordedResponse[], entered: readonly PaperResponse[], minRespondents: number): SurveySummary {
  const now = new Date(0).toISOString();
  const added: SurveyResponse[] = entered.map((r) => ({ ...r, source: 'paper', respondentKey: null, recordedAt: now }));
  return summariseSurvey([...recorded.map(asDomainResponse), ...added], { minRespondents });
}
