/**
 * Project phase 2 (R3.2–R3.5, R1.2, R1.3, R4.1–R4.6): submitting the 登记备案表, the small path (no town
 * confirmation, feedback 2 on submission) or the town path (review within 5 working days by the lead department
 * and its co-reviewers, stamps, return for correction, and the decision with its composed sentence).
 */
import { isValidLocalDate, toLocalDate } from '../calendar/index.js';
import { sourceChannelsOf } from '../categories.js';
import type { FieldError } from '../forms/field-errors.js';
import {
  checkCap,
  composeTownOpinion,
  registrationPath,
  validateRegistrationBasics,
  validateRegistrationForm,
  validateReviewPoints,
  validateTownDecision,
  type DepartmentOpinion,
  type RegistrationForm,
  type TownDecision,
} from '../forms/registration-form.js';
import type { LifecycleEvent } from './events.js';
import { formRefusal, projectBook, requiredText, withFeedback, withFlag, type ProjectResult } from './project-common.js';
import type { ProjectCmd, ProjectState, ReviewRound, ReviewerRef } from './project-types.js';
import { detectPossibleSplit } from './split-detection.js';
import { iso, refuse, type DecideContext, type Refusal } from './types.js';

/** The rule a set of section 一 errors is refused under: the most specific one present. */
function basicsRefusal(errors: readonly FieldError[]): Refusal {
  const has = (field: string): boolean => errors.some((e) => e.field === field);
  if (has('basics.overCapJustification')) {
    return refuse('R1.2', 'OVER_CAP_JUSTIFICATION_REQUIRED', '项目预算超过原则上限，须填写超限说明', { errors });
  }
  if (errors.some((e) => e.field === 'basics.subcategory' && e.code === 'MISMATCH')) {
    return refuse('R1.1', 'CATEGORY_MISMATCH', '项目细类与项目类别不符', { errors });
  }
  if (errors.some((e) => e.field === 'basics.budgetFen' && e.code === 'INVALID')) {
    return refuse('R0.1', 'MONEY_INVALID', '项目预算金额无效', { errors });
  }
  return formRefusal('R3.2', '登记备案表填写不完整', errors);
}

function currentRound(state: ProjectState): ReviewRound | undefined {
  return state.reviewRounds[state.reviewRounds.length - 1];
}

function replaceCurrentRound(state: ProjectState, round: ReviewRound): readonly ReviewRound[] {
  return [...state.reviewRounds.slice(0, -1), round];
}

/** The latest opinion of each department of the round (a correction is a new record; the latest counts). */
function latestOpinions(round: ReviewRound): DepartmentOpinion[] {
  const byDepartment = new Map<number, DepartmentOpinion>();
  for (const opinion of round.opinions) byDepartment.set(opinion.departmentId, opinion);
  return [...byDepartment.values()];
}

/**
 * R3.2 the community submits sections 一 and 二 (section 二 is the recorded consultation, never retyped).
 * R0.3 / R3.4 ≤ 5万 and not over cap: the small path, feedback 2 at once. R3.5 otherwise: town review (R4.1).
 */
