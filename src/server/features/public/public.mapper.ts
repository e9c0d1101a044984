/**
 * What leaves the server to the public (R0.8). Projects go out only as `publicProjectView` plus a few facts derived
 * from the publicized state (project code, 公示中 / 已结束, what the public may do now); demands only as
 * `publicDemandView` with a timeline in plain Chinese that names units and dates, never staff, and the feedback
 * texts the proposer was sent.
 */
import { toLocalDate } from '../../../domain/calendar/index.js';
import { CATEGORY_LABELS, CLOSURE_FUND_ROW_LABELS, CLOSURE_FUND_ROWS, FUND_SOURCE_LABELS, HANDLING_MODE_LABELS, SUBCATEGORIES } from '../../../domain/categories.js';
import { fundRowsTotal } from '../../../domain/forms/closure-form.js';
import { formatWan } from '../../../domain/money.js';
import { maskPersonalDataInText } from '../../../domain/masking.js';
import {
  FEEDBACK_KIND_LABELS,
  publicDemandView,
  type FeedbackKind,
  publicProjectView,
  type DemandState,
  type ProjectState,
  type PublicDemandView,
  type PublicProjectView,
} from '../../../domain/lifecycle/index.js';
import type { DeadlineRecord } from '../../../domain/lifecycle/deadline-book.js';
import type { DeadlineStep } from '../../../domain/lifecycle/deadline-steps.js';
import type { FeedbackRow } from '../../db/schema.js';
import { personalNamesOf } from '../cases/case.mapper.js';
import { projectCode } from '../cases/case.repository.js';

export type PublicityStatus = '公示中' | '已结束';

export interface PublicProjectItem extends Omit<PublicProjectView, 'objections' | 'flags'> {
  readonly objections: PublicProjectView['objections'][number][];
  readonly flags: string[];
  readonly code: string;
  /** 类别 and 具体类别 in Chinese, once registered. */
  readonly category: string | null;
  /** 公示中 until the window's end instant, 已结束 afterwards; null before publicity. */
  readonly publicityStatus: PublicityStatus | null;
  readonly handlingMode: string | null;
  /** What a member of the public may do on the project now. */
  readonly participation: { readonly objection: boolean; readonly claim: boolean; readonly survey: boolean };
  /** What was decided (协商结果), once publicized: what, for whom, how much from which source, who carries it out, when. */
  readonly plan: PublicPlan | null;
  /** The 结项表 summary, once the project is closed (R6.6). */
  readonly results: PublicResults | null;
}

export interface PublicMoneyLine {
  readonly label: string;
  readonly amountWan: string;
}

export interface PublicPlan {
  readonly content: string;
  readonly beneficiaries: string;
  readonly fundSources: PublicMoneyLine[];
  readonly implementer: string;
  readonly period: { readonly start: string; readonly end: string };
}

export interface PublicResults {
  readonly implementer: string;
  readonly period: { readonly start: string; readonly end: string };
  readonly beneficiaries: string;
  readonly beneficiaryCount: number;
  /** 实际投入 per row of the 结项表 (R9.2). */
  readonly actual: PublicMoneyLine[];
  readonly actualTotalWan: string;
  readonly resultsText: string;
  /** 四、项目成效's photos, served by GET /api/public/projects/:id/photos/:n. */
  readonly photos: { readonly url: string }[];
}

function planOf(state: ProjectState, names: readonly string[]): PublicPlan | null {
  const result = state.agreement?.result;
  if (state.publicity === null || result === undefined) return null;
  return {
    content: publicText(result.content, names),
    beneficiaries: publicText(result.beneficiaries, names),
    fundSources: result.fundSources.map((line) => ({ label: FUND_SOURCE_LABELS[line.source], amountWan: formatWan(line.amountFen) })),
    implementer: publicText(result.implementer, names),
    period: { start: result.implementationPeriod.start, end: result.implementationPeriod.end },
  };
}

