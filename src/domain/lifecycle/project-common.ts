/**
 * What every phase of the Project decider shares: its deadline book, feedback to every proposer (R7.1, with a
 * log so demands merged in later receive it too, R2.6), flags (R1.2, R1.3, R6.4) and form refusals.
 */
import type { FieldError } from '../forms/field-errors.js';
import { DeadlineBook } from './deadline-book.js';
import type { LifecycleEvent, ProjectFlag } from './events.js';
import { FEEDBACK_KIND_OF_TEMPLATE, type FeedbackData } from './feedback-templates.js';
import type { ProjectState } from './project-types.js';
import { iso, refuse, type DecideContext, type DecideResult, type Refusal, type RuleId } from './types.js';

export type ProjectResult = DecideResult<ProjectState>;

export function projectBook(state: ProjectState, ctx: DecideContext): DeadlineBook {
  return new DeadlineBook(state.deadlines, ctx, 'project', state.id);
}

export function feedbackEvent(state: ProjectState, data: FeedbackData, demandIds: readonly number[] = state.demandIds): LifecycleEvent {
  return {
    type: 'feedbackRequested',
    aggregate: 'project',
    aggregateId: state.id,
    kind: FEEDBACK_KIND_OF_TEMPLATE[data.template],
    demandIds,
    data,
  };
}

/** R7.1 a feedback to every proposer of the project, logged in the state. */
export function withFeedback(
  state: ProjectState,
  data: FeedbackData,
  ctx: DecideContext,
): { readonly state: ProjectState; readonly event: LifecycleEvent } {
  return {
    state: { ...state, feedbackLog: [...state.feedbackLog, { at: iso(ctx.now), data }] },
    event: feedbackEvent(state, data),
  };
}

export function withFlag(state: ProjectState, flag: ProjectFlag): ProjectState {
  return state.flags.includes(flag) ? state : { ...state, flags: [...state.flags, flag] };
}

export function formRefusal(rule: RuleId, message: string, errors: readonly FieldError[]): Refusal {
  return refuse(rule, 'FORM_INVALID', message, { errors });
}

export function requiredText(field: string, value: string, message: string): FieldError[] {
  return value.trim() === '' ? [{ field, code: 'REQUIRED', message }] : [];
}

export function projectName(state: ProjectState): string {
  return state.registration?.basics.projectName ?? state.title;
}
