/**
 * No route without a policy (R0.8): every API operation is named after an action (or is on a short, explicit list of
 * plain operations), a route that declares no access cannot be registered, and every route guarded by an action
 * refuses each role lacking that action with 403 FORBIDDEN_ROLE and an `accessDenied` audit record — before the
 * body is even read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, type Action } from '../../src/domain/access/actions.js';
import { ROLE_ACTIONS } from '../../src/domain/access/policy.js';
import { ROLES } from '../../src/domain/access/roles.js';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { migrateToLatest } from '../../src/server/db/migrator.js';
import type { App } from '../../src/server/http/app-type.js';
import { NoQuery } from '../../src/server/http/schemas.js';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/dialects.js';
import { createRecordingSystem, DEMO_USER, expectError, lastAuditId, parseJson, PLAIN_OPERATIONS, type RecordingSystem } from './fixtures.js';

/** API routes deliberately left out of the OpenAPI document. */
const UNDOCUMENTED = new Set(['GET /api/openapi.json']);

const ACTION_SET: ReadonlySet<string> = new Set(ACTIONS);

/** Reads `printRoutes({ commonPrefix: false })`: one line per node, four characters of indentation per level. */
function parseRouteTree(tree: string): { method: string; url: string }[] {
  const out: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^((?:[│ ] {3})*)([├└]── )?(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (m === null || (m[3] ?? '').trim() === '') continue;
    const depth = (m[1] ?? '').length / 4 + (m[2] === undefined ? 0 : 1);
    const path = `${depth === 0 ? '' : (stack[depth - 1] ?? '')}${m[3] ?? ''}`;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of (m[4] ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')) out.push({ method, url: path });
  }
  return out;
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] routes and their policy`, () => {
    let sys: RecordingSystem;
    let operations: RecordingSystem['operations'];
    const cookies = new Map<string, string>();

    const inject = (method: string, url: string, cookie?: string, body?: unknown) =>
      sys.app.inject({
        method: method as 'GET',
        url,
        headers: cookie !== undefined ? { cookie } : {},
        ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
      });

    beforeAll(async () => {
      sys = await createRecordingSystem(dialect);
      operations = sys.operations;
      for (const role of ROLES) cookies.set(role, await sys.login(DEMO_USER[role]));
    });
    afterAll(async () => sys.close());

    it('the OpenAPI document lists every API route, and every listed route exists', () => {
      expect(operations.length).toBeGreaterThanOrEqual(15);
      const routes = parseRouteTree(sys.app.printRoutes({ commonPrefix: false }))
        .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD')
        .map((r) => `${r.method} ${r.url}`);
      // The parser saw the tree: a route we know is there.
      expect(routes).toContain('PATCH /api/users/:id');
      const documented = new Set(operations.map((o) => `${o.method} ${o.url}`));
      expect(routes.filter((r) => !documented.has(r) && !UNDOCUMENTED.has(r))).toEqual([]);
      for (const op of operations) expect(sys.app.hasRoute({ method: op.method, url: op.url }), `${op.method} ${op.url}`).toBe(true);
    });

    it('R0.8 every operation is named after a policy action or is on the explicit list of plain operations', () => {
      for (const op of operations) {
        expect(op.operationId, `${op.method} ${op.url}`).toBeDefined();
        const id = op.operationId ?? '';
        expect(ACTION_SET.has(id) || id in PLAIN_OPERATIONS, `${op.method} ${op.url}: ${id}`).toBe(true);
      }
      expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
    });

    it('R0.8 every route declares an access, and an operation named after an action requires that very action', () => {
      for (const op of operations) {
        const access = op.access;
        const id = op.operationId ?? '';
        expect(access, `${op.method} ${op.url}`).toBe(ACTION_SET.has(id) ? id : PLAIN_OPERATIONS[id]);
      }
    });

    it('R0.8 every non-public route refuses an anonymous caller with 401, whatever it sends', async () => {
      for (const op of operations) {
        if (op.access === 'public') continue;
        const res = await inject(op.method, op.url.replace(/:\w+/g, '1'), undefined, op.method === 'GET' ? undefined : { bogus: 'x' });
        expectError(res, 'UNAUTHENTICATED');
      }
    });

    it('R0.8 R0.7 every action route refuses each role lacking the action with 403 FORBIDDEN_ROLE and audits the denial', async () => {
      let denials = 0;
      for (const op of operations) {
        const access = op.access;
        if (typeof access !== 'string' || !ACTION_SET.has(access)) continue;
        for (const role of ROLES) {
          if (ROLE_ACTIONS[role].has(access as Action)) continue;
          const before = await lastAuditId(sys);
          // A body the schema would refuse: the role check comes first, so the answer is still 403.
          const res = await inject(op.method, op.url.replace(/:\w+/g, '1'), cookies.get(role), op.method === 'GET' ? undefined : { bogus: 'x' });
          const body = expectError(res, 'FORBIDDEN_ROLE');
          expect(body.error.details).toEqual({ action: access });
          const rows = await sys.database.db.selectFrom('audit_log').selectAll().where('id', '>', before).execute();
          expect(rows, `${role} ${op.method} ${op.url}`).toHaveLength(1);
          const [row] = rows;
          expect(row).toMatchObject({
            action: 'accessDenied',
            outcome: 'denied',
            actor_username: DEMO_USER[role],
            actor_role: role,
            ip: '127.0.0.1',
          });
          expect(row?.request_id).toMatch(/^[0-9a-f-]{36}$/);
          expect(parseJson(row?.details_json ?? null)).toMatchObject({ attempted: access, code: 'FORBIDDEN_ROLE', route: op.url });
          denials += 1;
        }
      }
      // Every action route is refused to several roles (at least the three administrators or the business roles).
      expect(denials).toBeGreaterThanOrEqual(50);
    });

    it('R0.8 a role holding the action is never refused for its role', async () => {
      for (const op of operations) {
        const access = op.access;
        if (typeof access !== 'string' || !ACTION_SET.has(access)) continue;
        for (const role of ROLES) {
          if (!ROLE_ACTIONS[role].has(access as Action)) continue;
          const res = await inject(op.method, op.url.replace(/:\w+/g, '1'), cookies.get(role), op.method === 'GET' ? undefined : { bogus: 'x' });
          expect(res.statusCode, `${role} ${op.method} ${op.url}: ${res.body.slice(0, 200)}`).not.toBe(401);
          // A download answers with the file itself; only JSON answers can carry an error code.
          const code = String(res.headers['content-type']).startsWith('application/json') ? res.json<{ error?: { code: string } }>().error?.code : undefined;
          expect(code, `${role} ${op.method} ${op.url}`).not.toBe('FORBIDDEN_ROLE');
        }
      }
    });

    it('only the profile, the password, the org tree and the calendar are open to every role', () => {
      const everyone = ACTIONS.filter((a) => ROLES.every((r) => ROLE_ACTIONS[r].has(a)));
      expect(everyone.sort()).toEqual(['changePassword', 'viewCalendar', 'viewOrgTree', 'viewProfile']);
    });
  });
}

describe('registering a route without a policy', () => {
  const dialect = DIALECTS[0] ?? 'sqlite';
  let database: TestDatabase;
  let app: App;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await migrateToLatest(database);
    app = await buildApp({ config: loadConfig({ SERVE_WEB: 'false' }), database, logger: false });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('R0.8 an /api route without config.access is refused at registration', () => {
    expect(() => app.get('/api/anything', () => 1)).toThrow(/GET \/api\/anything declares no access/);
  });

  it('R0.8 an access that is not an action, "public" or "authenticated" is refused', () => {
    expect(() => app.post('/api/anything', { config: { access: 'doAnything' as never } }, () => 1)).toThrow(/declares no access/);
  });

  it('R0.8 an action route without an operationId is refused', () => {
    expect(() => app.put('/api/anything', { config: { access: 'createUser' } }, () => 1)).toThrow(/has no operationId/);
  });

  it('routes outside /api and routes with a declared access are accepted', () => {
    expect(() => app.get('/not-api', () => 1)).not.toThrow();
    expect(() => app.get('/api/declared', { config: { access: 'viewCase' }, schema: { operationId: 'viewCase', querystring: NoQuery } }, () => 1)).not.toThrow();
  });

  it('an /api route without a query string schema is refused at registration', () => {
    expect(() => app.get('/api/no-query', { config: { access: 'viewCase' }, schema: { operationId: 'viewCase' } }, () => 1)).toThrow(
      /GET \/api\/no-query declares no query string schema/,
    );
  });

  it('R0.8 a plugin adding an undeclared /api route makes start-up fail', async () => {
    // An async plugin, as feature modules are: the registration error rejects the plugin, and so start-up.
    // eslint-disable-next-line @typescript-eslint/require-await
    void app.register(async (child) => {
      child.get('/api/from-plugin', () => 1);
    });
    await expect(app.ready()).rejects.toThrow(/\/api\/from-plugin declares no access/);
  });
});