export function submitRegistration(state: ProjectState, cmd: ProjectCmd<'submitRegistration'>, ctx: DecideContext): ProjectResult {
  const agreement = state.agreement;
  const consultation = state.consultations[state.consultations.length - 1];
  if (agreement === null || consultation === undefined) {
    return refuse('R3.2', 'INVALID_STATE', '项目协商未通过，不能提交登记备案表');
  }
  const basicsErrors = validateRegistrationBasics(cmd.basics, ctx.config);
  if (basicsErrors.length > 0) return basicsRefusal(basicsErrors);

  const form: RegistrationForm = {
    communityName: state.communityName,
    basics: { ...cmd.basics, sourceChannels: sourceChannelsOf(state.sources) }, // R2.2 derived, never typed
    consultation,
    assemblyVote: agreement.via === 'assemblyVote' ? (state.assemblyVotes[state.assemblyVotes.length - 1] ?? null) : null,
    agreedResult: agreement.result,
    departmentOpinions: [],
    townDecision: null,
    townOpinionText: null,
  };
  const formErrors = validateRegistrationForm(form, ctx.config);
  if (formErrors.length > 0) return formRefusal('R3.2', '登记备案表与协商结果不一致或填写不完整', formErrors);

  const now = iso(ctx.now);
  const cap = checkCap(cmd.basics.category, cmd.basics.budgetFen, ctx.config);
  const path = registrationPath(cmd.basics.budgetFen, cap.overCap, ctx.config);
  const events: LifecycleEvent[] = [];
  // Flags follow the amount as submitted: a corrected resubmission can clear them.
  let next: ProjectState = {
    ...state,
    registration: form,
    registeredAt: now,
    path,
    flags: state.flags.filter((f) => f !== 'overCap' && f !== 'possibleSplit'),
    possibleSplitWith: [],
  };
  if (cap.overCap) {
    // R1.2 over the cap: town review whatever the amount, flagged 超限 for good.
    next = withFlag(next, 'overCap');
    events.push({
      type: 'flagRaised',
      aggregate: 'project',
      aggregateId: state.id,
      flag: 'overCap',
      rule: 'R1.2',
      details: { budgetFen: cmd.basics.budgetFen, capFen: cap.capFen },
    });
  }
  const deadlines = projectBook(next, ctx);

  if (path === 'small') {
    // R1.3 possible splitting, flagged to the town.
    const split = detectPossibleSplit(
      {
        projectId: state.id,
        communityId: state.communityId,
        category: cmd.basics.category,
        subcategory: cmd.basics.subcategory,
        location: cmd.basics.location,
        budgetFen: cmd.basics.budgetFen,
        registeredAt: now,
        path,
      },
      cmd.recentSmallProjects,
      ctx.config,
    );
    if (split.possibleSplit) {
      next = { ...withFlag(next, 'possibleSplit'), possibleSplitWith: split.relatedProjectIds };
      events.push({
        type: 'flagRaised',
        aggregate: 'project',
        aggregateId: state.id,
        flag: 'possibleSplit',
        rule: 'R1.3',
        details: { relatedProjectIds: split.relatedProjectIds, totalFen: split.totalFen },
      });
    }
    // R5.4 small-path engineering: completed within 1 calendar month of the consultation.
    if (cmd.basics.category === 'engineering' && deadlines.records.every((r) => r.step !== 'engineeringCompletion' || r.cancelledAt !== null)) {
      deadlines.start('engineeringCompletion', new Date(agreement.agreedAt));
    }
    // R3.4 no town confirmation; feedback 2 when the community submits.
    const fed = withFeedback(
      { ...next, status: 'registered', deadlines: deadlines.records },
      {
        template: 'smallPathRegistered',
        projectName: cmd.basics.projectName,
        communityName: state.communityName,
        budgetFen: cmd.basics.budgetFen,
        handlingMode: agreement.result.handlingMode,
      },
      ctx,
    );
    return { ok: true, state: fed.state, events: [...events, ...deadlines.events, fed.event] };
  }

  // R3.5 / R4.1 town path: decided within 5 working days of this submission (a resubmission restarts it, R4.5).
  deadlines.start('review', ctx.now);
  const round: ReviewRound = { submittedAt: now, reviewers: [], opinions: [], stamps: [], returned: null, decidedAt: null };
  return {
    ok: true,
    state: { ...next, status: 'underReview', reviewRounds: [...state.reviewRounds, round], deadlines: deadlines.records },
    events: [...events, ...deadlines.events],
  };
}

/** R4.5 [beyond the guide] the town returns the registration for correction, with a reason. */
export function returnRegistration(state: ProjectState, cmd: ProjectCmd<'returnRegistration'>, ctx: DecideContext): ProjectResult {
  const round = currentRound(state);
  const reason = cmd.reason.trim();
  if (reason === '') return formRefusal('R4.5', '退回须说明原因', requiredText('reason', reason, '请填写退回原因'));
  if (round === undefined) return refuse('R4.5', 'INVALID_STATE', '没有待审核的登记备案表');
  const deadlines = projectBook(state, ctx);
  deadlines.cancel('review', '登记备案表退回修改');
  return {
    ok: true,
    state: {
      ...state,
      status: 'registrationReturned',
      reviewRounds: replaceCurrentRound(state, { ...round, returned: { at: iso(ctx.now), reason, byUserId: ctx.actor.userId } }),
      deadlines: deadlines.records,
    },
    events: deadlines.events,
  };
}

