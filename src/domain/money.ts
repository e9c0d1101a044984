/**
 * Money (R0.1): amounts are integer 分 (fen), never floats.
 * Owns: the `Fen` type, exact parsing of 元 and 万元 decimal strings, and the 元 / 万元 display formats.
 * Parsing works on the digits of the string (BigInt), so "0.1 + 0.2" style float errors cannot happen.
 */

/** An amount in 分: a non-negative safe integer. 1 元 = 100 分; 1 万元 = 1,000,000 分. */
export type Fen = number;

export const FEN_PER_YUAN = 100;
export const FEN_PER_WAN = 1_000_000;

/**
 * R0.1 the largest amount the system records: 10亿元 (100,000,000,000 分). A 民生微实事 project is capped at 50万元
 * (engineering) or 20万元 (service), over-cap projects are rare exceptions, and a whole city's annual allocation
 * stays far below this; so any larger figure is a typing error. Every accepted amount, and every sum of amounts a
 * form compares (fund sources, 结项表 rows), must lie within it; sums of a few such amounts stay exact far below
 * 2^53 分.
 */
export const MAX_MONEY_FEN: Fen = 100_000_000_000;
/** `MAX_MONEY_FEN` as the messages say it. */
export const MAX_MONEY_LABEL = '10亿元';

export type MoneyErrorCode = 'EMPTY' | 'INVALID_FORMAT' | 'NEGATIVE' | 'TOO_MANY_DECIMALS' | 'TOO_LARGE';

export interface MoneyError {
  readonly code: MoneyErrorCode;
  /** Chinese, shown to users as is. */
  readonly message: string;
}

export type MoneyResult = { readonly ok: true; readonly fen: Fen } | { readonly ok: false; readonly error: MoneyError };

export function isFen(value: unknown): value is Fen {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** R0.1 an amount the system accepts: in 分 and at most `MAX_MONEY_FEN`. */
export function isMoneyAmount(value: unknown): value is Fen {
  return isFen(value) && value <= MAX_MONEY_FEN;
}

/** R0.1 the sum of accepted amounts, or null when the sum exceeds `MAX_MONEY_FEN` (or an addend is not an amount). */
export function sumWithinCeiling(amounts: Iterable<Fen>): Fen | null {
  let total = 0;
  for (const amount of amounts) {
    if (!isMoneyAmount(amount)) return null;
    total += amount;
    if (total > MAX_MONEY_FEN) return null;
  }
  return total;
}

/** Plain digits, or digits grouped by commas in threes ("12,345"), then an optional fraction. */
const AMOUNT_PATTERN = /^(\d+|\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;

interface UnitSpec {
  readonly unitLabel: string;
  readonly decimals: number;
  readonly fenPerUnit: bigint;
}

const YUAN: UnitSpec = { unitLabel: '元', decimals: 2, fenPerUnit: 100n };
const WAN: UnitSpec = { unitLabel: '万元', decimals: 6, fenPerUnit: 1_000_000n };

function fail(code: MoneyErrorCode, message: string): MoneyResult {
  return { ok: false, error: { code, message } };
}

function parseAmount(input: string, unit: UnitSpec): MoneyResult {
  // Full-width digits and separators are common when typed with a Chinese input method.
  const text = input
    .trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/，/g, ',')
    .replace(/．/g, '.');
  if (text === '') return fail('EMPTY', '请填写金额');
  if (text.startsWith('-') || text.startsWith('－')) return fail('NEGATIVE', '金额不能为负数');
  const match = AMOUNT_PATTERN.exec(text);
  if (match === null) return fail('INVALID_FORMAT', `金额格式不正确，请填写数字（单位：${unit.unitLabel}）`);
  const whole = (match[1] ?? '0').replace(/,/g, '');
  const fraction = match[2] ?? '';
  if (fraction.length > unit.decimals) {
    return fail('TOO_MANY_DECIMALS', `金额以${unit.unitLabel}为单位时最多保留${unit.decimals}位小数`);
  }
  const fen = BigInt(whole) * unit.fenPerUnit + BigInt(fraction.padEnd(unit.decimals, '0') || '0');
  if (fen > BigInt(MAX_MONEY_FEN)) return fail('TOO_LARGE', `金额不能超过${MAX_MONEY_LABEL}`);
  return { ok: true, fen: Number(fen) };
}

/** R0.1: "12,345.67" 元 → 1234567 分. At most 2 decimals; no sign; commas only as thousands separators. */
export function parseYuan(input: string): MoneyResult {
  return parseAmount(input, YUAN);
}

/** R0.1: "3.5" 万元 → 3500000 分. At most 6 decimals (6 decimals of 万元 is exactly 1 分). */
export function parseWan(input: string): MoneyResult {
  return parseAmount(input, WAN);
}

function assertFen(fen: Fen): void {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not an amount in fen: ${fen}`);
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** R0.1: the forms' 万元 display, trailing zeros trimmed: 3500000 → "3.5", 50000000 → "50", 1 → "0.000001". */
export function formatWan(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / FEN_PER_WAN);
  const fraction = String(abs % FEN_PER_WAN)
    .padStart(6, '0')
    .replace(/0+$/, '');
  return `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}

/** R0.1: 元 with thousands separators and always two decimals: 1234567 → "12,345.67". */
export function formatYuan(fen: Fen): string {
  assertFen(fen);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / FEN_PER_YUAN);
  const cents = String(abs % FEN_PER_YUAN).padStart(2, '0');
  return `${sign}${groupThousands(String(whole))}.${cents}`;
}

/** Whole 元 to 分, for configuration constants (`yuan(50_000)`). */
export function yuan(amount: number): Fen {
  const fen = amount * FEN_PER_YUAN;
  if (!Number.isSafeInteger(amount) || !Number.isSafeInteger(fen)) throw new RangeError(`not a whole yuan amount: ${amount}`);
  return fen;
}

/** Sum of amounts; throws rather than silently losing precision past 2^53 分. */
export function sumFen(amounts: Iterable<Fen>): Fen {
  let total = 0;
  for (const amount of amounts) {
    assertFen(amount);
    total += amount;
    if (!Number.isSafeInteger(total)) throw new RangeError('sum of amounts exceeds the safe range');
  }
  return total;
}
