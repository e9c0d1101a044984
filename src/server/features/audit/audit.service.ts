/**
 * The audit trail (R0.7): every write and every security event, in the same transaction as the change it records,
 * so that if the audit write fails the action fails. Only the audit administrator reads it.
 */
import type { Dialect } from '../../db/database.js';
import type { Transactor, Tx } from '../../db/transactor.js';
import type { AuditActorRole, AuditLogRow, AuditOutcome } from '../../db/schema.js';
import type { AccessDenial, AccessDenialRecorder } from '../../http/access.js';
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
  readonly actor?: { readonly userId: number | null; readonly username: string; readonly role: AuditActorRole; readonly unitId: number | null };
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

/**
 * Security events an outsider can repeat at will, and that are recorded in a transaction of their own
 * (`recordAlone`): a wrong intake token or a role refused (`accessDenied`), a sign-in of an unknown, disabled or
 * locked account (`loginFailed`). Wrong passwords of a real account are not among them: they are recorded with the
 * failure count that locks the account (R0.7 lockout), one record each, and stop at the lockout.
 */
export const AGGREGATED_SECURITY_EVENTS: ReadonlySet<string> = new Set(['accessDenied', 'loginFailed']);

/** How long repeats of one event from one source are counted before their summary is written. */
export const AUDIT_AGGREGATION_WINDOW_MS = 60_000;

/** Sources counted at once; beyond this every event is recorded alone again, never dropped. */
const MAX_OPEN_WINDOWS = 10_000;

interface OpenWindow {
  readonly ctx: RequestContext;
  readonly entry: AuditEntry;
  readonly endsAt: number;
  repeats: number;
  firstRepeatAt: string | null;
  lastRepeatAt: string | null;
  lastRequestId: string;
}

/** Identical events: the same source (IP), actor, action, outcome, target and details. */
function aggregationKey(ctx: RequestContext, entry: AuditEntry): string {
  return JSON.stringify([
    ctx.ip,
    ctx.user?.userId ?? null,
    entry.actor ?? null,
    entry.action,
    entry.outcome ?? 'success',
    entry.target ?? null,
    entry.details ?? null,
  ]);
}

export class AuditService implements AccessDenialRecorder {
  /** Repeated security events being counted, by `aggregationKey`; in this process only. */
  private readonly windows = new Map<string, OpenWindow>();

  constructor(
    private readonly tx: Transactor,
    private readonly dialect: Dialect,
  ) {}

  /** Appends within the caller's transaction. */
  async record(trx: Tx, ctx: RequestContext, entry: AuditEntry): Promise<void> {
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

  /** A refusal of the access policy (R0.8), counted with its repeats like the other security events. */
  async recordAccessDenied(ctx: RequestContext, denial: AccessDenial): Promise<void> {
    await this.recordAlone(ctx, {
      action: 'accessDenied',
      outcome: 'denied',
      ...(denial.unitId !== undefined ? { target: { type: 'unit', id: denial.unitId, unitId: denial.unitId } } : {}),
      details: { attempted: denial.attempted, code: denial.code },
    });
  }

  /**
   * Appends in a transaction of its own: for denials and failures, whose own transaction is rolled back.
   *
   * A security event (`AGGREGATED_SECURITY_EVENTS`, outcome not success) is recorded in full the first time it comes
   * from a source; identical repeats in the next `AUDIT_AGGREGATION_WINDOW_MS` are only counted, and one summary
   * record — the same event, with `details.repeated = { count, firstAt, lastAt }` — is written when the window has
   * passed (`flushAggregates`, called here, by the `auditAggregates` job and at shutdown). So a flood from one source
   * costs two records a minute instead of one per request.
   */
  async recordAlone(ctx: RequestContext, entry: AuditEntry): Promise<void> {
    const aggregated = AGGREGATED_SECURITY_EVENTS.has(entry.action) && (entry.outcome ?? 'success') !== 'success';
    if (!aggregated) {
      await this.tx.run((trx) => this.record(trx, ctx, entry));
      return;
    }
    await this.flushAggregates(ctx.now);
    const key = aggregationKey(ctx, entry);
    const open = this.windows.get(key);
    if (open !== undefined && ctx.now.getTime() < open.endsAt) {
      open.repeats += 1;
      open.firstRepeatAt ??= ctx.now.toISOString();
      open.lastRepeatAt = ctx.now.toISOString();
      open.lastRequestId = ctx.requestId;
      return;
    }
    // Opened before the first record is written, so that repeats arriving meanwhile are counted in it.
    const counting = this.windows.size < MAX_OPEN_WINDOWS;
    if (counting) {
      this.windows.set(key, {
        ctx,
        entry,
        endsAt: ctx.now.getTime() + AUDIT_AGGREGATION_WINDOW_MS,
        repeats: 0,
        firstRepeatAt: null,
        lastRepeatAt: null,
        lastRequestId: ctx.requestId,
      });
    }
    try {
      await this.tx.run((trx) => this.record(trx, ctx, entry));
    } catch (err) {
      if (counting) this.windows.delete(key);
      throw err;
    }
  }

  /**
   * Writes the summary of every counting window that has ended by `now` (all of them with `all`, at shutdown): one
   * record per source and event that had repeats, none for an event that came once. Returns the records written.
   */
  async flushAggregates(now: Date, all = false): Promise<number> {
    const ended: OpenWindow[] = [];
    for (const [key, w] of this.windows) {
      if (all || w.endsAt <= now.getTime()) {
        this.windows.delete(key);
        if (w.repeats > 0) ended.push(w);
      }
    }
    if (ended.length === 0) return 0;
    await this.tx.run(async (trx) => {
      for (const w of ended) {
        const details = typeof w.entry.details === 'object' && w.entry.details !== null && !Array.isArray(w.entry.details) ? w.entry.details : { details: w.entry.details ?? null };
        await this.record(
          trx,
          { ...w.ctx, requestId: w.lastRequestId, now },
          { ...w.entry, details: { ...details, repeated: { count: w.repeats, firstAt: w.firstRepeatAt, lastAt: w.lastRepeatAt } } },
        );
      }
    });
    return ended.length;
  }

  async list(q: AuditQuery): Promise<{ total: number; items: AuditRecordView[] }> {
    const { total, rows } = await findAuditRecords(this.tx.reader, q);
    return { total, items: rows.map(mapAuditRecord) };
  }

  async verify(): Promise<ChainReport> {
    // Read the heads first: records appended while we walk are beyond them and not counted as breaks.
    const heads = await getChainHeads(this.tx.reader);
    const breaks: ChainBreak[] = [];
    let checked = 0;
    for (const head of heads) {
      const one = await verifyOneChain(chainPages(this.tx.reader, head.chain, head.lastSeq), head);
      checked += one.checked;
      breaks.push(...one.breaks);
    }
    for (const orphan of await headlessChains(this.tx.reader)) {
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
