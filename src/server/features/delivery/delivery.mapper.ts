/**
 * What leaves the server about deliveries: a feedback, a publication and a delivery attempt, as the case views show
 * them to staff. A proposer's mobile number is masked (R0.8); a 12345 work-order reference is not personal data.
 */
import { maskPhone } from '../../../domain/masking.js';
import type { FeedbackRow, OutboxStatus, PublicationRow } from '../../db/schema.js';
import type { Outbox } from './delivery.repository.js';

export interface FeedbackView {
  readonly id: number;
  readonly demandId: number;
  readonly projectId: number | null;
  readonly kind: string;
  readonly channel: string;
  readonly recipient: string | null;
  readonly body: string;
  readonly status: OutboxStatus;
  readonly attempts: number;
  /** When the next attempt is due; null once delivered or failed. */
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
}

export interface PublicationView {
  readonly id: number;
  readonly projectId: number;
  readonly kind: 'publicity' | 'result';
  readonly channel: string;
  readonly startsAt: string;
  readonly endsAt: string | null;
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly externalRef: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
}

export interface DeliveryAttemptView {
  readonly id: number;
  readonly outbox: Outbox;
  readonly outboxId: number;
  readonly channel: string;
  readonly attemptedAt: string;
  readonly outcome: 'delivered' | 'failed';
  readonly detail: string | null;
}

export function mapFeedback(row: FeedbackRow): FeedbackView {
  return {
    id: row.id,
    demandId: row.demand_id,
    projectId: row.project_id,
    kind: row.kind,
    channel: row.channel,
    recipient: row.recipient !== null && row.channel === 'sms' ? maskPhone(row.recipient) : row.recipient,
    body: row.body,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

export function mapPublication(row: PublicationRow): PublicationView {
  return {
    id: row.id,
    projectId: row.project_id,
    kind: row.kind,
    channel: row.channel,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : null,
    lastError: row.last_error,
    externalRef: row.external_ref,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

export function mapAttempt(row: {
  id: number;
  outbox: Outbox;
  outbox_id: number;
  channel: string;
  attempted_at: string;
  outcome: 'delivered' | 'failed';
  detail: string | null;
}): DeliveryAttemptView {
  return {
    id: row.id,
    outbox: row.outbox,
    outboxId: row.outbox_id,
    channel: row.channel,
    attemptedAt: row.attempted_at,
    outcome: row.outcome,
    detail: row.detail,
  };
}
