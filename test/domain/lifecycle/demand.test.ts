/** The Demand aggregate: R2.1–R2.6 entry, receipt, triage, return, merge; R0.8 roles and masking. */
import { describe, expect, it } from 'vitest';
import {
  decideDemand,
  publicDemandView,
  renderFeedback,
  type DemandState,
} from '../../../src/domain/lifecycle/index.js';
import { rulesConfigWith } from '../../../src/domain/rules-config.js';
import { acknowledgedDemand, createDemandCommand, ctx, eventsOf, meeting, ok, refused } from './fixtures.js';

const CREATED_AT = '2026-09-21T02:00:00.000Z'; // Mon 10:00 in Dongguan

function created(): DemandState {
  return ok(decideDemand(null, createDemandCommand, ctx(CREATED_AT, 'town_staff'))).state;
}

describe('Demand', () => {
  it('R2.2 a demand entered by staff is assigned at once to its community with a tracking number and a 24-hour clock', () => {
    const { state, events } = ok(decideDemand(null, createDemandCommand, ctx(CREATED_AT, 'town_staff')));
    expect(state).toMatchObject({
      status: 'assigned',
      trackingNumber: 'MS2026-000001',
      communityId: 100,
      collection: 'daily',
      campaignId: null,
      year: 2026,
      assignments: [{ communityId: 100, communityName: '东城街道温塘社区', assignedAt: CREATED_AT, returnedAt: null, returnReason: null }],
    });
    expect(events.map((e) => e.type)).toEqual(['stateChanged', 'deadlineSet']);
    expect(events[0]).toEqual({ type: 'stateChanged', aggregate: 'demand', aggregateId: 1, action: 'createDemand', from: null, to: 'assigned' });
    expect(state.deadlines).toEqual([
      {
        step: 'receipt',
        rule: 'R2.3',
        kind: 'hours',
        amount: 24,
        owner: 'community',
        startedAt: CREATED_AT,
        due: '2026-09-22T02:00:00.000Z',
        dueDate: '2026-09-22',
        provisional: false,
        warnings: [],
        doneAt: null,
        cancelledAt: null,
        overdueNotifiedAt: null,
      },
    ]);
  });

  it('R2.2 refuses a demand without its content, with field-level errors', () => {
    const violation = refused(decideDemand(null, { ...createDemandCommand, description: ' ', proposer: { kind: 'masses', name: '张三', phone: '123' } }, ctx(CREATED_AT, 'town_staff')));
    expect(violation).toMatchObject({ rule: 'R2.2', code: 'FORM_INVALID' });
    expect(violation.details?.errors).toEqual([
      { field: 'proposer.phone', code: 'INVALID', message: '提议人联系电话格式不正确' },
      { field: 'description', code: 'REQUIRED', message: '请填写诉求内容' },
    ]);
  });

  it('R2.1 the annual campaign is the centralized channel: the campaign year and id are kept, mismatches refused', () => {
    const campaign = ok(
      decideDemand(null, { ...createDemandCommand, channel: 'campaign', collection: { mode: 'centralized', campaignId: 3, year: 2027 } }, ctx(CREATED_AT, 'town_staff')),
    ).state;
    expect(campaign).toMatchObject({ collection: 'centralized', campaignId: 3, year: 2027 });
    expect(
      refused(decideDemand(null, { ...createDemandCommand, collection: { mode: 'centralized', campaignId: 3, year: 2027 } }, ctx(CREATED_AT, 'town_staff'))),
    ).toMatchObject({ rule: 'R2.1', code: 'CHANNEL_COLLECTION_MISMATCH' });
    expect(refused(decideDemand(null, { ...createDemandCommand, channel: 'campaign' }, ctx(CREATED_AT, 'town_staff')))).toMatchObject({
      rule: 'R2.1',
      code: 'CHANNEL_COLLECTION_MISMATCH',
    });
  });

  it('R2.3 acknowledgment sends the receipt feedback and starts the 5-day triage clock', () => {
    const { state, events } = ok(decideDemand(created(), { type: 'acknowledgeDemand' }, ctx('2026-09-21T06:00:00.000Z')));
    expect(state.status).toBe('acknowledged');
    expect(state.acknowledgedAt).toBe('2026-09-21T06:00:00.000Z');
    expect(eventsOf(events, 'deadlineCompleted')).toEqual([
      { type: 'deadlineCompleted', aggregate: 'demand', aggregateId: 1, step: 'receipt', doneAt: '2026-09-21T06:00:00.000Z', late: false },
    ]);
    const [receipt] = eventsOf(events, 'feedbackRequested');
    expect(receipt).toMatchObject({ kind: 'receipt', demandIds: [1] });
    expect(receipt && renderFeedback(receipt.data)).toBe(
      '您好！您通过“12345”政府服务热线反映的“民生微实事”诉求（编号：MS2026-000001）已于2026年9月21日由东城街道温塘社区接收，将在5日内召开村（社区）“两委”联席会议研究办理意见。您可凭诉求编号查询办理进度。',
    );
  });

  it('R2.3 the 24 hours are clock time: an acknowledgment after them is recorded late', () => {
    const { events } = ok(decideDemand(created(), { type: 'acknowledgeDemand' }, ctx('2026-09-22T02:00:00.001Z')));
    expect(eventsOf(events, 'deadlineCompleted')[0]?.late).toBe(true);
  });

  it('R2.4 triage is due 5 days after receipt, moved from Saturday to the next working day', () => {
    const triage = acknowledgedDemand().deadlines.find((d) => d.step === 'triage');
    expect(triage).toMatchObject({ kind: 'calendarDays', amount: 5, due: '2026-09-28T16:00:00.000Z', dueDate: '2026-09-28', doneAt: null });
  });

  it('R2.4 [reading] a town may start the triage clock at assignment instead', () => {
    const config = rulesConfigWith({ triageClockStartsAt: 'assignment' });
    const state = ok(decideDemand(null, createDemandCommand, ctx(CREATED_AT, 'town_staff', config))).state;
    expect(state.deadlines.map((d) => [d.step, d.due])).toEqual([
      ['receipt', '2026-09-22T02:00:00.000Z'],
      ['triage', '2026-09-28T16:00:00.000Z'],
    ]);
  });

  it('R2.4 (a) adoption asks for the project to be opened for this demand and those merged into it', () => {
    const { state, events } = ok(
      decideDemand(acknowledgedDemand(), { type: 'triageDemand', meeting, outcome: { kind: 'adopt', projectId: 900, projectTitle: '温塘一巷路面修复' } }, ctx('2026-09-22T03:00:00.000Z')),
    );
    expect(state.status).toBe('adopted');
    expect(state.triage?.meeting).toEqual(meeting);
    expect(eventsOf(events, 'projectOpenRequested')).toEqual([
      { type: 'projectOpenRequested', aggregate: 'demand', aggregateId: 1, projectId: 900, demandIds: [1] },
    ]);
    expect(eventsOf(events, 'deadlineCompleted')[0]).toMatchObject({ step: 'triage', late: false });
    expect(eventsOf(events, 'feedbackRequested')).toEqual([]);
  });

  it('R2.4 (b) existing policy names the department and contact in the reply to the proposer', () => {
    const { state, events } = ok(
      decideDemand(
        acknowledgedDemand(),
        {
          type: 'triageDemand',
          meeting,
          outcome: { kind: 'existingPolicy', departmentName: '东城街道城建办', policyName: '市政道路养护规定', contactName: '赵七', contactPhone: '0769-22110000' },
        },
        ctx('2026-09-22T03:00:00.000Z'),
      ),
    );
    expect(state.status).toBe('referred');
    const [fb] = eventsOf(events, 'feedbackRequested');
    expect(fb).toMatchObject({ kind: 'decision', demandIds: [1], data: { template: 'triageReferred', departmentName: '东城街道城建办' } });
  });

  it('R2.4 (c) a declined demand needs minutes and a reason, which goes to the proposer', () => {
    const noMinutes = refused(
      decideDemand(acknowledgedDemand(), { type: 'triageDemand', meeting: { ...meeting, minutesAttachmentIds: [] }, outcome: { kind: 'decline', reason: '' } }, ctx('2026-09-22T03:00:00.000Z')),
    );
    expect(noMinutes.details?.errors).toEqual([
      { field: 'meeting.minutesAttachmentIds', code: 'REQUIRED', message: '请上传“两委”联席会议纪要' },
      { field: 'outcome.reason', code: 'REQUIRED', message: '请填写不予采纳的原因' },
    ]);
    const { state, events } = ok(
      decideDemand(acknowledgedDemand(), { type: 'triageDemand', meeting, outcome: { kind: 'decline', reason: '该路段属市政道路，不属村（社区）范围' } }, ctx('2026-09-22T03:00:00.000Z')),
    );
    expect(state.status).toBe('declined');
    expect(eventsOf(events, 'feedbackRequested')[0]?.data).toEqual({
      template: 'triageDeclined',
      trackingNumber: 'MS2026-000001',
      reason: '该路段属市政道路，不属村（社区）范围',
    });
  });

  it('R2.4 the meeting cannot be dated in the future, and triage needs the receipt first', () => {
    expect(
      refused(decideDemand(acknowledgedDemand(), { type: 'triageDemand', meeting, outcome: { kind: 'decline', reason: '不属范围' } }, ctx('2026-09-22T01:00:00.000Z'))),
    ).toMatchObject({ rule: 'R2.4', code: 'MEETING_IN_FUTURE' });
    expect(
      refused(decideDemand(created(), { type: 'triageDemand', meeting, outcome: { kind: 'decline', reason: '不属范围' } }, ctx('2026-09-22T03:00:00.000Z'))),
    ).toMatchObject({ rule: 'R2.3', code: 'ACKNOWLEDGE_FIRST' });
  });

  it('R2.5 a misrouted demand goes back to the town with a reason; reassignment starts a new 24-hour clock', () => {
    expect(refused(decideDemand(created(), { type: 'returnDemand', reason: ' ' }, ctx('2026-09-21T04:00:00.000Z')))).toMatchObject({
      rule: 'R2.5',
      code: 'FORM_INVALID',
    });
    const returned = ok(decideDemand(created(), { type: 'returnDemand', reason: '地点属于相邻的周屋社区' }, ctx('2026-09-21T04:00:00.000Z')));
    expect(returned.state.status).toBe('returned');
    expect(eventsOf(returned.events, 'deadlineCancelled')).toEqual([
      { type: 'deadlineCancelled', aggregate: 'demand', aggregateId: 1, step: 'receipt', reason: '诉求退回镇（街道）' },
    ]);
    expect(refused(decideDemand(returned.state, { type: 'reassignDemand', communityId: 101, communityName: '东城街道周屋社区' }, ctx('2026-09-21T08:00:00.000Z')))).toMatchObject({
      rule: 'R0.8',
      code: 'FORBIDDEN_ROLE',
    });
    const { state, events } = ok(
      decideDemand(returned.state, { type: 'reassignDemand', communityId: 101, communityName: '东城街道周屋社区' }, ctx('2026-09-21T08:00:00.000Z', 'town_staff')),
    );
    expect(state).toMatchObject({ status: 'assigned', communityId: 101, communityName: '东城街道周屋社区' });
    expect(state.assignments.map((a) => [a.communityId, a.returnReason])).toEqual([
      [100, '地点属于相邻的周屋社区'],
      [101, null],
    ]);
    expect(eventsOf(events, 'deadlineSet')[0]).toMatchObject({ step: 'receipt', startedAt: '2026-09-21T08:00:00.000Z', due: '2026-09-22T08:00:00.000Z' });
    expect(state.deadlines.filter((d) => d.step === 'receipt').map((d) => [d.cancelledAt, d.due])).toEqual([
      ['2026-09-21T04:00:00.000Z', '2026-09-22T02:00:00.000Z'],
      [null, '2026-09-22T08:00:00.000Z'],
    ]);
  });

  it('R2.6 merged demands follow their primary: every proposer receives every later feedback', () => {
    const merge = { type: 'mergeDemands' as const, primaryDemandId: 1, mergedDemandIds: [2] };
    const secondary = ok(decideDemand(acknowledgedDemand(2), merge, ctx('2026-09-21T09:00:00.000Z')));
    expect(secondary.state).toMatchObject({ status: 'merged', mergedInto: 1 });
    expect(eventsOf(secondary.events, 'deadlineCancelled')[0]).toMatchObject({ step: 'triage' });
    const primary = ok(decideDemand(acknowledgedDemand(1), merge, ctx('2026-09-21T09:00:00.000Z')));
    expect(primary.state.linkedDemandIds).toEqual([2]);
    const declined = ok(decideDemand(primary.state, { type: 'triageDemand', meeting, outcome: { kind: 'decline', reason: '重复诉求已另案处理' } }, ctx('2026-09-22T03:00:00.000Z')));
    expect(eventsOf(declined.events, 'feedbackRequested')[0]?.demandIds).toEqual([1, 2]);
  });

  it('R2.6 a demand is merged only after its receipt, and never into itself', () => {
    const merge = { type: 'mergeDemands' as const, primaryDemandId: 1, mergedDemandIds: [1] };
    expect(refused(decideDemand(acknowledgedDemand(1), merge, ctx('2026-09-21T09:00:00.000Z')))).toMatchObject({ rule: 'R2.6', code: 'MERGE_INVALID' });
    expect(refused(decideDemand(created(), { ...merge, mergedDemandIds: [2] }, ctx('2026-09-21T09:00:00.000Z')))).toMatchObject({
      rule: 'R2.6',
      code: 'ACKNOWLEDGE_FIRST',
    });
  });

  it('R0.8 only the roles of the transitions table may act, and the public sees a masked demand', () => {
    expect(refused(decideDemand(created(), { type: 'acknowledgeDemand' }, ctx('2026-09-21T06:00:00.000Z', 'supervisor')))).toEqual({
      rule: 'R0.8',
      code: 'FORBIDDEN_ROLE',
      message: '当前角色无权「接收诉求」',
      details: { role: 'supervisor', action: 'acknowledgeDemand' },
    });
    // The public enters its own needs on the portal (R2.1) but acts on no demand.
    expect(decideDemand(null, createDemandCommand, ctx(CREATED_AT, 'public')).ok).toBe(true);
    expect(refused(decideDemand(created(), { type: 'acknowledgeDemand' }, ctx('2026-09-21T06:00:00.000Z', 'public'))).code).toBe('FORBIDDEN_ROLE');
    expect(publicDemandView(created())).toMatchObject({ proposerName: '张*', proposerPhone: '138****1234', status: '已交派待接收' });
  });

  it('R0.7 a state round-trips through JSON unchanged and the previous state is never mutated', () => {
    const before = created();
    const snapshot = JSON.stringify(before);
    const after = ok(decideDemand(before, { type: 'acknowledgeDemand' }, ctx('2026-09-21T06:00:00.000Z'))).state;
    expect(JSON.stringify(before)).toBe(snapshot);
    expect(JSON.parse(JSON.stringify(after))).toStrictEqual(after);
  });
});
