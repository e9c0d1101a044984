/**
 * 年度计划 without the screen: the year the page opens on, the campaign's line at demand entry and the channel it
 * offers (R8.1), and why a plan cannot be submitted yet (R8.3), in the clerk's words.
 */
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { deskChannelOptions } from '../../src/web/pages/demands/demand-entry.js';
import { campaignNotice, defaultPlanYear, gapSentence, monthDay, submitBlock, type Plan } from '../../src/web/pages/plans/plan-year.js';

const money = (fen: number) => ({ fen, wan: String(fen / 1_000_000) });

function plan(allocationFen: number | null, centralizedFen: number, submitted = false): Plan {
  const gap = allocationFen === null ? null : Math.max(0, allocationFen - centralizedFen);
  return {
    townId: 1,
    townName: '东城街道',
    year: 2027,
    version: 1,
    status: submitted ? 'submitted' : 'open',
    statusLabel: submitted ? '已报送' : '待报送',
    dueDate: '2027-02-28',
    summary: {
      centralizedTotal: money(centralizedFen),
      adjustmentTotal: money(0),
      total: money(centralizedFen),
      allocation: allocationFen === null ? null : money(allocationFen),
      difference: allocationFen === null ? null : money(centralizedFen - allocationFen),
      gap: gap === null ? null : money(gap),
      meetsAllocation: gap === null ? null : gap === 0,
    },
    allocation: null,
    entries: [],
    submission: submitted
      ? { submittedAt: '2027-02-10T02:00:00.000Z', late: false, centralizedTotal: money(centralizedFen), allocation: money(allocationFen ?? 0), stamp: { authority: 'government', authorityLabel: '政府公章', stampedByName: '李四', stampedOn: '2027-02-09', scanAttachmentId: 1 } }
      : null,
    candidates: [],
    campaign: null,
  };
}

describe('年度计划 page logic', () => {
  it('opens on next year in December and on this year from January to November', () => {
    expect(defaultPlanYear(dayjs('2026-12-01'))).toBe(2027);
    expect(defaultPlanYear(dayjs('2026-12-31'))).toBe(2027);
    expect(defaultPlanYear(dayjs('2027-01-15'))).toBe(2027);
    expect(defaultPlanYear(dayjs('2027-11-30'))).toBe(2027);
  });

  it('R8.1 the campaign channel is offered only while the campaign is open, with its line', () => {
    expect(deskChannelOptions(false).map((o) => o.value)).not.toContain('campaign');
    expect(deskChannelOptions(true).at(-1)).toEqual({ value: 'campaign', label: '年度集中征集活动' });
    expect(campaignNotice({ year: 2027, closesOn: '2027-01-31' })).toBe('本镇（街道）2027年度集中征集活动进行中，截止 1月31日');
    expect(monthDay('2027-01-05')).toBe('1月5日');
  });

  it('R8.3 says why the plan cannot be submitted: no allocation, the gap, already submitted; none once it is met', () => {
    expect(submitBlock(plan(null, 8_000_000))).toContain('尚未设定');
    expect(submitBlock(plan(10_000_000, 8_000_000))).toContain('尚差 2 万元');
    expect(submitBlock(plan(8_000_000, 8_000_000))).toBeNull();
    expect(submitBlock(plan(8_000_000, 8_000_000, true))).toContain('不能重复报送');
    expect(gapSentence(plan(10_000_000, 8_000_000).summary)).toBe('集中征集项目合计 8 万元 / 市分配额度 10 万元，尚差 2 万元');
    expect(gapSentence(plan(8_000_000, 9_000_000).summary)).toBe('集中征集项目合计 9 万元 / 市分配额度 8 万元，已达到额度');
    expect(gapSentence(plan(null, 0).summary)).toBe('集中征集项目合计 0 万元 / 市分配额度尚未设定');
  });
});
