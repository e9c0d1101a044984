/** R8.2–R8.4 the allocation, the annual library and plan, its submission by the end of February, and adjustments. */
import { describe, expect, it } from 'vitest';
import { decideProject } from '../../../src/domain/lifecycle/index.js';
import {
  decideAllocation,
  decideAnnualPlan,
  emptyAnnualPlan,
  LATE_CONFIRMATION_REASON,
  libraryProjectOf,
  planDueAt,
  planDueDate,
  planStatus,
  planSummary,
  qualifiesForLibrary,
  type Allocation,
  type AnnualPlan,
  type LibraryProject,
  type PlanStamp,
} from '../../../src/domain/plans/index.js';
import { allYes, confirmedProject, ctx as lifecycleCtx, eventsOf, registeredProject } from '../lifecycle/fixtures.js';
import { TOWN, accepted, planCtx, refusal } from './support.js';

const WAN = 1_000_000;

const STAMP: PlanStamp = { authority: 'government', stampedByName: '东城街道办事处', stampedOn: '2027-02-20', scanAttachmentId: 801 };

function allocation(amountFen: number, year = 2027): Allocation {
  return accepted(decideAllocation(null, { type: 'setAllocation', townId: TOWN, year, amountFen, reason: null }, planCtx('2026-12-01T02:00:00.000Z', 'bureau_admin', 1))).state;
}

function project(id: number, budgetFen: number, overrides: Partial<LibraryProject> = {}): LibraryProject {
  return {
    projectId: id,
    townId: TOWN,
    year: 2027,
    communityId: 100 + (id % 3),
    communityName: `社区${id % 3}`,
    projectName: `项目${id}`,
    budgetFen,
    collection: 'centralized',
    campaignId: 31,
    ...overrides,
  };
}

/** A 2027 plan with centralized projects of 60万 and 45万 (105万 in all). */
function plan(year = 2027): AnnualPlan {
  let state = emptyAnnualPlan(TOWN, year);
  for (const p of [project(1, 60 * WAN, { year }), project(2, 45 * WAN, { year })]) {
    state = accepted(decideAnnualPlan(state, { type: 'enterLibrary', project: p }, planCtx(`${year}-02-10T02:00:00.000Z`, 'system', null))).state;
  }
  return state;
}

describe('Allocation', () => {
  it('R8.3 the bureau sets the allocation of a town and year; a change carries its reason and the history is kept', () => {
    const first = allocation(100 * WAN);
    expect(first).toMatchObject({ townId: TOWN, year: 2027, amountFen: 100 * WAN });
    const town = planCtx('2026-12-01T02:00:00.000Z', 'town_staff');
    expect(refusal(decideAllocation(null, { type: 'setAllocation', townId: TOWN, year: 2027, amountFen: 1, reason: null }, town))).toMatchObject({ rule: 'R0.8', code: 'FORBIDDEN_ROLE' });
    const bureau = planCtx('2027-01-05T02:00:00.000Z', 'bureau_admin', 1);
    expect(refusal(decideAllocation(first, { type: 'setAllocation', townId: TOWN, year: 2027, amountFen: 110 * WAN, reason: null }, bureau))).toMatchObject({ rule: 'R8.3', code: 'REASON_REQUIRED' });
    expect(refusal(decideAllocation(first, { type: 'setAllocation', townId: TOWN, year: 2027, amountFen: 1.5, reason: '调整' }, bureau))).toMatchObject({ rule: 'R0.1', code: 'MONEY_INVALID' });
    const { state, events } = accepted(decideAllocation(first, { type: 'setAllocation', townId: TOWN, year: 2027, amountFen: 110 * WAN, reason: '市财政追加' }, bureau));
    expect(state.amountFen).toBe(110 * WAN);
    expect(state.history).toEqual([
      { amountFen: 100 * WAN, setAt: '2026-12-01T02:00:00.000Z', setByUserId: 7, reason: null },
      { amountFen: 110 * WAN, setAt: '2027-01-05T02:00:00.000Z', setByUserId: 7, reason: '市财政追加' },
    ]);
    expect(events).toEqual([{ type: 'allocationSet', townId: TOWN, year: 2027, amountFen: 110 * WAN, previousFen: 100 * WAN, reason: '市财政追加' }]);
  });
});

