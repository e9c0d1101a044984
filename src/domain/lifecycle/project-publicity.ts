/**
 * Project phase 3 (R5.1–R5.5, R6.1): publicity by the town or the community, objections, claims under 莞家直达,
 * the start of implementation once publicity ended and every objection is answered, and completion.
 */
import { FieldErrors } from '../forms/field-errors.js';
import type { LifecycleEvent } from './events.js';
import { formRefusal, projectBook, projectName, requiredText, withFeedback, type ProjectResult } from './project-common.js';
import type { Claim, ProjectCmd, ProjectState, Publicity } from './project-types.js';
import { iso, refuse, type DecideContext } from './types.js';

/**
 * R5.1 a town-confirmed project is publicized by the town on the required channels for at least 5 days;
 * R5.2 a small-path project by its community, 5 days by default. The window ends at 24:00 of its last day (R0.4).
 */
export function startPublicity(state: ProjectState, cmd: ProjectCmd<'startPublicity'>, ctx: DecideContext): ProjectResult {
  const byTown = state.status === 'confirmed';
  const rule = byTown ? 'R5.1' : 'R5.2';
  const settings = ctx.config.publicity;
  const minDays = byTown ? settings.townMinDays : settings.communityMinDays;
  const days = cmd.days ?? (byTown ? settings.townMinDays : settings.communityDefaultDays);
  if (!Number.isSafeInteger(days) || days < minDays) {
    return refuse(rule, 'PUBLICITY_TOO_SHORT', `公示时间不少于${minDays}日`, { days, minDays });
  }
  const channels = [...new Set(cmd.channels.map((c) => c.trim()).filter((c) => c !== ''))];
  const required = byTown ? settings.townRequiredChannels : settings.communityRequiredChannels;
  const missing = required.filter((c) => !channels.includes(c));
  if (missing.length > 0) {
    return refuse(rule, 'PUBLICITY_CHANNELS_MISSING', '公示平台不完整，须包含规定的全部公示途径', { missing });
  }
  const deadlines = projectBook(state, ctx);
  const window = deadlines.start('publicityWindow', ctx.now, days);
  const publicity: Publicity = {
    by: byTown ? 'town' : 'community',
    channels,
    days,
    startedAt: iso(ctx.now),
    endsAt: window.due,
    lastDay: window.dueDate,
    endedAt: null,
  };
  const events: LifecycleEvent[] = [
    ...deadlines.events,
    {
      type: 'publicationRequested',
      aggregate: 'project',
      aggregateId: state.id,
      kind: 'publicity',
      channels,
      startsAt: publicity.startedAt,
      endsAt: publicity.endsAt,
    },
  ];
  return { ok: true, state: { ...state, status: 'inPublicity', publicity, deadlines: deadlines.records }, events };
}

/**
 * R5.1 the window cannot be cut short: the job ends it at its end instant. R5.4 [reading] a service project's 10 days
 * to start count from the end of publicity (the last publicity day is the start day, which does not count).
 */
export function endPublicity(state: ProjectState, ctx: DecideContext): ProjectResult {
  const publicity = state.publicity;
  if (publicity === null) return refuse('R5.1', 'INVALID_STATE', '项目未公示');
  if (ctx.now.getTime() < Date.parse(publicity.endsAt)) {
    return refuse('R5.1', 'PUBLICITY_NOT_OVER', `公示期至${publicity.lastDay}结束，不能提前结束`, { endsAt: publicity.endsAt });
  }
  const deadlines = projectBook(state, ctx);
  deadlines.complete('publicityWindow');
  if (state.registration?.basics.category === 'service') {
    deadlines.start('serviceStart', new Date(Date.parse(publicity.endsAt) - 1));
  }
  return {
    ok: true,
    state: { ...state, status: 'publicityEnded', publicity: { ...publicity, endedAt: iso(ctx.now) }, deadlines: deadlines.records },
    events: deadlines.events,
  };
}

/** R5.3 [beyond the guide] the public may object during publicity. */
export function raiseObjection(state: ProjectState, cmd: ProjectCmd<'raiseObjection'>, ctx: DecideContext): ProjectResult {
  const errors = requiredText('text', cmd.text, '请填写异议内容');
  if (errors.length > 0) return formRefusal('R5.3', '异议内容不能为空', errors);
  if (state.objections.some((o) => o.id === cmd.objectionId)) return refuse('R5.3', 'DUPLICATE_ID', '异议编号重复');
  return {
    ok: true,
    state: {
      ...state,
      objections: [
        ...state.objections,
        {
          id: cmd.objectionId,
          raisedAt: iso(ctx.now),
          text: cmd.text.trim(),
          raisedByName: cmd.raisedByName,
          contactPhone: cmd.contactPhone,
          answer: null,
        },
      ],
    },
    events: [{ type: 'objectionRaised', aggregate: 'project', aggregateId: state.id, objectionId: cmd.objectionId }],
  };
}

/** R5.3 every objection is answered before implementation can start. */
export function answerObjection(state: ProjectState, cmd: ProjectCmd<'answerObjection'>, ctx: DecideContext): ProjectResult {
  const objection = state.objections.find((o) => o.id === cmd.objectionId);
  if (objection === undefined) return refuse('R5.3', 'OBJECTION_NOT_FOUND', '找不到该异议');
  if (objection.answer !== null) return refuse('R5.3', 'OBJECTION_ALREADY_ANSWERED', '该异议已答复');
  const errors = requiredText('answer', cmd.answer, '请填写答复内容');
  if (errors.length > 0) return formRefusal('R5.3', '答复内容不能为空', errors);
  const answer = { text: cmd.answer.trim(), answeredAt: iso(ctx.now), answeredByUserId: ctx.actor.userId };
  return {
    ok: true,
    state: { ...state, objections: state.objections.map((o) => (o.id === cmd.objectionId ? { ...o, answer } : o)) },
    events: [],
  };
}

