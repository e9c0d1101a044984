/**
 * The events a decision returns. The service turns them into audit records (R0.7), outbox rows (feedbacks R7.1,
 * publications R5.1 / R6.6, notifications) and deadline rows (R7.2) in the same transaction as the new state.
 * Every event names its aggregate, so the outbox needs nothing else to route it.
 */
import type { CalendarWarning, LocalDate } from '../calendar/index.js';
import type { PublicityChannel } from '../categories.js';
import type { IsoInstant } from '../forms/registration-form.js';
import type { Fen } from '../money.js';
import type { DeadlineOwner, DeadlineStep } from './deadline-steps.js';
import type { FeedbackData, FeedbackKind } from './feedback-templates.js';
import type { RuleId } from './rule-ids.js';

export type AggregateKind = 'demand' | 'project';

/** The flags a project carries into lists, statistics and exports. */
export const PROJECT_FLAGS = ['overCap', 'possibleSplit', 'surveyException'] as const;
export type ProjectFlag = (typeof PROJECT_FLAGS)[number];

export const PROJECT_FLAG_LABELS: Readonly<Record<ProjectFlag, string>> = {
  overCap: '超限',
  possibleSplit: '疑似拆分',
  surveyException: '测评人数不足（经批准）',
};

interface EventBase {
  readonly aggregate: AggregateKind;
  readonly aggregateId: number;
}

export type LifecycleEvent =
  /** The aggregate's status changed (`from` null: it was created). */
  | (EventBase & { readonly type: 'stateChanged'; readonly action: string; readonly from: string | null; readonly to: string })
  | (EventBase & {
      readonly type: 'deadlineSet';
      readonly step: DeadlineStep;
      readonly rule: RuleId;
      readonly owner: DeadlineOwner;
      readonly startedAt: IsoInstant;
      readonly due: IsoInstant;
      readonly dueDate: LocalDate;
      readonly provisional: boolean;
      readonly warnings: readonly CalendarWarning[];
    })
  | (EventBase & { readonly type: 'deadlineCompleted'; readonly step: DeadlineStep; readonly doneAt: IsoInstant; readonly late: boolean })
  | (EventBase & { readonly type: 'deadlineCancelled'; readonly step: DeadlineStep; readonly reason: string })
  /** R7.2 escalated to the level above the step's owner. */
  | (EventBase & {
      readonly type: 'deadlineOverdue';
      readonly step: DeadlineStep;
      readonly rule: RuleId;
      readonly due: IsoInstant;
      readonly escalateTo: 'town' | 'bureau' | null;
    })
  /** R7.1 a feedback to every proposer of the listed demands, through each demand's own channel. */
  | (EventBase & {
      readonly type: 'feedbackRequested';
      readonly kind: FeedbackKind;
      readonly demandIds: readonly number[];
      readonly data: FeedbackData;
    })
  /** R5.1 / R5.2 publicity and R6.6 result, one delivery per channel. */
  | (EventBase & {
      readonly type: 'publicationRequested';
      readonly kind: 'publicity' | 'result';
      readonly channels: readonly PublicityChannel[];
      readonly startsAt: IsoInstant;
      readonly endsAt: IsoInstant | null;
    })
  /** R1.2 overCap, R1.3 possibleSplit, R6.4 surveyException. */
  | (EventBase & {
      readonly type: 'flagRaised';
      readonly flag: ProjectFlag;
      readonly rule: RuleId;
      readonly details: {
        readonly budgetFen?: Fen;
        readonly capFen?: Fen;
        readonly relatedProjectIds?: readonly number[];
        readonly totalFen?: Fen;
        readonly respondentCount?: number;
        readonly reason?: string;
      };
    })
  /** R4.6 a town-confirmed centrally collected project enters that year's library. */
  | (EventBase & { readonly type: 'libraryEntryRequested'; readonly year: number; readonly campaignId: number | null; readonly budgetFen: Fen })
  /** R4.1 the chosen departments are asked for their opinion. */
  | (EventBase & { readonly type: 'reviewersAssigned'; readonly departmentIds: readonly number[] })
  /** R2.6 demands merged into a primary one. */
  | (EventBase & { readonly type: 'demandsMerged'; readonly primaryDemandId: number; readonly mergedDemandIds: readonly number[] })
  /** R5.3 staff must answer before implementation. */
  | (EventBase & { readonly type: 'objectionRaised'; readonly objectionId: number })
  /** R5.5 a claimant offered to take the project. */
  | (EventBase & { readonly type: 'claimSubmitted'; readonly claimId: number })
  /** R2.4 (a) the demand is adopted: the service opens the project with `openProjectCommand`. */
  | (EventBase & { readonly type: 'projectOpenRequested'; readonly projectId: number; readonly demandIds: readonly number[] });

export type LifecycleEventType = LifecycleEvent['type'];
