/**
 * (being written)
 */
import type { StepAction } from './step-action.js';

export const PUBLICITY_STEPS: readonly StepAction[] = [];
