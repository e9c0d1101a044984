/** R9.1 镇街配套资金: set by the town's own staff in positive 分, a change carries its reason, every value kept. */
import { describe, expect, it } from 'vitest';
import { decideMatchingFund, type MatchingFund, type SetMatchingFundCommand } from '../../../src/domain/funds/index.js';
import { TOWN, accepted, planCtx, refusal } from '../plans/support.js';

const WAN = 1_000_000;
const town = planCtx('2026-03-02T02:00:00.000Z');
const later = planCtx('2026-06-01T02:00:00.000Z');
const set = (amountFen: number, reason: string | null = null, townId = TOWN): SetMatchingFundCommand => ({ type: 'setMatchingFund', townId, year: 2026, amountFen, reason });

describe('R9.1 the town’s matching funds of a year', () => {
  it('R9.1 the town clerk sets them the first time without a reason', () => {
    const { state, events } = accepted(decideMatchingFund(null, set(50 * WAN), town));
    expect(state).toEqual({
      aggregate: 'matchingFund',
      townId: TOWN,
      year: 2026,
      amountFen: 50 * WAN,
      history: [{ amountFen: 50 * WAN, setAt: '2026-03-02T02:00:00.000Z', setByUserId: 7, reason: null }],
    });
    expect(events).toEqual([{ type: 'matchingFundSet', townId: TOWN, year: 2026, amountFen: 50 * WAN, previousFen: null, reason: null }]);
  });

  it('R9.1 a change needs a reason, and the history keeps every value', () => {
    const first: MatchingFund = accepted(decideMatchingFund(null, set(50 * WAN), town)).state;
    expect(refusal(decideMatchingFund(first, set(60 * WAN), later))).toMatchObject({ rule: 'R9.1', code: 'REASON_REQUIRED' });
    expect(refusal(decideMatchingFund(first, set(60 * WAN, '   '), later))).toMatchObject({ rule: 'R9.1', code: 'REASON_REQUIRED' });
    expect(refusal(decideMatchingFund(first, set(50 * WAN, '无变化'), later))).toMatchObject({ rule: 'R9.1', code: 'INVALID_STATE' });
    const { state, events } = accepted(decideMatchingFund(first, set(60 * WAN, ' 镇财政追加 '), later));
    expect(state.amountFen).toBe(60 * WAN);
    expect(state.history.map((h) => [h.amountFen, h.reason])).toEqual([
      [50 * WAN, null],
      [60 * WAN, '镇财政追加'],
    ]);
    expect(events[0]).toMatchObject({ previousFen: 50 * WAN, amountFen: 60 * WAN, reason: '镇财政追加' });
  });

  it('R0.1 the amount is positive integer 分 within the ceiling', () => {
    for (const amount of [0, -1, 1.5, Number.NaN, 10 ** 15]) {
      expect(refusal(decideMatchingFund(null, set(amount), town)), String(amount)).toMatchObject({ rule: 'R0.1', code: 'MONEY_INVALID' });
    }
  });

  it('R0.8 only town staff set them, and only for their own town', () => {
    expect(refusal(decideMatchingFund(null, set(WAN), planCtx('2026-03-02T02:00:00.000Z', 'bureau_admin', 1)))).toMatchObject({ rule: 'R0.8', code: 'FORBIDDEN_ROLE' });
    expect(refusal(decideMatchingFund(null, set(WAN), planCtx('2026-03-02T02:00:00.000Z', 'community_staff', 100)))).toMatchObject({ rule: 'R0.8', code: 'FORBIDDEN_ROLE' });
    expect(refusal(decideMatchingFund(null, set(WAN, null, TOWN + 1), town))).toMatchObject({ rule: 'R0.8', code: 'FORBIDDEN_UNIT' });
    const first = accepted(decideMatchingFund(null, set(WAN), town)).state;
    expect(refusal(decideMatchingFund(first, { ...set(2 * WAN, '调整'), year: 2027 }, later))).toMatchObject({ code: 'INVALID_STATE' });
  });
});
