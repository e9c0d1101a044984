/**
 * Reads and appends audit records. Appending locks the chain head row, so records are chained in commit order on
 * both dialects; it takes only a transaction, the same one as the change it records.
 */
import { sql } from 'kysely';
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { AuditLogRow, AuditOutcome } from '../../db/schema.js';
import { auditHash } from './audit-chain.js';

export interface NewAuditRecord {
  readonly occurredAt: string;
  readonly requestId: string | null;
  readonly actorUserId: number | null;
  readonly actorUsername: string | null;
  readonly actorRole: string | null;
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

export async function appendAuditRecord(trx: Trx, record: NewAuditRecord): Promise<{ seq: number; hash: string }> {
  // The UPDATE takes the head's row lock (PostgreSQL) / the write lock (SQLite) until commit.
  const head = await trx
    .updateTable('audit_head')
    .set({ last_seq: sql<number>`last_seq + 1` })
    .where('id', '=', 1)
    .returning(['last_seq', 'last_hash'])
    .executeTakeFirstOrThrow();
  const fields = {
    seq: head.last_seq,
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
    prev_hash: head.last_hash,
  };
  const hash = auditHash(fields);
  await trx.insertInto('audit_log').values({ ...fields, hash }).execute();
  await trx.updateTable('audit_head').set({ last_hash: hash }).where('id', '=', 1).execute();
  return { seq: fields.seq, hash };
}

export async function getAuditHead(db: DbOrTrx): Promise<{ lastSeq: number; lastHash: string }> {
  const head = await db.selectFrom('audit_head').select(['last_seq', 'last_hash']).where('id', '=', 1).executeTakeFirstOrThrow();
  return { lastSeq: head.last_seq, lastHash: head.last_hash };
}

export async function* auditPages(db: DbOrTrx, pageSize = 2000): AsyncGenerator<AuditLogRow[]> {
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', after)
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
  const rows = await query.selectAll().orderBy('seq', 'desc').limit(q.limit).offset(q.offset).execute();
  return { total: total.n, rows };
}
