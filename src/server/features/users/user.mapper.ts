/**
 * What leaves the server about users: the signed-in user's own view, and the administrators' list rows.
 */
import { Type, type Static } from 'typebox';
import { ROLE_ACTIONS } from '../../../domain/access/policy.js';
import { ROLE_LABELS } from '../../../domain/access/roles.js';
import { RoleSchema, UnitKindSchema } from '../../http/schemas.js';
import { maskPhoneNumber } from '../../http/masking.js';
import type { AppUserRow } from '../../db/schema.js';
import type { AuthenticatedUser } from '../../http/context.js';


export const UserView = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  roleLabel: Type.String(),
  unit: Type.Object({ id: Type.Integer(), name: Type.String(), kind: UnitKindSchema }),
  scopeUnitId: Type.Integer(),
  mustChangePassword: Type.Boolean(),
  actions: Type.Array(Type.String(), { description: '该角色可进行的操作（决定菜单）' }),
});
export type UserView = Static<typeof UserView>;

export function mapSessionUser(user: AuthenticatedUser): UserView {
  return {
    id: user.userId,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    roleLabel: ROLE_LABELS[user.role],
    unit: { id: user.unit.id, name: user.unit.name, kind: user.unit.kind },
    scopeUnitId: user.scope.id,
    mustChangePassword: user.mustChangePassword,
    actions: [...ROLE_ACTIONS[user.role]],
  };
}

export const UserRecord = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  roleLabel: Type.String(),
  unit: Type.Object({ id: Type.Integer(), name: Type.String() }),
  phone: Type.Union([Type.String(), Type.Null()], { description: '已脱敏' }),
  disabled: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  mustChangePassword: Type.Boolean(),
  createdAt: Type.String(),
  version: Type.Integer(),
});
export type UserRecord = Static<typeof UserRecord>;

export function mapUserRecord(row: AppUserRow, unitName: string, now: Date): UserRecord {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    roleLabel: ROLE_LABELS[row.role],
    unit: { id: row.unit_id, name: unitName },
    phone: row.phone === null ? null : maskPhoneNumber(row.phone),
    disabled: row.disabled === 1,
    lockedUntil: row.locked_until !== null && row.locked_until > now.toISOString() ? row.locked_until : null,
    mustChangePassword: row.must_change_password === 1,
    createdAt: row.created_at,
    version: row.version,
  };
}

/** The audit log's picture of an account: no hash, no full phone number. */
export function auditUser(row: AppUserRow): Record<string, unknown> {
  return {
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    unitId: row.unit_id,
    phone: row.phone === null ? null : maskPhoneNumber(row.phone),
    disabled: row.disabled === 1,
    mustChangePassword: row.must_change_password === 1,
    version: row.version,
  };
}
