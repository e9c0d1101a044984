/**
 * The town path end to end through the API (R3.5, R4.1–R4.4, R5.1, R6.3, R6.4, R6.6): a 30万元 engineering project
 * co-reviewed by 财政 and 住建 of 东城街道, funded from the special fund with the composed section 三 sentence,
 * publicized by the town on the R5.1 channels, implemented, filed without a survey and surveyed by the town.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import {
  act,
  at,
  basics,
  closureForm,
  consult,
  consultationResult,
  deadline,
  endPublicity,
  eventLines,
  feedbackLines,
  newAccount,
  ok,
  openProject,
  paperSheets,
  refused,
  register,
  reviewPoints,
  step,
  timeline,
  TOWN_CHANNELS,
  unitId,
  unitOf,
  type ProjectView,
} from './flow.js';

const BUDGET = 30_000_000; // 30万元 in 分
const OPINION_TEXT =
  '经财政/住建等部门审核，该项目属于“民生大莞家”服务范围，由“民生大莞家”服务机制解决，' +
  '通过莞家速递途径办理，所需经费从示例社区一“民生大莞家”专项资金中列支。';

for (const dialect of DIALECTS) {
  describe(`[${dialect}] town-review journey`, () => {
    let sys: TestSystem;
    let projectId: number;
    let demandId: number;
    let finance: number;
    let housing: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      at(sys, '2026-09-28T02:00:00.000Z');
      const communityId = (await unitOf(sys, 'community')).id;
      finance = await unitId(sys, '东城街道财政');
      housing = await unitId(sys, '东城街道住建');
      // The 住建 reviewer's account: created by the system administrator, activated by its holder.
      await newAccount(sys, 'housing', 'department_reviewer', housing);
      at(sys, '2026-09-28T06:00:00.000Z');
      projectId = await openProject(sys, 'community', { communityId, title: '示例社区一3巷路面改造', heldAt: '2026-09-28T05:00:00.000Z' });
      at(sys, '2026-09-29T02:00:00.000Z');
      ok(
        await consult(sys, 'community', projectId, {
          heldAt: '2026-09-29T01:00:00.000Z',
          result: consultationResult(BUDGET, { period: { start: '2026-10-15', end: '2026-11-30' } }),
        }),
      );
    });
    afterAll(async () => sys.close());

    it('R3.5 R4.1 a 30万 registration goes to the town, whose decision is due 5 working days later (R0.5: National Day skipped, the make-up Saturday counted)', async () => {
      at(sys, '2026-09-30T02:00:00.000Z');
      const submitted = ok(await register(sys, 'community', projectId, basics(BUDGET))).json<ProjectView>();
      demandId = submitted.state.demandIds[0] ?? 0;
      expect(submitted.status).toBe('underReview');
      expect(submitted.state.path).toBe('town');
      // Wed 09-30: Thu 10-08, Fri 10-09, Sat 10-10 (调休), Mon 10-12, Tue 10-13.
      expect(deadline(submitted, 'review')).toMatchObject({ rule: 'R4.1', due: '2026-10-13T16:00:00.000Z', dueDate: '2026-10-13', status: 'open' });
      expect(deadline(submitted, 'engineeringCompletion')).toBeUndefined();
      // No feedback 2 before the town has decided.
      expect((await timeline(sys, 'town', projectId)).feedbacks).toEqual([]);
    });

    it('R4.1 the town chooses 财政 and 住建 of its own town as co-reviewers; a department of another town is refused', async () => {
      at(sys, '2026-10-08T02:00:00.000Z');
      const otherTown = await unitId(sys, '南城街道财政');
      const bad = refused(await act(sys, 'town', projectId, 'reviewers', { departmentIds: [finance, otherTown] }), 400, 'VALIDATION_FAILED');
      expect(bad.fields).toEqual([{ field: 'departmentIds.1', message: '须为本镇（街道）的职能部门' }]);

      const assigned = await step(sys, 'town', projectId, 'reviewers', { departmentIds: [finance, housing] });
      expect(assigned.state.reviewRounds[0]?.reviewers).toEqual([
        { departmentId: finance, departmentName: '财政' },
        { departmentId: housing, departmentName: '住建' },
      ]);
    });

    it('R4.2 the town cannot decide before every co-reviewer has answered the four points, each with a verdict and a comment', async () => {
      at(sys, '2026-10-08T03:00:00.000Z');
      const early = refused(
        await act(sys, 'town', projectId, 'review-decision', { decision: { outcome: 'specialFund', townOfficeName: '东城街道公共服务办', points: reviewPoints() } }),
        422,
        'OPINIONS_MISSING',
      );
      expect(early).toMatchObject({ rule: 'R4.2', departmentIds: [finance, housing] });

      const points = reviewPoints();
      const blank = refused(
        await act(sys, 'finance', projectId, 'department-opinions', { points: { ...points, budgetReasonable: { verdict: 'yes', comment: ' ' } }, opinion: '同意' }),
        422,
        'FORM_INVALID',
      );
      expect(blank.rule).toBe('R4.2');
      expect(blank.fields?.map((f) => f.field)).toEqual(['points.budgetReasonable.comment']);

      const byFinance = await step(sys, 'finance', projectId, 'department-opinions', { points, opinion: '预算经财政审核合理，同意实施。' });
      expect(byFinance.state.reviewRounds[0]?.opinions.map((o) => [o.departmentName, o.points.budgetReasonable.verdict])).toEqual([['财政', 'yes']]);
      at(sys, '2026-10-08T05:00:00.000Z');
      await step(sys, 'housing', projectId, 'department-opinions', { points, opinion: '工程方案可行，同意实施。' });
    });

    it('R4.4 the special-fund decision composes the section 三 sentence from the data and sends it as feedback 2', async () => {
      at(sys, '2026-10-09T02:00:00.000Z');
      const confirmed = await step(sys, 'town', projectId, 'review-decision', {
        decision: { outcome: 'specialFund', townOfficeName: '东城街道公共服务办', points: reviewPoints() },
      });
      expect(confirmed.status).toBe('confirmed');
      expect(confirmed.state.registration?.townOpinionText).toBe(OPINION_TEXT);
      expect(confirmed.state.registration?.departmentOpinions.map((o) => o.departmentName)).toEqual(['财政', '住建']);
      expect(deadline(confirmed, 'review')?.status).toBe('done');

      const t = await timeline(sys, 'town', projectId);
      expect(feedbackLines(t)).toEqual([`${demandId} decision hotline12345`, `${demandId} decision portal`]);
      expect(t.feedbacks[0]?.body).toContain(OPINION_TEXT);
    });

    it('R5.1 the town publicizes on every R5.1 channel for at least 5 days; the community cannot publicize a town-confirmed project', async () => {
      at(sys, '2026-10-09T03:00:00.000Z');
      refused(await act(sys, 'community', projectId, 'publicity', { days: 5, channels: [...TOWN_CHANNELS] }), 403, 'FORBIDDEN_ROLE');
      const missing = refused(await act(sys, 'town', projectId, 'publicity', { days: 5, channels: ['projectPortal', 'portal12345'] }), 422, 'PUBLICITY_CHANNELS_MISSING');
      expect(missing).toMatchObject({ rule: 'R5.1', missing: ['wechatGuanjia', 'bureauWebsite', 'communityPlatform'] });

      const publicized = await step(sys, 'town', projectId, 'publicity', { days: 5, channels: [...TOWN_CHANNELS, 'townWebsite'] });
      expect(publicized.state.publicity).toMatchObject({ by: 'town', days: 5, lastDay: '2026-10-14', endsAt: '2026-10-14T16:00:00.000Z' });
      const rows = await sys.database.db.selectFrom('publication').selectAll().where('project_id', '=', projectId).where('kind', '=', 'publicity').execute();
      expect(rows.map((r) => r.channel).sort()).toEqual([...TOWN_CHANNELS, 'townWebsite'].sort());
      expect(rows.every((r) => r.ends_at === '2026-10-14T16:00:00.000Z')).toBe(true);
    });

    it('R5.3 R6.1 after publicity the community implements; the 结项表 is due 5 working days after completion', async () => {
      at(sys, '2026-10-14T16:00:00.000Z');
      await endPublicity(sys, projectId);
      at(sys, '2026-10-15T02:00:00.000Z');
      expect((await step(sys, 'community', projectId, 'implementation/start')).status).toBe('implementing');
      at(sys, '2026-11-16T02:00:00.000Z');
      const completed = await step(sys, 'community', projectId, 'implementation/complete');
      expect(deadline(completed, 'closure')).toMatchObject({ due: '2026-11-23T16:00:00.000Z', dueDate: '2026-11-23' });
    });

    it('R6.3 above 5万 the community files without a survey and the town surveys within 5 working days of receiving it', async () => {
      at(sys, '2026-11-17T02:00:00.000Z');
      const form = await closureForm(sys, 'community', projectId, {
        category: 'engineering',
        budgetFen: BUDGET,
        actualFen: 29_800_000,
        handlingMode: 'express',
        consultationDate: '2026-09-29',
        implementer: '东莞市某某建设工程有限公司',
        period: { start: '2026-10-15', end: '2026-11-16' },
      });
      const filed = await step(sys, 'community', projectId, 'closure', { form });
      expect(filed.status).toBe('surveying');
      expect(filed.state.closure?.form.survey).toBeNull();
      // Tue 11-17: Wed, Thu, Fri, Mon, Tue → end of Tue 11-24.
      expect(deadline(filed, 'townSurvey')).toMatchObject({ rule: 'R6.3', due: '2026-11-24T16:00:00.000Z', dueDate: '2026-11-24', status: 'open' });
      // The survey is now the town's.
      refused(await act(sys, 'community', projectId, 'survey/paper', { responses: paperSheets(1) }), 403, 'FORBIDDEN_ROLE');
    });

    it('R6.4 the town records 32 answer sheets, which completes section 五 of the 结项表', async () => {
      at(sys, '2026-11-19T02:00:00.000Z');
      await step(sys, 'town', projectId, 'survey/paper', { responses: paperSheets(32, 'satisfied', '2026-11-19') });
      const surveyed = await step(sys, 'town', projectId, 'survey/complete', { exceptionReason: null });
      expect(surveyed.status).toBe('closureFiled');
      expect(surveyed.state.closure?.form.survey).toMatchObject({ respondentCount: 32, complete: true, flagged: false });
      expect(deadline(surveyed, 'townSurvey')?.status).toBe('done');
    });

    it('R6.6 the town closes the project: the result is published on the publicity channels and feedback 3 sent', async () => {
      at(sys, '2026-11-20T02:00:00.000Z');
      expect((await step(sys, 'town', projectId, 'close')).status).toBe('closed');
      const rows = await sys.database.db.selectFrom('publication').selectAll().where('project_id', '=', projectId).where('kind', '=', 'result').execute();
      expect(rows.map((r) => r.channel).sort()).toEqual([...TOWN_CHANNELS, 'townWebsite'].sort());
      const t = await timeline(sys, 'supervisor', projectId);
      expect(feedbackLines(t)).toEqual([
        `${demandId} decision hotline12345`,
        `${demandId} decision portal`,
        `${demandId} result hotline12345`,
        `${demandId} result portal`,
      ]);
      expect(eventLines(t).filter((l) => !l.startsWith('uploadAttachment'))).toEqual([
        'triageDemand community',
        'recordConsultation community',
        'submitRegistration community',
        'assignReviewers town',
        'recordDepartmentOpinion finance',
        'recordDepartmentOpinion housing',
        'decideReview town',
        'startPublicity town',
        'endPublicity system',
        'startImplementation community',
        'completeImplementation community',
        'submitClosure community',
        'recordPaperSurvey town',
        'completeSurvey town',
        'closeProject town',
      ]);
    });
  });
}
