/**
 * Accounts at first start. Outside demo mode: the three administrators only, each with a random one-time password
 * printed once and changed at first sign-in (no default accounts). In demo mode: one account per role for a sample
 * town and community, all with the documented demo password.
 */
import type { Role } from '../../domain/access/roles.js';
import type { Transactor } from '../db/transactor.js';
import type { UnitRow } from '../db/schema.js';
import type { RequestContext } from '../http/context.js';
import type { AuditService } from '../features/audit/audit.service.js';
import { generateOneTimePassword, hashPassword } from '../features/auth/password-hasher.js';
import { findChildByName, findUnitsByKind, insertUnit } from '../features/org/org.repository.js';
import { auditUser } from '../features/users/user.mapper.js';
import { countUsers, insertUser } from '../features/users/user.repository.js';

interface AccountSpec {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly unit: UnitRow;
}

async function createAccounts(
  tx: Transactor,
  audit: AuditService,
  ctx: RequestContext,
  specs: readonly AccountSpec[],
  password: (spec: AccountSpec) => string,
  mustChange: boolean,
): Promise<{ username: string; password: string }[]> {
  const prepared = await Promise.all(specs.map(async (s) => ({ spec: s, password: password(s), hash: await hashPassword(password(s)) })));
  const now = ctx.now.toISOString();
  await tx.run(async (trx) => {
    for (const p of prepared) {
      const row = await insertUser(trx, {
        username: p.spec.username,
        display_name: p.spec.displayName,
        role: p.spec.role,
        unit_id: p.spec.unit.id,
        phone: null,
        password_hash: p.hash,
        must_change_password: mustChange ? 1 : 0,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      });
      await audit.record(trx, ctx, { action: 'createUser', target: { type: 'user', id: row.id, unitId: row.unit_id }, after: auditUser(row), details: { seed: true } });
    }
  });
  return prepared.map((p) => ({ username: p.spec.username, password: p.password }));
}

/** Outside demo mode, on an empty database: the three administrators with one-time passwords (returned to print once). */
export async function bootstrapAdministrators(tx: Transactor, audit: AuditService, ctx: RequestContext, city: UnitRow): Promise<{ username: string; password: string }[]> {
  if ((await countUsers(tx.reader)) > 0) return [];
  const passwords = new Map<string, string>();
  return createAccounts(
    tx,
    audit,
    ctx,
    [
      { username: 'sysadmin', displayName: '系统管理员', role: 'system_admin', unit: city },
      { username: 'secadmin', displayName: '安全管理员', role: 'security_admin', unit: city },
      { username: 'auditadmin', displayName: '审计管理员', role: 'audit_admin', unit: city },
    ],
    (s) => {
      const existing = passwords.get(s.username);
      if (existing !== undefined) return existing;
      const p = generateOneTimePassword();
      passwords.set(s.username, p);
      return p;
    },
    true,
  );
}

export const DEMO_TOWN = '东城街道';
export const SAMPLE_COMMUNITIES: readonly { name: string; kind: '村' | '社区' }[] = [
  { name: '示例社区一', kind: '社区' },
  { name: '示例社区二', kind: '社区' },
  { name: '示例村', kind: '村' },
];

export const DEMO_ACCOUNTS: readonly { username: string; displayName: string; role: Role; unit: 'community' | 'town' | 'department' | 'bureau' | 'city' }[] = [
  { username: 'community', displayName: '陈晓敏（示例社区一）', role: 'community_staff', unit: 'community' },
  { username: 'town', displayName: '李建华（东城街道公共服务办）', role: 'town_staff', unit: 'town' },
  { username: 'finance', displayName: '王国强（东城街道财政）', role: 'department_reviewer', unit: 'department' },
  { username: 'bureau', displayName: '张丽（市民政局）', role: 'bureau_admin', unit: 'bureau' },
  { username: 'supervisor', displayName: '刘志明（人大代表）', role: 'supervisor', unit: 'town' },
  { username: 'sysadmin', displayName: '系统管理员', role: 'system_admin', unit: 'city' },
  { username: 'secadmin', displayName: '安全管理员', role: 'security_admin', unit: 'city' },
  { username: 'auditadmin', displayName: '审计管理员', role: 'audit_admin', unit: 'city' },
];

/** Demo mode: clearly-marked sample communities in every town, and the demo accounts. */
export async function seedDemoAccounts(tx: Transactor, audit: AuditService, ctx: RequestContext, city: UnitRow, demoPassword: string): Promise<boolean> {
  if ((await countUsers(tx.reader)) > 0) return false;
  const towns = await findUnitsByKind(tx.reader, 'town');
  await tx.run(async (trx) => {
    for (const town of towns) {
      for (const c of SAMPLE_COMMUNITIES) {
        if ((await findChildByName(trx, town.id, c.name)) !== undefined) continue;
        await insertUnit(trx, { kind: 'community', subkind: c.kind, name: c.name, code: null, parent: town, isSample: true, createdAt: ctx.now.toISOString() });
      }
    }
    await audit.record(trx, ctx, {
      action: 'createUnit',
      target: { type: 'unit', id: city.id, unitId: city.id },
      details: { seed: 'demo', sampleCommunitiesPerTown: SAMPLE_COMMUNITIES.length },
    });
  });
  const town = towns.find((t) => t.name === DEMO_TOWN);
  if (town === undefined) throw new Error(`demo town ${DEMO_TOWN} missing`);
  const community = await findChildByName(tx.reader, town.id, SAMPLE_COMMUNITIES[0]?.name ?? '');
  const department = await findChildByName(tx.reader, town.id, `${DEMO_TOWN}财政`);
  const bureau = (await findUnitsByKind(tx.reader, 'bureau'))[0];
  if (community === undefined || department === undefined || bureau === undefined) throw new Error('demo units missing');
  const units = { community, town, department, bureau, city };
  await createAccounts(
    tx,
    audit,
    ctx,
    DEMO_ACCOUNTS.map((a) => ({ username: a.username, displayName: a.displayName, role: a.role, unit: units[a.unit] })),
    () => demoPassword,
    false,
  );
  return true;
}
