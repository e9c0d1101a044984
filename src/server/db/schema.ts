/**
 * The database's tables as Kysely sees them. Instants are ISO-8601 UTC strings (R0.2), money integer 分 (R0.1),
 * booleans 0/1 and JSON documents text, so that one schema and one set of queries serve SQLite and PostgreSQL alike.
 */
import type { Generated, Insertable, Selectable } from 'kysely';
import type { Role, UnitKind } from '../../domain/access/roles.js';
import type { CalendarDayKind } from '../../domain/calendar/types.js';

export type Flag = 0 | 1;

export interface UnitTable {
  id: Generated<number>;
  kind: UnitKind;
  /** 镇 / 街道 / 功能区 for towns, 村 / 社区 for communities, the department's short name for departments. */
  subkind: string | null;
  name: string;
  code: string | null;
  parent_id: number | null;
  /** Materialised path of ids from the city down, e.g. `/1/4/57/`. */
  path: string;
  /** The town a unit lies in (itself for a town), null above towns. */
  town_id: number | null;
  /** Demo data, clearly marked as such. */
  is_sample: Flag;
  created_at: string;
}

export interface AppUserTable {
  id: Generated<number>;
  /** Case-folded, unique. */
  username: string;
  display_name: string;
  role: Role;
  unit_id: number;
  phone: string | null;
  password_hash: string;
  must_change_password: Flag;
  password_changed_at: string;
  failed_logins: number;
  locked_until: string | null;
  disabled: Flag;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface SessionTable {
  /** SHA-256 of the cookie token; the token itself is never stored. */
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string;
  user_agent: string | null;
}

export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditLogTable {
  id: Generated<number>;
  seq: number;
  occurred_at: string;
  request_id: string | null;
  actor_user_id: number | null;
  actor_username: string | null;
  actor_role: string | null;
  actor_unit_id: number | null;
  ip: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_unit_id: number | null;
  outcome: AuditOutcome;
  before_json: string | null;
  after_json: string | null;
  details_json: string | null;
  prev_hash: string;
  hash: string;
}

/** One row (id = 1): the chain's head, locked by every append so that records are chained in order. */
export interface AuditHeadTable {
  id: number;
  last_seq: number;
  last_hash: string;
}

export interface WorkCalendarYearTable {
  year: number;
  source: string;
  updated_at: string;
  updated_by: number | null;
}

export interface WorkCalendarDayTable {
  date: string;
  year: number;
  kind: CalendarDayKind;
  name: string;
}

export interface Database {
  unit: UnitTable;
  app_user: AppUserTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  work_calendar_year: WorkCalendarYearTable;
  work_calendar_day: WorkCalendarDayTable;
}

export type UnitRow = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type AppUserRow = Selectable<AppUserTable>;
export type SessionRow = Selectable<SessionTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
