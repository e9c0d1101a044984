/**
 * A small in-process scheduler for the background jobs (outbox delivery, deadline watch, publicity windows). Each
 * job runs every `everyMs`, counted from the end of its previous run, so a run never overlaps the one before; an
 * error is logged and the next run comes as usual, so a job can never bring the process down; `stop()` cancels the
 * timers and waits for runs in progress. An exclusive job (the default) runs on one node at a time: the node takes
 * a named lease in `job_lease` before each run and keeps the job while it keeps running it.
 *
 * Nothing starts by itself: the server starts the jobs (main.ts), tests only when they mean to.
 */
import type { Reader } from '../db/transactor.js';
import type { Clock } from '../http/context.js';
import { acquireJobLease, releaseJobLease, renewJobLease } from './job-lease.repository.js';

export interface Job {
  /** Unique: also the name of its lease. */
  readonly name: string;
  readonly everyMs: number;
  /**
   * Only one node at a time runs it (default true). A job already safe on several nodes at once sets false and
   * runs everywhere: the outbox delivery, whose rows are claimed one by one.
   */
  readonly exclusive?: boolean;
  /**
   * How long a node's hold on an exclusive job lasts without renewal; it must exceed the longest run, or a second
   * node could start while the first is still running. Default: 3 × everyMs, at least one minute.
   */
  readonly leaseMs?: number;
  run(now: Date): Promise<void>;
}

/** The jobs of one server; adding one is one `register` call. */
export class JobRegistry {
  private readonly jobs = new Map<string, Job>();

  register(job: Job): this {
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} is registered twice`);
    if (!Number.isFinite(job.everyMs) || job.everyMs <= 0) throw new Error(`job ${job.name}: everyMs must be positive`);
    this.jobs.set(job.name, job);
    return this;
  }

  list(): readonly Job[] {
    return [...this.jobs.values()];
  }
}

/** The part of a pino logger the jobs use. */
export interface JobLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SchedulerDeps {
  /** Where the leases are taken (outside any transaction). */
  readonly db: Reader;
  readonly clock: Clock;
  /** This process's name in job leases (jobs/node-id.ts). */
  readonly node: string;
  readonly log: JobLogger;
}

export interface RunningJobs {
  /** Stops every job and waits for runs in progress; an exclusive job's lease is released. */
  stop(): Promise<void>;
}

export function startJobs(registry: JobRegistry, deps: SchedulerDeps): RunningJobs {
  const loops = registry.list().map((job) => new JobLoop(job, deps));
  for (const loop of loops) loop.start();
  let stopping: Promise<void> | undefined;
  return {
    stop: () => {
      stopping ??= Promise.all(loops.map((loop) => loop.stop())).then(() => undefined);
      return stopping;
    },
  };
}

export function defaultLeaseMs(job: Job): number {
  return job.leaseMs ?? Math.max(3 * job.everyMs, 60_000);
}

class JobLoop {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopped = false;
  private readonly exclusive: boolean;
  private readonly leaseMs: number;

  constructor(
    private readonly job: Job,
    private readonly deps: SchedulerDeps,
  ) {
    this.exclusive = job.exclusive ?? true;
    this.leaseMs = defaultLeaseMs(job);
  }

  start(): void {
    // The first run comes at once: rows left pending by the previous process are delivered without waiting.
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
    if (this.exclusive) {
      try {
        await releaseJobLease(this.deps.db, this.job.name, this.deps.node);
      } catch (err) {
        this.deps.log.warn({ err, job: this.job.name }, 'job lease not released');
      }
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.current = this.tick().finally(() => {
        this.current = undefined;
        this.schedule(this.job.everyMs);
      });
    }, delayMs);
    // The timers alone do not keep the process alive: the server does.
    this.timer.unref();
  }

  /** One run; never rejects. */
  private async tick(): Promise<void> {
    const { job, deps } = this;
    let now: Date;
    try {
      now = deps.clock();
      if (this.exclusive && !(await acquireJobLease(deps.db, job.name, deps.node, now.toISOString(), this.leaseUntil(now)))) return;
    } catch (err) {
      deps.log.error({ err, job: job.name }, 'job lease unavailable');
      return;
    }
    try {
      await job.run(now);
    } catch (err) {
      deps.log.error({ err, job: job.name }, 'job run failed');
    }
    if (!this.exclusive) return;
    try {
      await renewJobLease(deps.db, job.name, deps.node, now.toISOString(), this.leaseUntil(deps.clock()));
    } catch (err) {
      deps.log.error({ err, job: job.name }, 'job lease not renewed');
    }
  }

  private leaseUntil(from: Date): string {
    return new Date(from.getTime() + this.leaseMs).toISOString();
  }
}
