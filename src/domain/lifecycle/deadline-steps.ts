/**
 * The timed steps of the lifecycle and whose step each is: named by the events as by the deadline book, so kept
 * apart from both (deadline-book.ts holds how each step is counted).
 */
export const DEADLINE_STEPS = [
  'receipt',
  'triage',
  'consultation',
  'review',
  'publicityWindow',
  'engineeringCompletion',
  'serviceStart',
  'closure',
  'townSurvey',
] as const;
export type DeadlineStep = (typeof DEADLINE_STEPS)[number];

/** Whose step it is: an overdue step is shown to the level above its owner (R7.2). */
export type DeadlineOwner = 'community' | 'town' | 'system';
