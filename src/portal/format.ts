/**
 * Dates and periods as a resident reads them: calendar dates in 东莞 time (Asia/Shanghai), times to the minute, the
 * publicity window with its days left, and masking of a phone number typed on the page before it is echoed.
 */
const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

function shanghaiParts(iso: string): { y: number; m: number; d: number; hh: number; mm: number } | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const s = new Date(t + SHANGHAI_OFFSET_MS);
  return { y: s.getUTCFullYear(), m: s.getUTCMonth() + 1, d: s.getUTCDate(), hh: s.getUTCHours(), mm: s.getUTCMinutes() };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026年11月20日` (a date or an instant; an instant is read in 东莞 time). */
export function formatDate(value: string): string {
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (dateOnly !== null) return `${Number(dateOnly[1])}年${Number(dateOnly[2])}月${Number(dateOnly[3])}日`;
  const p = shanghaiParts(value);
  return p === null ? value : `${p.y}年${p.m}月${p.d}日`;
}

/** `2026年11月20日 14:05`. */
export function formatDateTime(iso: string): string {
  const p = shanghaiParts(iso);
  return p === null ? iso : `${p.y}年${p.m}月${p.d}日 ${pad(p.hh)}:${pad(p.mm)}`;
}

/** The last day of a window ending (exclusive) at `endsAt`, as a date. */
export function lastDayOf(endsAt: string): string {
  const t = Date.parse(endsAt);
  return Number.isNaN(t) ? endsAt : formatDate(new Date(t - 1).toISOString());
}

/** Whole days left until `endsAt` (counting a started day as one), 0 once it has passed. */
export function daysLeft(endsAt: string, now: Date): number {
  const t = Date.parse(endsAt);
  if (Number.isNaN(t)) return 0;
  return Math.max(0, Math.ceil((t - now.getTime()) / DAY_MS));
}

/** `公示期：2026年11月20日 至 2026年11月25日`. */
export function publicityWindow(p: { readonly startedAt: string; readonly endsAt: string }): string {
  return `${formatDate(p.startedAt)} 至 ${lastDayOf(p.endsAt)}`;
}

/** `138****1234`: a phone number as the portal may echo it. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length < 7 ? '****' : `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** A mainland mobile number (11 digits starting 1[3-9]) after spaces and dashes are removed, or null. */
export function normalizeMobile(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}
