/**
 * The benchmark's server process: the full system (session, validation, policy, lifecycle, audit, outbox) on one
 * port, and on another a bare Fastify route doing the same INSERT into the same database. Optionally fills the
 * database with N acknowledged-ready demands first. Prints one JSON line `{ ready, fullPort, barePort, ... }`.
 *
 *   tsx bench/server.ts <sqlite|postgres> <databaseUrlOrFile> <demandsToSeed>
 */
import Fastify from 'fastify';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/database.js';
import { startSystem } from '../src/server/system.js';
import { seedBenchDemands } from './seed-demands.js';

const [dialect, location, seedCount] = process.argv.slice(2);
if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error('usage: server.ts <sqlite|postgres> <url|file> <n>');
const database = openDatabase(
  dialect === 'postgres' ? { databaseUrl: location ?? '', sqlitePath: '', poolSize: 20 } : { databaseUrl: null, sqlitePath: location ?? '' },
);
const config = loadConfig(
  { DEMO: 'true', DEMO_CASES: 'false', SERVE_WEB: 'false', DEMO_PASSWORD: 'Bench@Minsheng2026' },
  { loginRateLimitPerMinute: 1_000_000, publicRateLimitPerMinute: 1_000_000 },
);
const app = await startSystem(config, database, { logger: false, announce: () => undefined });
await app.listen({ port: 0, host: '127.0.0.1' });

const seeded = Number(seedCount ?? '0') > 0 ? await seedBenchDemands(database.db, database.dialect, Number(seedCount)) : null;

const bare = Fastify({ logger: false });
const now = (): string => new Date().toISOString();
bare.post('/bare/demands', async (request) => {
  const body = request.body as { communityId: number; title: string; channel: string };
  const row = await database.db
    .insertInto('demand')
    .values({
      tracking_no: `B${process.hrtime.bigint().toString(36)}${Math.random().toString(36).slice(2, 8)}`,
      community_id: body.communityId,
      town_id: seeded?.townId ?? body.communityId,
      status: 'assigned',
      channel: body.channel,
      title: body.title,
      proposer_phone: null,
      project_id: null,
      primary_demand_id: null,
      idempotency_key: null,
      state_json: JSON.stringify(body),
      version: 1,
      created_at: now(),
      updated_at: now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id };
});
await bare.listen({ port: 0, host: '127.0.0.1' });

const address = (a: ReturnType<typeof app.server.address>): number => (typeof a === 'object' && a !== null ? a.port : 0);
process.stdout.write(`${JSON.stringify({ ready: true, fullPort: address(app.server.address()), barePort: address(bare.server.address()), seeded })}\n`);

process.on('SIGTERM', () => {
  void Promise.all([app.close(), bare.close()])
    .then(() => database.close())
    .then(() => process.exit(0));
});
