/**
 * Deadline arithmetic for every time limit of the guide (R0.4, R0.5, R0.6), evaluated in Asia/Shanghai (R0.2).
 * Owns: "N日内", "一个月内", "N个工作日", "24小时", and how many working days are left before a due instant.
 * Pure: the calendar and the instants come from the caller.
 */
import {
  addLocalDays,
  addLocalMonths,
  hasSchedule,
  isWorkingDay,
  startOfLocalDay,
  toLocalDate,
  yearOf,
} from './calendar.js';
import type { CalendarWarning, Deadline, LocalDate, WorkCalendar } from './types.js';

const HOUR_MS = 3_600_000;

function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer: ${n}`);
}

function assertInstant(instant: Date, what: string): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) throw new RangeError(`${what} is not a valid instant`);
}

/** The text shown to users for a year without a published schedule (R0.5). */
export function calendarYearMissingMessage(year: number): string {
  return `暂无${year}年节假日安排，期限为临时计算`;
}

/**
 * R0.5: a date in a year with no schedule is an explicit warning, never a silent guess.
 * One warning per year between the two civil dates (inclusive) that has no schedule.
 */
export function missingYearWarnings(cal: WorkCalendar, from: LocalDate, to: LocalDate): CalendarWarning[] {
  const warnings: CalendarWarning[] = [];
  const first = Math.min(yearOf(from), yearOf(to));
  const last = Math.max(yearOf(from), yearOf(to));
  for (let year = first; year <= last; year++) {
    if (!hasSchedule(cal, year)) {
      warnings.push({ code: 'CALENDAR_YEAR_MISSING', year, message: calendarYearMissingMessage(year) });
    }
  }
  return warnings;
}

/** "24:00 of the last day" is 00:00 of the next civil day in Asia/Shanghai. */
function endOfDayDeadline(cal: WorkCalendar, startDate: LocalDate, lastDay: LocalDate): Deadline {
  const warnings = missingYearWarnings(cal, startDate, lastDay);
  return {
    due: startOfLocalDay(addLocalDays(lastDay, 1)),
    dueDate: lastDay,
    provisional: warnings.length > 0,
    warnings,
  };
}

/** R0.4 [reading]: a last day that is a weekend or a statutory holiday moves to the next working day (民法典 第203条). */
function onOrAfterWorkingDay(cal: WorkCalendar, date: LocalDate): LocalDate {
  let day = date;
  while (!isWorkingDay(cal, day)) day = addLocalDays(day, 1);
  return day;
}

/** R0.4 "N日内": due at 24:00 of (start's civil date + N), moved to the end of the next working day if needed. */
export function calendarDaysDeadline(cal: WorkCalendar, start: Date, days: number): Deadline {
  assertInstant(start, 'start');
  assertCount(days, 'days');
  const startDate = toLocalDate(start);
  return endOfDayDeadline(cal, startDate, onOrAfterWorkingDay(cal, addLocalDays(startDate, days)));
}

/**
 * R5.4 "一个月内": the last day is the same day of the month N months later (clamped to that month's end),
 * then moved like any calendar-day limit (R0.4).
 */
export function calendarMonthsDeadline(cal: WorkCalendar, start: Date, months: number): Deadline {
  assertInstant(start, 'start');
  assertCount(months, 'months');
  const startDate = toLocalDate(start);
  return endOfDayDeadline(cal, startDate, onOrAfterWorkingDay(cal, addLocalMonths(startDate, months)));
}

/**
 * R0.5 "N个工作日": the start day never counts; the Nth working day after it (调休 weekend days count,
 * statutory holidays do not) is the last day, due at its 24:00. N = 0 means the end of the start day.
 */
export function workingDaysDeadline(cal: WorkCalendar, start: Date, days: number): Deadline {
  assertInstant(start, 'start');
  assertCount(days, 'days');
  const startDate = toLocalDate(start);
  let day = startDate;
  for (let counted = 0; counted < days; ) {
    day = addLocalDays(day, 1);
    if (isWorkingDay(cal, day)) counted++;
  }
  return endOfDayDeadline(cal, startDate, day);
}

/** R0.6 "24小时": clock time, never moved to a working day and independent of any holiday schedule. */
export function hoursDeadline(start: Date, hours: number): Deadline {
  assertInstant(start, 'start');
  assertCount(hours, 'hours');
  const due = new Date(start.getTime() + hours * HOUR_MS);
  // The last civil day is the one holding the last moment before the due instant.
  return { due, dueDate: toLocalDate(new Date(due.getTime() - 1)), provisional: false, warnings: [] };
}

/** Working days d with from < d ≤ to (civil dates, from ≤ to). */
function workingDaysBetween(cal: WorkCalendar, from: LocalDate, to: LocalDate): number {
  let count = 0;
  for (let day = addLocalDays(from, 1); day <= to; day = addLocalDays(day, 1)) {
    if (isWorkingDay(cal, day)) count++;
  }
  return count;
}

/**
 * Whole working days left (R0.5 counting) from now's civil date, exclusive, to the due's last day, inclusive:
 * 0 on the last day, 1 on the working day before it — the 即将超期 (dueSoon) threshold is ≤ 1.
 * Once the due instant has passed the result is negative: minus the working days elapsed since the last day,
 * and at least −1, so a step missed on Friday reads overdue on Saturday already.
 */
export function workingDaysLeft(cal: WorkCalendar, now: Date, due: Date): number {
  assertInstant(now, 'now');
  assertInstant(due, 'due');
  const today = toLocalDate(now);
  const lastDay = toLocalDate(new Date(due.getTime() - 1));
  if (now.getTime() >= due.getTime()) {
    // An hour-based due can pass during its own last day: overdue, though no working day has gone by yet.
    return -Math.max(1, today > lastDay ? workingDaysBetween(cal, lastDay, today) : 0);
  }
  return workingDaysBetween(cal, today, lastDay);
}
