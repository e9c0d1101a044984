/**
 * Completing the survey (R6.4) without the screen: with at least the minimum of respondents it is a confirmation;
 * with fewer it needs the town's approval and a written reason — only town staff may give it — and the project keeps
 * a flag. Builds the request body accordingly.
 */
import type { RequestOf } from '../../../api/models.js';

export type CompletionPath =
  /** Enough respondents: a plain confirmation. */
  | 'enough'
  /** Fewer, and the user is town staff: approve with a reason. */
  | 'approveException'
  /** Fewer, and the user may not approve: more responses, or the town. */
  | 'needsTown';

export function completionPath(respondents: number, minRespondents: number, role: string): CompletionPath {
  if (respondents >= minRespondents) return 'enough';
  return role === 'town_staff' ? 'approveException' : 'needsTown';
}

/** The body: no reason with enough respondents; otherwise the trimmed reason (null while none is given). */
export function completionBody(version: number, path: CompletionPath, reason: string | undefined): RequestOf<'completeSurvey'> {
  const text = (reason ?? '').trim();
  return { version, exceptionReason: path === 'enough' || text === '' ? null : text };
}
