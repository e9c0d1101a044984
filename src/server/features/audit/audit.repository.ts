/**
 * Reads and appends audit records. Appending locks one chain's head row, so each chain's records are chained in
 * commit order on both dialects; it takes only a transaction, the same one as the change it records.
 */
import { sql } from 'kysely';
import type { DbOrTrx, Dialect, Trx } from '../../db/database.js';
import { POSTGRES_AUDIT_CHAINS } from '../../db/migrations/0003_audit_chains.js';
import type { AuditActorRole, AuditLogRow, AuditOutcome } from '../../db/schema.js';
import { auditHash, canonicalAuditFields, type ChainHead } from './audit-chain.js';

export interface NewAuditRecord {
  readonly occurredAt: string;
  readonly requestId: string | null;
  readonly actorUserId: number | null;
  readonly actorUsername: string | null;
  readonly actorRole: AuditActorRole | null;
  readonly actorUnitId: number | null;
  readonly ip: string | null;
  readonly action: string;
  readonly targetType: string | null;
  readonly targetId: string | null;
  readonly targetUnitId: number | null;
  readonly outcome: AuditOutcome;
  readonly beforeJson: string | null;
  readonly afterJson: string | null;
  readonly detailsJson: string | null;
}

/** The chain each open transaction appends to: the first append picks it, later ones in the same transaction follow. */
const chainOfTransaction = new WeakMap<Trx, number>();

/**
 * Locks a chain head and takes the next position in that chain. On PostgreSQL, the lowest-numbered chain that no
 * other transaction holds (SKIP LOCKED), so concurrent transactions append to different chains and their commits
 * overlap; only when every chain is held does it wait, on one chosen at random. SQLite has one writer: chain 1.
 */
async function lockChainHead(trx: Trx, dialect: Dialect): Promise<{ chain: number; seq: number; prevHash: string }> {
  const known = chainOfTransaction.get(trx);
  let chain: ReturnType<typeof sql<number>>;
  if (known !== undefined) chain = sql<number>`${known}`;
  else if (dialect === 'sqlite') chain = sql<number>`1`;
  else {
    const fallback = 1 + Math.floor(Math.random() * POSTGRES_AUDIT_CHAINS);
    chain = sql<number>`coalesce((select id from audit_head order by id limit 1 for update skip locked), ${fallback})`;
  }
  // The UPDATE takes the head's row lock (PostgreSQL) / the write lock (SQLite) until commit; RETURNING gives the
  // new position and the hash of the chain's last record so far (kept by a trigger on audit_log).
  const head = await trx
    .updateTable('audit_head')
    .set({ last_seq: sql<number>`last_seq + 1` })
    .where('id', '=', chain)
    .returning(['id', 'last_seq', 'last_hash'])
    .executeTakeFirstOrThrow();
  chainOfTransaction.set(trx, head.id);
  return { chain: head.id, seq: head.last_seq, prevHash: head.last_hash };
}

export async function appendAuditRecord(trx: Trx, dialect: Dialect, record: NewAuditRecord): Promise<{ chain: number; seq: number; hash: string }> {
  const head = await lockChainHead(trx, dialect);
  // Hashed and stored in the one form the databases keep: the hash covers exactly what is read back.
  const fields = canonicalAuditFields({
    chain: head.chain,
    seq: head.seq,
    occurred_at: record.occurredAt,
    request_id: record.requestId,
    actor_user_id: record.actorUserId,
    actor_username: record.actorUsername,
    actor_role: record.actorRole,
    actor_unit_id: record.actorUnitId,
    ip: record.ip,
    action: record.action,
    target_type: record.targetType,
    target_id: record.targetId,
    target_unit_id: record.targetUnitId,
    outcome: record.outcome,
    before_json: record.beforeJson,
    after_json: record.afterJson,
    details_json: record.detailsJson,
    prev_hash: head.prevHash,
  });
  const hash = auditHash(fields);
  await trx.insertInto('audit_log').values({ ...fields, hash }).execute();
  return { chain: head.chain, seq: head.seq, hash };
}

export async function getChainHeads(db: DbOrTrx): Promise<ChainHead[]> {
  const rows = await db.selectFrom('audit_head').select(['id', 'last_seq', 'last_hash']).orderBy('id').execute();
  return rows.map((r) => ({ chain: r.id, lastSeq: r.last_seq, lastHash: r.last_hash }));
}

/** Chains that hold records but have no head row: none, unless someone moved records by hand. */
export async function headlessChains(db: DbOrTrx): Promise<{ chain: number; firstSeq: number; records: number }[]> {
  const rows = await db
    .selectFrom('audit_log')
    .where('chain', 'not in', (eb) => eb.selectFrom('audit_head').select('id'))
    .groupBy('chain')
    .select((eb) => ['chain', eb.fn.min<number>('seq').as('firstSeq'), eb.fn.countAll<number>().as('records')])
    .orderBy('chain')
    .execute();
  return rows.map((r) => ({ chain: r.chain, firstSeq: r.firstSeq, records: r.records }));
}

/** One chain's records in order, up to `lastSeq`, a page at a time. */
export async function* chainPages(db: DbOrTrx, chain: number, lastSeq: number, pageSize = 2000): AsyncGenerator<AuditLogRow[]> {
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('chain', '=', chain)
      .where('seq', '>', after)
      .where('seq', '<=', lastSeq)
      .orderBy('seq', 'asc')
      .limit(pageSize)
      .execute();
    if (page.length === 0) return;
    yield page;
    const last = page[page.length - 1];
    if (last === undefined) return;
    after = last.seq;
  }
}

export interface AuditQuery {
  readonly action?: string;
  readonly actorUserId?: number;
  readonly targetType?: string;
  readonly targetId?: string;
  readonly outcome?: AuditOutcome;
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
  readonly offset: number;
}

export async function findAuditRecords(db: DbOrTrx, q: AuditQuery): Promise<{ total: number; rows: AuditLogRow[] }> {
  let query = db.selectFrom('audit_log');
  if (q.action !== undefined) query = query.where('action', '=', q.action);
  if (q.actorUserId !== undefined) query = query.where('actor_user_id', '=', q.actorUserId);
  if (q.targetType !== undefined) query = query.where('target_type', '=', q.targetType);
  if (q.targetId !== undefined) query = query.where('target_id', '=', q.targetId);
  if (q.outcome !== undefined) query = query.where('outcome', '=', q.outcome);
  if (q.from !== undefined) query = query.where('occurred_at', '>=', q.from);
  if (q.to !== undefined) query = query.where('occurred_at', '<', q.to);
  const total = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await query.selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
  return { total: total.n, rows };
}