/** R4.1 the lead department chooses the co-reviewing departments (财政, 农林水务, 住建, 自然资源 … per town). */
export function assignReviewers(state: ProjectState, cmd: ProjectCmd<'assignReviewers'>): ProjectResult {
  const round = currentRound(state);
  if (round === undefined) return refuse('R4.1', 'INVALID_STATE', '没有待审核的登记备案表');
  const errors: FieldError[] = [];
  if (cmd.reviewers.length === 0) errors.push({ field: 'reviewers', code: 'REQUIRED', message: '请选择会审部门' });
  cmd.reviewers.forEach((r, i) => errors.push(...requiredText(`reviewers.${i}.departmentName`, r.departmentName, '请填写部门名称')));
  if (errors.length > 0) return formRefusal('R4.1', '会审部门选择有误', errors);
  const reviewers: ReviewerRef[] = [...round.reviewers];
  const added: number[] = [];
  for (const reviewer of cmd.reviewers) {
    if (!reviewers.some((r) => r.departmentId === reviewer.departmentId)) {
      reviewers.push(reviewer);
      added.push(reviewer.departmentId);
    }
  }
  return {
    ok: true,
    state: { ...state, reviewRounds: replaceCurrentRound(state, { ...round, reviewers }) },
    events: added.length === 0 ? [] : [{ type: 'reviewersAssigned', aggregate: 'project', aggregateId: state.id, departmentIds: added }],
  };
}

function wrongDepartment(ctx: DecideContext, departmentId: number): boolean {
  return ctx.actor.role === 'department_reviewer' && ctx.actor.unitId !== null && ctx.actor.unitId !== departmentId;
}

/** R4.2 an assigned department answers the four points, each with a verdict and a comment. */
export function recordDepartmentOpinion(
  state: ProjectState,
  cmd: ProjectCmd<'recordDepartmentOpinion'>,
  ctx: DecideContext,
): ProjectResult {
  const round = currentRound(state);
  const reviewer = round?.reviewers.find((r) => r.departmentId === cmd.departmentId);
  if (round === undefined || reviewer === undefined) {
    return refuse('R4.1', 'REVIEWER_NOT_ASSIGNED', '该部门未被指定参与本项目会审');
  }
  if (wrongDepartment(ctx, cmd.departmentId)) return refuse('R0.8', 'FORBIDDEN_UNIT', '只能填报本部门的审核意见');
  const errors = [...validateReviewPoints(cmd.points, 'points'), ...requiredText('opinion', cmd.opinion, '请填写部门审核意见')];
  if (errors.length > 0) return formRefusal('R4.2', '部门审核意见须对四项审核内容逐项给出结论和意见', errors);
  const opinion: DepartmentOpinion = {
    departmentId: cmd.departmentId,
    departmentName: reviewer.departmentName,
    reviewerUserId: ctx.actor.userId,
    recordedAt: iso(ctx.now),
    points: cmd.points,
    opinion: cmd.opinion,
  };
  return {
    ok: true,
    state: { ...state, reviewRounds: replaceCurrentRound(state, { ...round, opinions: [...round.opinions, opinion] }) },
    events: [],
  };
}

/** R4.3 a department's stamp on the 登记备案表: who stamped, when, and the scanned copy. */
export function recordStamp(state: ProjectState, cmd: ProjectCmd<'recordStamp'>, ctx: DecideContext): ProjectResult {
  const round = currentRound(state);
  if (round === undefined) return refuse('R4.3', 'INVALID_STATE', '没有待审核的登记备案表');
  if (wrongDepartment(ctx, cmd.stamp.departmentId)) return refuse('R0.8', 'FORBIDDEN_UNIT', '只能登记本部门的盖章');
  const errors = [
    ...requiredText('stamp.departmentName', cmd.stamp.departmentName, '请填写盖章部门'),
    ...requiredText('stamp.stampedByName', cmd.stamp.stampedByName, '请填写盖章经办人'),
  ];
  if (!isValidLocalDate(cmd.stamp.stampedOn) || cmd.stamp.stampedOn > toLocalDate(ctx.now)) {
    errors.push({ field: 'stamp.stampedOn', code: 'INVALID', message: '盖章日期无效' });
  }
  if (!Number.isSafeInteger(cmd.stamp.scanAttachmentId)) {
    errors.push({ field: 'stamp.scanAttachmentId', code: 'REQUIRED', message: '请上传盖章页扫描件' });
  }
  if (errors.length > 0) return formRefusal('R4.3', '盖章信息填写不完整', errors);
  const stamp = { ...cmd.stamp, recordedAt: iso(ctx.now), recordedByUserId: ctx.actor.userId };
  return {
    ok: true,
    state: { ...state, reviewRounds: replaceCurrentRound(state, { ...round, stamps: [...round.stamps, stamp] }) },
    events: [],
  };
}

