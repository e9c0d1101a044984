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
import type { Trx } from '../../db/database.js';
import type { RequestContext } from '../../http/context.js';
import type { AuditService } from '../audit/audit.service.js';
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

/** The running (open) deadline row of one step of one aggregate, to update. */
function openStep(trx: Trx, e: { readonly aggregate: 'demand' | 'project'; readonly aggregateId: number; readonly step: string }) {
  return trx
    .updateTable('deadline')
    .where('aggregate', '=', e.aggregate)
    .where('aggregate_id', '=', e.aggregateId)
    .where('step', '=', e.step)
    .where('status', '=', 'open');
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
          if (!created) await openStep(trx, event).set({ status: 'cancelled' }).execute();
          await trx
            .insertInto('deadline')
            .values({
              aggregate: event.aggregate,
              aggregate_id: event.aggregateId,
              step: event.step,
              rule: event.rule,
              owner: event.owner,
              community_id: scope.communityId,
              town_id: scope.townId,
              started_at: event.startedAt,
              due_at: event.due,
              due_date: event.dueDate,
              provisional: event.provisional ? 1 : 0,
              warnings_json: event.warnings.length === 0 ? null : JSON.stringify(event.warnings),
              status: 'open',
              due_soon: 0,
              overdue_at: null,
              done_at: null,
              late: 0,
              reminders: 0,
              last_reminded_at: null,
            })
            .execute();
          break;
        case 'deadlineCompleted':
          await openStep(trx, event).set({ status: 'done', done_at: event.doneAt, late: event.late ? 1 : 0 }).execute();
          break;
        case 'deadlineCancelled':
          await openStep(trx, event).set({ status: 'cancelled' }).execute();
          break;
        case 'deadlineOverdue':
          await openStep(trx, event).set({ overdue_at: now }).where('overdue_at', 'is', null).execute();
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
              await trx
                .insertInto('feedback')
                .values({
                  demand_id: demandId,
                  project_id: event.aggregate === 'project' ? event.aggregateId : null,
                  kind,
                  channel: route.channel,
                  recipient: route.recipient,
                  body,
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
          }
          break;
        case 'publicationRequested':
          for (const channel of event.channels) {
            await trx
              .insertInto('publication')
              .values({
                project_id: event.aggregateId,
                kind: event.kind,
                channel,
                starts_at: event.startsAt,
                ends_at: event.endsAt,
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
          break;
        case 'flagRaised':
          await this.audit.record(trx, ctx, {
            action: 'flagRaised',
            target: { type: 'project', id: event.aggregateId, unitId: scope.communityId },
            details: { flag: event.flag, rule: event.rule, ...event.details },
          });
          break;
        case 'libraryEntryRequested':
          // R4.6 / R8: the annual library is the next stage; the request is kept in the audit trail until then.
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
