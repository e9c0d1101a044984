/**
 * (being written)
 */
import type { StepAction } from './step-action.js';

export const CLOSURE_STEPS: readonly StepAction[] = [];
