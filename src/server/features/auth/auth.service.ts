/**
 * Sign-in, sign-out, password change and the resolution of a session cookie to a user.
 * One error for every failed login (no user enumeration); lockout after repeated failures; sessions expire on idle
 * and absolute timeouts; a new session id at every login.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Transactor } from '../../db/transactor.js';
import type { AppUserRow } from '../../db/schema.js';
import { jurisdictionRoot } from '../../../domain/access/policy.js';
import { checkPassword } from '../../../domain/access/password-policy.js';
import type { UnitRef } from '../../../domain/access/roles.js';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import type { AuthenticatedUser, RequestContext } from '../../http/context.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UnitDirectory } from '../org/unit-directory.js';
import { findUserById, findUserByUsername, setLoginState, updateUserAtVersion } from '../users/user.repository.js';
import { burnVerification, hashPassword, verifyPassword } from './password-hasher.js';
import { deleteSession, deleteUserSessions, findSessionWithUser, insertSession, touchSession } from './session.repository.js';

export const SESSION_COOKIE = 'msw_sid';

const ACCOUNT_LOCKED_MESSAGE = '当前密码多次输入错误，账号已暂时锁定，请稍后重新登录';

/**
 * How stale a session's last_seen_at may be before a request writes it again. Writing it on every request would turn
 * reads into writes; a tenth of the idle limit (at most a minute) keeps the effective idle limit within 10 % of the
 * configured one, so a session in use never expires, even with a one-minute idle limit.
 */
export function touchIntervalMs(sessionIdleMinutes: number): number {
  return Math.min(60_000, Math.floor((sessionIdleMinutes * 60_000) / 10));
}

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const toRef = (u: { id: number; kind: UnitRef['kind']; path: string }): UnitRef => ({ id: u.id, kind: u.kind, path: u.path });

export interface LoginResult {
  readonly token: string;
  readonly user: AuthenticatedUser;
}

export class AuthService {
  private readonly touchIntervalMs: number;

  constructor(
    private readonly tx: Transactor,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly units: UnitDirectory,
  ) {
    this.touchIntervalMs = touchIntervalMs(config.sessionIdleMinutes);
  }

  async login(ctx: RequestContext, username: string, password: string, userAgent: string | null): Promise<LoginResult> {
    const now = ctx.now;
    const user = await findUserByUsername(this.tx.reader, username);
    const attempted = username.trim().toLowerCase().slice(0, 64);
    if (user === undefined || user.disabled === 1) {
      await burnVerification(password);
      await this.audit.recordAlone(ctx, {
        action: 'loginFailed',
        outcome: 'failure',
        target: { type: 'user', id: attempted },
        details: { reason: user === undefined ? 'unknownUser' : 'disabled' },
      });
      throw new AppError('LOGIN_FAILED');
    }
    const actor = { userId: user.id, username: user.username, role: user.role, unitId: user.unit_id };
    if (user.locked_until !== null && user.locked_until > now.toISOString()) {
      await burnVerification(password);
      await this.audit.recordAlone(ctx, {
        action: 'loginFailed',
        outcome: 'failure',
        actor,
        target: { type: 'user', id: user.id },
        details: { reason: 'locked', lockedUntil: user.locked_until },
      });
      throw new AppError('LOGIN_FAILED');
    }
    if (!(await verifyPassword(user.password_hash, password))) {
      const failures = user.failed_logins + 1;
      const lock = failures >= this.config.loginMaxFailures;
      const lockedUntil = lock ? new Date(now.getTime() + this.config.lockoutMinutes * 60_000).toISOString() : null;
      await this.tx.run(async (trx) => {
        await setLoginState(trx, user.id, lock ? 0 : failures, lockedUntil);
        await this.audit.record(trx, ctx, {
          action: 'loginFailed',
          outcome: 'failure',
          actor,
          target: { type: 'user', id: user.id },
          details: { reason: 'badPassword', failures },
        });
        if (lock) {
          await this.audit.record(trx, ctx, {
            action: 'lockout',
            outcome: 'success',
            actor,
            target: { type: 'user', id: user.id },
            details: { lockedUntil, failures },
          });
        }
      });
      throw new AppError('LOGIN_FAILED');
    }

    const token = randomBytes(32).toString('base64url');
    const sessionId = sessionIdOf(token);
    const expiresAt = new Date(now.getTime() + this.config.sessionAbsoluteHours * 3_600_000).toISOString();
    await this.tx.run(async (trx) => {
      await setLoginState(trx, user.id, 0, null);
      await insertSession(trx, {
        id: sessionId,
        user_id: user.id,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expiresAt,
        ip: ctx.ip,
        user_agent: userAgent?.slice(0, 300) ?? null,
      });
      await this.audit.record(trx, ctx, { action: 'login', actor, target: { type: 'user', id: user.id } });
    });
    return { token, user: await this.toAuthenticated(user, sessionId) };
  }

  async logout(ctx: RequestContext): Promise<void> {
    const user = ctx.user;
    if (user === null) return;
    await this.tx.run(async (trx) => {
      await deleteSession(trx, user.sessionId);
      await this.audit.record(trx, ctx, { action: 'logout', target: { type: 'user', id: user.userId } });
    });
  }

