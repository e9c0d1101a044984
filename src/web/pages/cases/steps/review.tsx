/**
 * (being written)
 */
import type { StepAction } from './step-action.js';

export const REVIEW_STEPS: readonly StepAction[] = [];