describe('Annual library and plan', () => {
  it('R8.2 the library fills from the centralized projects the town confirmed (R4.6), not from daily or small-path ones', () => {
    const centralized = { collection: 'centralized' as const, campaignId: 31, year: 2026 };
    const confirmed = confirmedProject({ budgetFen: 12 * WAN, open: centralized });
    const decided = decideProject(
      registeredProject({ budgetFen: 12 * WAN, open: centralized }),
      { type: 'decideReview', decision: { outcome: 'specialFund', townOfficeName: '东城街道公共服务办', points: allYes } },
      lifecycleCtx('2026-10-13T02:00:00.000Z', 'town_staff'),
    );
    if (!decided.ok) throw new Error('fixture');
    const [marked] = eventsOf(decided.events, 'libraryEntryRequested');
    expect(marked).toMatchObject({ aggregateId: 900, year: 2026, campaignId: 31, budgetFen: 12 * WAN });
    expect(qualifiesForLibrary(confirmed)).toBe(true);
    expect(qualifiesForLibrary(confirmedProject({ budgetFen: 12 * WAN }))).toBe(false); // daily
    expect(qualifiesForLibrary(registeredProject({ budgetFen: 3 * WAN, open: centralized }))).toBe(false); // small path
    expect(qualifiesForLibrary(registeredProject({ budgetFen: 3 * WAN, open: centralized }), { campaignLatestClosing: '01-31', planDueMonthEnd: 2, smallPathCentralizedInLibrary: true })).toBe(true);

    const entry = libraryProjectOf(confirmed);
    if (entry === null) throw new Error('fixture');
    const { state, events } = accepted(decideAnnualPlan(emptyAnnualPlan(TOWN, 2026), { type: 'enterLibrary', project: entry }, planCtx('2026-10-13T02:00:00.000Z', 'system', null)));
    expect(state.entries).toEqual([
      expect.objectContaining({ projectId: 900, budgetFen: 12 * WAN, kind: 'centralized', fundedFrom: 'allocation', campaignId: 31, adjustment: null }),
    ]);
    expect(events).toEqual([{ type: 'libraryEntered', townId: TOWN, year: 2026, projectId: 900, budgetFen: 12 * WAN }]);
    expect(refusal(decideAnnualPlan(state, { type: 'enterLibrary', project: entry }, planCtx('2026-10-14T02:00:00.000Z', 'system', null)))).toMatchObject({ code: 'DUPLICATE_ENTRY' });
    const daily = libraryProjectOf(confirmedProject({ budgetFen: 12 * WAN, open: { projectId: 901 } })) as LibraryProject;
    expect(refusal(decideAnnualPlan(state, { type: 'enterLibrary', project: daily }, planCtx('2026-10-14T02:00:00.000Z', 'system', null)))).toMatchObject({ rule: 'R4.6', code: 'INVALID_STATE' });
  });

  it('R8.3 the plan shows its total against the allocation and the gap', () => {
    expect(planSummary(plan(), allocation(120 * WAN))).toEqual({
      centralizedTotalFen: 105 * WAN,
      adjustmentTotalFen: 0,
      totalFen: 105 * WAN,
      allocationFen: 120 * WAN,
      differenceFen: -15 * WAN,
      gapFen: 15 * WAN,
      meetsAllocation: false,
    });
    expect(planSummary(plan(), allocation(100 * WAN))).toMatchObject({ differenceFen: 5 * WAN, gapFen: 0, meetsAllocation: true });
    expect(planSummary(plan(), null)).toMatchObject({ allocationFen: null, gapFen: null, meetsAllocation: null });
  });

  it('R8.3 a plan below the allocation is refused, and so is one without an allocation', () => {
    const at = planCtx('2027-02-25T02:00:00.000Z');
    expect(refusal(decideAnnualPlan(plan(), { type: 'submitAnnualPlan', stamp: STAMP, allocation: allocation(120 * WAN) }, at))).toEqual({
      rule: 'R8.3',
      code: 'BELOW_ALLOCATION',
      message: '集中征集确认的项目总额105万元，少于市分配经费额度120万元，尚差15万元',
      details: { centralizedTotalFen: 105 * WAN, allocationFen: 120 * WAN, gapFen: 15 * WAN },
    });
    expect(refusal(decideAnnualPlan(plan(), { type: 'submitAnnualPlan', stamp: STAMP, allocation: null }, at))).toMatchObject({ rule: 'R8.3', code: 'ALLOCATION_MISSING' });
    // Exactly the allocation is enough ("不得少于").
    expect(accepted(decideAnnualPlan(plan(), { type: 'submitAnnualPlan', stamp: STAMP, allocation: allocation(105 * WAN) }, at)).state.submission).toMatchObject({
      centralizedTotalFen: 105 * WAN,
      allocationFen: 105 * WAN,
      late: false,
    });
  });

  it('R8.2 the plan is submitted with the stamp: who, when, the scanned copy', () => {
    const at = planCtx('2027-02-25T02:00:00.000Z');
    const alloc = allocation(100 * WAN);
    for (const stamp of [{ ...STAMP, stampedByName: ' ' }, { ...STAMP, stampedOn: '2027-02-30' }, { ...STAMP, scanAttachmentId: 0 }]) {
      expect(refusal(decideAnnualPlan(plan(), { type: 'submitAnnualPlan', stamp, allocation: alloc }, at))).toMatchObject({ rule: 'R8.2', code: 'STAMP_MISSING' });
    }
    expect(refusal(decideAnnualPlan(plan(), { type: 'submitAnnualPlan', stamp: STAMP, allocation: alloc }, planCtx('2027-02-25T02:00:00.000Z', 'community_staff', 100)))).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    const { state, events } = accepted(decideAnnualPlan(plan(), { type: 'submitAnnualPlan', stamp: STAMP, allocation: alloc }, at));
    expect(state.submission).toEqual({ submittedAt: '2027-02-25T02:00:00.000Z', submittedByUserId: 7, stamp: STAMP, centralizedTotalFen: 105 * WAN, allocationFen: 100 * WAN, late: false });
    expect(events).toEqual([{ type: 'planSubmitted', townId: TOWN, year: 2027, centralizedTotalFen: 105 * WAN, allocationFen: 100 * WAN, late: false, reportTo: 'bureau' }]);
    expect(planStatus(state, new Date('2027-06-01T00:00:00.000Z'))).toBe('submitted');
    expect(refusal(decideAnnualPlan(state, { type: 'submitAnnualPlan', stamp: STAMP, allocation: alloc }, at))).toMatchObject({ code: 'INVALID_STATE' });
  });

  it('R8.2 a plan not submitted by the end of February is overdue; a submission after it is accepted and marked late', () => {
    expect(planDueDate(2027)).toBe('2027-02-28');
    expect(planDueAt(2027).toISOString()).toBe('2027-02-28T16:00:00.000Z'); // 24:00 of 02-28 in Shanghai
    const unsubmitted = plan();
    expect(planStatus(unsubmitted, new Date('2027-02-28T15:59:59.999Z'))).toBe('open');
    expect(planStatus(unsubmitted, new Date('2027-02-28T16:00:00.000Z'))).toBe('overdue');
    const { state, events } = accepted(decideAnnualPlan(unsubmitted, { type: 'submitAnnualPlan', stamp: STAMP, allocation: allocation(100 * WAN) }, planCtx('2027-03-02T02:00:00.000Z')));
    expect(state.submission?.late).toBe(true);
    expect(events[0]).toMatchObject({ type: 'planSubmitted', late: true });
    expect(planStatus(state, new Date('2027-03-03T00:00:00.000Z'))).toBe('submittedLate');
  });

  it('R8.2 in a leap year the plan is due at the end of 29 February (2028)', () => {
    expect(planDueDate(2028)).toBe('2028-02-29');
    expect(planDueAt(2028).toISOString()).toBe('2028-02-29T16:00:00.000Z');
    const unsubmitted = plan(2028);
    expect(planStatus(unsubmitted, new Date('2028-02-28T16:00:00.000Z'))).toBe('open'); // 02-29 00:00 Shanghai
    expect(planStatus(unsubmitted, new Date('2028-02-29T15:59:00.000Z'))).toBe('open'); // 02-29 23:59
    expect(planStatus(unsubmitted, new Date('2028-02-29T16:00:00.000Z'))).toBe('overdue'); // 03-01 00:00
    const onTime = accepted(
      decideAnnualPlan(unsubmitted, { type: 'submitAnnualPlan', stamp: { ...STAMP, stampedOn: '2028-02-29' }, allocation: allocation(100 * WAN, 2028) }, planCtx('2028-02-29T15:00:00.000Z')),
    );
    expect(onTime.state.submission?.late).toBe(false);
  });

  it('R8.4 daily-collected or extra projects adjust the library with a reason, funded from matching funds and reported to the bureau', () => {
    const base = plan();
    const daily = project(3, 8 * WAN, { collection: 'daily', campaignId: null });
    const at = planCtx('2027-05-10T02:00:00.000Z');
    expect(refusal(decideAnnualPlan(base, { type: 'adjustLibrary', project: daily, reason: '' }, at))).toMatchObject({ rule: 'R8.4', code: 'REASON_REQUIRED' });
    expect(refusal(decideAnnualPlan(base, { type: 'adjustLibrary', project: daily, reason: '台风后修复' }, planCtx('2027-05-10T02:00:00.000Z', 'community_staff', 100)))).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    expect(refusal(decideAnnualPlan(base, { type: 'adjustLibrary', project: { ...daily, townId: 11 }, reason: '台风后修复' }, at))).toMatchObject({ rule: 'R0.8', code: 'FORBIDDEN_UNIT' });
    const { state, events } = accepted(decideAnnualPlan(base, { type: 'adjustLibrary', project: daily, reason: '台风后修复' }, at));
    expect(state.entries.at(-1)).toEqual({
      projectId: 3,
      communityId: 100,
      communityName: '社区0',
      projectName: '项目3',
      budgetFen: 8 * WAN,
      collection: 'daily',
      campaignId: null,
      kind: 'adjustment',
      fundedFrom: 'matching',
      enteredAt: '2027-05-10T02:00:00.000Z',
      adjustment: { reason: '台风后修复', byUserId: 7 },
    });
    expect(events).toEqual([
      { type: 'libraryAdjusted', townId: TOWN, year: 2027, projectId: 3, projectName: '项目3', collection: 'daily', budgetFen: 8 * WAN, reason: '台风后修复', fundedFrom: 'matching', reportTo: 'bureau' },
    ]);
    // Adjustments do not count towards the allocation.
    expect(planSummary(state, allocation(110 * WAN))).toMatchObject({ centralizedTotalFen: 105 * WAN, adjustmentTotalFen: 8 * WAN, totalFen: 113 * WAN, gapFen: 5 * WAN });
    expect(refusal(decideAnnualPlan(state, { type: 'adjustLibrary', project: daily, reason: '再次' }, at))).toMatchObject({ code: 'DUPLICATE_ENTRY' });
  });

  it('R8.4 a centralized project confirmed after the plan was submitted joins the library as an adjustment, reported to the bureau', () => {
    const submitted = accepted(decideAnnualPlan(plan(), { type: 'submitAnnualPlan', stamp: STAMP, allocation: allocation(100 * WAN) }, planCtx('2027-02-25T02:00:00.000Z'))).state;
    const { state, events } = accepted(decideAnnualPlan(submitted, { type: 'enterLibrary', project: project(4, 20 * WAN) }, planCtx('2027-04-01T02:00:00.000Z', 'system', null)));
    expect(state.entries.at(-1)).toMatchObject({ projectId: 4, kind: 'adjustment', fundedFrom: 'matching', adjustment: { reason: LATE_CONFIRMATION_REASON, byUserId: 7 } });
    expect(events).toEqual([expect.objectContaining({ type: 'libraryAdjusted', projectId: 4, reason: LATE_CONFIRMATION_REASON, reportTo: 'bureau' })]);
    expect(state.submission).toEqual(submitted.submission);
  });
});
