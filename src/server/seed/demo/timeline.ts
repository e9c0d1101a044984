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

  get seedNow(): Date {
    return this.clock.seedNow;
  }

  /**
   * Days before the seeding instant's date, at hh:mm Asia/Shanghai; a staff step is moved to a working day. Steps are
   * planned against the seeding instant, so a case's recent steps stay recent whatever the calendar did earlier;
   * when the case runs late (a window stretched by a holiday), the step takes the first fitting day after the last.
   */
  daysAgo(days: number, hhmm: string, staff = true): Date {
    const date = addLocalDays(toLocalDate(this.clock.seedNow), -days);
    const planned = staff ? this.onWorkingDay(date, hhmm) : this.at(date, hhmm);
    if (planned.getTime() > this.last.getTime() + 10 * MINUTE) return this.bound(planned);
    for (let k = 0; k <= 3; k += 1) {
      const day = addLocalDays(toLocalDate(this.last), k);
      const candidate = staff ? this.onWorkingDay(day, hhmm) : this.at(day, hhmm);
      if (candidate.getTime() > this.last.getTime() + 10 * MINUTE) return this.bound(candidate);
    }
    return this.later(30);
  }

  /** How many days before the seeding instant's date the previous step fell. */
  daysAgoOfLast(): number {
    const from = startOfLocalDay(toLocalDate(this.last)).getTime();
    const to = startOfLocalDay(toLocalDate(this.clock.seedNow)).getTime();
    return Math.round((to - from) / DAY);
  }

  /** A staff step `days` after the previous step's date, at hh:mm, on a working day when possible. */
  next(days: number, hhmm: string): Date {
    return this.bound(this.onWorkingDay(addLocalDays(toLocalDate(this.last), days), hhmm));
  }

  /** A step of the public or of a job: `days` after the previous step's date at hh:mm, any day. */
  nextAnyDay(days: number, hhmm: string): Date {
    return this.bound(this.at(addLocalDays(toLocalDate(this.last), days), hhmm));
  }

  /**
   * A member of the public acting `minutes` after the previous step, moved out of the night (23:00–07:00) to the next
   * morning; null when that would not fall comfortably before the seeding instant.
   */
  publicAfter(minutes: number): Date | null {
    let at = new Date(this.last.getTime() + minutes * MINUTE);
    const date = toLocalDate(at);
    const sinceMidnight = at.getTime() - startOfLocalDay(date).getTime();
    if (sinceMidnight < 7 * 60 * MINUTE) at = new Date(startOfLocalDay(date).getTime() + 7 * 60 * MINUTE + (minutes % 60) * MINUTE);
    else if (sinceMidnight >= 23 * 60 * MINUTE) at = new Date(startOfLocalDay(addLocalDays(date, 1)).getTime() + 7 * 60 * MINUTE + (minutes % 60) * MINUTE);
    if (at.getTime() + 30 * MINUTE >= this.clock.seedNow.getTime()) return null;
    return this.bound(at);
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

  /** The date itself if it is a working day; else an earlier one (up to 3 days) still after the previous step; else a later one. */
  private onWorkingDay(date: LocalDate, hhmm: string): Date {
    const cal = this.clock.calendar;
    if (isWorkingDay(cal, date)) return this.at(date, hhmm);
    // Earlier, but never onto the previous step's day when a later day was meant.
    const lastDate = toLocalDate(this.last);
    for (let k = 1; k <= 3; k += 1) {
      const earlier = addLocalDays(date, -k);
      if (!isWorkingDay(cal, earlier)) continue;
      const at = this.at(earlier, hhmm);
      if (at.getTime() > this.last.getTime() + 10 * MINUTE && (earlier > lastDate || date <= lastDate)) return at;
      break;
    }
    // Later, across a long holiday if need be, while it stays before the seeding instant.
    for (let k = 1; k <= 9; k += 1) {
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

/** A case's steps: `run` yields the instant of each next step and takes it when resumed. */
export interface Scenario {
  readonly name: string;
  readonly run: (track: Track) => AsyncGenerator<Date, void, undefined>;
}

interface Runner {
  readonly index: number;
  readonly name: string;
  readonly track: Track;
  readonly steps: AsyncGenerator<Date, void, undefined>;
  at: Date;
}

export interface ScenarioFailure {
  readonly name: string;
  readonly at: string;
  readonly message: string;
}

/**
 * Runs every scenario's steps in chronological order (ties: in the order the scenarios are listed). A scenario that
 * fails stops where it is and is reported; the others go on, so a start-up is never blocked by the demo.
 */
export async function runTimeline(clock: DemoClock, scenarios: readonly Scenario[]): Promise<ScenarioFailure[]> {
  const failures: ScenarioFailure[] = [];
  const runners: Runner[] = [];
  const advance = async (runner: Runner, at: Date): Promise<IteratorResult<Date, void> | null> => {
    try {
      return await runner.steps.next();
    } catch (error) {
      failures.push({ name: runner.name, at: at.toISOString(), message: error instanceof Error ? error.message : String(error) });
      return null;
    }
  };
  for (const [index, scenario] of scenarios.entries()) {
    const track = new Track(clock);
    const runner: Runner = { index, name: scenario.name, track, steps: scenario.run(track), at: clock.current };
    const first = await advance(runner, clock.current);
    if (first !== null && !first.done) {
      runner.at = first.value;
      runners.push(runner);
    }
  }
  while (runners.length > 0) {
    runners.sort((a, b) => a.at.getTime() - b.at.getTime() || a.index - b.index);
    const runner = runners[0];
    if (runner === undefined) break;
    const at = new Date(Math.max(runner.at.getTime(), clock.current.getTime() + 1000));
    if (at.getTime() >= clock.seedNow.getTime()) {
      failures.push({ name: runner.name, at: at.toISOString(), message: 'the step falls after the seeding instant' });
      runners.shift();
      continue;
    }
    clock.current = at;
    runner.track.last = at;
    const step = await advance(runner, at);
    if (step === null || step.done) runners.shift();
    else runner.at = step.value;
  }
  return failures;
}
