/**
 * The Demand aggregate (诉求工单, R2): entry and assignment to the community where it is located (R2.1, R2.2),
 * receipt within 24 hours (R2.3), triage by the 两委联席会议 within 5 days (R2.4), return for reassignment (R2.5) and
 * merging of duplicates (R2.6). `decideDemand` is its one pure entry point.
 */
import { toLocalDate } from '../calendar/index.js';
import { CHANNEL_INFO, PROPOSER_KINDS, isChannel, type Channel, type ProposerKind } from '../categories.js';
import { FieldErrors } from '../forms/field-errors.js';
import type { AttachmentId } from '../forms/registration-form.js';
import { DeadlineBook, type DeadlineRecord } from './deadline-book.js';
import { assertNever, dispatch, type DispatchSpec } from './dispatch.js';
import type { LifecycleEvent } from './events.js';
import { FEEDBACK_KIND_OF_TEMPLATE, type FeedbackData } from './feedback-templates.js';
import { DEMAND_STATUS_LABELS, type DemandStatus } from './statuses.js';
import { DEMAND_STATE_VERSION } from './state-versions.js';
import { DEMAND_TRANSITIONS, type DemandCommandType } from './transitions.js';
import { iso, refuse, type DecideContext, type DecideResult, type IsoInstant } from './types.js';

export type CollectionMode = 'daily' | 'centralized';

export interface Proposer {
  readonly kind: ProposerKind;
  /** Full name as given; public views mask it (R0.8). */
  readonly name: string;
  readonly phone: string | null;
}

/** 两委联席会议 (`CommitteeMeeting`), R2.4: recorded with its date and minutes. */
export interface CommitteeMeeting {
  readonly heldAt: IsoInstant;
  readonly minutesAttachmentIds: readonly AttachmentId[];
  readonly summary: string;
}

export type TriageOutcome =
  /** (a) through the 民生大莞家 mechanism: the project to open. */
  | { readonly kind: 'adopt'; readonly projectId: number; readonly projectTitle: string }
  /** (b) an existing policy: the department and contact the proposer is told. */
  | {
      readonly kind: 'existingPolicy';
      readonly departmentName: string;
      readonly policyName: string | null;
      readonly contactName: string;
      readonly contactPhone: string;
    }
  /** (c) not adopted, with the reason given to the proposer. */
  | { readonly kind: 'decline'; readonly reason: string };

export interface Assignment {
  readonly communityId: number;
  readonly communityName: string;
  readonly assignedAt: IsoInstant;
  readonly returnedAt: IsoInstant | null;
  readonly returnReason: string | null;
}

export interface DemandState {
  readonly aggregate: 'demand';
  /** The shape this state is in (state-version.ts); stored states are upgraded on read. */
  readonly schemaVersion: typeof DEMAND_STATE_VERSION;
  readonly id: number;
  /** R2.2 the number the proposer tracks the demand with. */
  readonly trackingNumber: string;
  readonly status: DemandStatus;
  readonly townId: number;
  /** The community it is currently assigned to (属地). */
  readonly communityId: number;
  readonly communityName: string;
  readonly channel: Channel;
  readonly proposer: Proposer;
  readonly title: string;
  readonly description: string;
  readonly location: string;
  readonly collection: CollectionMode;
  readonly campaignId: number | null;
  readonly year: number;
  readonly createdAt: IsoInstant;
  readonly createdByUserId: number | null;
  /** Every assignment in order; the last one is current (R2.5). */
  readonly assignments: readonly Assignment[];
  readonly acknowledgedAt: IsoInstant | null;
  readonly triage: { readonly meeting: CommitteeMeeting; readonly outcome: TriageOutcome; readonly decidedAt: IsoInstant } | null;
  /** R2.6 the primary demand this one was merged into. */
  readonly mergedInto: number | null;
  /** R2.6 demands merged into this one: their proposers receive every feedback of this one. */
  readonly linkedDemandIds: readonly number[];
  readonly deadlines: readonly DeadlineRecord[];
}

export type DemandCommand =
  | {
      readonly type: 'createDemand';
      readonly demandId: number;
      readonly trackingNumber: string;
      readonly townId: number;
      readonly communityId: number;
      readonly communityName: string;
      readonly channel: Channel;
      readonly proposer: Proposer;
      readonly title: string;
      readonly description: string;
      readonly location: string;
      /** R2.1 daily collection, or the annual campaign (R8) with its id and year. */
      readonly collection:
        | { readonly mode: 'daily' }
        | { readonly mode: 'centralized'; readonly campaignId: number; readonly year: number };
    }
  | { readonly type: 'acknowledgeDemand' }
  | { readonly type: 'returnDemand'; readonly reason: string }
  | { readonly type: 'reassignDemand'; readonly communityId: number; readonly communityName: string }
  /** Applied to the primary demand and to each merged one (the same command for all of them). */
  | { readonly type: 'mergeDemands'; readonly primaryDemandId: number; readonly mergedDemandIds: readonly number[] }
  | { readonly type: 'triageDemand'; readonly meeting: CommitteeMeeting; readonly outcome: TriageOutcome }
  | { readonly type: 'markOverdue' };

