/**
 * Delivers the outboxes (R7.1 feedbacks; R5.1 / R6.6 publications) that the case services write in the same
 * transaction as a state change. Each round claims due rows for this node, sends each through its channel, and
 * records every attempt; a failure is retried with exponential backoff until the policy's last attempt, after which
 * the row is `failed` for staff to see and retry. Delivery is at-least-once: a node that dies after sending and
 * before recording leaves a claim that expires, and the row is sent again (docs/delivery.md).
 */
import type { Dialect } from '../../db/database.js';
import type { Transactor } from '../../db/transactor.js';
import type { FeedbackRow } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { RequestContext } from '../../http/context.js';
import type { AuditService } from '../audit/audit.service.js';
import { deliveryKey, type ChannelRegistry, type DeliveryResult, type FeedbackMessage, type PublicationMessage } from './channels.js';
import { mapAttempt, mapFeedback, mapPublication, type DeliveryAttemptView, type FeedbackView, type PublicationView } from './delivery.mapper.js';
import {
  OUTBOXES,
  claimCandidate,
  findDueCandidates,
  findFeedbacksByIds,
  findOutboxRowState,
  findOwnerUnit,
  findPublicationsByIds,
  insertAttempt,
  listAttemptsOf,
  listFeedbacksOfDemand,
  listPublicationsOfProject,
  reopenFailed,
  settleClaim,
  type DueCandidate,
  type Outbox,
  type PublicationWithProject,
  type Settlement,
} from './delivery.repository.js';

export interface DeliveryPolicy {
  /** After this many attempts without success a row is `failed`. */
  readonly maxAttempts: number;
  /** The wait after the first failure; it doubles with each further failure. */
  readonly firstRetryMs: number;
  readonly maxRetryMs: number;
  /**
   * Rows that failed together (a platform was down) should not all come back in the same second: each wait is
   * shortened by up to this share, by an amount fixed by the row and attempt, so a retry's instant is reproducible.
   */
  readonly jitterRatio: number;
  /** How long a claim holds a row; longer than a delivery can take, so a live node never loses its rows. */
  readonly leaseMs: number;
  /** A channel that has not answered by then has failed this attempt (retryable). */
  readonly deliveryTimeoutMs: number;
  /** Rows claimed per outbox per round. */
  readonly batchSize: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = Object.freeze({
  maxAttempts: 10,
  firstRetryMs: 60_000,
  maxRetryMs: 6 * 60 * 60_000,
  jitterRatio: 0.1,
  leaseMs: 2 * 60_000,
  deliveryTimeoutMs: 30_000,
  batchSize: 20,
});

/** FNV-1a: a stable fraction in [0, 1) per key, the same on every node and every run. */
function stableFraction(key: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash / 2 ** 32;
}

/**
 * The wait after the `failedAttempts`-th failure: firstRetry · 2^(n−1), at most maxRetry (1 min, 2, 4 … 6 h), less
 * the row's fixed jitter share. `key` names the row and attempt.
 */
export function retryDelayMs(policy: DeliveryPolicy, failedAttempts: number, key: string): number {
  const nominal = Math.min(policy.firstRetryMs * 2 ** Math.max(0, failedAttempts - 1), policy.maxRetryMs);
  return Math.round(nominal * (1 - policy.jitterRatio * stableFraction(key)));
}

export interface DeliveryReport {
  /** Rows this node claimed in the round. */
  claimed: number;
  delivered: number;
  /** Failed this time, due again later. */
  retrying: number;
  /** Given up on: staff see them and can retry them. */
  failed: number;
  /** Rows whose claim expired while this node was still sending: another node decided them. */
  leaseLost: number;
}

type Outcome = 'delivered' | 'retrying' | 'failed' | 'leaseLost';

interface Claim {
  readonly id: number;
  readonly channel: string;
  /** Attempts made before this one (including an interrupted one). */
  readonly attempts: number;
  /** The previous claim expired without a result. */
  readonly interrupted: boolean;
}

type Send = () => Promise<DeliveryResult>;

/** The database's columns hold 500 characters (PostgreSQL counts characters, as here). */
function clip(text: string): string {
  const chars = [...text];
  return chars.length <= 500 ? text : `${chars.slice(0, 499).join('')}…`;
}

function interruptedError(c: DueCandidate): string {
  return clip(`投递中断：节点 ${c.claimedBy ?? ''} 在租约到期（${c.claimedUntil ?? ''}）前未报告结果`);
}

export interface DeliveryServiceOptions {
  /** This process's name in claims: unique per process, at most 64 characters. */
  readonly node: string;
  readonly policy?: Partial<DeliveryPolicy>;
}

export class DeliveryService {
  readonly node: string;
  readonly policy: DeliveryPolicy;

