/** R0.1 the money ceiling: amounts and sums past 10亿元 are refused as field errors, never summed into a RangeError. */
import { describe, expect, it } from 'vitest';
import { validateClosureForm } from '../../src/domain/forms/closure-form.js';
import { validateConsultationRecord, validateRegistrationBasics } from '../../src/domain/forms/registration-form.js';
import { decideProject, type ProjectState } from '../../src/domain/lifecycle/index.js';
import { MAX_MONEY_FEN, isMoneyAmount, parseWan, parseYuan, sumWithinCeiling } from '../../src/domain/money.js';
import { DEFAULT_RULES_CONFIG } from '../../src/domain/rules-config.js';
import { basics, closureForm, consultation, consultationResult, ctx, openCommand, refused, step } from './lifecycle/fixtures.js';

const HUGE = Number.MAX_SAFE_INTEGER;

describe('money ceiling', () => {
  it('R0.1 the ceiling is 10亿元 in 分; parsing refuses anything above it', () => {
    expect(MAX_MONEY_FEN).toBe(1_000_000_000 * 100);
    expect(parseYuan('1,000,000,000')).toEqual({ ok: true, fen: MAX_MONEY_FEN });
    expect(parseYuan('1000000000.01')).toEqual({ ok: false, error: { code: 'TOO_LARGE', message: '金额不能超过10亿元' } });
    expect(parseWan('100000.000001')).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
    expect(isMoneyAmount(MAX_MONEY_FEN)).toBe(true);
    expect(isMoneyAmount(MAX_MONEY_FEN + 1)).toBe(false);
  });

  it('R0.1 a sum past the ceiling is null, not a RangeError', () => {
    expect(sumWithinCeiling([MAX_MONEY_FEN - 1, 1])).toBe(MAX_MONEY_FEN);
    expect(sumWithinCeiling([MAX_MONEY_FEN, 1])).toBeNull();
    expect(sumWithinCeiling([HUGE, HUGE])).toBeNull();
  });

  it('R0.1 fund sources at the largest safe integer are field errors naming each line', () => {
    const result = consultationResult(HUGE, 'express', [
      { source: 'special', amountFen: HUGE },
      { source: 'social', amountFen: HUGE },
    ]);
    expect(validateConsultationRecord(consultation(HUGE, { result }))).toEqual([
      { field: 'consultation.result.budgetFen', code: 'OUT_OF_RANGE', message: '项目经费预算金额不能超过10亿元' },
      { field: 'consultation.result.fundSources.0.amountFen', code: 'OUT_OF_RANGE', message: '经费来源金额不能超过10亿元' },
      { field: 'consultation.result.fundSources.1.amountFen', code: 'OUT_OF_RANGE', message: '经费来源金额不能超过10亿元' },
    ]);
  });

  it('R0.1 fund sources each within the ceiling whose total exceeds it are refused on the fund sources', () => {
    const result = consultationResult(MAX_MONEY_FEN, 'express', [
      { source: 'special', amountFen: MAX_MONEY_FEN },
      { source: 'social', amountFen: MAX_MONEY_FEN },
    ]);
    expect(validateConsultationRecord(consultation(MAX_MONEY_FEN, { result }))).toEqual([
      { field: 'consultation.result.fundSources', code: 'OUT_OF_RANGE', message: '各经费来源合计不能超过10亿元' },
    ]);
  });

  it('R0.1 recordConsultation with amounts past the ceiling is a FORM_INVALID refusal naming the fields', () => {
    const opened: ProjectState = step(null, openCommand(), '2026-09-22T03:00:00.000Z');
    const result = consultationResult(HUGE, 'express', [
      { source: 'special', amountFen: HUGE },
      { source: 'social', amountFen: HUGE },
    ]);
    const v = refused(decideProject(opened, { type: 'recordConsultation', consultation: consultation(HUGE, { result }) }, ctx('2026-09-29T03:00:00.000Z')));
    expect(v.code).toBe('FORM_INVALID');
    expect((v.details?.errors ?? []).map((e) => e.field)).toContain('consultation.result.fundSources.1.amountFen');
  });

  it('R0.1 a registration budget past the ceiling is refused on the field', () => {
    expect(validateRegistrationBasics(basics(MAX_MONEY_FEN + 1), DEFAULT_RULES_CONFIG)).toEqual([
      { field: 'basics.budgetFen', code: 'OUT_OF_RANGE', message: '项目预算金额不能超过10亿元' },
    ]);
  });

  it('R0.1 结项表 rows past the ceiling, or adding up past it, are refused on the rows', () => {
    const budget = { special: 3_000_000, collective: 0, social: 0 };
    const over = { ...closureForm('engineering', 3_000_000, { actual: { special: HUGE, collective: HUGE, social: 0 } }), survey: null };
    expect(validateClosureForm(over, { category: 'engineering', path: 'town', budget })).toEqual([
      { field: 'actual.special', code: 'OUT_OF_RANGE', message: '“民生大莞家”专项资金投入（万元）金额不能超过10亿元' },
      { field: 'actual.collective', code: 'OUT_OF_RANGE', message: expect.stringContaining('金额不能超过10亿元') as string },
    ]);
    const sum = { ...closureForm('engineering', 3_000_000, { actual: { special: MAX_MONEY_FEN, collective: MAX_MONEY_FEN, social: 0 } }), survey: null };
    expect(validateClosureForm(sum, { category: 'engineering', path: 'town', budget })).toEqual([
      { field: 'actual', code: 'OUT_OF_RANGE', message: '实际投入合计不能超过10亿元' },
    ]);
  });
});