type Cmd<T extends DemandCommandType> = Extract<DemandCommand, { type: T }>;
type Result = DecideResult<DemandState>;

const SPEC: DispatchSpec<DemandStatus, DemandCommandType> = {
  aggregate: 'demand',
  table: DEMAND_TRANSITIONS,
  statusLabels: DEMAND_STATUS_LABELS,
  earlyRefusals: [
    {
      action: 'mergeDemands',
      from: ['assigned'],
      rule: 'R2.6',
      code: 'ACKNOWLEDGE_FIRST',
      message: '诉求须先接收（受理反馈）后才能合并',
    },
    {
      action: 'triageDemand',
      from: ['assigned'],
      rule: 'R2.3',
      code: 'ACKNOWLEDGE_FIRST',
      message: '诉求须先接收并反馈受理情况，再召开“两委”联席会议研判',
    },
  ],
};

/** The one pure entry point of the Demand aggregate. */
export function decideDemand(state: DemandState | null, command: DemandCommand, ctx: DecideContext): Result {
  return dispatch(SPEC, state, command.type, ctx, () => {
    if (command.type === 'createDemand') return create(command, ctx);
    if (state === null) throw new Error('dispatch lets only createDemand through without a state');
    switch (command.type) {
      case 'acknowledgeDemand':
        return acknowledge(state, ctx);
      case 'returnDemand':
        return returnToTown(state, command, ctx);
      case 'reassignDemand':
        return reassign(state, command, ctx);
      case 'mergeDemands':
        return merge(state, command, ctx);
      case 'triageDemand':
        return triage(state, command, ctx);
      case 'markOverdue':
        return markOverdue(state, ctx);
      default:
        return assertNever(command);
    }
  });
}

function book(state: DemandState, ctx: DecideContext): DeadlineBook {
  return new DeadlineBook(state.deadlines, ctx, 'demand', state.id);
}

function feedback(state: DemandState, data: FeedbackData, demandIds: readonly number[]): LifecycleEvent {
  return {
    type: 'feedbackRequested',
    aggregate: 'demand',
    aggregateId: state.id,
    kind: FEEDBACK_KIND_OF_TEMPLATE[data.template],
    demandIds,
    data,
  };
}

function create(cmd: Cmd<'createDemand'>, ctx: DecideContext): Result {
  const errors = new FieldErrors();
  errors.text('trackingNumber', cmd.trackingNumber, '查询编号', 40);
  if (!isChannel(cmd.channel)) errors.add('channel', 'REQUIRED', '请选择来源渠道');
  if (!PROPOSER_KINDS.includes(cmd.proposer.kind)) errors.add('proposer.kind', 'REQUIRED', '请选择提议人类型');
  errors.text('proposer.name', cmd.proposer.name, '提议人姓名或名称', 100);
  if (cmd.proposer.phone !== null) errors.phone('proposer.phone', cmd.proposer.phone, '提议人联系电话');
  errors.text('title', cmd.title, '诉求标题', 100);
  errors.text('description', cmd.description, '诉求内容');
  errors.text('location', cmd.location, '诉求地点', 200);
  errors.text('communityName', cmd.communityName, '属地村（社区）', 100);
  if (!errors.empty) return refuse('R2.2', 'FORM_INVALID', '诉求信息填写不完整', { errors: errors.errors });
  // R2.1: the annual campaign is the centralized channel, and the only one.
  const centralized = cmd.collection.mode === 'centralized';
  if (centralized !== (CHANNEL_INFO[cmd.channel].group === 'centralized')) {
    return refuse('R2.1', 'CHANNEL_COLLECTION_MISMATCH', centralized ? '集中征集的诉求来源渠道应为年度集中征集活动' : '日常征集的诉求不能选择集中征集渠道');
  }
  const now = iso(ctx.now);
  const base: DemandState = {
    aggregate: 'demand',
    schemaVersion: DEMAND_STATE_VERSION,
    id: cmd.demandId,
    trackingNumber: cmd.trackingNumber.trim(),
    status: 'assigned',
    townId: cmd.townId,
    communityId: cmd.communityId,
    communityName: cmd.communityName,
    channel: cmd.channel,
    proposer: cmd.proposer,
    title: cmd.title,
    description: cmd.description,
    location: cmd.location,
    collection: cmd.collection.mode,
    campaignId: cmd.collection.mode === 'centralized' ? cmd.collection.campaignId : null,
    year: cmd.collection.mode === 'centralized' ? cmd.collection.year : Number(toLocalDate(ctx.now).slice(0, 4)),
    createdAt: now,
    createdByUserId: ctx.actor.userId,
    // R2.2 assigned at once to the community where it is located.
    assignments: [{ communityId: cmd.communityId, communityName: cmd.communityName, assignedAt: now, returnedAt: null, returnReason: null }],
    acknowledgedAt: null,
    triage: null,
    mergedInto: null,
    linkedDemandIds: [],
    deadlines: [],
  };
  const deadlines = book(base, ctx);
  deadlines.start('receipt', ctx.now); // R2.3, R0.6
  if (ctx.config.triageClockStartsAt === 'assignment') deadlines.start('triage', ctx.now); // R2.4 [reading]
  return { ok: true, state: { ...base, deadlines: deadlines.records }, events: deadlines.events };
}

