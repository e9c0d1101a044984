/** R9.1 the town's ledger and the accounts it makes; R9.2 approved amounts and their override, budget against actual; R9.3 self-check rows. */
import { describe, expect, it } from 'vitest';
import {
  budgetVersusActual,
  checkLedger,
  decideLedger,
  deriveAccounts,
  disbursementProjectOf,
  emptyLedger,
  evaluationReport,
  townBalances,
  type DisbursementProject,
  type Ledger,
  type RecordDisbursementCommand,
} from '../../../src/domain/funds/index.js';
import type { ProjectState } from '../../../src/domain/lifecycle/index.js';
import { closureForm, completedProject, confirmedProject, responses, step } from '../lifecycle/fixtures.js';
import { TOWN, accepted, planCtx, refusal } from '../plans/support.js';

const WAN = 1_000_000;
const YEAR = 2026;
const AT = planCtx('2026-12-01T02:00:00.000Z');

/** Project 900 (温塘社区, 100): 12万 approved, 10万 专项资金 and 2万 集体经济. */
const P900: DisbursementProject = {
  projectId: 900,
  townId: TOWN,
  year: YEAR,
  communityId: 100,
  communityName: '温塘社区',
  projectName: '温塘一巷路面修复',
  approved: { special: 10 * WAN, collective: 2 * WAN, social: 0 },
  fundedFrom: 'allocation',
};
/** Project 901 (周屋社区, 101): an R8.4 adjustment, 5万 专项资金 from the matching funds. */
const P901: DisbursementProject = {
  projectId: 901,
  townId: TOWN,
  year: YEAR,
  communityId: 101,
  communityName: '周屋社区',
  projectName: '长者饭堂助餐服务',
  approved: { special: 5 * WAN, collective: 0, social: 0 },
  fundedFrom: 'matching',
};

let nextId = 1;
function cmd(project: DisbursementProject, amountFen: number, source: RecordDisbursementCommand['source'], voucherNo: string, extra: Partial<RecordDisbursementCommand> = {}): RecordDisbursementCommand {
  return { type: 'recordDisbursement', disbursementId: nextId++, date: '2026-11-30', project, amountFen, source, voucherNo, override: null, otherVoucherNumbers: [], ...extra };
}

function record(ledger: Ledger, command: RecordDisbursementCommand): Ledger {
  return accepted(decideLedger(ledger, command, AT)).state;
}

function sampleLedger(): Ledger {
  let ledger = emptyLedger(TOWN, YEAR);
  ledger = record(ledger, cmd(P900, 6 * WAN, 'special', 'PZ-001'));
  ledger = record(ledger, cmd(P900, 4 * WAN, 'special', 'PZ-002'));
  ledger = record(ledger, cmd(P900, 1_500_000, 'collective', 'PZ-003'));
  ledger = record(ledger, cmd(P901, 3 * WAN, 'special', 'PZ-004'));
  return ledger;
}

