/**
 * Names for the API's objects as the pages use them: aliases of the types generated from the OpenAPI document
 * (schema.gen.ts), picked out of an operation's success response, request body or query. Nothing here declares a
 * shape of its own: when a schema changes, `npm run docs` regenerates the types and these follow.
 */
import type { operations } from './schema.gen.js';

type Operation = keyof operations;
type JsonOf<R> = R extends { readonly content: { readonly 'application/json': infer T } } ? T : never;
type Responses<Op extends Operation> = operations[Op]['responses'];

/** The JSON body an operation answers with on success (200 or 201). */
export type ResponseOf<Op extends Operation> = JsonOf<Responses<Op>[Extract<keyof Responses<Op>, 200 | 201>]>;
/** The JSON request body of an operation. */
export type RequestOf<Op extends Operation> = JsonOf<NonNullable<operations[Op]['requestBody']>>;
/** The query string of an operation. */
export type QueryOf<Op extends Operation> = NonNullable<operations[Op]['parameters']['query']>;

// ------------------------------------------------------------------------------------------------ errors

/** `{ error: { code, message, details }, requestId? }`, as every operation answers a refusal. */
export type ErrorBody = JsonOf<Responses<'login'>[400]>;

// ------------------------------------------------------------------------------------------------ session, users

/** The signed-in user (GET/POST /api/session); `actions` are the role's allowed actions, the menu follows them. */
export type UserView = ResponseOf<'viewProfile'>;
export type Role = UserView['role'];
export type UserList = ResponseOf<'listUsers'>;
export type UserRecord = UserList['items'][number];
export type UserQuery = QueryOf<'listUsers'>;
/** POST /api/users and POST /api/users/:id/password-reset. */
export type UserWithOneTimePassword = ResponseOf<'createUser'>;
export type NewUser = RequestOf<'createUser'>;
export type UserChanges = RequestOf<'updateUser'>;

// ------------------------------------------------------------------------------------------------ org

export type UnitView = ResponseOf<'viewOrgTree'>['items'][number];
export type UnitKind = UnitView['kind'];
export type NewUnit = RequestOf<'createUnit'>;
export type ImportReport = ResponseOf<'importCommunities'>;

// ------------------------------------------------------------------------------------------------ calendar

export type CalendarYearSummary = ResponseOf<'listCalendarYears'>['items'][number];
export type CalendarYear = ResponseOf<'viewCalendar'>;
export type CalendarDay = RequestOf<'editCalendar'>['days'][number];
export type CalendarDayKind = CalendarDay['kind'];
export type DeadlinePreview = ResponseOf<'previewDeadline'>;
export type DeadlineKind = QueryOf<'previewDeadline'>['kind'];

// ------------------------------------------------------------------------------------------------ audit

export type AuditList = ResponseOf<'viewAuditLog'>;
export type AuditRecord = AuditList['items'][number];
export type AuditOutcome = AuditRecord['outcome'];
export type AuditQuery = QueryOf<'viewAuditLog'>;
export type AuditVerification = ResponseOf<'verifyAuditChain'>;

// ------------------------------------------------------------------------------------------------ cases

export type DemandList = ResponseOf<'listDemands'>;
export type ProjectList = ResponseOf<'listProjects'>;
export type CaseList = DemandList | ProjectList;
export type CaseListItem = CaseList['items'][number];
export type DemandQuery = QueryOf<'listDemands'>;
export type ProjectQuery = QueryOf<'listProjects'>;
/** Filters of the 诉求 and 项目 lists; `flag` only for projects. */
export type CaseQuery = DemandQuery & ProjectQuery;

/** A demand or a project as GET /api/demands/:id, /api/projects/:id and their actions answer it. */
export type DemandView = ResponseOf<'viewDemand'>;
export type ProjectView = ResponseOf<'viewProject'>;
export type CaseView = DemandView | ProjectView;
export type DemandState = DemandView['state'];
export type ProjectState = ProjectView['state'];
/** An objection raised during publicity (R5.3), with its answer once given. */
export type ObjectionView = ProjectState['objections'][number];
/** A 莞家直达 claim (R5.5), with its decision once taken. */
export type ClaimView = ProjectState['claims'][number];
export type CaseDeadline = CaseView['deadlines'][number];
export type CaseTimeline = ResponseOf<'viewDemandTimeline'> | ResponseOf<'viewProjectTimeline'>;
export type TriageRequest = RequestOf<'triageDemand'>;

export type OverdueList = ResponseOf<'listOverdueSteps'>;
/** An open step past its due time, for the level above (R7.2). */
export type OverdueStep = OverdueList['items'][number];

// ------------------------------------------------------------------------------------------------ documents

/** A project's documents at its stage and the editions issued (GET /api/projects/:id/documents). */
export type ProjectDocuments = ResponseOf<'listProjectDocuments'>;
export type DocumentFormEntry = ProjectDocuments['forms'][number];
export type IssuedDocumentEntry = ProjectDocuments['issued'][number];
