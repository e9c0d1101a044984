/**
 * Test data for the lifecycle: a 2026 calendar with the National Day holiday, contexts, complete forms, and
 * functions that drive a demand or a project to a given state through the deciders themselves.
 *
 * Timeline used throughout (UTC instants; Asia/Shanghai is UTC+8): the 两委 meeting on Tue 2026-09-22, the
 * consultation on Tue 2026-09-29, submission on Wed 2026-09-30 (just before 国庆 10-01..07; Sat 10-10 is a 调休
 * working day), publicity from Wed 10-14.
 */
import { expect } from 'vitest';
import { buildWorkCalendar, type WorkCalendar } from '../../../src/domain/calendar/index.js';
import type { Category, HandlingMode } from '../../../src/domain/categories.js';
import type { ClosureForm } from '../../../src/domain/forms/closure-form.js';
import type {
  ConsultationRecord,
  ConsultationResult,
  FundLine,
  RegistrationBasicsInput,
  ReviewPoints,
} from '../../../src/domain/forms/registration-form.js';
import type { SatisfactionLevel } from '../../../src/domain/forms/survey.js';
import {
  decideDemand,
  decideProject,
  type ActorRole,
  type DecideContext,
  type DecideResult,
  type DemandCommand,
  type DemandState,
  type LifecycleEvent,
  type ProjectCommand,
  type ProjectState,
  type SurveyResponseInput,
  type Violation,
} from '../../../src/domain/lifecycle/index.js';
import { DEFAULT_RULES_CONFIG, type RulesConfig } from '../../../src/domain/rules-config.js';
import {
  closureForm as sampleClosure,
  committeeMeeting,
  consultationRecord,
  consultationResult as sampleResult,
  demandReport,
  registrationBasics,
  reviewPoints,
  siteAddress,
  surveyAnswers,
  surveySheets,
  type SampleSite,
} from '../../../src/domain/samples/forms.js';

export const calendar: WorkCalendar = buildWorkCalendar(
  [2026],
  [
    ...['01', '02', '03', '04', '05', '06', '07'].map((d) => ({ date: `2026-10-${d}`, kind: 'holiday' as const, name: '国庆节' })),
    { date: '2026-09-20', kind: 'workday' as const, name: '国庆节调休' },
    { date: '2026-10-10', kind: 'workday' as const, name: '国庆节调休' },
  ],
);

export function ctx(at: string, role: ActorRole = 'community_staff', config: RulesConfig = DEFAULT_RULES_CONFIG, unitId: number | null = 100): DecideContext {
  return { now: new Date(at), calendar, config, actor: { userId: role === 'public' || role === 'system' ? null : 7, role, unitId } };
}

export function ok<S>(result: DecideResult<S>): { state: S; events: readonly LifecycleEvent[] } {
  if (!result.ok) throw new Error(`refused: ${result.violation.rule} ${result.violation.code} ${result.violation.message} ${JSON.stringify(result.violation.details ?? {})}`);
  return { state: result.state, events: result.events };
}

export function refused<S>(result: DecideResult<S>): Violation {
  expect(result.ok).toBe(false);
  if (result.ok) throw new Error('expected a refusal');
  return result.violation;
}

export function eventsOf<T extends LifecycleEvent['type']>(events: readonly LifecycleEvent[], type: T): Extract<LifecycleEvent, { type: T }>[] {
  return events.filter((e): e is Extract<LifecycleEvent, { type: T }> => e.type === type);
}

// ---------------------------------------------------------------------------------------------------------------
// Demands

/** The sample site of the lifecycle tests: 温塘一巷 of 东城街道温塘社区. */
export const WENTANG: SampleSite = { town: '东城街道', community: '温塘社区', place: '温塘一巷', street: '温塘一巷' };

export const createDemandCommand: Extract<DemandCommand, { type: 'createDemand' }> = {
  type: 'createDemand',
  demandId: 1,
  trackingNumber: 'MS2026-000001',
  townId: 10,
  communityId: 100,
  communityName: '东城街道温塘社区',
  ...demandReport(WENTANG, { proposer: { kind: 'masses', name: '张三', phone: '13812341234' }, location: siteAddress(WENTANG) }),
  collection: { mode: 'daily' },
};

export const meeting = committeeMeeting({ heldAt: '2026-09-22T02:00:00.000Z', minutesAttachmentIds: [501] });

export function acknowledgedDemand(id = 1): DemandState {
  const created = ok(decideDemand(null, { ...createDemandCommand, demandId: id, trackingNumber: `MS2026-00000${id}` }, ctx('2026-09-21T02:00:00.000Z', 'town_staff')));
  return ok(decideDemand(created.state, { type: 'acknowledgeDemand' }, ctx('2026-09-21T06:00:00.000Z'))).state;
}

// ---------------------------------------------------------------------------------------------------------------
// Projects

export function fundLines(budgetFen: number, split?: readonly FundLine[]): FundLine[] {
  return split === undefined ? [{ source: 'special', amountFen: budgetFen }] : [...split];
}

export function consultationResult(budgetFen: number, mode: HandlingMode = 'express', split?: readonly FundLine[]): ConsultationResult {
  return sampleResult({ budgetFen, handlingMode: mode, fundSources: fundLines(budgetFen, split), implementationPeriod: { start: '2026-10-20', end: '2026-11-20' } }, WENTANG);
}

