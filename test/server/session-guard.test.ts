/**
 * What a stolen or idle session can do: a wrong current password on POST /api/session/password counts toward the
 * account's lockout like a failed sign-in (locked at LOGIN_MAX_FAILURES, every session ended, audited), and the
 * session's last-seen time is refreshed often enough that a session in use outlives a short idle limit.
 */
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { touchIntervalMs } from '../../src/server/features/auth/auth.service.js';
import { DIALECTS } from '../support/dialects.js';
import { createTestSystem, TestClock, type TestSystem } from '../support/system.js';
import { activate, auditRows, createUser, expectError, lastAuditId, parseJson, userNamed } from './fixtures.js';

const MINUTE = 60_000;
const PASSWORD = 'Lychee#Garden-2031';
const NEXT_PASSWORD = 'Banyan#Harbour-2032';

function errorOf(res: LightMyRequestResponse): { status: number; code: string | undefined } {
  return { status: res.statusCode, code: res.json<{ error?: { code: string } }>().error?.code };
}

async function sessionsOf(sys: TestSystem, userId: number): Promise<number> {
  const rows = await sys.database.db.selectFrom('session').select('id').where('user_id', '=', userId).execute();
  return rows.length;
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] password guessing behind a session`, () => {
    let sys: TestSystem;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
    });
    afterAll(async () => sys.close());

    async function account(username: string): Promise<{ id: number; cookie: string }> {
      const sysadmin = await sys.login('sysadmin');
      const created = await createUser(sys, sysadmin, { username, role: 'community_staff', unitName: '示例社区二' });
      const cookie = await activate(sys, username, created.oneTimePassword, PASSWORD);
      return { id: created.id, cookie };
    }

    const change = (cookie: string, currentPassword: string): Promise<LightMyRequestResponse> =>
      sys.request('POST', '/api/session/password', { cookie, body: { currentPassword, newPassword: NEXT_PASSWORD } });

    it('R0.7 wrong current passwords count with failed sign-ins; at the limit the account locks, every session ends, all audited', async () => {
      const { id, cookie } = await account('guess.pw');
      const other = await sys.login('guess.pw', PASSWORD);
      const before = await lastAuditId(sys);

      // Two failed sign-ins and two wrong current passwords: four failures, not yet locked.
      for (let i = 0; i < 2; i++) expectError(await sys.request('POST', '/api/session', { body: { username: 'guess.pw', password: `Wrong-${i}-Pass` } }), 'LOGIN_FAILED');
      for (let i = 0; i < 2; i++) expectError(await change(cookie, `Wrong-${i}-Guess`), 'PASSWORD_INCORRECT');
      expect(await userNamed(sys, 'guess.pw')).toMatchObject({ failed_logins: 4, locked_until: null });
      expect((await sys.request('GET', '/api/session', { cookie })).statusCode).toBe(200);

      // The fifth failure locks the account and ends both sessions.
      const lockedAt = sys.clock.now().getTime();
      const fifth = await change(cookie, 'Wrong-2-Guess');
      expect(errorOf(fifth), fifth.body).toEqual({ status: 401, code: 'SESSION_EXPIRED' });
      expect(fifth.json<{ error: { message: string } }>().error.message).toBe('当前密码多次输入错误，账号已暂时锁定，请稍后重新登录');
      expect((await userNamed(sys, 'guess.pw'))?.locked_until).toBe(new Date(lockedAt + 30 * MINUTE).toISOString());
      expect(await sessionsOf(sys, id)).toBe(0);
      for (const c of [cookie, other]) expect((await sys.request('GET', '/api/session', { cookie: c })).statusCode).toBe(401);
      expect(errorOf(await change(cookie, PASSWORD)).status).toBe(401);
      // Locked: even the right password does not sign in.
      expectError(await sys.request('POST', '/api/session', { body: { username: 'guess.pw', password: PASSWORD } }), 'LOGIN_FAILED');

      const rows = await auditRows(sys, before);
      const mine = rows.filter((r) => r.target_type === 'user' && r.target_id === String(id));
      expect(mine.map((r) => [r.action, r.outcome, parseJson(r.details_json)])).toEqual([
        ['loginFailed', 'failure', { reason: 'badPassword', failures: 1 }],
        ['loginFailed', 'failure', { reason: 'badPassword', failures: 2 }],
        ['changePassword', 'failure', { reason: 'currentPasswordIncorrect', failures: 3 }],
        ['changePassword', 'failure', { reason: 'currentPasswordIncorrect', failures: 4 }],
        ['changePassword', 'failure', { reason: 'currentPasswordIncorrect', failures: 5 }],
        ['lockout', 'success', { lockedUntil: new Date(lockedAt + 30 * MINUTE).toISOString(), failures: 5, via: 'changePassword' }],
        ['loginFailed', 'failure', { reason: 'locked', lockedUntil: new Date(lockedAt + 30 * MINUTE).toISOString() }],
      ]);
      for (const r of mine) expect(r.actor_username).toBe('guess.pw');
    });

    it('R0.7 a session of an account locked by failed sign-ins cannot go on guessing: it ends at the first try', async () => {
      const { id, cookie } = await account('guess.locked');
      for (let i = 0; i < 5; i++) await sys.request('POST', '/api/session', { body: { username: 'guess.locked', password: `Wrong-${i}-Pass` } });
      expect((await userNamed(sys, 'guess.locked'))?.locked_until).not.toBeNull();
      const before = await lastAuditId(sys);
      const hash = (await userNamed(sys, 'guess.locked'))?.password_hash;
      const res = await change(cookie, PASSWORD);
      expect(errorOf(res), res.body).toEqual({ status: 401, code: 'SESSION_EXPIRED' });
      expect(await sessionsOf(sys, id)).toBe(0);
      expect((await userNamed(sys, 'guess.locked'))?.password_hash).toBe(hash);
      const rows = await auditRows(sys, before);
      expect(rows.map((r) => [r.action, r.outcome, (parseJson(r.details_json) as { reason?: string }).reason])).toEqual([['changePassword', 'failure', 'locked']]);
    });

    it('R0.7 a right current password resets the count of failures', async () => {
      const { cookie } = await account('guess.reset');
      for (let i = 0; i < 4; i++) expectError(await change(cookie, `Wrong-${i}-Guess`), 'PASSWORD_INCORRECT');
      expect((await userNamed(sys, 'guess.reset'))?.failed_logins).toBe(4);
      expect((await change(cookie, PASSWORD)).statusCode).toBe(204);
      expect((await userNamed(sys, 'guess.reset'))?.failed_logins).toBe(0);
    });
  });

  describe(`[${dialect}] idle timeout refresh`, () => {
    const clock = new TestClock('2026-09-28T02:00:00.000Z');
    let sys: TestSystem;

    beforeAll(async () => {
      sys = await createTestSystem(dialect, { clock, config: { sessionIdleMinutes: 1 } });
    });
    afterAll(async () => sys.close());

    it('the last-seen refresh is a tenth of the idle limit, at most a minute', () => {
      expect(touchIntervalMs(30)).toBe(MINUTE);
      expect(touchIntervalMs(10)).toBe(MINUTE);
      expect(touchIntervalMs(5)).toBe(30_000);
      expect(touchIntervalMs(1)).toBe(6_000);
    });

    it('R0.7 with a one-minute idle limit a session polled every 20 seconds stays open; left alone a minute, it ends', async () => {
      const cookie = await sys.login('supervisor');
      for (let i = 0; i < 30; i++) {
        clock.advance(20_000);
        const res = await sys.request('GET', '/api/session', { cookie });
        expect(res.statusCode, `poll ${i + 1} at ${clock.now().toISOString()}: ${res.body}`).toBe(200);
      }
      clock.advance(MINUTE);
      expectError(await sys.request('GET', '/api/session', { cookie }), 'SESSION_EXPIRED');
    });
  });
}
