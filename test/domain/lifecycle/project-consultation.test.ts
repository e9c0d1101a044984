/** Project phase 1: R3.1 consultation within 10 days, R3.3 failure path and termination, R2.6 merges into a project. */
import { describe, expect, it } from 'vitest';
import { decideDemand, decideProject, openProjectCommand, type ProjectState } from '../../../src/domain/lifecycle/index.js';
import {
  acknowledgedDemand,
  basics,
  consultation,
  consultationResult,
  ctx,
  eventsOf,
  meeting,
  ok,
  openCommand,
  refused,
  registeredProject,
  step,
} from './fixtures.js';

const OPEN_AT = '2026-09-22T03:00:00.000Z';

function opened(): ProjectState {
  return step(null, openCommand(), OPEN_AT);
}

function failed(): ProjectState {
  return step(opened(), { type: 'recordConsultation', consultation: consultation(3_000_000, { passed: false }) }, '2026-09-29T03:00:00.000Z');
}

function studied(): ProjectState {
  return step(
    failed(),
    { type: 'recordFeasibilityStudy', study: { summary: '缩小修复范围后预算可控，建议提交居民代表会议表决', recommendation: 'assemblyVote', attachmentIds: [801] } },
    '2026-10-09T02:00:00.000Z',
  );
}

const vote = {
  heldAt: '2026-10-12T02:00:00.000Z',
  present: 40,
  votesFor: 30,
  votesAgainst: 8,
  abstentions: 2,
  minutesAttachmentIds: [802],
  result: consultationResult(2_500_000),
};

