/** Project phase 2: R3.2–R3.5 registration and paths, R1.1–R1.3 checks and flags, R4.1–R4.6 town review. */
import { describe, expect, it } from 'vitest';
import { decideProject, type ProjectState } from '../../../src/domain/lifecycle/index.js';
import { rulesConfigWith } from '../../../src/domain/rules-config.js';
import {
  allYes,
  basics,
  consultedProject,
  ctx,
  eventsOf,
  existingPolicyPoints,
  ok,
  refused,
  registeredProject,
  step,
} from './fixtures.js';

const SUBMIT_AT = '2026-09-30T02:00:00.000Z'; // Wed, the day before National Day
const TOWN = 'town_staff' as const;

function submit(state: ProjectState, budgetFen: number, overrides: Parameters<typeof basics>[1] = {}, at = SUBMIT_AT) {
  return decideProject(state, { type: 'submitRegistration', basics: basics(budgetFen, overrides), recentSmallProjects: [] }, ctx(at));
}

function underReview(budgetFen = 12_000_000, open = {}): ProjectState {
  return registeredProject({ budgetFen, open });
}

function withReviewers(): ProjectState {
  return step(
    underReview(),
    {
      type: 'assignReviewers',
      reviewers: [
        { departmentId: 31, departmentName: '财政' },
        { departmentId: 32, departmentName: '住建' },
      ],
    },
    '2026-09-30T03:00:00.000Z',
    TOWN,
  );
}

function reviewed(): ProjectState {
  let state = withReviewers();
  for (const departmentId of [31, 32]) {
    const command = { type: 'recordDepartmentOpinion' as const, departmentId, points: allYes, opinion: '同意' };
    state = ok(decideProject(state, command, ctx('2026-10-09T02:00:00.000Z', 'department_reviewer', undefined, departmentId))).state;
  }
  return state;
}

const specialFund = { outcome: 'specialFund' as const, townOfficeName: '东城街道公共服务办', points: allYes };

