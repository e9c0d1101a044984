/**
 * The outboxes' storage: queuing rows in the transaction of the change that calls for them, finding due rows,
 * claiming them so that one node delivers each, settling an attempt, the attempt log (R7.1 "every delivery attempt
 * is recorded") and the reads of the case views. Claiming takes a transaction: on PostgreSQL the candidates are locked with FOR UPDATE SKIP LOCKED, and on both dialects each
 * claim is a conditional UPDATE that matches only a row still due and unclaimed, so a lost race claims nothing.
 */
import type { DbOrTrx, Trx } from '../../db/database.js';
import type { DeliveryAttemptTable, FeedbackRow, OutboxStatus, PublicationRow } from '../../db/schema.js';

export type Outbox = 'feedback' | 'publication';
export const OUTBOXES: readonly Outbox[] = ['feedback', 'publication'];

/** A due row as it was when selected; the claim only succeeds if it is still exactly so. */
export interface DueCandidate {
  readonly id: number;
  readonly channel: string;
  readonly attempts: number;
  readonly claimedBy: string | null;
  readonly claimedUntil: string | null;
}

export interface ClaimTerms {
  readonly node: string;
  readonly now: string;
  readonly leaseUntil: string;
  /** Set when the candidate's previous claim expired: that attempt counts, and its error is recorded. */
  readonly interruptedError: string | null;
}

/**
 * Up to `limit` rows due at `now` and not held by a live claim, oldest due first. A row waits while an earlier row of
 * the same demand (feedback) or project (publication) on the same channel is pending: a proposer's phone gets the
 * decision after the receipt (R7.1), a platform shows the result after the publicity (R6.6), even when the earlier one
 * is waiting for a retry; a channel that is down holds back nothing on the others.
 */
export async function findDueCandidates(trx: Trx, outbox: Outbox, now: string, limit: number, lockRows: boolean): Promise<DueCandidate[]> {
  if (outbox === 'feedback') {
    let query = trx
      .selectFrom('feedback as f')
      .select(['f.id', 'f.channel', 'f.attempts', 'f.claimed_by', 'f.claimed_until'])
      .where('f.status', '=', 'pending')
      .where('f.next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('f.claimed_until', 'is', null), eb('f.claimed_until', '<', now)]))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('feedback as e')
              .select('e.id')
              .whereRef('e.demand_id', '=', 'f.demand_id')
              .whereRef('e.channel', '=', 'f.channel')
              .whereRef('e.id', '<', 'f.id')
              .where('e.status', '=', 'pending'),
          ),
        ),
      )
      .orderBy('f.next_attempt_at')
      .orderBy('f.id')
      .limit(limit);
    if (lockRows) query = query.forUpdate().skipLocked();
    return (await query.execute()).map(toCandidate);
  }
  let query = trx
    .selectFrom('publication as p')
    .select(['p.id', 'p.channel', 'p.attempts', 'p.claimed_by', 'p.claimed_until'])
    .where('p.status', '=', 'pending')
    .where('p.next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('p.claimed_until', 'is', null), eb('p.claimed_until', '<', now)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('publication as e')
            .select('e.id')
            .whereRef('e.project_id', '=', 'p.project_id')
            .whereRef('e.channel', '=', 'p.channel')
            .whereRef('e.id', '<', 'p.id')
            .where('e.status', '=', 'pending'),
        ),
      ),
    )
    .orderBy('p.next_attempt_at')
    .orderBy('p.id')
    .limit(limit);
  if (lockRows) query = query.forUpdate().skipLocked();
  return (await query.execute()).map(toCandidate);
}

/** A feedback to send (R7.1): one row per proposer and channel, due at once. */
export interface NewFeedback {
  readonly demandId: number;
  readonly projectId: number | null;
  readonly kind: string;
  readonly channel: string;
  readonly recipient: string | null;
  readonly body: string;
}

