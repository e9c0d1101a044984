/**
 * Who acts in the demo: the units of the demo town (its three sample communities and the departments that review),
 * the extra accounts the demo needs — the staff of 示例社区二 and 示例村, the reviewers of 住建 and 农林水务, to whom
 * its projects are sent — created like every seeded account, audited,
 * and each account as the `AuthenticatedUser` the services expect, built from its row without signing in.
 */
import type { Transactor } from '../../db/transactor.js';
import type { AppUserRow, UnitRow } from '../../db/schema.js';
import { authenticatedUser } from '../../features/auth/auth.service.js';
import { UnitDirectory } from '../../features/org/unit-directory.js';
import type { AuthenticatedUser, RequestContext } from '../../http/context.js';
import type { AuditService } from '../../features/audit/audit.service.js';
import { hashPassword } from '../../features/auth/password-hasher.js';
import { findChildByName, findUnitsByKind } from '../../features/org/org.repository.js';
import { auditUser } from '../../features/users/user.mapper.js';
import { findUserByUsername, insertUser } from '../../features/users/user.repository.js';
import { DEMO_TOWN, SAMPLE_COMMUNITIES } from '../accounts.seed.js';

export type CommunityKey = 'one' | 'two' | 'village';

export interface DemoCommunity {
  readonly key: CommunityKey;
  readonly unit: UnitRow;
  readonly staff: AuthenticatedUser;
  /** Where its meetings are held, who hosts and records them, who signs its forms. */
  readonly meetingPlace: string;
  readonly hostName: string;
  readonly recorderName: string;
  readonly contact: { readonly name: string; readonly title: string; readonly phone: string };
  /** 填报单位 of its 结项表. */
  readonly reportingUnit: string;
}

export interface DemoDepartment {
  readonly id: number;
  /** As the review and the stamps name it: 财政, 住建 … */
  readonly shortName: string;
  readonly fullName: string;
}

export interface DemoCast {
  readonly town: UnitRow;
  readonly communities: Readonly<Record<CommunityKey, DemoCommunity>>;
  readonly townStaff: AuthenticatedUser;
  readonly finance: AuthenticatedUser;
  /** 市民政局: the allocations (R8.3). */
  readonly bureau: AuthenticatedUser;
  readonly departments: { readonly finance: DemoDepartment; readonly housing: DemoDepartment; readonly water: DemoDepartment };
}

/** The accounts the demo adds to those of accounts.seed.ts, one per sample community without one. */
/** A department of the demo town by its short name (the 财政 account is seeded with the base accounts). */
type DepartmentName = '住建' | '农林水务';

type ExtraAccount =
  | { readonly username: string; readonly displayName: string; readonly role: 'community_staff'; readonly community: CommunityKey }
  | { readonly username: string; readonly displayName: string; readonly role: 'department_reviewer'; readonly department: DepartmentName };

export const EXTRA_DEMO_ACCOUNTS: readonly ExtraAccount[] = [
  { username: 'community2', displayName: '黄志伟（示例社区二）', role: 'community_staff', community: 'two' },
  { username: 'village', displayName: '罗丽娟（示例村）', role: 'community_staff', community: 'village' },
  { username: 'housing', displayName: '周海涛（东城街道住建）', role: 'department_reviewer', department: '住建' },
  { username: 'water', displayName: '钟伟强（东城街道农林水务）', role: 'department_reviewer', department: '农林水务' },
];

/** The account as a signed-in user, exactly as AuthService builds one; `sessionId` only marks the demo. */
export async function actAs(tx: Transactor, username: string): Promise<AuthenticatedUser> {
  const user = await findUserByUsername(tx.reader, username);
  if (user === undefined) throw new Error(`demo account ${username} missing`);
  return authenticatedFromRow(tx, user);
}

function authenticatedFromRow(tx: Transactor, user: AppUserRow): Promise<AuthenticatedUser> {
  return authenticatedUser(new UnitDirectory(tx), user, 'demo-seed');
}

async function child(tx: Transactor, parent: UnitRow, name: string): Promise<UnitRow> {
  const unit = await findChildByName(tx.reader, parent.id, name);
  if (unit === undefined) throw new Error(`demo unit ${name} missing under ${parent.name}`);
  return unit;
}

