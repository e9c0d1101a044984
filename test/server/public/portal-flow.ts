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
import { at, call, endPublicity, ok, step, unitOf, uploadAttachment } from '../cases/flow.js';

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

function upload(sys: TestSystem, owner: 'demands' | 'projects', ownerId: number, kind: string): Promise<number> {
  return uploadAttachment(sys, COMMUNITY, owner, ownerId, kind);
}

export interface DemandInput {
  readonly communityId: number;
  readonly title?: string;
  readonly proposer?: { readonly kind: string; readonly name: string; readonly phone: string | null };
}

export async function createDemand(sys: TestSystem, input: DemandInput): Promise<DemandView> {
  const res = await call(sys, COMMUNITY, 'POST', '/api/demands', {
    communityId: input.communityId,
    channel: 'hotline12345',
    proposer: input.proposer ?? { kind: 'masses', name: '黄美玲', phone: '13812345678' },
    title: input.title ?? '示例社区一3巷路面破损',
    description: '3巷路面坑洼，雨天积水，老人出行不便。',
    location: '示例社区一3巷',
  });
  return ok(res, 201).json<DemandView>();
}

export async function acknowledge(sys: TestSystem, demand: DemandView): Promise<DemandView> {
  return ok(await call(sys, COMMUNITY, 'POST', `/api/demands/${demand.id}/acknowledge`, { version: demand.version })).json<DemandView>();
}

async function triageAdopt(sys: TestSystem, demand: DemandView, projectTitle: string, heldAt: string): Promise<number> {
  const minutes = await upload(sys, 'demands', demand.id, 'committeeMinutes');
  const res = await call(sys, COMMUNITY, 'POST', `/api/demands/${demand.id}/triage`, {
    version: demand.version,
    meeting: { heldAt, summary: '两委联席会议同意通过“民生大莞家”机制跟进', minutesAttachmentIds: [minutes] },
    outcome: { kind: 'adopt', projectTitle },
  });
  return ok(res).json<{ projectId: number }>().projectId;
}

async function consult(sys: TestSystem, projectId: number, budgetFen: number, mode: HandlingMode): Promise<void> {
  const minutes = await upload(sys, 'projects', projectId, 'consultationMinutes');
  const signIn = await upload(sys, 'projects', projectId, 'signInSheet');
  await step(sys, COMMUNITY, projectId, 'consultations', {
    consultation: {
      heldAt: '2026-09-29T01:00:00.000Z',
      place: '示例社区一党群服务中心',
      hostName: '李四',
      recorderName: '王五',
      forms: ['villagersMeeting'],
      formOther: null,
      participants: ['residentsCommittee', 'residentRepresentatives', 'beneficiaryGroup'],
      participantOther: null,
      headCount: 35,
      passed: true,
      result: {
        content: '修复3巷破损路面约300平方米，完善排水。',
        beneficiaries: '3巷及周边约800名居民',
        handlingMode: mode,
        budgetFen,
        fundSources: [{ source: 'special', amountFen: budgetFen }],
        implementer: '东莞市某某建设工程有限公司',
        implementationPeriod: { start: '2026-10-10', end: '2026-10-28' },
      },
      minutesAttachmentIds: [minutes],
      signInAttachmentIds: [signIn],
    },
  });
}

export interface ProjectSpec {
  readonly title: string;
  readonly budgetFen?: number;
  readonly mode?: HandlingMode;
  readonly contact?: { readonly name: string; readonly title: string; readonly phone: string };
  readonly proposer?: { readonly kind: string; readonly name: string; readonly phone: string | null };
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
    const projectId = await triageAdopt(sys, demand, spec.title, '2026-09-28T05:00:00.000Z');
    built.push({ spec, projectId, demand });
  }
  const going = built.filter((b) => b.spec.until !== 'opened');
  at(sys, '2026-09-29T02:00:00.000Z');
  for (const b of going) await consult(sys, b.projectId, b.spec.budgetFen ?? 3_000_000, b.spec.mode ?? 'express');
  at(sys, '2026-09-29T03:00:00.000Z');
  for (const b of going) {
    await step(sys, COMMUNITY, b.projectId, 'registration', {
      basics: {
        projectName: b.spec.title,
        category: 'engineering',
        subcategory: 'E1',
        content: '修复3巷破损路面，完善排水设施。',
        location: '东城街道示例社区一3巷',
        budgetFen: b.spec.budgetFen ?? 3_000_000,
        contact: b.spec.contact ?? { name: '陈六', title: '社区居委会主任', phone: '0769-22223333' },
        overCapJustification: null,
      },
    });
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
export function paperSheets(count: number): Record<string, unknown>[] {
  const level = 'satisfied';
  return Array.from({ length: count }, () => ({
    answers: { overall: level, quality: level, effect: level, attitude: level, efficiency: level, closeness: level, openness: level },
    suggestions: null,
    signature: null,
    date: '2026-10-21',
  }));
}

/** R6.1 a complete 结项表 of a 3万元 engineering project, its attachments uploaded. */
export async function closureForm(sys: TestSystem, projectId: number, projectName: string): Promise<Record<string, unknown>> {
  const file = (kind: string): Promise<number> => upload(sys, 'projects', projectId, kind);
  return {
    reportingUnit: '示例社区一居民委员会',
    projectName,
    category: 'engineering',
    handlingMode: 'express',
    consultationDate: '2026-09-29',
    implementer: '东莞市某某建设工程有限公司',
    period: { start: '2026-10-09', end: '2026-10-20' },
    beneficiaries: '3巷及周边居民',
    beneficiaryCount: 800,
    budget: { special: 3_000_000, collective: 0, social: 0 },
    actual: { special: 2_950_000, collective: 0, social: 0 },
    implementation: { kind: 'engineering', workContent: '路面修复及排水', unit: '平方米', plannedQuantity: '300', actualQuantity: '312.5' },
    resultsText: '路面平整，排水通畅，居民出行便利。',
    photoAttachmentIds: [await file('photo'), await file('photo')],
    attachments: {
      stampedRegistrationIds: [await file('stampedRegistration')],
      agreementIds: [await file('agreement')],
      invoiceIds: [await file('invoice')],
      tenderingApplied: false,
      procurementFilingIds: [await file('procurementFiling')],
      tenderDocumentIds: [],
      supplierQualificationIds: [await file('supplierQualification')],
      taxRegistrationIds: [await file('taxRegistration')],
    },
  };
}