function handlingMode(state: ProjectState): string | null {
  return state.agreement?.result.handlingMode ?? null;
}

function acceptedClaim(state: ProjectState): Claim | undefined {
  return state.claims.find((c) => c.decision?.accepted === true);
}

/** R5.5 under 莞家直达 the project is offered for claiming by enterprises, organizations or individuals. */
export function claimProject(state: ProjectState, cmd: ProjectCmd<'claimProject'>, ctx: DecideContext): ProjectResult {
  if (handlingMode(state) !== 'direct') return refuse('R5.5', 'NOT_DIRECT_MODE', '只有莞家直达方式办理的项目可以认领');
  if (acceptedClaim(state) !== undefined) return refuse('R5.5', 'ALREADY_CLAIMED', '该项目已被认领');
  if (state.claims.some((c) => c.id === cmd.claimId)) return refuse('R5.5', 'DUPLICATE_ID', '认领编号重复');
  const errors = new FieldErrors();
  if (!['enterprise', 'organization', 'individual'].includes(cmd.claimant.kind)) {
    errors.add('claimant.kind', 'REQUIRED', '请选择认领方类型');
  }
  errors.text('claimant.name', cmd.claimant.name, '认领方名称', 100);
  errors.text('claimant.contactName', cmd.claimant.contactName, '认领方联系人', 50);
  errors.phone('claimant.contactPhone', cmd.claimant.contactPhone, '认领方联系电话');
  if (!errors.empty) return formRefusal('R5.5', '认领信息填写不完整', errors.errors);
  const claim: Claim = { id: cmd.claimId, claimant: cmd.claimant, note: cmd.note, claimedAt: iso(ctx.now), decision: null };
  return {
    ok: true,
    state: { ...state, claims: [...state.claims, claim] },
    events: [{ type: 'claimSubmitted', aggregate: 'project', aggregateId: state.id, claimId: cmd.claimId }],
  };
}

/** R5.5 the claim is accepted or declined; an accepted claim is fed back to every proposer (R7.1). */
export function decideClaim(state: ProjectState, cmd: ProjectCmd<'decideClaim'>, ctx: DecideContext): ProjectResult {
  const claim = state.claims.find((c) => c.id === cmd.claimId);
  if (claim === undefined) return refuse('R5.5', 'CLAIM_NOT_FOUND', '找不到该认领');
  if (claim.decision !== null) return refuse('R5.5', 'CLAIM_ALREADY_DECIDED', '该认领已处理');
  if (cmd.accepted && acceptedClaim(state) !== undefined) return refuse('R5.5', 'ALREADY_CLAIMED', '该项目已被认领');
  const reason = cmd.reason?.trim() ?? '';
  if (!cmd.accepted && reason === '') {
    return formRefusal('R5.5', '不予确认认领须说明原因', requiredText('reason', reason, '请填写不予确认的原因'));
  }
  const decision = { accepted: cmd.accepted, reason: reason === '' ? null : reason, decidedAt: iso(ctx.now), decidedByUserId: ctx.actor.userId };
  const next: ProjectState = {
    ...state,
    claims: state.claims.map((c) => (c.id === cmd.claimId ? { ...c, decision } : c)),
    implementer: cmd.accepted ? claim.claimant.name : state.implementer,
  };
  if (!cmd.accepted) return { ok: true, state: next, events: [] };
  const fed = withFeedback(
    next,
    { template: 'claimAccepted', projectName: projectName(state), claimantKind: claim.claimant.kind, claimantName: claim.claimant.name },
    ctx,
  );
  return { ok: true, state: fed.state, events: [fed.event] };
}

/** R5.3 only after publicity ended and every objection answered; R5.5 a 莞家直达 project needs its claimant. */
export function startImplementation(state: ProjectState, ctx: DecideContext): ProjectResult {
  const unanswered = state.objections.filter((o) => o.answer === null);
  if (unanswered.length > 0) {
    return refuse('R5.3', 'OBJECTIONS_UNANSWERED', `尚有${unanswered.length}条异议未答复，不能开始实施`, {
      objectionIds: unanswered.map((o) => o.id),
    });
  }
  if (handlingMode(state) === 'direct' && acceptedClaim(state) === undefined) {
    return refuse('R5.5', 'NOT_CLAIMED', '莞家直达项目须确认认领方后才能实施');
  }
  const deadlines = projectBook(state, ctx);
  deadlines.complete('serviceStart'); // R5.4
  return {
    ok: true,
    state: { ...state, status: 'implementing', implementationStartedAt: iso(ctx.now), deadlines: deadlines.records },
    events: deadlines.events,
  };
}

/** R5.4 the engineering clock stops; R6.1 the 结项表 is due within 5 working days. */
export function completeImplementation(state: ProjectState, ctx: DecideContext): ProjectResult {
  const deadlines = projectBook(state, ctx);
  deadlines.complete('engineeringCompletion');
  deadlines.start('closure', ctx.now);
  return {
    ok: true,
    state: { ...state, status: 'completed', implementationCompletedAt: iso(ctx.now), deadlines: deadlines.records },
    events: deadlines.events,
  };
}
