/**
 * How the reviewer's pages show amounts, periods and the R4.1 review deadline.
 */
import { FEN_PER_WAN, formatWan } from '../../../domain/money.js';
import { NONE, weekdayOf } from '../../format.js';
import type { CaseDeadline } from '../../api/models.js';

/** 万元 as the forms print it, e.g. 「12 万元」; amounts under 1万 also in 元. */
export function wan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return NONE;
  const yuan = (fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 });
  return fen < FEN_PER_WAN ? `${formatWan(fen)} 万元（${yuan} 元）` : `${formatWan(fen)} 万元`;
}

export function period(p: { readonly start: string; readonly end: string } | null | undefined): string {
  return p === null || p === undefined ? NONE : `${p.start} 至 ${p.end}`;
}

/** The last day to answer, as staff count it: 「2026-10-13（星期二）」. */
export function lastDay(deadline: CaseDeadline): string {
  return `${deadline.dueDate}（${weekdayOf(deadline.dueDate)}）`;
}

/** The deadline's state as a tag: colour and words. */
export function deadlineTag(deadline: CaseDeadline): { readonly color: string; readonly text: string } | null {
  if (deadline.status === 'overdue') return { color: 'red', text: '已逾期' };
  if (deadline.status === 'dueSoon') return { color: 'warning', text: '即将到期' };
  return null;
}
