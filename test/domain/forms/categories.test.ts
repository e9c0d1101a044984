/** R1.1 categories, R2.1 channels, R2.2 proposer kinds and the 来源渠道 boxes. */
import { describe, expect, it } from 'vitest';
import {
  CHANNEL_INFO,
  CHANNELS,
  SUBCATEGORIES,
  SUBCATEGORY_CODES,
  sourceChannelOf,
  sourceChannelsOf,
  subcategoryBelongsTo,
} from '../../../src/domain/categories.js';

describe('categories and channels', () => {
  it('R1.1 has E1–E3 under engineering and S1–S8 under service, each with the guide example hints', () => {
    expect(SUBCATEGORY_CODES.filter((c) => SUBCATEGORIES[c].category === 'engineering')).toEqual(['E1', 'E2', 'E3']);
    expect(SUBCATEGORY_CODES.filter((c) => SUBCATEGORIES[c].category === 'service')).toEqual(['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8']);
    expect(SUBCATEGORIES.E1.label).toBe('生活环境美化工程');
    expect(SUBCATEGORIES.E1.hints).toContain('道路路灯美化');
    expect(SUBCATEGORIES.S7.label).toBe('重大突发公共卫生事件中的特殊群体服务');
    expect(subcategoryBelongsTo('S2', 'engineering')).toBe(false);
    for (const code of SUBCATEGORY_CODES) expect(SUBCATEGORIES[code].hints.length).toBeGreaterThan(0);
  });

  it('R2.1 groups the daily online, daily offline and centralized channels as the guide lists them', () => {
    const group = (g: string) => CHANNELS.filter((c) => CHANNEL_INFO[c].group === g);
    expect(group('online')).toEqual(['hotline12345', 'portal12345', 'wechatGuanjia']);
    expect(group('offline')).toHaveLength(7);
    expect(group('centralized')).toEqual(['campaign']);
    expect(CHANNEL_INFO.wechatGuanjia.label).toBe('“莞家政务”微信公众号');
  });

  it('R2.2 derives the ticked 来源渠道 box from channel and proposer kind', () => {
    expect(sourceChannelOf('hotline12345', 'masses')).toBe('onlineHotline');
    expect(sourceChannelOf('wechatGuanjia', 'committee')).toBe('onlineHotline');
    expect(sourceChannelOf('leaderStation', 'masses')).toBe('residentOfficialCollected');
    expect(sourceChannelOf('communitySelf', 'committee')).toBe('committeeProposal');
    expect(sourceChannelOf('gridPatrol', 'representatives')).toBe('representativesProposal');
    expect(sourceChannelOf('campaign', 'residentUnit')).toBe('residentUnitProposal');
    expect(
      sourceChannelsOf([
        { channel: 'citizenCenter', proposerKind: 'masses' },
        { channel: 'hotline12345', proposerKind: 'masses' },
        { channel: 'portal12345', proposerKind: 'other' },
      ]),
    ).toEqual(['onlineHotline', 'massesProposal']);
  });
});