  constructor(
    private readonly tx: Transactor,
    private readonly dialect: Dialect,
    private readonly channels: ChannelRegistry,
    private readonly audit: AuditService,
    options: DeliveryServiceOptions,
  ) {
    this.node = options.node;
    this.policy = Object.freeze({ ...DEFAULT_DELIVERY_POLICY, ...options.policy });
    if (this.node === '' || [...this.node].length > 64) throw new Error('delivery node name must have 1–64 characters');
    if (!Number.isInteger(this.policy.maxAttempts) || this.policy.maxAttempts < 1) throw new Error('maxAttempts must be a positive integer');
    if (this.policy.leaseMs <= this.policy.deliveryTimeoutMs) {
      // A claim that can expire while its delivery is still allowed to run would hand the row to a second node.
      throw new Error('leaseMs must exceed deliveryTimeoutMs');
    }
  }

  /**
   * One round at `now`: claims up to `limit` due rows of each outbox for this node, delivers them (concurrently,
   * each bounded by the timeout, so the whole round fits in one lease) and records each outcome.
   */
  async deliverDue(now: Date, limit: number = this.policy.batchSize): Promise<DeliveryReport> {
    const report: DeliveryReport = { claimed: 0, delivered: 0, retrying: 0, failed: 0, leaseLost: 0 };
    for (const outbox of OUTBOXES) {
      const claims = await this.claim(outbox, now, limit);
      if (claims.length === 0) continue;
      report.claimed += claims.length;
      const senders = await this.senders(outbox, claims, now);
      const outcomes = await Promise.all(claims.map((c) => this.attempt(outbox, c, senders.get(c.id), now)));
      for (const outcome of outcomes) report[outcome] += 1;
    }
    return report;
  }

  /** R7.1 a demand's feedbacks, oldest first, with their delivery state. */
  async listFeedbacks(demandId: number): Promise<FeedbackView[]> {
    return (await listFeedbacksOfDemand(this.tx.reader, demandId)).map(mapFeedback);
  }

  /** R5.1 / R6.6 a project's publications, one per channel and kind, with their delivery state. */
  async listPublications(projectId: number): Promise<PublicationView[]> {
    return (await listPublicationsOfProject(this.tx.reader, projectId)).map(mapPublication);
  }

  /** R7.1 every attempt to deliver one row, in order. */
  async listAttempts(outbox: Outbox, id: number): Promise<DeliveryAttemptView[]> {
    return (await listAttemptsOf(this.tx.reader, outbox, id)).map(mapAttempt);
  }

  /** The community a row belongs to: what a staff action checks the actor's jurisdiction against (R0.8). */
  async ownerUnit(outbox: Outbox, id: number): Promise<{ id: number; path: string }> {
    const unit = await findOwnerUnit(this.tx.reader, outbox, id);
    if (unit === undefined) throw new AppError('NOT_FOUND');
    return unit;
  }

