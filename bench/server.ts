/**
 * The benchmark's server process: the full system (session, validation, policy, lifecycle, audit, outbox) on one
 * port, and on another two bare Fastify routes on the same database: `/bare/demands` does the same INSERT into
 * `demand` alone; `/bare/writes` does, through the system's own repository functions, the writes of a createDemand
 * (demand row reserved and saved, receipt deadline row, chained audit record) in one transaction, without session,
 * validation, policy, lifecycle decision or response view. Optionally fills the database with N demands first.
 * Prints one JSON line `{ ready, fullPort, barePort, ... }`.
 *
 *   tsx bench/server.ts <sqlite|postgres> <databaseUrlOrFile> <demandsToSeed>
 */
import Fastify from 'fastify';
import { buildWorkCalendar } from '../src/domain/calendar/index.js';
import type { Channel } from '../src/domain/categories.js';
import { decideDemand, type DemandState } from '../src/domain/lifecycle/index.js';
import { DEFAULT_RULES_CONFIG } from '../src/domain/rules-config.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/database.js';
import { transactorOf } from '../src/server/db/transactor.js';
import { appendAuditRecord } from '../src/server/features/audit/audit.repository.js';
import { reserveDemand, saveDemand } from '../src/server/features/cases/case.repository.js';
import { openDeadline } from '../src/server/features/deadlines/deadline.repository.js';
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
  const body = request.body as { communityId: number; title: string; channel: Channel };
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

// The state a createDemand produces, decided once; each request only gives it its id.
const community = await database.db
  .selectFrom('unit')
  .innerJoin('app_user', 'app_user.unit_id', 'unit.id')
  .selectAll('unit')
  .where('app_user.username', '=', 'community')
  .executeTakeFirstOrThrow();
const decided = decideDemand(
  null,
  {
    type: 'createDemand',
    demandId: 1,
    trackingNumber: 'W1',
    townId: community.town_id ?? 0,
    communityId: community.id,
    communityName: community.name,
    channel: 'hotline12345',
    proposer: { kind: 'masses', name: '压测', phone: '13800000000' },
    title: '压测：路灯不亮',
    description: '示例社区一3巷路灯不亮，夜间出行不便。',
    location: '示例社区一3巷',
    collection: { mode: 'daily' },
  },
  { now: new Date(), calendar: buildWorkCalendar([], []), config: DEFAULT_RULES_CONFIG, actor: { userId: null, role: 'community_staff', unitId: community.id } },
);
if (!decided.ok) throw new Error(`${decided.violation.message} ${JSON.stringify(decided.violation.details)}`);
const template: DemandState = decided.state;
bare.post('/bare/writes', async () => {
  const at = now();
  const id = await transactorOf(database.db).run(async (trx) => {
    const demandId = await reserveDemand(trx, {
      communityId: community.id,
      townId: template.townId,
      channel: 'hotline12345',
      title: template.title,
      proposerPhone: '13800000000',
      idempotencyKey: null,
      now: at,
    });
    await saveDemand(trx, { ...template, id: demandId, trackingNumber: `W${demandId}` }, 0, at);
    await openDeadline(
      trx,
      {
        aggregate: 'demand',
        aggregateId: demandId,
        step: 'receipt',
        rule: 'R2.2',
        owner: 'community',
        communityId: community.id,
        townId: template.townId,
        startedAt: at,
        dueAt: at,
        dueDate: at.slice(0, 10),
        provisional: false,
        warnings: [],
      },
      false,
    );
    await appendAuditRecord(trx, database.dialect, {
      occurredAt: at,
      requestId: null,
      actorUserId: null,
      actorUsername: 'bench',
      actorRole: 'community_staff',
      actorUnitId: community.id,
      ip: '127.0.0.1',
      action: 'createDemand',
      targetType: 'demand',
      targetId: String(demandId),
      targetUnitId: community.id,
      outcome: 'success',
      beforeJson: null,
      afterJson: JSON.stringify({ id: demandId, status: template.status }),
      detailsJson: null,
    });
    return demandId;
  });
  return { id };
});
// SQLite: transactions and COMMITs so far (group commit), for transactions per commit under load.
bare.get('/bare/commits', () => database.groupCommit ?? null);
await bare.listen({ port: 0, host: '127.0.0.1' });

const address = (a: ReturnType<typeof app.server.address>): number => (typeof a === 'object' && a !== null ? a.port : 0);
process.stdout.write(`${JSON.stringify({ ready: true, fullPort: address(app.server.address()), barePort: address(bare.server.address()), seeded })}\n`);

process.on('SIGTERM', () => {
  void Promise.all([app.close(), bare.close()])
    .then(() => database.close())
    .then(() => process.exit(0));
});
