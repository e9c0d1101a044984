/**
 * (being written)
 */
import type { StepAction } from './step-action.js';

export const REGISTRATION_STEPS: readonly StepAction[] = [];