describe('Ledger', () => {
  it('R9.1 every disbursement is a ledger line: date, community, project, amount, fund source, voucher number', () => {
    const { state, events } = accepted(decideLedger(emptyLedger(TOWN, YEAR), cmd(P900, 6 * WAN, 'special', ' PZ-001 ', { disbursementId: 1 }), AT));
    expect(state.lines).toEqual([
      {
        id: 1,
        date: '2026-11-30',
        communityId: 100,
        communityName: '温塘社区',
        projectId: 900,
        projectName: '温塘一巷路面修复',
        amountFen: 6 * WAN,
        source: 'special',
        fundedFrom: 'allocation',
        voucherNo: 'PZ-001',
        recordedAt: '2026-12-01T02:00:00.000Z',
        recordedByUserId: 7,
        override: null,
      },
    ]);
    expect(events).toEqual([
      { type: 'disbursementRecorded', townId: TOWN, year: YEAR, disbursementId: 1, projectId: 900, communityId: 100, amountFen: 6 * WAN, source: 'special', voucherNo: 'PZ-001', override: null },
    ]);
    expect(refusal(decideLedger(state, cmd(P900, 1, 'special', 'PZ-009'), planCtx('2026-12-01T02:00:00.000Z', 'community_staff', 100)))).toMatchObject({ rule: 'R0.8', code: 'FORBIDDEN_ROLE' });
    expect(refusal(decideLedger(state, cmd({ ...P900, townId: 11 }, 1, 'special', 'PZ-009'), AT))).toMatchObject({ rule: 'R0.8', code: 'FORBIDDEN_UNIT' });
    expect(refusal(decideLedger(state, cmd(P900, 1, 'special', 'PZ-009', { date: '2026-12-02' }), AT))).toMatchObject({ rule: 'R9.1', code: 'DATE_IN_FUTURE' });
    expect(refusal(decideLedger(state, cmd(P900, 1, 'special', '  '), AT))).toMatchObject({ rule: 'R9.1', code: 'FORM_INVALID' });
  });

  it('R9.1 money is only positive integer 分', () => {
    for (const amount of [0, -100, 12.5, Number.NaN]) {
      expect(refusal(decideLedger(emptyLedger(TOWN, YEAR), cmd(P900, amount, 'special', 'PZ-100'), AT))).toMatchObject({ rule: 'R0.1', code: 'MONEY_INVALID' });
    }
  });

  it('R9.1 a voucher number used twice in one town is refused, this year or another', () => {
    const ledger = sampleLedger();
    expect(refusal(decideLedger(ledger, cmd(P901, 1 * WAN, 'special', 'pz-001'), AT))).toMatchObject({ rule: 'R9.1', code: 'DUPLICATE_VOUCHER', details: { voucherNo: 'pz-001' } });
    expect(refusal(decideLedger(ledger, cmd(P901, 1 * WAN, 'special', 'ＰＺ－００２'), AT))).toMatchObject({ code: 'DUPLICATE_VOUCHER' });
    expect(refusal(decideLedger(ledger, cmd(P901, 1 * WAN, 'special', 'PZ-2025-17', { otherVoucherNumbers: ['PZ-2025-17'] }), AT))).toMatchObject({ code: 'DUPLICATE_VOUCHER' });
    expect(accepted(decideLedger(ledger, cmd(P901, 1 * WAN, 'special', 'PZ-005'), AT)).state.lines).toHaveLength(5);
  });

  it('R9.1 the ledger sums to the accounts: the town\'s pots, each community\'s special account, each project', () => {
    const ledger = sampleLedger();
    expect(checkLedger(ledger)).toEqual([]);
    expect(ledger.accounts).toEqual(deriveAccounts(ledger.lines));
    expect(ledger.accounts.totalFen).toBe(14_500_000);
    expect(townBalances(ledger, { allocationFen: 100 * WAN, matchingFundFen: 20 * WAN })).toEqual({
      cityAllocation: { creditedFen: 100 * WAN, drawnFen: 10 * WAN, balanceFen: 90 * WAN },
      matchingFund: { creditedFen: 20 * WAN, drawnFen: 3 * WAN, balanceFen: 17 * WAN },
      communities: [
        { communityId: 100, communityName: '温塘社区', received: { special: 10 * WAN, collective: 1_500_000, social: 0 }, balanceFen: 11_500_000 },
        { communityId: 101, communityName: '周屋社区', received: { special: 3 * WAN, collective: 0, social: 0 }, balanceFen: 3 * WAN },
      ],
      totalDisbursedFen: 14_500_000,
    });
    // Accounts that drifted from their lines are named.
    const [first, second] = ledger.accounts.communities;
    if (first === undefined || second === undefined) throw new Error('fixture');
    const drifted: Ledger = { ...ledger, accounts: { ...ledger.accounts, communities: [{ ...first, balanceFen: first.balanceFen + 100 }, second] } };
    expect(checkLedger(drifted)).toEqual([
      { account: 'community.100.balance', keptFen: 11_500_100, derivedFen: 11_500_000 },
      { account: 'sum.communities', keptFen: 14_500_100, derivedFen: 14_500_000 },
    ]);
    const lost: Ledger = { ...ledger, lines: ledger.lines.slice(1) };
    expect(checkLedger(lost).map((d) => d.account)).toEqual(['total', 'drawn.allocation', 'community.100.special', 'community.100.balance', 'project.900.special']);
  });
});

