/**
 * How 工作台's to-do list words a deadline and where a row leads: the countdown in plain calendar days
 * (「还剩 2 天」「今天到期」「已逾期 3 天」, hours (minutes) when less than a day (an hour) is left or the step passed today), counted from the
 * step's last day in Beijing time; the standing tag (即将到期 / 已逾期) as the server judged it in working days (R7.2);
 * and the page of the case.
 */
import type { CaseKind } from '../cases/case-format.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Beijing time has no daylight saving: a civil date is the UTC date of the instant eight hours later. */
const SHANGHAI_OFFSET = 8 * HOUR;

export interface TodoDeadlineLike {
  readonly due: string;
  /** The last civil day on which the step may be done (YYYY-MM-DD). */
  readonly dueDate: string;
  readonly dueSoon: boolean;
  readonly overdue: boolean;
}

function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + SHANGHAI_OFFSET).toISOString().slice(0, 10);
}

/** Whole days from civil date `from` to `to`. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

export function countdownText(deadline: Pick<TodoDeadlineLike, 'due' | 'dueDate'>, now: Date): string {
  const left = Date.parse(deadline.due) - now.getTime();
  const today = shanghaiDate(now);
  if (left <= 0) {
    const late = daysBetween(deadline.dueDate, today);
    return late >= 1 ? `已逾期 ${late} 天` : `已逾期 ${Math.max(1, Math.floor(-left / HOUR))} 小时`;
  }
  if (left < HOUR) return `还剩 ${Math.max(1, Math.floor(left / MINUTE))} 分钟`;
  if (left < DAY) return `还剩 ${Math.floor(left / HOUR)} 小时`;
  const days = daysBetween(today, deadline.dueDate);
  return days <= 0 ? '今天到期' : `还剩 ${days} 天`;
}

export type Standing = { readonly label: '已逾期'; readonly color: 'red' } | { readonly label: '即将到期'; readonly color: 'warning' };

export function standingOf(deadline: Pick<TodoDeadlineLike, 'dueSoon' | 'overdue'> | null): Standing | null {
  if (deadline === null) return null;
  if (deadline.overdue) return { label: '已逾期', color: 'red' };
  if (deadline.dueSoon) return { label: '即将到期', color: 'warning' };
  return null;
}

/** The case's own page. */
export function casePath(kind: CaseKind, id: number): string {
  return `${kind === 'demand' ? '/demands' : '/projects'}/${id}`;
}