  /**
   * A staff action: a failed row goes back to pending, due now, with a fresh round of attempts (its earlier attempts
   * stay in the log). Audited in the same transaction (R0.7). The caller has checked the actor's jurisdiction.
   */
  async retryFailed(ctx: RequestContext, outbox: Outbox, id: number): Promise<void> {
    const now = ctx.now.toISOString();
    await this.tx.run(async (trx) => {
      const before = await findOutboxRowState(trx, outbox, id);
      if (before === undefined) throw new AppError('NOT_FOUND');
      if (before.status !== 'failed' || !(await reopenFailed(trx, outbox, id, now))) {
        throw new AppError('INVALID_STATE', { status: before.status }, '只有投递失败的记录可以重新投递');
      }
      const unit = await findOwnerUnit(trx, outbox, id);
      await this.audit.record(trx, ctx, {
        action: 'retryDelivery',
        target: { type: outbox, id, unitId: unit?.id ?? null },
        before: { status: before.status, attempts: before.attempts, lastError: before.lastError, channel: before.channel },
        after: { status: 'pending', attempts: 0, nextAttemptAt: now },
      });
    });
  }

  /** Claims, in one transaction, the due rows of one outbox that no live claim holds. */
  private async claim(outbox: Outbox, now: Date, limit: number): Promise<Claim[]> {
    const nowIso = now.toISOString();
    const leaseUntil = new Date(now.getTime() + this.policy.leaseMs).toISOString();
    return this.tx.run(async (trx) => {
      // PostgreSQL: rows another node is claiming right now are skipped rather than waited for. SQLite has one
      // writer, and the conditional UPDATE alone decides there.
      const candidates = await findDueCandidates(trx, outbox, nowIso, limit, this.dialect === 'postgres');
      const claims: Claim[] = [];
      for (const c of candidates) {
        // A claim still set on a due row is one whose node died or stalled: that attempt counts, and is recorded
        // as interrupted, so that a row that kills its sender cannot be retried for ever.
        const interrupted = c.claimedBy === null ? null : interruptedError(c);
        const won = await claimCandidate(trx, outbox, c, { node: this.node, now: nowIso, leaseUntil, interruptedError: interrupted });
        if (!won) continue;
        if (interrupted !== null) {
          await insertAttempt(trx, { outbox, outbox_id: c.id, channel: c.channel, attempted_at: nowIso, outcome: 'failed', detail: interrupted });
        }
        claims.push({ id: c.id, channel: c.channel, attempts: interrupted === null ? c.attempts : c.attempts + 1, interrupted: interrupted !== null });
      }
      return claims;
    });
  }

  /** The message of each claimed row, bound to its channel. */
  private async senders(outbox: Outbox, claims: readonly Claim[], now: Date): Promise<Map<number, Send>> {
    const attemptedAt = now.toISOString();
    const attemptOf = new Map(claims.map((c) => [c.id, c.attempts + 1]));
    const ids = claims.map((c) => c.id);
    const senders = new Map<number, Send>();
    if (outbox === 'feedback') {
      for (const row of await findFeedbacksByIds(this.tx.reader, ids)) {
        const message = feedbackMessage(row, attemptOf.get(row.id) ?? 1, attemptedAt);
        const channel = this.channels.feedbackChannel(row.channel);
        senders.set(row.id, channel === undefined ? () => Promise.resolve(unknownChannel(row.channel)) : () => channel.deliver(message));
      }
    } else {
      for (const row of await findPublicationsByIds(this.tx.reader, ids)) {
        const message = publicationMessage(row, attemptOf.get(row.id) ?? 1, attemptedAt);
        const channel = this.channels.publicationChannel(row.channel);
        senders.set(row.id, channel === undefined ? () => Promise.resolve(unknownChannel(row.channel)) : () => channel.deliver(message));
      }
    }
    return senders;
  }