describe('Approved amounts', () => {
  it('R9.2 a disbursement beyond the approved amount for its source is refused without an override', () => {
    const ledger = sampleLedger(); // 900: 10万 of 10万 专项资金 paid
    expect(refusal(decideLedger(ledger, cmd(P900, 1, 'special', 'PZ-010'), AT))).toEqual({
      rule: 'R9.2',
      code: 'OVER_APPROVED',
      message: '“民生大莞家”专项资金核定10万元，已发放10万元，本次发放将超出0.000001万元；确需发放请说明理由',
      details: { approvedFen: 10 * WAN, disbursedFen: 10 * WAN, amountFen: 1, excessFen: 1 },
    });
    expect(refusal(decideLedger(ledger, cmd(P900, 1 * WAN, 'collective', 'PZ-010'), AT))).toMatchObject({ code: 'OVER_APPROVED', details: { excessFen: 500_000 } });
    expect(refusal(decideLedger(ledger, cmd(P900, 1 * WAN, 'social', 'PZ-010'), AT))).toMatchObject({ rule: 'R9.2', code: 'NOT_APPROVED' });
    expect(refusal(decideLedger(ledger, cmd(P900, 1 * WAN, 'special', 'PZ-010', { override: { reason: '  ' } }), AT))).toMatchObject({ code: 'OVER_APPROVED' });
    // Within the approval is fine.
    expect(accepted(decideLedger(ledger, cmd(P900, 500_000, 'collective', 'PZ-011'), AT)).state.lines.at(-1)?.override).toBeNull();
  });

  it('R9.2 with an explicit override and its reason the disbursement is accepted and the override recorded in the event', () => {
    const { state, events } = accepted(decideLedger(sampleLedger(), cmd(P900, 8_000_00, 'special', 'PZ-012', { override: { reason: '材料涨价，经镇（街道）审核同意追加' } }), AT));
    const override = { reason: '材料涨价，经镇（街道）审核同意追加', approvedFen: 10 * WAN, excessFen: 800_000, byUserId: 7 };
    expect(state.lines.at(-1)?.override).toEqual(override);
    expect(events).toEqual([expect.objectContaining({ type: 'disbursementRecorded', projectId: 900, amountFen: 800_000, override })]);
    expect(checkLedger(state)).toEqual([]);
  });
});

/** A small-path project closed on time: surveyed by 30, 结项表 filed 11-23 (due 11-27), actual = budget − 100元. */
function closedSmall(projectId: number, communityId: number, closureAt = '2026-11-23T02:00:00.000Z'): ProjectState {
  const budget = 3 * WAN;
  const open = { projectId, communityId, communityName: communityId === 100 ? '东城街道温塘社区' : '东城街道周屋社区' };
  const surveyed = step(completedProject({ budgetFen: budget, open }), { type: 'recordPaperSurvey', responses: responses(30) }, '2026-11-21T02:00:00.000Z');
  const complete = step(surveyed, { type: 'completeSurvey', exceptionReason: null }, '2026-11-22T02:00:00.000Z');
  const filed = step(complete, { type: 'submitClosure', form: closureForm('engineering', budget) }, closureAt);
  return step(filed, { type: 'closeProject' }, '2026-12-01T01:00:00.000Z', 'town_staff');
}

