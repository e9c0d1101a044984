/**
 * R0.7 repeated security events are aggregated: the first of a kind from one source is recorded in full, identical
 * repeats within a minute are counted and summarised in one record when the minute has passed. Wrong passwords of a
 * real account are not aggregated: each is recorded with the failure count that locks the account.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { createTestSystem, type TestSystem } from '../support/system.js';
import { auditRows, expectError, lastAuditId, parseJson, userNamed } from './fixtures.js';

interface Repeated {
  readonly repeated?: { count: number; firstAt: string; lastAt: string };
  readonly reason?: string;
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] aggregated security events`, () => {
    let sys: TestSystem;
    beforeAll(async () => {
      sys = await createTestSystem(dialect);
    });
    afterAll(async () => sys.close());

    const details = (json: string | null): Repeated => (parseJson(json) as Repeated | null) ?? {};

    it('R0.7 sign-ins of an unknown name from one source: one record, then one summary counting the repeats', async () => {
      const before = await lastAuditId(sys);
      for (let i = 0; i < 4; i += 1) {
        expectError(await sys.request('POST', '/api/session', { body: { username: 'nobody.here', password: 'Whatever-1' } }), 'LOGIN_FAILED');
        sys.clock.advance(1_000);
      }
      expect((await auditRows(sys, before)).map((r) => r.action)).toEqual(['loginFailed']);

      // The minute has passed: the next event of any kind writes the summary first; so does the job.
      sys.clock.set('2026-09-28T02:01:00.000Z');
      expect(await sys.app.services.audit.flushAggregates(sys.clock.now())).toBe(1);
      const rows = await auditRows(sys, before);
      expect(rows.map((r) => [r.action, r.outcome, r.target_id, details(r.details_json)])).toEqual([
        ['loginFailed', 'failure', 'nobody.here', { reason: 'unknownUser' }],
        [
          'loginFailed',
          'failure',
          'nobody.here',
          { reason: 'unknownUser', repeated: { count: 3, firstAt: '2026-09-28T02:00:01.000Z', lastAt: '2026-09-28T02:00:03.000Z' } },
        ],
      ]);
    });

    it('R0.7 wrong passwords of a real account are each recorded and still lock it', async () => {
      const before = await lastAuditId(sys);
      for (let i = 0; i < 5; i += 1) expectError(await sys.request('POST', '/api/session', { body: { username: 'supervisor', password: 'Wrong-Password-1' } }), 'LOGIN_FAILED');
      expect((await userNamed(sys, 'supervisor'))?.locked_until).not.toBeNull();
      const rows = await auditRows(sys, before);
      expect(rows.map((r) => [r.action, details(r.details_json).reason ?? null])).toEqual([
        ...Array.from({ length: 5 }, () => ['loginFailed', 'badPassword']),
        ['lockout', null],
      ]);
    });

    it('R0.8 R0.7 a role refused the same route again and again: one record and a summary; another route is its own event', async () => {
      const cookie = await sys.login('community');
      const before = await lastAuditId(sys);
      for (let i = 0; i < 3; i += 1) expectError(await sys.request('GET', '/api/users', { cookie }), 'FORBIDDEN_ROLE');
      expectError(await sys.request('GET', '/api/audit', { cookie }), 'FORBIDDEN_ROLE');
      expect((await auditRows(sys, before)).map((r) => [r.action, r.actor_username])).toEqual([
        ['accessDenied', 'community'],
        ['accessDenied', 'community'],
      ]);
      // A later denial after the window writes the summary of the earlier ones first.
      sys.clock.advance(60_000);
      const again = await sys.login('community');
      expectError(await sys.request('GET', '/api/users', { cookie: again }), 'FORBIDDEN_ROLE');
      const rows = (await auditRows(sys, before)).filter((r) => r.action === 'accessDenied');
      expect(rows.map((r) => details(r.details_json).repeated?.count ?? null)).toEqual([null, null, 2, null]);
      expect((await sys.app.services.audit.verify()).ok).toBe(true);
    });
  });
}
