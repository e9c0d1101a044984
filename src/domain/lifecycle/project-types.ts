/**
 * The Project aggregate's state and commands (R3–R6): a plain JSON object carrying every record the guide asks for —
 * consultations, feasibility studies and votes, the 登记备案表, review rounds, publicity, objections, claims,
 * implementation, the 结项表 and the survey — plus its flags and deadline records.
 */
import type { LocalDate } from '../calendar/index.js';
import type { Channel, ProposerKind, PublicityChannel } from '../categories.js';
import type { ClosureForm } from '../forms/closure-form.js';
import type {
  AssemblyVote,
  AttachmentId,
  ConsultationRecord,
  ConsultationResult,
  DepartmentOpinion,
  ExistingPolicyDecision,
  RegistrationBasicsInput,
  RegistrationForm,
  RegistrationPath,
  ReviewPoints,
  Stamp,
} from '../forms/registration-form.js';
import type { SurveyResponse, SurveySummary } from '../forms/survey.js';
import type { DeadlineRecord } from './deadline-book.js';
import type { CollectionMode, CommitteeMeeting } from './demand.js';
import type { ProjectFlag } from './events.js';
import type { ClaimantKind, FeedbackData } from './feedback-templates.js';
import type { SplitCandidate } from './split-detection.js';
import type { PROJECT_STATE_VERSION } from './state-versions.js';
import type { ProjectStatus } from './statuses.js';
import type { IsoInstant } from './types.js';

/** Where one of the project's demands came from (R2.2): gives the 来源渠道 boxes of 登记备案表. */
export interface DemandSource {
  readonly demandId: number;
  readonly channel: Channel;
  readonly proposerKind: ProposerKind;
}

/** R3.3 可行性研究分析 (`FeasibilityStudy`) after a failed consultation. */
export interface FeasibilityStudy {
  readonly recordedAt: IsoInstant;
  readonly summary: string;
  /** What the study recommends next. */
  readonly recommendation: 'reconsult' | 'assemblyVote' | 'terminate';
  readonly attachmentIds: readonly AttachmentId[];
}

/** The plan the project is carried out under: from a passed consultation or a passed assembly vote. */
export interface Agreement {
  readonly via: 'consultation' | 'assemblyVote';
  /** R5.4 the consultation's completion: the 1-month clock of small-path engineering counts from here. */
  readonly agreedAt: IsoInstant;
  readonly result: ConsultationResult;
}

export interface ReviewerRef {
  readonly departmentId: number;
  readonly departmentName: string;
}

/** One submission of the 登记备案表 to the town (R4.1) and what happened to it. */
export interface ReviewRound {
  readonly submittedAt: IsoInstant;
  readonly reviewers: readonly ReviewerRef[];
  readonly opinions: readonly DepartmentOpinion[];
  readonly stamps: readonly Stamp[];
  /** R4.5 returned for correction. */
  readonly returned: { readonly at: IsoInstant; readonly reason: string; readonly byUserId: number | null } | null;
  readonly decidedAt: IsoInstant | null;
}

export interface Publicity {
  /** R5.1 by the town, R5.2 by the community. */
  readonly by: 'town' | 'community';
  readonly channels: readonly PublicityChannel[];
  readonly days: number;
  readonly startedAt: IsoInstant;
  /** The window's end (24:00 of its last day, R0.4); `endPublicity` is accepted from this instant. */
  readonly endsAt: IsoInstant;
  readonly lastDay: LocalDate;
  readonly endedAt: IsoInstant | null;
}

/** R5.3 异议 (`Objection`). */
export interface Objection {
  readonly id: number;
  readonly raisedAt: IsoInstant;
  readonly text: string;
  /** Personal data of the objector: masked in public views (R0.8). */
  readonly raisedByName: string | null;
  readonly contactPhone: string | null;
  readonly answer: { readonly text: string; readonly answeredAt: IsoInstant; readonly answeredByUserId: number | null } | null;
}

export interface Claimant {
  readonly kind: ClaimantKind;
  readonly name: string;
  readonly contactName: string;
  readonly contactPhone: string;
}

/** R5.5 认领 (`Claim`) under 莞家直达. */
export interface Claim {
  readonly id: number;
  readonly claimant: Claimant;
  readonly note: string;
  readonly claimedAt: IsoInstant;
  readonly decision: {
    readonly accepted: boolean;
    readonly reason: string | null;
    readonly decidedAt: IsoInstant;
    readonly decidedByUserId: number | null;
  } | null;
}

export interface SurveyState {
  readonly responses: readonly SurveyResponse[];
  readonly summary: SurveySummary | null;
  readonly completedAt: IsoInstant | null;
}

/** A feedback already sent for the project, so demands merged in later receive it too (R2.6). */
export interface FeedbackLogEntry {
  readonly at: IsoInstant;
  readonly data: FeedbackData;
}

