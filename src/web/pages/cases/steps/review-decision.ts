/**
 * 镇（街道）审核意见 of 登记备案表 section 三 (R4.2–R4.4) as the decision form holds it: form values → the request
 * body of POST /api/projects/{id}/review-decision, the decision completed exactly as the server completes it (the
 * co-reviewers' names, and for a special fund the agreed handling mode, community and fund sources), the checks of
 * the domain the server would refuse on, and the composed sentence previewed as it will be stored (R4.4).
 */
import type { ProjectState, RequestOf } from '../../../api/models.js';
import type { HandlingMode } from '../../../../domain/categories.js';
import {
  REVIEW_POINTS,
  composeTownOpinion,
  validateTownDecision,
  type FundLine,
  type ReviewPoint,
  type ReviewPoints,
  type ReviewVerdict,
  type TownDecision,
} from '../../../../domain/forms/registration-form.js';
import { renameByPrefix } from './review-fields.js';

export type DecisionRequest = RequestOf<'decideReview'>;
export type DecisionInput = DecisionRequest['decision'];
export type Outcome = DecisionInput['outcome'];

type Round = ProjectState['reviewRounds'][number];
export type Opinion = Round['opinions'][number];
export type StampRecord = Round['stamps'][number];
export type Reviewer = Round['reviewers'][number];

export const verdictField = (point: ReviewPoint) => `points.${point}.verdict` as const;
export const commentField = (point: ReviewPoint) => `points.${point}.comment` as const;
type PointField = ReturnType<typeof verdictField> | ReturnType<typeof commentField>;

/** The decision form's values: flat dotted names, the same as the server's field names without their prefix. */
export type DecisionValues = Partial<Record<PointField, string>> & {
  readonly outcome?: Outcome;
  readonly townOfficeName?: string;
  readonly 'followUp.departmentId'?: number | null;
  readonly 'followUp.departmentName'?: string;
  readonly 'followUp.policyName'?: string;
  readonly 'followUp.contactName'?: string;
  readonly 'followUp.contactPhone'?: string;
  readonly fiscalBudgetHolder?: string;
};

export const DECISION_FIELDS: readonly string[] = [
  'outcome',
  'townOfficeName',
  ...REVIEW_POINTS.flatMap((p) => [verdictField(p), commentField(p)]),
  'followUp.departmentId',
  'followUp.departmentName',
  'followUp.policyName',
  'followUp.contactName',
  'followUp.contactPhone',
  'fiscalBudgetHolder',
];

/** A server or domain field (`decision.followUp.contactPhone`, `townDecision.points.modeFeasible.verdict`) → the form's. */
export const decisionFieldOf = renameByPrefix(['decision', 'townDecision'], DECISION_FIELDS);

/** What the review has gathered in its current round, as the server reads it when deciding. */
export interface ReviewContext {
  readonly reviewers: readonly Reviewer[];
  /** The latest opinion of each co-reviewing department that has answered, in the order they were assigned. */
  readonly opinions: readonly Opinion[];
  /** Co-reviewers that have not answered yet: the town cannot decide before they do (R4.2). */
  readonly missingOpinions: readonly Reviewer[];
  readonly stamps: readonly StampRecord[];
  /** From the agreed consultation result (null before an agreement, which a project under review always has). */
  readonly handlingMode: HandlingMode | null;
  readonly communityName: string;
  readonly fundSources: readonly FundLine[];
}

export function reviewContextOf(state: Pick<ProjectState, 'reviewRounds' | 'agreement' | 'communityName'>): ReviewContext {
  const round = state.reviewRounds[state.reviewRounds.length - 1];
  const reviewers = round?.reviewers ?? [];
  const latest = new Map<number, Opinion>();
  for (const opinion of round?.opinions ?? []) latest.set(opinion.departmentId, opinion);
  return {
    reviewers,
    opinions: reviewers.flatMap((r) => {
      const o = latest.get(r.departmentId);
      return o === undefined ? [] : [o];
    }),
    missingOpinions: reviewers.filter((r) => !latest.has(r.departmentId)),
    stamps: round?.stamps ?? [],
    handlingMode: state.agreement?.result.handlingMode ?? null,
    communityName: state.communityName,
    fundSources: state.agreement?.result.fundSources ?? [],
  };
}

const text = (value: string | undefined): string => (value ?? '').trim();

function verdictOf(value: string | undefined): ReviewVerdict | null {
  return value === 'yes' || value === 'no' ? value : null;
}

/** The four points, or null while a verdict is not chosen. */
export function pointsOf(values: DecisionValues): ReviewPoints | null {
  const answer = (point: ReviewPoint) => {
    const verdict = verdictOf(values[verdictField(point)]);
    return verdict === null ? null : { verdict, comment: text(values[commentField(point)]) };
  };
  const consultationProper = answer('consultationProper');
  const budgetReasonable = answer('budgetReasonable');
  const modeFeasible = answer('modeFeasible');
  const solvableOtherwise = answer('solvableOtherwise');
  if (consultationProper === null || budgetReasonable === null || modeFeasible === null || solvableOtherwise === null) return null;
  return { consultationProper, budgetReasonable, modeFeasible, solvableOtherwise };
}

