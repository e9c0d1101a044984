/**
 * Sign-in and sessions (等保 level 3 practice as in the security checklist): a new server-side session at every
 * sign-in in an HttpOnly, SameSite=Strict cookie; sign-out destroys it; 30-minute idle and 12-hour absolute limits;
 * one answer for every failed sign-in; lockout after five failures for 30 minutes; a per-IP limit on sign-in;
 * password changes under the policy; one-time passwords that must be changed first; and outside demo mode no
 * default accounts, only three administrators with one-time passwords.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionIdOf } from '../../src/server/features/auth/auth.service.js';
import { checkPassword } from '../../src/domain/access/password-policy.js';
import { DIALECTS } from '../support/dialects.js';
import { createTestSystem, DEMO_PASSWORD, type TestSystem } from '../support/system.js';
import { activate, auditRows, CHINESE, createUser, expectError, fieldsOf, lastAuditId, parseJson, userNamed } from './fixtures.js';

const NEW_PASSWORD = 'Lychee#Garden-2031';
const MINUTE = 60_000;

function sessionCookie(res: { cookies: { name: string; value: string }[] }): string {
  const c = res.cookies.find((k) => k.name === 'msw_sid');
  if (c === undefined) throw new Error('no session cookie');
  return `msw_sid=${c.value}`;
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] sign-in and sessions`, () => {
    let sys: TestSystem;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
    });
    afterAll(async () => sys.close());

    it('a sign-in sets an HttpOnly, SameSite=Strict cookie on / holding a new token each time, never stored as such', async () => {
      const first = await sys.request('POST', '/api/session', { body: { username: 'town', password: DEMO_PASSWORD } });
      const second = await sys.request('POST', '/api/session', { body: { username: 'TOWN ', password: DEMO_PASSWORD } });
      expect(first.statusCode).toBe(200);
      expect(second.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ username: 'town', role: 'town_staff', mustChangePassword: false });
      const [a, b] = [first.cookies[0], second.cookies[0]];
      expect(a).toMatchObject({ name: 'msw_sid', httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 12 * 3600 });
      expect(a?.secure).toBeUndefined();
      expect(a?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(a?.value).not.toBe(b?.value);
      // Both sessions work; the table holds digests only.
      for (const res of [first, second]) expect((await sys.request('GET', '/api/session', { cookie: sessionCookie(res) })).statusCode).toBe(200);
      const ids = (await sys.database.db.selectFrom('session').select('id').execute()).map((r) => r.id);
      expect(ids).toContain(sessionIdOf(a?.value ?? ''));
      expect(ids).not.toContain(a?.value);
    });

    it('a made-up cookie is refused', async () => {
      expectError(await sys.request('GET', '/api/session', { cookie: 'msw_sid=forged-token-value' }), 'SESSION_EXPIRED');
      expectError(await sys.request('GET', '/api/session'), 'UNAUTHENTICATED');
    });

    it('R0.7 sign-out destroys the session: the old cookie is refused afterwards', async () => {
      const cookie = await sys.login('bureau');
      const before = await lastAuditId(sys);
      const out = await sys.request('DELETE', '/api/session', { cookie });
      expect(out.statusCode).toBe(204);
      expect(out.cookies.find((c) => c.name === 'msw_sid')?.value).toBe('');
      expectError(await sys.request('GET', '/api/session', { cookie }), 'SESSION_EXPIRED');
      expect(await sys.database.db.selectFrom('session').select('id').where('id', '=', sessionIdOf(cookie.slice('msw_sid='.length))).executeTakeFirst()).toBeUndefined();
      const rows = await auditRows(sys, before);
      expect(rows.map((r) => [r.action, r.actor_username])).toEqual([['logout', 'bureau']]);
    });

    it('R0.7 a session idle for 30 minutes ends; activity within 30 minutes keeps it', async () => {
      const cookie = await sys.login('supervisor');
      sys.clock.advanceMinutes(29);
      expect((await sys.request('GET', '/api/session', { cookie })).statusCode).toBe(200);
      sys.clock.advanceMinutes(29);
      expect((await sys.request('GET', '/api/session', { cookie })).statusCode).toBe(200);
      const before = await lastAuditId(sys);
      sys.clock.advanceMinutes(30);
      expectError(await sys.request('GET', '/api/session', { cookie }), 'SESSION_EXPIRED');
      const rows = await auditRows(sys, before);
      expect(rows.map((r) => [r.action, r.actor_username, parseJson(r.details_json)])).toEqual([['sessionExpired', 'supervisor', { reason: 'idle' }]]);
    });

    it('R0.7 a session ends 12 hours after sign-in however active it is', async () => {
      const start = sys.clock.now().getTime();
      const cookie = await sys.login('finance');
      let checks = 0;
      while (sys.clock.now().getTime() + 25 * MINUTE < start + 12 * 60 * MINUTE) {
        sys.clock.advanceMinutes(25);
        expect((await sys.request('GET', '/api/session', { cookie })).statusCode).toBe(200);
        checks += 1;
      }
      expect(checks).toBe(28);
      const before = await lastAuditId(sys);
      sys.clock.set(new Date(start + 12 * 60 * MINUTE));
      expectError(await sys.request('GET', '/api/session', { cookie }), 'SESSION_EXPIRED');
      const rows = await auditRows(sys, before);
      expect(rows.map((r) => [r.action, parseJson(r.details_json)])).toEqual([['sessionExpired', { reason: 'absolute' }]]);
    });

    it('an unknown user, a wrong password, a disabled and a locked account get the very same answer', async () => {
      // Earlier tests move the clock on: each test signs in afresh.
      const sysadmin = await sys.login('sysadmin');
      const disabled = await createUser(sys, sysadmin, { username: 'disabled.user', role: 'community_staff', unitName: '示例社区二' });
      const patch = await sys.request('PATCH', `/api/users/${disabled.id}`, { cookie: sysadmin, body: { version: disabled.version, disabled: true } });
      expect(patch.statusCode).toBe(200);
      const locked = await createUser(sys, sysadmin, { username: 'locked.user', role: 'community_staff', unitName: '示例社区二' });
      for (let i = 0; i < 5; i++) await sys.request('POST', '/api/session', { body: { username: 'locked.user', password: 'Wrong-Password-1' } });

      const attempts = [
        { username: 'nobody.here', password: DEMO_PASSWORD },
        { username: 'town', password: 'Wrong-Password-1' },
        { username: 'disabled.user', password: disabled.oneTimePassword },
        { username: 'locked.user', password: locked.oneTimePassword },
      ];
      const answers = [];
      for (const body of attempts) {
        const res = await sys.request('POST', '/api/session', { body });
        expectError(res, 'LOGIN_FAILED');
        expect(res.headers['set-cookie']).toBeUndefined();
        answers.push(res.body);
      }
      expect(new Set(answers).size).toBe(1);
      expect(JSON.parse(answers[0] ?? '{}')).toEqual({ error: { code: 'LOGIN_FAILED', message: '用户名或密码错误，或账号暂时不可用', details: null } });
    });

    it('R0.7 five failures lock the account for 30 minutes; each failure and the lockout are audited', async () => {
      const sysadmin = await sys.login('sysadmin');
      await createUser(sys, sysadmin, { username: 'lock.me', role: 'town_staff', unitName: '南城街道' });
      // Four failures, then a success, reset the count.
      const account = await userNamed(sys, 'lock.me');
      const otp = (await sys.request('POST', `/api/users/${account?.id}/password-reset`, { cookie: sysadmin, body: { version: account?.version } })).json<{ oneTimePassword: string }>().oneTimePassword;
      for (let i = 0; i < 4; i++) expectError(await sys.request('POST', '/api/session', { body: { username: 'lock.me', password: `Wrong-${i}-Password` } }), 'LOGIN_FAILED');
      expect((await sys.request('POST', '/api/session', { body: { username: 'lock.me', password: otp } })).statusCode).toBe(200);
      expect((await userNamed(sys, 'lock.me'))?.failed_logins).toBe(0);

      const before = await lastAuditId(sys);
      for (let i = 0; i < 5; i++) expectError(await sys.request('POST', '/api/session', { body: { username: 'lock.me', password: `Wrong-${i}-Password` } }), 'LOGIN_FAILED');
      const lockedAt = sys.clock.now().getTime();
      const row = await userNamed(sys, 'lock.me');
      expect(row?.locked_until).toBe(new Date(lockedAt + 30 * MINUTE).toISOString());

      // The right password is refused while locked, at 29 minutes too, and accepted at 30.
      expectError(await sys.request('POST', '/api/session', { body: { username: 'lock.me', password: otp } }), 'LOGIN_FAILED');
      sys.clock.advanceMinutes(29);
      expectError(await sys.request('POST', '/api/session', { body: { username: 'lock.me', password: otp } }), 'LOGIN_FAILED');
      sys.clock.advanceMinutes(1);
      expect((await sys.request('POST', '/api/session', { body: { username: 'lock.me', password: otp } })).statusCode).toBe(200);

      const rows = await auditRows(sys, before);
      const events = rows.map((r) => [r.action, r.outcome, (parseJson(r.details_json) as { reason?: string } | null)?.reason ?? null]);
      expect(events).toEqual([
        ['loginFailed', 'failure', 'badPassword'],
        ['loginFailed', 'failure', 'badPassword'],
        ['loginFailed', 'failure', 'badPassword'],
        ['loginFailed', 'failure', 'badPassword'],
        ['loginFailed', 'failure', 'badPassword'],
        ['lockout', 'success', null],
        ['loginFailed', 'failure', 'locked'],
        ['loginFailed', 'failure', 'locked'],
        ['login', 'success', null],
      ]);
      for (const r of rows) {
        expect(r).toMatchObject({ actor_username: 'lock.me', actor_role: 'town_staff', target_type: 'user', target_id: String(row?.id), ip: '127.0.0.1' });
        expect(r.request_id).toMatch(/^[0-9a-f-]{36}$/);
      }
      expect(parseJson(rows[5]?.details_json ?? null)).toEqual({ lockedUntil: row?.locked_until, failures: 5 });
    });

    it('R0.7 a failed sign-in of an unknown name is audited, a phone number typed as the name masked', async () => {
      const before = await lastAuditId(sys);
      await sys.request('POST', '/api/session', { body: { username: '13812345678', password: 'whatever' } });
      const rows = await auditRows(sys, before);
      expect(rows.map((r) => [r.action, r.outcome, r.actor_user_id, r.target_id, parseJson(r.details_json)])).toEqual([
        ['loginFailed', 'failure', null, '138****5678', { reason: 'unknownUser' }],
      ]);
      expect(JSON.stringify(rows)).not.toContain('13812345678');
    });

    it('a wrong current password is refused and audited', async () => {
      const cookie = await sys.login('community');
      const before = await lastAuditId(sys);
      const res = await sys.request('POST', '/api/session/password', { cookie, body: { currentPassword: 'Not-The-Password-1', newPassword: NEW_PASSWORD } });
      expectError(res, 'PASSWORD_INCORRECT');
      const rows = await auditRows(sys, before);
      expect(rows.map((r) => [r.action, r.outcome, r.actor_username])).toEqual([['changePassword', 'failure', 'community']]);
      expect(JSON.stringify(rows)).not.toContain('Not-The-Password-1');
    });

    it('a new password breaking the policy is refused with every problem named in Chinese', async () => {
      const cookie = await sys.login('community');
      const short = await sys.request('POST', '/api/session/password', { cookie, body: { currentPassword: DEMO_PASSWORD, newPassword: 'abc' } });
      const fields = fieldsOf(expectError(short, 'PASSWORD_POLICY'));
      expect(fields.map((f) => f.field)).toEqual(['newPassword', 'newPassword']);
      expect(fields.map((f) => f.message)).toEqual(['密码至少 12 位', '密码须包含大写字母、小写字母、数字、符号中的至少三类']);
      const named = await sys.request('POST', '/api/session/password', { cookie, body: { currentPassword: DEMO_PASSWORD, newPassword: 'Community#2031' } });
      expect(fieldsOf(expectError(named, 'PASSWORD_POLICY'))).toEqual([{ field: 'newPassword', message: '密码不能包含用户名' }]);
      const same = await sys.request('POST', '/api/session/password', { cookie, body: { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD } });
      expect(fieldsOf(expectError(same, 'PASSWORD_POLICY')).map((f) => f.message)).toContain('新密码不能与当前密码相同');
      // Still the old password.
      expect((await sys.request('POST', '/api/session', { body: { username: 'community', password: DEMO_PASSWORD } })).statusCode).toBe(200);
    });

    it('R0.7 a password change ends the account’s other sessions, keeps this one, and is audited without the password', async () => {
      const sysadmin = await sys.login('sysadmin');
      const target = await createUser(sys, sysadmin, { username: 'two.devices', role: 'supervisor', unitName: '东城街道' });
      const phone = await activate(sys, 'two.devices', target.oneTimePassword, NEW_PASSWORD);
      const laptop = await sys.login('two.devices', NEW_PASSWORD);
      const before = await lastAuditId(sys);
      const res = await sys.request('POST', '/api/session/password', { cookie: laptop, body: { currentPassword: NEW_PASSWORD, newPassword: 'Banyan!Harbour-77' } });
      expect(res.statusCode).toBe(204);
      expectError(await sys.request('GET', '/api/session', { cookie: phone }), 'SESSION_EXPIRED');
      expect((await sys.request('GET', '/api/session', { cookie: laptop })).statusCode).toBe(200);
      expectError(await sys.request('POST', '/api/session', { body: { username: 'two.devices', password: NEW_PASSWORD } }), 'LOGIN_FAILED');
      expect((await sys.request('POST', '/api/session', { body: { username: 'two.devices', password: 'Banyan!Harbour-77' } })).statusCode).toBe(200);
      const rows = await auditRows(sys, before);
      expect(rows[0]).toMatchObject({ action: 'changePassword', outcome: 'success', actor_username: 'two.devices', target_id: String(target.id) });
      const all = JSON.stringify(rows);
      expect(all).not.toContain('Banyan!Harbour-77');
      expect(all).not.toContain('$argon2');
    });

    it('an account with a one-time password reaches only its profile and the password change until it changes it', async () => {
      const sysadmin = await sys.login('sysadmin');
      const created = await createUser(sys, sysadmin, { username: 'first.day', role: 'community_staff', unitName: '示例村' });
      const login = await sys.request('POST', '/api/session', { body: { username: 'first.day', password: created.oneTimePassword } });
      expect(login.json()).toMatchObject({ mustChangePassword: true });
      const cookie = sessionCookie(login);
      expect((await sys.request('GET', '/api/session', { cookie })).statusCode).toBe(200);
      for (const url of ['/api/units', '/api/calendar/years', '/api/calendar/years/2026']) {
        expectError(await sys.request('GET', url, { cookie }), 'PASSWORD_CHANGE_REQUIRED');
      }
      const change = await sys.request('POST', '/api/session/password', { cookie, body: { currentPassword: created.oneTimePassword, newPassword: NEW_PASSWORD } });
      expect(change.statusCode).toBe(204);
      expect((await sys.request('GET', '/api/units', { cookie })).statusCode).toBe(200);
      expect((await sys.request('GET', '/api/session', { cookie })).json()).toMatchObject({ mustChangePassword: false });
      // The one-time password is spent.
      expectError(await sys.request('POST', '/api/session', { body: { username: 'first.day', password: created.oneTimePassword } }), 'LOGIN_FAILED');
    });
  });

  describe(`[${dialect}] sign-in limits and cookies by configuration`, () => {
    it('the sign-in endpoint is limited per IP address: the fourth request in a minute gets 429', async () => {
      const sys = await createTestSystem(dialect, { config: { loginRateLimitPerMinute: 3 } });
      try {
        const attempt = (remoteAddress: string, password: string) =>
          sys.app.inject({ method: 'POST', url: '/api/session', remoteAddress, payload: { username: 'town', password } });
        expectError(await attempt('127.0.0.1', 'Wrong-Password-1'), 'LOGIN_FAILED');
        expectError(await attempt('127.0.0.1', 'Wrong-Password-2'), 'LOGIN_FAILED');
        expect((await attempt('127.0.0.1', DEMO_PASSWORD)).statusCode).toBe(200);
        const limited = await attempt('127.0.0.1', DEMO_PASSWORD);
        const body = expectError(limited, 'RATE_LIMITED');
        expect(body.error.message).toMatch(CHINESE);
        expect(limited.headers['set-cookie']).toBeUndefined();
        // Another address is not affected.
        expect((await attempt('10.20.30.40', DEMO_PASSWORD)).statusCode).toBe(200);
      } finally {
        await sys.close();
      }
    });

    it('behind TLS the cookie is also Secure', async () => {
      const sys = await createTestSystem(dialect, { config: { secureCookies: true } });
      try {
        const res = await sys.request('POST', '/api/session', { body: { username: 'town', password: DEMO_PASSWORD } });
        const header = String(res.headers['set-cookie']);
        for (const part of ['msw_sid=', 'HttpOnly', 'SameSite=Strict', 'Path=/', 'Secure']) expect(header).toContain(part);
        expect(res.headers['strict-transport-security']).toBeDefined();
      } finally {
        await sys.close();
      }
    });
  });

  describe(`[${dialect}] outside demo mode`, () => {
    let sys: TestSystem;
    const oneTime = new Map<string, string>();

    beforeAll(async () => {
      sys = await createTestSystem(dialect, { demo: false });
      for (const line of sys.announced) {
        const m = /^初始管理员 (\w+) 的一次性密码：(\S+)（/.exec(line);
        if (m?.[1] !== undefined && m[2] !== undefined) oneTime.set(m[1], m[2]);
      }
    });
    afterAll(async () => sys.close());

    it('announces exactly the three administrators, each with a different one-time password meeting the policy', () => {
      expect(sys.announced).toHaveLength(3);
      expect([...oneTime.keys()].sort()).toEqual(['auditadmin', 'secadmin', 'sysadmin']);
      expect(new Set(oneTime.values()).size).toBe(3);
      for (const [username, password] of oneTime) expect(checkPassword(password, username)).toEqual([]);
    });

    it('has no demo account, no sample community, and the demo password opens nothing', async () => {
      const users = await sys.database.db.selectFrom('app_user').select(['username', 'role', 'must_change_password']).orderBy('username').execute();
      expect(users).toEqual([
        { username: 'auditadmin', role: 'audit_admin', must_change_password: 1 },
        { username: 'secadmin', role: 'security_admin', must_change_password: 1 },
        { username: 'sysadmin', role: 'system_admin', must_change_password: 1 },
      ]);
      const samples = await sys.database.db.selectFrom('unit').select('id').where('is_sample', '=', 1).execute();
      expect(samples).toEqual([]);
      for (const username of ['community', 'town', 'sysadmin', 'secadmin', 'auditadmin']) {
        expectError(await sys.request('POST', '/api/session', { body: { username, password: DEMO_PASSWORD } }), 'LOGIN_FAILED');
      }
    });

    it('the one-time password signs in, forces a change, and stops working once changed', async () => {
      const otp = oneTime.get('sysadmin') ?? '';
      const login = await sys.request('POST', '/api/session', { body: { username: 'sysadmin', password: otp } });
      expect(login.json()).toMatchObject({ role: 'system_admin', mustChangePassword: true });
      const cookie = sessionCookie(login);
      expectError(await sys.request('GET', '/api/users', { cookie }), 'PASSWORD_CHANGE_REQUIRED');
      expect((await sys.request('POST', '/api/session/password', { cookie, body: { currentPassword: otp, newPassword: NEW_PASSWORD } })).statusCode).toBe(204);
      const list = await sys.request('GET', '/api/users', { cookie });
      expect(list.json()).toMatchObject({ total: 3 });
      expectError(await sys.request('POST', '/api/session', { body: { username: 'sysadmin', password: otp } }), 'LOGIN_FAILED');
      expect((await sys.request('POST', '/api/session', { body: { username: 'sysadmin', password: NEW_PASSWORD } })).statusCode).toBe(200);
    });

    it('R0.7 no one-time password is written to the audit log', async () => {
      const all = JSON.stringify(await auditRows(sys));
      for (const otp of oneTime.values()) expect(all).not.toContain(otp);
      expect(all).not.toContain('$argon2');
    });
  });
}
