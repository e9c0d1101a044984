/**
 * The ways a project action is refused or takes its other branch, through the API: the failed consultation (R3.3),
 * return and resubmission (R4.5), the survey minimum and its exception (R6.4), the over-cap justification (R1.2),
 * possible splitting (R1.3), jurisdiction (R0.8), stale versions and two clerks at once, unanswered objections
 * (R5.3), a too-short publicity (R5.1), and the overdue steps the level above sees (R7.2).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import {
  act,
  at,
  basics,
  call,
  consult,
  consultationResult,
  deadline,
  endPublicity,
  feedbackLines,
  getProject,
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
  uploadAttachment,
  versionOf,
  type ProjectView,
} from './flow.js';

const SMALL = 3_000_000; // 3万元
const LARGE = 30_000_000; // 30万元
const OVER_CAP = 60_000_000; // 60万元, over the 50万 engineering cap

interface ListView {
  readonly total: number;
  readonly items: readonly { readonly id: number; readonly flags: readonly { flag: string; label: string }[] }[];
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] project failure paths`, () => {
    let sys: TestSystem;
    let communityId: number;

    /** A project adopted at `day` 14:00 (Asia/Shanghai) and consulted an hour later with the given budget. */
    async function consulted(day: string, title: string, budgetFen: number): Promise<number> {
      at(sys, `${day}T06:00:00.000Z`);
      const id = await openProject(sys, 'community', { communityId, title, heldAt: `${day}T05:00:00.000Z` });
      at(sys, `${day}T08:00:00.000Z`);
      ok(await consult(sys, 'community', id, { heldAt: `${day}T07:00:00.000Z`, result: consultationResult(budgetFen) }));
      return id;
    }

    /** A small-path project at `location`, registered on 09-29 and publicized by its community from then. */
    async function smallInPublicity(title: string, location: string): Promise<number> {
      const id = await consulted('2026-09-28', title, SMALL);
      at(sys, '2026-09-29T02:00:00.000Z');
      ok(await register(sys, 'community', id, basics(SMALL, { location })));
      at(sys, '2026-09-29T03:00:00.000Z');
      await step(sys, 'community', id, 'publicity', { channels: ['projectPortal', 'noticeBoard'] });
      return id;
    }

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      communityId = (await unitOf(sys, 'community')).id;
    });
    afterAll(async () => sys.close());

    it('R3.3 a failed consultation needs a feasibility study before a vote; a vote of exactly half fails, a majority adopts the plan', async () => {
      at(sys, '2026-09-28T06:00:00.000Z');
      const id = await openProject(sys, 'community', { communityId, title: '示例社区一篮球场改造', heldAt: '2026-09-28T05:00:00.000Z' });
      at(sys, '2026-09-29T02:00:00.000Z');
      const failed = ok(await consult(sys, 'community', id, { heldAt: '2026-09-29T01:00:00.000Z', passed: false, result: null })).json<ProjectView>();
      expect(failed.status).toBe('consultationFailed');
      expect(deadline(failed, 'consultation')?.status).toBe('done');

      const minutes = await uploadAttachment(sys, 'community', 'projects', id, 'voteMinutes');
      const vote = (votesFor: number, heldAt: string) => ({
        vote: { heldAt, present: 40, votesFor, votesAgainst: 40 - votesFor - 2, abstentions: 2, minutesAttachmentIds: [minutes], result: consultationResult(SMALL) },
      });
      const tooEarly = refused(await act(sys, 'community', id, 'assembly-votes', vote(31, '2026-09-29T01:30:00.000Z')), 409, 'INVALID_STATE');
      expect(tooEarly.rule).toBe('R3.3');

      const study = async () => {
        const report = await uploadAttachment(sys, 'community', 'projects', id, 'feasibilityReport');
        return step(sys, 'community', id, 'feasibility-studies', {
          study: { summary: '方案可行，建议提交居民代表会议表决。', recommendation: 'assemblyVote', attachmentIds: [report] },
        });
      };
      at(sys, '2026-09-30T02:00:00.000Z');
      expect((await study()).status).toBe('feasibilityStudied');

      at(sys, '2026-10-08T02:00:00.000Z');
      const half = await step(sys, 'community', id, 'assembly-votes', vote(20, '2026-10-08T01:00:00.000Z'));
      expect(half.status).toBe('consultationFailed');
      expect(half.state.assemblyVotes[0]?.passed).toBe(false);

      at(sys, '2026-10-09T02:00:00.000Z');
      await study();
      at(sys, '2026-10-12T02:00:00.000Z');
      const passed = await step(sys, 'community', id, 'assembly-votes', vote(21, '2026-10-12T01:00:00.000Z'));
      expect(passed.status).toBe('consulted');
      expect(passed.state.agreement).toMatchObject({ via: 'assemblyVote', agreedAt: '2026-10-12T01:00:00.000Z' });
      expect(passed.state.feasibilityStudies).toHaveLength(2);

      const registered = ok(await register(sys, 'community', id, basics(SMALL, { location: '示例社区一篮球场' }))).json<ProjectView>();
      expect(registered.status).toBe('registered');
      expect(registered.state.registration?.assemblyVote).toMatchObject({ votesFor: 21, passed: true });
    });

    it('R3.3 the feasibility study cites a feasibility report of this project, not another file', async () => {
      at(sys, '2026-09-28T06:00:00.000Z');
      const id = await openProject(sys, 'community', { communityId, title: '示例社区一路灯', heldAt: '2026-09-28T05:00:00.000Z' });
      at(sys, '2026-09-29T02:00:00.000Z');
      ok(await consult(sys, 'community', id, { heldAt: '2026-09-29T01:00:00.000Z', passed: false }));
      const other = await openProject(sys, 'community', { communityId, title: '示例社区一凉亭', heldAt: '2026-09-28T05:00:00.000Z' });
      const foreign = await uploadAttachment(sys, 'community', 'projects', other, 'feasibilityReport');
      const res = refused(
        await act(sys, 'community', id, 'feasibility-studies', { study: { summary: '可行', recommendation: 'reconsult', attachmentIds: [foreign] } }),
        400,
        'VALIDATION_FAILED',
      );
      expect(res.fields).toEqual([{ field: 'study.attachmentIds', message: `附件 ${foreign} 不属于本案件` }]);
    });

    it('R4.5 a returned registration, resubmitted, starts a new 5-working-day clock across the National Day holiday', async () => {
      const id = await consulted('2026-09-28', '示例社区一文化广场', LARGE);
      at(sys, '2026-09-29T02:00:00.000Z');
      const submitted = ok(await register(sys, 'community', id, basics(LARGE))).json<ProjectView>();
      // Tue 09-29: Wed 09-30, Thu 10-08, Fri 10-09, Sat 10-10 (调休), Mon 10-12.
      expect(deadline(submitted, 'review')).toMatchObject({ due: '2026-10-12T16:00:00.000Z', dueDate: '2026-10-12' });

      at(sys, '2026-09-30T02:00:00.000Z');
      const blank = refused(await act(sys, 'town', id, 'registration/return', { reason: '  ' }), 422, 'FORM_INVALID');
      expect(blank.rule).toBe('R4.5');
      const returned = await step(sys, 'town', id, 'registration/return', { reason: '预算明细不全，请补充工程量清单' });
      expect(returned.status).toBe('registrationReturned');
      expect(returned.state.reviewRounds[0]?.returned).toMatchObject({ at: '2026-09-30T02:00:00.000Z', reason: '预算明细不全，请补充工程量清单' });
      expect(deadline(returned, 'review')?.status).toBe('cancelled');

      at(sys, '2026-09-30T06:00:00.000Z');
      const resubmitted = ok(await register(sys, 'community', id, basics(LARGE, { content: '修复破损路面，完善排水设施（附工程量清单）。' }))).json<ProjectView>();
      expect(resubmitted.status).toBe('underReview');
      expect(resubmitted.state.reviewRounds).toHaveLength(2);
      // Wed 09-30: the holiday 10-01..07 does not count; Thu 10-08, Fri 10-09, Sat 10-10 (调休), Mon 10-12, Tue 10-13.
      expect(deadline(resubmitted, 'review')).toMatchObject({ startedAt: '2026-09-30T06:00:00.000Z', due: '2026-10-13T16:00:00.000Z', dueDate: '2026-10-13', status: 'open' });
      const rows = await sys.database.db
        .selectFrom('deadline')
        .select(['status', 'due_at'])
        .where('aggregate', '=', 'project')
        .where('aggregate_id', '=', id)
        .where('step', '=', 'review')
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { status: 'cancelled', due_at: '2026-10-12T16:00:00.000Z' },
        { status: 'open', due_at: '2026-10-13T16:00:00.000Z' },
      ]);
    });

    it('R5.1 town publicity shorter than 5 days is refused', async () => {
      const id = await consulted('2026-09-28', '示例社区一休闲步道', LARGE);
      at(sys, '2026-09-30T02:00:00.000Z');
      ok(await register(sys, 'community', id, basics(LARGE, { location: '示例社区一步道' })));
      at(sys, '2026-10-09T02:00:00.000Z');
      await step(sys, 'town', id, 'review-decision', { decision: { outcome: 'specialFund', townOfficeName: '东城街道公共服务办', points: reviewPoints() } });
      const short = refused(await act(sys, 'town', id, 'publicity', { days: 4, channels: [...TOWN_CHANNELS] }), 422, 'PUBLICITY_TOO_SHORT');
      expect(short).toMatchObject({ rule: 'R5.1', days: 4, minDays: 5 });
      expect((await getProject(sys, 'town', id)).status).toBe('confirmed');
      expect((await step(sys, 'town', id, 'publicity', { days: 7, channels: [...TOWN_CHANNELS] })).state.publicity?.days).toBe(7);
    });

    let overCapId: number;

    it('R1.2 an over-cap budget without a written justification is refused; with one it goes to the town and stays flagged overCap', async () => {
      const id = await consulted('2026-09-28', '示例社区一避难场所', OVER_CAP);
      overCapId = id;
      at(sys, '2026-09-29T02:00:00.000Z');
      const refusal = refused(await register(sys, 'community', id, basics(OVER_CAP, { subcategory: 'E3' })), 422, 'OVER_CAP_JUSTIFICATION_REQUIRED');
      expect(refusal.rule).toBe('R1.2');
      expect(refusal.fields?.map((f) => f.field)).toEqual(['basics.overCapJustification']);
      expect(refusal.fields?.[0]?.message).toContain('50万元的原则上限');

      const submitted = ok(
        await register(sys, 'community', id, basics(OVER_CAP, { subcategory: 'E3', overCapJustification: '应急避难场所须同步建设消防及供电设施，无法拆分实施。' })),
      ).json<ProjectView>();
      expect(submitted.status).toBe('underReview');
      expect(submitted.flags).toEqual([{ flag: 'overCap', label: '超限' }]);

      const list = ok(await call(sys, 'town', 'GET', '/api/projects?flag=overCap')).json<ListView>();
      expect(list.items.map((p) => p.id)).toEqual([id]);
      expect(list.items[0]?.flags).toEqual([{ flag: 'overCap', label: '超限' }]);
      expect(list.total).toBe(1);
      expect(ok(await call(sys, 'supervisor', 'GET', '/api/projects?flag=overCap')).json<ListView>().items.map((p) => p.id)).toEqual([id]);
    });

    let surveyed: number;

    it('R6.4 29 respondents are refused; an exception needs the town, and the approved survey stays flagged', async () => {
      surveyed = await smallInPublicity('示例社区一3巷路面修复', '示例社区一3巷');
      at(sys, '2026-10-08T16:00:00.000Z');
      await endPublicity(sys, surveyed);
      at(sys, '2026-10-09T02:00:00.000Z');
      await step(sys, 'community', surveyed, 'implementation/start');
      at(sys, '2026-10-20T02:00:00.000Z');
      await step(sys, 'community', surveyed, 'implementation/complete');
      at(sys, '2026-10-21T02:00:00.000Z');
      await step(sys, 'community', surveyed, 'survey/paper', { responses: paperSheets(29) });

      const tooFew = refused(await act(sys, 'community', surveyed, 'survey/complete', { exceptionReason: null }), 422, 'SURVEY_TOO_FEW');
      expect(tooFew).toMatchObject({ rule: 'R6.4', respondentCount: 29, minRespondents: 30 });
      const notTown = refused(
        await act(sys, 'community', surveyed, 'survey/complete', { exceptionReason: '受益对象仅为3巷29户居民' }),
        403,
        'EXCEPTION_NEEDS_TOWN',
      );
      expect(notTown.rule).toBe('R6.4');

      const approved = await step(sys, 'town', surveyed, 'survey/complete', { exceptionReason: '受益对象仅为3巷29户居民，已全部参与测评' });
      expect(approved.state.survey.summary).toMatchObject({ respondentCount: 29, complete: true, flagged: true, exception: { reason: '受益对象仅为3巷29户居民，已全部参与测评' } });
      expect(approved.flags).toEqual([{ flag: 'surveyException', label: '测评人数不足（经批准）' }]);
      const list = ok(await call(sys, 'town', 'GET', '/api/projects?flag=surveyException')).json<ListView>();
      expect(list.items.map((p) => p.id)).toEqual([surveyed]);
    });

    it('R5.3 an objection raised during publicity blocks implementation until answered; R1.3 a second small project at the same place is flagged', async () => {
      const id = await smallInPublicity('示例社区一3巷排水沟', '示例社区一3巷');
      const registered = await getProject(sys, 'community', id);
      // R1.3 3万 + 3万 of engineering at the same place within 90 days exceeds 5万: possibly split.
      expect(registered.flags.map((f) => f.flag)).toEqual(['possibleSplit']);
      expect(registered.state.possibleSplitWith).toEqual([surveyed]);

      at(sys, '2026-09-30T02:00:00.000Z');
      const first = await step(sys, 'community', id, 'objections', { text: '施工期间车辆如何通行？', raisedByName: '林小红', contactPhone: '13611112222' });
      at(sys, '2026-09-30T03:00:00.000Z');
      const second = await step(sys, 'town', id, 'objections', { text: '排水沟走向经过我家门口', raisedByName: '郑大明', contactPhone: null });
      expect(first.state.objections.map((o) => o.id)).toEqual([1]);
      expect(second.state.objections.map((o) => [o.id, o.raisedAt])).toEqual([
        [1, '2026-09-30T02:00:00.000Z'],
        [2, '2026-09-30T03:00:00.000Z'],
      ]);
      const masked = await getProject(sys, 'supervisor', id);
      expect(masked.state.objections.map((o) => [o.raisedByName, o.contactPhone])).toEqual([
        ['林**', '136****2222'],
        ['郑**', null],
      ]);
      refused(await act(sys, 'community', id, 'claims', { claimant: { kind: 'individual', name: '张先生', contactName: '张先生', contactPhone: '13500003333' }, note: '' }), 409, 'NOT_DIRECT_MODE');

      at(sys, '2026-10-08T16:00:00.000Z');
      await endPublicity(sys, id);
      at(sys, '2026-10-09T02:00:00.000Z');
      refused(await act(sys, 'community', id, 'objections', { text: '公示期后提出', raisedByName: null, contactPhone: null }), 409, 'INVALID_STATE');
      const blocked = refused(await act(sys, 'community', id, 'implementation/start'), 409, 'OBJECTIONS_UNANSWERED');
      expect(blocked).toMatchObject({ rule: 'R5.3', objectionIds: [1, 2] });

      await step(sys, 'community', id, 'objections/1/answer', { answer: '施工分段进行，保留单侧通行。' });
      expect(refused(await act(sys, 'community', id, 'implementation/start'), 409, 'OBJECTIONS_UNANSWERED')).toMatchObject({ objectionIds: [2] });
      await step(sys, 'town', id, 'objections/2/answer', { answer: '已调整走向，避开住户门口。' });
      refused(await act(sys, 'town', id, 'objections/2/answer', { answer: '重复答复' }), 409, 'OBJECTION_ALREADY_ANSWERED');
      refused(await act(sys, 'town', id, 'objections/7/answer', { answer: '无此异议' }), 404, 'OBJECTION_NOT_FOUND');
      expect((await step(sys, 'community', id, 'implementation/start')).status).toBe('implementing');
    });

    it('R0.8 an action outside one’s jurisdiction is refused as if the case did not exist: a town_staff of another town, a community on another community’s project', async () => {
      const id = await consulted('2026-09-28', '示例社区一小公园', LARGE);
      at(sys, '2026-09-29T02:00:00.000Z');
      ok(await register(sys, 'community', id, basics(LARGE, { location: '示例社区一小公园' })));
      await newAccount(sys, 'nancheng', 'town_staff', await unitId(sys, '南城街道'));
      await newAccount(sys, 'community2', 'community_staff', await unitId(sys, '示例社区二', '东城街道'));
      at(sys, '2026-09-30T02:00:00.000Z');

      refused(await act(sys, 'nancheng', id, 'registration/return', { reason: '越权退回' }), 404, 'NOT_FOUND');
      refused(await call(sys, 'nancheng', 'GET', `/api/projects/${id}`), 404, 'NOT_FOUND');
      expect(ok(await call(sys, 'nancheng', 'GET', '/api/projects')).json<ListView>().total).toBe(0);

      // The scope is checked before anything the form cites is looked at.
      const scan = await uploadAttachment(sys, 'town', 'projects', id, 'stampScan');
      const finance = await unitId(sys, '东城街道财政');
      refused(
        await act(sys, 'nancheng', id, 'stamps', { stamp: { departmentId: finance, stampedByName: '某人', stampedOn: '2026-09-30', scanAttachmentId: scan } }),
        404,
        'NOT_FOUND',
      );
      refused(await act(sys, 'community2', id, 'terminate', { reason: '越权终止' }), 404, 'NOT_FOUND');
      expect((await getProject(sys, 'town', id)).status).toBe('underReview');

      const denials = await sys.database.db
        .selectFrom('audit_log')
        .select(['actor_username', 'outcome'])
        .where('action', '=', 'accessDenied')
        .where('actor_username', 'in', ['nancheng', 'community2'])
        .orderBy('id')
        .execute();
      expect(denials.map((d) => `${d.actor_username ?? ''} ${d.outcome}`)).toEqual([
        'nancheng denied',
        'nancheng denied',
        'nancheng denied',
        'community2 denied',
      ]);
    });

    it('a stale version is refused with 409 and changes nothing', async () => {
      at(sys, '2026-09-28T06:00:00.000Z');
      const id = await openProject(sys, 'community', { communityId, title: '示例社区一垃圾收集点', heldAt: '2026-09-28T05:00:00.000Z' });
      const version = await versionOf(sys, id);
      await step(sys, 'community', id, 'terminate', { reason: '已由物业自行解决' });
      const stale = await call(sys, 'community', 'POST', `/api/projects/${id}/terminate`, { version, reason: '重复终止' });
      refused(stale, 409, 'VERSION_CONFLICT');
      const project = await getProject(sys, 'town', id);
      expect(project.state.termination?.reason).toBe('已由物业自行解决');
      expect(project.version).toBe(version + 1);
    });

    it('R3.3 two clerks terminating at once with the same version: exactly one succeeds, the other gets 409, one feedback is sent', async () => {
      at(sys, '2026-09-28T06:00:00.000Z');
      await newAccount(sys, 'clerk2', 'community_staff', communityId);
      const id = await openProject(sys, 'community', { communityId, title: '示例社区一健身路径', heldAt: '2026-09-28T05:00:00.000Z' });
      const version = await versionOf(sys, id);
      // Both clerks are signed in before the race, so the two requests do nothing else.
      await Promise.all([unitOf(sys, 'community'), unitOf(sys, 'clerk2')]);
      const [a, b] = await Promise.all([
        call(sys, 'community', 'POST', `/api/projects/${id}/terminate`, { version, reason: '居民意见分歧较大，暂缓实施' }),
        call(sys, 'clerk2', 'POST', `/api/projects/${id}/terminate`, { version, reason: '与区级项目重复' }),
      ]);
      expect([a?.statusCode, b?.statusCode].sort(), `${a?.body ?? ""} ${b?.body ?? ""}`).toEqual([200, 409]);
      const loser = a?.statusCode === 409 ? a : b;
      if (loser === undefined) throw new Error('no response');
      refused(loser, 409, 'VERSION_CONFLICT');

      const project = await getProject(sys, 'town', id);
      expect(project.status).toBe('terminated');
      expect(project.version).toBe(version + 1);
      expect(project.deadlines.map((d) => d.status)).toEqual(['cancelled']);
      const t = await timeline(sys, 'town', id);
      expect(t.events.filter((e) => e.action === 'terminateProject').map((e) => e.outcome)).toEqual(['success']);
      const demandId = project.state.demandIds[0] ?? 0;
      expect(feedbackLines(t)).toEqual([`${demandId} decision hotline12345`, `${demandId} decision portal`]);
      expect(t.feedbacks[0]?.body).toContain(project.state.termination?.reason ?? '—');
    });

    it('R7.2 an overdue step is listed for the level above: the town sees its communities, the bureau every town', async () => {
      at(sys, '2026-11-02T02:00:00.000Z');
      const overdue = (user: string) => call(sys, user, 'GET', '/api/deadlines/overdue?limit=500');
      interface OverdueView {
        readonly total: number;
        readonly items: readonly { aggregate: string; aggregateId: number; step: string; rule: string; due: string; communityName: string }[];
      }
      const byTown = ok(await overdue('town')).json<OverdueView>();
      const byBureau = ok(await overdue('bureau')).json<OverdueView>();
      // The over-cap project's review (R4.1) was due at the end of Mon 10-12 and nobody decided it.
      const review = byTown.items.filter((i) => i.aggregate === 'project' && i.aggregateId === overCapId);
      expect(review).toEqual([expect.objectContaining({ step: 'review', rule: 'R4.1', due: '2026-10-12T16:00:00.000Z', communityName: '示例社区一' })]);
      expect(byBureau.items).toEqual(expect.arrayContaining(review));
      expect(byBureau.total).toBe(byTown.total);
      expect(ok(await overdue('nancheng')).json<OverdueView>().total).toBe(0);
      expect(byTown.items.every((i) => i.due <= '2026-11-02T02:00:00.000Z')).toBe(true);
    });
  });
}
