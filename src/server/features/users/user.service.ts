/**
 * Account administration under 三员分立: the system administrator creates, edits, disables accounts and resets
 * passwords (business roles only); the security administrator assigns roles (including the administrator roles)
 * and unlocks accounts. No account holds two roles, and no administrator can change their own role.
 */
import { ADMIN_ROLES, CREATABLE_ROLES, ROLE_UNIT_KINDS, isWithin, type Role, type UnitRef } from '../../../domain/access/roles.js';
import type { Transactor } from '../../db/transactor.js';
import type { AppUserRow, UnitRow } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { AccessGuard } from '../../http/access.js';
import type { RequestContext } from '../../http/context.js';
import type { AuditService } from '../audit/audit.service.js';
import { deleteUserSessions } from '../auth/session.repository.js';
import { generateOneTimePassword, hashPassword } from '../auth/password-hasher.js';
import { findUnit } from '../org/org.repository.js';
import { auditUser, mapUserRecord, type UserRecord } from './user.mapper.js';
import { findUserById, findUserByUsername, insertUser, listUsers, updateUserAtVersion, type UserListQuery } from './user.repository.js';

const ref = (u: UnitRow): UnitRef => ({ id: u.id, kind: u.kind, path: u.path });

export interface CreateUserInput {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly unitId: number;
  readonly phone?: string | undefined;
}

export interface UpdateUserInput {
  readonly version: number;
  readonly displayName?: string | undefined;
  readonly unitId?: number | undefined;
  readonly phone?: string | null | undefined;
  readonly disabled?: boolean | undefined;
}

export class UserService {
  constructor(
    private readonly tx: Transactor,
    private readonly audit: AuditService,
    private readonly access: AccessGuard,
  ) {}

  async list(ctx: RequestContext, q: Omit<UserListQuery, 'scopePath'>): Promise<{ total: number; items: UserRecord[] }> {
    const me = await this.access.require(ctx, 'listUsers', null);
    const { total, rows } = await listUsers(this.tx.reader, { ...q, scopePath: me.scope.path });
    return { total, items: rows.map((r) => mapUserRecord(r, r.unit_name, ctx.now)) };
  }

  async create(ctx: RequestContext, input: CreateUserInput): Promise<{ user: UserRecord; oneTimePassword: string }> {
    const unit = await this.unitFor(input.role, input.unitId);
    await this.access.require(ctx, 'createUser', ref(unit));
    if (!CREATABLE_ROLES.includes(input.role)) {
      // 三员分立: administrator accounts are granted by the security administrator (assignRole), never created with one.
      throw new AppError('SEPARATION_OF_DUTIES', { fields: [{ field: 'role', message: '管理员角色须由安全管理员授予' }] });
    }
    const username = input.username.trim().toLowerCase();
    if ((await findUserByUsername(this.tx.reader, username)) !== undefined) {
      throw new AppError('DUPLICATE', { fields: [{ field: 'username', message: '用户名已被使用' }] });
    }
    const oneTimePassword = generateOneTimePassword();
    const passwordHash = await hashPassword(oneTimePassword);
    const now = ctx.now.toISOString();
    const row = await this.tx.run(async (trx) => {
      const created = await insertUser(trx, {
        username,
        display_name: input.displayName.trim(),
        role: input.role,
        unit_id: unit.id,
        phone: input.phone ?? null,
        password_hash: passwordHash,
        must_change_password: 1,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      });
      await this.audit.record(trx, ctx, {
        action: 'createUser',
        target: { type: 'user', id: created.id, unitId: unit.id },
        after: auditUser(created),
      });
      return created;
    });
    return { user: mapUserRecord(row, unit.name, ctx.now), oneTimePassword };
  }

