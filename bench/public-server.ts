/**
 * The residents' portal benchmark's server process (bench/public.ts drives it): the full system on one port, and on
 * another a bare Fastify route, `/bare/projects`, that serves the 公示 list's rows from the same database through the
 * same repository function the service calls (`listPublishedProjects`), returned as JSON as they come: no response
 * schema, no ETag, no mapping to the public view, no masking. The floor of what the list can cost. `/bare/projects-lean`
 * answers the same rows without their `state_json` column, a floor that also sends about as many bytes as the full.
 * Fills the database first with N publicized projects (公示中, 公示期满, 实施中 and 已办结), walked there by the lifecycle.
 * `/bare/parts` times, for one query, each part of what the service and the route do with it, one after the other
 * in this process: the repository call, parsing the rows' state, the public view, the response schema's
 * serialization, the ETag, and for comparison the bare route's JSON.stringify of the rows.
 * Prints one JSON line `{ ready, fullPort, barePort, seeded }`.
 *
 *   tsx bench/public-server.ts <sqlite|postgres> <databaseUrlOrFile> <projectsToSeed>
 */
import Fastify from 'fastify';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryId, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/database.js';
import { parseProject } from '../src/server/features/cases/case.repository.js';
import { strongEtag } from '../src/server/features/public/public-cache.js';
import { mapPublicProject } from '../src/server/features/public/public.mapper.js';
import { listPublishedProjects, type PublicListQuery } from '../src/server/features/public/public.repository.js';
import { PublicProjectList } from '../src/server/features/public/public.schemas.js';
import { startSystem } from '../src/server/system.js';
import { seedBenchProjects, type SeedTarget } from './seed-projects.js';

/** Every state a project of the public lists can be in that the seed reaches: publicized, or closed (R5.1, R6.6). */
export const PUBLICIZED_TARGETS: readonly SeedTarget[] = [
  { target: 'inPublicity', weight: 20 },
  { target: 'publicityEnded', weight: 20 },
  { target: 'implementing', weight: 40 },
  { target: 'closed', weight: 20 },
];

/** The route's query as the public sends it, read without a schema (the bare route has none). */
export function bareQuery(raw: Readonly<Record<string, string | undefined>>): PublicListQuery {
  const int = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  return {
    kind: raw.list === 'results' ? 'results' : 'publicity',
    phase: raw.phase === 'active' || raw.phase === 'ended' ? raw.phase : undefined,
    townId: int(raw.townId),
    communityId: int(raw.communityId),
    category: raw.category,
    keyword: raw.keyword,
    limit: int(raw.limit) ?? 20,
    offset: int(raw.offset) ?? 0,
  };
}

/** Records how long each query takes between Kysely handing it to the driver and the driver's result, µs. */
function queryTimer(into: number[]): KyselyPlugin {
  const started = new Map<QueryId, bigint>();
  return {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      started.set(args.queryId, process.hrtime.bigint());
      return args.node;
    },
    transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const from = started.get(args.queryId);
      if (from !== undefined) into.push(Number(process.hrtime.bigint() - from) / 1000);
      return Promise.resolve(args.result);
    },
  };
}

async function main(): Promise<void> {
  const [dialect, location, seedCount] = process.argv.slice(2);
  if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error('usage: public-server.ts <sqlite|postgres> <url|file> <n>');
  const database = openDatabase(
    dialect === 'postgres' ? { databaseUrl: location ?? '', sqlitePath: '', poolSize: 20 } : { databaseUrl: null, sqlitePath: location ?? '' },
  );
  const config = loadConfig(
    { DEMO: 'true', DEMO_CASES: 'false', SERVE_WEB: 'false', DEMO_PASSWORD: 'Bench@Minsheng2026' },
    { loginRateLimitPerMinute: 1_000_000, publicRateLimitPerMinute: 1_000_000 },
  );
  const app = await startSystem(config, database, { logger: false, announce: () => undefined });
  const seeded = await seedBenchProjects(database.db, database.dialect, Number(seedCount ?? '0'), PUBLICIZED_TARGETS);
  await app.listen({ port: 0, host: '127.0.0.1' });

  const bare = Fastify({ logger: false });
  bare.get('/bare/projects', async (request) => listPublishedProjects(database.db, bareQuery(request.query as Record<string, string | undefined>)));
  // A stricter floor: the same query and rows, answered without their `state_json` (about the full answer's size).
  bare.get('/bare/projects-lean', async (request) => {
    const { total, rows } = await listPublishedProjects(database.db, bareQuery(request.query as Record<string, string | undefined>));
    return { total, rows: rows.map(({ state_json: _state, ...columns }) => columns) };
  });
  const micros = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1000;
  bare.get('/bare/parts', { schema: { response: { 200: PublicProjectList } } }, async (request, reply) => {
    const q = bareQuery(request.query as Record<string, string | undefined>);
    const timed: number[] = [];
    let t = process.hrtime.bigint();
    const { total, rows } = await listPublishedProjects(database.db.withPlugin(queryTimer(timed)), q);
    const query = micros(t);
    t = process.hrtime.bigint();
    const states = rows.map((r) => parseProject(r).state);
    const parse = micros(t);
    t = process.hrtime.bigint();
    const now = new Date();
    const list = { total, items: states.map((s) => mapPublicProject(s, now)) };
    const map = micros(t);
    t = process.hrtime.bigint();
    const serialized = reply.serialize(list);
    const text = typeof serialized === 'string' ? serialized : JSON.stringify(list);
    const serialize = micros(t);
    t = process.hrtime.bigint();
    strongEtag(text);
    const etag = micros(t);
    t = process.hrtime.bigint();
    const bareText = JSON.stringify({ total, rows });
    const bareSerialize = micros(t);
    const parts = { query, count: timed[0] ?? 0, rows: timed[1] ?? 0, parse, map, serialize, etag, bareSerialize, fullBytes: Buffer.byteLength(text), bareBytes: Buffer.byteLength(bareText) };
    return reply.type('application/json').send(JSON.stringify(parts));
  });
  await bare.listen({ port: 0, host: '127.0.0.1' });

  const address = (a: ReturnType<typeof app.server.address>): number => (typeof a === 'object' && a !== null ? a.port : 0);
  process.stdout.write(`${JSON.stringify({ ready: true, fullPort: address(app.server.address()), barePort: address(bare.server.address()), seeded })}\n`);

  process.on('SIGTERM', () => {
    void Promise.all([app.close(), bare.close()])
      .then(() => database.close())
      .then(() => process.exit(0));
  });
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) await main();
