/**
 * The deadline watch (R7.2, R5.1): ends publicity windows that have run their course and marks steps overdue so they
 * are escalated once to the level above. Every change goes through the lifecycle as a system command, so it is
 * audited and versioned like any other; on several nodes at once, the loser of a race gets a version conflict or
 * finds the step already handled, and moves on.
 */
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { systemContext } from '../../seed/foundation.seed.js';
import type { CaseService } from '../cases/case.service.js';

export interface WatchReport {
  readonly publicityEnded: number;
  readonly overdueMarked: number;
  readonly skipped: number;
}

/** Conflicts and "already done" refusals are expected when nodes race; anything else is a real failure. */
function isRaceLoss(err: unknown): boolean {
  return err instanceof AppError && ['VERSION_CONFLICT', 'INVALID_STATE', 'PUBLICITY_NOT_OVER'].includes(err.code);
}

export class DeadlineWatchService {
  constructor(
    private readonly db: Db,
    private readonly cases: CaseService,
  ) {}

  async run(now: Date, limit = 200): Promise<WatchReport> {
    const ctx = systemContext(now);
    const nowIso = now.toISOString();
    let publicityEnded = 0;
    let overdueMarked = 0;
    let skipped = 0;

    const windows = await this.db
      .selectFrom('deadline')
      .select(['aggregate_id'])
      .where('aggregate', '=', 'project')
      .where('step', '=', 'publicityWindow')
      .where('status', '=', 'open')
      .where('due_at', '<=', nowIso)
      .orderBy('due_at')
      .limit(limit)
      .execute();
    for (const w of windows) {
      try {
        await this.cases.projectCommand(ctx, w.aggregate_id, null, { type: 'endPublicity' }, 'system');
        publicityEnded += 1;
      } catch (err) {
        if (!isRaceLoss(err)) throw err;
        skipped += 1;
      }
    }

    const overdue = await this.db
      .selectFrom('deadline')
      .select(['aggregate', 'aggregate_id'])
      .where('status', '=', 'open')
      .where('owner', '!=', 'system')
      .where('overdue_at', 'is', null)
      .where('due_at', '<=', nowIso)
      .groupBy(['aggregate', 'aggregate_id'])
      .limit(limit)
      .execute();
    for (const o of overdue) {
      try {
        if (o.aggregate === 'demand') await this.cases.demandCommand(ctx, o.aggregate_id, null, { type: 'markOverdue' }, 'system');
        else await this.cases.projectCommand(ctx, o.aggregate_id, null, { type: 'markOverdue' }, 'system');
        overdueMarked += 1;
      } catch (err) {
        if (!isRaceLoss(err)) throw err;
        skipped += 1;
      }
    }
    return { publicityEnded, overdueMarked, skipped };
  }
}
