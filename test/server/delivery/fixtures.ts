/**
 * Test data and test doubles for the delivery tests: a migrated database with a city → town → community tree, a
 * demand and a project inserted directly, outbox rows, channels that fail a set number of times or wait to be
 * released, and a delivery service with the default policy but no jitter, so retry instants are exact.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseHandle, Db } from '../../../src/server/db/database.js';
import type { Database, FeedbackRow, PublicationRow, UnitRow } from '../../../src/server/db/schema.js';
import { migrateToLatest } from '../../../src/server/db/migrator.js';
import { transactorOf } from '../../../src/server/db/transactor.js';
import type { Channel } from '../../../src/domain/categories.js';
import type { FeedbackKind } from '../../../src/domain/lifecycle/feedback-templates.js';
import { AuditService } from '../../../src/server/features/audit/audit.service.js';
import {
  StaticChannelRegistry,
  type ChannelRegistry,
  type DeliveryResult,
  type FeedbackChannel,
  type FeedbackMessage,
  type PublicationChannel,
  type PublicationMessage,
} from '../../../src/server/features/delivery/channels.js';
import { DeliveryService, type DeliveryPolicy } from '../../../src/server/features/delivery/delivery.service.js';
import { insertUnit } from '../../../src/server/features/org/org.repository.js';
import type { RequestContext } from '../../../src/server/http/context.js';
import { createTestDatabase, type TestDatabase } from '../../support/dialects.js';

export const T0 = '2026-09-28T02:00:00.000Z';
export const MINUTE = 60_000;

export function at(base: string, plusMs: number): string {
  return new Date(new Date(base).getTime() + plusMs).toISOString();
}

export interface DeliveryWorld {
  readonly database: TestDatabase;
  /** The first node's connection. */
  readonly handle: DatabaseHandle;
  readonly db: Db;
  readonly community: UnitRow;
  readonly town: UnitRow;
  /** Another node's connection: its own pool on PostgreSQL; on SQLite, with one writer, the same connection. */
  openNode(): DatabaseHandle;
  close(): Promise<void>;
}

/**
 * A PostgreSQL pool whose close waits until every connection has really ended. `pool.end()` resolves while the
 * sockets are still closing, and the DROP DATABASE … WITH (FORCE) that follows would then kill them mid-close.
 */