/**
 * R4.1 the town decides: R4.3 existing policy (stamp required, transferred, feedback 2) or R4.4 special fund (the
 * section 三 sentence composed from the data, feedback 2); R4.6 a confirmed centrally collected project enters the
 * year's library.
 */
export function decideReview(state: ProjectState, cmd: ProjectCmd<'decideReview'>, ctx: DecideContext): ProjectResult {
  const round = currentRound(state);
  const registration = state.registration;
  const agreement = state.agreement;
  if (round === undefined || registration === null || agreement === null) {
    return refuse('R4.1', 'INVALID_STATE', '没有待审核的登记备案表');
  }
  const opinions = latestOpinions(round);
  const missing = round.reviewers.filter((r) => !opinions.some((o) => o.departmentId === r.departmentId));
  if (missing.length > 0) {
    return refuse('R4.2', 'OPINIONS_MISSING', `尚有部门未填报审核意见：${missing.map((r) => r.departmentName).join('、')}`, {
      departmentIds: missing.map((r) => r.departmentId),
    });
  }
  const input = cmd.decision;
  const reviewingDepartmentNames = round.reviewers.map((r) => r.departmentName);
  let decision: TownDecision;
  if (input.outcome === 'existingPolicy') {
    decision = { ...input, reviewingDepartmentNames };
    const followUpId = input.followUp.departmentId;
    const stamped = round.stamps.some((s) => followUpId === null || s.departmentId === followUpId);
    if (!stamped) {
      // R4.3 the departments concerned stamp the 登记备案表 before the transfer.
      return refuse('R4.3', 'STAMP_MISSING', '认定由现行政策解决的项目，须先由相关部门在登记备案表上盖章');
    }
  } else {
    decision = {
      ...input,
      reviewingDepartmentNames,
      handlingMode: agreement.result.handlingMode,
      communityName: state.communityName,
      fundSources: agreement.result.fundSources,
    };
  }
  const errors = validateTownDecision(decision);
  if (errors.length > 0) return formRefusal(input.outcome === 'existingPolicy' ? 'R4.3' : 'R4.4', '镇（街道）审核意见填写有误', errors);

  const text = composeTownOpinion(decision); // R4.4
  const deadlines = projectBook(state, ctx);
  deadlines.complete('review');
  const now = iso(ctx.now);
  const decided: ProjectState = {
    ...state,
    status: input.outcome === 'existingPolicy' ? 'transferred' : 'confirmed',
    registration: { ...registration, departmentOpinions: opinions, townDecision: decision, townOpinionText: text },
    reviewRounds: replaceCurrentRound(state, { ...round, decidedAt: now }),
    deadlines: deadlines.records,
  };
  const events: LifecycleEvent[] = [...deadlines.events];
  const name = registration.basics.projectName;
  if (decision.outcome === 'existingPolicy') {
    const fed = withFeedback(
      decided,
      {
        template: 'townExistingPolicy',
        projectName: name,
        departmentName: decision.followUp.departmentName,
        policyName: decision.followUp.policyName,
        contactName: decision.followUp.contactName,
        contactPhone: decision.followUp.contactPhone,
      },
      ctx,
    );
    return { ok: true, state: fed.state, events: [...events, fed.event] };
  }
  const fed = withFeedback(decided, { template: 'townSpecialFund', projectName: name, opinionText: text }, ctx);
  events.push(fed.event);
  if (state.collection === 'centralized') {
    events.push({
      type: 'libraryEntryRequested',
      aggregate: 'project',
      aggregateId: state.id,
      year: state.year,
      campaignId: state.campaignId,
      budgetFen: registration.basics.budgetFen,
    });
  }
  return { ok: true, state: fed.state, events };
}
