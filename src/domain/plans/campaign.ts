/**
 * 集中征集活动 (`Campaign`, R8.1): each year a town runs one centralized collection for its communities, closing by
 * 31 January. While a campaign of the town is open, a demand entered through the campaign is centralized; otherwise
 * collection is daily. `decideCampaign` is the one pure entry point; `collectionModeAt` and `demandCollectionAt`
 * answer which mode applies at an instant.
 */
import { isValidLocalDate, startOfLocalDay, addLocalDays, toLocalDate, type LocalDate } from '../calendar/index.js';
import { CHANNEL_INFO, type Channel } from '../categories.js';
import type { CollectionMode } from '../lifecycle/demand.js';
import type { IsoInstant } from '../lifecycle/types.js';
import { cleanText, refusePlan, refuseRole, type PlanContext, type PlanDecision, type PlanRefusal } from './decision.js';
import { DEFAULT_PLAN_POLICY, type PlanPolicy } from './policy.js';

export interface Campaign {
  readonly aggregate: 'campaign';
  readonly id: number;
  readonly townId: number;
  readonly year: number;
  readonly title: string;
  readonly openedAt: IsoInstant;
  readonly openedByUserId: number | null;
  /** The last civil day (Asia/Shanghai) of collection: open until 24:00 of it. */
  readonly closesOn: LocalDate;
  /** Closed before `closesOn` by the town, with its reason. */
  readonly closedEarly: { readonly at: IsoInstant; readonly reason: string; readonly byUserId: number | null } | null;
}

export type CampaignCommand =
  | {
      readonly type: 'openCampaign';
      readonly campaignId: number;
      readonly townId: number;
      readonly year: number;
      readonly title: string;
      /** null: the default, 31 January of the year (R8.1). */
      readonly closesOn: LocalDate | null;
      /** The town's campaigns already recorded (any year): one per town and year. */
      readonly existing: readonly Campaign[];
    }
  | { readonly type: 'closeCampaign'; readonly reason: string };

export type CampaignEvent =
  | { readonly type: 'campaignOpened'; readonly campaignId: number; readonly townId: number; readonly year: number; readonly closesOn: LocalDate }
  | { readonly type: 'campaignClosed'; readonly campaignId: number; readonly townId: number; readonly year: number; readonly at: IsoInstant; readonly reason: string };

export type CampaignDecision = PlanDecision<Campaign, CampaignEvent>;

/** R8.1 the latest closing date of a year's campaign: 31 January by default. */
export function latestClosingDate(year: number, policy: PlanPolicy = DEFAULT_PLAN_POLICY): LocalDate {
  return `${String(year).padStart(4, '0')}-${policy.campaignLatestClosing}`;
}

/** The instant a campaign stops collecting: 24:00 of `closesOn`, or its early close. */
export function campaignEndsAt(campaign: Campaign): Date {
  const end = startOfLocalDay(addLocalDays(campaign.closesOn, 1));
  if (campaign.closedEarly === null) return end;
  const early = new Date(campaign.closedEarly.at);
  return early < end ? early : end;
}

/** R8.1 whether the campaign collects at the instant: from its opening until 24:00 of its closing day (or early close). */
export function isCampaignOpen(campaign: Campaign, instant: Date): boolean {
  return instant.getTime() >= Date.parse(campaign.openedAt) && instant < campaignEndsAt(campaign);
}

/** The town's campaign open at the instant, if any. */
export function openCampaignAt(campaigns: readonly Campaign[], townId: number, instant: Date): Campaign | null {
  return campaigns.find((c) => c.townId === townId && isCampaignOpen(c, instant)) ?? null;
}

/** R8.1 'centralized' while a campaign of the town is open at the instant (Asia/Shanghai date ≤ closing date), else 'daily'. */
export function collectionModeAt(campaigns: readonly Campaign[], townId: number, instant: Date): CollectionMode {
  return openCampaignAt(campaigns, townId, instant) === null ? 'daily' : 'centralized';
}

/** What `createDemand` takes as `collection` (lifecycle/demand.ts). */
export type DemandCollection =
  | { readonly mode: 'daily' }
  | { readonly mode: 'centralized'; readonly campaignId: number; readonly year: number };

/**
 * R8.1 with R2.1: the collection of a demand entered at `instant` through `channel`. The campaign channel is the
 * centralized one (R2.1): it is centralized while the town's campaign is open and refused after its close (the
 * demand is then entered through a daily channel); every other channel is daily collection.
 */