describe('Budget against actual and the self-check', () => {
  it('R9.2 a project shows approved, disbursed and actual for each source', () => {
    const project = closedSmall(900, 100);
    const target = disbursementProjectOf(project, 'allocation');
    if (target === null) throw new Error('fixture');
    expect(target.approved).toEqual({ special: 3 * WAN, collective: 0, social: 0 });
    const ledger = record(emptyLedger(TOWN, YEAR), cmd(target, 2 * WAN, 'special', 'PZ-201'));
    const view = budgetVersusActual(project, ledger.lines);
    expect(view.rows).toEqual([
      { source: 'special', label: '“民生大莞家”专项资金投入（万元）', approvedFen: 3 * WAN, disbursedFen: 2 * WAN, actualFen: 2_990_000, varianceFen: -10_000, undisbursedFen: 1 * WAN },
      { source: 'collective', label: '村（社区）集体经济投入（万元）', approvedFen: 0, disbursedFen: 0, actualFen: 0, varianceFen: 0, undisbursedFen: 0 },
      { source: 'social', label: '社会投入（万元）', approvedFen: 0, disbursedFen: 0, actualFen: 0, varianceFen: 0, undisbursedFen: 0 },
    ]);
    expect(view.total).toEqual({ approvedFen: 3 * WAN, disbursedFen: 2 * WAN, actualFen: 2_990_000, varianceFen: -10_000, undisbursedFen: 1 * WAN });
    // Before the 结项表 there is no actual.
    expect(budgetVersusActual(confirmedProject({ budgetFen: 12 * WAN }), []).total).toMatchObject({ approvedFen: 12 * WAN, actualFen: null, varianceFen: null });
  });

  it('R9.3 the self-check rows per town and per community: projects, approved, disbursed, actual, variance, closed on time, satisfaction', () => {
    const onTime = closedSmall(900, 100);
    const late = closedSmall(902, 100, '2026-11-30T02:00:00.000Z'); // 结项表 after its due (11-27)
    const running = confirmedProject({ budgetFen: 12 * WAN, open: { projectId: 901, communityId: 101, communityName: '东城街道周屋社区' } });
    const otherYear = closedSmall(903, 100);
    let ledger = emptyLedger(TOWN, YEAR);
    for (const [p, voucher] of [[onTime, 'PZ-301'], [late, 'PZ-302'], [running, 'PZ-303']] as const) {
      const target = disbursementProjectOf(p, 'allocation');
      if (target === null) throw new Error('fixture');
      ledger = record(ledger, cmd(target, 2 * WAN, 'special', voucher));
    }
    const report = evaluationReport({ id: TOWN, name: '东城街道' }, YEAR, [onTime, late, running, { ...otherYear, year: 2025 }], ledger.lines);
    expect(report.projects.map((r) => [r.projectId, r.closedOnTime, r.satisfactionPercent])).toEqual([
      [900, true, '100'],
      [902, false, '100'],
      [901, null, null],
    ]);
    expect(report.communities).toEqual([
      {
        unit: { kind: 'community', id: 100, name: '东城街道温塘社区' },
        projectCount: 2,
        closedCount: 2,
        approvedFen: 6 * WAN,
        disbursedFen: 4 * WAN,
        actualFen: 5_980_000,
        varianceFen: -20_000,
        closedOnTimeCount: 1,
        closedLateCount: 1,
        satisfied: 60,
        respondents: 60,
        satisfactionPercent: '100',
      },
      {
        unit: { kind: 'community', id: 101, name: '东城街道周屋社区' },
        projectCount: 1,
        closedCount: 0,
        approvedFen: 12 * WAN,
        disbursedFen: 2 * WAN,
        actualFen: 0,
        varianceFen: 0,
        closedOnTimeCount: 0,
        closedLateCount: 0,
        satisfied: 0,
        respondents: 0,
        satisfactionPercent: null,
      },
    ]);
    expect(report.town).toMatchObject({ unit: { kind: 'town', id: TOWN, name: '东城街道' }, projectCount: 3, closedCount: 2, approvedFen: 18 * WAN, disbursedFen: 6 * WAN, actualFen: 5_980_000, closedOnTimeCount: 1, closedLateCount: 1, satisfactionPercent: '100' });
  });
});
