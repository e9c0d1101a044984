/**
 * The demo's clock. Each case is a scenario, an async generator that yields the instant of its next step; the
 * timeline runs the steps of all scenarios in one chronological order (a discrete-event walk from about 60 days
 * before the seeding instant up to just before it), so audit records, outbox rows and deadlines carry plausible
 * instants and follow each other in time. Staff steps fall on working days when the calendar allows (R0.5 data).
 */
import { addLocalDays, isWorkingDay, startOfLocalDay, toLocalDate, type LocalDate, type WorkCalendar } from '../../../domain/calendar/index.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The walk's global instant, read by every request context the demo builds. */
export class DemoClock {
  current: Date;
  constructor(
    /** The seeding instant: every step happens before it. */
    readonly seedNow: Date,
    readonly calendar: WorkCalendar,
  ) {
    this.current = new Date(seedNow.getTime() - 70 * DAY);
  }
}

function parseTime(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (match === null) throw new Error(`bad time ${hhmm}`);
  return (Number(match[1]) * 60 + Number(match[2])) * MINUTE;
}

/** One scenario's view of the clock: where it is, and when its next step should happen. */
export class Track {
  /** The instant of this scenario's previous step. */
  last: Date;

  constructor(private readonly clock: DemoClock) {
    this.last = clock.current;
  }

  /** Days before the seeding instant's date, at hh:mm Asia/Shanghai; a staff step is moved to a working day. */
  daysAgo(days: number, hhmm: string, staff = true): Date {
    const date = addLocalDays(toLocalDate(this.clock.seedNow), -days);
    return this.bound(staff ? this.onWorkingDay(date, hhmm) : this.at(date, hhmm));
  }

  /** A staff step `days` after the previous step's date, at hh:mm, on a working day when possible. */
  next(days: number, hhmm: string): Date {
    return this.bound(this.onWorkingDay(addLocalDays(toLocalDate(this.last), days), hhmm));
  }

  /** A step of the public or of a job: `days` after the previous step's date at hh:mm, any day. */
  nextAnyDay(days: number, hhmm: string): Date {
    return this.bound(this.at(addLocalDays(toLocalDate(this.last), days), hhmm));
  }

  /** `minutes` after the previous step. */
  later(minutes: number): Date {
    return this.bound(new Date(this.last.getTime() + minutes * MINUTE));
  }

  /** `minutes` after a given instant (e.g. the end of a publicity window). */
  after(instant: string | Date, minutes: number): Date {
    const at = new Date(new Date(instant).getTime() + minutes * MINUTE);
    if (at.getTime() >= this.clock.seedNow.getTime()) {
      throw new Error(`demo case step at ${at.toISOString()} would fall after the seeding instant ${this.clock.seedNow.toISOString()}`);
    }
    return this.bound(at);
  }

  /** `minutes` before the seeding instant. */
  minutesAgo(minutes: number): Date {
    return this.bound(new Date(this.clock.seedNow.getTime() - minutes * MINUTE));
  }

  private at(date: LocalDate, hhmm: string): Date {
    return new Date(startOfLocalDay(date).getTime() + parseTime(hhmm));
  }

  /** The date itself if it is a working day; else the nearest earlier one still after the previous step; else a later one. */
  private onWorkingDay(date: LocalDate, hhmm: string): Date {
    const cal = this.clock.calendar;
    if (isWorkingDay(cal, date)) return this.at(date, hhmm);
    for (let k = 1; k <= 3; k += 1) {
      const earlier = addLocalDays(date, -k);
      if (!isWorkingDay(cal, earlier)) continue;
      const at = this.at(earlier, hhmm);
      if (at.getTime() > this.last.getTime() + 10 * MINUTE) return at;
      break;
    }
    for (let k = 1; k <= 3; k += 1) {
      const later = addLocalDays(date, k);
      if (!isWorkingDay(cal, later)) continue;
      const at = this.at(later, hhmm);
      if (at.getTime() < this.clock.seedNow.getTime() - 60 * MINUTE) return at;
      break;
    }
    return this.at(date, hhmm);
  }

  /** After the previous step, before the seeding instant: a step that would run late is pulled in behind the previous one. */
  private bound(at: Date): Date {
    const earliest = this.last.getTime() + MINUTE;
    const latest = this.clock.seedNow.getTime() - 5 * MINUTE;
    let t = Math.max(at.getTime(), earliest);
    if (t > latest) t = Math.min(this.last.getTime() + 20 * MINUTE, latest);
    if (t < earliest) throw new Error(`demo case steps overran the seeding instant ${this.clock.seedNow.toISOString()}`);
    return new Date(t);
  }
}

export type Scenario = (track: Track) => AsyncGenerator<Date, void, undefined>;

interface Runner {
  readonly index: number;
  readonly track: Track;
  readonly steps: AsyncGenerator<Date, void, undefined>;
  at: Date;
}

/** Runs every scenario's steps in chronological order (ties: in the order the scenarios are listed). */
export async function runTimeline(clock: DemoClock, scenarios: readonly Scenario[]): Promise<void> {
  const runners: Runner[] = [];
  for (const [index, scenario] of scenarios.entries()) {
    const track = new Track(clock);
    const steps = scenario(track);
    const first = await steps.next();
    if (!first.done) runners.push({ index, track, steps, at: first.value });
  }
  while (runners.length > 0) {
    runners.sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index);
    const runner = runners[0];
    if (runner === undefined) break;
    const at = new Date(Math.max(runner.at.getTime(), clock.current.getTime() + 1000));
    if (at.getTime() >= clock.seedNow.getTime()) throw new Error(`demo case step at ${at.toISOString()} falls after the seeding instant`);
    clock.current = at;
    runner.track.last = at;
    const step = await runner.steps.next();
    if (step.done) runners.shift();
    else runner.at = step.value;
  }
}