  /** Resolves a cookie token; null when absent, unknown or expired (an expiry is audited and the session removed). */
  async authenticate(ctx: RequestContext, token: string): Promise<AuthenticatedUser | null> {
    const sessionId = sessionIdOf(token);
    const found = await findSessionWithUser(this.tx.reader, sessionId);
    if (found === undefined) return null;
    const { session, user } = found;
    const now = ctx.now.getTime();
    const idleLimit = Date.parse(session.last_seen_at) + this.config.sessionIdleMinutes * 60_000;
    if (now >= idleLimit || now >= Date.parse(session.expires_at)) {
      await this.tx.run(async (trx) => {
        await deleteSession(trx, sessionId);
        await this.audit.record(trx, ctx, {
          action: 'sessionExpired',
          actor: { userId: user.id, username: user.username, role: user.role, unitId: user.unit_id },
          target: { type: 'user', id: session.user_id },
          details: { reason: now >= Date.parse(session.expires_at) ? 'absolute' : 'idle' },
        });
      });
      return null;
    }
    if (user.disabled === 1) {
      await deleteSession(this.tx.reader, sessionId);
      return null;
    }
    if (now - Date.parse(session.last_seen_at) >= this.touchIntervalMs) {
      await touchSession(this.tx.reader, sessionId, ctx.now.toISOString());
    }
    return this.toAuthenticated(user, sessionId);
  }

  async changePassword(ctx: RequestContext, currentPassword: string, newPassword: string): Promise<void> {
    const me = ctx.user;
    if (me === null) throw new AppError('UNAUTHENTICATED');
    const user = await findUserById(this.tx.reader, me.userId);
    if (user === undefined) throw new AppError('UNAUTHENTICATED');
    const actor = { userId: user.id, username: user.username, role: user.role, unitId: user.unit_id };
    if (user.locked_until !== null && user.locked_until > ctx.now.toISOString()) {
      // Locked (by failed logins elsewhere): no more guesses through a session either; the session ends.
      await burnVerification(currentPassword);
      await this.tx.run(async (trx) => {
        await deleteUserSessions(trx, user.id);
        await this.audit.record(trx, ctx, {
          action: 'changePassword',
          outcome: 'failure',
          target: { type: 'user', id: user.id },
          details: { reason: 'locked', lockedUntil: user.locked_until },
        });
      });
      throw new AppError('SESSION_EXPIRED', { reason: 'locked' }, ACCOUNT_LOCKED_MESSAGE);
    }
    if (!(await verifyPassword(user.password_hash, currentPassword))) {
      // A wrong current password counts toward the lockout exactly like a failed login: a stolen session must not
      // be a way to guess the password without limit. At the limit the account locks and its sessions end.
      const failures = user.failed_logins + 1;
      const lock = failures >= this.config.loginMaxFailures;
      const lockedUntil = lock ? new Date(ctx.now.getTime() + this.config.lockoutMinutes * 60_000).toISOString() : null;
      await this.tx.run(async (trx) => {
        await setLoginState(trx, user.id, lock ? 0 : failures, lockedUntil);
        await this.audit.record(trx, ctx, {
          action: 'changePassword',
          outcome: 'failure',
          target: { type: 'user', id: user.id },
          details: { reason: 'currentPasswordIncorrect', failures },
        });
        if (lock) {
          await deleteUserSessions(trx, user.id);
          await this.audit.record(trx, ctx, {
            action: 'lockout',
            outcome: 'success',
            actor,
            target: { type: 'user', id: user.id },
            details: { lockedUntil, failures, via: 'changePassword' },
          });
        }
      });
      if (lock) throw new AppError('SESSION_EXPIRED', { reason: 'locked' }, ACCOUNT_LOCKED_MESSAGE);
      throw new AppError('PASSWORD_INCORRECT');
    }
    const problems = checkPassword(newPassword, user.username);
    if (newPassword === currentPassword) {
      problems.push({ code: 'WEAK', message: '新密码不能与当前密码相同' });
    }
    if (problems.length > 0) {
      throw new AppError('PASSWORD_POLICY', { fields: problems.map((p) => ({ field: 'newPassword', message: p.message })) });
    }
    const passwordHash = await hashPassword(newPassword);
    await this.tx.run(async (trx) => {
      const updated = await updateUserAtVersion(trx, user.id, user.version, {
        password_hash: passwordHash,
        must_change_password: 0,
        password_changed_at: ctx.now.toISOString(),
        updated_at: ctx.now.toISOString(),
      });
      if (updated === undefined) throw new AppError('VERSION_CONFLICT');
      // The holder proved the password: earlier wrong guesses no longer count toward the lockout.
      await setLoginState(trx, user.id, 0, null);
      // Other sessions of this account end: a password change is how a user throws out an intruder.
      await deleteUserSessions(trx, user.id, me.sessionId);
      await this.audit.record(trx, ctx, { action: 'changePassword', target: { type: 'user', id: user.id } });
    });
  }

  private toAuthenticated(user: AppUserRow, sessionId: string): Promise<AuthenticatedUser> {
    return authenticatedUser(this.units, user, sessionId);
  }
}

/** An account as every service sees it once signed in: its unit, and the root of its jurisdiction (R0.8). */
export async function authenticatedUser(units: UnitDirectory, user: AppUserRow, sessionId: string): Promise<AuthenticatedUser> {
  const unit = await units.get(user.unit_id);
  if (unit === undefined) throw new Error(`user ${user.id} has no unit`);
  const parent = unit.parent_id === null ? undefined : await units.get(unit.parent_id);
  const city = unit.kind === 'city' ? unit : await units.city();
  if (city === undefined) throw new Error('the jurisdiction tree has no city');
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    unit: { ...toRef(unit), name: unit.name },
    scope: jurisdictionRoot(user.role, toRef(unit), parent ? toRef(parent) : null, toRef(city)),
    sessionId,
    mustChangePassword: user.must_change_password === 1,
  };
}
