/** Project phase 3: R5.1 / R5.2 publicity, R5.3 objections and the start of implementation, R5.4 deadlines, R5.5 claims. */
import { describe, expect, it } from 'vitest';
import { decideProject, renderFeedback } from '../../../src/domain/lifecycle/index.js';
import { rulesConfigWith } from '../../../src/domain/rules-config.js';
import {
  TOWN_CHANNELS,
  completedProject,
  confirmedProject,
  ctx,
  eventsOf,
  ok,
  publicityEndedProject,
  publicizedProject,
  refused,
  registeredProject,
  step,
} from './fixtures.js';

const START_AT = '2026-10-14T02:00:00.000Z'; // Wed 10:00
const END_AT = '2026-10-19T16:00:00.000Z'; // 24:00 of Mon 10-19

describe('Project publicity and implementation', () => {
  it('R5.1 town publicity shorter than 5 days is refused', () => {
    const violation = refused(decideProject(confirmedProject({ budgetFen: 12_000_000 }), { type: 'startPublicity', days: 4, channels: TOWN_CHANNELS }, ctx(START_AT, 'town_staff')));
    expect(violation).toEqual({ rule: 'R5.1', code: 'PUBLICITY_TOO_SHORT', message: '公示时间不少于5日', details: { days: 4, minDays: 5 } });
  });

  it('R5.1 town publicity uses every required channel, may add its own, and ends at 24:00 of its fifth day', () => {
    const confirmed = confirmedProject({ budgetFen: 12_000_000 });
    expect(
      refused(decideProject(confirmed, { type: 'startPublicity', days: 5, channels: ['projectPortal', 'portal12345', 'wechatGuanjia', 'communityPlatform'] }, ctx(START_AT, 'town_staff'))),
    ).toMatchObject({ rule: 'R5.1', code: 'PUBLICITY_CHANNELS_MISSING', details: { missing: ['bureauWebsite'] } });
    expect(refused(decideProject(confirmed, { type: 'startPublicity', days: 5, channels: TOWN_CHANNELS }, ctx(START_AT))).code).toBe('FORBIDDEN_ROLE');
    const { state, events } = ok(decideProject(confirmed, { type: 'startPublicity', days: 5, channels: [...TOWN_CHANNELS, 'dongchengWeibo'] }, ctx(START_AT, 'town_staff')));
    expect(state.status).toBe('inPublicity');
    expect(state.publicity).toEqual({
      by: 'town',
      channels: [...TOWN_CHANNELS, 'dongchengWeibo'],
      days: 5,
      startedAt: START_AT,
      endsAt: END_AT,
      lastDay: '2026-10-19',
      endedAt: null,
    });
    expect(eventsOf(events, 'publicationRequested')).toEqual([
      {
        type: 'publicationRequested',
        aggregate: 'project',
        aggregateId: 900,
        kind: 'publicity',
        channels: [...TOWN_CHANNELS, 'dongchengWeibo'],
        startsAt: START_AT,
        endsAt: END_AT,
      },
    ]);
    expect(eventsOf(events, 'deadlineSet')[0]).toMatchObject({ step: 'publicityWindow', owner: 'system', due: END_AT });
  });

  it('R5.1 publicity cannot be ended before its window closes; the job ends it at the end instant', () => {
    const publicized = publicizedProject({ budgetFen: 12_000_000 });
    expect(refused(decideProject(publicized, { type: 'endPublicity' }, ctx('2026-10-19T15:59:59.999Z', 'system')))).toMatchObject({
      rule: 'R5.1',
      code: 'PUBLICITY_NOT_OVER',
      message: '公示期至2026-10-19结束，不能提前结束',
    });
    const { state, events } = ok(decideProject(publicized, { type: 'endPublicity' }, ctx(END_AT, 'system')));
    expect(state.status).toBe('publicityEnded');
    expect(state.publicity?.endedAt).toBe(END_AT);
    expect(eventsOf(events, 'deadlineCompleted')).toEqual([expect.objectContaining({ step: 'publicityWindow', late: false })]);
    expect(refused(decideProject(publicized, { type: 'endPublicity' }, ctx(END_AT, 'town_staff'))).code).toBe('FORBIDDEN_ROLE');
  });

  it('R5.2 the community publicizes a small project itself, 5 days by default, configurable per town', () => {
    const registered = registeredProject({ budgetFen: 3_000_000 });
    const byDefault = step(registered, { type: 'startPublicity', days: null, channels: ['projectPortal', 'noticeBoard'] }, START_AT);
    expect(byDefault.publicity).toMatchObject({ by: 'community', days: 5, endsAt: END_AT });
    expect(refused(decideProject(registered, { type: 'startPublicity', days: 3, channels: ['projectPortal'] }, ctx(START_AT)))).toMatchObject({
      rule: 'R5.2',
      code: 'PUBLICITY_TOO_SHORT',
    });
    const config = rulesConfigWith({ publicity: { communityDefaultDays: 7 } });
    const seven = step(registered, { type: 'startPublicity', days: null, channels: ['projectPortal'] }, START_AT, 'community_staff', config);
    // 10-14 + 7 = Wed 10-21.
    expect(seven.publicity).toMatchObject({ days: 7, lastDay: '2026-10-21', endsAt: '2026-10-21T16:00:00.000Z' });
  });

  it('R5.3 implementation cannot start before publicity has ended', () => {
    expect(refused(decideProject(publicizedProject({ budgetFen: 3_000_000 }), { type: 'startImplementation' }, ctx('2026-10-16T02:00:00.000Z')))).toEqual({
      rule: 'R5.3',
      code: 'PUBLICITY_NOT_ENDED',
      message: '项目须经公示且公示期满后方可组织实施',
    });
    expect(refused(decideProject(registeredProject({ budgetFen: 3_000_000 }), { type: 'startImplementation' }, ctx('2026-10-16T02:00:00.000Z'))).code).toBe(
      'PUBLICITY_NOT_ENDED',
    );
  });

  it('R5.3 an unanswered objection blocks implementation until it is answered', () => {
    const objection = { type: 'raiseObjection' as const, objectionId: 1, text: '施工期间请保留一侧通行', raisedByName: '孙九', contactPhone: '13900001111' };
    const raised = ok(decideProject(publicizedProject({ budgetFen: 3_000_000 }), objection, ctx('2026-10-15T02:00:00.000Z', 'public')));
    expect(eventsOf(raised.events, 'objectionRaised')).toEqual([{ type: 'objectionRaised', aggregate: 'project', aggregateId: 900, objectionId: 1 }]);
    const ended = step(raised.state, { type: 'endPublicity' }, END_AT, 'system');
    expect(refused(decideProject(ended, objection, ctx('2026-10-20T01:00:00.000Z', 'public')))).toMatchObject({ rule: 'R5.3', message: '异议须在公示期内提出' });
    expect(refused(decideProject(ended, { type: 'startImplementation' }, ctx('2026-10-20T02:00:00.000Z')))).toEqual({
      rule: 'R5.3',
      code: 'OBJECTIONS_UNANSWERED',
      message: '尚有1条异议未答复，不能开始实施',
      details: { objectionIds: [1] },
    });
    const answered = step(ended, { type: 'answerObjection', objectionId: 1, answer: '施工分段进行，保留单侧通行。' }, '2026-10-20T02:00:00.000Z');
    expect(answered.objections[0]?.answer).toEqual({ text: '施工分段进行，保留单侧通行。', answeredAt: '2026-10-20T02:00:00.000Z', answeredByUserId: 7 });
    expect(refused(decideProject(answered, { type: 'answerObjection', objectionId: 1, answer: '再答' }, ctx('2026-10-20T02:00:00.000Z'))).code).toBe(
      'OBJECTION_ALREADY_ANSWERED',
    );
    expect(step(answered, { type: 'startImplementation' }, '2026-10-20T03:00:00.000Z').status).toBe('implementing');
  });

  it('R5.4 small-path engineering is due complete one calendar month after the consultation', () => {
    const registered = registeredProject({ budgetFen: 3_000_000 });
    expect(registered.deadlines.find((d) => d.step === 'engineeringCompletion')).toMatchObject({
      rule: 'R5.4',
      kind: 'calendarMonths',
      startedAt: '2026-09-29T02:00:00.000Z',
      due: '2026-10-29T16:00:00.000Z',
      dueDate: '2026-10-29',
    });
    const completed = completedProject({ budgetFen: 3_000_000 });
    expect(completed.deadlines.find((d) => d.step === 'engineeringCompletion')?.doneAt).toBe('2026-11-20T02:00:00.000Z');
    expect(registeredProject({ budgetFen: 12_000_000 }).deadlines.some((d) => d.step === 'engineeringCompletion')).toBe(false);
  });

  it('R5.4 [reading] a service project must start within 10 days counted from the end of publicity', () => {
    const ended = publicityEndedProject({ budgetFen: 2_000_000, category: 'service' });
    // Publicity's last day is Mon 10-19; 10 days later is Thu 10-29.
    expect(ended.deadlines.find((d) => d.step === 'serviceStart')).toMatchObject({ rule: 'R5.4', due: '2026-10-29T16:00:00.000Z', dueDate: '2026-10-29', doneAt: null });
    const { events } = ok(decideProject(ended, { type: 'startImplementation' }, ctx('2026-10-30T02:00:00.000Z')));
    expect(eventsOf(events, 'deadlineCompleted')).toEqual([expect.objectContaining({ step: 'serviceStart', late: true })]);
  });

  it('R5.5 under 莞家直达 the project is claimed, the accepted claim fed back and its claimant implements', () => {
    const claimant = { kind: 'enterprise' as const, name: '东莞市爱心建材有限公司', contactName: '周十', contactPhone: '13700002222' };
    const express = publicizedProject({ budgetFen: 3_000_000 });
    expect(refused(decideProject(express, { type: 'claimProject', claimId: 1, claimant, note: '' }, ctx('2026-10-15T02:00:00.000Z', 'public')))).toMatchObject({
      rule: 'R5.5',
      code: 'NOT_DIRECT_MODE',
    });
    const direct = publicizedProject({ budgetFen: 3_000_000, mode: 'direct' });
    const claimed = ok(decideProject(direct, { type: 'claimProject', claimId: 1, claimant, note: '愿意捐赠建材并承接施工' }, ctx('2026-10-15T02:00:00.000Z', 'public')));
    expect(eventsOf(claimed.events, 'claimSubmitted')).toEqual([{ type: 'claimSubmitted', aggregate: 'project', aggregateId: 900, claimId: 1 }]);
    const ended = step(claimed.state, { type: 'endPublicity' }, END_AT, 'system');
    expect(refused(decideProject(ended, { type: 'startImplementation' }, ctx('2026-10-20T02:00:00.000Z')))).toMatchObject({ rule: 'R5.5', code: 'NOT_CLAIMED' });
    const { state, events } = ok(decideProject(ended, { type: 'decideClaim', claimId: 1, accepted: true, reason: null }, ctx('2026-10-20T02:00:00.000Z')));
    expect(state.implementer).toBe('东莞市爱心建材有限公司');
    const [feedback] = eventsOf(events, 'feedbackRequested');
    expect(feedback).toMatchObject({ kind: 'claim', demandIds: [1] });
    expect(feedback && renderFeedback(feedback.data, { trackingNumber: 'MS2026-000001' })).toBe(
      '您好！您反映的诉求（诉求编号：MS2026-000001）所涉项目「温塘一巷路面修复工程」已通过莞家直达由企业「东莞市爱心建材有限公司」认领，将由其承接实施。',
    );
    expect(refused(decideProject(state, { type: 'claimProject', claimId: 2, claimant, note: '' }, ctx('2026-10-20T03:00:00.000Z', 'public'))).code).toBe('ALREADY_CLAIMED');
    expect(step(state, { type: 'startImplementation' }, '2026-10-20T03:00:00.000Z').status).toBe('implementing');
  });
});
