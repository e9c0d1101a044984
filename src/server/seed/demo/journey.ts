/**
 * One project's journey from its first demand to the state the demo shows it in, as a timeline scenario: the
 * demand is entered and acknowledged (R2.2, R2.3), adopted by the 两委 meeting (R2.4), consulted (R3.1, with the
 * R3.3 failure path when asked), registered (R3.2), reviewed by the town (R4) or publicized by the community (R3.4),
 * publicized with its objections and claims (R5), implemented, surveyed and closed (R6) — stopping at `target`.
 * Each step is taken by the role the rules give it, at a plausible instant of the walk.
 */
import { addLocalDays, startOfLocalDay, toLocalDate } from '../../../domain/calendar/index.js';
import { HANDLING_MODE_LABELS, type Category, type Channel, type SubcategoryCode } from '../../../domain/categories.js';
import type { Claimant, Proposer, ProjectStatus } from '../../../domain/lifecycle/index.js';
import { DEFAULT_RULES_CONFIG } from '../../../domain/rules-config.js';
import { committeeMeeting, registrationBasics, stamp } from '../../../domain/samples/forms.js';
import type { AuthenticatedUser } from '../../http/context.js';
import type { CommunityKey, DemoCast, DemoCommunity, DemoDepartment } from './actors.js';
import type { CaseDesk, DemandRef } from './desk.js';
import {
  DEFAULT_MEETING,
  Dice,
  budgetOf,
  budgetQueriedPoints,
  closureForm,
  consultationRecord,
  existingPolicyPoints,
  respondentKey,
  specialFundPoints,
  surveySheet,
  type ClosureSpec,
  type MeetingSpec,
  type PlanSpec,
} from './forms.js';
import type { Scenario, Track } from './timeline.js';

export interface DemoEnv {
  readonly desk: CaseDesk;
  readonly cast: DemoCast;
}

/** A demand as it reaches the system (R2.1, R2.2). */
export interface DemandSpec {
  readonly community: CommunityKey;
  /** Town staff key in the online channels and the town service centre; the community its own. */
  readonly enteredBy: 'community' | 'town';
  readonly channel: Channel;
  readonly proposer: Proposer;
  readonly title: string;
  readonly description: string;
  readonly location: string;
}

export type DepartmentKey = keyof DemoCast['departments'];

export interface ProjectSpec {
  /** The demo's own label of the case (docs/demo.md), e.g. `P07`. */
  readonly key: string;
  /** The state the journey stops in. */
  readonly target: ProjectStatus;
  /** The first demand is entered this many days before the seeding instant. */
  readonly startDaysAgo: number;
  readonly demand: DemandSpec;
  /** R2.6 duplicates: merged into the first demand before its triage, or into the project after it. */
  readonly duplicates?: { readonly beforeTriage: readonly DemandSpec[]; readonly afterAdoption: readonly DemandSpec[] };
  /** Project name (立项 and 登记备案表). */
  readonly title: string;
  readonly committeeSummary: string;
  readonly category: Category;
  readonly subcategory: SubcategoryCode;
  /** 登记备案表 一、内容 */
  readonly content: string;
  readonly location: string;
  readonly plan: PlanSpec;
  readonly meeting?: MeetingSpec;
  /** R1.2 over the cap: the written justification. */
  readonly overCapJustification?: string;
  /** R3.3 the first consultation fails; then a feasibility study and what it leads to. */
  readonly failure?: {
    readonly study: string;
    readonly then: 'reconsult' | 'assemblyVote' | 'terminate';
    readonly terminationReason?: string;
  };
  /** R4.1 co-reviewing departments (default: 财政 only); only 财政 has a demo reviewer, so others stay pending. */
  readonly reviewers?: readonly DepartmentKey[];
  /** R4.5 the town returns the registration with this reason. */
  readonly returnReason?: string;
  /** R4.3 solved by an existing policy of this department. */
  readonly existingPolicy?: { readonly department: DepartmentKey; readonly policyName: string; readonly contactName: string; readonly contactPhone: string; readonly stampedByName: string };
  readonly publicityDays?: number;
  /** R5.3 objections raised by the public during publicity; `answer` null leaves it unanswered. */
  readonly objections?: readonly { readonly text: string; readonly name: string; readonly phone: string; readonly answer: string | null }[];
  /** R5.5 a claim under 莞家直达, accepted. */
  readonly claim?: { readonly claimant: Claimant; readonly note: string };
  /** Days from the start of implementation to its completion. */
  readonly implementationDays?: number;
  /** R6.5 online answers (public) and paper sheets keyed in by staff. */
  readonly survey?: { readonly online: number; readonly paper: number };
  readonly closure?: ClosureSpec;
}

