/**
 * A case's next deadline and how long is left, in the words a clerk reads at a glance: 「还剩 2 天 3 小时」,
 * 「还剩 45 分钟」, 「已逾期 1 天 2 小时」. Deadlines themselves are computed by the server in working days (R0.3);
 * this only tells the distance from now to the instant it answered.
 */
import type { CaseDeadline } from '../../api/models.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const OPEN: ReadonlySet<string> = new Set(['open', 'dueSoon', 'overdue']);

/** The open step due first, if any. */
export function nextDeadline(deadlines: readonly CaseDeadline[]): CaseDeadline | undefined {
  return deadlines.filter((d) => OPEN.has(d.status)).sort((a, b) => Date.parse(a.due) - Date.parse(b.due))[0];
}

function span(ms: number): string {
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  if (days > 0) return hours > 0 ? `${days} 天 ${hours} 小时` : `${days} 天`;
  if (hours > 0) return `${hours} 小时`;
  return `${Math.max(1, Math.ceil(ms / MINUTE))} 分钟`;
}

/** 「还剩 …」 before `due`, 「已逾期 …」 after it. */
export function countdown(due: string, now: Date): { readonly text: string; readonly overdue: boolean } {
  const left = Date.parse(due) - now.getTime();
  return left > 0 ? { text: `还剩 ${span(left)}`, overdue: false } : { text: `已逾期 ${span(-left)}`, overdue: true };
}
