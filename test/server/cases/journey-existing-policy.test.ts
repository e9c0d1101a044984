/**
 * A project the town routes to an existing policy through the API (R4.2, R4.3, R7.1): 住建 co-reviews and finds it
 * solvable under a current policy, stamps the 登记备案表 (who, when, scanned copy), and the town transfers it to 住建
 * with the follow-up department and contact, which feedback 2 tells the proposer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import {
  act,
  at,
  basics,
  consult,
  consultationResult,
  deadline,
  eventLines,
  feedbackLines,
  newAccount,
  ok,
  openProject,
  refused,
  register,
  reviewPoints,
  step,
  timeline,
  unitId,
  unitOf,
  uploadAttachment,
  type ProjectView,
} from './flow.js';

const BUDGET = 12_000_000; // 12万元 in 分

for (const dialect of DIALECTS) {
  describe(`[${dialect}] existing-policy journey`, () => {
    let sys: TestSystem;
    let projectId: number;
    let demandId: number;
    let housing: number;

    const decision = () => ({
      outcome: 'existingPolicy' as const,
      townOfficeName: '东城街道公共服务办',
      points: reviewPoints('yes'),
      followUp: { departmentId: housing, departmentName: '东城街道住建', policyName: '老旧小区改造政策', contactName: '赵建明', contactPhone: '0769-22110000' },
      fiscalBudgetHolder: '东城街道',
    });

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      at(sys, '2026-09-28T02:00:00.000Z');
      const communityId = (await unitOf(sys, 'community')).id;
      housing = await unitId(sys, '东城街道住建');
      await newAccount(sys, 'housing', 'department_reviewer', housing);
      at(sys, '2026-09-28T06:00:00.000Z');
      projectId = await openProject(sys, 'community', {
        communityId,
        title: '示例社区一老旧小区排水改造',
        heldAt: '2026-09-28T05:00:00.000Z',
        demand: { channel: 'wechatGuanjia', title: '老旧小区雨污混流', description: '小区排水管老化，雨天污水倒灌。', location: '示例社区一2号小区' },
      });
      at(sys, '2026-09-29T02:00:00.000Z');
      ok(await consult(sys, 'community', projectId, { heldAt: '2026-09-29T01:00:00.000Z', result: consultationResult(BUDGET) }));
      at(sys, '2026-09-30T02:00:00.000Z');
      const submitted = ok(await register(sys, 'community', projectId, basics(BUDGET, { projectName: '示例社区一2号小区排水改造' }))).json<ProjectView>();
      demandId = submitted.state.demandIds[0] ?? 0;
      at(sys, '2026-10-08T02:00:00.000Z');
      await step(sys, 'town', projectId, 'reviewers', { departmentIds: [housing] });
    });
    afterAll(async () => sys.close());

    it('R4.2 住建 answers the four points and finds the project solvable by an existing policy', async () => {
      at(sys, '2026-10-08T06:00:00.000Z');
      const answered = await step(sys, 'housing', projectId, 'department-opinions', {
        points: reviewPoints('yes'),
        opinion: '属老旧小区改造政策范围，建议由住建部门按现行政策办理。',
      });
      expect(answered.state.reviewRounds[0]?.opinions).toEqual([
        expect.objectContaining({ departmentId: housing, departmentName: '住建', points: reviewPoints('yes') }),
      ]);
    });

    it('R4.3 the transfer is refused until the department has stamped the 登记备案表', async () => {
      at(sys, '2026-10-09T01:00:00.000Z');
      const refusal = refused(await act(sys, 'town', projectId, 'review-decision', { decision: decision() }), 422, 'STAMP_MISSING');
      expect(refusal.rule).toBe('R4.3');
    });

    it('R4.3 R0.8 a department stamps only for itself, citing a scanned copy of the stamped page', async () => {
      at(sys, '2026-10-09T02:00:00.000Z');
      const financeScan = await uploadAttachment(sys, 'finance', 'projects', projectId, 'stampScan');
      const notMine = refused(
        await act(sys, 'finance', projectId, 'stamps', { stamp: { departmentId: housing, stampedByName: '王国强', stampedOn: '2026-10-09', scanAttachmentId: financeScan } }),
        403,
        'FORBIDDEN_UNIT',
      );
      expect(notMine.rule).toBe('R0.8');

      const minutes = await uploadAttachment(sys, 'housing', 'projects', projectId, 'consultationMinutes');
      const wrongKind = refused(
        await act(sys, 'housing', projectId, 'stamps', { stamp: { departmentId: housing, stampedByName: '赵建明', stampedOn: '2026-10-09', scanAttachmentId: minutes } }),
        400,
        'VALIDATION_FAILED',
      );
      expect(wrongKind.fields).toEqual([{ field: 'stamp.scanAttachmentId', message: `附件 ${minutes} 应为“盖章扫描件”` }]);

      const scan = await uploadAttachment(sys, 'housing', 'projects', projectId, 'stampScan');
      const stamped = await step(sys, 'housing', projectId, 'stamps', {
        stamp: { departmentId: housing, stampedByName: '赵建明', stampedOn: '2026-10-09', scanAttachmentId: scan },
      });
      expect(stamped.state.reviewRounds[0]?.stamps).toEqual([
        expect.objectContaining({
          departmentId: housing,
          departmentName: '东城街道住建',
          stampedByName: '赵建明',
          stampedOn: '2026-10-09',
          scanAttachmentId: scan,
          recordedAt: '2026-10-09T02:00:00.000Z',
        }),
      ]);
    });

    it('R4.3 R7.1 the town transfers the project to 住建, records the follow-up department and contact, and feedback 2 tells the proposer', async () => {
      at(sys, '2026-10-09T06:00:00.000Z');
      const transferred = await step(sys, 'town', projectId, 'review-decision', { decision: decision() });
      expect(transferred.status).toBe('transferred');
      expect(transferred.state.registration?.townDecision).toMatchObject({
        outcome: 'existingPolicy' as const,
        reviewingDepartmentNames: ['住建'],
        followUp: { departmentId: housing, departmentName: '东城街道住建', contactName: '赵建明', contactPhone: '0769-22110000' },
      });
      expect(transferred.state.registration?.townOpinionText).toBe(
        '经住建部门审核，该项目不属于“民生大莞家”服务范围，由现行政策解决，通过东城街道住建老旧小区改造政策途径办理，所需经费从东城街道财政预算中列支。',
      );
      expect(deadline(transferred, 'review')?.status).toBe('done');

      const t = await timeline(sys, 'town', projectId);
      // A demand from the 莞家政务 WeChat account is answered on the portal and by SMS.
      expect(feedbackLines(t)).toEqual([`${demandId} decision portal`, `${demandId} decision sms`]);
      expect(t.feedbacks[0]?.body).toContain('已转交东城街道住建按照老旧小区改造政策办理，联系人：赵建明，联系电话：0769-22110000');
      expect(eventLines(t).filter((l) => !l.startsWith('uploadAttachment'))).toEqual([
        'triageDemand community',
        'recordConsultation community',
        'submitRegistration community',
        'assignReviewers town',
        'recordDepartmentOpinion housing',
        'recordStamp housing',
        'decideReview town',
      ]);
      expect(t.events.filter((e) => e.outcome === 'failure').map((e) => `${e.action} ${e.actor ?? ''}`)).toEqual(['recordStamp finance', 'decideReview town']);
    });

    it('R4.3 a transferred project leaves the 民生微实事 lifecycle', async () => {
      at(sys, '2026-10-10T02:00:00.000Z');
      refused(await act(sys, 'town', projectId, 'publicity', { days: 5, channels: ['projectPortal'] }), 409, 'INVALID_STATE');
    });
  });
}
