/**
 * (being written)
 */
import type { StepAction } from './step-action.js';

export const SURVEY_STEPS: readonly StepAction[] = [];
