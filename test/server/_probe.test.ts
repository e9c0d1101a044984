import { it } from 'vitest';
import { createTestSystem } from '../support/system.js';
for (const d of ['sqlite', 'postgres'] as const)
it('probe ' + d, async () => {
  const sys = await createTestSystem(d);
  const show = (n: string, r: { statusCode: number; body: string; headers: Record<string, unknown> }) => console.log(d, n, r.statusCode, r.headers['content-type'], r.body.slice(0, 200));
  show('docs', await sys.request('GET', '/api/docs'));
  show('docs/', await sys.request('GET', '/api/docs/'));
  const sa = await sys.login('sysadmin');
  const aa = await sys.login('auditadmin');
  show('bigid', await sys.request('PATCH', '/api/users/99999999999999999999', { cookie: sa, body: { version: 1 } }));
  show('bigid2', await sys.request('PATCH', '/api/users/3000000000', { cookie: sa, body: { version: 1 } }));
  show('bigver', await sys.request('PATCH', '/api/users/1', { cookie: sa, body: { version: 3000000000 } }));
  show('unitfilter', await sys.request('GET', '/api/users?unitId=3000000000', { cookie: sa }));
  show('offset', await sys.request('GET', '/api/users?offset=99999999999999999999', { cookie: sa }));
  show('nul', await sys.request('POST', '/api/session', { body: { username: 'a\u0000b', password: 'x' } }));
  show('leap', await sys.request('GET', '/api/audit?from=2026-06-30T23:59:60Z', { cookie: aa }));
  show('feb30', await sys.request('GET', '/api/audit?from=2026-02-30T00:00:00Z', { cookie: aa }));
  show('actor', await sys.request('GET', '/api/audit?actorUserId=3000000000', { cookie: aa }));
  show('dl', await sys.request('GET', '/api/calendar/deadline?start=2026-06-30T23:59:60Z&kind=workingDays&amount=5', { cookie: aa }));
  show('kw', await sys.request('GET', '/api/users?keyword=%00', { cookie: sa }));
  await sys.close();
});
