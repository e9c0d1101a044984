/**
 * R0.8 what a signed-in user reads is not kept by a browser or a proxy: every staff GET operation of the OpenAPI
 * document answers its successful response with `Cache-Control: no-store` (errors always did); public reads keep
 * their own caching.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_ACTIONS } from '../../src/domain/access/policy.js';
import { ROLES, type Role } from '../../src/domain/access/roles.js';
import type { Action } from '../../src/domain/access/actions.js';
import { DIALECTS } from '../support/dialects.js';
import { createRecordingSystem, DEMO_USER, type RecordingSystem } from './fixtures.js';

/** Query strings a route needs to answer 200. */
const QUERIES: Readonly<Record<string, string>> = {
  '/api/calendar/deadline': '?start=2026-09-28T02:00:00.000Z&kind=workingDays&amount=5',
  '/api/towns/:id/annual-plan': '?year=2026',
  '/api/towns/:id/funds-ledger': '?year=2026',
  '/api/towns/:id/funds': '?year=2026',
  '/api/towns/:id/funds-evaluation': '?year=2026',
  '/api/towns/:id/funds-evaluation/export': '?year=2026',
  '/api/annual-plans': '?year=2026',
};

/** Routes a role other than the first holding their action reads: a town's documents, read by its own staff. */
const READERS: Readonly<Record<string, Role>> = {
  '/api/towns/:id/annual-plan': 'town_staff',
  '/api/towns/:id/funds-ledger': 'town_staff',
  '/api/towns/:id/funds': 'town_staff',
  '/api/towns/:id/funds-evaluation': 'town_staff',
  '/api/towns/:id/funds-evaluation/export': 'town_staff',
  '/api/towns/:id/annual-plans/:year': 'town_staff',
};

for (const dialect of DIALECTS) {
  describe(`[${dialect}] Cache-Control on staff responses`, () => {
    let sys: RecordingSystem;
    const cookies = new Map<Role, string>();
    beforeAll(async () => {
      sys = await createRecordingSystem(dialect);
      for (const role of ROLES) cookies.set(role, await sys.login(DEMO_USER[role]));
      // An issued document to read back: the 登记备案表 of the first registered demo project, issued by its community.
      const projects = await sys.database.db.selectFrom('project').select(['id', 'state_json']).orderBy('id').execute();
      const registered = projects.find((p) => (JSON.parse(p.state_json) as { registration: unknown }).registration !== null);
      const issued = await sys.request('POST', `/api/projects/${registered?.id ?? 0}/documents/registrationForm/issue`, {
        cookie: cookies.get('community_staff') ?? '',
        body: { format: 'pdf' },
      });
      expect(issued.statusCode, issued.body).toBe(201);
    }, 120_000);
    afterAll(async () => sys.close());

    /** A real id for a path parameter, from the demo data. */
    async function sample(url: string): Promise<string> {
      const db = sys.database.db;
      const first = async (table: 'demand' | 'project' | 'app_user' | 'attachment' | 'issued_document'): Promise<string> => {
        const row = await db.selectFrom(table).select('id').orderBy('id').executeTakeFirst();
        return String(row?.id ?? 1);
      };
      /** The demo town account's own town. */
      const town = async (): Promise<string> => {
        const row = await db.selectFrom('app_user').select('unit_id').where('username', '=', DEMO_USER.town_staff).executeTakeFirst();
        return String(row?.unit_id ?? 1);
      };
      const id = url.startsWith('/api/demands/')
        ? await first('demand')
        : url.startsWith('/api/projects/')
          ? await first('project')
          : url.startsWith('/api/users/')
            ? await first('app_user')
            : url.startsWith('/api/attachments/')
              ? await first('attachment')
              : url.startsWith('/api/issued-documents/')
                ? await first('issued_document')
                : url.startsWith('/api/towns/')
                  ? await town()
                  : '1';
      return url.replace(/:year\b/, '2026').replace(/:id\b/, id).replace(':form', 'registrationForm').replace(/:\w+/g, '1');
    }

    /** The similar-demand search names a community: the first demand's, within the demo community account's reach. */
    async function similarQuery(): Promise<string> {
      const row = await sys.database.db.selectFrom('demand').select('community_id').orderBy('id').executeTakeFirst();
      return `?communityId=${row?.community_id ?? 1}&title=${encodeURIComponent('路灯')}`;
    }

    it('R0.8 every staff GET operation answers with no-store', async () => {
      const staffGets = sys.operations.filter((op) => op.method === 'GET' && op.access !== 'public' && op.access !== undefined);
      expect(staffGets.length).toBeGreaterThanOrEqual(10);
      const answered: { route: string; status: number; cacheControl: unknown }[] = [];
      for (const op of staffGets) {
        const role = op.access === 'authenticated' ? 'town_staff' : (READERS[op.url] ?? ROLES.find((r) => ROLE_ACTIONS[r].has(op.access as Action)));
        if (role === undefined) throw new Error(`no role has ${String(op.access)}`);
        const url = `${await sample(op.url)}${QUERIES[op.url] ?? (op.url === '/api/demands/similar' ? await similarQuery() : '')}`;
        const res = await sys.request('GET', url, { cookie: cookies.get(role) ?? '' });
        answered.push({ route: `GET ${op.url}`, status: res.statusCode, cacheControl: res.headers['cache-control'] });
      }
      // Each was read successfully (so the header is the route's, not the error handler's), and none may be cached.
      expect(answered.filter((a) => a.status !== 200)).toEqual([]);
      expect(answered.filter((a) => a.cacheControl !== 'no-store')).toEqual([]);
    });

    it('public reads keep their own caching', async () => {
      const res = await sys.request('GET', '/api/public/projects');
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).not.toBe('no-store');
    });
  });
}
