/**
 * Project states the portal tests need, built through the staff API the way a clerk would (the minimal steps of
 * the case journeys): projects opened from demands, taken through consultation and registration on the small path,
 * publicized by the community and, for the survey, implemented, completed, surveyed and closed. Every stage runs
 * for all projects at the same test time, so the clock only moves forward. Plus anonymous requests to the public
 * API and typed readers of responses.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { HandlingMode } from '../../../src/domain/categories.js';
import type { TestSystem } from '../../support/system.js';
import {
  acknowledge as acknowledgeAs,
  at,
  basics,
  closureForm as closureFormOf,
  consult as consultAs,
  consultationResult,
  createDemand as createDemandAs,
  endPublicity,
  ok,
  step,
  triageAdopt as triageAdoptAs,
  unitOf,
  type BodyOf,
  type DemandInput as StaffDemandInput,
} from '../cases/flow.js';
import { surveySheets } from '../../../src/domain/samples/forms.js';
import type { ClosureBody, PaperSurveyBody } from '../../../src/server/features/cases/project.schemas.js';

export const COMMUNITY = 'community';

/** Publicity started at 2026-09-29 12:00 (Beijing) for 5 days; R0.4 the holiday moves its end to 2026-10-08 24:00. */
export const PUBLICITY_STARTED = '2026-09-29T04:00:00.000Z';
export const PUBLICITY_ENDS = '2026-10-08T16:00:00.000Z';

export interface DemandView {
  readonly id: number;
  readonly version: number;
  readonly status: string;
  readonly state: { readonly trackingNumber: string; readonly communityName: string };
}

/** The staff-side steps shared with the case journeys. */
export { at, call, endPublicity, getProject, ok, refused, step, unitOf, type ProjectView, type RefusalDetails } from '../cases/flow.js';

/** An anonymous request with a JSON body (or none). */
export function anonymous(sys: TestSystem, method: 'GET' | 'POST', url: string, body?: unknown): Promise<LightMyRequestResponse> {
  return sys.request(method, url, body === undefined ? {} : { body });
}

export type DemandInput = Pick<StaffDemandInput, 'communityId' | 'title' | 'proposer'>;

export async function createDemand(sys: TestSystem, input: DemandInput): Promise<DemandView> {
  return createDemandAs(sys, COMMUNITY, input);
}

export async function acknowledge(sys: TestSystem, demand: DemandView): Promise<DemandView> {
  return acknowledgeAs(sys, COMMUNITY, demand);
}

async function consult(sys: TestSystem, projectId: number, budgetFen: number, mode: HandlingMode): Promise<void> {
  ok(await consultAs(sys, COMMUNITY, projectId, { heldAt: '2026-09-29T01:00:00.000Z', result: consultationResult(budgetFen, { mode }) }));
}

export interface ProjectSpec {
  readonly title: string;
  readonly budgetFen?: number;
  readonly mode?: HandlingMode;
  readonly contact?: { readonly name: string; readonly title: string; readonly phone: string };
  readonly proposer?: StaffDemandInput['proposer'];
  /** How far the project goes: opened only, or publicized (the default). */
  readonly until?: 'opened' | 'publicized';
}

export interface BuiltProject {
  readonly spec: ProjectSpec;
  readonly projectId: number;
  readonly demand: DemandView;
}

export async function buildProjects(sys: TestSystem, specs: readonly ProjectSpec[]): Promise<BuiltProject[]> {
  at(sys, '2026-09-28T06:00:00.000Z');
  const communityId = (await unitOf(sys, COMMUNITY)).id;
  const built: BuiltProject[] = [];
  for (const spec of specs) {
    const created = await createDemand(sys, { communityId, title: `${spec.title}诉求`, ...(spec.proposer !== undefined ? { proposer: spec.proposer } : {}) });
    const demand = await acknowledge(sys, created);
    const projectId = await triageAdoptAs(sys, COMMUNITY, demand, spec.title, '2026-09-28T05:00:00.000Z');
    built.push({ spec, projectId, demand });
  }
  const going = built.filter((b) => b.spec.until !== 'opened');
  at(sys, '2026-09-29T02:00:00.000Z');
  for (const b of going) await consult(sys, b.projectId, b.spec.budgetFen ?? 3_000_000, b.spec.mode ?? 'express');
  at(sys, '2026-09-29T03:00:00.000Z');
  for (const b of going) {
    const form = basics(b.spec.budgetFen ?? 3_000_000, { projectName: b.spec.title, ...(b.spec.contact !== undefined ? { contact: b.spec.contact } : {}) });
    await step(sys, COMMUNITY, b.projectId, 'registration', { basics: form });
  }
  at(sys, PUBLICITY_STARTED);
  for (const b of going) await step(sys, COMMUNITY, b.projectId, 'publicity', { channels: ['projectPortal', 'noticeBoard'] });
  return built;
}

/** R5.3–R6.1 publicity ends, implementation starts the next day and completes on 10-20. */
export async function completeProjects(sys: TestSystem, projectIds: readonly number[]): Promise<void> {
  at(sys, PUBLICITY_ENDS);
  for (const id of projectIds) await endPublicity(sys, id);
  at(sys, '2026-10-09T02:00:00.000Z');
  for (const id of projectIds) await step(sys, COMMUNITY, id, 'implementation/start');
  at(sys, '2026-10-20T02:00:00.000Z');
  for (const id of projectIds) await step(sys, COMMUNITY, id, 'implementation/complete');
}

/** `count` paper answer sheets of 附件3, all 满意. */
export function paperSheets(count: number): BodyOf<typeof PaperSurveyBody>['responses'] {
  return surveySheets(count, '2026-10-21');
}

/** R6.1 a complete 结项表 of a 3万元 engineering project, its attachments uploaded. */
export async function closureForm(sys: TestSystem, projectId: number, projectName: string): Promise<BodyOf<typeof ClosureBody>['form']> {
  return closureFormOf(sys, COMMUNITY, projectId, {
    projectName,
    category: 'engineering',
    budgetFen: 3_000_000,
    actualFen: 2_950_000,
    handlingMode: 'express',
    consultationDate: '2026-09-29',
    implementer: '东莞市某某建设工程有限公司',
    period: { start: '2026-10-09', end: '2026-10-20' },
  });
}