export function consultation(
  budgetFen: number,
  overrides: Partial<ConsultationRecord> = {},
  mode: HandlingMode = 'express',
): ConsultationRecord {
  return consultationRecord(
    { heldAt: '2026-09-29T02:00:00.000Z', result: consultationResult(budgetFen, mode), minutesAttachmentIds: [601], signInAttachmentIds: [602], ...overrides },
    WENTANG,
  );
}

export function basics(budgetFen: number, overrides: Partial<RegistrationBasicsInput> = {}): RegistrationBasicsInput {
  return registrationBasics({ budgetFen, ...overrides }, WENTANG);
}

export const allYes: ReviewPoints = reviewPoints();

export const existingPolicyPoints: ReviewPoints = reviewPoints({ solvableOtherwise: { verdict: 'yes' } });

export function step(state: ProjectState | null, command: ProjectCommand, at: string, role: ActorRole = 'community_staff', config?: RulesConfig): ProjectState {
  return ok(decideProject(state, command, ctx(at, role, config))).state;
}

export function openCommand(overrides: Partial<Extract<ProjectCommand, { type: 'triageDemand' }>> = {}): Extract<ProjectCommand, { type: 'triageDemand' }> {
  return {
    type: 'triageDemand',
    projectId: 900,
    townId: 10,
    communityId: 100,
    communityName: '东城街道温塘社区',
    title: '温塘一巷路面修复',
    demandIds: [1],
    sources: [{ demandId: 1, channel: 'hotline12345', proposerKind: 'masses' }],
    collection: 'daily',
    campaignId: null,
    year: 2026,
    meeting,
    ...overrides,
  };
}

export interface ProjectSetup {
  readonly budgetFen: number;
  readonly category?: Category;
  readonly mode?: HandlingMode;
  readonly open?: Partial<Extract<ProjectCommand, { type: 'triageDemand' }>>;
  readonly overCapJustification?: string | null;
}

export function consultedProject(setup: ProjectSetup): ProjectState {
  const opened = step(null, openCommand(setup.open), '2026-09-22T03:00:00.000Z');
  return step(opened, { type: 'recordConsultation', consultation: consultation(setup.budgetFen, {}, setup.mode) }, '2026-09-29T03:00:00.000Z');
}

export function registeredProject(setup: ProjectSetup): ProjectState {
  const consulted = consultedProject(setup);
  return step(
    consulted,
    {
      type: 'submitRegistration',
      basics: basics(setup.budgetFen, { category: setup.category ?? 'engineering', overCapJustification: setup.overCapJustification ?? null }),
      recentSmallProjects: [],
    },
    '2026-09-30T02:00:00.000Z',
  );
}

export function confirmedProject(setup: ProjectSetup): ProjectState {
  const underReview = registeredProject(setup);
  return step(
    underReview,
    { type: 'decideReview', decision: { outcome: 'specialFund', townOfficeName: '东城街道公共服务办', points: allYes } },
    '2026-10-13T02:00:00.000Z',
    'town_staff',
  );
}

export const TOWN_CHANNELS = ['projectPortal', 'portal12345', 'wechatGuanjia', 'bureauWebsite', 'communityPlatform'];

/** In publicity from Wed 2026-10-14 10:00 for 5 days (last day Mon 10-19). */
export function publicizedProject(setup: ProjectSetup): ProjectState {
  const ready = setup.budgetFen > 5_000_000 ? confirmedProject(setup) : registeredProject(setup);
  const town = ready.status === 'confirmed';
  return step(
    ready,
    { type: 'startPublicity', days: 5, channels: town ? TOWN_CHANNELS : ['projectPortal', 'noticeBoard'] },
    '2026-10-14T02:00:00.000Z',
    town ? 'town_staff' : 'community_staff',
  );
}

export function publicityEndedProject(setup: ProjectSetup): ProjectState {
  return step(publicizedProject(setup), { type: 'endPublicity' }, '2026-10-19T16:05:00.000Z', 'system');
}

export function completedProject(setup: ProjectSetup): ProjectState {
  const implementing = step(publicityEndedProject(setup), { type: 'startImplementation' }, '2026-10-20T02:00:00.000Z');
  return step(implementing, { type: 'completeImplementation' }, '2026-11-20T02:00:00.000Z');
}

export function responses(count: number, level: SatisfactionLevel = 'satisfied', prefix = 'r'): SurveyResponseInput[] {
  return surveySheets(count, '2026-11-21', (i) => ({ answers: surveyAnswers(level), respondentKey: `${prefix}${i}` }));
}

export function closureForm(category: Category, budgetFen: number, overrides: Partial<Omit<ClosureForm, 'survey'>> = {}): Omit<ClosureForm, 'survey'> {
  const { attachments, ...rest } = overrides;
  return sampleClosure(
    {
      category,
      consultationDate: '2026-09-29',
      period: { start: '2026-10-20', end: '2026-11-20' },
      budgetFen,
      actualFen: budgetFen - 100_00,
      photoAttachmentIds: [701, 702],
      attachments: attachments ?? { stampedRegistrationIds: [711], agreementIds: [712], invoiceIds: [713] },
      ...rest,
    },
    WENTANG,
  );
}
