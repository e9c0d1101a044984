/**
 * 催办 (`sendReminder`, R7.2): the level above an overdue or due-soon step chases it — the town for its
 * communities' steps, the bureau for the towns'. Each reminder is counted on the step and audited on the case, so it
 * shows in the case's timeline.
 */
import type { UnitRef } from '../../../domain/access/roles.js';
import type { Transactor } from '../../db/transactor.js';
import { AppError } from '../../errors.js';
import type { AccessGuard } from '../../http/access.js';
import type { RequestContext } from '../../http/context.js';
import type { AuditService } from '../audit/audit.service.js';
import { findUnit } from '../org/org.repository.js';
import { countReminder, findDeadline } from './deadline.repository.js';

export class ReminderService {
  constructor(
    private readonly tx: Transactor,
    private readonly audit: AuditService,
    private readonly access: AccessGuard,
  ) {}

  async remind(ctx: RequestContext, deadlineId: number, message: string): Promise<{ reminders: number }> {
    const row = await findDeadline(this.tx.reader, deadlineId);
    if (row === undefined) throw new AppError('NOT_FOUND');
    const community = await findUnit(this.tx.reader, row.community_id);
    if (community === undefined) throw new Error(`community ${row.community_id} missing`);
    const target: UnitRef = { id: community.id, kind: community.kind, path: community.path };
    // R0.8 a deadline outside the caller's jurisdiction answers as a missing one: its existence tells of a case.
    const me = await this.access.require(ctx, 'sendReminder', target).catch((err: unknown) => {
      throw err instanceof AppError && err.code === 'FORBIDDEN_SCOPE' ? new AppError('NOT_FOUND') : err;
    });
    // The level above the step's owner chases it; nobody chases their own step.
    const allowed = (row.owner === 'community' && me.role === 'town_staff') || (row.owner !== 'system' && me.role === 'bureau_admin');
    if (!allowed) throw new AppError('FORBIDDEN_ROLE', { reason: '只有上一级可以催办' });
    if (row.status !== 'open') throw new AppError('INVALID_STATE', { reason: '该环节已办结，无需催办' });
    return this.tx.run(async (trx) => {
      const updated = await countReminder(trx, deadlineId, ctx.now.toISOString());
      if (updated === undefined) throw new AppError('INVALID_STATE');
      await this.audit.record(trx, ctx, {
        action: 'sendReminder',
        target: { type: row.aggregate, id: row.aggregate_id, unitId: row.community_id },
        details: { deadlineId, step: row.step, rule: row.rule, due: row.due_at, message, overdue: row.due_at <= ctx.now.toISOString() },
      });
      return { reminders: updated.reminders };
    });
  }
}