/** The body's decision (texts trimmed, as stored), or null while the outcome or a verdict is not chosen. */
export function decisionInputOf(values: DecisionValues): DecisionInput | null {
  const points = pointsOf(values);
  if (points === null || values.outcome === undefined) return null;
  const townOfficeName = text(values.townOfficeName);
  if (values.outcome === 'specialFund') return { outcome: 'specialFund', townOfficeName, points };
  return {
    outcome: 'existingPolicy',
    townOfficeName,
    points,
    followUp: {
      departmentId: values['followUp.departmentId'] ?? null,
      departmentName: text(values['followUp.departmentName']),
      policyName: text(values['followUp.policyName']),
      contactName: text(values['followUp.contactName']),
      contactPhone: text(values['followUp.contactPhone']),
    },
    fiscalBudgetHolder: text(values.fiscalBudgetHolder),
  };
}

export function decisionBody(values: DecisionValues, version: number): DecisionRequest | null {
  const decision = decisionInputOf(values);
  return decision === null ? null : { version, decision };
}

/** The decision as the server completes and stores it (null for a special fund without an agreed result). */
export function townDecisionOf(input: DecisionInput, ctx: ReviewContext): TownDecision | null {
  const reviewingDepartmentNames = ctx.reviewers.map((r) => r.departmentName);
  if (input.outcome === 'existingPolicy') return { ...input, reviewingDepartmentNames };
  if (ctx.handlingMode === null) return null;
  return { ...input, reviewingDepartmentNames, handlingMode: ctx.handlingMode, communityName: ctx.communityName, fundSources: ctx.fundSources };
}

export interface Problems {
  /** On the form's fields. */
  readonly fields: readonly { readonly field: string; readonly message: string }[];
  /** About the review as a whole (opinions or stamps missing), shown above the form. */
  readonly general: readonly string[];
}

/** R4.3 an existing-policy decision needs the follow-up department's stamp (any stamp when it is not a town department). */
export function followUpStamped(input: DecisionInput, ctx: ReviewContext): boolean {
  if (input.outcome !== 'existingPolicy') return true;
  const id = input.followUp.departmentId;
  return ctx.stamps.some((s) => id === null || s.departmentId === id);
}

/** Everything the server would refuse this decision for, checked with the domain's own rules. */
export function decisionProblems(input: DecisionInput, ctx: ReviewContext): Problems {
  const general: string[] = [];
  const fields: { field: string; message: string }[] = [];
  if (ctx.missingOpinions.length > 0) {
    general.push(`尚有部门未填报审核意见：${ctx.missingOpinions.map((r) => r.departmentName).join('、')}`);
  }
  const decision = townDecisionOf(input, ctx);
  if (decision === null) general.push('该项目没有协商确定的办理方式和经费来源，不能确认由专项资金资助');
  else {
    for (const e of validateTownDecision(decision)) {
      const field = decisionFieldOf(e.field);
      if (field === null) general.push(e.message);
      else fields.push({ field, message: e.message });
    }
  }
  if (!followUpStamped(input, ctx)) {
    const message = '认定由现行政策解决的项目，须先由相关部门在登记备案表上盖章';
    if (input.outcome === 'existingPolicy' && input.followUp.departmentId !== null) {
      fields.push({ field: 'followUp.departmentId', message: `${message}（该部门尚未盖章，请先“登记盖章”）` });
    } else general.push(message);
  }
  return { fields, general };
}

/** How a blank in the previewed sentence is marked while the field is not filled. */
export const blank = (what: string): string => `〔${what}〕`;

/** The points are not part of the sentence; the preview composes it before every verdict is chosen. */
const ANY_POINTS: ReviewPoints = {
  consultationProper: { verdict: 'yes', comment: '' },
  budgetReasonable: { verdict: 'yes', comment: '' },
  modeFeasible: { verdict: 'yes', comment: '' },
  solvableOtherwise: { verdict: 'no', comment: '' },
};

export interface OpinionPreview {
  readonly text: string;
  /** No blank left: the text is what will be stored. */
  readonly complete: boolean;
  readonly signedBy: string;
}

/**
 * R4.4 the sentence of section 三 as composeTownOpinion will write it from the values as they are; a blank field shows
 * as 〔…〕 (and `complete` is false). Null before an outcome is chosen.
 */
export function opinionPreview(values: DecisionValues, ctx: ReviewContext): OpinionPreview | null {
  if (values.outcome === undefined) return null;
  let complete = true;
  const filled = (value: string | undefined, what: string): string => {
    const t = text(value);
    if (t !== '') return t;
    complete = false;
    return blank(what);
  };
  const townOfficeName = filled(values.townOfficeName, '审核单位');
  const points = pointsOf(values) ?? ANY_POINTS;
  const input: DecisionInput =
    values.outcome === 'specialFund'
      ? { outcome: 'specialFund', townOfficeName, points }
      : {
          outcome: 'existingPolicy',
          townOfficeName,
          points,
          followUp: {
            departmentId: values['followUp.departmentId'] ?? null,
            departmentName: filled(values['followUp.departmentName'], '跟办部门'),
            policyName: filled(values['followUp.policyName'], '适用政策'),
            contactName: '',
            contactPhone: '',
          },
          fiscalBudgetHolder: filled(values.fiscalBudgetHolder, '财政预算单位'),
        };
  const decision = townDecisionOf(input, ctx);
  if (decision === null) return null;
  return { text: composeTownOpinion(decision), complete, signedBy: townOfficeName };
}

/** 「东城街道公共服务办」, as the guide signs section 三 (**镇（街道）公共服务办). */
export function defaultTownOffice(townName: string): string {
  return `${townName}公共服务办`;
}

/** 是 / 否, and for point 4 (可否…解决) 可以 / 不可以, the words the domain's messages use. */
export function verdictLabel(point: ReviewPoint, verdict: ReviewVerdict): string {
  if (point === 'solvableOtherwise') return verdict === 'yes' ? '可以' : '不可以';
  return verdict === 'yes' ? '是' : '否';
}