function acknowledge(state: DemandState, ctx: DecideContext): Result {
  const deadlines = book(state, ctx);
  deadlines.complete('receipt'); // R2.3
  if (ctx.config.triageClockStartsAt === 'acknowledgment') deadlines.start('triage', ctx.now); // R2.4 [reading]
  const now = iso(ctx.now);
  const events: LifecycleEvent[] = [
    ...deadlines.events,
    // R2.3 / R7.1 feedback 1, to every proposer already merged in.
    feedback(
      state,
      {
        template: 'receipt',
        trackingNumber: state.trackingNumber,
        channel: state.channel,
        communityName: state.communityName,
        receivedOn: toLocalDate(ctx.now),
        triageDays: ctx.config.triageDays,
      },
      [state.id],
    ),
  ];
  return { ok: true, state: { ...state, status: 'acknowledged', acknowledgedAt: now, deadlines: deadlines.records }, events };
}

function returnToTown(state: DemandState, cmd: Cmd<'returnDemand'>, ctx: DecideContext): Result {
  const reason = cmd.reason.trim();
  if (reason === '') {
    return refuse('R2.5', 'FORM_INVALID', '退回诉求须说明原因', {
      errors: [{ field: 'reason', code: 'REQUIRED', message: '请填写退回原因' }],
    });
  }
  const deadlines = book(state, ctx);
  deadlines.cancel('receipt', '诉求退回镇（街道）');
  deadlines.cancel('triage', '诉求退回镇（街道）');
  const now = iso(ctx.now);
  const assignments = state.assignments.map((a, i) =>
    i === state.assignments.length - 1 ? { ...a, returnedAt: now, returnReason: reason } : a,
  );
  return {
    ok: true,
    state: { ...state, status: 'returned', assignments, acknowledgedAt: null, deadlines: deadlines.records },
    events: deadlines.events,
  };
}

function reassign(state: DemandState, cmd: Cmd<'reassignDemand'>, ctx: DecideContext): Result {
  if (cmd.communityName.trim() === '') {
    return refuse('R2.5', 'FORM_INVALID', '请选择重新交派的村（社区）', {
      errors: [{ field: 'communityName', code: 'REQUIRED', message: '请选择村（社区）' }],
    });
  }
  const now = iso(ctx.now);
  const next: DemandState = {
    ...state,
    status: 'assigned',
    communityId: cmd.communityId,
    communityName: cmd.communityName,
    assignments: [
      ...state.assignments,
      { communityId: cmd.communityId, communityName: cmd.communityName, assignedAt: now, returnedAt: null, returnReason: null },
    ],
  };
  const deadlines = book(next, ctx);
  deadlines.start('receipt', ctx.now); // R2.5: the 24-hour clock starts again for the new assignee.
  if (ctx.config.triageClockStartsAt === 'assignment') deadlines.start('triage', ctx.now);
  return { ok: true, state: { ...next, deadlines: deadlines.records }, events: deadlines.events };
}

