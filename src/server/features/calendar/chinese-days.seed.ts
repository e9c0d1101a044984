/**
 * Seed data for the work calendar (R0.5): the State Council holiday and 调休 schedules shipped by the
 * `chinese-days` package, turned into CalendarDay rows. The table seeded from it stays editable; the next
 * year's schedule is entered by the city administrator when it is announced.
 *
 * Source shape (`chinese-days/dist/chinese-days.json`): `{ holidays, workdays, inLieuDays }`, each a map from
 * `YYYY-MM-DD` to `"English name,中文名,statutory day count"`, e.g. `"National Day,国庆节,3"`.
 * `holidays` are the days off, `workdays` the make-up working weekend days; `inLieuDays` (which days off are
 * compensated) is not needed to count working days and is not kept.
 */
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import { isValidLocalDate, yearOf } from '../../../domain/calendar/calendar.js';
import type { CalendarDay, CalendarDayKind, LocalDate } from '../../../domain/calendar/types.js';

type DayTable = Readonly<Record<string, string>>;

/** The package's short names, completed to the names the State Council notices use. */
const NAME_FIXES: Readonly<Record<string, string>> = {
  清明: '清明节',
  端午: '端午节',
  中秋: '中秋节',
};

/** `"Mid-autumn Festival,中秋,1"` → `中秋节`. The Chinese name is the second-to-last field. */
function chineseName(value: string, date: string): string {
  const fields = value.split(',');
  const name = fields.at(-2)?.trim();
  if (fields.length < 3 || name === undefined || name === '') {
    throw new Error(`chinese-days: unexpected entry for ${date}: ${JSON.stringify(value)}`);
  }
  return NAME_FIXES[name] ?? name;
}

function toDays(table: DayTable, kind: CalendarDayKind): CalendarDay[] {
  return Object.entries(table).map(([date, value]) => {
    if (!isValidLocalDate(date)) throw new Error(`chinese-days: not a date: ${JSON.stringify(date)}`);
    return { date, kind, name: chineseName(value, date) };
  });
}

/** Every year the package has data for (2004–2026 in chinese-days 1.5.7), with its holidays and 调休 days. */
export function loadChineseDaysSchedule(): { years: number[]; days: CalendarDay[] } {
  const holidays: DayTable = chineseDays.holidays;
  const workdays: DayTable = chineseDays.workdays;
  const days = [...toDays(holidays, 'holiday'), ...toDays(workdays, 'workday')];
  const seen = new Map<LocalDate, CalendarDay>();
  for (const day of days) {
    if (seen.has(day.date)) throw new Error(`chinese-days: ${day.date} is listed twice`);
    seen.set(day.date, day);
  }
  days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const years = [...new Set(days.map((day) => yearOf(day.date)))].sort((a, b) => a - b);
  return { years, days };
}
