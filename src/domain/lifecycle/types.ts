/**
 * The contract of the lifecycle deciders: the context every decision receives, the typed rule violation it may
 * return, and the result shape. Shared by the Demand and Project aggregates.
 *
 * State objects are plain JSON: instants are ISO-8601 UTC strings (`IsoInstant`), civil dates `YYYY-MM-DD`
 * (`LocalDate`), money integer 分, absent values `null` (never `undefined`), so
 * `JSON.parse(JSON.stringify(state))` gives back an equal state.
 */
import type { Role } from '../access/roles.js';
import type { WorkCalendar } from '../calendar/index.js';
import type { FieldError } from '../forms/field-errors.js';
import type { RulesConfig } from '../rules-config.js';
import type { LifecycleEvent } from './events.js';
import type { RuleId } from './rule-ids.js';

export type { IsoInstant } from '../forms/registration-form.js';
export type { RuleId } from './rule-ids.js';

/** Who issues a command: a staff role, a member of the public (objections, claims, surveys), or a system job. */
export type ActorRole = Role | 'public' | 'system';

export interface CommandActor {
  readonly userId: number | null;
  readonly role: ActorRole;
  readonly unitId: number | null;
}

export interface DecideContext {
  /** The instant of the decision; stored as `now.toISOString()`. */
  readonly now: Date;
  readonly calendar: WorkCalendar;
  readonly config: RulesConfig;
  readonly actor: CommandActor;
}

/** Stable codes of refused commands; the service maps them to its error catalogue. */
export type ViolationCode =
  | 'AGGREGATE_MISSING'
  | 'ALREADY_EXISTS'
  | 'INVALID_STATE'
  | 'FORBIDDEN_ROLE'
  | 'FORBIDDEN_UNIT'
  | 'FORM_INVALID'
  | 'CHANNEL_COLLECTION_MISMATCH'
  | 'CATEGORY_MISMATCH'
  | 'OVER_CAP_JUSTIFICATION_REQUIRED'
  | 'MONEY_INVALID'
  | 'MEETING_IN_FUTURE'
  | 'ACKNOWLEDGE_FIRST'
  | 'MERGE_INVALID'
  | 'CONSULTATION_NOT_FAILED'
  | 'REVIEWER_NOT_ASSIGNED'
  | 'OPINIONS_MISSING'
  | 'STAMP_MISSING'
  | 'PUBLICITY_TOO_SHORT'
  | 'PUBLICITY_CHANNELS_MISSING'
  | 'PUBLICITY_NOT_OVER'
  | 'PUBLICITY_NOT_ENDED'
  | 'OBJECTIONS_UNANSWERED'
  | 'OBJECTION_NOT_FOUND'
  | 'OBJECTION_ALREADY_ANSWERED'
  | 'NOT_DIRECT_MODE'
  | 'ALREADY_CLAIMED'
  | 'CLAIM_NOT_FOUND'
  | 'CLAIM_ALREADY_DECIDED'
  | 'NOT_CLAIMED'
  | 'DUPLICATE_ID'
  | 'SURVEY_FIRST'
  | 'SURVEY_NOT_OPEN'
  | 'SURVEY_CLOSED'
  | 'DUPLICATE_RESPONSE'
  | 'SURVEY_TOO_FEW'
  | 'EXCEPTION_NEEDS_TOWN';

export interface ViolationDetails {
  /** Field-level errors of a form, in Chinese. */
  readonly errors?: readonly FieldError[];
  readonly [key: string]: unknown;
}

export interface Violation {
  /** The rule of RULES.md that refuses the command. */
  readonly rule: RuleId;
  readonly code: ViolationCode;
  /** Simplified Chinese, shown to the user. */
  readonly message: string;
  readonly details?: ViolationDetails;
}

export type DecideResult<S> =
  | { readonly ok: true; readonly state: S; readonly events: readonly LifecycleEvent[] }
  | { readonly ok: false; readonly violation: Violation };

export type Refusal = { readonly ok: false; readonly violation: Violation };

export function refuse(rule: RuleId, code: ViolationCode, message: string, details?: ViolationDetails): Refusal {
  return { ok: false, violation: details === undefined ? { rule, code, message } : { rule, code, message, details } };
}

export function iso(instant: Date): string {
  return instant.toISOString();
}
