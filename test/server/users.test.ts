/**
 * Account administration under 三员分立 (R0.8): the system administrator creates and edits business accounts only,
 * the security administrator grants roles (the administrator roles included) but never their own and creates no
 * account, the audit administrator touches no account. Usernames are unique, a role fits its unit's kind, edits
 * carry the version they read (optimistic concurrency), bodies cannot smuggle a role in, and every write leaves an
 * audit record with before/after but never a password hash or a full phone number (R0.7).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATABLE_ROLES, ROLES } from '../../src/domain/access/roles.js';
import { DIALECTS } from '../support/dialects.js';
import { createTestSystem, type TestSystem } from '../support/system.js';
import { auditRows, cookieJar, createUser, expectError, fieldsOf, lastAuditId, parseJson, unitNamed, userNamed } from './fixtures.js';

interface UserRecord {
  id: number;
  username: string;
  role: string;
  unit: { id: number; name: string };
  phone: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  version: number;
  displayName: string;
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] users`, () => {
    let sys: TestSystem;
    let as: (username: string) => Promise<string>;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      as = cookieJar(sys);
    });
    afterAll(async () => sys.close());

    it('R0.8 R0.7 the system administrator creates a business account with a one-time password, audited without secrets', async () => {
      const community = await unitNamed(sys, '示例社区一');
      const before = await lastAuditId(sys);
      const res = await sys.request('POST', '/api/users', {
        cookie: await as('sysadmin'),
        body: { username: 'Chen.Hong', displayName: '陈红', role: 'community_staff', unitId: community.id, phone: '13812345678' },
      });
      expect(res.statusCode).toBe(201);
      const body = res.json<{ user: UserRecord; oneTimePassword: string }>();
      expect(body.user).toMatchObject({
        username: 'chen.hong',
        role: 'community_staff',
        unit: { id: community.id, name: '示例社区一' },
        phone: '138****5678',
        mustChangePassword: true,
        disabled: false,
        version: 1,
      });
      expect(body.oneTimePassword).toHaveLength(16);
      expect((await sys.request('POST', '/api/session', { body: { username: 'chen.hong', password: body.oneTimePassword } })).json()).toMatchObject({
        mustChangePassword: true,
      });
      const rows = await auditRows(sys, before);
      const created = rows.find((r) => r.action === 'createUser');
      expect(created).toMatchObject({ actor_username: 'sysadmin', actor_role: 'system_admin', target_type: 'user', target_id: String(body.user.id), target_unit_id: community.id, outcome: 'success' });
      expect(parseJson(created?.after_json ?? null)).toMatchObject({ username: 'chen.hong', role: 'community_staff', phone: '138****5678', mustChangePassword: true });
      const all = JSON.stringify(rows);
      expect(all).toContain('138****5678');
      expect(all).not.toContain('13812345678');
      expect(all).not.toContain('$argon2');
      expect(all).not.toContain(body.oneTimePassword);
      // The stored number is whole: masking is for what leaves, not for the record.
      expect((await userNamed(sys, 'chen.hong'))?.phone).toBe('13812345678');
    });

    it('R0.8 the system administrator cannot create an administrator account: the roles the user form offers are all the server accepts', async () => {
      const city = await unitNamed(sys, '东莞市');
      const refused = ROLES.filter((r) => !CREATABLE_ROLES.includes(r));
      expect(refused).toEqual(['system_admin', 'security_admin', 'audit_admin']);
      for (const role of refused) {
        const res = await sys.request('POST', '/api/users', { cookie: await as('sysadmin'), body: { username: `x${role.replace('_', '')}`, displayName: '管理员', role, unitId: city.id } });
        expectError(res, 'SEPARATION_OF_DUTIES');
      }
      expect(await sys.database.db.selectFrom('app_user').select('id').where('username', 'like', 'x%admin').execute()).toEqual([]);
    });

    it('R0.8 the system administrator cannot grant roles or unlock accounts', async () => {
      const town = await userNamed(sys, 'town');
      expectError(await sys.request('PUT', `/api/users/${town?.id}/role`, { cookie: await as('sysadmin'), body: { version: town?.version, role: 'supervisor' } }), 'FORBIDDEN_ROLE');
      expectError(await sys.request('POST', `/api/users/${town?.id}/unlock`, { cookie: await as('sysadmin') }), 'FORBIDDEN_ROLE');
      expect((await userNamed(sys, 'town'))?.role).toBe('town_staff');
    });

    it('R0.8 R0.7 the security administrator grants roles, the administrator roles included, with before/after audited', async () => {
      const city = await unitNamed(sys, '东莞市');
      const target = await createUser(sys, await as('sysadmin'), { username: 'future.admin', role: 'supervisor', unitName: '东城街道' });
      const session = await sys.login('future.admin', target.oneTimePassword);
      const secadmin = await as('secadmin');
      const before = await lastAuditId(sys);
      const res = await sys.request('PUT', `/api/users/${target.id}/role`, {
        cookie: secadmin,
        body: { version: target.version, role: 'audit_admin', unitId: city.id },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ role: 'audit_admin', unit: { id: city.id }, version: target.version + 1 });
      // The new role takes effect at the next sign-in: the old session is gone.
      expectError(await sys.request('GET', '/api/session', { cookie: session }), 'SESSION_EXPIRED');
      const rows = await auditRows(sys, before);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ action: 'assignRole', actor_username: 'secadmin', actor_role: 'security_admin', target_id: String(target.id) });
      const eastTown = await unitNamed(sys, '东城街道');
      expect(parseJson(rows[0]?.before_json ?? null)).toEqual({ role: 'supervisor', unitId: eastTown.id });
      expect(parseJson(rows[0]?.after_json ?? null)).toEqual({ role: 'audit_admin', unitId: city.id });
    });

    it('R0.8 the security administrator cannot change their own role nor create accounts', async () => {
      const me = await userNamed(sys, 'secadmin');
      expectError(await sys.request('PUT', `/api/users/${me?.id}/role`, { cookie: await as('secadmin'), body: { version: me?.version, role: 'system_admin' } }), 'SEPARATION_OF_DUTIES');
      const town = await unitNamed(sys, '东城街道');
      expectError(
        await sys.request('POST', '/api/users', { cookie: await as('secadmin'), body: { username: 'by.secadmin', displayName: '某人', role: 'town_staff', unitId: town.id } }),
        'FORBIDDEN_ROLE',
      );
      expect((await userNamed(sys, 'secadmin'))?.role).toBe('security_admin');
      expect(await userNamed(sys, 'by.secadmin')).toBeUndefined();
    });

    it('R0.8 the audit administrator cannot read or touch any account', async () => {
      const cookie = await as('auditadmin');
      const town = await userNamed(sys, 'town');
      const unit = await unitNamed(sys, '东城街道');
      expectError(await sys.request('GET', '/api/users', { cookie }), 'FORBIDDEN_ROLE');
      expectError(await sys.request('POST', '/api/users', { cookie, body: { username: 'by.audit', displayName: '某人', role: 'town_staff', unitId: unit.id } }), 'FORBIDDEN_ROLE');
      expectError(await sys.request('PATCH', `/api/users/${town?.id}`, { cookie, body: { version: town?.version, displayName: '改名' } }), 'FORBIDDEN_ROLE');
      expectError(await sys.request('POST', `/api/users/${town?.id}/password-reset`, { cookie, body: { version: town?.version } }), 'FORBIDDEN_ROLE');
      expectError(await sys.request('PUT', `/api/users/${town?.id}/role`, { cookie, body: { version: town?.version, role: 'supervisor' } }), 'FORBIDDEN_ROLE');
      expectError(await sys.request('POST', `/api/users/${town?.id}/unlock`, { cookie }), 'FORBIDDEN_ROLE');
      expect(await userNamed(sys, 'town')).toEqual(town);
    });

    it('R0.8 the system administrator cannot edit or reset another administrator', async () => {
      const sec = await userNamed(sys, 'secadmin');
      expectError(await sys.request('PATCH', `/api/users/${sec?.id}`, { cookie: await as('sysadmin'), body: { version: sec?.version, disabled: true } }), 'SEPARATION_OF_DUTIES');
      expectError(await sys.request('POST', `/api/users/${sec?.id}/password-reset`, { cookie: await as('sysadmin'), body: { version: sec?.version } }), 'SEPARATION_OF_DUTIES');
      expect((await userNamed(sys, 'secadmin'))?.disabled).toBe(0);
    });

    it('a username is unique, whatever its case', async () => {
      const town = await unitNamed(sys, '东城街道');
      for (const username of ['town', 'Town']) {
        const res = await sys.request('POST', '/api/users', { cookie: await as('sysadmin'), body: { username, displayName: '重名', role: 'town_staff', unitId: town.id } });
        expect(fieldsOf(expectError(res, 'DUPLICATE'))).toEqual([{ field: 'username', message: '用户名已被使用' }]);
      }
    });

    it('a role must fit the kind of its unit', async () => {
      const town = await unitNamed(sys, '东城街道');
      const community = await unitNamed(sys, '示例社区一');
      const wrong = await sys.request('POST', '/api/users', { cookie: await as('sysadmin'), body: { username: 'misplaced', displayName: '错位', role: 'community_staff', unitId: town.id } });
      expect(fieldsOf(expectError(wrong, 'VALIDATION_FAILED'))).toEqual([{ field: 'unitId', message: '该角色不能属于此类单位' }]);
      expect(await userNamed(sys, 'misplaced')).toBeUndefined();
      // Granting a role whose unit kind differs without moving the account is refused too.
      const staff = await userNamed(sys, 'community');
      const grant = await sys.request('PUT', `/api/users/${staff?.id}/role`, { cookie: await as('secadmin'), body: { version: staff?.version, role: 'system_admin' } });
      expectError(grant, 'VALIDATION_FAILED');
      const move = await sys.request('PATCH', `/api/users/${(await userNamed(sys, 'town'))?.id}`, {
        cookie: await as('sysadmin'),
        body: { version: (await userNamed(sys, 'town'))?.version, unitId: community.id },
      });
      expectError(move, 'VALIDATION_FAILED');
      expect((await userNamed(sys, 'community'))?.role).toBe('community_staff');
    });

    it('R0.8 a PATCH carrying a role or any undeclared field is refused whole', async () => {
      const target = await createUser(sys, await as('sysadmin'), { username: 'mass.assign', role: 'town_staff', unitName: '莞城街道' });
      for (const extra of [{ role: 'system_admin' }, { mustChangePassword: false }, { passwordHash: 'x' }, { version: target.version, id: 1 }]) {
        const res = await sys.request('PATCH', `/api/users/${target.id}`, { cookie: await as('sysadmin'), body: { version: target.version, displayName: '改了', ...extra } });
        const fields = fieldsOf(expectError(res, 'VALIDATION_FAILED'));
        expect(fields).toEqual([{ field: Object.keys(extra).find((k) => k !== 'version'), message: '不允许的字段' }]);
      }
      expect(await userNamed(sys, 'mass.assign')).toMatchObject({ role: 'town_staff', display_name: '测试用户mass.assign', version: 1, must_change_password: 1 });
    });

    it('two edits from the same version: exactly one wins, the other gets VERSION_CONFLICT (one after the other)', async () => {
      const target = await createUser(sys, await as('sysadmin'), { username: 'race.one', role: 'town_staff', unitName: '万江街道' });
      const cookie = await as('sysadmin');
      const first = await sys.request('PATCH', `/api/users/${target.id}`, { cookie, body: { version: target.version, displayName: '甲' } });
      const second = await sys.request('PATCH', `/api/users/${target.id}`, { cookie, body: { version: target.version, displayName: '乙' } });
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ displayName: '甲', version: 2 });
      expectError(second, 'VERSION_CONFLICT');
      expect((await userNamed(sys, 'race.one'))?.display_name).toBe('甲');
    });

    it('R0.7 two edits from the same version at the same moment: exactly one wins and only it is audited', async () => {
      const target = await createUser(sys, await as('sysadmin'), { username: 'race.two', role: 'town_staff', unitName: '万江街道' });
      const cookie = await as('sysadmin');
      const before = await lastAuditId(sys);
      const results = await Promise.all(
        ['甲', '乙', '丙'].map((displayName) => sys.request('PATCH', `/api/users/${target.id}`, { cookie, body: { version: target.version, displayName } })),
      );
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes).toEqual([200, 409, 409]);
      const winner = results.find((r) => r.statusCode === 200)?.json<UserRecord>();
      for (const r of results.filter((x) => x.statusCode === 409)) expectError(r, 'VERSION_CONFLICT');
      expect(await userNamed(sys, 'race.two')).toMatchObject({ display_name: winner?.displayName, version: 2 });
      const rows = await auditRows(sys, before);
      expect(rows.map((r) => r.action)).toEqual(['updateUser']);
      expect(parseJson(rows[0]?.after_json ?? null)).toMatchObject({ displayName: winner?.displayName, version: 2 });
    });

    it('R0.7 an edit is audited with before and after, the phone number masked on both sides', async () => {
      const target = await createUser(sys, await as('sysadmin'), { username: 'phone.change', role: 'town_staff', unitName: '石龙镇', phone: '13912340000' });
      const before = await lastAuditId(sys);
      const res = await sys.request('PATCH', `/api/users/${target.id}`, { cookie: await as('sysadmin'), body: { version: target.version, phone: '15887654321', disabled: true } });
      expect(res.json()).toMatchObject({ phone: '158****4321', disabled: true, version: 2 });
      const rows = await auditRows(sys, before);
      expect(rows).toHaveLength(1);
      expect(parseJson(rows[0]?.before_json ?? null)).toMatchObject({ phone: '139****0000', disabled: false, version: 1 });
      expect(parseJson(rows[0]?.after_json ?? null)).toMatchObject({ phone: '158****4321', disabled: true, version: 2 });
      const all = JSON.stringify(rows);
      expect(all).not.toContain('13912340000');
      expect(all).not.toContain('15887654321');
    });

    it('R0.7 a password reset and an unlock are audited, the new password nowhere in the log', async () => {
      const target = await createUser(sys, await as('sysadmin'), { username: 'reset.me', role: 'supervisor', unitName: '东城街道' });
      for (let i = 0; i < 5; i++) await sys.request('POST', '/api/session', { body: { username: 'reset.me', password: `Wrong-${i}-Password` } });
      expect((await userNamed(sys, 'reset.me'))?.locked_until).not.toBeNull();
      const before = await lastAuditId(sys);
      const unlock = await sys.request('POST', `/api/users/${target.id}/unlock`, { cookie: await as('secadmin') });
      expect(unlock.json()).toMatchObject({ lockedUntil: null });
      const version = (await userNamed(sys, 'reset.me'))?.version;
      const reset = await sys.request('POST', `/api/users/${target.id}/password-reset`, { cookie: await as('sysadmin'), body: { version } });
      const otp = reset.json<{ oneTimePassword: string }>().oneTimePassword;
      expect(otp).not.toBe(target.oneTimePassword);
      expect((await sys.request('POST', '/api/session', { body: { username: 'reset.me', password: otp } })).statusCode).toBe(200);
      const rows = await auditRows(sys, before);
      expect(rows.filter((r) => r.action !== 'login').map((r) => [r.action, r.actor_username])).toEqual([
        ['unlockUser', 'secadmin'],
        ['resetUserPassword', 'sysadmin'],
      ]);
      expect(JSON.stringify(rows)).not.toContain(otp);
    });

    it('the list shows phone numbers masked and only the administrators of users can read it', async () => {
      const list = await sys.request('GET', '/api/users?keyword=chen', { cookie: await as('secadmin') });
      expect(list.statusCode).toBe(200);
      const items = list.json<{ items: UserRecord[] }>().items;
      expect(items.map((u) => [u.username, u.phone])).toEqual([['chen.hong', '138****5678']]);
      expect(list.body).not.toContain('13812345678');
      for (const username of ['community', 'town', 'finance', 'bureau', 'supervisor']) {
        expectError(await sys.request('GET', '/api/users', { cookie: await as(username) }), 'FORBIDDEN_ROLE');
      }
    });

    it('editing an account that does not exist is a 404', async () => {
      expectError(await sys.request('PATCH', '/api/users/999999', { cookie: await as('sysadmin'), body: { version: 1, displayName: '无' } }), 'NOT_FOUND');
    });
  });
}
