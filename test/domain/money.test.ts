/** R0.1 money as integer 分: exact parsing of 元 and 万元 strings and the forms' display formats. */
import { describe, expect, it } from 'vitest';
import { formatWan, formatYuan, isFen, parseWan, parseYuan, sumFen, yuan } from '../../src/domain/money.js';

describe('money', () => {
  it('R0.1 parses 元 with thousands separators exactly into 分', () => {
    expect(parseYuan('12,345.67')).toEqual({ ok: true, fen: 1_234_567 });
    expect(parseYuan('50000')).toEqual({ ok: true, fen: 5_000_000 });
    expect(parseYuan(' 0.1 ')).toEqual({ ok: true, fen: 10 });
    expect(parseYuan('１２３．４')).toEqual({ ok: true, fen: 12_340 });
  });

  it('R0.1 parses 万元 with up to 6 decimals without float error', () => {
    expect(parseWan('3.5')).toEqual({ ok: true, fen: 3_500_000 });
    expect(parseWan('0.000001')).toEqual({ ok: true, fen: 1 });
    // 0.1 + 0.2 in floats is 0.30000000000000004; digits are added as integers here.
    expect(parseWan('0.3')).toEqual({ ok: true, fen: 300_000 });
    expect(parseWan('50')).toEqual({ ok: true, fen: 50_000_000 });
  });

  it('R0.1 refuses more decimals than the unit allows, negatives and garbage with typed Chinese errors', () => {
    expect(parseYuan('1.234')).toEqual({ ok: false, error: { code: 'TOO_MANY_DECIMALS', message: '金额以元为单位时最多保留2位小数' } });
    expect(parseWan('1.0000001')).toMatchObject({ ok: false, error: { code: 'TOO_MANY_DECIMALS' } });
    expect(parseYuan('-5')).toMatchObject({ ok: false, error: { code: 'NEGATIVE', message: '金额不能为负数' } });
    expect(parseYuan('')).toMatchObject({ ok: false, error: { code: 'EMPTY' } });
    for (const garbage of ['abc', '1e5', '12,34', '1.', '.5', '1,2345', '+3', '3万']) {
      expect(parseYuan(garbage)).toMatchObject({ ok: false, error: { code: 'INVALID_FORMAT' } });
    }
    expect(parseYuan('99999999999999999999')).toMatchObject({ ok: false, error: { code: 'TOO_LARGE' } });
  });

  it('R0.1 formats 万元 trimming zeros and 元 with two decimals', () => {
    expect(formatWan(3_500_000)).toBe('3.5');
    expect(formatWan(50_000_000)).toBe('50');
    expect(formatWan(1)).toBe('0.000001');
    expect(formatWan(0)).toBe('0');
    expect(formatYuan(1_234_567)).toBe('12,345.67');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(100_000_000_00)).toBe('100,000,000.00');
  });

  it('R0.1 round-trips every parsed amount through its display format', () => {
    for (const text of ['3.5', '0.000001', '12.345678', '500']) {
      const parsed = parseWan(text);
      expect(parsed.ok && formatWan(parsed.fen)).toBe(text);
    }
  });

  it('R0.1 keeps sums exact and refuses non-integer amounts', () => {
    expect(sumFen([10, 20, 30])).toBe(60);
    expect(() => sumFen([0.5])).toThrow(RangeError);
    expect(isFen(1)).toBe(true);
    expect(isFen(1.5)).toBe(false);
    expect(isFen(-1)).toBe(false);
    expect(yuan(50_000)).toBe(5_000_000);
  });
});