/** Queues a feedback in the transaction of the change it reports; the delivery job sends it after the commit. */
export async function enqueueFeedback(trx: Trx, f: NewFeedback, now: string): Promise<void> {
  await trx
    .insertInto('feedback')
    .values({
      demand_id: f.demandId,
      project_id: f.projectId,
      kind: f.kind,
      channel: f.channel,
      recipient: f.recipient,
      body: f.body,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      claimed_by: null,
      claimed_until: null,
      last_error: null,
      created_at: now,
      delivered_at: null,
    })
    .execute();
}

/** A publication on one channel (R5.1 publicity, R6.6 result), due at once. */
export interface NewPublication {
  readonly projectId: number;
  readonly kind: PublicationRow['kind'];
  readonly channel: string;
  readonly startsAt: string;
  readonly endsAt: string | null;
}

/** Queues a publication in the transaction of the change that calls for it. */
export async function enqueuePublication(trx: Trx, p: NewPublication, now: string): Promise<void> {
  await trx
    .insertInto('publication')
    .values({
      project_id: p.projectId,
      kind: p.kind,
      channel: p.channel,
      starts_at: p.startsAt,
      ends_at: p.endsAt,
      status: 'pending',
      attempts: 0,
      next_attempt_at: now,
      claimed_by: null,
      claimed_until: null,
      last_error: null,
      external_ref: null,
      created_at: now,
      delivered_at: null,
    })
    .execute();
}

function toCandidate(r: { id: number; channel: string; attempts: number; claimed_by: string | null; claimed_until: string | null }): DueCandidate {
  return { id: r.id, channel: r.channel, attempts: r.attempts, claimedBy: r.claimed_by, claimedUntil: r.claimed_until };
}

/**
 * Claims one candidate for `node` until `leaseUntil`. The UPDATE matches only if the row is still pending, due,
 * free of a live claim and unchanged since it was selected (same attempt count and claimant), so of two nodes racing
 * for it exactly one gets a row back. An expired claim's attempt is counted here, in the same statement.
 */
export async function claimCandidate(trx: Trx, outbox: Outbox, candidate: DueCandidate, terms: ClaimTerms): Promise<boolean> {
  const interrupted = terms.interruptedError !== null;
  const result = await trx
    .updateTable(outbox)
    .set({
      claimed_by: terms.node,
      claimed_until: terms.leaseUntil,
      attempts: interrupted ? candidate.attempts + 1 : candidate.attempts,
      ...(interrupted ? { last_error: terms.interruptedError } : {}),
    })
    .where('id', '=', candidate.id)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', terms.now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', terms.now)]))
    .where('attempts', '=', candidate.attempts)
    .where((eb) => (candidate.claimedBy === null ? eb('claimed_by', 'is', null) : eb('claimed_by', '=', candidate.claimedBy)))
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function findFeedbacksByIds(db: DbOrTrx, ids: readonly number[]): Promise<FeedbackRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('feedback').selectAll().where('id', 'in', ids).execute();
}

export type PublicationWithProject = PublicationRow & { project_code: string; project_title: string };

export async function findPublicationsByIds(db: DbOrTrx, ids: readonly number[]): Promise<PublicationWithProject[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('publication as p')
    .innerJoin('project as pr', 'pr.id', 'p.project_id')
    .selectAll('p')
    .select(['pr.code as project_code', 'pr.title as project_title'])
    .where('p.id', 'in', ids)
    .execute();
}

/** The row's state after an attempt. */
export interface Settlement {
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  readonly lastError: string | null;
  readonly deliveredAt: string | null;
  /** Publications keep the platform's reference (R5.1: each channel has its own delivery record). */
  readonly externalRef: string | null;
}

/**
 * Writes the attempt's result and releases the claim, only while `node` still holds it: if its lease expired and
 * another node claimed the row meanwhile, that node's attempt decides the row, and this returns false.
 */
