/**
 * What the reviewer's pages read of a project's state (ProjectDetail): the 登记备案表 under review, the current review
 * round (the last of `reviewRounds`, R4.1) and the department's own opinions (R4.2). The server decides again.
 */
import type { CaseDeadline, ProjectState, ProjectView } from '../../api/models.js';

export type Registration = NonNullable<ProjectState['registration']>;
export type ReviewRound = ProjectState['reviewRounds'][number];
export type DepartmentOpinion = ReviewRound['opinions'][number];
export type ReviewPoints = DepartmentOpinion['points'];

export function currentRound(state: ProjectState): ReviewRound | undefined {
  return state.reviewRounds[state.reviewRounds.length - 1];
}

/** The current round names the department and has no opinion from it yet. */
export function awaitsOpinionOf(project: ProjectView, departmentId: number): boolean {
  const round = currentRound(project.state);
  return (
    project.state.status === 'underReview' &&
    round !== undefined &&
    round.reviewers.some((r) => r.departmentId === departmentId) &&
    !round.opinions.some((o) => o.departmentId === departmentId)
  );
}

/** The department's opinions over every round, newest first, each with the round's submission time. */
export function opinionsOf(state: ProjectState, departmentId: number): { readonly opinion: DepartmentOpinion; readonly round: number; readonly submittedAt: string }[] {
  return state.reviewRounds
    .flatMap((round, i) => round.opinions.filter((o) => o.departmentId === departmentId).map((opinion) => ({ opinion, round: i + 1, submittedAt: round.submittedAt })))
    .reverse();
}

/** The open R4.1 review clock of the project, if any. */
export function reviewDeadline(project: ProjectView): CaseDeadline | undefined {
  return project.deadlines.filter((d) => d.step === 'review' && (d.status === 'open' || d.status === 'dueSoon' || d.status === 'overdue')).at(-1);
}