function resultsOf(state: ProjectState, names: readonly string[]): PublicResults | null {
  const form = state.closure?.form;
  if (state.closedAt === null || form === undefined) return null;
  return {
    implementer: publicText(form.implementer, names),
    period: { start: form.period.start, end: form.period.end },
    beneficiaries: publicText(form.beneficiaries, names),
    beneficiaryCount: form.beneficiaryCount,
    actual: CLOSURE_FUND_ROWS.filter((row) => form.actual[row] > 0).map((row) => ({ label: CLOSURE_FUND_ROW_LABELS[row].replace(/（万元）$/u, ''), amountWan: formatWan(form.actual[row]) })),
    actualTotalWan: formatWan(fundRowsTotal(form.actual)),
    resultsText: publicText(form.resultsText, names),
    photos: form.photoAttachmentIds.map((_, i) => ({ url: `/api/public/projects/${state.id}/photos/${i + 1}` })),
  };
}

export function publicityStatusOf(state: ProjectState, now: Date): PublicityStatus | null {
  const p = state.publicity;
  if (p === null) return null;
  return p.endedAt === null && now.getTime() < Date.parse(p.endsAt) ? '公示中' : '已结束';
}

/** R5.3 objections only while the window is open (by its end instant, even before the job closes it). */
export function objectionOpen(state: ProjectState, now: Date): boolean {
  return state.status === 'inPublicity' && publicityStatusOf(state, now) === '公示中';
}

/** R5.5 a published 莞家直达 project without an accepted claimant. */
export function claimOpen(state: ProjectState): boolean {
  return (
    state.agreement?.result.handlingMode === 'direct' &&
    (state.status === 'inPublicity' || state.status === 'publicityEnded') &&
    !state.claims.some((c) => c.decision?.accepted === true)
  );
}

/** R6.2 / R6.3 the online survey is open while the community (small path) or the town surveys. */
export function surveyOpen(state: ProjectState): boolean {
  if (state.survey.completedAt !== null) return false;
  return (state.status === 'completed' && state.path === 'small') || state.status === 'surveying';
}

/**
 * R0.8 a free text on its way to the public: ID and phone numbers masked wherever they were typed, and the case's own
 * personal names (proposer, objectors, claimants, signatures) where they occur. Other names are not recognised.
 */
export function publicText(text: string, names: readonly string[]): string {
  return maskPersonalDataInText(text, names);
}

function publicTextOrNull(text: string | null, names: readonly string[]): string | null {
  return text === null ? null : publicText(text, names);
}

function categoryLabel(state: ProjectState): string | null {
  const basics = state.registration?.basics;
  if (basics === undefined) return null;
  const sub = basics.subcategory === null ? undefined : SUBCATEGORIES[basics.subcategory];
  return sub === undefined ? CATEGORY_LABELS[basics.category] : `${CATEGORY_LABELS[basics.category]} · ${sub.label}`;
}

export function mapPublicProject(state: ProjectState, now: Date): PublicProjectItem {
  const mode = state.agreement?.result.handlingMode ?? null;
  const view = publicProjectView(state);
  const names = personalNamesOf(state);
  return {
    ...view,
    // Every free text the view carries (the structured personal fields are masked by the view itself).
    name: publicText(view.name, names),
    location: publicTextOrNull(view.location, names),
    townOpinionText: publicTextOrNull(view.townOpinionText, names),
    objections: view.objections.map((o) => ({ ...o, text: publicText(o.text, names), answer: publicTextOrNull(o.answer, names) })),
    flags: [...view.flags],
    code: projectCode(state),
    category: categoryLabel(state),
    publicityStatus: publicityStatusOf(state, now),
    handlingMode: mode === null ? null : HANDLING_MODE_LABELS[mode],
    participation: { objection: objectionOpen(state, now), claim: claimOpen(state), survey: surveyOpen(state) },
    plan: planOf(state, names),
    results: resultsOf(state, names),
  };
}

// ------------------------------------------------------------------------------------------------ tracking

export interface TrackingStep {
  readonly at: string;
  readonly text: string;
}

export interface TrackedFeedback {
  readonly at: string;
  readonly kind: string;
  readonly body: string;
}