export async function settleClaim(trx: Trx, outbox: Outbox, id: number, node: string, s: Settlement): Promise<boolean> {
  const common = {
    status: s.status,
    attempts: s.attempts,
    next_attempt_at: s.nextAttemptAt,
    last_error: s.lastError,
    delivered_at: s.deliveredAt,
    claimed_by: null,
    claimed_until: null,
  };
  const result =
    outbox === 'publication'
      ? await trx
          .updateTable('publication')
          .set({ ...common, ...(s.externalRef !== null ? { external_ref: s.externalRef } : {}) })
          .where('id', '=', id)
          .where('claimed_by', '=', node)
          .where('status', '=', 'pending')
          .executeTakeFirst()
      : await trx
          .updateTable('feedback')
          .set(common)
          .where('id', '=', id)
          .where('claimed_by', '=', node)
          .where('status', '=', 'pending')
          .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export type NewDeliveryAttempt = Omit<DeliveryAttemptTable, 'id'>;

export async function insertAttempt(trx: Trx, attempt: NewDeliveryAttempt): Promise<void> {
  await trx.insertInto('delivery_attempt').values(attempt).execute();
}

export interface OutboxRowState {
  readonly id: number;
  readonly channel: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly lastError: string | null;
}

export async function findOutboxRowState(db: DbOrTrx, outbox: Outbox, id: number): Promise<OutboxRowState | undefined> {
  const row =
    outbox === 'feedback'
      ? await db.selectFrom('feedback').select(['id', 'channel', 'status', 'attempts', 'last_error']).where('id', '=', id).executeTakeFirst()
      : await db.selectFrom('publication').select(['id', 'channel', 'status', 'attempts', 'last_error']).where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : { id: row.id, channel: row.channel, status: row.status, attempts: row.attempts, lastError: row.last_error };
}

/** The community a row belongs to (its demand's or project's), for jurisdiction checks (R0.8) and audit records. */
export async function findOwnerUnit(db: DbOrTrx, outbox: Outbox, id: number): Promise<{ id: number; path: string } | undefined> {
  return outbox === 'feedback'
    ? db
        .selectFrom('feedback as f')
        .innerJoin('demand as d', 'd.id', 'f.demand_id')
        .innerJoin('unit as u', 'u.id', 'd.community_id')
        .select(['u.id', 'u.path'])
        .where('f.id', '=', id)
        .executeTakeFirst()
    : db
        .selectFrom('publication as p')
        .innerJoin('project as pr', 'pr.id', 'p.project_id')
        .innerJoin('unit as u', 'u.id', 'pr.community_id')
        .select(['u.id', 'u.path'])
        .where('p.id', '=', id)
        .executeTakeFirst();
}

/** Puts a failed row back in the queue with a fresh round of attempts; false if it is not (or no longer) failed. */
export async function reopenFailed(trx: Trx, outbox: Outbox, id: number, now: string): Promise<boolean> {
  const result = await trx
    .updateTable(outbox)
    .set({ status: 'pending', attempts: 0, next_attempt_at: now, claimed_by: null, claimed_until: null })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function listFeedbacksOfDemand(db: DbOrTrx, demandId: number): Promise<FeedbackRow[]> {
  return db.selectFrom('feedback').selectAll().where('demand_id', '=', demandId).orderBy('id').execute();
}

export async function listPublicationsOfProject(db: DbOrTrx, projectId: number): Promise<PublicationRow[]> {
  return db.selectFrom('publication').selectAll().where('project_id', '=', projectId).orderBy('id').execute();
}

export async function listAttemptsOf(db: DbOrTrx, outbox: Outbox, outboxId: number) {
  return db
    .selectFrom('delivery_attempt')
    .selectAll()
    .where('outbox', '=', outbox)
    .where('outbox_id', '=', outboxId)
    .orderBy('attempted_at')
    .orderBy('id')
    .execute();
}