export function demandCollectionAt(
  campaigns: readonly Campaign[],
  townId: number,
  channel: Channel,
  instant: Date,
): { readonly ok: true; readonly collection: DemandCollection } | PlanRefusal {
  if (CHANNEL_INFO[channel].group !== 'centralized') return { ok: true, collection: { mode: 'daily' } };
  const campaign = openCampaignAt(campaigns, townId, instant);
  if (campaign === null) {
    return refusePlan('R8.1', 'CAMPAIGN_CLOSED', '本镇（街道）当前没有进行中的集中征集活动，诉求按日常征集登记');
  }
  return { ok: true, collection: { mode: 'centralized', campaignId: campaign.id, year: campaign.year } };
}

/** The one pure entry point of the Campaign aggregate. */
export function decideCampaign(
  state: Campaign | null,
  command: CampaignCommand,
  ctx: PlanContext,
  policy: PlanPolicy = DEFAULT_PLAN_POLICY,
): CampaignDecision {
  const denied = refuseRole(ctx, 'openCampaign');
  if (denied !== null) return denied;
  if (command.type === 'openCampaign') {
    if (state !== null) return refusePlan('R8.1', 'ALREADY_EXISTS', '集中征集活动已存在');
    return open(command, ctx, policy);
  }
  if (state === null) return refusePlan('R8.1', 'INVALID_STATE', '集中征集活动不存在');
  return close(state, command, ctx);
}

function open(cmd: Extract<CampaignCommand, { type: 'openCampaign' }>, ctx: PlanContext, policy: PlanPolicy): CampaignDecision {
  if (ctx.actor.unitId !== null && ctx.actor.role === 'town_staff' && ctx.actor.unitId !== cmd.townId) {
    return refusePlan('R0.8', 'FORBIDDEN_UNIT', '只能发起本镇（街道）的集中征集活动');
  }
  const title = cleanText(cmd.title, 100);
  if (title === null || !Number.isInteger(cmd.year) || cmd.year < 2000 || cmd.year > 9999) {
    return refusePlan('R8.1', 'FORM_INVALID', '请填写活动名称和年度');
  }
  // R8.1 one centralized collection per town and year.
  if (cmd.existing.some((c) => c.townId === cmd.townId && c.year === cmd.year)) {
    return refusePlan('R8.1', 'ALREADY_EXISTS', `本镇（街道）${cmd.year}年度的集中征集活动已发起，每年一次`, { year: cmd.year });
  }
  const latest = latestClosingDate(cmd.year, policy);
  const closesOn = cmd.closesOn ?? latest;
  if (!isValidLocalDate(closesOn)) return refusePlan('R8.1', 'FORM_INVALID', '截止日期格式不正确');
  // R8.1 closes by 31 January: a later date is refused, an earlier one allowed.
  if (closesOn > latest) {
    return refusePlan('R8.1', 'CLOSING_DATE_TOO_LATE', `集中征集须于${Number(latest.slice(5, 7))}月${Number(latest.slice(8, 10))}日前结束`, { latest });
  }
  if (closesOn < toLocalDate(ctx.now)) return refusePlan('R8.1', 'FORM_INVALID', '截止日期不能早于今天');
  const state: Campaign = {
    aggregate: 'campaign',
    id: cmd.campaignId,
    townId: cmd.townId,
    year: cmd.year,
    title,
    openedAt: ctx.now.toISOString(),
    openedByUserId: ctx.actor.userId,
    closesOn,
    closedEarly: null,
  };
  return { ok: true, state, events: [{ type: 'campaignOpened', campaignId: state.id, townId: state.townId, year: state.year, closesOn }] };
}

function close(state: Campaign, cmd: Extract<CampaignCommand, { type: 'closeCampaign' }>, ctx: PlanContext): CampaignDecision {
  if (!isCampaignOpen(state, ctx.now)) return refusePlan('R8.1', 'INVALID_STATE', '集中征集活动已结束');
  const reason = cleanText(cmd.reason);
  if (reason === null) return refusePlan('R8.1', 'REASON_REQUIRED', '提前结束集中征集须说明理由');
  const at = ctx.now.toISOString();
  return {
    ok: true,
    state: { ...state, closedEarly: { at, reason, byUserId: ctx.actor.userId } },
    events: [{ type: 'campaignClosed', campaignId: state.id, townId: state.townId, year: state.year, at, reason }],
  };
}
