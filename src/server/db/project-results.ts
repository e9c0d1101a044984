/**
 * A project's results kept as columns beside its state (migration 0009): the survey's respondents and satisfaction
 * (R6.2–R6.4) and the 结项表's budget and actual per fund row (R6.1), null until they exist. Written on every save
 * and summed by the statistics in the database.
 */
import type { ProjectState } from '../../domain/lifecycle/project-types.js';

export const PROJECT_RESULT_COLUMNS = [
  'survey_respondents',
  'survey_answered',
  'survey_satisfied',
  'closure_budget_special',
  'closure_budget_collective',
  'closure_budget_social',
  'closure_actual_special',
  'closure_actual_collective',
  'closure_actual_social',
] as const;

export type ProjectResultColumn = (typeof PROJECT_RESULT_COLUMNS)[number];

export function projectResultColumns(state: ProjectState): Record<ProjectResultColumn, number | null> {
  const summary = state.survey.summary;
  const form = state.closure?.form;
  return {
    survey_respondents: summary?.respondentCount ?? null,
    survey_answered: summary?.satisfaction.total ?? null,
    survey_satisfied: summary?.satisfaction.satisfied ?? null,
    closure_budget_special: form?.budget.special ?? null,
    closure_budget_collective: form?.budget.collective ?? null,
    closure_budget_social: form?.budget.social ?? null,
    closure_actual_special: form?.actual.special ?? null,
    closure_actual_collective: form?.actual.collective ?? null,
    closure_actual_social: form?.actual.social ?? null,
  };
}
