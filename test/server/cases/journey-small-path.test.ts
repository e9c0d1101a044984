/**
 * The small path end to end through the API (R3.4, R5.2–R5.4, R6.2, R6.6): a 3万元 engineering project under
 * 莞家速递 answering two merged demands (R2.6) — registered without town review, publicized by its community,
 * implemented after publicity, surveyed by 30 paper respondents, filed and closed with feedback 3 to both proposers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import {
  acknowledge,
  act,
  at,
  basics,
  closureForm,
  consult,
  consultationResult,
  createDemand,
  deadline,
  endPublicity,
  eventLines,
  feedbackLines,
  getProject,
  mergeDemands,
  ok,
  paperSheets,
  refused,
  register,
  step,
  timeline,
  triageAdopt,
  unitOf,
  type DemandView,
  type ProjectView,
} from './flow.js';

const BUDGET = 3_000_000; // 3万元 in 分

for (const dialect of DIALECTS) {
  describe(`[${dialect}] small-path journey`, () => {
    let sys: TestSystem;
    const community = 'community';
    const supervisor = 'supervisor';
    let communityId: number;
    let first: DemandView;
    let second: DemandView;
    let projectId: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      communityId = (await unitOf(sys, community)).id;
    });
    afterAll(async () => sys.close());

    it('R2.6 two demands about the same need are merged, and the 两委 meeting adopts them as one project', async () => {
      at(sys, '2026-09-28T02:00:00.000Z');
      first = await createDemand(sys, community, { communityId });
      second = await createDemand(sys, community, {
        communityId,
        channel: 'gridPatrol',
        proposer: { kind: 'masses', name: '梁志强', phone: '13922223333' },
        title: '3巷积水，路面坑洼',
        description: '网格员巡查发现3巷路面破损积水。',
      });
      at(sys, '2026-09-28T03:00:00.000Z');
      first = await acknowledge(sys, community, first);
      second = await acknowledge(sys, community, second);
      at(sys, '2026-09-28T04:00:00.000Z');
      first = await mergeDemands(sys, community, first, [second]);

      at(sys, '2026-09-28T06:00:00.000Z');
      projectId = await triageAdopt(sys, community, first, '示例社区一3巷路面修复', '2026-09-28T05:00:00.000Z');
      const project = await getProject(sys, community, projectId);
      expect(project.status).toBe('awaitingConsultation');
      expect([...project.state.demandIds].sort((a, b) => a - b)).toEqual([first.id, second.id]);
      // R3.1: 10 days after the meeting (Mon 09-28): 24:00 of Thu 10-08, a working day after the holiday.
      expect(deadline(project, 'consultation')).toMatchObject({ due: '2026-10-08T16:00:00.000Z', dueDate: '2026-10-08', status: 'open' });
    });

    it('R3.4 a 3万 registration takes the small path: no town review, feedback 2 to every proposer at submission', async () => {
      at(sys, '2026-09-29T02:00:00.000Z');
      const consulted = ok(
        await consult(sys, community, projectId, { heldAt: '2026-09-29T01:00:00.000Z', result: consultationResult(BUDGET) }),
      ).json<ProjectView>();
      expect(consulted.status).toBe('consulted');
      expect(deadline(consulted, 'consultation')?.status).toBe('done');

      at(sys, '2026-09-29T03:00:00.000Z');
      const registered = ok(await register(sys, community, projectId, basics(BUDGET))).json<ProjectView>();
      expect(registered.status).toBe('registered');
      expect(registered.state.path).toBe('small');
      expect(registered.state.reviewRounds).toEqual([]);
      expect(registered.deadlines.map((d) => d.step)).not.toContain('review');
      expect(registered.state.registration?.basics.sourceChannels).toEqual(['onlineHotline', 'massesProposal']);

      const t = await timeline(sys, community, projectId);
      // Feedback 2 to both proposers, each through the channel their demand came from (R7.1).
      expect(feedbackLines(t)).toEqual(
        [`${first.id} decision hotline12345`, `${first.id} decision portal`, `${second.id} decision portal`, `${second.id} decision sms`].sort(),
      );
      expect(t.feedbacks[0]?.body).toContain('3万元');
    });

    it('R5.4 small-path engineering is due 1 calendar month after the consultation', async () => {
      const project = await getProject(sys, community, projectId);
      expect(deadline(project, 'engineeringCompletion')).toMatchObject({
        rule: 'R5.4',
        startedAt: '2026-09-29T01:00:00.000Z',
        due: '2026-10-29T16:00:00.000Z',
        dueDate: '2026-10-29',
        status: 'open',
      });
    });

    it('R5.2 the community publicizes for 5 days by default (a shorter window is refused); R0.4 the window ends after the holiday', async () => {
      at(sys, '2026-09-29T04:00:00.000Z');
      const short = refused(await act(sys, community, projectId, 'publicity', { days: 4, channels: ['projectPortal', 'noticeBoard'] }), 422, 'PUBLICITY_TOO_SHORT');
      expect(short.rule).toBe('R5.2');

      const publicized = await step(sys, community, projectId, 'publicity', { days: null, channels: ['projectPortal', 'noticeBoard'] });
      expect(publicized.status).toBe('inPublicity');
      expect(publicized.state.publicity).toMatchObject({ by: 'community', days: 5, channels: ['projectPortal', 'noticeBoard'] });
      // 09-29 + 5 days is Sun 10-04, inside the National Day holiday: the window runs to the end of Thu 10-08.
      expect(deadline(publicized, 'publicityWindow')).toMatchObject({ due: '2026-10-08T16:00:00.000Z', dueDate: '2026-10-08' });
      const rows = await sys.database.db.selectFrom('publication').selectAll().where('project_id', '=', projectId).where('kind', '=', 'publicity').execute();
      expect(rows.map((r) => r.channel).sort()).toEqual(['noticeBoard', 'projectPortal']);
    });

    it('R5.3 implementation cannot start before publicity has ended', async () => {
      at(sys, '2026-10-08T02:00:00.000Z');
      const early = refused(await act(sys, community, projectId, 'implementation/start'), 409, 'PUBLICITY_NOT_ENDED');
      expect(early.rule).toBe('R5.3');

      at(sys, '2026-10-08T16:00:00.000Z');
      await endPublicity(sys, projectId);
      at(sys, '2026-10-09T02:00:00.000Z');
      const started = await step(sys, community, projectId, 'implementation/start');
      expect(started.status).toBe('implementing');
      expect(started.state.implementationStartedAt).toBe('2026-10-09T02:00:00.000Z');
    });

    it('R5.4 R6.1 completion inside the month stops its clock; the 结项表 is due 5 working days later', async () => {
      at(sys, '2026-10-20T02:00:00.000Z');
      const completed = await step(sys, community, projectId, 'implementation/complete');
      expect(completed.status).toBe('completed');
      expect(deadline(completed, 'engineeringCompletion')?.status).toBe('done');
      // Tue 10-20: Wed, Thu, Fri, Mon, Tue → end of Tue 10-27.
      expect(deadline(completed, 'closure')).toMatchObject({ rule: 'R6.1', due: '2026-10-27T16:00:00.000Z', dueDate: '2026-10-27', status: 'open' });
    });

    it('R6.2 the community surveys first: the 结项表 is refused without the survey, then filed with section 五 from 30 paper sheets', async () => {
      at(sys, '2026-10-21T02:00:00.000Z');
      const form = await closureForm(sys, community, projectId, {
        category: 'engineering',
        budgetFen: BUDGET,
        actualFen: 2_950_000,
        handlingMode: 'express',
        consultationDate: '2026-09-29',
        implementer: '东莞市某某建设工程有限公司',
        period: { start: '2026-10-09', end: '2026-10-20' },
      });
      const first = refused(await act(sys, community, projectId, 'closure', { form }), 409, 'SURVEY_FIRST');
      expect(first.rule).toBe('R6.2');

      const surveyed = await step(sys, community, projectId, 'survey/paper', { responses: paperSheets(30) });
      expect(surveyed.state.survey.responses).toHaveLength(30);
      expect(surveyed.state.survey.responses.every((r) => r.source === 'paper')).toBe(true);
      const completedSurvey = await step(sys, community, projectId, 'survey/complete', { exceptionReason: null });
      expect(completedSurvey.state.survey.summary).toMatchObject({ respondentCount: 30, complete: true, flagged: false, satisfaction: { percent: '100' } });

      at(sys, '2026-10-21T03:00:00.000Z');
      const filed = await step(sys, community, projectId, 'closure', { form });
      expect(filed.status).toBe('closureFiled');
      expect(filed.state.closure?.form.survey?.respondentCount).toBe(30);
      expect(deadline(filed, 'closure')?.status).toBe('done');
    });

    it('R6.6 closing publishes the result on the publicity channels and sends feedback 3 to every proposer', async () => {
      at(sys, '2026-10-22T02:00:00.000Z');
      const closed = await step(sys, community, projectId, 'close');
      expect(closed.status).toBe('closed');
      expect(closed.state.closedAt).toBe('2026-10-22T02:00:00.000Z');
      const rows = await sys.database.db.selectFrom('publication').selectAll().where('project_id', '=', projectId).where('kind', '=', 'result').execute();
      expect(rows.map((r) => r.channel).sort()).toEqual(['noticeBoard', 'projectPortal']);

      const t = await timeline(sys, community, projectId);
      const results = t.feedbacks.filter((f) => f.kind === 'result');
      expect(results.map((f) => `${f.demandId} ${f.channel}`).sort()).toEqual(
        [`${first.id} hotline12345`, `${first.id} portal`, `${second.id} portal`, `${second.id} sms`].sort(),
      );
      expect(results[0]?.body).toContain('2026年10月22日办结');
      expect(results[0]?.body).toContain('满意率100%');
    });

    it('R0.7 R7.2 the timeline records every step with its actor, and a supervisor of the town reads all of it', async () => {
      const t = await timeline(sys, supervisor, projectId);
      expect(eventLines(t).filter((l) => !l.startsWith('uploadAttachment'))).toEqual([
        'triageDemand community',
        'recordConsultation community',
        'submitRegistration community',
        'startPublicity community',
        'endPublicity system',
        'startImplementation community',
        'completeImplementation community',
        'recordPaperSurvey community',
        'completeSurvey community',
        'submitClosure community',
        'closeProject community',
      ]);
      // The refusals are on record too, as failures.
      expect(t.events.filter((e) => e.outcome === 'failure').map((e) => e.action).sort()).toEqual(['startImplementation', 'startPublicity', 'submitClosure']);
      // The supervisor sees the proposers' numbers masked (R0.8).
      const sms = t.feedbacks.filter((f) => f.channel === 'sms');
      expect(sms.map((f) => f.recipient)).toEqual(['139****3333', '139****3333']);
      expect((await timeline(sys, community, projectId)).feedbacks.filter((f) => f.channel === 'sms')[0]?.recipient).toBe('13922223333');
    });
  });
}
