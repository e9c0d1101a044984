/**
 * 年度计划 without the screen: which year the page opens on, the campaign's wording (R8.1), and why the town cannot
 * submit its plan yet (R8.3), in the clerk's words.
 *
 * The year: the plan year whose collection is under way. In December the towns collect for the coming year (the
 * campaign closes by 31 January of it), so December opens on next year; from January on, the current year's plan
 * is collected, submitted (by the end of February) and adjusted, so January to November open on this year.
 */
import type { Dayjs } from 'dayjs';
import type { ResponseOf } from '../../api/models.js';

export type Campaign = ResponseOf<'listCampaigns'>['items'][number];
export type Plan = ResponseOf<'getAnnualPlan'>;
export type PlanStatus = Plan['status'];

/** The plan year the page opens on at `today` (Dongguan time): next year in December, else this year. */
export function defaultPlanYear(today: Dayjs): number {
  return today.month() === 11 ? today.year() + 1 : today.year();
}

/** 年度 options: three years back, the default year and the one after it, and a year the address names. */
export function planYearOptions(today: Dayjs, selected: number): { value: number; label: string }[] {
  const base = defaultPlanYear(today);
  const years = new Set<number>([base - 3, base - 2, base - 1, base, base + 1, selected]);
  return [...years].sort((a, b) => b - a).map((y) => ({ value: y, label: `${y}年度` }));
}

/** The year in the address, if it is one. */
export function yearParam(value: string | null): number | null {
  const n = Number(value);
  return value !== null && Number.isSafeInteger(n) && n >= 2000 && n <= 2100 ? n : null;
}

export function campaignTitle(year: number): string {
  return `${year}年度民生微实事集中征集活动`;
}

/** R8.1 the latest closing date of a year's campaign (31 January). */
export function latestClosing(year: number): string {
  return `${year}-01-31`;
}

/** `2027-01-31` → `1月31日`. */
export function monthDay(date: string): string {
  const [, m, d] = date.split('-').map(Number);
  return `${m ?? ''}月${d ?? ''}日`;
}

/** `2027-02-28` → `2027年2月28日`. */
export function fullDate(date: string): string {
  return `${date.slice(0, 4)}年${monthDay(date)}`;
}

/** The line shown to whoever enters demands while the town's campaign is open. */
export function campaignNotice(campaign: Pick<Campaign, 'year' | 'closesOn'>): string {
  return `本镇（街道）${campaign.year}年度集中征集活动进行中，截止 ${monthDay(campaign.closesOn)}`;
}

/** The open campaign among those a reader sees (a town has one a year; at most one is open). */
export function openCampaignOf(campaigns: readonly Campaign[]): Campaign | null {
  return campaigns.find((c) => c.open) ?? null;
}

export const STATUS_COLORS: Readonly<Record<PlanStatus, string>> = { open: 'processing', overdue: 'error', submitted: 'success', submittedLate: 'warning' };

export const ENTRY_KIND_LABELS = { centralized: '集中征集', adjustment: '年度调整' } as const;
export const FUNDED_FROM_LABELS = { allocation: '市分配额度', matching: '镇街配套资金' } as const;

/** `集中征集项目合计 8 万元 / 市分配额度 10 万元，尚差 2 万元`, or what stands instead of the allocation. */
export function gapSentence(summary: Plan['summary']): string {
  const total = `集中征集项目合计 ${summary.centralizedTotal.wan} 万元`;
  if (summary.allocation === null) return `${total} / 市分配额度尚未设定`;
  const gap = summary.gap?.fen ?? 0;
  return `${total} / 市分配额度 ${summary.allocation.wan} 万元，${gap > 0 ? `尚差 ${summary.gap?.wan ?? ''} 万元` : '已达到额度'}`;
}

/** Why 盖章报送 is not possible now (R8.2, R8.3); null when the plan can be submitted. */
export function submitBlock(plan: Plan): string | null {
  if (plan.submission !== null) return '本年度实施计划已报送市民政局，不能重复报送；新增项目请用“调整项目库”';
  if (plan.summary.allocation === null) return `市民政局尚未设定本镇（街道）${plan.year}年度的市分配经费额度，设定后才能报送（R8.3）`;
  if ((plan.summary.gap?.fen ?? 0) > 0) {
    return `集中征集项目合计尚差 ${plan.summary.gap?.wan ?? ''} 万元才达到市分配额度（R8.3）。请继续确认集中征集项目纳入项目库，或联系市民政局调整额度`;
  }
  return null;
}

/** Why 调整项目库 is not possible now; null when it is. */
export function adjustBlock(plan: Plan): string | null {
  return plan.candidates.length === 0 ? '调整项目库：本年度暂无可调入的项目（只有本镇（街道）本年度已登记备案、尚未纳入项目库的项目可以调入）' : null;
}
