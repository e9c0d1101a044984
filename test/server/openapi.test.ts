/**
 * The API describes itself: /api/openapi.json is an OpenAPI 3.1 document in which every operation has an
 * operationId, request bodies refuse fields they do not declare (400 VALIDATION_FAILED naming each field in
 * Chinese), and /api/docs serves the interactive documentation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { createTestSystem, DEMO_PASSWORD, type TestSystem } from '../support/system.js';
import { CHINESE, cookieJar, expectError, fieldsOf, unitNamed } from './fixtures.js';

interface OpenApiDoc {
  openapi: string;
  info: { title: string };
  paths: Record<string, Record<string, { operationId?: string; requestBody?: unknown; responses?: Record<string, unknown> }>>;
  components: { securitySchemes: Record<string, { type: string; in: string; name: string }> };
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] OpenAPI`, () => {
    let sys: TestSystem;
    let as: (username: string) => Promise<string>;
    let doc: OpenApiDoc;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      as = cookieJar(sys);
      const res = await sys.request('GET', '/api/openapi.json');
      expect(res.statusCode).toBe(200);
      doc = res.json<OpenApiDoc>();
    });
    afterAll(async () => sys.close());

    it('is an OpenAPI 3.1 document served without signing in', () => {
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.info.title).toMatch(CHINESE);
      expect(doc.components.securitySchemes.session).toEqual({ type: 'apiKey', in: 'cookie', name: 'msw_sid' });
    });

    it('every operation has a unique operationId and documents its error responses', () => {
      const ops = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
      expect(ops.length).toBeGreaterThanOrEqual(15);
      const ids = ops.map((op) => op.operationId);
      for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]+$/);
      expect(new Set(ids).size).toBe(ids.length);
      expect(doc.paths['/api/users']?.post?.operationId).toBe('createUser');
      expect(Object.keys(doc.paths['/api/users']?.post?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '403', '409']));
      // Each operation documents a success and the errors every route can answer; the health probe alone takes no
      // input and needs no session, so it answers nothing but its status.
      const COMMON_ERRORS = ['400', '401', '403', '404', '409'];
      for (const [route, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          const codes = Object.keys(op.responses ?? {});
          const name = `${method.toUpperCase()} ${route} (${op.operationId ?? '?'})`;
          expect(codes.some((c) => /^2\d\d$/.test(c)), `${name} documents its success: ${codes.join(', ')}`).toBe(true);
          if (op.operationId === 'getHealth') expect(codes, name).toEqual(['200']);
          else expect(codes, `${name} documents its errors`).toEqual(expect.arrayContaining(COMMON_ERRORS));
        }
      }
    });

    it('the document is the same one /api/docs/json serves', async () => {
      const res = await sys.request('GET', '/api/docs/json');
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.json<OpenApiDoc>().paths).sort()).toEqual(Object.keys(doc.paths).sort());
    });

    it('/api/docs serves the documentation page', async () => {
      const res = await sys.request('GET', '/api/docs');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toMatch(/swagger/i);
    });

    it('an unknown field in the sign-in body is refused and named', async () => {
      const res = await sys.request('POST', '/api/session', { body: { username: 'town', password: DEMO_PASSWORD, remember: true } });
      const body = expectError(res, 'VALIDATION_FAILED');
      expect(fieldsOf(body)).toEqual([{ field: 'remember', message: '不允许的字段' }]);
      expect(res.cookies.find((c) => c.name === 'msw_sid')).toBeUndefined();
    });

    it('unknown fields in a new account are each named, with the missing ones, in Chinese', async () => {
      const town = await unitNamed(sys, '东城街道');
      const res = await sys.request('POST', '/api/users', {
        cookie: await as('sysadmin'),
        body: { username: 'wanglei', role: 'town_staff', unitId: town.id, isAdmin: true, passwordHash: 'x' },
      });
      const fields = fieldsOf(expectError(res, 'VALIDATION_FAILED'));
      expect(fields).toEqual(
        expect.arrayContaining([
          { field: 'isAdmin', message: '不允许的字段' },
          { field: 'passwordHash', message: '不允许的字段' },
          { field: 'displayName', message: '必填' },
        ]),
      );
      for (const f of fields) expect(f.message).toMatch(CHINESE);
      expect(await sys.database.db.selectFrom('app_user').select('id').where('username', '=', 'wanglei').executeTakeFirst()).toBeUndefined();
    });

    it('an unknown field in a calendar day and in a query string is refused', async () => {
      const put = await sys.request('PUT', '/api/calendar/years/2027', {
        cookie: await as('bureau'),
        body: { source: '测试', days: [{ date: '2027-01-01', kind: 'holiday', name: '元旦', paid: true }] },
      });
      expect(fieldsOf(expectError(put, 'VALIDATION_FAILED'))).toEqual([{ field: 'days.0.paid', message: '不允许的字段' }]);
      const list = await sys.request('GET', '/api/users?debug=1', { cookie: await as('sysadmin') });
      expect(fieldsOf(expectError(list, 'VALIDATION_FAILED'))).toEqual([{ field: 'debug', message: '不允许的字段' }]);
    });

    it('a wrong type is named with the expected type in Chinese', async () => {
      const res = await sys.request('POST', '/api/units', {
        cookie: await as('bureau'),
        body: { kind: 'department', parentId: '东城', name: '东城街道教育', subkind: '教育' },
      });
      expect(fieldsOf(expectError(res, 'VALIDATION_FAILED'))).toEqual([{ field: 'parentId', message: '类型应为整数' }]);
    });
  });
}
