/**
 * A service project under 莞家直达 through the API (R5.4, R5.5, R7.1): a 15万元 elderly-care service confirmed by the
 * town, claimed by a social organization during publicity, the claim accepted after publicity (the claim result
 * fed back to the proposer), and the service started inside its 10 days counted from the end of publicity.
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
  endPublicity,
  feedbackLines,
  getProject,
  ok,
  openProject,
  refused,
  register,
  reviewPoints,
  step,
  timeline,
  TOWN_CHANNELS,
  unitOf,
  type ProjectView,
} from './flow.js';

const BUDGET = 15_000_000; // 15万元 in 分
const CLAIMANT = { kind: 'organization', name: '东莞市某某社会工作服务中心', contactName: '何敏', contactPhone: '13800001111' } as const;

for (const dialect of DIALECTS) {
  describe(`[${dialect}] 莞家直达 claim journey`, () => {
    let sys: TestSystem;
    let projectId: number;
    let demandId: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      at(sys, '2026-09-28T06:00:00.000Z');
      const communityId = (await unitOf(sys, 'community')).id;
      projectId = await openProject(sys, 'community', {
        communityId,
        title: '示例社区一长者助餐服务',
        heldAt: '2026-09-28T05:00:00.000Z',
        demand: { title: '社区独居老人吃饭难', description: '希望社区为独居老人提供助餐服务。', location: '示例社区一' },
      });
      at(sys, '2026-09-29T02:00:00.000Z');
      const result = {
        ...consultationResult(BUDGET, { mode: 'direct', period: { start: '2026-10-20', end: '2026-12-31' }, implementer: '待认领方承接' }),
        content: '为辖区60岁以上独居老人提供每周五天午餐配送服务。',
        beneficiaries: '辖区独居老人约60人',
      };
      ok(await consult(sys, 'community', projectId, { heldAt: '2026-09-29T01:00:00.000Z', result }));
      at(sys, '2026-09-30T02:00:00.000Z');
      const registered = ok(
        await register(
          sys,
          'community',
          projectId,
          basics(BUDGET, { category: 'service', subcategory: 'S1', projectName: '示例社区一长者助餐服务', content: '独居老人助餐配送服务。' }),
        ),
      ).json<ProjectView>();
      demandId = registered.state.demandIds[0] ?? 0;
      expect(registered.status).toBe('underReview');
    });
    afterAll(async () => sys.close());

    it('R4.4 R5.5 the town confirms the 莞家直达 project; the sentence names the handling mode', async () => {
      at(sys, '2026-10-08T02:00:00.000Z');
      const confirmed = await step(sys, 'town', projectId, 'review-decision', {
        decision: { outcome: 'specialFund', townOfficeName: '东城街道公共服务办', points: reviewPoints() },
      });
      expect(confirmed.status).toBe('confirmed');
      expect(confirmed.state.registration?.townOpinionText).toBe(
        '经东城街道公共服务办审核，该项目属于“民生大莞家”服务范围，由“民生大莞家”服务机制解决，' +
          '通过莞家直达途径办理，所需经费从示例社区一“民生大莞家”专项资金中列支。',
      );
    });

    it('R5.5 claimants come forward during publicity, each claim numbered in turn', async () => {
      at(sys, '2026-10-09T02:00:00.000Z');
      const publicized = await step(sys, 'town', projectId, 'publicity', { days: 5, channels: [...TOWN_CHANNELS] });
      expect(publicized.state.publicity).toMatchObject({ lastDay: '2026-10-14', endsAt: '2026-10-14T16:00:00.000Z' });

      at(sys, '2026-10-12T02:00:00.000Z');
      const claimed = await step(sys, 'community', projectId, 'claims', { claimant: CLAIMANT, note: '本中心有长者助餐服务经验，愿承接。' });
      at(sys, '2026-10-12T03:00:00.000Z');
      const twice = await step(sys, 'town', projectId, 'claims', {
        claimant: { kind: 'enterprise', name: '东莞市某某餐饮有限公司', contactName: '罗军', contactPhone: '13700002222' },
        note: '愿意提供配餐。',
      });
      expect(claimed.state.claims.map((c) => c.id)).toEqual([1]);
      expect(twice.state.claims.map((c) => [c.id, c.claimant.name, c.decision])).toEqual([
        [1, CLAIMANT.name, null],
        [2, '东莞市某某餐饮有限公司', null],
      ]);
      // A supervisor reads the claimant's phone masked (R0.8).
      const seen = await getProject(sys, 'supervisor', projectId);
      expect(seen.state.claims[0]?.claimant.contactPhone).toBe('138****1111');
    });

    it('R5.4 after publicity a service project must start within 10 days of its end; R0.4 the last day moves past the weekend', async () => {
      at(sys, '2026-10-14T16:00:00.000Z');
      await endPublicity(sys, projectId);
      const ended = await getProject(sys, 'community', projectId);
      expect(ended.status).toBe('publicityEnded');
      // Last publicity day Wed 10-14, + 10 days = Sat 10-24 → end of Mon 10-26.
      expect(deadline(ended, 'serviceStart')).toMatchObject({ rule: 'R5.4', due: '2026-10-26T16:00:00.000Z', dueDate: '2026-10-26', status: 'open' });
    });

    it('R5.5 a 莞家直达 project cannot start before a claim is accepted', async () => {
      at(sys, '2026-10-15T02:00:00.000Z');
      const refusal = refused(await act(sys, 'community', projectId, 'implementation/start'), 409, 'NOT_CLAIMED');
      expect(refusal.rule).toBe('R5.5');
    });

    it('R5.5 R7.1 accepting a claim makes the claimant the implementer and feeds the claim result back to the proposer', async () => {
      at(sys, '2026-10-15T03:00:00.000Z');
      const accepted = await step(sys, 'town', projectId, 'claims/1/decision', { accepted: true, reason: null });
      expect(accepted.state.implementer).toBe(CLAIMANT.name);
      expect(accepted.state.claims[0]?.decision).toMatchObject({ accepted: true, decidedAt: '2026-10-15T03:00:00.000Z' });

      const again = refused(await act(sys, 'town', projectId, 'claims/2/decision', { accepted: true, reason: null }), 409, 'ALREADY_CLAIMED');
      expect(again.rule).toBe('R5.5');
      refused(await act(sys, 'town', projectId, 'claims/2/decision', { accepted: false, reason: null }), 422, 'FORM_INVALID');
      const declined = await step(sys, 'town', projectId, 'claims/2/decision', { accepted: false, reason: '已确认其他认领方' });
      expect(declined.state.claims[1]?.decision).toMatchObject({ accepted: false, reason: '已确认其他认领方' });
      refused(await act(sys, 'town', projectId, 'claims/9/decision', { accepted: true, reason: null }), 404, 'CLAIM_NOT_FOUND');

      const t = await timeline(sys, 'community', projectId);
      expect(feedbackLines(t)).toEqual([
        `${demandId} claim hotline12345`,
        `${demandId} claim portal`,
        `${demandId} decision hotline12345`,
        `${demandId} decision portal`,
      ]);
      const claim = t.feedbacks.find((f) => f.kind === 'claim');
      expect(claim?.body).toContain(`社会组织「${CLAIMANT.name}」认领`);
    });

    it('R5.4 the service starts inside its 10 days: the clock stops on time', async () => {
      at(sys, '2026-10-16T02:00:00.000Z');
      const started = await step(sys, 'community', projectId, 'implementation/start');
      expect(started.status).toBe('implementing');
      expect(deadline(started, 'serviceStart')?.status).toBe('done');
      const t = await timeline(sys, 'town', projectId);
      expect(t.events.filter((e) => e.action === 'decideClaim' && e.outcome === 'success').map((e) => e.actor)).toEqual(['town', 'town']);
      expect(t.events.filter((e) => e.action === 'claimProject').map((e) => e.actor)).toEqual(['town', 'community']);
      // People read who acted by name, not by account.
      const town = await sys.database.db.selectFrom('app_user').select('display_name').where('username', '=', 'town').executeTakeFirstOrThrow();
      expect(t.events.filter((e) => e.action === 'decideClaim' && e.outcome === 'success').map((e) => e.actorName)).toEqual([town.display_name, town.display_name]);
    });
  });
}
