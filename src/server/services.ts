/**
 * Builds the services once per app: each gets the database and the collaborators it needs, nothing global.
 */
import path from 'node:path';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { AccessGuard } from './http/access.js';
import type { Clock } from './http/context.js';
import { AttachmentService } from './features/attachments/attachment.service.js';
import { LocalAttachmentStorage } from './features/attachments/attachment-storage.js';
import { AuditService } from './features/audit/audit.service.js';
import { AuthService } from './features/auth/auth.service.js';
import { CalendarService } from './features/calendar/calendar.service.js';
import { CaseQueryService } from './features/cases/case-query.service.js';
import { CaseService } from './features/cases/case.service.js';
import { OrgService } from './features/org/org.service.js';
import { UserService } from './features/users/user.service.js';

export interface Services {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly clock: Clock;
  readonly audit: AuditService;
  readonly access: AccessGuard;
  readonly auth: AuthService;
  readonly org: OrgService;
  readonly users: UserService;
  readonly calendar: CalendarService;
  readonly cases: CaseService;
  readonly attachments: AttachmentService;
  readonly caseQueries: CaseQueryService;
}

export function createServices(config: Config, database: DatabaseHandle, clock: Clock): Services {
  const db = database.db;
  const audit = new AuditService(db);
  const access = new AccessGuard(audit);
  const calendar = new CalendarService(db, audit, access);
  const cases = new CaseService(db, audit, access, calendar);
  return {
    config,
    database,
    clock,
    audit,
    access,
    auth: new AuthService(db, config, audit),
    org: new OrgService(db, audit, access),
    users: new UserService(db, audit, access),
    calendar,
    cases,
    attachments: new AttachmentService(db, audit, access, new LocalAttachmentStorage(path.join(config.dataDir, 'attachments'))),
    caseQueries: new CaseQueryService(db, access, calendar, cases),
  };
}
