/**
 * The paper-sheet keyboard grid (附件3, R6.5): digit keys to levels, rows complete or not, moving from cell to cell,
 * the body of the complete rows, and the live count and satisfaction rate as the domain computes them.
 */
import { describe, expect, it } from 'vitest';
import {
  GRID_COLUMNS,
  emptyRow,
  keyEffect,
  liveSummary,
  missingItems,
  paperBatch,
  paperBody,
  removeRow,
  responseOfRow,
  rowStatus,
  setCell,
  setSuggestions,
  stepCell,
  type SheetRow,
} from '../../src/web/pages/cases/steps/survey-grid.js';
import { SURVEY_QUESTIONS, type SatisfactionLevel } from '../../src/domain/forms/survey.js';

/** A row keyed as the clerk would: one digit per item, in the sheet's order. */
function keyed(digits: string, key = 1): SheetRow {
  let rows: readonly SheetRow[] = [emptyRow(key)];
  [...digits].forEach((d, i) => {
    const effect = keyEffect(d);
    const question = SURVEY_QUESTIONS[i];
    if (effect !== null && 'set' in effect && question !== undefined) rows = setCell(rows, 0, question, effect.set);
  });
  const row = rows[0];
  if (row === undefined) throw new Error('no row');
  return row;
}

describe('keys', () => {
  it('maps 1–5 to the sheet’s levels left to right, 0 to an item left blank', () => {
    const levels = ['1', '2', '3', '4', '5'].map((k) => keyEffect(k));
    expect(levels).toEqual([
      { set: 'verySatisfied' },
      { set: 'satisfied' },
      { set: 'basicallySatisfied' },
      { set: 'dissatisfied' },
      { set: 'veryDissatisfied' },
    ]);
    expect(keyEffect('0')).toEqual({ set: 'blank' });
  });

  it('takes full-width digits from a Chinese input method, clears with Backspace and Delete, ignores the rest', () => {
    expect(keyEffect('２')).toEqual({ set: 'satisfied' });
    expect(keyEffect('Backspace')).toEqual({ clear: true });
    expect(keyEffect('Delete')).toEqual({ clear: true });
    expect(keyEffect('6')).toBeNull();
    expect(keyEffect('a')).toBeNull();
    expect(keyEffect('Enter')).toBeNull();
  });
});

describe('rows', () => {
  it('appends an empty row once the last one is begun, and keeps exactly one', () => {
    let rows: readonly SheetRow[] = [emptyRow(1)];
    rows = setCell(rows, 0, 'overall', 'satisfied');
    expect(rows).toHaveLength(2);
    expect(rowStatus(rows[1] ?? emptyRow(0))).toBe('empty');
    rows = setCell(rows, 0, 'quality', 'satisfied');
    expect(rows).toHaveLength(2);
    rows = setSuggestions(rows, 1, '很好');
    expect(rows).toHaveLength(3);
    rows = removeRow(rows, 0);
    expect(rows).toHaveLength(2);
  });

  it('clears a cell', () => {
    const rows = setCell(setCell([emptyRow(1)], 0, 'overall', 'satisfied'), 0, 'overall', null);
    expect(rows[0]?.cells).toEqual({});
  });

  it('is complete with every item but 其他 answered or marked blank, 项目总体评价 answered', () => {
    expect(rowStatus(keyed('1231231'))).toBe('complete');
    expect(rowStatus(keyed('12312310'))).toBe('complete');
    expect(rowStatus(keyed('1000000'))).toBe('complete');
    expect(rowStatus(keyed('345'))).toBe('incomplete');
    expect(missingItems(keyed('345'))).toEqual(['attitude', 'efficiency', 'closeness', 'openness']);
    // 项目总体评价 cannot be left blank: the rate is computed on it.
    expect(missingItems(keyed('0222222'))).toEqual(['overall']);
    expect(rowStatus(emptyRow(1))).toBe('empty');
    expect(missingItems(emptyRow(1))).toEqual([]);
  });
});

describe('moving', () => {
  it('reads row by row: after the last column comes the next row’s first', () => {
    const last = GRID_COLUMNS.length - 1;
    expect(stepCell({ row: 0, column: 0 }, 1, 2)).toEqual({ row: 0, column: 1 });
    expect(stepCell({ row: 0, column: last }, 1, 2)).toEqual({ row: 1, column: 0 });
    expect(stepCell({ row: 1, column: 0 }, -1, 2)).toEqual({ row: 0, column: last });
    expect(stepCell({ row: 0, column: 0 }, -1, 2)).toBeNull();
    expect(stepCell({ row: 1, column: last }, 1, 2)).toBeNull();
  });
});

describe('the body', () => {
  it('leaves blank items out and an empty suggestion as null', () => {
    const row = { ...keyed('10222220'), suggestions: '  ' };
    expect(responseOfRow(row, '2026-12-02')).toEqual({
      answers: { overall: 'verySatisfied', effect: 'satisfied', attitude: 'satisfied', efficiency: 'satisfied', closeness: 'satisfied', openness: 'satisfied' },
      suggestions: null,
      signature: null,
      date: '2026-12-02',
    });
    expect(responseOfRow({ ...row, suggestions: ' 路灯更亮了 ' }, '2026-12-02').suggestions).toBe('路灯更亮了');
  });

  it('sends the complete rows only, names the unfinished ones, ignores empty ones', () => {
    const rows = [keyed('1111111', 1), keyed('22', 2), emptyRow(3), keyed('3333333', 4)];
    const batch = paperBatch(rows, '2026-12-02');
    expect(batch.responses).toHaveLength(2);
    expect(batch.incompleteRows).toEqual([2]);
    expect(paperBody(7, batch)).toEqual({ version: 7, responses: batch.responses });
  });
});

describe('live count and rate', () => {
  const recorded = (overall: SatisfactionLevel) => ({
    answers: { overall },
    suggestions: null,
    signature: null,
    date: '2026-11-28',
    source: 'online' as const,
    recordedAt: '2026-11-28T02:00:00.000Z',
  });

  it('counts the recorded and the keyed sheets against the minimum', () => {
    const entered = paperBatch([keyed('1111111'), keyed('4444444')], '2026-12-02').responses;
    const summary = liveSummary([recorded('satisfied'), recorded('veryDissatisfied')], entered, 30);
    expect(summary.respondentCount).toBe(4);
    expect(summary.minRespondents).toBe(30);
    expect(summary.complete).toBe(false);
    // 非常满意, 满意 and 基本满意 on 项目总体评价 count as satisfied: 2 of 4.
    expect(summary.satisfaction).toEqual({ satisfied: 2, total: 4, percent: '50' });
  });

  it('rounds the rate to one decimal as the domain does', () => {
    const entered = paperBatch([keyed('1111111'), keyed('3333333'), keyed('5555555')], '2026-12-02').responses;
    expect(liveSummary([], entered, 30).satisfaction.percent).toBe('66.7');
    expect(liveSummary([], [], 30).satisfaction.percent).toBe('0');
  });
});
