/**
 * The work calendar (R0.5) and the civil-date functions every rule relies on (R0.2).
 * Owns: building a WorkCalendar from loaded data, "is this a working day", and Asia/Shanghai date arithmetic.
 * Pure: no I/O, no clock; the calendar data comes from the caller.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import type { CalendarDay, LocalDate, WorkCalendar } from './types.js';

dayjs.extend(utc);
dayjs.extend(timezone);

/** R0.2: every rule is evaluated in this zone, whatever the server's own zone is. */
export const RULE_TIME_ZONE = 'Asia/Shanghai';

const LOCAL_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_DATE_FORMAT = 'YYYY-MM-DD';

const DAY_MS = 86_400_000;

/**
 * A civil date as the UTC midnight of the same calendar day, or NaN when not a real date.
 * Civil-date arithmetic is done on this number alone, so it can never be shifted by the zone of the machine
 * or by an offset change; it is also what deadline loops run on, hence plain integer maths here.
 */
function civilDayMs(s: string): number {
  if (!LOCAL_DATE_PATTERN.test(s)) return Number.NaN;
  const year = Number(s.slice(0, 4));
  const month = Number(s.slice(5, 7));
  const day = Number(s.slice(8, 10));
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  // 02-30 rolls over to 03-02: a real date survives the round trip unchanged.
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return Number.NaN;
  return d.getTime();
}

function formatCivilDay(ms: number): LocalDate {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError('date outside years 0000–9999');
  return `${String(year).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** Strict `YYYY-MM-DD` naming a real day (no 2026-02-30, no 2026-2-3). */
export function isValidLocalDate(s: string): boolean {
  return !Number.isNaN(civilDayMs(s));
}

/** Malformed dates are programming errors: they never come from users unvalidated. */
export function assertLocalDate(date: LocalDate): void {
  if (!isValidLocalDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(date)}`);
}

function assertInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new RangeError('not a valid instant');
  }
}

/**
 * One formatter for the rule zone, built once: dayjs's `.tz()` builds a new locale string per call (about 100 µs),
 * too slow for lists and deadline sweeps over thousands of steps; the platform's zone data gives the same answer
 * in a few µs (the tests cross-check it against dayjs).
 */
const RULE_ZONE_DATE = new Intl.DateTimeFormat('en-US', {
  timeZone: RULE_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * China has kept UTC+8 without summer time since 1992 (summer time ran 1986–1991): from then on the civil date is
 * plain arithmetic, which deadline views compute many times per request. Earlier instants ask the zone data.
 */
const FIXED_OFFSET_SINCE = Date.UTC(1991, 11, 31, 16); // 1992-01-01 00:00 in Asia/Shanghai
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** R0.2: the Asia/Shanghai civil date on which an instant falls. */
export function toLocalDate(instant: Date): LocalDate {
  assertInstant(instant);
  const t = instant.getTime();
  if (t >= FIXED_OFFSET_SINCE && t < Date.UTC(9999, 11, 31, 16)) {
    return formatCivilDay(Math.floor((t + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS);
  }
  let year = '';
  let month = '';
  let day = '';
  for (const part of RULE_ZONE_DATE.formatToParts(instant)) {
    if (part.type === 'year') year = part.value;
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  const date = `${year.padStart(4, '0')}-${month}-${day}`;
  if (!isValidLocalDate(date)) throw new RangeError('instant outside years 0000–9999');
  return date;
}

/** R0.2: 00:00 of a civil date in Asia/Shanghai, as a UTC instant. "24:00 of D" is startOfLocalDay(D + 1). */
export function startOfLocalDay(date: LocalDate): Date {
  assertLocalDate(date);
  return dayjs.tz(`${date} 00:00:00`, RULE_TIME_ZONE).toDate();
}

export function addLocalDays(date: LocalDate, n: number): LocalDate {
  assertLocalDate(date);
  if (!Number.isInteger(n)) throw new RangeError(`day count must be an integer: ${n}`);
  return formatCivilDay(civilDayMs(date) + n * DAY_MS);
}

/** Same day-of-month n months later, clamped to the month's end (01-31 + 1 month = 02-28 or 02-29). */
export function addLocalMonths(date: LocalDate, n: number): LocalDate {
  assertLocalDate(date);
  if (!Number.isInteger(n)) throw new RangeError(`month count must be an integer: ${n}`);
  return dayjs.utc(date).add(n, 'month').format(LOCAL_DATE_FORMAT);
}

export function yearOf(date: LocalDate): number {
  assertLocalDate(date);
  return Number(date.slice(0, 4));
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  assertLocalDate(date);
  return new Date(civilDayMs(date)).getUTCDay();
}

/**
 * R0.5: the calendar is data. A year is used whole or not at all: entries of a year that is not listed in `years`
 * are left out, so a half-entered schedule never mixes with plain weekdays and the year stays visibly provisional.
 */
export function buildWorkCalendar(years: Iterable<number>, days: Iterable<CalendarDay>): WorkCalendar {
  const yearSet = new Set<number>();
  for (const year of years) {
    if (!Number.isInteger(year) || year < 1 || year > 9999) throw new RangeError(`not a calendar year: ${year}`);
    yearSet.add(year);
  }
  const dayMap = new Map<LocalDate, CalendarDay>();
  for (const day of days) {
    assertLocalDate(day.date);
    if (day.kind !== 'holiday' && day.kind !== 'workday') {
      throw new RangeError(`unknown calendar day kind for ${day.date}: ${String(day.kind)}`);
    }
    if (!yearSet.has(yearOf(day.date))) continue;
    const previous = dayMap.get(day.date);
    // A date cannot be both a day off and a make-up working day; such data must be fixed, not guessed.
    if (previous !== undefined && previous.kind !== day.kind) {
      throw new RangeError(`${day.date} is listed both as holiday and as workday`);
    }
    if (previous === undefined) dayMap.set(day.date, Object.freeze({ ...day }));
  }
  return Object.freeze({ years: yearSet, days: dayMap });
}

/** R0.5: whether the State Council schedule of this year is loaded. */
export function hasSchedule(cal: WorkCalendar, year: number): boolean {
  return cal.years.has(year);
}

/**
 * R0.5: a statutory holiday is never a working day; a make-up weekend day (调休) is one;
 * otherwise Monday to Friday work and the weekend does not.
 */
export function isWorkingDay(cal: WorkCalendar, date: LocalDate): boolean {
  assertLocalDate(date);
  const entry = cal.days.get(date);
  if (entry !== undefined) return entry.kind === 'workday';
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6;
}
