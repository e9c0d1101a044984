/**
 * The database's tables as Kysely sees them. Instants are ISO-8601 UTC strings (R0.2), money integer 分 (R0.1),
 * booleans 0/1 and JSON documents text, so that one schema and one set of queries serve SQLite and PostgreSQL alike.
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { Role, UnitKind } from '../../domain/access/roles.js';
import type { CalendarDayKind } from '../../domain/calendar/types.js';
import type { Channel, HandlingMode } from '../../domain/categories.js';
import type { RegistrationPath } from '../../domain/forms/registration-form.js';
import type { DeadlineOwner } from '../../domain/lifecycle/deadline-steps.js';
import type { DemandStatus, ProjectStatus } from '../../domain/lifecycle/statuses.js';

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

/**
 * Who an audit record names as acting: a signed-in account's role, or `system` for the jobs and integrations
 * (12345 intake, the deadline watch). The public acts without an account: null, as for events before any sign-in.
 */
export type AuditActorRole = Role | 'system';

export interface AuditLogTable {
  /** The log's own order of insertion: what lists sort by. */
  id: Generated<number>;
  /** The hash chain the record belongs to (one head row each) and its position in it, from 1. */
  chain: number;
  seq: number;
  occurred_at: string;
  request_id: string | null;
  actor_user_id: number | null;
  actor_username: string | null;
  actor_role: AuditActorRole | null;
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

/** One row per hash chain (id = chain): locked by every append to that chain, so its records are chained in order. */
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


/**
 * A case row's status: the status of the state it holds, or `reserved` between the insert that reserves its id and
 * the save that completes it in the same transaction.
 */
export type DemandRowStatus = DemandStatus | 'reserved';
export type ProjectRowStatus = ProjectStatus | 'reserved';

export interface DemandTable {
  id: Generated<number>;
  tracking_no: string;
  community_id: number;
  town_id: number;
  /** Mirrors the state's status: only a status the lifecycle knows (or `reserved`) can be written or compared. */
  status: ColumnType<DemandRowStatus>;
  channel: Channel;
  title: string;
  /** The proposer's phone for tracking look-ups; never leaves the server unmasked except to roles that need it. */
  proposer_phone: string | null;
  project_id: number | null;
  primary_demand_id: number | null;
  /** Machine intake (12345) retries carry the same key and get the same demand. */
  idempotency_key: string | null;
  /** The aggregate's full state (src/domain/lifecycle), JSON. */
  state_json: string;
  version: number;
  created_at: string;
  updated_at: string;
  /** The earliest due instant of its open steps, null when none runs (0011, db/next-deadline.ts). */
  next_due_at: NextDueColumn;
}

/** Kept at the end of every transaction that moves one of the case's clocks; never written with the case's own columns. */
type NextDueColumn = ColumnType<string | null, string | null | undefined, string | null>;

export interface ProjectTable {
  id: Generated<number>;
  code: string;
  community_id: number;
  town_id: number;
  /** Mirrors the state's status: only a status the lifecycle knows (or `reserved`) can be written or compared. */
  status: ColumnType<ProjectRowStatus>;
  title: string;
  category: string | null;
  subcategory: string | null;
  handling_mode: HandlingMode | null;
  location: string | null;
  /** `small` (R3.4) or `town` (R3.5), once the registration is submitted. */
  review_path: RegistrationPath | null;
  budget_fen: number | null;
  over_cap: Flag;
  possible_split: Flag;
  survey_exception: Flag;
  collection_mode: string;
  campaign_id: number | null;
  year: number;
  /** Visible on the public portal (publicized or closed). */
  published: Flag;
  state_json: string;
  version: number;
  created_at: string;
  updated_at: string;
  consulted_at: string | null;
  next_due_at: NextDueColumn;
  /** The results as columns (0009, db/project-results.ts): null until the survey or the 结项表 exists. */
  survey_respondents: number | null;
  survey_answered: number | null;
  survey_satisfied: number | null;
  closure_budget_special: number | null;
  closure_budget_collective: number | null;
  closure_budget_social: number | null;
  closure_actual_special: number | null;
  closure_actual_collective: number | null;
  closure_actual_social: number | null;
}

export type DeadlineRowStatus = 'open' | 'done' | 'cancelled';

export interface DeadlineTable {
  id: Generated<number>;
  aggregate: 'demand' | 'project';
  aggregate_id: number;
  step: string;
  rule: string;
  owner: DeadlineOwner;
  community_id: number;
  town_id: number;
  started_at: string;
  due_at: string;
  due_date: string;
  provisional: Flag;
  warnings_json: string | null;
  status: DeadlineRowStatus;
  due_soon: Flag;
  overdue_at: string | null;
  done_at: string | null;
  late: Flag;
  reminders: number;
  last_reminded_at: string | null;
}

/**
 * `logged`: settled like `delivered`, but only written to the development log (`OUTBOX_MODE=log`): nobody outside
 * the system received it.
 */
export type OutboxStatus = 'pending' | 'delivered' | 'logged' | 'failed';

export interface FeedbackTable {
  id: Generated<number>;
  demand_id: number;
  project_id: number | null;
  kind: string;
  channel: string;
  recipient: string | null;
  body: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  claimed_by: string | null;
  claimed_until: string | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface PublicationTable {
  id: Generated<number>;
  project_id: number;
  kind: 'publicity' | 'result';
  channel: string;
  starts_at: string;
  ends_at: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  claimed_by: string | null;
  claimed_until: string | null;
  last_error: string | null;
  external_ref: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface DeliveryAttemptTable {
  id: Generated<number>;
  outbox: 'feedback' | 'publication';
  outbox_id: number;
  channel: string;
  attempted_at: string;
  outcome: 'delivered' | 'failed';
  detail: string | null;
}

export interface AttachmentTable {
  id: Generated<number>;
  /** A case's, or a town's own (the stamped annual plan's scan, R8.2: `community_id` and `town_id` are the town). */
  owner_type: 'project' | 'demand' | 'town';
  owner_id: number;
  kind: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  community_id: number;
  town_id: number;
  uploaded_by: number | null;
  uploaded_at: string;
}

/** A document issued from a project (0005): the exact bytes in the attachment store, their hash, the data version. */
export interface IssuedDocumentTable {
  id: Generated<number>;
  project_id: number;
  form: string;
  format: string;
  /** 1, 2, … per project and form: a form whose content differs from the last edition's is the next; its PDF and its Word file share it. */
  edition: number;
  /** The project's version the document was made from. */
  data_version: number;
  /** SHA-256 of the form's content (its layout, pictures included), whatever the file format. */
  content_sha256: string;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  community_id: number;
  issued_by: number | null;
  issued_at: string;
}

export interface SurveyResponseTable {
  id: Generated<number>;
  project_id: number;
  respondent_key: string;
  source: 'online' | 'paper';
  answers_json: string;
  suggestion: string | null;
  signature: string | null;
  answered_on: string;
  entered_by: number | null;
  created_at: string;
}

export interface SurveyTokenTable {
  token_hash: string;
  project_id: number;
  created_at: string;
  used_at: string | null;
}

export interface JobLeaseTable {
  name: string;
  owner: string | null;
  lease_until: string | null;
  last_run_at: string | null;
}

/** 集中征集活动 (0007, R8.1): one per town and year; the aggregate's state (src/domain/plans/campaign.ts) as JSON. */
export interface CampaignTable {
  id: Generated<number>;
  town_id: number;
  year: number;
  closes_on: string;
  state_json: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/**
 * An aggregate kept per town and year (0007): `allocation` (R8.3), `annual_plan` (R8.2–R8.4), `matching_fund`
 * (R8.4, R9.1), `ledger` (R9.1); the state of src/domain/plans or src/domain/funds as JSON.
 */
export interface TownYearTable {
  town_id: number;
  year: number;
  state_json: string;
  version: number;
  updated_at: string;
}

/** One line of a town's 资金发放台账 (0007, R9.1): the voucher number is unique per town (`voucher_key`, normalized). */
export interface DisbursementTable {
  id: Generated<number>;
  town_id: number;
  year: number;
  project_id: number;
  community_id: number;
  disbursed_on: string;
  amount_fen: number;
  source: string;
  voucher_no: string;
  voucher_key: string;
  /** R9.2 recorded past the approved amount with an override. */
  overridden: Flag;
  recorded_by: number | null;
  recorded_at: string;
}

/** What is reported to 市民政局 (0007): a submitted plan (R8.2), an adjustment (R8.4), an override (R9.2). */
export interface BureauReportTable {
  id: Generated<number>;
  kind: 'planSubmitted' | 'libraryAdjusted' | 'disbursementOverridden';
  town_id: number;
  year: number;
  project_id: number | null;
  payload_json: string;
  created_at: string;
}

/**
 * The statistics' cells (0010, db/statistics-cells.ts): counts and sums of the cases by every column the
 * statistics filter or group by, kept by every write in its transaction. A year is a project's `year`, a demand's
 * year of entry in Asia/Shanghai; a missing category or handling mode is ''.
 */
/** Projects (status other than `reserved`) by community, year, category, handling mode and status. */
export interface StatProjectTable {
  community_id: number;
  town_id: number;
  year: number;
  category: string;
  handling_mode: string;
  status: string;
  projects: number;
  budget_fen: number;
  over_cap: number;
  possible_split: number;
  survey_exception: number;
  /** Projects with a survey summary (`survey_answered` not null). */
  surveyed: number;
  survey_respondents: number;
  survey_answered: number;
  survey_satisfied: number;
  closure_budget_special: number;
  closure_budget_collective: number;
  closure_budget_social: number;
  closure_actual_special: number;
  closure_actual_collective: number;
  closure_actual_social: number;
  /** R9.1 what the ledgers paid to these projects, per fund source. */
  disbursed_special: number;
  disbursed_collective: number;
  disbursed_social: number;
}

/** Demands (status other than `reserved`) by community, year of entry, channel and status. */
export interface StatDemandTable {
  community_id: number;
  town_id: number;
  year: number;
  channel: string;
  status: string;
  demands: number;
}

/**
 * Finished clocks (status `done`, owners other than the system) by their case's community and year, the unit the clock ran
 * for (`community_id`, `town_id`: the deadline row's own, which a reassigned demand's earlier clocks keep), step and,
 * for projects, category and handling mode (0013).
 */
export interface StatDeadlineTable {
  /** The case's community (a reassigned demand's earlier clocks ran for another). */
  case_community_id: number;
  year: number;
  community_id: number;
  town_id: number;
  aggregate: 'demand' | 'project';
  category: string;
  /** A project's handling mode ('' for a demand's clocks and a project's before it has one). */
  handling_mode: string;
  step: string;
  on_time: number;
  late: number;
}

/**
 * Running clocks (status `open`, owners other than the system) by their case's community and year, the unit the clock runs for,
 * step, category and handling mode (projects) and due instant: whether one is past due depends on the instant of the request.
 */
export interface StatOpenDeadlineTable {
  case_community_id: number;
  year: number;
  community_id: number;
  town_id: number;
  aggregate: 'demand' | 'project';
  category: string;
  handling_mode: string;
  step: string;
  due_at: string;
  clocks: number;
}

export interface Database {
  unit: UnitTable;
  app_user: AppUserTable;
  session: SessionTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  work_calendar_year: WorkCalendarYearTable;
  work_calendar_day: WorkCalendarDayTable;
  demand: DemandTable;
  project: ProjectTable;
  deadline: DeadlineTable;
  feedback: FeedbackTable;
  publication: PublicationTable;
  delivery_attempt: DeliveryAttemptTable;
  attachment: AttachmentTable;
  issued_document: IssuedDocumentTable;
  survey_response: SurveyResponseTable;
  survey_token: SurveyTokenTable;
  job_lease: JobLeaseTable;
  campaign: CampaignTable;
  allocation: TownYearTable;
  annual_plan: TownYearTable;
  matching_fund: TownYearTable;
  ledger: TownYearTable;
  disbursement: DisbursementTable;
  bureau_report: BureauReportTable;
  stat_project: StatProjectTable;
  stat_demand: StatDemandTable;
  stat_deadline: StatDeadlineTable;
  stat_open_deadline: StatOpenDeadlineTable;
}

export type UnitRow = Selectable<UnitTable>;
export type NewUnit = Insertable<UnitTable>;
export type AppUserRow = Selectable<AppUserTable>;
export type SessionRow = Selectable<SessionTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type DemandRow = Selectable<DemandTable>;
export type ProjectRow = Selectable<ProjectTable>;
export type DeadlineRow = Selectable<DeadlineTable>;
export type FeedbackRow = Selectable<FeedbackTable>;
export type PublicationRow = Selectable<PublicationTable>;
export type AttachmentRow = Selectable<AttachmentTable>;
export type IssuedDocumentRow = Selectable<IssuedDocumentTable>;
export type SurveyResponseRow = Selectable<SurveyResponseTable>;
