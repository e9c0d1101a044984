/**
 * Display formats of the back office (ux-conventions.md): `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai, "--" for none.
 */
import dayjs, { type Dayjs } from 'dayjs';
import { TIME_ZONE } from './locale.js';

export const NONE = '--';

export function formatDateTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return NONE;
  const d = dayjs(iso);
  return d.isValid() ? d.tz(TIME_ZONE).format('YYYY-MM-DD HH:mm:ss') : NONE;
}

export function orNone(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? NONE : String(value);
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'] as const;

/** 星期X of a `YYYY-MM-DD` civil date. */
export function weekdayOf(date: string): string {
  return `星期${WEEKDAYS[dayjs(date).day()] ?? ''}`;
}

/**
 * A wall-clock time the user picked, read as Asia/Shanghai, as an ISO instant. The picker works in the browser's zone;
 * staff mean Dongguan time.
 */
export function shanghaiInstant(picked: Dayjs): string {
  return dayjs.tz(picked.format('YYYY-MM-DDTHH:mm:ss'), TIME_ZONE).toISOString();
}

/** Now as Dongguan wall-clock time, for pickers that work in the browser's zone (the inverse of `shanghaiInstant`). */
export function shanghaiNow(): Dayjs {
  return dayjs(dayjs().tz(TIME_ZONE).format('YYYY-MM-DDTHH:mm'));
}
