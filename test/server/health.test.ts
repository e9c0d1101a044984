import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/dialects.js';
import { createTestSystem, type TestSystem } from '../support/system.js';

for (const dialect of DIALECTS) {
  describe(`[${dialect}] health`, () => {
    let sys: TestSystem;
    beforeAll(async () => {
      sys = await createTestSystem(dialect);
    });
    afterAll(async () => sys.close());

    it('answers with the database dialect', async () => {
      const res = await sys.request('GET', '/api/health');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', database: dialect });
    });

    it('an unknown API path is a catalogued 404', async () => {
      const res = await sys.request('GET', '/api/nothing-here');
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: '接口不存在', details: null } });
    });
  });
}
