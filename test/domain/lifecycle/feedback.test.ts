/** R7.1 every demand receives receipt, decision and result feedback (plus the claim result under 莞家直达), from templates. */
import { describe, expect, it } from 'vitest';
import {
  FEEDBACK_KIND_OF_TEMPLATE,
  decideDemand,
  decideProject,
  openProjectCommand,
  renderFeedback,
  type FeedbackData,
  type LifecycleEvent,
  type ProjectState,
} from '../../../src/domain/lifecycle/index.js';
import {
  basics,
  closureForm,
  consultation,
  createDemandCommand,
  ctx,
  eventsOf,
  meeting,
  ok,
  responses,
} from './fixtures.js';

describe('feedback', () => {
  it('R7.1 a demand handled under 莞家直达 receives receipt, decision, claim and result feedback, in that order', () => {
    const all: LifecycleEvent[] = [];
    const collect = <S>(result: { state: S; events: readonly LifecycleEvent[] }): S => {
      all.push(...result.events);
      return result.state;
    };
    let demand = collect(ok(decideDemand(null, createDemandCommand, ctx('2026-09-21T02:00:00.000Z', 'town_staff'))));
    demand = collect(ok(decideDemand(demand, { type: 'acknowledgeDemand' }, ctx('2026-09-21T06:00:00.000Z'))));
    const outcome = { kind: 'adopt' as const, projectId: 900, projectTitle: '温塘一巷路面修复' };
    demand = collect(ok(decideDemand(demand, { type: 'triageDemand', meeting, outcome }, ctx('2026-09-22T03:00:00.000Z'))));
    const run = (state: ProjectState | null, command: Parameters<typeof decideProject>[1], at: string, role: Parameters<typeof ctx>[1] = 'community_staff'): ProjectState =>
      collect(ok(decideProject(state, command, ctx(at, role))));
    let p = run(null, openProjectCommand(demand, { meeting, outcome }), '2026-09-22T03:00:00.000Z');
    p = run(p, { type: 'recordConsultation', consultation: consultation(3_000_000, {}, 'direct') }, '2026-09-29T03:00:00.000Z');
    p = run(p, { type: 'submitRegistration', basics: basics(3_000_000), recentSmallProjects: [] }, '2026-09-30T02:00:00.000Z');
    p = run(p, { type: 'startPublicity', days: null, channels: ['projectPortal'] }, '2026-10-14T02:00:00.000Z');
    p = run(p, { type: 'claimProject', claimId: 1, claimant: { kind: 'organization', name: '东城义工联', contactName: '吴一', contactPhone: '13600003333' }, note: '' }, '2026-10-15T02:00:00.000Z', 'public');
    p = run(p, { type: 'endPublicity' }, '2026-10-19T16:00:00.000Z', 'system');
    p = run(p, { type: 'decideClaim', claimId: 1, accepted: true, reason: null }, '2026-10-20T01:00:00.000Z');
    p = run(p, { type: 'startImplementation' }, '2026-10-20T02:00:00.000Z');
    p = run(p, { type: 'completeImplementation' }, '2026-11-20T02:00:00.000Z');
    p = run(p, { type: 'recordPaperSurvey', responses: responses(30) }, '2026-11-21T02:00:00.000Z');
    p = run(p, { type: 'completeSurvey', exceptionReason: null }, '2026-11-22T02:00:00.000Z');
    p = run(p, { type: 'submitClosure', form: closureForm('engineering', 3_000_000, { handlingMode: 'direct', implementer: '东城义工联' }) }, '2026-11-23T02:00:00.000Z');
    p = run(p, { type: 'closeProject' }, '2026-11-24T02:00:00.000Z');
    expect(p.status).toBe('closed');
    const feedbacks = eventsOf(all, 'feedbackRequested');
    expect(feedbacks.map((f) => [f.kind, f.data.template, f.demandIds])).toEqual([
      ['receipt', 'receipt', [1]],
      ['decision', 'smallPathRegistered', [1]],
      ['claim', 'claimAccepted', [1]],
      ['result', 'projectClosed', [1]],
    ]);
    expect(JSON.parse(JSON.stringify(p))).toStrictEqual(p);
  });

  it('R7.1 every template renders Chinese text from its data alone', () => {
    const samples: FeedbackData[] = [
      { template: 'triageReferred', trackingNumber: 'MS1', departmentName: '城建办', policyName: null, contactName: '赵七', contactPhone: '0769-22110000' },
      { template: 'projectTerminated', projectName: '路灯美化', reason: '协商未达成共识' },
      { template: 'townExistingPolicy', projectName: '路面修复', departmentName: '住建部门', policyName: '老旧小区改造政策', contactName: '赵七', contactPhone: '0769-22110000' },
      { template: 'townSpecialFund', projectName: '长者饭堂', opinionText: '经财政部门审核，……。' },
    ];
    expect(samples.map((d) => renderFeedback(d))).toEqual([
      '您好！您反映的诉求（编号：MS1）经村（社区）“两委”联席会议研究，可由现行政策解决，已转交城建办跟进办理，联系人：赵七，联系电话：0769-22110000。',
      '您好！您反映的诉求所涉“民生微实事”项目「路灯美化」经城乡社区协商后终止实施。原因：协商未达成共识。',
      '您好！您反映的诉求所涉项目「路面修复」经镇（街道）审核，由现行政策解决，已转交住建部门按照老旧小区改造政策办理，联系人：赵七，联系电话：0769-22110000。',
      '您好！您反映的诉求所涉项目「长者饭堂」已经镇（街道）审核确认：经财政部门审核，……。项目经公示后实施。',
    ]);
    expect(Object.values(FEEDBACK_KIND_OF_TEMPLATE).sort()).toEqual(['claim', 'decision', 'decision', 'decision', 'decision', 'decision', 'decision', 'receipt', 'result']);
  });
});