const TOWN_OFFICE = '东城街道公共服务办';
const MAX_ONLINE_GAP_MINUTES = 300;

/** Days the steps after completion need (the survey's spread included), so implementation gives way when the walk runs late. */
function daysNeededAfterCompletion(spec: ProjectSpec, small: boolean, survey: { readonly online: number; readonly paper: number }): number {
  const online = Math.ceil((survey.online * MAX_ONLINE_GAP_MINUTES) / (16 * 60)); // answers come between 07:00 and 23:00
  const paper = survey.paper > 0 ? 1 : 0;
  const rest: Partial<Record<ProjectStatus, number>> = small ? { completed: 0, closureFiled: 2, closed: 4 } : { surveying: 2, closureFiled: 3, closed: 4 };
  return online + paper + (rest[spec.target] ?? 0) + 1;
}

/** R0.4 the window ends at 24:00 of its last day: a window stretched past the seeding instant by a holiday is still open. */
function windowOpenAt(endsAt: string, seedNow: Date): boolean {
  return Date.parse(endsAt) + 10 * 60_000 >= seedNow.getTime();
}

function localAt(instant: Date, daysBefore: number, hhmm: string): Date {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(startOfLocalDay(addLocalDays(toLocalDate(instant), -daysBefore)).getTime() + ((h ?? 0) * 60 + (m ?? 0)) * 60_000);
}

/** The meeting held the evening before the clerk records it (never after the record). */
function eveningBefore(recordedAt: Date): Date {
  const evening = localAt(recordedAt, 1, '19:30');
  return evening.getTime() < recordedAt.getTime() ? evening : new Date(recordedAt.getTime() - 60 * 60_000);
}

export async function enterDemand(env: DemoEnv, spec: DemandSpec): Promise<DemandRef> {
  const community = env.cast.communities[spec.community];
  const by = spec.enteredBy === 'town' ? env.cast.townStaff : community.staff;
  return env.desk.createDemand(by, {
    communityId: community.unit.id,
    channel: spec.channel,
    proposer: spec.proposer,
    title: spec.title,
    description: spec.description,
    location: spec.location,
  });
}

function department(env: DemoEnv, key: DepartmentKey): DemoDepartment {
  return env.cast.departments[key];
}

export function projectJourney(env: DemoEnv, spec: ProjectSpec): Scenario {
  return { name: spec.key, run: (t) => journey(env, spec, t) };
}

