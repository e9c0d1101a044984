/**
 * Work calendar data (R0.5): statutory holidays and make-up working days (调休) per year.
 * The calendar is data, loaded from the `work_calendar_*` tables; the domain only reads it.
 */

/** A civil date in Asia/Shanghai, formatted `YYYY-MM-DD`. */
export type LocalDate = string;

export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarDay {
  readonly date: LocalDate;
  /** `holiday`: a statutory day off; `workday`: a make-up working day on a weekend (调休). */
  readonly kind: CalendarDayKind;
  /** e.g. 国庆节, 春节 */
  readonly name: string;
}

export interface WorkCalendar {
  /** Years whose State Council schedule is loaded. A date outside them is computed provisionally. */
  readonly years: ReadonlySet<number>;
  /** date → entry, for holidays and make-up working days only; plain weekdays and weekends are implicit. */
  readonly days: ReadonlyMap<LocalDate, CalendarDay>;
}

/** Attached to a deadline that crossed a year without a published schedule. */
export interface CalendarWarning {
  readonly code: 'CALENDAR_YEAR_MISSING';
  readonly year: number;
  /** Chinese, shown to users as is: 「暂无2027年节假日安排，期限为临时计算」 */
  readonly message: string;
}

export interface Deadline {
  /** The due instant (UTC). "24:00 of day D" is D+1 00:00 Asia/Shanghai. */
  readonly due: Date;
  /** The last civil day (Asia/Shanghai) on which the step may still be done. */
  readonly dueDate: LocalDate;
  /** True when any year the computation crossed has no schedule. */
  readonly provisional: boolean;
  readonly warnings: readonly CalendarWarning[];
}
