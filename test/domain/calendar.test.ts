/**
 * Tests of the work calendar and deadline arithmetic (R0.2, R0.4, R0.5, R0.6, R5.4),
 * on the real State Council schedules shipped by chinese-days.
 */
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { describe, expect, it } from 'vitest';
import {
  addLocalDays,
  buildWorkCalendar,
  calendarDaysDeadline,
  calendarMonthsDeadline,
  hasSchedule,
  hoursDeadline,
  isValidLocalDate,
  isWorkingDay,
  startOfLocalDay,
  toLocalDate,
  workingDaysDeadline,
  workingDaysLeft,
  yearOf,
  type CalendarDay,
  type Deadline,
} from '../../src/domain/calendar/index.js';
import { loadChineseDaysSchedule } from '../../src/server/features/calendar/chinese-days.seed.js';

dayjs.extend(utc);
dayjs.extend(timezone);

const schedule = loadChineseDaysSchedule();
const cal = buildWorkCalendar(schedule.years, schedule.days);

/** An instant written in Shanghai wall-clock time. */
const sh = (wallClock: string): Date => new Date(`${wallClock}+08:00`);

function plain(deadline: Deadline): { due: string; dueDate: string; provisional: boolean; years: number[] } {
  return {
    due: deadline.due.toISOString(),
    dueDate: deadline.dueDate,
    provisional: deadline.provisional,
    years: deadline.warnings.map((w) => w.year),
  };
}

describe('R0.5 seed data from chinese-days', () => {
  it('R0.5 the seed covers every published year 2004–2026 and nothing after', () => {
    expect(schedule.years[0]).toBe(2004);
    expect(schedule.years.at(-1)).toBe(2026);
    expect(schedule.years).toHaveLength(23);
    expect(hasSchedule(cal, 2004)).toBe(true);
    expect(hasSchedule(cal, 2026)).toBe(true);
    expect(hasSchedule(cal, 2027)).toBe(false);
    expect(schedule.days.some((d) => d.date.startsWith('2027-'))).toBe(false);
  });

  it('R0.5 2026-10-10 is a make-up working Saturday and 2026-10-01 is National Day', () => {
    expect(cal.days.get('2026-10-10')).toEqual({ date: '2026-10-10', kind: 'workday', name: '国庆节' });
    expect(cal.days.get('2026-10-01')).toEqual({ date: '2026-10-01', kind: 'holiday', name: '国庆节' });
    expect(isWorkingDay(cal, '2026-10-10')).toBe(true);
    expect(isWorkingDay(cal, '2026-10-01')).toBe(false);
  });

  it('R0.5 Spring Festival 2026 is 02-15 to 02-23 off, with 02-14 and 02-28 worked', () => {
    const springFestival = schedule.days.filter((d) => d.date.startsWith('2026-02'));
    expect(springFestival.filter((d) => d.kind === 'holiday').map((d) => d.date)).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
    expect(springFestival.filter((d) => d.kind === 'workday').map((d) => d.date)).toEqual(['2026-02-14', '2026-02-28']);
    expect(new Set(springFestival.map((d) => d.name))).toEqual(new Set(['春节']));
  });

  it('R0.5 names are in Chinese as in the State Council notices', () => {
    expect(cal.days.get('2026-04-05')?.name).toBe('清明节');
    expect(cal.days.get('2026-06-19')?.name).toBe('端午节');
    expect(cal.days.get('2026-09-25')?.name).toBe('中秋节');
    expect(cal.days.get('2026-01-01')?.name).toBe('元旦');
    expect(cal.days.get('2026-05-01')?.name).toBe('劳动节');
    expect(cal.days.get('2015-09-03')?.name).toBe('中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日');
  });

  it('R0.5 every make-up working day of the seed falls on a weekend', () => {
    const workdays = schedule.days.filter((d) => d.kind === 'workday');
    expect(workdays.length).toBeGreaterThan(100);
    for (const d of workdays) expect([0, 6]).toContain(new Date(`${d.date}T00:00:00Z`).getUTCDay());
  });
});

