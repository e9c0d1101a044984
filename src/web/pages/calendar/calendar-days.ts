/**
 * Reading a year's schedule: which years to offer, the day entries by date, and the entries grouped by holiday
 * (放假 ranges and 调休上班 days) for the list view.
 */
import dayjs from 'dayjs';
import type { CalendarDay, CalendarYearSummary } from '../../api/models.js';

export interface YearOption {
  readonly year: number;
  readonly published: boolean;
}

/** Every entered year, plus the year after the last one (and after the current one), which may not be entered yet. */
export function yearOptions(summaries: readonly CalendarYearSummary[], currentYear: number): YearOption[] {
  const entered = new Set(summaries.map((s) => s.year));
  const years = new Set(entered);
  const last = Math.max(currentYear, ...entered);
  years.add(last + 1);
  years.add(currentYear);
  return [...years].sort((a, b) => b - a).map((year) => ({ year, published: entered.has(year) }));
}

export function dayMap(days: readonly CalendarDay[]): ReadonlyMap<string, CalendarDay> {
  return new Map(days.map((d) => [d.date, d]));
}

export interface HolidayGroup {
  readonly name: string;
  /** Consecutive 放假 dates as `[first, last]`. */
  readonly offRanges: readonly (readonly [string, string])[];
  readonly offDays: number;
  readonly workdays: readonly string[];
}

export function groupByHoliday(days: readonly CalendarDay[]): HolidayGroup[] {
  const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
  const groups = new Map<string, { off: string[]; work: string[]; first: string }>();
  for (const day of sorted) {
    const group = groups.get(day.name) ?? { off: [], work: [], first: day.date };
    (day.kind === 'holiday' ? group.off : group.work).push(day.date);
    groups.set(day.name, group);
  }
  return [...groups]
    .sort(([, a], [, b]) => a.first.localeCompare(b.first))
    .map(([name, g]) => ({ name, offRanges: ranges(g.off), offDays: g.off.length, workdays: g.work }));
}

function ranges(dates: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const date of dates) {
    const last = out[out.length - 1];
    if (last !== undefined && dayjs(last[1]).add(1, 'day').format('YYYY-MM-DD') === date) last[1] = date;
    else out.push([date, date]);
  }
  return out;
}

/** The names the State Council schedule uses, offered while editing. */
export const HOLIDAY_NAMES = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节', '中秋节、国庆节'] as const;
