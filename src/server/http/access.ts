/**
 * Applies the access policy (R0.8) for the services: a denial is audited and becomes a 403 with a stable code.
 */
import type { Action } from '../../domain/access/actions.js';
import { authorize } from '../../domain/access/policy.js';
import type { UnitRef } from '../../domain/access/roles.js';
import { AppError } from '../errors.js';
import type { AuthenticatedUser, RequestContext } from './context.js';

/** A refusal of the access policy, as it is to be recorded. */
export interface AccessDenial {
  readonly attempted: Action;
  readonly code: 'FORBIDDEN_ROLE' | 'FORBIDDEN_SCOPE';
  /** The unit acted on, when the action is bound to one. */
  readonly unitId?: number;
}

/** Where denials are recorded (the audit trail implements it; services.ts wires it). */
export interface AccessDenialRecorder {
  recordAccessDenied(ctx: RequestContext, denial: AccessDenial): Promise<void>;
}

export class AccessGuard {
  constructor(private readonly denials: AccessDenialRecorder) {}

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
    await this.denials.recordAccessDenied(ctx, {
      attempted: action,
      code: decision.code,
      ...(target?.id !== undefined ? { unitId: target.id } : {}),
    });
    throw new AppError(decision.code, { action });
  }
}