  /** One attempt on a claimed row: send, then record the attempt and settle the row together. */
  private async attempt(outbox: Outbox, claim: Claim, send: Send | undefined, now: Date): Promise<Outcome> {
    const nowIso = now.toISOString();
    if (claim.attempts >= this.policy.maxAttempts) {
      // The interrupted attempt, recorded at the claim, was the last one allowed (or the policy was lowered since).
      const settled = await this.tx.run((trx) =>
        settleClaim(trx, outbox, claim.id, this.node, {
          status: 'failed',
          attempts: claim.attempts,
          nextAttemptAt: nowIso,
          lastError: `已达最大投递次数（${this.policy.maxAttempts}次）${claim.interrupted ? '，最后一次投递中断' : ''}`,
          deliveredAt: null,
          externalRef: null,
        }),
      );
      return settled ? 'failed' : 'leaseLost';
    }

    const result = send === undefined ? { ok: false as const, error: '记录不存在', retryable: false } : await this.send(send);
    const attempts = claim.attempts + 1;
    let settlement: Settlement;
    let outcome: Outcome;
    let detail: string | null;
    if (result.ok) {
      outcome = 'delivered';
      detail = result.externalRef === undefined ? null : clip(`外部编号：${result.externalRef}`);
      settlement = { status: result.logged === true ? 'logged' : 'delivered', attempts, nextAttemptAt: nowIso, lastError: null, deliveredAt: nowIso, externalRef: result.externalRef ?? null };
    } else if (!result.retryable || attempts >= this.policy.maxAttempts) {
      outcome = 'failed';
      detail = clip(result.retryable ? `${result.error}（已达最大投递次数，停止重试）` : `${result.error}（不可重试）`);
      settlement = { status: 'failed', attempts, nextAttemptAt: nowIso, lastError: clip(result.error), deliveredAt: null, externalRef: null };
    } else {
      outcome = 'retrying';
      detail = clip(result.error);
      const next = new Date(now.getTime() + retryDelayMs(this.policy, attempts, `${outbox}:${claim.id}:${attempts}`));
      settlement = { status: 'pending', attempts, nextAttemptAt: next.toISOString(), lastError: clip(result.error), deliveredAt: null, externalRef: null };
    }

    return this.tx.run(async (trx) => {
      const held = await settleClaim(trx, outbox, claim.id, this.node, settlement);
      // The attempt happened either way and is recorded; if the claim was lost meanwhile, the row is the other
      // node's to settle, and the record says so.
      await insertAttempt(trx, {
        outbox,
        outbox_id: claim.id,
        channel: claim.channel,
        attempted_at: nowIso,
        outcome: result.ok ? 'delivered' : 'failed',
        detail: held ? detail : clip(`${detail ?? (result.ok ? '已送达' : '失败')}（租约已过期，记录状态由接手的节点决定）`),
      });
      return held ? outcome : 'leaseLost';
    });
  }

  /** A channel that throws or does not answer in time has failed this attempt, and may succeed on the next. */
  private async send(send: Send): Promise<DeliveryResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<DeliveryResult>((resolve) => {
      timer = setTimeout(() => {
        resolve({ ok: false, error: `投递超时（${Math.round(this.policy.deliveryTimeoutMs / 1000)}秒内无应答）`, retryable: true });
      }, this.policy.deliveryTimeoutMs);
    });
    try {
      return await Promise.race([send(), timeout]);
    } catch (err) {
      return { ok: false, error: `投递出错：${err instanceof Error ? err.message : String(err)}`, retryable: true };
    } finally {
      clearTimeout(timer);
    }
  }
}

function unknownChannel(name: string): DeliveryResult {
  return { ok: false, error: `未配置投递渠道“${name}”`, retryable: false };
}

function feedbackMessage(row: FeedbackRow, attempt: number, attemptedAt: string): FeedbackMessage {
  return {
    outbox: 'feedback',
    id: row.id,
    demandId: row.demand_id,
    projectId: row.project_id,
    kind: row.kind,
    channel: row.channel,
    recipient: row.recipient,
    body: row.body,
    idempotencyKey: deliveryKey('feedback', row.id),
    attempt,
    attemptedAt,
  };
}

function publicationMessage(row: PublicationWithProject, attempt: number, attemptedAt: string): PublicationMessage {
  return {
    outbox: 'publication',
    id: row.id,
    projectId: row.project_id,
    projectCode: row.project_code,
    projectTitle: row.project_title,
    kind: row.kind,
    channel: row.channel,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    idempotencyKey: deliveryKey('publication', row.id),
    attempt,
    attemptedAt,
  };
}
