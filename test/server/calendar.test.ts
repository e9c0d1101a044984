/**
 * The work calendar over HTTP (R0.5): the published State Council schedules 2004–2026 are loaded at first start; a
 * deadline in working days skips the holidays and counts the make-up working weekends; a year without a schedule
 * gives a provisional deadline with a Chinese warning; the bureau enters the next year's schedule, which is checked
 * (make-up days on weekends, dates of that year, each once), audited with before/after, and used at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { createTestSystem, type TestSystem } from '../support/system.js';
import { auditRows, cookieJar, expectError, fieldsOf, lastAuditId, parseJson } from './fixtures.js';

interface Day {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

const range = (from: string, to: string, kind: Day['kind'], name: string): Day[] => {
  const out: Day[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
    out.push({ date: d.toISOString().slice(0, 10), kind, name });
  }
  return out;
};

/** A schedule shaped like a State Council notice for 2027: holidays, and make-up working days on weekends. */
const SCHEDULE_2027: Day[] = [
  ...range('2027-01-01', '2027-01-03', 'holiday', '元旦'),
  { date: '2027-01-31', kind: 'workday', name: '春节' },
  ...range('2027-02-05', '2027-02-13', 'holiday', '春节'),
  { date: '2027-02-20', kind: 'workday', name: '春节' },
  ...range('2027-04-03', '2027-04-05', 'holiday', '清明节'),
  { date: '2027-04-25', kind: 'workday', name: '劳动节' },
  ...range('2027-05-01', '2027-05-05', 'holiday', '劳动节'),
  { date: '2027-05-08', kind: 'workday', name: '劳动节' },
  { date: '2027-06-09', kind: 'holiday', name: '端午节' },
  { date: '2027-09-15', kind: 'holiday', name: '中秋节' },
  { date: '2027-09-26', kind: 'workday', name: '国庆节' },
  ...range('2027-10-01', '2027-10-07', 'holiday', '国庆节'),
  { date: '2027-10-09', kind: 'workday', name: '国庆节' },
];
const SOURCE_2027 = '国办发明电〔2026〕7号（测试）';

