/**
 * The API's objects as the web sees them, mirroring the server's response schemas (user.mapper, org.mapper,
 * calendar.routes, audit.routes). Role and action names come from the domain's access vocabulary, which both sides share.
 */
import type { Action } from '../../domain/access/actions.js';
import type { Role, UnitKind } from '../../domain/access/roles.js';

export type { Action, Role, UnitKind };

/** `{ error: { code, message, details } }`: `details.fields` lists field problems on validation errors. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details: unknown };
  readonly requestId?: string;
}

/** The signed-in user (GET/POST /api/session). */
export interface UserView {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly roleLabel: string;
  readonly unit: { readonly id: number; readonly name: string; readonly kind: UnitKind };
  readonly scopeUnitId: number;
  readonly mustChangePassword: boolean;
  /** The role's allowed actions; the menu follows them. */
  readonly actions: readonly string[];
}

/** One account in the administrators' list (GET /api/users). */
export interface UserRecord {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly roleLabel: string;
  readonly unit: { readonly id: number; readonly name: string };
  /** Masked by the server. */
  readonly phone: string | null;
  readonly disabled: boolean;
  readonly lockedUntil: string | null;
  readonly mustChangePassword: boolean;
  readonly createdAt: string;
  readonly version: number;
}

export interface UserList {
  readonly total: number;
  readonly items: readonly UserRecord[];
}

/** POST /api/users and POST /api/users/:id/password-reset. */
export interface UserWithOneTimePassword {
  readonly user: UserRecord;
  readonly oneTimePassword: string;
}

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly unitId: number;
  readonly phone?: string;
}

export interface UserChanges {
  readonly version: number;
  readonly displayName?: string;
  readonly unitId?: number;
  readonly phone?: string | null;
  readonly disabled?: boolean;
}

export interface UnitView {
  readonly id: number;
  readonly kind: UnitKind;
  /** 村 / 社区 for a community, the short name for a department, 街道 / 镇 for a town. */
  readonly subkind: string | null;
  readonly name: string;
  readonly code: string | null;
  readonly parentId: number | null;
  readonly townId: number | null;
  /** Demo data, tagged 示例. */
  readonly isSample: boolean;
}

export interface NewUnit {
  readonly kind: 'community' | 'department';
  readonly parentId: number;
  readonly name: string;
  readonly subkind: string;
  readonly code?: string;
}

export interface ImportReport {
  readonly accepted: number;
  readonly rejected: readonly { readonly rowNumber: number; readonly name: string; readonly reasons: readonly string[] }[];
  readonly created: readonly UnitView[];
}

export interface CalendarYearSummary {
  readonly year: number;
  readonly source: string;
  readonly updatedAt: string;
  readonly holidays: number;
  readonly workdays: number;
}

export type CalendarDayKind = 'holiday' | 'workday';

export interface CalendarDay {
  /** `YYYY-MM-DD`, Asia/Shanghai. */
  readonly date: string;
  /** holiday 放假; workday 调休上班. */
  readonly kind: CalendarDayKind;
  readonly name: string;
}

export interface CalendarYear {
  readonly year: number;
  /** Whether the State Council schedule for the year has been entered. */
  readonly published: boolean;
  readonly source: string | null;
  readonly updatedAt: string | null;
  readonly days: readonly CalendarDay[];
}

export type DeadlineKind = 'calendarDays' | 'workingDays' | 'calendarMonths' | 'hours';

export interface DeadlinePreview {
  readonly due: string;
  readonly dueDate: string;
  readonly provisional: boolean;
  readonly warnings: readonly { readonly code: string; readonly year: number; readonly message: string }[];
}

export type AuditOutcome = 'success' | 'denied' | 'failure';

export interface AuditRecord {
  /** Order of insertion, shown as the record number. */
  readonly id: number;
  /** The hash chain and the position in it, which verification names breaks by. */
  readonly chain: number;
  readonly seq: number;
  readonly occurredAt: string;
  readonly requestId: string | null;
  readonly actor: {
    readonly userId: number | null;
    readonly username: string | null;
    readonly role: string | null;
    readonly unitId: number | null;
  };
  readonly ip: string | null;
  /** An `Action` or a `SecurityEvent`; unknown names are shown as they are. */
  readonly action: string;
  readonly target: { readonly type: string | null; readonly id: string | null; readonly unitId: number | null };
  readonly outcome: AuditOutcome;
  readonly before: unknown;
  readonly after: unknown;
  readonly details: unknown;
  readonly hash: string;
}

export interface AuditList {
  readonly total: number;
  readonly items: readonly AuditRecord[];
}

export interface AuditVerification {
  readonly ok: boolean;
  readonly checked: number;
  readonly chains: number;
  readonly breaks: readonly { readonly chain: number; readonly seq: number; readonly reason: string; readonly message: string }[];
}

export interface Health {
  readonly status: 'ok';
  readonly database: string;
  readonly time: string;
}

// ------------------------------------------------------------------------------------------------ cases

export interface CaseFlag {
  readonly flag: string;
  readonly label: string;
}

export interface CaseListItem {
  readonly id: number;
  /** 诉求编号 or 项目编号. */
  readonly number: string;
  readonly title: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly communityId: number;
  readonly communityName: string;
  readonly townId: number;
  readonly budgetFen: number | null;
  readonly flags: readonly CaseFlag[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  readonly nextDeadline: { readonly step: string; readonly label: string; readonly due: string; readonly overdue: boolean; readonly provisional: boolean } | null;
}

export interface CaseList {
  readonly total: number;
  readonly items: readonly CaseListItem[];
}

export interface CaseDeadline {
  readonly step: string;
  readonly rule: string;
  readonly label: string;
  readonly startedAt: string;
  readonly due: string;
  readonly dueDate: string;
  readonly provisional: boolean;
  readonly warnings: readonly string[];
  /** open | dueSoon | overdue | done | doneLate | cancelled */
  readonly status: string;
  readonly visibleAbove: string | null;
}

export interface CaseView {
  readonly id: number;
  readonly version: number;
  readonly status: string;
  readonly statusLabel: string;
  readonly flags: readonly CaseFlag[];
  readonly deadlines: readonly CaseDeadline[];
  /** The aggregate's whole state, personal data masked by role. */
  readonly state: Readonly<Record<string, unknown>>;
}

export interface CaseTimeline {
  readonly events: readonly {
    readonly at: string;
    readonly action: string;
    readonly actor: string | null;
    readonly role: string | null;
    readonly outcome: string;
    readonly summary: unknown;
  }[];
  readonly feedbacks: readonly {
    readonly id: number;
    readonly demandId: number;
    readonly kind: string;
    readonly channel: string;
    readonly recipient: string | null;
    readonly body: string;
    readonly status: string;
    readonly attempts: number;
    readonly createdAt: string;
    readonly deliveredAt: string | null;
  }[];
}

export type CaseKind = 'demand' | 'project';

/** An open step past its due time, for the level above (R7.2). */
export interface OverdueStep {
  readonly id: number;
  readonly aggregate: CaseKind;
  readonly aggregateId: number;
  readonly caseNumber: string;
  readonly caseTitle: string;
  readonly step: string;
  readonly label: string;
  readonly rule: string;
  /** community | town | department | system */
  readonly owner: string;
  readonly communityId: number;
  readonly communityName: string;
  readonly townId: number;
  readonly due: string;
  readonly provisional: boolean;
  readonly reminders: number;
  readonly lastRemindedAt: string | null;
}

export interface OverdueList {
  readonly total: number;
  readonly items: readonly OverdueStep[];
}
