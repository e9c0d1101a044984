/**
 * A whole system for a test: a fresh database of the given dialect, migrated and seeded as `npm start` does
 * (demo mode unless asked otherwise), an app to `inject()` into, a settable clock, and sign-in helpers.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { loadConfig, type Config } from '../../src/server/config.js';
import type { Dialect } from '../../src/server/db/database.js';
import type { App } from '../../src/server/http/app-type.js';
import { startSystem } from '../../src/server/system.js';
import { createTestDatabase, type TestDatabase } from './dialects.js';
import { demandReport } from '../../src/domain/samples/forms.js';

export const DEMO_PASSWORD = 'Test@Minsheng2026';

export class TestClock {
  private current: Date;
  constructor(start: Date | string = '2026-09-28T02:00:00.000Z') {
    this.current = new Date(start);
  }
  readonly now = (): Date => new Date(this.current);
  set(to: Date | string): void {
    this.current = new Date(to);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
  advanceMinutes(minutes: number): void {
    this.advance(minutes * 60_000);
  }
}

export interface TestSystem {
  readonly app: App;
  readonly database: TestDatabase;
  readonly clock: TestClock;
  readonly config: Config;
  readonly announced: string[];
  /** Signs in and returns the Cookie header to send. */
  login(username: string, password?: string): Promise<string>;
  /** `app.inject` with a JSON body and an optional cookie. */
  request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, options?: { cookie?: string; body?: unknown }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createTestSystem(
  dialect: Dialect,
  options: { demo?: boolean; config?: Partial<Config>; clock?: TestClock } = {},
): Promise<TestSystem> {
  const database = await createTestDatabase(dialect);
  const clock = options.clock ?? new TestClock();
  const config = loadConfig(
    { DEMO: options.demo === false ? 'false' : 'true', DEMO_PASSWORD, SERVE_WEB: 'false' },
    { loginRateLimitPerMinute: 10_000, publicRateLimitPerMinute: 10_000, publicRaisePerIpPerMinute: 10_000, demoCases: false, ...options.config },
  );
  const announced: string[] = [];
  const app = await startSystem(config, database, { clock: clock.now, logger: false, announce: (l) => announced.push(l) });
  await app.ready();

  const request: TestSystem['request'] = (method, url, opts = {}) =>
    app.inject({
      method,
      url,
      headers: { ...(opts.cookie !== undefined ? { cookie: opts.cookie } : {}) },
      ...(opts.body !== undefined ? { payload: opts.body as Record<string, unknown> } : {}),
    });

  return {
    app,
    database,
    clock,
    config,
    announced,
    request,
    async login(username, password = DEMO_PASSWORD) {
      const res = await request('POST', '/api/session', { body: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'msw_sid');
      if (cookie === undefined) throw new Error('no session cookie');
      return `msw_sid=${cookie.value}`;
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** A demand entered by the signed-in staff member for their own community; its id. */
export async function enterSampleDemand(sys: TestSystem, cookie: string): Promise<number> {
  const me = (await sys.request('GET', '/api/session', { cookie })).json<{ unit: { id: number } }>();
  const res = await sys.request('POST', '/api/demands', {
    cookie,
    body: {
      communityId: me.unit.id,
      ...demandReport(),
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: number }>().id;
}