/** Creates the extra accounts (if absent) with the demo password, each creation audited. */
async function ensureExtraAccounts(
  tx: Transactor,
  audit: AuditService,
  ctx: RequestContext,
  units: Readonly<Record<CommunityKey, UnitRow>>,
  departmentUnit: (name: DepartmentName) => Promise<UnitRow>,
  password: string,
): Promise<void> {
  const missing: ExtraAccount[] = [];
  for (const spec of EXTRA_DEMO_ACCOUNTS) {
    if ((await findUserByUsername(tx.reader, spec.username)) === undefined) missing.push(spec);
  }
  if (missing.length === 0) return;
  const hash = await hashPassword(password);
  const now = ctx.now.toISOString();
  const unitIds = new Map<string, number>();
  for (const spec of missing) unitIds.set(spec.username, spec.role === 'community_staff' ? units[spec.community].id : (await departmentUnit(spec.department)).id);
  await tx.run(async (trx) => {
    for (const spec of missing) {
      const unitId = unitIds.get(spec.username);
      if (unitId === undefined) throw new Error(`unit of ${spec.username} missing`);
      const row = await insertUser(trx, {
        username: spec.username,
        display_name: spec.displayName,
        role: spec.role,
        unit_id: unitId,
        phone: null,
        password_hash: hash,
        must_change_password: 0,
        password_changed_at: now,
        created_at: now,
        updated_at: now,
      });
      await audit.record(trx, ctx, { action: 'createUser', target: { type: 'user', id: row.id, unitId: row.unit_id }, after: auditUser(row), details: { seed: 'demo' } });
    }
  });
}

export async function loadCast(tx: Transactor, audit: AuditService, ctx: RequestContext, demoPassword: string): Promise<DemoCast> {
  const town = (await findUnitsByKind(tx.reader, 'town')).find((t) => t.name === DEMO_TOWN);
  if (town === undefined) throw new Error(`demo town ${DEMO_TOWN} missing`);
  const [one, two, village] = SAMPLE_COMMUNITIES;
  if (one === undefined || two === undefined || village === undefined) throw new Error('sample communities missing');
  const units: Record<CommunityKey, UnitRow> = {
    one: await child(tx, town, one.name),
    two: await child(tx, town, two.name),
    village: await child(tx, town, village.name),
  };
  await ensureExtraAccounts(tx, audit, ctx, units, (name) => child(tx, town, `${DEMO_TOWN}${name}`), demoPassword);
  const department = async (shortName: string): Promise<DemoDepartment> => {
    const unit = await child(tx, town, `${DEMO_TOWN}${shortName}`);
    return { id: unit.id, shortName, fullName: unit.name };
  };
  const communities: Record<CommunityKey, DemoCommunity> = {
    one: {
      key: 'one',
      unit: units.one,
      staff: await actAs(tx, 'community'),
      meetingPlace: `${units.one.name}党群服务中心二楼议事厅`,
      hostName: '梁志华',
      recorderName: '陈晓敏',
      contact: { name: '陈晓敏', title: '社区专职工作人员', phone: '0769-22830101' },
      reportingUnit: `${DEMO_TOWN}${units.one.name}居民委员会`,
    },
    two: {
      key: 'two',
      unit: units.two,
      staff: await actAs(tx, 'community2'),
      meetingPlace: `${units.two.name}党群服务中心一楼会议室`,
      hostName: '何国强',
      recorderName: '黄志伟',
      contact: { name: '黄志伟', title: '社区专职工作人员', phone: '0769-22830202' },
      reportingUnit: `${DEMO_TOWN}${units.two.name}居民委员会`,
    },
    village: {
      key: 'village',
      unit: units.village,
      staff: await actAs(tx, 'village'),
      meetingPlace: `${units.village.name}村委会三楼会议室`,
      hostName: '叶少华',
      recorderName: '罗丽娟',
      contact: { name: '罗丽娟', title: '村专职工作人员', phone: '0769-22830303' },
      reportingUnit: `${DEMO_TOWN}${units.village.name}村民委员会`,
    },
  };
  return {
    town,
    communities,
    townStaff: await actAs(tx, 'town'),
    finance: await actAs(tx, 'finance'),
    bureau: await actAs(tx, 'bureau'),
    departments: { finance: await department('财政'), housing: await department('住建'), water: await department('农林水务') },
  };
}
