/**
 * The jobs this server runs, and starting them with the app so that `app.close()` stops them. Adding a job is one
 * `register` line in `appJobs`.
 */
import { AUDIT_AGGREGATION_WINDOW_MS, type AuditService } from '../features/audit/audit.service.js';
import type { DeadlineWatchService } from '../features/deadlines/deadline-watch.service.js';
import type { DeliveryService } from '../features/delivery/delivery.service.js';
import type { App } from '../http/app-type.js';
import type { Clock } from '../http/context.js';
import { outboxDeliveryJob } from './outbox-delivery.job.js';
import { JobRegistry, startJobs, type JobLogger, type RunningJobs } from './scheduler.js';

export interface JobServices {
  readonly clock: Clock;
  readonly delivery: DeliveryService;
  readonly deadlineWatch: DeadlineWatchService;
  readonly audit: AuditService;
}

export function appJobs(services: JobServices, log: JobLogger): JobRegistry {
  return (
    new JobRegistry()
      .register(outboxDeliveryJob(services.delivery, services.clock, log))
      // R5.1 ends publicity windows, R7.2 escalates missed steps; one node at a time (lease), once a minute.
      .register({
        name: 'deadlineWatch',
        everyMs: 60_000,
        run: async (now) => {
          const report = await services.deadlineWatch.run(now);
          // One case that cannot be handled fails alone: it is logged here and retried after its back-off.
          for (const failure of report.failures) log.error({ job: 'deadlineWatch', ...failure }, 'deadline watch: a case failed, retried later');
        },
      })
      // R0.7 the summaries of repeated security events whose window has passed; the counts are this process's own.
      .register({
        name: 'auditAggregates',
        everyMs: AUDIT_AGGREGATION_WINDOW_MS,
        exclusive: false,
        run: async (now) => {
          await services.audit.flushAggregates(now);
        },
      })
  );
}

/**
 * Starts `registry` on this app's database and clock, stopped by `app.close()` (which waits for runs in progress,
 * so the database is closed after them). Call before `app.ready()` / `app.listen()`: Fastify takes hooks only then.
 */
export function startAppJobs(app: App, registry: JobRegistry, node: string): RunningJobs {
  const { transactor, clock } = app.services;
  const log = app.log.child({ component: 'jobs', node });
  const running = startJobs(registry, { db: transactor.reader, clock, node, log });
  app.addHook('onClose', () => running.stop());
  return running;
}