describe('R0.5 work calendar', () => {
  it('R0.5 without an entry Monday–Friday work and the weekend does not', () => {
    expect(isWorkingDay(cal, '2026-03-13')).toBe(true); // Friday
    expect(isWorkingDay(cal, '2026-03-14')).toBe(false); // Saturday
    expect(isWorkingDay(cal, '2026-03-15')).toBe(false); // Sunday
    expect(isWorkingDay(cal, '2026-03-16')).toBe(true); // Monday
  });

  it('R0.5 entries of a year not listed as loaded are ignored, so that year stays plain and provisional', () => {
    const draft: CalendarDay[] = [
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
    ];
    const partial = buildWorkCalendar([2026], draft);
    expect([...partial.days.keys()]).toEqual(['2026-10-01']);
    expect(isWorkingDay(partial, '2027-01-01')).toBe(true);
  });

  it('R0.5 a date listed both as holiday and as workday is refused', () => {
    expect(() =>
      buildWorkCalendar(
        [2026],
        [
          { date: '2026-10-10', kind: 'workday', name: '国庆节' },
          { date: '2026-10-10', kind: 'holiday', name: '国庆节' },
        ],
      ),
    ).toThrow(RangeError);
    expect(() => buildWorkCalendar([2026], [{ date: '2026-13-01', kind: 'holiday', name: 'x' }])).toThrow(RangeError);
  });

  it('R0.2 strict local dates', () => {
    expect(isValidLocalDate('2024-02-29')).toBe(true);
    expect(isValidLocalDate('2026-02-29')).toBe(false);
    expect(isValidLocalDate('2026-02-30')).toBe(false);
    expect(isValidLocalDate('2026-2-3')).toBe(false);
    expect(isValidLocalDate('2026-10-10T00:00')).toBe(false);
    expect(isValidLocalDate('')).toBe(false);
    expect(yearOf('2027-01-04')).toBe(2027);
    expect(addLocalDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addLocalDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(() => isWorkingDay(cal, '2026/10/10')).toThrow(RangeError);
  });
});

describe('R0.2 local dates in Asia/Shanghai', () => {
  it('R0.2 2026-09-28T16:30Z is 2026-09-29 00:30 in Shanghai and belongs to 2026-09-29', () => {
    expect(toLocalDate(new Date('2026-09-28T16:30:00Z'))).toBe('2026-09-29');
    expect(toLocalDate(new Date('2026-09-28T15:59:59.999Z'))).toBe('2026-09-28');
    expect(toLocalDate(new Date('2026-09-28T16:00:00.000Z'))).toBe('2026-09-29');
  });

  it('R0.2 the Shanghai date of an instant agrees with dayjs Asia/Shanghai at every local midnight of 2026–2027', () => {
    let checked = 0;
    for (let day = '2026-01-01'; day < '2028-01-01'; day = addLocalDays(day, 1)) {
      const midnight = startOfLocalDay(day);
      for (const instant of [new Date(midnight.getTime() - 1), midnight]) {
        expect(toLocalDate(instant)).toBe(dayjs(instant).tz('Asia/Shanghai').format('YYYY-MM-DD'));
        checked++;
      }
      expect(toLocalDate(midnight)).toBe(day);
    }
    expect(checked).toBe(2 * 730);
  });

  it('R0.2 the Shanghai date agrees with the zone data through the summer-time years 1986–1991 and after them', () => {
    let checked = 0;
    for (let t = Date.UTC(1985, 11, 1); t < Date.UTC(1993, 1, 1); t += 86_400_000) {
      // 15:30 UTC is 23:30 in standard time but 00:30 the next day in summer time.
      for (const instant of [new Date(t + 15.5 * 3_600_000), new Date(t + 16.5 * 3_600_000)]) {
        expect(toLocalDate(instant)).toBe(dayjs(instant).tz('Asia/Shanghai').format('YYYY-MM-DD'));
        checked++;
      }
    }
    expect(toLocalDate(new Date('1991-07-01T15:30:00Z'))).toBe('1991-07-02');
    expect(toLocalDate(new Date('1992-07-01T15:30:00Z'))).toBe('1992-07-01');
    expect(checked).toBeGreaterThan(5000);
  });

  it('R0.2 00:00 of a Shanghai day is 16:00 UTC of the day before', () => {
    expect(startOfLocalDay('2026-10-10').toISOString()).toBe('2026-10-09T16:00:00.000Z');
    expect(startOfLocalDay('2027-01-01').toISOString()).toBe('2026-12-31T16:00:00.000Z');
  });

  it('R0.2 a working-day count started at 00:30 Shanghai (16:30Z the day before) starts from the Shanghai date', () => {
    // From 2026-09-29 (Tue): 09-30 (1), National Day 10-01..07 off, 10-08 (2), 10-09 (3), 10-10 make-up Sat (4), 10-12 (5).
    expect(plain(workingDaysDeadline(cal, new Date('2026-09-28T16:30:00Z'), 5))).toEqual({
      due: '2026-10-12T16:00:00.000Z',
      dueDate: '2026-10-12',
      provisional: false,
      years: [],
    });
    // One millisecond before local midnight it is still 2026-09-28, and the count ends on the make-up Saturday.
    expect(workingDaysDeadline(cal, new Date('2026-09-28T15:59:59.999Z'), 5).dueDate).toBe('2026-10-10');
  });
});

describe('R0.5 working-day deadlines', () => {
  it('R0.5 5 working days after 2026-09-28 is 2026-10-10, a make-up Saturday', () => {
    // 09-29 (1), 09-30 (2), National Day 10-01..07 off, 10-08 (3), 10-09 (4), 10-10 调休 Saturday (5).
    expect(plain(workingDaysDeadline(cal, sh('2026-09-28T09:15:00'), 5))).toEqual({
      due: '2026-10-10T16:00:00.000Z',
      dueDate: '2026-10-10',
      provisional: false,
      years: [],
    });
  });

  it('R0.5 5 working days after 2026-02-12 across Spring Festival 2026 is 2026-02-26', () => {
    // 02-13 Fri (1), 02-14 调休 Sat (2), Spring Festival 02-15..23 off, 02-24 (3), 02-25 (4), 02-26 (5).
    expect(plain(workingDaysDeadline(cal, sh('2026-02-12T17:45:00'), 5))).toEqual({
      due: '2026-02-26T16:00:00.000Z',
      dueDate: '2026-02-26',
      provisional: false,
      years: [],
    });
  });

  it('R0.5 the start day does not count, even when submitted at 00:01 on a working day', () => {
    // Mon 2026-03-16 00:01: 1 working day → Tue 2026-03-17 24:00.
    expect(workingDaysDeadline(cal, sh('2026-03-16T00:01:00'), 1).due.toISOString()).toBe('2026-03-17T16:00:00.000Z');
    // Submitted on a Saturday: counting starts Monday.
    expect(workingDaysDeadline(cal, sh('2026-03-14T11:00:00'), 1).dueDate).toBe('2026-03-16');
  });

  it('R0.5 a count in 2027 (no schedule) uses plain weekdays and is provisional with the 2027 warning', () => {
    // Mon 2027-03-01 → 03-02 (1) … 03-05 (4), weekend, 03-08 (5).
    const deadline = workingDaysDeadline(cal, sh('2027-03-01T10:00:00'), 5);
    expect(plain(deadline)).toEqual({
      due: '2027-03-08T16:00:00.000Z',
      dueDate: '2027-03-08',
      provisional: true,
      years: [2027],
    });
    expect(deadline.warnings).toEqual([
      { code: 'CALENDAR_YEAR_MISSING', year: 2027, message: '暂无2027年节假日安排，期限为临时计算' },
    ]);
  });

  it('R0.5 a count started 2026-12-28 that crosses into 2027 is provisional', () => {
    // 12-29 (1), 12-30 (2), 12-31 (3), 2027-01-01 Fri counted as a plain weekday (4), 2027-01-04 Mon (5).
    const deadline = workingDaysDeadline(cal, sh('2026-12-28T09:00:00'), 5);
    expect(plain(deadline)).toEqual({
      due: '2027-01-04T16:00:00.000Z',
      dueDate: '2027-01-04',
      provisional: true,
      years: [2027],
    });
    expect(deadline.warnings[0]?.message).toBe('暂无2027年节假日安排，期限为临时计算');
  });

  it('R0.5 a count that stays inside 2026 is not provisional', () => {
    // 12-29 (1), 12-30 (2), 12-31 (3).
    expect(plain(workingDaysDeadline(cal, sh('2026-12-28T09:00:00'), 3))).toEqual({
      due: '2026-12-31T16:00:00.000Z',
      dueDate: '2026-12-31',
      provisional: false,
      years: [],
    });
  });

  it('R0.5 counts must be non-negative integers', () => {
    expect(() => workingDaysDeadline(cal, sh('2026-03-16T10:00:00'), -1)).toThrow(RangeError);
    expect(() => workingDaysDeadline(cal, sh('2026-03-16T10:00:00'), 1.5)).toThrow(RangeError);
    expect(() => workingDaysDeadline(cal, new Date(Number.NaN), 5)).toThrow(RangeError);
    expect(() => calendarDaysDeadline(cal, sh('2026-03-16T10:00:00'), Number.NaN)).toThrow(RangeError);
    expect(() => calendarMonthsDeadline(cal, sh('2026-03-16T10:00:00'), -1)).toThrow(RangeError);
    expect(() => hoursDeadline(sh('2026-03-16T10:00:00'), -24)).toThrow(RangeError);
  });
});

describe('R0.4 calendar-day deadlines', () => {
  it('R0.4 5 days from Tue 2026-03-10 end on Sunday 03-15 and move to Monday 03-16 24:00', () => {
    expect(plain(calendarDaysDeadline(cal, sh('2026-03-10T14:00:00'), 5))).toEqual({
      due: '2026-03-16T16:00:00.000Z',
      dueDate: '2026-03-16',
      provisional: false,
      years: [],
    });
  });

  it('R0.4 5 days from 2026-09-28 end on 10-03 inside National Day and move to 10-08, the first working day after', () => {
    expect(plain(calendarDaysDeadline(cal, sh('2026-09-28T14:00:00'), 5))).toEqual({
      due: '2026-10-08T16:00:00.000Z',
      dueDate: '2026-10-08',
      provisional: false,
      years: [],
    });
  });

  it('R0.4 a last day on a make-up Saturday is a working day and does not move', () => {
    // 2026-10-05 + 5 = 2026-10-10, the 调休 Saturday.
    expect(calendarDaysDeadline(cal, sh('2026-10-05T08:00:00'), 5).due.toISOString()).toBe('2026-10-10T16:00:00.000Z');
  });

  it('R0.4 a last day on a working day stays: 10 days from Mon 2026-03-02 is Thu 03-12 24:00', () => {
    expect(calendarDaysDeadline(cal, sh('2026-03-02T23:59:00'), 10).due.toISOString()).toBe('2026-03-12T16:00:00.000Z');
  });

  it('R0.4 a last day on a 2027 weekend moves on plain weekdays and is provisional', () => {
    // 2026-12-28 + 5 = Sat 2027-01-02 → Mon 2027-01-04.
    expect(plain(calendarDaysDeadline(cal, sh('2026-12-28T09:00:00'), 5))).toEqual({
      due: '2027-01-04T16:00:00.000Z',
      dueDate: '2027-01-04',
      provisional: true,
      years: [2027],
    });
  });
});

describe('R5.4 calendar-month deadlines', () => {
  it('R5.4 one month from 2026-03-15 is 2026-04-15 24:00', () => {
    expect(plain(calendarMonthsDeadline(cal, sh('2026-03-15T16:00:00'), 1))).toEqual({
      due: '2026-04-15T16:00:00.000Z',
      dueDate: '2026-04-15',
      provisional: false,
      years: [],
    });
  });

  it('R5.4 one month from 2026-01-31 is clamped to 2026-02-28, a make-up Saturday, and stays there', () => {
    expect(calendarMonthsDeadline(cal, sh('2026-01-31T10:00:00'), 1).due.toISOString()).toBe('2026-02-28T16:00:00.000Z');
  });

  it('R5.4 one month from 2024-01-31 is clamped to leap day 2024-02-29 (Thursday)', () => {
    expect(calendarMonthsDeadline(cal, sh('2024-01-31T10:00:00'), 1).dueDate).toBe('2024-02-29');
  });

  it('R5.4 one month from 2026-09-01 ends on National Day 10-01 and moves to 10-08 (R0.4)', () => {
    expect(calendarMonthsDeadline(cal, sh('2026-09-01T10:00:00'), 1).due.toISOString()).toBe('2026-10-08T16:00:00.000Z');
  });

  it('R5.4 one month from 2026-12-15 ends in 2027 and is provisional', () => {
    const deadline = calendarMonthsDeadline(cal, sh('2026-12-15T10:00:00'), 1);
    expect(plain(deadline)).toEqual({
      due: '2027-01-15T16:00:00.000Z',
      dueDate: '2027-01-15',
      provisional: true,
      years: [2027],
    });
  });
});

describe('R0.6 hour deadlines', () => {
  it('R0.6 24 hours from 2026-10-01 10:00 (National Day) is 2026-10-02 10:00, not moved, not provisional', () => {
    expect(plain(hoursDeadline(sh('2026-10-01T10:00:00'), 24))).toEqual({
      due: '2026-10-02T02:00:00.000Z',
      dueDate: '2026-10-02',
      provisional: false,
      years: [],
    });
  });

  it('R0.6 24 hours in 2027 is still clock time with no warning', () => {
    expect(plain(hoursDeadline(sh('2027-02-06T18:30:00'), 24))).toEqual({
      due: '2027-02-07T10:30:00.000Z',
      dueDate: '2027-02-07',
      provisional: false,
      years: [],
    });
  });

  it('R0.6 a due instant exactly at local midnight has the previous day as its last day', () => {
    const deadline = hoursDeadline(sh('2026-10-01T00:00:00'), 24);
    expect(deadline.due.toISOString()).toBe('2026-10-01T16:00:00.000Z');
    expect(deadline.dueDate).toBe('2026-10-01');
  });
});

describe('R0.5 working days left (dueSoon / overdue)', () => {
  // Due Fri 2026-03-20 24:00.
  const due = startOfLocalDay('2026-03-21');

  it('R0.5 two working days before the last day leaves 2, the working day before leaves 1, the last day 0', () => {
    expect(workingDaysLeft(cal, sh('2026-03-18T09:00:00'), due)).toBe(2);
    expect(workingDaysLeft(cal, sh('2026-03-19T09:00:00'), due)).toBe(1);
    expect(workingDaysLeft(cal, sh('2026-03-20T23:59:59'), due)).toBe(0);
  });

  it('R0.5 the weekend before a Monday last day leaves 1 working day', () => {
    const mondayDue = startOfLocalDay('2026-03-24'); // last day Mon 2026-03-23
    expect(workingDaysLeft(cal, sh('2026-03-21T10:00:00'), mondayDue)).toBe(1);
    expect(workingDaysLeft(cal, sh('2026-03-20T10:00:00'), mondayDue)).toBe(1);
    expect(workingDaysLeft(cal, sh('2026-03-19T10:00:00'), mondayDue)).toBe(2);
  });

  it('R0.5 holidays are not counted: on 2026-09-30 a due of 2026-10-09 leaves 2 working days', () => {
    expect(workingDaysLeft(cal, sh('2026-09-30T10:00:00'), startOfLocalDay('2026-10-10'))).toBe(2);
  });

  it('R0.5 after the due instant it is negative: −1 on the Saturday and Monday after, −2 on Tuesday', () => {
    expect(workingDaysLeft(cal, sh('2026-03-21T00:00:00'), due)).toBe(-1);
    expect(workingDaysLeft(cal, sh('2026-03-23T09:00:00'), due)).toBe(-1);
    expect(workingDaysLeft(cal, sh('2026-03-24T09:00:00'), due)).toBe(-2);
  });

  it('R0.6 a 24-hour due that has passed on its own last day is overdue (−1)', () => {
    const receipt = hoursDeadline(sh('2026-03-16T10:00:00'), 24);
    expect(workingDaysLeft(cal, sh('2026-03-17T09:59:00'), receipt.due)).toBe(0);
    expect(workingDaysLeft(cal, sh('2026-03-17T10:00:00'), receipt.due)).toBe(-1);
  });
});