/** A step still ahead, by when, in plain words. */
export interface DeadlineAhead {
  readonly step: string;
  readonly text: string;
  readonly dueAt: string;
  /** The last civil day on which the step may still be done (Asia/Shanghai). */
  readonly dueDate: string;
  readonly overdue: boolean;
}

/** The project the demand became, with whether the public may open its page (only once publicized). */
export interface TrackedProject {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly status: string;
  readonly published: boolean;
}

export interface TrackingView {
  readonly demand: PublicDemandView;
  /** The state in plain words: where the need is now and what comes next. */
  readonly summary: string;
  /** Newest first. */
  readonly timeline: TrackingStep[];
  readonly feedbacks: TrackedFeedback[];
  /** Open timed steps of the demand and of its project, soonest first. */
  readonly deadlines: DeadlineAhead[];
  readonly project: TrackedProject | null;
}

/** What each timed step means to a resident. */
const STEP_TEXTS: Readonly<Record<DeadlineStep, string>> = {
  receipt: '村（社区）受理诉求并反馈',
  triage: '村（社区）“两委”联席会议研究处理方式并反馈',
  consultation: '召开城乡社区协商会议，议定项目方案',
  review: '镇（街道）审核项目',
  publicityWindow: '项目公示期届满',
  engineeringCompletion: '工程项目完工',
  serviceStart: '服务项目开始实施',
  closure: '项目结项',
  townSurvey: '镇（街道）组织满意度测评',
};

function openDeadlines(deadlines: readonly DeadlineRecord[], now: Date): DeadlineAhead[] {
  return deadlines
    .filter((d) => d.doneAt === null && d.cancelledAt === null)
    .map((d) => ({ step: d.step, text: STEP_TEXTS[d.step], dueAt: d.due, dueDate: d.dueDate, overdue: Date.parse(d.due) <= now.getTime() }));
}

function trackedProject(project: ProjectState, names: readonly string[], published: boolean): TrackedProject {
  const view = publicProjectView(project);
  return { id: project.id, code: projectCode(project), name: publicText(view.name, names), status: view.status, published };
}

/** The demand's state in one sentence a resident understands. */
function summaryOf(demand: DemandState, project: ProjectState | null): string {
  if (demand.mergedInto !== null) return '您的诉求已与反映同一需求的诉求合并办理，办理结果同样会反馈给您。';
  if (project !== null) {
    if (project.status === 'closed') return '您的诉求已纳入“民生微实事”项目，项目已办结。';
    if (project.termination !== null) return '您的诉求曾纳入“民生微实事”项目，项目已终止，原因已反馈给您。';
    return `您的诉求已纳入“民生微实事”项目办理，项目目前${project.status === 'inPublicity' ? '正在公示' : '正在推进'}。`;
  }
  switch (demand.status) {
    case 'assigned':
      return `您的诉求已交给${demand.communityName}，等待受理（24小时内）。`;
    case 'acknowledged':
      return `${demand.communityName}已受理您的诉求，正在研究处理方式。`;
    case 'returned':
      return '您的诉求正由镇（街道）重新交派给所在的村（社区）。';
    default:
      return demand.triage === null ? `您的诉求由${demand.communityName}办理中。` : '您的诉求已有处理结果，请查看下方反馈。';
  }
}

function demandSteps(d: DemandState): TrackingStep[] {
  const steps: TrackingStep[] = [];
  d.assignments.forEach((a, i) => {
    steps.push({
      at: a.assignedAt,
      text: i === 0 ? `诉求已登记，交由${a.communityName}办理` : `诉求已重新交派至${a.communityName}办理`,
    });
    if (a.returnedAt !== null) steps.push({ at: a.returnedAt, text: `${a.communityName}反映诉求不属本辖区，已退回镇（街道）重新交派` });
  });
  if (d.acknowledgedAt !== null) steps.push({ at: d.acknowledgedAt, text: `${d.communityName}已受理诉求` });
  if (d.triage !== null) {
    const o = d.triage.outcome;
    const text =
      o.kind === 'adopt'
        ? `经村（社区）“两委”联席会议研究，诉求纳入“民生微实事”项目办理（项目：${o.projectTitle}）`
        : o.kind === 'existingPolicy'
          ? `经村（社区）“两委”联席会议研究，诉求转由${o.departmentName}按现行政策办理`
          : '经村（社区）“两委”联席会议研究，诉求不予采纳，原因已反馈';
    steps.push({ at: d.triage.decidedAt, text });
  }
  return steps;
}

