/**
 * Every project step that has a form of its own, in the order of the lifecycle: 协商 and its failure path (R3.1,
 * R3.3), 登记备案表 (R3.2–R3.5), the town's review — 盖章 and 审核确认 (R4.3, R4.4) —, paper objections and claims
 * during publicity (R5.3, R5.5), 结项表 (R6.1) and the survey (R6.2–R6.5). The case page and the drawer offer each
 * where the lifecycle's table allows its action for the user's role.
 */
import { CLOSURE_STEPS } from './closure.js';
import { CONSULTATION_STEPS } from './consultation.js';
import { PUBLICITY_STEPS } from './publicity.js';
import { REGISTRATION_STEPS } from './registration.js';
import { REVIEW_STEPS } from './review.js';
import type { StepAction } from './step-action.js';
import { SURVEY_STEPS } from './survey.js';

export type { StepAction, StepFormProps } from './step-action.js';

export const STEP_ACTIONS: readonly StepAction[] = [
  ...CONSULTATION_STEPS,
  ...REGISTRATION_STEPS,
  ...REVIEW_STEPS,
  ...PUBLICITY_STEPS,
  ...CLOSURE_STEPS,
  ...SURVEY_STEPS,
];
