/**
 * The deadline watch (R7.2, R5.1): ends publicity windows that have run their course and marks steps overdue so they
 * are escalated once to the level above. Every change goes through the lifecycle as a system command, so it is
 * audited and versioned like any other; on several nodes at once, the loser of a race gets a version conflict or
 * finds the step already handled, and moves on.
 *
 * Each case fails alone: a case whose command throws anything but a lost race (its state cannot be read, a bug) is
 * counted in the report, and its next attempt is put back (1 minute, doubling per failure, at most 1 hour), so the
 * cases due after it — other publicity endings, other escalations — are still handled in `due_at` order. The
 * back-off is kept in this process: a restart, or another node taking over the watch's lease, retries at once.
 */
import type { Transactor } from '../../db/transactor.js';
import { AppError } from '../../errors.js';
import { systemContext } from '../../seed/foundation.seed.js';
import type { CaseService } from '../cases/case.service.js';
import { findEndedPublicityWindows, findOverdueCases } from './deadline.repository.js';

export interface WatchFailure {
  readonly aggregate: 'demand' | 'project';
  readonly aggregateId: number;
  /** `endPublicity` (R5.1) or `markOverdue` (R7.2). */
  readonly command: 'endPublicity' | 'markOverdue';
  /** Consecutive failures of this case. */
  readonly failures: number;
  readonly retryAt: string;
  /** The error's code or class (`SyntaxError`), never its message. */
  readonly error: string;
}

export interface WatchReport {
  readonly publicityEnded: number;
  readonly overdueMarked: number;
  readonly skipped: number;
  /** Cases whose command failed in this run; each is retried after its back-off. */
  readonly failed: number;
  readonly failures: readonly WatchFailure[];
  /** Cases left for a later run because an earlier failure's back-off has not run out. */
  readonly deferred: number;
}

/** Conflicts and "already done" refusals are expected when nodes race; anything else is a real failure. */
function isRaceLoss(err: unknown): boolean {
  return err instanceof AppError && ['VERSION_CONFLICT', 'INVALID_STATE', 'PUBLICITY_NOT_OVER'].includes(err.code);
}

const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 60 * 60_000;

/** The wait after the n-th consecutive failure of one case: 1, 2, 4 … minutes, at most an hour. */
export function watchRetryDelayMs(failures: number): number {
  return Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(failures - 1, 20));
}

interface Backoff {
  readonly failures: number;
  readonly retryAt: number;
}

type CaseKey = `${'demand' | 'project'}:${number}`;

export class DeadlineWatchService {
  private readonly backoff = new Map<CaseKey, Backoff>();

  constructor(
    private readonly tx: Transactor,
    private readonly cases: CaseService,
  ) {}

  async run(now: Date, limit = 200): Promise<WatchReport> {
    const ctx = systemContext(now);
    const nowIso = now.toISOString();
    let publicityEnded = 0;
    let overdueMarked = 0;
    let skipped = 0;
    const failures: WatchFailure[] = [];

    // A case no longer due is never retried; forget its back-off once it is a day old.
    for (const [key, b] of this.backoff) if (b.retryAt < now.getTime() - 24 * 3_600_000) this.backoff.delete(key);
    const held = (aggregate: 'demand' | 'project'): number[] =>
      [...this.backoff.entries()]
        .filter(([key, b]) => key.startsWith(`${aggregate}:`) && b.retryAt > now.getTime())
        .map(([key]) => Number(key.slice(aggregate.length + 1)));
    const heldDemands = held('demand');
    const heldProjects = held('project');
    const deferred = heldDemands.length + heldProjects.length;

    /** One case's command; a lost race is skipped, any other error is this case's alone. */
    const attempt = async (aggregate: 'demand' | 'project', id: number, command: WatchFailure['command'], act: () => Promise<unknown>): Promise<boolean> => {
      const key: CaseKey = `${aggregate}:${id}`;
      try {
        await act();
        this.backoff.delete(key);
        return true;
      } catch (err) {
        if (isRaceLoss(err)) {
          this.backoff.delete(key);
          skipped += 1;
          return false;
        }
        const count = (this.backoff.get(key)?.failures ?? 0) + 1;
        const retryAt = now.getTime() + watchRetryDelayMs(count);
        this.backoff.set(key, { failures: count, retryAt });
        failures.push({
          aggregate,
          aggregateId: id,
          command,
          failures: count,
          retryAt: new Date(retryAt).toISOString(),
          // The kind of error only: a message can quote the case's state, and logs carry no personal data.
          error: err instanceof AppError ? err.code : err instanceof Error ? err.name : typeof err,
        });
        return false;
      }
    };

    // R5.1 publicity windows that have ended, the earliest first.
    const windows = await findEndedPublicityWindows(this.tx.reader, nowIso, heldProjects, limit);
    for (const w of windows) {
      const done = await attempt('project', w.aggregate_id, 'endPublicity', () =>
        this.cases.projectCommand(ctx, w.aggregate_id, null, { type: 'endPublicity' }, 'system'),
      );
      if (done) publicityEnded += 1;
    }

    // R7.2 missed steps, one command per case, the case whose earliest missed step was due first goes first.
    const failedProjects = failures.map((f) => f.aggregateId);
    const skipProjects = [...new Set([...heldProjects, ...failedProjects])];
    const overdue = await findOverdueCases(this.tx.reader, nowIso, { demands: heldDemands, projects: skipProjects }, limit);
    for (const o of overdue) {
      const done = await attempt(o.aggregate, o.aggregate_id, 'markOverdue', () =>
        o.aggregate === 'demand'
          ? this.cases.demandCommand(ctx, o.aggregate_id, null, { type: 'markOverdue' }, 'system')
          : this.cases.projectCommand(ctx, o.aggregate_id, null, { type: 'markOverdue' }, 'system'),
      );
      if (done) overdueMarked += 1;
    }
    return { publicityEnded, overdueMarked, skipped, failed: failures.length, failures, deferred };
  }
}
