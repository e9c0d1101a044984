/**
 * The outbox delivery job (R7.1, R5.1, R6.6): every 5 seconds, on every node, deliver what is due. Rows are claimed
 * one by one (features/delivery/delivery.repository.ts), so nodes share the work instead of taking turns.
 */
import type { Clock } from '../http/context.js';
import type { DeliveryService } from '../features/delivery/delivery.service.js';
import type { Job, JobLogger } from './scheduler.js';

export const OUTBOX_DELIVERY_EVERY_MS = 5_000;

/** A backlog drains several batches per tick, but one tick cannot go on for ever. */
const MAX_ROUNDS_PER_TICK = 10;

export function outboxDeliveryJob(delivery: DeliveryService, clock: Clock, log: JobLogger, everyMs = OUTBOX_DELIVERY_EVERY_MS): Job {
  return {
    name: 'outboxDelivery',
    everyMs,
    exclusive: false,
    async run(now) {
      // Each round reads the clock afresh: its claims' leases must be counted from when they are taken.
      let at = now;
      for (let round = 0; round < MAX_ROUNDS_PER_TICK; round += 1) {
        const report = await delivery.deliverDue(at);
        if (report.leaseLost > 0) log.warn({ job: 'outboxDelivery', ...report }, 'deliveries outlived their claim: another node took them over, so they may have been sent twice');
        if (report.failed > 0) log.warn({ job: 'outboxDelivery', ...report }, 'deliveries given up: staff must retry them');
        if (report.claimed === 0) return;
        at = clock();
      }
    },
  };
}
