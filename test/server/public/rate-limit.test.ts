/**
 * The public routes are rate-limited per IP (PUBLIC_RATE_LIMIT requests a minute): beyond it, 429 RATE_LIMITED.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { expectError } from '../fixtures.js';
import { anonymous } from './portal-flow.js';

for (const dialect of DIALECTS) {
  describe(`[${dialect}] public rate limit`, () => {
    let sys: TestSystem;
    beforeAll(async () => {
      sys = await createTestSystem(dialect, { config: { publicRateLimitPerMinute: 3 } });
    });
    afterAll(async () => sys.close());

    it('R0.8 the fourth request of a minute to a public route is refused with 429', async () => {
      for (let i = 0; i < 3; i += 1) expect((await anonymous(sys, 'GET', '/api/public/projects')).statusCode).toBe(200);
      const limited = await anonymous(sys, 'GET', '/api/public/projects');
      expectError(limited, 'RATE_LIMITED');
      expect(limited.headers['retry-after']).toBeDefined();
    });

    it('R2.2 tracking is limited too: guessing numbers and phones stops after the limit', async () => {
      const body = { trackingNumber: 'MS20260928000001', phone: '13812345678' };
      for (let i = 0; i < 3; i += 1) expectError(await anonymous(sys, 'POST', '/api/public/track', body), 'TRACKING_NOT_FOUND');
      expectError(await anonymous(sys, 'POST', '/api/public/track', body), 'RATE_LIMITED');
    });
  });
}
