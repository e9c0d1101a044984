/**
 * Builds the services once per app: each gets the transaction runner (db/transactor.ts), the dialect where its SQL
 * differs, and the collaborators it needs, nothing global. Only repositories run SQL on what the runner hands out.
 */
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { transactorOf, type Transactor } from './db/transactor.js';
import { AccessGuard } from './http/access.js';
import type { Clock } from './http/context.js';
import { AttachmentService } from './features/attachments/attachment.service.js';
import { DocumentService } from './features/documents/documents.service.js';
import { TownDocumentService } from './features/documents/town-documents.service.js';
import { FundsService } from './features/funds/funds.service.js';
import { createAttachmentStorage } from './features/attachments/attachment-store.js';
import { AuditService } from './features/audit/audit.service.js';
import { AuthService } from './features/auth/auth.service.js';
import { CalendarService } from './features/calendar/calendar.service.js';
import { CaseQueryService } from './features/cases/case-query.service.js';
import { CaseService } from './features/cases/case.service.js';
import { TodoService } from './features/cases/todo.service.js';
import { createChannelRegistry } from './features/delivery/channels.js';
import { DeliveryService } from './features/delivery/delivery.service.js';
import { HealthService } from './features/health/health.service.js';
import { DeadlineWatchService } from './features/deadlines/deadline-watch.service.js';
import { ReminderService } from './features/deadlines/reminder.service.js';
import { IntakeService } from './features/intake/intake.service.js';
import { OrgService } from './features/org/org.service.js';
import { UnitDirectory } from './features/org/unit-directory.js';
import { PlanService } from './features/plans/plans.service.js';
import { PublicService } from './features/public/public.service.js';
import { RespondentKeys } from './features/public/respondent-key.js';
import { StatisticsService } from './features/statistics/statistics.service.js';
import { UserService } from './features/users/user.service.js';

export interface Services {
  readonly config: Config;
  /** Runs units of work for the seeds and the jobs' leases; services hold their own. */
  readonly transactor: Transactor;
  readonly clock: Clock;
  readonly health: HealthService;
  readonly audit: AuditService;
  readonly access: AccessGuard;
  readonly auth: AuthService;
  readonly org: OrgService;
  readonly users: UserService;
  readonly calendar: CalendarService;
  readonly units: UnitDirectory;
  readonly cases: CaseService;
  readonly attachments: AttachmentService;
  readonly deadlineWatch: DeadlineWatchService;
  readonly reminders: ReminderService;
  /** R7.1, R5.1, R6.6 delivering the feedback and publication outboxes. */
  readonly delivery: DeliveryService;
  readonly caseQueries: CaseQueryService;
  /** 待办: the cases waiting on the caller's role. */
  readonly todo: TodoService;
  /** The public portal: 公示, tracking, objections, claims, online survey. */
  readonly publicPortal: PublicService;
  readonly documents: DocumentService;
  /** R8.2 the annual plan and R9.1 the funds ledger of a town and year. */
  readonly townDocuments: TownDocumentService;
  /** R9 the towns' ledgers, matching funds, budget against actual and the yearly evaluation. */
  readonly funds: FundsService;
  /** The 12345 intake. */
  readonly intake: IntakeService;
  /** Counts and money of the reader's jurisdiction, for the statistics pages and their export. */
  readonly statistics: StatisticsService;
  /** R8 campaigns, allocations, the annual library and plan, what the towns reported to the bureau. */
  readonly plans: PlanService;
}

export function createServices(config: Config, database: DatabaseHandle, clock: Clock): Services {
  const tx = transactorOf(database.db);
  const audit = new AuditService(tx, database.dialect);
  const access = new AccessGuard(audit);
  const units = new UnitDirectory(tx);
  const calendar = new CalendarService(tx, audit, access);
  const storage = createAttachmentStorage(config);
  const attachments = new AttachmentService(tx, audit, access, storage);
  const cases = new CaseService(tx, audit, access, calendar, units, attachments);
  const caseQueries = new CaseQueryService(tx, access, calendar, cases);
  const publicPortal = new PublicService(tx, cases, audit, new RespondentKeys(config.surveySecret, config.dataDir), attachments);
  return {
    config,
    transactor: tx,
    clock,
    health: new HealthService(tx, database.dialect),
    audit,
    access,
    auth: new AuthService(tx, config, audit, units),
    org: new OrgService(tx, audit, access),
    users: new UserService(tx, audit, access),
    calendar,
    units,
    cases,
    attachments,
    caseQueries,
    todo: new TodoService(tx, access, calendar, caseQueries),
    publicPortal,
    documents: new DocumentService(tx, cases, units, attachments, storage, audit, publicPortal),
    townDocuments: new TownDocumentService(tx, units, access, audit),
    funds: new FundsService(tx, units, access, audit, cases),
    intake: new IntakeService(tx, cases, audit, config.intakeToken),
    statistics: new StatisticsService(tx, access, audit),
    plans: new PlanService(tx, audit, access, units, attachments),
    deadlineWatch: new DeadlineWatchService(tx, cases),
    reminders: new ReminderService(tx, audit, access),
    delivery: new DeliveryService(tx, database.dialect, createChannelRegistry(config), audit, {
      node: config.nodeId,
      policy: { maxAttempts: config.outboxMaxAttempts },
    }),
  };
}