async function* journey(env: DemoEnv, spec: ProjectSpec, t: Track): AsyncGenerator<Date, void, undefined> {
  const { desk, cast } = env;
  const community: DemoCommunity = cast.communities[spec.demand.community];
  const staff = community.staff;
  const town = cast.townStaff;
  const meeting = spec.meeting ?? DEFAULT_MEETING;
  const dice = new Dice(`demo:${spec.key}`);
  // Staff steps are planned in days before the seeding instant, so recent steps stay recent (Track.daysAgo).
  let day = spec.startDaysAgo;
  const step = (after: number, hhmm: string): Date => {
    day -= after;
    return t.daysAgo(day, hhmm);
  };
  /** Plans on from where the case actually is, after a step of variable length (a window, public answers). */
  const resync = (): void => {
    day = t.daysAgoOfLast();
  };

  // R2.2 entry, R2.3 receipt.
  yield t.daysAgo(day, '09:30');
  const demand = await enterDemand(env, spec.demand);
  yield step(0, '15:00');
  await desk.demand(staff, demand, { type: 'acknowledgeDemand' });

  // R2.6 duplicates merged before the 两委 meeting.
  for (const dup of spec.duplicates?.beforeTriage ?? []) {
    yield step(1, '10:00');
    const ref = await enterDemand(env, dup);
    yield step(0, '14:30');
    await desk.demand(staff, ref, { type: 'acknowledgeDemand' });
    yield t.later(45);
    await desk.merge(staff, demand, [ref]);
  }

  // R2.4 (a) the 两委 meeting adopts it.
  yield step(2, '15:50');
  const minutes = await desk.upload(staff, { type: 'demand', id: demand.id }, 'committeeMinutes', `${community.unit.name}“两委”联席会议纪要.pdf`);
  yield t.later(10);
  const project = await desk.triage(
    staff,
    demand,
    committeeMeeting({ heldAt: new Date(t.last.getTime() - 90 * 60_000).toISOString(), minutesAttachmentIds: [minutes], summary: spec.committeeSummary }),
    { kind: 'adopt', projectId: 0, projectTitle: spec.title },
  );
  if (project === null) throw new Error(`${spec.key}: the adoption opened no project`);
  if (spec.target === 'awaitingConsultation') return;

  // R2.6 duplicates arriving after adoption join the project and receive the feedbacks already sent.
  for (const dup of spec.duplicates?.afterAdoption ?? []) {
    yield step(1, '09:40');
    const ref = await enterDemand(env, dup);
    yield step(0, '11:00');
    await desk.demand(staff, ref, { type: 'acknowledgeDemand' });
    yield t.later(30);
    await desk.merge(staff, demand, [ref], project);
  }

  // R3.1 the consultation within 10 days of the 两委 meeting.
  const consult = async (passed: boolean): Promise<void> => {
    const minutesId = await desk.upload(staff, { type: 'project', id: project.id }, 'consultationMinutes', `${spec.title}协商会议记录.pdf`);
    const signIn = await desk.upload(staff, { type: 'project', id: project.id }, 'signInSheet', `${spec.title}协商会议签到表.pdf`);
    await desk.project(staff, project, {
      type: 'recordConsultation',
      consultation: consultationRecord(community, meeting, spec.plan, eveningBefore(t.last), passed, minutesId, signIn),
    });
  };
  yield step((spec.duplicates?.afterAdoption.length ?? 0) > 0 ? 3 : 5, '09:30');
  if (spec.failure === undefined) {
    await consult(true);
  } else {
    // R3.3 not passed: feasibility study, then re-consultation, an assembly vote, or termination.
    await consult(false);
    if (spec.target === 'consultationFailed') return;
    yield step(3, '10:00');
    const report = await desk.upload(staff, { type: 'project', id: project.id }, 'feasibilityReport', `${spec.title}可行性研究分析报告.pdf`);
    await desk.project(staff, project, {
      type: 'recordFeasibilityStudy',
      study: { summary: spec.failure.study, recommendation: spec.failure.then, attachmentIds: [report] },
    });
    if (spec.target === 'feasibilityStudied') return;
    if (spec.failure.then === 'terminate') {
      yield step(2, '15:00');
      await desk.project(staff, project, { type: 'terminateProject', reason: spec.failure.terminationReason ?? spec.failure.study });
      return;
    }
    yield step(4, '09:30');
    if (spec.failure.then === 'reconsult') {
      await consult(true);
    } else {
      const voteMinutes = await desk.upload(staff, { type: 'project', id: project.id }, 'voteMinutes', `${spec.title}居民代表会议表决记录.pdf`);
      const heldAt = eveningBefore(t.last);
      await desk.project(staff, project, {
        type: 'recordAssemblyVote',
        vote: {
          heldAt: heldAt.toISOString(),
          present: 45,
          votesFor: 36,
          votesAgainst: 6,
          abstentions: 3,
          minutesAttachmentIds: [voteMinutes],
          result: project.state.consultations[project.state.consultations.length - 1]?.result ?? null,
        },
      });
    }
  }
  if (spec.target === 'consulted') return;

  // R3.2 the 登记备案表; R3.4 small path or R3.5 town path (R1.2 over cap always goes to the town).
  yield step(2, '10:00');
  await desk.project(staff, project, {
    type: 'submitRegistration',
    basics: registrationBasics({
      projectName: spec.title,
      category: spec.category,
      subcategory: spec.subcategory,
      content: spec.content,
      location: spec.location,
      budgetFen: budgetOf(spec.plan),
      contact: community.contact,
      overCapJustification: spec.overCapJustification ?? null,
    }),
    recentSmallProjects: [],
  });
  const small = project.state.path === 'small';
  const publicist: AuthenticatedUser = small ? staff : town;
  if (small) {
    if (spec.target === 'registered') return;
    yield step(1, '09:00');
    await desk.project(staff, project, { type: 'startPublicity', days: spec.publicityDays ?? null, channels: ['projectPortal', 'noticeBoard'] });
  } else {
    // R4.1 the town chooses its co-reviewers; R4.2 财政 answers the four points.
    yield step(1, '10:00');
    const reviewers = (spec.reviewers ?? ['finance']).map((k) => department(env, k));
    await desk.project(town, project, { type: 'assignReviewers', reviewers: reviewers.map((d) => ({ departmentId: d.id, departmentName: d.shortName })) });
    yield step(1, '15:00');
    const finance = department(env, 'finance');
    const modeLabel = HANDLING_MODE_LABELS[spec.plan.handlingMode];
    const points =
      spec.existingPolicy !== undefined
        ? existingPolicyPoints(spec.existingPolicy.policyName)
        : spec.returnReason !== undefined
          ? budgetQueriedPoints()
          : specialFundPoints(modeLabel);
    await desk.project(cast.finance, project, {
      type: 'recordDepartmentOpinion',
      departmentId: finance.id,
      points,
      opinion:
        spec.existingPolicy !== undefined
          ? `建议转${department(env, spec.existingPolicy.department).fullName}按${spec.existingPolicy.policyName}办理。`
          : spec.returnReason !== undefined
            ? '预算依据不足，建议退回补充比价材料后重新报送。'
            : `同意纳入“民生大莞家”专项资金资助，经费按登记备案表所列来源列支。`,
    });
    if (spec.target === 'underReview') return;
    if (spec.returnReason !== undefined) {
      // R4.5 returned for correction.
      yield step(1, '11:00');
      await desk.project(town, project, { type: 'returnRegistration', reason: spec.returnReason });
      return;
    }
    if (spec.existingPolicy !== undefined) {
      // R4.3 the departments concerned stamp the 登记备案表; the project is transferred.
      const policy = spec.existingPolicy;
      const owner = department(env, policy.department);
      yield step(1, '10:00');
      const financeScan = await desk.upload(cast.finance, { type: 'project', id: project.id }, 'stampScan', `${spec.title}登记备案表（财政盖章页）.pdf`);
      await desk.project(cast.finance, project, {
        type: 'recordStamp',
        stamp: stamp({ departmentId: finance.id, departmentName: finance.fullName, stampedByName: '王国强', stampedOn: toLocalDate(t.last), scanAttachmentId: financeScan }),
      });
      yield t.later(90);
      const ownerScan = await desk.upload(town, { type: 'project', id: project.id }, 'stampScan', `${spec.title}登记备案表（${owner.shortName}盖章页）.pdf`);
      await desk.project(town, project, {
        type: 'recordStamp',
        stamp: stamp({ departmentId: owner.id, departmentName: owner.fullName, stampedByName: policy.stampedByName, stampedOn: toLocalDate(t.last), scanAttachmentId: ownerScan }),
      });
      yield t.later(150);
      await desk.project(town, project, {
        type: 'decideReview',
        decision: {
          outcome: 'existingPolicy',
          townOfficeName: TOWN_OFFICE,
          points: existingPolicyPoints(policy.policyName),
          followUp: { departmentId: owner.id, departmentName: owner.fullName, policyName: policy.policyName, contactName: policy.contactName, contactPhone: policy.contactPhone },
          fiscalBudgetHolder: '东城街道',
        },
      });
      return;
    }
    // R4.4 special fund: the section 三 sentence is composed from the data.
    yield step(1, '16:00');
    await desk.project(town, project, { type: 'decideReview', decision: { outcome: 'specialFund', townOfficeName: TOWN_OFFICE, points: specialFundPoints(modeLabel) } });
    if (spec.target === 'confirmed') return;
    // R5.1 the town publicizes on every required channel.
    yield step(1, '09:00');
    await desk.project(town, project, {
      type: 'startPublicity',
      days: spec.publicityDays ?? DEFAULT_RULES_CONFIG.publicity.townMinDays,
      channels: [...DEFAULT_RULES_CONFIG.publicity.townRequiredChannels],
    });
  }

  // R5.5 a claim under 莞家直达, decided by whoever publicized.
  if (spec.claim !== undefined) {
    yield t.nextAnyDay(1, '11:20');
    const claimId = project.state.claims.length + 1;
    await desk.project('public', project, { type: 'claimProject', claimId, claimant: spec.claim.claimant, note: spec.claim.note });
    yield t.next(1, '15:00');
    await desk.project(publicist, project, { type: 'decideClaim', claimId, accepted: true, reason: null });
  }
  // R5.3 objections from the public, answered (or not yet).
  for (const [index, objection] of (spec.objections ?? []).entries()) {
    yield index === 0 ? t.nextAnyDay(1, '20:30') : t.nextAnyDay(0, '21:10');
    const objectionId = project.state.objections.length + 1;
    await desk.project('public', project, { type: 'raiseObjection', objectionId, text: objection.text, raisedByName: objection.name, contactPhone: objection.phone });
    if (objection.answer !== null) {
      yield t.next(1, '10:00');
      await desk.project(publicist, project, { type: 'answerObjection', objectionId, answer: objection.answer });
    }
  }
  if (spec.target === 'inPublicity') return;

  // R5.1 / R5.2 the job ends the window at its end instant.
  const endsAt = project.state.publicity?.endsAt;
  if (endsAt === undefined) throw new Error(`${spec.key}: no publicity`);
  if (windowOpenAt(endsAt, t.seedNow)) return;
  yield t.after(endsAt, 5);
  await desk.project('system', project, { type: 'endPublicity' });
  if (spec.target === 'publicityEnded') return;

  // R5.3 implementation after publicity; R5.4 clocks.
  resync();
  yield step(0, '09:00');
  await desk.project(staff, project, { type: 'startImplementation' });
  if (spec.target === 'implementing') return;
  const survey = spec.survey ?? { online: 0, paper: 0 };
  // How long implementation takes gives way when the case runs late (long holidays), so the later steps still fit.
  day = Math.max(day - (spec.implementationDays ?? 20), daysNeededAfterCompletion(spec, small, survey));
  yield t.daysAgo(day, '17:00');
  await desk.project(staff, project, { type: 'completeImplementation' });

  const closureFiles = async (): Promise<Parameters<typeof closureForm>[3]> => {
    const owner = { type: 'project' as const, id: project.id };
    const isEngineering = spec.category === 'engineering';
    return {
      photos: [
        await desk.upload(staff, owner, 'photo', isEngineering ? '施工前现场照片.png' : '活动现场照片一.png'),
        await desk.upload(staff, owner, 'photo', isEngineering ? '完工后现场照片.png' : '活动现场照片二.png'),
      ],
      stampedRegistration: await desk.upload(staff, owner, 'stampedRegistration', `${spec.title}登记备案表（盖章）.pdf`),
      agreement: await desk.upload(staff, owner, 'agreement', isEngineering ? `${spec.title}施工合同.pdf` : `${spec.title}服务协议.pdf`),
      invoice: await desk.upload(staff, owner, 'invoice', `${spec.title}发票.pdf`),
      supplierQualification: await desk.upload(staff, owner, 'supplierQualification', '承接方营业执照及资质证明.pdf'),
    };
  };
  const closure = spec.closure;
  if (closure === undefined) throw new Error(`${spec.key}: no 结项表 data`);

  if (small) {
    // R6.2 the community surveys first (online and paper), then files the 结项表 with the result.
    for (let i = 0; i < survey.online; i += 1) {
      const at = t.publicAfter(dice.int(60, MAX_ONLINE_GAP_MINUTES));
      if (at === null) break;
      yield at;
      await desk.surveyAnswer(project, surveySheet(dice, toLocalDate(t.last), respondentKey(project.id, i)));
    }
    resync();
    if (survey.paper > 0) {
      yield step(1, '10:00');
      const date = toLocalDate(t.last);
      await desk.project(staff, project, {
        type: 'recordPaperSurvey',
        responses: Array.from({ length: survey.paper }, () => surveySheet(dice, date, null)),
      });
    }
    if (spec.target === 'completed') return;
    yield step(1, '17:00');
    await desk.project(staff, project, { type: 'completeSurvey', exceptionReason: null });
    yield step(1, '10:00');
    const files = await closureFiles();
    yield t.later(20);
    await desk.project(staff, project, { type: 'submitClosure', form: closureForm(project.state, community, closure, files) });
    if (spec.target === 'closureFiled') return;
    yield step(2, '10:00');
    await desk.project(staff, project, { type: 'closeProject' });
    return;
  }

  // R6.3 the community files without a survey; the town surveys within 5 working days.
  if (spec.target === 'completed') return;
  yield step(2, '10:00');
  const files = await closureFiles();
  yield t.later(20);
  await desk.project(staff, project, { type: 'submitClosure', form: closureForm(project.state, community, closure, files) });
  for (let i = 0; i < survey.online; i += 1) {
    const at = t.publicAfter(dice.int(60, MAX_ONLINE_GAP_MINUTES));
    if (at === null) break;
    yield at;
    await desk.surveyAnswer(project, surveySheet(dice, toLocalDate(t.last), respondentKey(project.id, i)));
  }
  if (survey.paper > 0) {
    yield step(1, '15:00');
    const date = toLocalDate(t.last);
    await desk.project(town, project, { type: 'recordPaperSurvey', responses: Array.from({ length: survey.paper }, () => surveySheet(dice, date, null)) });
  }
  if (spec.target === 'surveying') return;
  yield step(1, '17:00');
  await desk.project(town, project, { type: 'completeSurvey', exceptionReason: null });
  if (spec.target === 'closureFiled') return;
  yield step(1, '10:00');
  await desk.project(town, project, { type: 'closeProject' });
}

