/** R8.1 the annual centralized collection: one campaign per town and year, closing by 31 January; the collection mode at an instant. */
import { describe, expect, it } from 'vitest';
import { decideDemand } from '../../../src/domain/lifecycle/index.js';
import {
  collectionModeAt,
  decideCampaign,
  demandCollectionAt,
  type Campaign,
  type CampaignCommand,
} from '../../../src/domain/plans/index.js';
import { createDemandCommand, ctx as lifecycleCtx } from '../lifecycle/fixtures.js';
import { TOWN, accepted, planCtx, refusal } from './support.js';

const ctx = planCtx;
const ok = accepted;
const refused = refusal;

function openCmd(overrides: Partial<Extract<CampaignCommand, { type: 'openCampaign' }>> = {}): CampaignCommand {
  return { type: 'openCampaign', campaignId: 31, townId: TOWN, year: 2027, title: '2027年度民生微实事集中征集', closesOn: null, existing: [], ...overrides };
}

/** Opened Tue 2026-12-15 10:00 Shanghai for 2027, closing by default on 31 January 2027. */
function campaign2027(): Campaign {
  return ok(decideCampaign(null, openCmd(), ctx('2026-12-15T02:00:00.000Z'))).state;
}

describe('Campaign', () => {
  it('R8.1 a campaign closes on 31 January of its year by default; a later closing date is refused, an earlier one allowed', () => {
    const { state, events } = ok(decideCampaign(null, openCmd(), ctx('2026-12-15T02:00:00.000Z')));
    expect(state).toMatchObject({ id: 31, townId: TOWN, year: 2027, closesOn: '2027-01-31', openedAt: '2026-12-15T02:00:00.000Z', closedEarly: null });
    expect(events).toEqual([{ type: 'campaignOpened', campaignId: 31, townId: TOWN, year: 2027, closesOn: '2027-01-31' }]);
    expect(refused(decideCampaign(null, openCmd({ closesOn: '2027-02-01' }), ctx('2026-12-15T02:00:00.000Z')))).toMatchObject({
      rule: 'R8.1',
      code: 'CLOSING_DATE_TOO_LATE',
      details: { latest: '2027-01-31' },
    });
    expect(ok(decideCampaign(null, openCmd({ closesOn: '2027-01-20' }), ctx('2026-12-15T02:00:00.000Z'))).state.closesOn).toBe('2027-01-20');
  });

  it('R8.1 a second campaign for the same town and year is refused; another town or year is not', () => {
    const first = campaign2027();
    expect(refused(decideCampaign(null, openCmd({ campaignId: 32, existing: [first] }), ctx('2026-12-20T02:00:00.000Z')))).toMatchObject({
      rule: 'R8.1',
      code: 'ALREADY_EXISTS',
    });
    expect(ok(decideCampaign(null, openCmd({ campaignId: 33, townId: 11, existing: [first] }), ctx('2026-12-20T02:00:00.000Z', 'town_staff', 11))).state.townId).toBe(11);
    expect(ok(decideCampaign(null, openCmd({ campaignId: 34, year: 2028, existing: [first] }), ctx('2026-12-20T02:00:00.000Z'))).state.closesOn).toBe('2028-01-31');
  });

  it('R8.1 only town staff of the town open a campaign', () => {
    expect(refused(decideCampaign(null, openCmd(), ctx('2026-12-15T02:00:00.000Z', 'community_staff', 100)))).toMatchObject({ rule: 'R0.8', code: 'FORBIDDEN_ROLE' });
    expect(refused(decideCampaign(null, openCmd(), ctx('2026-12-15T02:00:00.000Z', 'town_staff', 11)))).toMatchObject({ rule: 'R0.8', code: 'FORBIDDEN_UNIT' });
  });

  it('R8.1 31 January 23:59 in Shanghai is still centralized collection, 1 February 00:00 is daily', () => {
    const campaigns = [campaign2027()];
    expect(collectionModeAt(campaigns, TOWN, new Date('2027-01-31T15:59:00.000Z'))).toBe('centralized'); // 01-31 23:59 +08
    expect(collectionModeAt(campaigns, TOWN, new Date('2027-01-31T15:59:59.999Z'))).toBe('centralized');
    expect(collectionModeAt(campaigns, TOWN, new Date('2027-01-31T16:00:00.000Z'))).toBe('daily'); // 02-01 00:00 +08
    // Before the opening, and in another town, collection is daily.
    expect(collectionModeAt(campaigns, TOWN, new Date('2026-12-15T01:59:59.000Z'))).toBe('daily');
    expect(collectionModeAt(campaigns, 11, new Date('2027-01-10T02:00:00.000Z'))).toBe('daily');
  });

  it('R8.1 a demand entered during the campaign is centralized; one entered after its close is daily collection', () => {
    const campaigns = [campaign2027()];
    const during = demandCollectionAt(campaigns, TOWN, 'campaign', new Date('2027-01-20T02:00:00.000Z'));
    expect(during).toEqual({ ok: true, collection: { mode: 'centralized', campaignId: 31, year: 2027 } });
    const after = new Date('2027-02-01T02:00:00.000Z');
    expect(collectionModeAt(campaigns, TOWN, after)).toBe('daily');
    const daily = demandCollectionAt(campaigns, TOWN, 'hotline12345', after);
    expect(daily).toEqual({ ok: true, collection: { mode: 'daily' } });
    expect(demandCollectionAt(campaigns, TOWN, 'campaign', after)).toMatchObject({ ok: false, violation: { rule: 'R8.1', code: 'CAMPAIGN_CLOSED' } });
    // The lifecycle takes the answer as the demand's collection.
    if (!daily.ok || !during.ok) throw new Error('fixture');
    const created = decideDemand(null, { ...createDemandCommand, collection: daily.collection }, lifecycleCtx('2027-02-01T02:00:00.000Z', 'town_staff'));
    expect(created.ok && created.state.collection).toBe('daily');
    const central = decideDemand(null, { ...createDemandCommand, channel: 'campaign', collection: during.collection }, lifecycleCtx('2027-01-20T02:00:00.000Z', 'town_staff'));
    expect(central.ok && [central.state.collection, central.state.campaignId, central.state.year]).toEqual(['centralized', 31, 2027]);
  });

  it('R8.1 the town may close its campaign early, with a reason; collection is daily from then on', () => {
    const open = campaign2027();
    expect(refused(decideCampaign(open, { type: 'closeCampaign', reason: ' ' }, ctx('2027-01-10T02:00:00.000Z')))).toMatchObject({ rule: 'R8.1', code: 'REASON_REQUIRED' });
    const { state, events } = ok(decideCampaign(open, { type: 'closeCampaign', reason: '各社区已完成征集' }, ctx('2027-01-10T02:00:00.000Z')));
    expect(state.closedEarly).toEqual({ at: '2027-01-10T02:00:00.000Z', reason: '各社区已完成征集', byUserId: 7 });
    expect(events).toEqual([{ type: 'campaignClosed', campaignId: 31, townId: TOWN, year: 2027, at: '2027-01-10T02:00:00.000Z', reason: '各社区已完成征集' }]);
    expect(collectionModeAt([state], TOWN, new Date('2027-01-10T01:59:59.000Z'))).toBe('centralized');
    expect(collectionModeAt([state], TOWN, new Date('2027-01-10T02:00:00.000Z'))).toBe('daily');
    expect(refused(decideCampaign(state, { type: 'closeCampaign', reason: '重复' }, ctx('2027-01-11T02:00:00.000Z')))).toMatchObject({ code: 'INVALID_STATE' });
  });
});
