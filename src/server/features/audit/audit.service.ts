/**
 * The audit trail (R0.7): every write and every security event, in the same transaction as the change it records,
 * so that if the audit write fails the action fails. Only the audit administrator reads it.
 */
import type { Db, Dialect, Trx } from '../../db/database.js';
import type { AuditLogRow, AuditOutcome } from '../../db/schema.js';
import type { RequestContext } from '../../http/context.js';
import { verifyOneChain, type ChainBreak, type ChainReport } from './audit-chain.js';
import { auditJson, redactForAudit } from './audit-redaction.js';
import { appendAuditRecord, chainPages, findAuditRecords, getChainHeads, headlessChains, type AuditQuery } from './audit.repository.js';

export interface AuditTarget {
  readonly type: string;
  readonly id: string | number;
  readonly unitId?: number | null;
}

export interface AuditEntry {
  readonly action: string;
  readonly outcome?: AuditOutcome;
  readonly target?: AuditTarget;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly details?: unknown;
  /**
   * For events before a session exists (a login), the account concerned; for commands of the public or the system
   * (no account: `userId` and `unitId` null), who acted.
   */
  readonly actor?: { readonly userId: number | null; readonly username: string; readonly role: string; readonly unitId: number | null };
}

export interface AuditRecordView {
  readonly id: number;
  /** The hash chain and the position in it that verification reports breaks by. */
  readonly chain: number;
  readonly seq: number;
  readonly occurredAt: string;
  readonly requestId: string | null;
  readonly actor: { readonly userId: number | null; readonly username: string | null; readonly role: string | null; readonly unitId: number | null };
  readonly ip: string | null;
  readonly action: string;
  readonly target: { readonly type: string | null; readonly id: string | null; readonly unitId: number | null };
  readonly outcome: AuditOutcome;
  readonly before: unknown;
  readonly after: unknown;
  readonly details: unknown;
  readonly hash: string;
}

function parse(json: string | null): unknown {
  return json === null ? null : (JSON.parse(json) as unknown);
}

export function mapAuditRecord(row: AuditLogRow): AuditRecordView {
  return {
    id: row.id,
    chain: row.chain,
    seq: row.seq,
    occurredAt: row.occurred_at,
    requestId: row.request_id,
    actor: { userId: row.actor_user_id, username: row.actor_username, role: row.actor_role, unitId: row.actor_unit_id },
    ip: row.ip,
    action: row.action,
    target: { type: row.target_type, id: row.target_id, unitId: row.target_unit_id },
    outcome: row.outcome,
    before: parse(row.before_json),
    after: parse(row.after_json),
    details: parse(row.details_json),
    hash: row.hash,
  };
}

export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly dialect: Dialect,
  ) {}

  /** Appends within the caller's transaction. */
  async record(trx: Trx, ctx: RequestContext, entry: AuditEntry): Promise<void> {
    const user = ctx.user;
    await appendAuditRecord(trx, this.dialect, {
      occurredAt: ctx.now.toISOString(),
      requestId: ctx.requestId,
      actorUserId: entry.actor?.userId ?? user?.userId ?? null,
      actorUsername: entry.actor?.username ?? user?.username ?? null,
      actorRole: entry.actor?.role ?? user?.role ?? null,
      actorUnitId: entry.actor?.unitId ?? user?.unit.id ?? null,
      ip: ctx.ip,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      // A failed login's target is whatever was typed as the username, often a phone number: masked like any text.
      targetId: entry.target === undefined ? null : String(redactForAudit(String(entry.target.id))),
      targetUnitId: entry.target?.unitId ?? null,
      outcome: entry.outcome ?? 'success',
      beforeJson: auditJson(entry.before),
      afterJson: auditJson(entry.after),
      detailsJson: auditJson(entry.details),
    });
  }

  /** Appends in a transaction of its own: for denials and failures, whose own transaction is rolled back. */
  async recordAlone(ctx: RequestContext, entry: AuditEntry): Promise<void> {
    await this.db.transaction().execute((trx) => this.record(trx, ctx, entry));
  }

  async list(q: AuditQuery): Promise<{ total: number; items: AuditRecordView[] }> {
    const { total, rows } = await findAuditRecords(this.db, q);
    return { total, items: rows.map(mapAuditRecord) };
  }

  async verify(): Promise<ChainReport> {
    // Read the heads first: records appended while we walk are beyond them and not counted as breaks.
    const heads = await getChainHeads(this.db);
    const breaks: ChainBreak[] = [];
    let checked = 0;
    for (const head of heads) {
      const one = await verifyOneChain(chainPages(this.db, head.chain, head.lastSeq), head);
      checked += one.checked;
      breaks.push(...one.breaks);
    }
    for (const orphan of await headlessChains(this.db)) {
      breaks.push({
        chain: orphan.chain,
        seq: orphan.firstSeq,
        reason: 'unknownChain',
        message: `审计链 ${orphan.chain} 不存在，却有 ${orphan.records} 条记录`,
      });
    }
    return { ok: breaks.length === 0, checked, chains: heads.length, breaks };
  }
}
