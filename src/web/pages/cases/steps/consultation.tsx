/**
 * (being written)
 */
import type { StepAction } from './step-action.js';

export const CONSULTATION_STEPS: readonly StepAction[] = [];
