/**
 * The work calendar (R0.5) as the system uses it: read by every deadline computation, edited by the bureau when the
 * State Council publishes a new year's schedule. The built calendar is cached for a minute per process; an edit
 * clears the local cache at once and reaches other nodes within that minute.
 */
import { buildWorkCalendar, dayOfWeek, isValidLocalDate, yearOf } from '../../../domain/calendar/calendar.js';
import {
  calendarDaysDeadline,
  calendarMonthsDeadline,
  hoursDeadline,
  workingDaysDeadline,
} from '../../../domain/calendar/deadlines.js';
import type { CalendarDay, Deadline, WorkCalendar } from '../../../domain/calendar/types.js';
import type { Transactor } from '../../db/transactor.js';
import { AppError, type FieldError } from '../../errors.js';
import type { AccessGuard } from '../../http/access.js';
import type { RequestContext } from '../../http/context.js';
import type { AuditService } from '../audit/audit.service.js';
import { loadChineseDaysSchedule } from './chinese-days.seed.js';
import {
  countCalendarYears,
  findCalendarYear,
  listCalendarYears,
  loadCalendarData,
  replaceCalendarYear,
  type CalendarYearSummary,
} from './calendar.repository.js';

const CACHE_MS = 60_000;
export const CHINESE_DAYS_SOURCE = '国务院办公厅节假日安排（chinese-days 数据）';

export type DeadlineKind = 'calendarDays' | 'workingDays' | 'calendarMonths' | 'hours';

export class CalendarService {
  private cached: { calendar: WorkCalendar; at: number } | null = null;

  constructor(
    private readonly tx: Transactor,
    private readonly audit: AuditService,
    private readonly access: AccessGuard,
  ) {}

  /** The calendar for deadline arithmetic. */
  async calendar(): Promise<WorkCalendar> {
    const now = Date.now();
    if (this.cached !== null && now - this.cached.at < CACHE_MS) return this.cached.calendar;
    const data = await loadCalendarData(this.tx.reader);
    const calendar = buildWorkCalendar(data.years, data.days);
    this.cached = { calendar, at: now };
    return calendar;
  }

  async listYears(ctx: RequestContext): Promise<CalendarYearSummary[]> {
    await this.access.require(ctx, 'viewCalendar', null);
    return listCalendarYears(this.tx.reader);
  }

  async getYear(ctx: RequestContext, year: number): Promise<{ year: number; published: boolean; source: string | null; updatedAt: string | null; days: CalendarDay[] }> {
    await this.access.require(ctx, 'viewCalendar', null);
    const found = await findCalendarYear(this.tx.reader, year);
    return found === undefined
      ? { year, published: false, source: null, updatedAt: null, days: [] }
      : { year, published: true, source: found.source, updatedAt: found.updatedAt, days: found.days };
  }

  async replaceYear(ctx: RequestContext, year: number, source: string, days: readonly CalendarDay[]): Promise<void> {
    const me = await this.access.require(ctx, 'editCalendar', null);
    const problems = validateYear(year, days);
    if (problems.length > 0) throw new AppError('CALENDAR_INVALID', { fields: problems });
    const before = await findCalendarYear(this.tx.reader, year);
    await this.tx.run(async (trx) => {
      await replaceCalendarYear(trx, year, source, days, ctx.now.toISOString(), me.userId);
      await this.audit.record(trx, ctx, {
        action: 'editCalendar',
        target: { type: 'calendarYear', id: year },
        before: before === undefined ? null : { source: before.source, days: before.days },
        after: { source, days },
      });
    });
    this.cached = null;
  }

  /** A deadline preview, with the provisional warning of a year without a schedule. */
  async deadline(ctx: RequestContext, kind: DeadlineKind, start: Date, amount: number): Promise<Deadline> {
    await this.access.require(ctx, 'viewCalendar', null);
    const cal = await this.calendar();
    switch (kind) {
      case 'calendarDays':
        return calendarDaysDeadline(cal, start, amount);
      case 'workingDays':
        return workingDaysDeadline(cal, start, amount);
      case 'calendarMonths':
        return calendarMonthsDeadline(cal, start, amount);
      case 'hours':
        return hoursDeadline(start, amount);
    }
  }

  /** Loads the published schedules on first start; later years are added by the bureau through the API. */
  async seedIfEmpty(ctx: RequestContext): Promise<number> {
    if ((await countCalendarYears(this.tx.reader)) > 0) return 0;
    const schedule = loadChineseDaysSchedule();
    await this.tx.run(async (trx) => {
      for (const year of schedule.years) {
        const days = schedule.days.filter((d) => yearOf(d.date) === year);
        await replaceCalendarYear(trx, year, CHINESE_DAYS_SOURCE, days, ctx.now.toISOString(), null);
      }
      await this.audit.record(trx, ctx, {
        action: 'editCalendar',
        target: { type: 'calendarYear', id: `${schedule.years[0]}-${schedule.years[schedule.years.length - 1]}` },
        details: { source: CHINESE_DAYS_SOURCE, years: schedule.years.length, days: schedule.days.length },
      });
    });
    this.cached = null;
    return schedule.years.length;
  }
}

/** A year's schedule must be dates of that year, each once; make-up working days fall on weekends. */
export function validateYear(year: number, days: readonly CalendarDay[]): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Set<string>();
  days.forEach((d, i) => {
    const field = `days.${i}.date`;
    if (!isValidLocalDate(d.date)) {
      problems.push({ field, message: `日期“${d.date}”无效` });
      return;
    }
    if (yearOf(d.date) !== year) problems.push({ field, message: `日期 ${d.date} 不属于 ${year} 年` });
    if (seen.has(d.date)) problems.push({ field, message: `日期 ${d.date} 重复` });
    seen.add(d.date);
    const dow = dayOfWeek(d.date);
    if (d.kind === 'workday' && dow !== 0 && dow !== 6) problems.push({ field, message: `调休上班日 ${d.date} 应为周末` });
  });
  return problems;
}
