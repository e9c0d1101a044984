/**
 * R2.1 R2.2 R2.6 录入诉求 and 合并诉求 without the screen: the desk channels, the form's values as the request body,
 * the server's field names on the form, the similar-demand query, and what a merge needs and sends.
 */
import { describe, expect, it } from 'vitest';
import { CHANNEL_INFO } from '../../src/domain/categories.js';
import {
  defaultPrimary,
  demandFieldErrors,
  DESK_CHANNELS,
  mergeBody,
  mergeProblems,
  newDemandBody,
  similarQuery,
  suggestionMergeBlock,
  type MergeCandidate,
} from '../../src/web/pages/demands/demand-entry.js';

describe('R2.2 entering a demand at the desk', () => {
  it('R2.1 offers the daily offline channels only', () => {
    expect(DESK_CHANNELS.length).toBe(7);
    expect(DESK_CHANNELS.every((c) => CHANNEL_INFO[c].group === 'offline')).toBe(true);
  });

  it('sends trimmed values, an empty phone as none', () => {
    expect(
      newDemandBody({ communityId: 3, channel: 'gridPatrol', proposerKind: 'masses', proposerName: ' 李建华 ', proposerPhone: ' ', location: ' 2巷 ', title: ' 井盖松动 ', description: ' 担心有人掉下去 ' }),
    ).toEqual({ communityId: 3, channel: 'gridPatrol', proposer: { kind: 'masses', name: '李建华', phone: null }, title: '井盖松动', description: '担心有人掉下去', location: '2巷' });
    expect(newDemandBody({ channel: 'gridPatrol', proposerKind: 'masses' })).toBeNull();
  });

  it('puts the server’s field problems on the form’s fields', () => {
    const { fields, rest } = demandFieldErrors([
      { field: 'body.proposer.name', message: '请填写提议人姓名或名称' },
      { field: 'proposer.phone', message: '手机号格式不正确' },
      { field: 'campaign', message: '不允许的字段' },
    ]);
    expect(fields).toEqual([
      { name: 'proposerName', errors: ['请填写提议人姓名或名称'] },
      { name: 'proposerPhone', errors: ['手机号格式不正确'] },
    ]);
    expect(rest).toEqual(['不允许的字段']);
  });

  it('R2.6 asks for similar demands once the title says something, in the chosen community', () => {
    expect(similarQuery(undefined, '路灯不亮', '')).toBeNull();
    expect(similarQuery(3, ' 灯 ', '')).toBeNull();
    expect(similarQuery(3, ' 路灯不亮 ', ' ')).toEqual({ communityId: 3, title: '路灯不亮' });
    expect(similarQuery(3, '路灯不亮', '6巷')).toEqual({ communityId: 3, title: '路灯不亮', location: '6巷' });
  });

  it('R2.6 a suggestion takes the new demand only once it is received, by a clerk who may receive it', () => {
    expect(suggestionMergeBlock('acknowledged', true)).toBeNull();
    expect(suggestionMergeBlock('adopted', true)).toBeNull();
    expect(suggestionMergeBlock('assigned', true)).toMatch(/尚未接收/);
    expect(suggestionMergeBlock('acknowledged', false)).toMatch(/村（社区）接收后/);
  });
});

describe('R2.6 merging ticked demands', () => {
  const d = (id: number, status: string, communityId = 1): MergeCandidate => ({ id, number: `MS${id}`, status, statusLabel: status, communityId, version: id + 10 });

  it('keeps an adopted demand first, else the oldest received one', () => {
    expect(defaultPrimary([d(5, 'acknowledged'), d(2, 'acknowledged'), d(9, 'adopted')])).toBe(9);
    expect(defaultPrimary([d(5, 'acknowledged'), d(2, 'acknowledged')])).toBe(2);
    expect(defaultPrimary([d(5, 'assigned')])).toBeUndefined();
  });

  it('says what stops a merge, in Chinese', () => {
    expect(mergeProblems([d(1, 'acknowledged')], 1)).toEqual(['请至少选择两件诉求']);
    expect(mergeProblems([d(1, 'acknowledged'), d(2, 'acknowledged')], 1)).toEqual([]);
    expect(mergeProblems([d(1, 'acknowledged'), d(2, 'acknowledged', 4)], 1)).toEqual(['只能合并同一村（社区）的诉求']);
    expect(mergeProblems([d(1, 'adopted'), d(2, 'adopted')], 1)).toEqual(['已立项的诉求只能作为保留的主诉求：MS2']);
    expect(mergeProblems([d(1, 'acknowledged'), d(2, 'assigned')], 1)[0]).toMatch(/须已接收且尚未研判：MS2/);
    expect(mergeProblems([d(1, 'assigned'), d(2, 'acknowledged')], 1)[0]).toMatch(/保留的诉求 MS1/);
  });

  it('sends every demand with the version the clerk read', () => {
    expect(mergeBody([d(1, 'adopted'), d(2, 'acknowledged')], 1)).toEqual({ primaryDemandId: 1, demands: [{ id: 1, version: 11 }, { id: 2, version: 12 }] });
  });
});
