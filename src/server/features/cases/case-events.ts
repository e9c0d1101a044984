/**
 * Turns the lifecycle's events into rows, inside the transaction of the state change: deadline rows (R7.2), feedback
 * outbox rows to every proposer through each demand's channel (R7.1), publication rows per channel (R5.1, R6.6),
 * and audit records of flags and escalations (R0.7). Nothing here runs outside that transaction.
 */
import {
  FEEDBACK_KIND_OF_TEMPLATE,
  renderFeedback,
  type DemandState,
  type LifecycleEvent,
} from '../../../domain/lifecycle/index.js';
import type { Tx as Trx } from '../../db/transactor.js';
import type { RequestContext } from '../../http/context.js';
import type { AuditService } from '../audit/audit.service.js';
import {
  cancelOpenDeadline,
  completeOpenDeadline,
  markOpenDeadlineOverdue,
  openDeadline,
} from '../deadlines/deadline.repository.js';
import { enqueueFeedback, enqueuePublication } from '../delivery/delivery.repository.js';
import { findDemandRow, parseDemand } from './case.repository.js';

export type FeedbackChannelName = 'portal' | 'hotline12345' | 'sms';

/** R7.1 "through the channel the demand came from": the portal always; 12345 answers its own; SMS for the rest. */
export function feedbackRoutes(demand: DemandState): { channel: FeedbackChannelName; recipient: string | null }[] {
  const routes: { channel: FeedbackChannelName; recipient: string | null }[] = [{ channel: 'portal', recipient: demand.trackingNumber }];
  if (demand.channel === 'hotline12345' || demand.channel === 'portal12345') {
    routes.push({ channel: 'hotline12345', recipient: demand.trackingNumber });
  } else if (demand.proposer.phone !== null) {
    routes.push({ channel: 'sms', recipient: demand.proposer.phone });
  }
  return routes;
}

export interface EventScope {
  readonly communityId: number;
  readonly townId: number;
}

export class CaseEventWriter {
  constructor(private readonly audit: AuditService) {}

  /** @param created the aggregate was created in this transaction: it has no earlier deadline rows to replace. */
  async apply(
    trx: Trx,
    ctx: RequestContext,
    events: readonly LifecycleEvent[],
    scope: EventScope,
    demandCache: Map<number, DemandState>,
    created = false,
  ): Promise<void> {
    const now = ctx.now.toISOString();
    for (const event of events) {
      switch (event.type) {
        case 'deadlineSet':
          // A restarted clock (reassignment R2.5, resubmission R4.5) replaces the open one.
          await openDeadline(
            trx,
            {
              aggregate: event.aggregate,
              aggregateId: event.aggregateId,
              step: event.step,
              rule: event.rule,
              owner: event.owner,
              communityId: scope.communityId,
              townId: scope.townId,
              startedAt: event.startedAt,
              dueAt: event.due,
              dueDate: event.dueDate,
              provisional: event.provisional,
              warnings: event.warnings,
            },
            !created,
          );
          break;
        case 'deadlineCompleted':
          await completeOpenDeadline(trx, event, event.doneAt, event.late);
          break;
        case 'deadlineCancelled':
          await cancelOpenDeadline(trx, event);
          break;
        case 'deadlineOverdue':
          await markOpenDeadlineOverdue(trx, event, now);
          await this.audit.record(trx, ctx, {
            action: 'markOverdue',
            target: { type: event.aggregate, id: event.aggregateId, unitId: scope.communityId },
            details: { step: event.step, rule: event.rule, due: event.due, escalateTo: event.escalateTo },
          });
          break;
        case 'feedbackRequested':
          for (const demandId of event.demandIds) {
            const demand = await this.demand(trx, demandId, demandCache);
            const body = renderFeedback(event.data, { trackingNumber: demand.trackingNumber });
            const kind = FEEDBACK_KIND_OF_TEMPLATE[event.data.template];
            for (const route of feedbackRoutes(demand)) {
              await enqueueFeedback(
                trx,
                {
                  demandId,
                  projectId: event.aggregate === 'project' ? event.aggregateId : null,
                  kind,
                  channel: route.channel,
                  recipient: route.recipient,
                  body,
                },
                now,
              );
            }
          }
          break;
        case 'publicationRequested':
          for (const channel of event.channels) {
            await enqueuePublication(
              trx,
              { projectId: event.aggregateId, kind: event.kind, channel, startsAt: event.startsAt, endsAt: event.endsAt },
              now,
            );
          }
          break;
        case 'flagRaised':
          await this.audit.record(trx, ctx, {
            action: 'flagRaised',
            target: { type: 'project', id: event.aggregateId, unitId: scope.communityId },
            details: { flag: event.flag, rule: event.rule, ...event.details },
          });
          break;
        case 'libraryEntryRequested':
          // R4.6 / R8: recorded here; the case service enters the project into the annual library (plans/) in this transaction.
          await this.audit.record(trx, ctx, {
            action: 'libraryEntryRequested',
            target: { type: 'project', id: event.aggregateId, unitId: scope.townId },
            details: { year: event.year, campaignId: event.campaignId, budgetFen: event.budgetFen },
          });
          break;
        case 'stateChanged':
        case 'reviewersAssigned':
        case 'demandsMerged':
        case 'objectionRaised':
        case 'claimSubmitted':
        case 'projectOpenRequested':
          // Recorded by the command's own audit record (before/after) or acted on by the service.
          break;
      }
    }
  }

  private async demand(trx: Trx, id: number, cache: Map<number, DemandState>): Promise<DemandState> {
    const cached = cache.get(id);
    if (cached !== undefined) return cached;
    const row = await findDemandRow(trx, id);
    if (row === undefined) throw new Error(`feedback for missing demand ${id}`);
    const { state } = parseDemand(row);
    cache.set(id, state);
    return state;
  }
}