function openPostgresNode(url: string): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  let open = 0;
  pool.on('connect', () => {
    open += 1;
  });
  pool.on('remove', () => {
    open -= 1;
  });
  // A connection ended by the server while the test tears down is expected, not a failure.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    location: url,
    async close() {
      await db.destroy();
      for (let waited = 0; open > 0 && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}

/** A fresh database and the nodes' connections to it; `close()` ends them all, then drops the database. */
export interface TestNodes {
  readonly database: TestDatabase;
  openNode(): DatabaseHandle;
  close(): Promise<void>;
}

export async function createTestNodes(dialect: TestDatabase['dialect']): Promise<TestNodes> {
  const database = await createTestDatabase(dialect);
  const nodes: DatabaseHandle[] = [];
  return {
    database,
    openNode() {
      if (dialect === 'sqlite') return database;
      const node = openPostgresNode(database.url);
      nodes.push(node);
      return node;
    },
    async close() {
      for (const node of nodes) await node.close();
      await database.drop();
    },
  };
}

export async function createWorld(dialect: TestDatabase['dialect']): Promise<DeliveryWorld> {
  const testNodes = await createTestNodes(dialect);
  const { database } = testNodes;
  const openNode = (): DatabaseHandle => testNodes.openNode();
  const handle = openNode();
  await migrateToLatest(handle);
  const { town, community } = await handle.db.transaction().execute(async (trx) => {
    const city = await insertUnit(trx, { kind: 'city', subkind: null, name: '东莞市', code: '4419', parent: null, isSample: false, createdAt: T0 });
    const t = await insertUnit(trx, { kind: 'town', subkind: '镇', name: '虎门镇', code: null, parent: city, isSample: false, createdAt: T0 });
    const c = await insertUnit(trx, { kind: 'community', subkind: '社区', name: '怀德社区', code: null, parent: t, isSample: false, createdAt: T0 });
    return { town: t, community: c };
  });
  return {
    database,
    handle,
    db: handle.db,
    community,
    town,
    openNode,
    close: () => testNodes.close(),
  };
}

let serial = 0;

export async function insertDemand(world: DeliveryWorld, channel: Channel = 'hotline12345'): Promise<number> {
  serial += 1;
  const row = await world.db
    .insertInto('demand')
    .values({
      tracking_no: `MS${Date.now().toString(36)}${serial}`,
      community_id: world.community.id,
      town_id: world.town.id,
      // Acknowledged by the community: the state a receipt feedback (R2.3) is sent from.
      status: 'acknowledged',
      channel,
      title: '小区门口路灯不亮',
      proposer_phone: '13800138000',
      state_json: '{}',
      version: 1,
      created_at: T0,
      updated_at: T0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertProject(world: DeliveryWorld, title = '怀德社区路灯改造'): Promise<number> {
  serial += 1;
  const row = await world.db
    .insertInto('project')
    .values({
      code: `P${Date.now().toString(36)}${serial}`,
      community_id: world.community.id,
      town_id: world.town.id,
      status: 'inPublicity',
      title,
      collection_mode: 'daily',
      year: 2026,
      over_cap: 0,
      possible_split: 0,
      survey_exception: 0,
      published: 1,
      state_json: '{}',
      version: 1,
      created_at: T0,
      updated_at: T0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertFeedback(
  world: DeliveryWorld,
  input: { demandId: number; projectId?: number; kind?: FeedbackKind; channel: string; recipient?: string | null; body?: string; at?: string },
): Promise<number> {
  const row = await world.db
    .insertInto('feedback')
    .values({
      demand_id: input.demandId,
      project_id: input.projectId ?? null,
      kind: input.kind ?? 'receipt',
      channel: input.channel,
      recipient: input.recipient ?? null,
      body: input.body ?? '您好！您反映的“民生微实事”诉求已由怀德社区接收。',
      status: 'pending',
      attempts: 0,
      next_attempt_at: input.at ?? T0,
      created_at: input.at ?? T0,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertPublication(
  world: DeliveryWorld,
  input: { projectId: number; channel: string; kind?: 'publicity' | 'result'; at?: string; endsAt?: string | null },
): Promise<number> {
  const startsAt = input.at ?? T0;
  const row = await world.db
    .insertInto('publication')
    .values({
      project_id: input.projectId,
      kind: input.kind ?? 'publicity',
      channel: input.channel,
      starts_at: startsAt,
      ends_at: input.endsAt === undefined ? at(startsAt, 5 * 24 * 60 * MINUTE) : input.endsAt,
      status: 'pending',
      attempts: 0,
      next_attempt_at: startsAt,
      created_at: startsAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function feedbackRow(world: DeliveryWorld, id: number): Promise<FeedbackRow> {
  return world.db.selectFrom('feedback').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function publicationRow(world: DeliveryWorld, id: number): Promise<PublicationRow> {
  return world.db.selectFrom('publication').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function attemptRows(world: DeliveryWorld, outbox?: 'feedback' | 'publication') {
  let q = world.db.selectFrom('delivery_attempt').selectAll();
  if (outbox !== undefined) q = q.where('outbox', '=', outbox);
  return q.orderBy('id').execute();
}

type Message = FeedbackMessage | PublicationMessage;

/** Fails the first `failures` attempts of each message, then succeeds (or at once after `recover()`); records every call. */
export class FlakyChannel implements FeedbackChannel, PublicationChannel {
  readonly calls: Message[] = [];
  private readonly seen = new Map<string, number>();

  constructor(
    readonly name: string,
    private failures: number,
    private readonly options: { retryable?: boolean; error?: string; delayMs?: number; node?: string } = {},
  ) {}

  async deliver(message: Message): Promise<DeliveryResult> {
    this.calls.push(message);
    const key = `${message.outbox}:${message.id}`;
    const n = (this.seen.get(key) ?? 0) + 1;
    this.seen.set(key, n);
    // A real channel answers later: lets two workers' rounds interleave.
    if (this.options.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, this.options.delayMs));
    if (n <= this.failures) return { ok: false, error: this.options.error ?? '对方系统暂不可用（503）', retryable: this.options.retryable ?? true };
    return { ok: true, externalRef: `${this.name}-${message.id}` };
  }

  recover(): void {
    this.failures = 0;
  }
}

/**
 * Two channels of one name, one per node, whose first deliveries wait for each other: neither node sends its first
 * message until the other has begun sending its own, so both provably deliver while the other does.
 */
export function meetingChannels(name: string, timeoutMs = 5000): [FlakyChannel, FlakyChannel] {
  let arrived = 0;
  let meet: () => void = () => undefined;
  const met = new Promise<void>((resolve) => {
    meet = resolve;
  });
  class MeetingChannel extends FlakyChannel {
    private first = true;
    override async deliver(message: Message): Promise<DeliveryResult> {
      if (this.first) {
        this.first = false;
        arrived += 1;
        if (arrived === 2) meet();
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`${name}: the other node never began delivering`)), timeoutMs);
        });
        try {
          await Promise.race([met, late]);
        } finally {
          clearTimeout(timer);
        }
      }
      return super.deliver(message);
    }
  }
  return [new MeetingChannel(name, 0), new MeetingChannel(name, 0)];
}

/** Holds every delivery until `release()`: a node that is still sending when its claim runs out. */
export class GatedChannel implements FeedbackChannel {
  readonly calls: FeedbackMessage[] = [];
  private open: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => {
    this.open = resolve;
  });

  constructor(readonly name: string) {}

  async deliver(message: FeedbackMessage): Promise<DeliveryResult> {
    this.calls.push(message);
    await this.gate;
    return { ok: true };
  }

  release(): void {
    this.open();
  }
}

export function registryOf(feedback: readonly FeedbackChannel[], publication: readonly PublicationChannel[] = []): ChannelRegistry {
  return new StaticChannelRegistry({ feedback, publication });
}

export function deliveryService(
  db: Db,
  dialect: TestDatabase['dialect'],
  channels: ChannelRegistry,
  options: { node?: string; policy?: Partial<DeliveryPolicy> } = {},
): DeliveryService {
  const tx = transactorOf(db);
  return new DeliveryService(tx, dialect, channels, new AuditService(tx, dialect), {
    node: options.node ?? 'node-a',
    policy: { jitterRatio: 0, ...options.policy },
  });
}

export function staffContext(now: string): RequestContext {
  return { requestId: 'req-retry', ip: '10.0.0.8', user: null, now: new Date(now) };
}
