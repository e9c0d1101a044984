/**
 * The work calendar's storage: one row per published year, one per holiday or make-up working day.
 */
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { CalendarDay } from '../../../domain/calendar/types.js';

export interface CalendarYearSummary {
  readonly year: number;
  readonly source: string;
  readonly updatedAt: string;
  readonly holidays: number;
  readonly workdays: number;
}

export async function loadCalendarData(db: DbOrTrx): Promise<{ years: number[]; days: CalendarDay[] }> {
  const years = await db.selectFrom('work_calendar_year').select('year').orderBy('year').execute();
  const days = await db.selectFrom('work_calendar_day').select(['date', 'kind', 'name']).orderBy('date').execute();
  return { years: years.map((y) => y.year), days };
}

export async function listCalendarYears(db: DbOrTrx): Promise<CalendarYearSummary[]> {
  const years = await db.selectFrom('work_calendar_year').selectAll().orderBy('year', 'desc').execute();
  const counts = await db
    .selectFrom('work_calendar_day')
    .select(['year', 'kind', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['year', 'kind'])
    .execute();
  const count = (year: number, kind: string): number => counts.find((c) => c.year === year && c.kind === kind)?.n ?? 0;
  return years.map((y) => ({ year: y.year, source: y.source, updatedAt: y.updated_at, holidays: count(y.year, 'holiday'), workdays: count(y.year, 'workday') }));
}

export async function findCalendarYear(db: DbOrTrx, year: number): Promise<{ source: string; updatedAt: string; days: CalendarDay[] } | undefined> {
  const row = await db.selectFrom('work_calendar_year').selectAll().where('year', '=', year).executeTakeFirst();
  if (row === undefined) return undefined;
  const days = await db.selectFrom('work_calendar_day').select(['date', 'kind', 'name']).where('year', '=', year).orderBy('date').execute();
  return { source: row.source, updatedAt: row.updated_at, days };
}

/** Replaces a year's schedule whole: a State Council notice is published as one unit. */
export async function replaceCalendarYear(
  trx: Trx,
  year: number,
  source: string,
  days: readonly CalendarDay[],
  updatedAt: string,
  updatedBy: number | null,
): Promise<void> {
  await trx.deleteFrom('work_calendar_day').where('year', '=', year).execute();
  const existing = await trx.selectFrom('work_calendar_year').select('year').where('year', '=', year).executeTakeFirst();
  if (existing === undefined) {
    await trx.insertInto('work_calendar_year').values({ year, source, updated_at: updatedAt, updated_by: updatedBy }).execute();
  } else {
    await trx.updateTable('work_calendar_year').set({ source, updated_at: updatedAt, updated_by: updatedBy }).where('year', '=', year).execute();
  }
  // Batches keep each INSERT under SQLite's bound-parameter limit.
  for (let i = 0; i < days.length; i += 200) {
    const batch = days.slice(i, i + 200).map((d) => ({ date: d.date, year, kind: d.kind, name: d.name }));
    await trx.insertInto('work_calendar_day').values(batch).execute();
  }
}

export async function countCalendarYears(db: DbOrTrx): Promise<number> {
  const r = await db.selectFrom('work_calendar_year').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return r.n;
}
