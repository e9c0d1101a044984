/**
 * Applies the access policy (R0.8) for the services: a denial is audited and becomes a 403 with a stable code.
 */
import type { Action } from '../../domain/access/actions.js';
import { authorize } from '../../domain/access/policy.js';
import type { UnitRef } from '../../domain/access/roles.js';
import { AppError } from '../errors.js';
import type { AuditService } from '../features/audit/audit.service.js';
import type { AuthenticatedUser, RequestContext } from './context.js';

export class AccessGuard {
  constructor(private readonly audit: AuditService) {}

  /** The signed-in user, allowed to take `action` on `target` (null: not bound to a unit); otherwise throws. */
  async require(
    ctx: RequestContext,
    action: Action,
    target: (Pick<UnitRef, 'path'> & { readonly id?: number }) | null,
  ): Promise<AuthenticatedUser> {
    const user = ctx.user;
    if (user === null) throw new AppError('UNAUTHENTICATED');
    const decision = authorize(user, action, target);
    if (decision.allowed) return user;
    await this.audit.recordAlone(ctx, {
      action: 'accessDenied',
      outcome: 'denied',
      ...(target?.id !== undefined ? { target: { type: 'unit', id: target.id, unitId: target.id } } : {}),
      details: { attempted: action, code: decision.code },
    });
    throw new AppError(decision.code, { action });
  }
}
