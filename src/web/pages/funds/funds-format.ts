/** Money as the funds pages show it: 分 from the API, 元 with two decimals (and 万元 beside it where it helps). */
import { formatWan, formatYuan } from '../../../domain/money.js';

export const SOURCE_LABELS = { special: '专项资金', collective: '集体经济', social: '社会投入' } as const;
export const SOURCES = ['special', 'collective', 'social'] as const;
export type Source = (typeof SOURCES)[number];

/** `12,345.67` (a negative amount with its sign). */
export function yuanText(fen: number | null): string {
  if (fen === null) return '--';
  return fen < 0 ? `-${formatYuan(-fen)}` : formatYuan(fen);
}

/** `1.23万元（12,345.67元）`. */
export function wanYuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${formatWan(abs)}万元（${sign}${formatYuan(abs)}元）`;
}
