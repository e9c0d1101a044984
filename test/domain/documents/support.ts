/**
 * Projects walked by the lifecycle's own deciders to the states the documents are printed at, and readers of a
 * document's text: a table row by its first cell, and the lines of a document.
 */
import { expect } from 'vitest';
import { documentText, type FormDocument } from '../../../src/domain/documents/index.js';
import type { ConsultationRecord } from '../../../src/domain/forms/registration-form.js';
import { decideProject, type ProjectCommand, type ProjectState } from '../../../src/domain/lifecycle/index.js';
import { stamp } from '../../../src/domain/samples/forms.js';
import { allYes, basics, consultation, consultationResult, ctx, ok, openCommand, step } from '../lifecycle/fixtures.js';

export const TOWN = 'town_staff' as const;
export const TOWN_OFFICE = '东城街道公共服务办';
/** 12万元: 10万 from the special fund, 2万 donated. */
export const LARGE = 12_000_000;
export const SMALL = 3_000_000;

/** Two demands: one raised by the 两委 themselves, one found on a grid patrol by someone of another kind. */
const SOURCES: Extract<ProjectCommand, { type: 'triageDemand' }>['sources'] = [
  { demandId: 1, channel: 'communitySelf', proposerKind: 'committee' },
  { demandId: 2, channel: 'gridPatrol', proposerKind: 'other' },
];

export function consultationWithOthers(budgetFen: number): ConsultationRecord {
  const split = budgetFen === LARGE ? [{ source: 'special' as const, amountFen: 10_000_000 }, { source: 'social' as const, amountFen: 2_000_000 }] : undefined;
  return consultation(
    budgetFen,
    {
      forms: ['villagersMeeting', 'other'],
      formOther: '楼栋长座谈会',
      participants: ['residentsCommittee', 'residentRepresentatives', 'beneficiaryGroup', 'other'],
      participantOther: '辖区学校代表',
      headCount: 35,
      result: consultationResult(budgetFen, 'direct', split),
    },
    'direct',
  );
}

/** Opened from both demands, consulted (with 其他 forms and participants) and registered. */
export function registered(budgetFen: number): ProjectState {
  const opened = step(null, openCommand({ demandIds: [1, 2], sources: SOURCES }), '2026-09-22T03:00:00.000Z');
  const consulted = step(opened, { type: 'recordConsultation', consultation: consultationWithOthers(budgetFen) }, '2026-09-29T03:00:00.000Z');
  return step(consulted, { type: 'submitRegistration', basics: basics(budgetFen), recentSmallProjects: [] }, '2026-09-30T02:00:00.000Z');
}

/** Under review with 财政 and 住建 as co-reviewers, neither answered yet. */
export function withReviewers(): ProjectState {
  return step(
    registered(LARGE),
    {
      type: 'assignReviewers',
      reviewers: [
        { departmentId: 31, departmentName: '财政' },
        { departmentId: 32, departmentName: '住建' },
      ],
    },
    '2026-09-30T03:00:00.000Z',
    TOWN,
  );
}

/** Both departments answered; 住建 stamped; 财政 found the budget to need comparison quotes but agreed. */
export function reviewed(): ProjectState {
  let state = withReviewers();
  const opinions = [
    { departmentId: 31, points: { ...allYes, budgetReasonable: { verdict: 'yes' as const, comment: '预算基本合理，建议补充比价' } }, opinion: '同意' },
    { departmentId: 32, points: allYes, opinion: '同意实施' },
  ];
  for (const o of opinions) {
    state = ok(decideProject(state, { type: 'recordDepartmentOpinion', ...o }, ctx('2026-10-09T02:00:00.000Z', 'department_reviewer', undefined, o.departmentId))).state;
  }
  return ok(
    decideProject(
      state,
      { type: 'recordStamp', stamp: stamp({ departmentId: 32, departmentName: '住建', stampedByName: '钱八', stampedOn: '2026-10-12', scanAttachmentId: 901 }) },
      ctx('2026-10-12T08:00:00.000Z', 'department_reviewer', undefined, 32),
    ),
  ).state;
}

/** The town decided for the special fund (R4.4). */
export function confirmed(): ProjectState {
  return step(reviewed(), { type: 'decideReview', decision: { outcome: 'specialFund', townOfficeName: TOWN_OFFICE, points: allYes } }, '2026-10-13T02:00:00.000Z', TOWN);
}

export function lines(document: Pick<FormDocument, 'blocks'>): string[] {
  return documentText(document).split('\n');
}

/** The line of the table row whose first cell is `first`; fails when there is none or more than one. */
export function row(document: Pick<FormDocument, 'blocks'>, first: string): string {
  const found = lines(document).filter((l) => l.split('\t')[0] === first);
  expect(found, `one row starting with ${first}`).toHaveLength(1);
  return found[0] ?? '';
}

/** The cells of that row. */
export function cells(document: Pick<FormDocument, 'blocks'>, first: string): string[] {
  return row(document, first).split('\t');
}

/** How often `needle` occurs in `haystack`. */
export function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}