describe('Project consultation', () => {
  it('R3.1 the project opens from the adopted demand with a consultation due 10 days after the 两委 meeting, past National Day', () => {
    const demand = ok(
      decideDemand(acknowledgedDemand(), { type: 'triageDemand', meeting, outcome: { kind: 'adopt', projectId: 900, projectTitle: '温塘一巷路面修复' } }, ctx(OPEN_AT)),
    ).state;
    const command = openProjectCommand(demand, { meeting, outcome: { kind: 'adopt', projectId: 900, projectTitle: '温塘一巷路面修复' } });
    expect(command).toEqual(openCommand());
    const { state, events } = ok(decideProject(null, command, ctx(OPEN_AT)));
    expect(state).toMatchObject({ status: 'awaitingConsultation', demandIds: [1], collection: 'daily', year: 2026, openedAt: OPEN_AT });
    // 09-22 + 10 = 10-02, a National Day holiday: moved to the first working day, Thu 10-08.
    expect(eventsOf(events, 'deadlineSet')).toEqual([
      {
        type: 'deadlineSet',
        aggregate: 'project',
        aggregateId: 900,
        step: 'consultation',
        rule: 'R3.1',
        owner: 'community',
        startedAt: '2026-09-22T02:00:00.000Z',
        due: '2026-10-08T16:00:00.000Z',
        dueDate: '2026-10-08',
        provisional: false,
        warnings: [],
      },
    ]);
  });

  it('R3.1 a last day on a 调休 Saturday is a working day and stays', () => {
    const state = step(null, openCommand({ meeting: { ...meeting, heldAt: '2026-09-30T02:00:00.000Z' } }), '2026-09-30T03:00:00.000Z');
    expect(state.deadlines[0]).toMatchObject({ step: 'consultation', dueDate: '2026-10-10', due: '2026-10-10T16:00:00.000Z' });
  });

  it('R3.1 records the consultation as on section 二 and refuses missing fields', () => {
    const violation = refused(
      decideProject(opened(), { type: 'recordConsultation', consultation: consultation(3_000_000, { recorderName: '', minutesAttachmentIds: [] }) }, ctx('2026-09-29T03:00:00.000Z')),
    );
    expect(violation).toMatchObject({ rule: 'R3.1', code: 'FORM_INVALID' });
    expect(violation.details?.errors).toEqual([
      { field: 'consultation.recorderName', code: 'REQUIRED', message: '请填写记录人' },
      { field: 'consultation.minutesAttachmentIds', code: 'REQUIRED', message: '请上传协商会议记录' },
    ]);
    const { state, events } = ok(decideProject(opened(), { type: 'recordConsultation', consultation: consultation(3_000_000) }, ctx('2026-09-29T03:00:00.000Z')));
    expect(state.status).toBe('consulted');
    expect(state.agreement).toEqual({ via: 'consultation', agreedAt: '2026-09-29T02:00:00.000Z', result: consultationResult(3_000_000) });
    expect(state.implementer).toBe('东莞市某某建设工程有限公司');
    expect(eventsOf(events, 'deadlineCompleted')).toEqual([
      { type: 'deadlineCompleted', aggregate: 'project', aggregateId: 900, step: 'consultation', doneAt: '2026-09-29T03:00:00.000Z', late: false },
    ]);
  });

  it('R3.2 a consulted project is ready to submit its registration', () => {
    const state = step(opened(), { type: 'recordConsultation', consultation: consultation(3_000_000) }, '2026-09-29T03:00:00.000Z');
    expect(state.status).toBe('consulted');
    expect(registeredProject({ budgetFen: 3_000_000 }).registration?.consultation).toEqual(consultation(3_000_000));
  });

  it('R3.3 a failed consultation needs a feasibility study before an assembly vote, which adopts the plan', () => {
    expect(failed().status).toBe('consultationFailed');
    expect(refused(decideProject(failed(), { type: 'recordAssemblyVote', vote }, ctx('2026-10-12T03:00:00.000Z')))).toMatchObject({
      rule: 'R3.3',
      code: 'INVALID_STATE',
    });
    expect(
      refused(decideProject(opened(), { type: 'recordFeasibilityStudy', study: { summary: 'x', recommendation: 'reconsult', attachmentIds: [] } }, ctx('2026-09-29T03:00:00.000Z'))),
    ).toMatchObject({ rule: 'R3.3', code: 'CONSULTATION_NOT_FAILED' });
    expect(studied().feasibilityStudies).toEqual([
      { summary: '缩小修复范围后预算可控，建议提交居民代表会议表决', recommendation: 'assemblyVote', attachmentIds: [801], recordedAt: '2026-10-09T02:00:00.000Z' },
    ]);
    const voted = step(studied(), { type: 'recordAssemblyVote', vote }, '2026-10-12T03:00:00.000Z');
    expect(voted.status).toBe('consulted');
    expect(voted.assemblyVotes[0]?.passed).toBe(true);
    expect(voted.agreement).toEqual({ via: 'assemblyVote', agreedAt: '2026-10-12T02:00:00.000Z', result: consultationResult(2_500_000) });
    const registered = step(voted, { type: 'submitRegistration', basics: basics(2_500_000), recentSmallProjects: [] }, '2026-10-12T04:00:00.000Z');
    expect(registered.registration?.assemblyVote?.votesFor).toBe(30);
    expect(registered.registration?.agreedResult.budgetFen).toBe(2_500_000);
  });

  it('R3.3 [reading] a vote passes only with more than half of those present; a tie fails', () => {
    const tie = step(studied(), { type: 'recordAssemblyVote', vote: { ...vote, votesFor: 20, votesAgainst: 20, abstentions: 0 } }, '2026-10-12T03:00:00.000Z');
    expect(tie.status).toBe('consultationFailed');
    expect(tie.assemblyVotes[0]?.passed).toBe(false);
    expect(tie.agreement).toBeNull();
  });

  it('R3.3 after the study a later re-consultation can pass', () => {
    const again = step(studied(), { type: 'recordConsultation', consultation: consultation(2_000_000, { heldAt: '2026-10-15T02:00:00.000Z' }) }, '2026-10-15T03:00:00.000Z');
    expect(again.status).toBe('consulted');
    expect(again.consultations).toHaveLength(2);
    expect(again.agreement?.agreedAt).toBe('2026-10-15T02:00:00.000Z');
  });

  it('R3.3 a project can be terminated with its reason fed back to every proposer', () => {
    expect(refused(decideProject(failed(), { type: 'terminateProject', reason: '' }, ctx('2026-10-09T02:00:00.000Z'))).code).toBe('FORM_INVALID');
    const { state, events } = ok(decideProject(opened(), { type: 'terminateProject', reason: '居民意见分歧较大，暂缓实施' }, ctx('2026-09-25T02:00:00.000Z')));
    expect(state).toMatchObject({ status: 'terminated', termination: { at: '2026-09-25T02:00:00.000Z', reason: '居民意见分歧较大，暂缓实施' } });
    expect(eventsOf(events, 'deadlineCancelled').map((e) => e.step)).toEqual(['consultation']);
    expect(eventsOf(events, 'feedbackRequested')).toEqual([
      {
        type: 'feedbackRequested',
        aggregate: 'project',
        aggregateId: 900,
        kind: 'decision',
        demandIds: [1],
        data: { template: 'projectTerminated', projectName: '温塘一巷路面修复', reason: '居民意见分歧较大，暂缓实施' },
      },
    ]);
    expect(refused(decideProject(state, { type: 'recordConsultation', consultation: consultation(1) }, ctx('2026-09-26T02:00:00.000Z'))).code).toBe('INVALID_STATE');
  });

  it('R2.6 a demand merged into a running project receives the feedbacks already sent', () => {
    const registered = registeredProject({ budgetFen: 3_000_000 });
    const { state, events } = ok(
      decideProject(
        registered,
        { type: 'mergeDemands', primaryDemandId: 1, mergedDemandIds: [5], sources: [{ demandId: 5, channel: 'gridPatrol', proposerKind: 'representatives' }] },
        ctx('2026-10-01T02:00:00.000Z', 'town_staff'),
      ),
    );
    expect(state.demandIds).toEqual([1, 5]);
    expect(state.sources.map((s) => s.demandId)).toEqual([1, 5]);
    const resent = eventsOf(events, 'feedbackRequested');
    expect(resent).toHaveLength(1);
    expect(resent[0]).toMatchObject({ kind: 'decision', demandIds: [5], data: { template: 'smallPathRegistered' } });
    expect(
      refused(decideProject(registered, { type: 'mergeDemands', primaryDemandId: 9, mergedDemandIds: [5], sources: [] }, ctx('2026-10-01T02:00:00.000Z'))).code,
    ).toBe('MERGE_INVALID');
  });
});