  async update(ctx: RequestContext, id: number, input: UpdateUserInput): Promise<UserRecord> {
    const current = await this.load(id);
    const currentUnit = await this.unitOf(current);
    const me = await this.access.require(ctx, 'updateUser', ref(currentUnit));
    if (ADMIN_ROLES.includes(current.role) && current.id !== me.userId) {
      throw new AppError('SEPARATION_OF_DUTIES', { fields: [{ field: 'id', message: '管理员账号由安全管理员管理' }] });
    }
    if (input.disabled === true && current.id === me.userId) {
      throw new AppError('SEPARATION_OF_DUTIES', { fields: [{ field: 'disabled', message: '不能停用自己的账号' }] });
    }
    const unit = input.unitId === undefined ? currentUnit : await this.unitFor(current.role, input.unitId);
    if (!isWithin(unit, me.scope)) throw new AppError('FORBIDDEN_SCOPE');
    const updated = await this.tx.run(async (trx) => {
      const row = await updateUserAtVersion(trx, id, input.version, {
        ...(input.displayName !== undefined ? { display_name: input.displayName.trim() } : {}),
        ...(input.unitId !== undefined ? { unit_id: unit.id } : {}),
        ...(input.phone !== undefined ? { phone: input.phone } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled ? 1 : 0 } : {}),
        updated_at: ctx.now.toISOString(),
      });
      if (row === undefined) throw new AppError('VERSION_CONFLICT');
      if (row.disabled === 1 || row.unit_id !== current.unit_id) await deleteUserSessions(trx, id);
      await this.audit.record(trx, ctx, {
        action: 'updateUser',
        target: { type: 'user', id, unitId: unit.id },
        before: auditUser(current),
        after: auditUser(row),
      });
      return row;
    });
    return mapUserRecord(updated, unit.name, ctx.now);
  }

  async resetPassword(ctx: RequestContext, id: number, version: number): Promise<{ user: UserRecord; oneTimePassword: string }> {
    const current = await this.load(id);
    const unit = await this.unitOf(current);
    const me = await this.access.require(ctx, 'resetUserPassword', ref(unit));
    if (current.id === me.userId || ADMIN_ROLES.includes(current.role)) {
      throw new AppError('SEPARATION_OF_DUTIES', { fields: [{ field: 'id', message: '不能为自己或其他管理员重置密码' }] });
    }
    const oneTimePassword = generateOneTimePassword();
    const passwordHash = await hashPassword(oneTimePassword);
    const row = await this.tx.run(async (trx) => {
      const updated = await updateUserAtVersion(trx, id, version, {
        password_hash: passwordHash,
        must_change_password: 1,
        password_changed_at: ctx.now.toISOString(),
        failed_logins: 0,
        locked_until: null,
        updated_at: ctx.now.toISOString(),
      });
      if (updated === undefined) throw new AppError('VERSION_CONFLICT');
      await deleteUserSessions(trx, id);
      await this.audit.record(trx, ctx, { action: 'resetUserPassword', target: { type: 'user', id, unitId: unit.id } });
      return updated;
    });
    return { user: mapUserRecord(row, unit.name, ctx.now), oneTimePassword };
  }

  async assignRole(ctx: RequestContext, id: number, version: number, role: Role, unitId: number | undefined): Promise<UserRecord> {
    const current = await this.load(id);
    const unit = await this.unitFor(role, unitId ?? current.unit_id);
    const me = await this.access.require(ctx, 'assignRole', ref(unit));
    if (current.id === me.userId) {
      throw new AppError('SEPARATION_OF_DUTIES', { fields: [{ field: 'id', message: '不能修改自己的角色' }] });
    }
    const row = await this.tx.run(async (trx) => {
      const updated = await updateUserAtVersion(trx, id, version, { role, unit_id: unit.id, updated_at: ctx.now.toISOString() });
      if (updated === undefined) throw new AppError('VERSION_CONFLICT');
      // A new role takes effect at the next sign-in.
      await deleteUserSessions(trx, id);
      await this.audit.record(trx, ctx, {
        action: 'assignRole',
        target: { type: 'user', id, unitId: unit.id },
        before: { role: current.role, unitId: current.unit_id },
        after: { role, unitId: unit.id },
      });
      return updated;
    });
    return mapUserRecord(row, unit.name, ctx.now);
  }

  async unlock(ctx: RequestContext, id: number): Promise<UserRecord> {
    const current = await this.load(id);
    const unit = await this.unitOf(current);
    await this.access.require(ctx, 'unlockUser', ref(unit));
    const row = await this.tx.run(async (trx) => {
      const updated = await updateUserAtVersion(trx, id, current.version, { failed_logins: 0, locked_until: null, updated_at: ctx.now.toISOString() });
      if (updated === undefined) throw new AppError('VERSION_CONFLICT');
      await this.audit.record(trx, ctx, {
        action: 'unlockUser',
        target: { type: 'user', id, unitId: unit.id },
        before: { lockedUntil: current.locked_until },
      });
      return updated;
    });
    return mapUserRecord(row, unit.name, ctx.now);
  }

  private async load(id: number): Promise<AppUserRow> {
    const row = await findUserById(this.tx.reader, id);
    if (row === undefined) throw new AppError('NOT_FOUND');
    return row;
  }

  private async unitOf(user: AppUserRow): Promise<UnitRow> {
    const unit = await findUnit(this.tx.reader, user.unit_id);
    if (unit === undefined) throw new Error(`user ${user.id} has no unit`);
    return unit;
  }

  /** The unit, checked to be a kind the role can belong to. */
  private async unitFor(role: Role, unitId: number): Promise<UnitRow> {
    const unit = await findUnit(this.tx.reader, unitId);
    if (unit === undefined) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'unitId', message: '单位不存在' }] });
    if (!ROLE_UNIT_KINDS[role].includes(unit.kind)) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'unitId', message: '该角色不能属于此类单位' }] });
    }
    return unit;
  }
}