describe('Project registration and review', () => {
  it('R3.4 a project of at most 5万 is registered by the community without town confirmation, feedback 2 at submission', () => {
    const { state, events } = ok(submit(consultedProject({ budgetFen: 3_000_000 }), 3_000_000));
    expect(state).toMatchObject({ status: 'registered', path: 'small', registeredAt: SUBMIT_AT, reviewRounds: [] });
    expect(state.registration?.basics.sourceChannels).toEqual(['onlineHotline']);
    expect(eventsOf(events, 'feedbackRequested')).toEqual([
      {
        type: 'feedbackRequested',
        aggregate: 'project',
        aggregateId: 900,
        kind: 'decision',
        demandIds: [1],
        data: { template: 'smallPathRegistered', projectName: '温塘一巷路面修复工程', communityName: '东城街道温塘社区', budgetFen: 3_000_000, handlingMode: 'express' },
      },
    ]);
    expect(state.feedbackLog).toHaveLength(1);
  });

  it('R0.3 exactly 5万元 takes the small path, 5万元 and one 分 the town path', () => {
    expect(ok(submit(consultedProject({ budgetFen: 5_000_000 }), 5_000_000)).state.path).toBe('small');
    expect(ok(submit(consultedProject({ budgetFen: 5_000_001 }), 5_000_001)).state).toMatchObject({ status: 'underReview', path: 'town' });
  });

  it('R3.5 a project over 5万 goes to the town for confirmation, without feedback yet', () => {
    const { state, events } = ok(submit(consultedProject({ budgetFen: 12_000_000 }), 12_000_000));
    expect(state.status).toBe('underReview');
    expect(state.reviewRounds).toEqual([{ submittedAt: SUBMIT_AT, reviewers: [], opinions: [], stamps: [], returned: null, decidedAt: null }]);
    expect(eventsOf(events, 'feedbackRequested')).toEqual([]);
  });

  it('R3.2 the registration must match the consultation it reports', () => {
    const violation = refused(submit(consultedProject({ budgetFen: 3_000_000 }), 3_500_000));
    expect(violation).toMatchObject({ rule: 'R3.2', code: 'FORM_INVALID' });
    expect(violation.details?.errors).toEqual([
      { field: 'basics.budgetFen', code: 'MISMATCH', message: '项目预算3.5万元与协商确定的经费预算3万元不一致' },
    ]);
  });

  it('R1.1 a registration whose subcategory belongs to the other category is refused', () => {
    expect(refused(submit(consultedProject({ budgetFen: 3_000_000 }), 3_000_000, { subcategory: 'S3' }))).toMatchObject({
      rule: 'R1.1',
      code: 'CATEGORY_MISMATCH',
    });
  });

  it('R0.1 a budget that is not whole 分 is refused', () => {
    expect(refused(submit(consultedProject({ budgetFen: 3_000_000 }), 3_000_000.5))).toMatchObject({ rule: 'R0.1', code: 'MONEY_INVALID' });
  });

  it('R1.2 over the cap without a justification is refused; with one it goes to the town and is flagged 超限', () => {
    const consulted = consultedProject({ budgetFen: 25_000_000 });
    const violation = refused(submit(consulted, 25_000_000, { category: 'service', subcategory: 'S4' }));
    expect(violation).toMatchObject({ rule: 'R1.2', code: 'OVER_CAP_JUSTIFICATION_REQUIRED' });
    expect(violation.details?.errors?.[0]?.field).toBe('basics.overCapJustification');
    const { state, events } = ok(
      submit(consulted, 25_000_000, { category: 'service', subcategory: 'S4', overCapJustification: '服务覆盖全街道残疾人，需全年开展康复训练。' }),
    );
    expect(state).toMatchObject({ status: 'underReview', flags: ['overCap'] });
    expect(eventsOf(events, 'flagRaised')).toEqual([
      { type: 'flagRaised', aggregate: 'project', aggregateId: 900, flag: 'overCap', rule: 'R1.2', details: { budgetFen: 25_000_000, capFen: 20_000_000 } },
    ]);
  });

  it('R1.2 an over-cap project goes to town review whatever its amount', () => {
    const config = rulesConfigWith({ capFen: { service: 1_000_000 } });
    const consulted = consultedProject({ budgetFen: 2_000_000 });
    const state = ok(
      decideProject(
        consulted,
        {
          type: 'submitRegistration',
          basics: basics(2_000_000, { category: 'service', subcategory: 'S8', overCapJustification: '本镇对该类服务另定上限1万元，本项目确需2万元。' }),
          recentSmallProjects: [],
        },
        ctx(SUBMIT_AT, 'community_staff', config),
      ),
    ).state;
    expect(state).toMatchObject({ path: 'town', status: 'underReview', flags: ['overCap'] });
  });

  it('R1.3 small projects of one place adding up past 5万 within 90 days are flagged as a possible split', () => {
    const earlier = {
      projectId: 800,
      communityId: 100,
      category: 'engineering' as const,
      subcategory: 'E1' as const,
      location: '东城街道温塘社区 温塘一巷',
      budgetFen: 3_000_000,
      registeredAt: '2026-07-15T02:00:00.000Z',
      path: 'small' as const,
    };
    const consulted = consultedProject({ budgetFen: 3_000_000 });
    const { state, events } = ok(
      decideProject(consulted, { type: 'submitRegistration', basics: basics(3_000_000), recentSmallProjects: [earlier] }, ctx(SUBMIT_AT)),
    );
    expect(state).toMatchObject({ status: 'registered', flags: ['possibleSplit'], possibleSplitWith: [800] });
    expect(eventsOf(events, 'flagRaised')[0]).toMatchObject({ flag: 'possibleSplit', rule: 'R1.3', details: { relatedProjectIds: [800], totalFen: 6_000_000 } });
    const old = ok(
      decideProject(consulted, { type: 'submitRegistration', basics: basics(3_000_000), recentSmallProjects: [{ ...earlier, registeredAt: '2026-06-01T02:00:00.000Z' }] }, ctx(SUBMIT_AT)),
    ).state;
    expect(old.flags).toEqual([]);
  });

  it('R4.1 town review is due 5 working days after submission, skipping National Day and counting the 调休 Saturday', () => {
    const review = underReview().deadlines.find((d) => d.step === 'review');
    // Working days after Wed 09-30: Thu 10-08, Fri 10-09, Sat 10-10 (调休), Mon 10-12, Tue 10-13.
    expect(review).toMatchObject({
      rule: 'R4.1',
      kind: 'workingDays',
      amount: 5,
      owner: 'town',
      startedAt: SUBMIT_AT,
      due: '2026-10-13T16:00:00.000Z',
      dueDate: '2026-10-13',
    });
  });

  it('R4.1 the town chooses the co-reviewing departments; only they may give an opinion', () => {
    expect(refused(decideProject(underReview(), { type: 'assignReviewers', reviewers: [{ departmentId: 31, departmentName: '财政' }] }, ctx(SUBMIT_AT))).code).toBe('FORBIDDEN_ROLE');
    const { state, events } = ok(
      decideProject(underReview(), { type: 'assignReviewers', reviewers: [{ departmentId: 31, departmentName: '财政' }, { departmentId: 32, departmentName: '住建' }] }, ctx(SUBMIT_AT, TOWN)),
    );
    expect(state.reviewRounds[0]?.reviewers.map((r) => r.departmentName)).toEqual(['财政', '住建']);
    expect(eventsOf(events, 'reviewersAssigned')).toEqual([{ type: 'reviewersAssigned', aggregate: 'project', aggregateId: 900, departmentIds: [31, 32] }]);
    expect(
      refused(decideProject(state, { type: 'recordDepartmentOpinion', departmentId: 33, points: allYes, opinion: '同意' }, ctx(SUBMIT_AT, 'department_reviewer', undefined, 33))),
    ).toMatchObject({ rule: 'R4.1', code: 'REVIEWER_NOT_ASSIGNED' });
    expect(
      refused(decideProject(state, { type: 'recordDepartmentOpinion', departmentId: 31, points: allYes, opinion: '同意' }, ctx(SUBMIT_AT, 'department_reviewer', undefined, 32))),
    ).toMatchObject({ rule: 'R0.8', code: 'FORBIDDEN_UNIT' });
  });

  it('R4.2 every assigned department answers the four points with verdict and comment before the town decides', () => {
    const blank = refused(
      decideProject(
        withReviewers(),
        { type: 'recordDepartmentOpinion', departmentId: 31, points: { ...allYes, budgetReasonable: { verdict: 'yes', comment: ' ' } }, opinion: '同意' },
        ctx('2026-10-09T02:00:00.000Z', 'department_reviewer', undefined, 31),
      ),
    );
    expect(blank).toMatchObject({ rule: 'R4.2', code: 'FORM_INVALID' });
    expect(blank.details?.errors).toEqual([{ field: 'points.budgetReasonable.comment', code: 'REQUIRED', message: '请填写「预算安排是否合理」的审核意见' }]);
    const one = ok(
      decideProject(
        withReviewers(),
        { type: 'recordDepartmentOpinion', departmentId: 31, points: allYes, opinion: '同意' },
        ctx('2026-10-09T02:00:00.000Z', 'department_reviewer', undefined, 31),
      ),
    ).state;
    expect(refused(decideProject(one, { type: 'decideReview', decision: specialFund }, ctx('2026-10-13T02:00:00.000Z', TOWN)))).toMatchObject({
      rule: 'R4.2',
      code: 'OPINIONS_MISSING',
      message: '尚有部门未填报审核意见：住建',
      details: { departmentIds: [32] },
    });
  });

  it('R4.3 an existing-policy project needs the department stamp, then is transferred with feedback 2', () => {
    const decision = {
      outcome: 'existingPolicy' as const,
      townOfficeName: '东城街道公共服务办',
      points: existingPolicyPoints,
      followUp: { departmentId: 32, departmentName: '东城街道住建部门', policyName: '老旧小区改造政策', contactName: '赵七', contactPhone: '0769-22110000' },
      fiscalBudgetHolder: '东城街道',
    };
    expect(refused(decideProject(reviewed(), { type: 'decideReview', decision }, ctx('2026-10-13T02:00:00.000Z', TOWN)))).toMatchObject({
      rule: 'R4.3',
      code: 'STAMP_MISSING',
    });
    const stamped = ok(
      decideProject(
        reviewed(),
        { type: 'recordStamp', stamp: { departmentId: 32, departmentName: '住建', stampedByName: '钱八', stampedOn: '2026-10-12', scanAttachmentId: 901 } },
        ctx('2026-10-12T08:00:00.000Z', 'department_reviewer', undefined, 32),
      ),
    ).state;
    expect(stamped.reviewRounds[0]?.stamps[0]).toEqual({
      departmentId: 32,
      departmentName: '住建',
      stampedByName: '钱八',
      stampedOn: '2026-10-12',
      scanAttachmentId: 901,
      recordedAt: '2026-10-12T08:00:00.000Z',
      recordedByUserId: 7,
    });
    const { state, events } = ok(decideProject(stamped, { type: 'decideReview', decision }, ctx('2026-10-13T02:00:00.000Z', TOWN)));
    expect(state.status).toBe('transferred');
    expect(state.registration?.townDecision).toMatchObject({ outcome: 'existingPolicy', reviewingDepartmentNames: ['财政', '住建'] });
    expect(state.registration?.townOpinionText).toBe(
      '经财政/住建等部门审核，该项目不属于“民生大莞家”服务范围，由现行政策解决，通过东城街道住建部门老旧小区改造政策途径办理，所需经费从东城街道财政预算中列支。',
    );
    expect(eventsOf(events, 'feedbackRequested')[0]).toMatchObject({
      kind: 'decision',
      demandIds: [1],
      data: { template: 'townExistingPolicy', departmentName: '东城街道住建部门', contactName: '赵七', contactPhone: '0769-22110000' },
    });
  });

  it('R4.4 a special-fund decision composes section 三 from the data and tells every proposer', () => {
    const { state, events } = ok(decideProject(reviewed(), { type: 'decideReview', decision: specialFund }, ctx('2026-10-13T02:00:00.000Z', TOWN)));
    const sentence =
      '经财政/住建等部门审核，该项目属于“民生大莞家”服务范围，由“民生大莞家”服务机制解决，通过莞家速递途径办理，所需经费从东城街道温塘社区“民生大莞家”专项资金中列支。';
    expect(state.status).toBe('confirmed');
    expect(state.registration?.townOpinionText).toBe(sentence);
    expect(state.registration?.departmentOpinions.map((o) => o.departmentName)).toEqual(['财政', '住建']);
    expect(eventsOf(events, 'feedbackRequested')[0]?.data).toEqual({ template: 'townSpecialFund', projectName: '温塘一巷路面修复工程', opinionText: sentence });
    expect(eventsOf(events, 'deadlineCompleted')).toEqual([
      { type: 'deadlineCompleted', aggregate: 'project', aggregateId: 900, step: 'review', doneAt: '2026-10-13T02:00:00.000Z', late: false },
    ]);
    expect(eventsOf(events, 'libraryEntryRequested')).toEqual([]);
  });

  it('R4.4 a decision whose points contradict the special fund is refused', () => {
    const violation = refused(
      decideProject(
        reviewed(),
        { type: 'decideReview', decision: { ...specialFund, points: { ...allYes, modeFeasible: { verdict: 'no', comment: '办理方式不可行' } } } },
        ctx('2026-10-13T02:00:00.000Z', TOWN),
      ),
    );
    expect(violation).toMatchObject({ rule: 'R4.4', code: 'FORM_INVALID' });
    expect(violation.details?.errors?.[0]).toMatchObject({ field: 'townDecision.points.modeFeasible.verdict', code: 'MISMATCH' });
  });

  it('R4.5 a returned registration is corrected and resubmitted, which starts a new 5-working-day clock', () => {
    expect(refused(decideProject(underReview(), { type: 'returnRegistration', reason: '' }, ctx('2026-10-09T02:00:00.000Z', TOWN))).code).toBe('FORM_INVALID');
    const returned = ok(decideProject(underReview(), { type: 'returnRegistration', reason: '预算明细不全，请补充工程量清单' }, ctx('2026-10-09T02:00:00.000Z', TOWN)));
    expect(returned.state.status).toBe('registrationReturned');
    expect(returned.state.reviewRounds[0]?.returned).toEqual({ at: '2026-10-09T02:00:00.000Z', reason: '预算明细不全，请补充工程量清单', byUserId: 7 });
    expect(eventsOf(returned.events, 'deadlineCancelled')).toEqual([
      { type: 'deadlineCancelled', aggregate: 'project', aggregateId: 900, step: 'review', reason: '登记备案表退回修改' },
    ]);
    const { state, events } = ok(submit(returned.state, 12_000_000, {}, '2026-10-12T02:00:00.000Z'));
    expect(state.status).toBe('underReview');
    expect(state.reviewRounds).toHaveLength(2);
    // Working days after Mon 10-12: 13, 14, 15, 16, 19.
    expect(eventsOf(events, 'deadlineSet')).toEqual([
      expect.objectContaining({ step: 'review', startedAt: '2026-10-12T02:00:00.000Z', due: '2026-10-19T16:00:00.000Z', dueDate: '2026-10-19' }),
    ]);
    expect(state.deadlines.filter((d) => d.step === 'review').map((d) => [d.due, d.cancelledAt])).toEqual([
      ['2026-10-13T16:00:00.000Z', '2026-10-09T02:00:00.000Z'],
      ['2026-10-19T16:00:00.000Z', null],
    ]);
  });

  it('R4.6 a town-confirmed centrally collected project enters that year\'s library', () => {
    const centralized = underReview(12_000_000, { collection: 'centralized', campaignId: 3, year: 2027 });
    const { state, events } = ok(decideProject(centralized, { type: 'decideReview', decision: specialFund }, ctx('2026-10-13T02:00:00.000Z', TOWN)));
    expect(state.status).toBe('confirmed');
    expect(eventsOf(events, 'libraryEntryRequested')).toEqual([
      { type: 'libraryEntryRequested', aggregate: 'project', aggregateId: 900, year: 2027, campaignId: 3, budgetFen: 12_000_000 },
    ]);
  });
});