function projectSteps(p: ProjectState): TrackingStep[] {
  const steps: TrackingStep[] = [];
  if (p.agreement !== null) steps.push({ at: p.agreement.agreedAt, text: '城乡社区协商会议通过项目方案' });
  if (p.registeredAt !== null) steps.push({ at: p.registeredAt, text: '项目已登记备案' });
  for (const round of p.reviewRounds) {
    if (round.returned !== null) steps.push({ at: round.returned.at, text: '登记备案表退回修改' });
    if (round.decidedAt !== null) steps.push({ at: round.decidedAt, text: '镇（街道）已审核确认项目' });
  }
  if (p.publicity !== null) {
    steps.push({ at: p.publicity.startedAt, text: `项目公示，公示期至${p.publicity.lastDay}` });
    if (p.publicity.endedAt !== null) steps.push({ at: p.publicity.endedAt, text: '项目公示期满' });
  }
  for (const claim of p.claims) {
    if (claim.decision?.accepted === true) steps.push({ at: claim.decision.decidedAt, text: '项目已确认认领方' });
  }
  if (p.implementationStartedAt !== null) steps.push({ at: p.implementationStartedAt, text: '项目开始实施' });
  if (p.implementationCompletedAt !== null) steps.push({ at: p.implementationCompletedAt, text: '项目实施完成' });
  if (p.survey.completedAt !== null) steps.push({ at: p.survey.completedAt, text: '满意度测评完成' });
  if (p.closure !== null) steps.push({ at: p.closure.submittedAt, text: '项目结项表已报送' });
  if (p.closedAt !== null) steps.push({ at: p.closedAt, text: `项目办结（${toLocalDate(new Date(p.closedAt))}）` });
  if (p.termination !== null) steps.push({ at: p.termination.at, text: '项目终止，原因已反馈' });
  return steps;
}

/** R2.2 what the proposer sees with the tracking number and the phone number. */
export function mapTracking(
  demand: DemandState,
  project: ProjectState | null,
  feedbacks: readonly FeedbackRow[],
  /** When a merged demand was merged (its row's last change: a merged demand changes no more). */
  mergedAt: string,
  now: Date,
  projectPublished: boolean,
): TrackingView {
  const steps = [...demandSteps(demand), ...(project === null ? [] : projectSteps(project))];
  if (demand.mergedInto !== null) {
    steps.push({ at: mergedAt, text: '诉求已与反映同一需求的诉求合并办理，此后的办理结果同样反馈给您' });
  }
  // Newest first; equal instants keep their order of occurrence.
  const timeline = steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (a.s.at === b.s.at ? b.i - a.i : a.s.at < b.s.at ? 1 : -1))
    .map(({ s }) => s);
  const names = [...personalNamesOf(demand), ...(project === null ? [] : personalNamesOf(project))];
  const view = publicDemandView(demand);
  return {
    demand: { ...view, title: publicText(view.title, names) },
    timeline: timeline.map((s) => ({ ...s, text: publicText(s.text, names) })),
    feedbacks: feedbacks.map((f) => ({ at: f.created_at, kind: FEEDBACK_KIND_LABELS[f.kind as FeedbackKind] ?? '反馈', body: publicText(f.body, names) })),
    summary: summaryOf(demand, project),
    deadlines: [...openDeadlines(demand.deadlines, now), ...(project === null ? [] : openDeadlines(project.deadlines, now))].sort((a, b) =>
      a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0,
    ),
    project:
      project === null
        ? null
        : trackedProject(project, names, projectPublished),
  };
}