interface DeadlineView {
  due: string;
  dueDate: string;
  provisional: boolean;
  warnings: { code: string; year: number; message: string }[];
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] work calendar`, () => {
    let sys: TestSystem;
    let as: (username: string) => Promise<string>;

    const deadline = async (start: string, amount: number, kind = 'workingDays'): Promise<DeadlineView> => {
      const res = await sys.request('GET', `/api/calendar/deadline?start=${encodeURIComponent(start)}&kind=${kind}&amount=${amount}`, { cookie: await as('community') });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<DeadlineView>();
    };
    const year = async (y: number) => (await sys.request('GET', `/api/calendar/years/${y}`, { cookie: await as('town') })).json<{ published: boolean; source: string | null; days: Day[] }>();

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      as = cookieJar(sys);
    });
    afterAll(async () => sys.close());

    it('R0.5 the published schedules of 2004–2026 are loaded at first start', async () => {
      const res = await sys.request('GET', '/api/calendar/years', { cookie: await as('supervisor') });
      const items = res.json<{ items: { year: number; holidays: number; workdays: number; source: string }[] }>().items;
      expect(items.map((i) => i.year)).toEqual(Array.from({ length: 23 }, (_, i) => 2026 - i));
      for (const i of items) {
        expect(i.holidays, String(i.year)).toBeGreaterThanOrEqual(20);
        expect(i.source).toMatch(/国务院办公厅/);
      }
      const y2026 = await year(2026);
      expect(y2026.published).toBe(true);
      expect(y2026.days).toEqual(
        expect.arrayContaining([
          { date: '2026-09-25', kind: 'holiday', name: '中秋节' },
          { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
          { date: '2026-10-07', kind: 'holiday', name: '国庆节' },
          { date: '2026-10-10', kind: 'workday', name: '国庆节' },
        ]),
      );
      expect(await year(2027)).toMatchObject({ published: false, days: [] });
    });

    it('R0.5 five working days after 2026-09-28 end on 2026-10-10, a make-up Saturday after National Day', async () => {
      const d = await deadline('2026-09-28T02:00:00.000Z', 5);
      expect(d).toEqual({ due: '2026-10-10T16:00:00.000Z', dueDate: '2026-10-10', provisional: false, warnings: [] });
    });

    it('R0.5 a deadline in a year without a schedule is provisional and says so in Chinese', async () => {
      const d = await deadline('2027-09-30T02:00:00.000Z', 5);
      expect(d).toEqual({
        due: '2027-10-07T16:00:00.000Z',
        dueDate: '2027-10-07',
        provisional: true,
        warnings: [{ code: 'CALENDAR_YEAR_MISSING', year: 2027, message: '暂无2027年节假日安排，期限为临时计算' }],
      });
      // Crossing into the missing year from a published one warns about the missing year only.
      const crossing = await deadline('2026-12-28T02:00:00.000Z', 5);
      expect(crossing.provisional).toBe(true);
      expect(crossing.warnings.map((w) => w.year)).toEqual([2027]);
      // Clock hours never depend on a schedule (R0.6).
      expect(await deadline('2027-09-30T02:00:00.000Z', 24, 'hours')).toMatchObject({ provisional: false, warnings: [] });
    });

    it('R0.5 R0.8 town staff cannot edit the calendar', async () => {
      const res = await sys.request('PUT', '/api/calendar/years/2027', { cookie: await as('town'), body: { source: SOURCE_2027, days: SCHEDULE_2027 } });
      expectError(res, 'FORBIDDEN_ROLE');
      expect((await year(2027)).published).toBe(false);
    });

    it('R0.5 R0.7 the bureau enters the 2027 schedule: audited, and the same deadline is no longer provisional', async () => {
      const bureau = await as('bureau');
      const before = await lastAuditId(sys);
      const res = await sys.request('PUT', '/api/calendar/years/2027', { cookie: bureau, body: { source: SOURCE_2027, days: SCHEDULE_2027 } });
      expect(res.statusCode).toBe(204);
      expect(await year(2027)).toMatchObject({ published: true, source: SOURCE_2027, days: SCHEDULE_2027 });
      // National Day off, the Saturday after it worked: the fifth working day moves from 10-07 to 10-13.
      expect(await deadline('2027-09-30T02:00:00.000Z', 5)).toEqual({ due: '2027-10-13T16:00:00.000Z', dueDate: '2027-10-13', provisional: false, warnings: [] });
      const rows = await auditRows(sys, before);
      expect(rows.map((r) => [r.action, r.actor_username, r.actor_role, r.target_type, r.target_id])).toEqual([
        ['editCalendar', 'bureau', 'bureau_admin', 'calendarYear', '2027'],
      ]);
      expect(parseJson(rows[0]?.before_json ?? null)).toBeNull();
      expect(parseJson(rows[0]?.after_json ?? null)).toEqual({ source: SOURCE_2027, days: SCHEDULE_2027 });
    });

    it('R0.5 an invalid schedule is refused with every problem named, and nothing changes', async () => {
      const bureau = await as('bureau');
      const before = await lastAuditId(sys);
      const stored = await year(2027);
      const res = await sys.request('PUT', '/api/calendar/years/2027', {
        cookie: bureau,
        body: {
          source: '错误的安排',
          days: [
            { date: '2027-01-06', kind: 'workday', name: '元旦' },
            { date: '2026-12-31', kind: 'holiday', name: '元旦' },
            { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
            { date: '2027-10-01', kind: 'holiday', name: '国庆节' },
            { date: '2027-02-30', kind: 'holiday', name: '春节' },
          ],
        },
      });
      expect(fieldsOf(expectError(res, 'CALENDAR_INVALID'))).toEqual([
        { field: 'days.0.date', message: '调休上班日 2027-01-06 应为周末' },
        { field: 'days.1.date', message: '日期 2026-12-31 不属于 2027 年' },
        { field: 'days.3.date', message: '日期 2027-10-01 重复' },
        { field: 'days.4.date', message: '日期“2027-02-30”无效' },
      ]);
      expect(await year(2027)).toEqual(stored);
      expect(await year(2026)).toMatchObject({ published: true });
      expect(await lastAuditId(sys)).toBe(before);
      expect((await deadline('2027-09-30T02:00:00.000Z', 5)).dueDate).toBe('2027-10-13');
    });

    it('R0.5 R0.7 a corrected schedule replaces the year whole, audited with the schedule it replaced', async () => {
      const corrected = [...SCHEDULE_2027.filter((d) => d.name !== '端午节'), ...range('2027-06-09', '2027-06-11', 'holiday', '端午节')].sort((a, b) => a.date.localeCompare(b.date));
      const before = await lastAuditId(sys);
      const res = await sys.request('PUT', '/api/calendar/years/2027', { cookie: await as('bureau'), body: { source: `${SOURCE_2027}（更正）`, days: corrected } });
      expect(res.statusCode).toBe(204);
      expect((await year(2027)).days).toEqual(corrected);
      const rows = await auditRows(sys, before);
      expect(parseJson(rows[0]?.before_json ?? null)).toEqual({ source: SOURCE_2027, days: SCHEDULE_2027 });
      expect(parseJson(rows[0]?.after_json ?? null)).toEqual({ source: `${SOURCE_2027}（更正）`, days: corrected });
      // 06-08 Tue + 1 working day skips 06-09…06-11 and the weekend.
      expect((await deadline('2027-06-08T02:00:00.000Z', 1)).dueDate).toBe('2027-06-14');
    });
  });
}