export interface ProjectState {
  readonly aggregate: 'project';
  /** The shape this state is in (state-version.ts); stored states are upgraded on read. */
  readonly schemaVersion: typeof PROJECT_STATE_VERSION;
  readonly id: number;
  readonly status: ProjectStatus;
  readonly townId: number;
  readonly communityId: number;
  readonly communityName: string;
  readonly title: string;
  /** Every demand the project answers (R2.6): each proposer receives every feedback. */
  readonly demandIds: readonly number[];
  readonly sources: readonly DemandSource[];
  readonly collection: CollectionMode;
  readonly campaignId: number | null;
  readonly year: number;
  readonly openedAt: IsoInstant;
  readonly committeeMeeting: CommitteeMeeting;
  readonly consultations: readonly ConsultationRecord[];
  readonly feasibilityStudies: readonly FeasibilityStudy[];
  readonly assemblyVotes: readonly AssemblyVote[];
  readonly agreement: Agreement | null;
  /** The 登记备案表 as last submitted, with section 三 once the town decided. */
  readonly registration: RegistrationForm | null;
  readonly registeredAt: IsoInstant | null;
  readonly path: RegistrationPath | null;
  readonly flags: readonly ProjectFlag[];
  /** R1.3 the small-path projects this one may have been split from. */
  readonly possibleSplitWith: readonly number[];
  readonly reviewRounds: readonly ReviewRound[];
  readonly publicity: Publicity | null;
  readonly objections: readonly Objection[];
  readonly claims: readonly Claim[];
  /** 实施主体: the agreed implementer, replaced by the accepted claimant under 莞家直达. */
  readonly implementer: string | null;
  readonly implementationStartedAt: IsoInstant | null;
  readonly implementationCompletedAt: IsoInstant | null;
  readonly closure: { readonly form: ClosureForm; readonly submittedAt: IsoInstant } | null;
  readonly survey: SurveyState;
  readonly closedAt: IsoInstant | null;
  readonly termination: { readonly at: IsoInstant; readonly reason: string } | null;
  readonly feedbackLog: readonly FeedbackLogEntry[];
  readonly deadlines: readonly DeadlineRecord[];
}

/** The town's decision as entered; the lifecycle completes it from the state (departments, mode, money). */
export type TownDecisionInput =
  | {
      readonly outcome: 'existingPolicy';
      readonly townOfficeName: string;
      readonly points: ReviewPoints;
      readonly followUp: ExistingPolicyDecision['followUp'];
      readonly fiscalBudgetHolder: string;
    }
  | { readonly outcome: 'specialFund'; readonly townOfficeName: string; readonly points: ReviewPoints };

export type SurveyResponseInput = Omit<SurveyResponse, 'recordedAt' | 'source'>;

export type ProjectCommand =
  /** R2.4 (a) opens the project: build it with `openProjectCommand` from the adopted demand. */
  | {
      readonly type: 'triageDemand';
      readonly projectId: number;
      readonly townId: number;
      readonly communityId: number;
      readonly communityName: string;
      readonly title: string;
      readonly demandIds: readonly number[];
      readonly sources: readonly DemandSource[];
      readonly collection: CollectionMode;
      readonly campaignId: number | null;
      readonly year: number;
      readonly meeting: CommitteeMeeting;
    }
  | {
      readonly type: 'mergeDemands';
      readonly primaryDemandId: number;
      readonly mergedDemandIds: readonly number[];
      readonly sources: readonly DemandSource[];
    }
  | { readonly type: 'recordConsultation'; readonly consultation: ConsultationRecord }
  | { readonly type: 'recordFeasibilityStudy'; readonly study: Omit<FeasibilityStudy, 'recordedAt'> }
  | { readonly type: 'recordAssemblyVote'; readonly vote: Omit<AssemblyVote, 'passed'> }
  | { readonly type: 'terminateProject'; readonly reason: string }
  | {
      readonly type: 'submitRegistration';
      readonly basics: RegistrationBasicsInput;
      /** R1.3 the community's other small-path projects of the last months, loaded by the service. */
      readonly recentSmallProjects: readonly SplitCandidate[];
    }
  | { readonly type: 'returnRegistration'; readonly reason: string }
  | { readonly type: 'assignReviewers'; readonly reviewers: readonly ReviewerRef[] }
  | {
      readonly type: 'recordDepartmentOpinion';
      readonly departmentId: number;
      readonly points: ReviewPoints;
      readonly opinion: string;
    }
  | { readonly type: 'recordStamp'; readonly stamp: Omit<Stamp, 'recordedAt' | 'recordedByUserId'> }
  | { readonly type: 'decideReview'; readonly decision: TownDecisionInput }
  /** `days` null: the configured default (R5.2 community publicity). */
  | { readonly type: 'startPublicity'; readonly days: number | null; readonly channels: readonly PublicityChannel[] }
  | { readonly type: 'endPublicity' }
  | {
      readonly type: 'raiseObjection';
      readonly objectionId: number;
      readonly text: string;
      readonly raisedByName: string | null;
      readonly contactPhone: string | null;
    }
  | { readonly type: 'answerObjection'; readonly objectionId: number; readonly answer: string }
  | { readonly type: 'claimProject'; readonly claimId: number; readonly claimant: Claimant; readonly note: string }
  | { readonly type: 'decideClaim'; readonly claimId: number; readonly accepted: boolean; readonly reason: string | null }
  | { readonly type: 'startImplementation' }
  | { readonly type: 'completeImplementation' }
  /** Section 五 is never typed: the lifecycle fills it from the survey it holds (R6.2) or leaves it to the town (R6.3). */
  | { readonly type: 'submitClosure'; readonly form: Omit<ClosureForm, 'survey'> }
  | { readonly type: 'submitSurveyResponse'; readonly response: SurveyResponseInput }
  | { readonly type: 'recordPaperSurvey'; readonly responses: readonly SurveyResponseInput[] }
  /** R6.4 `exceptionReason`: only for fewer than the minimum of respondents, approved by the town. */
  | { readonly type: 'completeSurvey'; readonly exceptionReason: string | null }
  | { readonly type: 'closeProject' }
  | { readonly type: 'markOverdue' };

export type ProjectCmd<T extends ProjectCommand['type']> = Extract<ProjectCommand, { type: T }>;