function merge(state: DemandState, cmd: Cmd<'mergeDemands'>, ctx: DecideContext): Result {
  const merged = [...new Set(cmd.mergedDemandIds)].filter((id) => id !== cmd.primaryDemandId);
  if (merged.length === 0) return refuse('R2.6', 'MERGE_INVALID', '请选择要合并的诉求');
  if (state.id === cmd.primaryDemandId) {
    // R2.6: the primary keeps every proposer, so each of them receives every later feedback.
    const linked = [...new Set([...state.linkedDemandIds, ...merged])];
    return {
      ok: true,
      state: { ...state, linkedDemandIds: linked },
      events: [{ type: 'demandsMerged', aggregate: 'demand', aggregateId: state.id, primaryDemandId: state.id, mergedDemandIds: merged }],
    };
  }
  if (!merged.includes(state.id)) return refuse('R2.6', 'MERGE_INVALID', '该诉求不在本次合并范围内');
  if (state.status !== 'acknowledged') return refuse('R2.6', 'MERGE_INVALID', '已立项的诉求只能作为主诉求吸收其他诉求');
  const missing = state.linkedDemandIds.filter((id) => !merged.includes(id));
  if (missing.length > 0) {
    return refuse('R2.6', 'MERGE_INVALID', '该诉求已合并的其他诉求须一并合并', { missingDemandIds: missing });
  }
  const deadlines = book(state, ctx);
  deadlines.cancel('triage', '诉求已合并');
  return {
    ok: true,
    state: { ...state, status: 'merged', mergedInto: cmd.primaryDemandId, deadlines: deadlines.records },
    events: deadlines.events,
  };
}

function triage(state: DemandState, cmd: Cmd<'triageDemand'>, ctx: DecideContext): Result {
  const errors = new FieldErrors();
  if (errors.instant('meeting.heldAt', cmd.meeting.heldAt, '“两委”联席会议时间') && Date.parse(cmd.meeting.heldAt) > ctx.now.getTime()) {
    return refuse('R2.4', 'MEETING_IN_FUTURE', '“两委”联席会议时间不能晚于当前时间');
  }
  if (cmd.meeting.minutesAttachmentIds.length === 0) {
    errors.add('meeting.minutesAttachmentIds', 'REQUIRED', '请上传“两委”联席会议纪要');
  }
  errors.text('meeting.summary', cmd.meeting.summary, '会议研究意见');
  const outcome = cmd.outcome;
  switch (outcome.kind) {
    case 'adopt':
      errors.text('outcome.projectTitle', outcome.projectTitle, '项目名称', 100);
      break;
    case 'existingPolicy':
      errors.text('outcome.departmentName', outcome.departmentName, '跟办部门', 100);
      errors.text('outcome.contactName', outcome.contactName, '跟办部门联系人', 50);
      errors.phone('outcome.contactPhone', outcome.contactPhone, '跟办部门联系电话');
      break;
    case 'decline':
      errors.text('outcome.reason', outcome.reason, '不予采纳的原因');
      break;
    default:
      assertNever(outcome);
  }
  if (!errors.empty) return refuse('R2.4', 'FORM_INVALID', '“两委”联席会议研判信息填写不完整', { errors: errors.errors });

  const deadlines = book(state, ctx);
  deadlines.complete('triage');
  const decided = { meeting: cmd.meeting, outcome, decidedAt: iso(ctx.now) };
  const recipients = [state.id, ...state.linkedDemandIds];
  const events: LifecycleEvent[] = [...deadlines.events];
  let status: DemandStatus;
  switch (outcome.kind) {
    case 'adopt':
      status = 'adopted';
      // R2.4 (a) the service opens the project with openProjectCommand(state, command).
      events.push({ type: 'projectOpenRequested', aggregate: 'demand', aggregateId: state.id, projectId: outcome.projectId, demandIds: recipients });
      break;
    case 'existingPolicy':
      status = 'referred';
      // R2.4 (b) / R7.1: the system replies to the proposer with the department and contact.
      events.push(
        feedback(
          state,
          {
            template: 'triageReferred',
            trackingNumber: state.trackingNumber,
            departmentName: outcome.departmentName,
            policyName: outcome.policyName,
            contactName: outcome.contactName,
            contactPhone: outcome.contactPhone,
          },
          recipients,
        ),
      );
      break;
    case 'decline':
      status = 'declined';
      // R2.4 (c) / R7.1: the reason goes to the proposer.
      events.push(feedback(state, { template: 'triageDeclined', trackingNumber: state.trackingNumber, reason: outcome.reason }, recipients));
      break;
  }
  return { ok: true, state: { ...state, status, triage: decided, deadlines: deadlines.records }, events };
}

function markOverdue(state: DemandState, ctx: DecideContext): Result {
  const deadlines = book(state, ctx);
  deadlines.markOverdue(); // R7.2
  return { ok: true, state: { ...state, deadlines: deadlines.records }, events: deadlines.events };
}
