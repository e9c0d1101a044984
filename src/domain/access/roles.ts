/**
 * Roles and organisational units (GLOSSARY.md). 三员分立: the three administrator roles never handle cases
 * and no account holds more than one role.
 */

export const ROLES = [
  'community_staff',
  'town_staff',
  'department_reviewer',
  'bureau_admin',
  'supervisor',
  'system_admin',
  'security_admin',
  'audit_admin',
] as const;
export type Role = (typeof ROLES)[number];

export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

/** 三员分立: the roles an account may be created with; administrator roles are only granted by `assignRole`. */
export const CREATABLE_ROLES: readonly Role[] = ROLES.filter((r) => !ADMIN_ROLES.includes(r));

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  community_staff: '村（社区）专职工作人员',
  town_staff: '镇街牵头部门工作人员',
  department_reviewer: '职能部门审核人员',
  bureau_admin: '市民政局管理员',
  supervisor: '两代表一委员',
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
};

export const UNIT_KINDS = ['city', 'town', 'community', 'department', 'bureau'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Readonly<Record<UnitKind, string>> = {
  city: '市',
  town: '镇（街道）',
  community: '村（社区）',
  department: '职能部门',
  bureau: '市民政局',
};

/** Which unit kinds an account of each role may belong to. */
export const ROLE_UNIT_KINDS: Readonly<Record<Role, readonly UnitKind[]>> = {
  community_staff: ['community'],
  town_staff: ['town'],
  department_reviewer: ['department'],
  bureau_admin: ['bureau'],
  supervisor: ['city', 'town', 'community'],
  system_admin: ['bureau', 'city'],
  security_admin: ['bureau', 'city'],
  audit_admin: ['bureau', 'city'],
};

/**
 * A unit's place in the jurisdiction tree. `path` is the materialised path of unit ids from the city down,
 * e.g. `/1/4/57/`; a unit is inside another's jurisdiction when its path starts with the other's.
 */
export interface UnitRef {
  readonly id: number;
  readonly kind: UnitKind;
  readonly path: string;
}

export function isWithin(target: Pick<UnitRef, 'path'>, scope: Pick<UnitRef, 'path'>): boolean {
  return target.path.startsWith(scope.path);
}
