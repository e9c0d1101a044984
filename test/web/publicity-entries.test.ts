// 异议 (R5.3) and 莞家直达 认领 (R5.5) entered by staff: form values → bodies, the checks, server field names, and
// when a project can be claimed.
import { describe, expect, it } from 'vitest';
import type { ProjectState } from '../../src/web/api/models.js';
import {
  claimBody,
  claimFieldOf,
  claimProblems,
  claimabilityOf,
  claimantNameLabel,
  objectionBody,
  objectionFieldOf,
  objectionProblems,
  unansweredObjections,
} from '../../src/web/pages/cases/steps/publicity-entries.js';

describe('objections', () => {
  it('trims the text and sends a blank name or phone as null', () => {
    expect(objectionBody({ text: ' 座椅离窗口太近 ', raisedByName: '  ', contactPhone: undefined }, 3)).toEqual({
      version: 3,
      text: '座椅离窗口太近',
      raisedByName: null,
      contactPhone: null,
    });
    expect(objectionBody({ text: '建议增加儿童设施', raisedByName: ' 莫晓琳 ', contactPhone: ' 13712880192 ' }, 3)).toEqual({
      version: 3,
      text: '建议增加儿童设施',
      raisedByName: '莫晓琳',
      contactPhone: '13712880192',
    });
  });

  it('needs the content, and a phone that can be called back when one is given', () => {
    expect(objectionProblems({ text: '  ' })).toEqual([{ field: 'text', message: '请填写异议内容' }]);
    expect(objectionProblems({ text: '意见', contactPhone: '139268801' }).map((p) => p.field)).toEqual(['contactPhone']);
    expect(objectionProblems({ text: '意见', contactPhone: '0769-22830606' })).toEqual([]);
    expect(objectionBody({ text: '' }, 1)).toBeNull();
    expect(objectionFieldOf('body.text')).toBe('text');
    expect(objectionFieldOf('version')).toBeNull();
  });

  it('counts the objections not answered yet', () => {
    const objection = (id: number, answered: boolean): ProjectState['objections'][number] => ({
      id,
      raisedAt: '2026-12-01T01:20:00.000Z',
      text: '意见',
      raisedByName: null,
      contactPhone: null,
      answer: answered ? { text: '已调整', answeredAt: '2026-12-01T02:00:00.000Z', answeredByUserId: 2 } : null,
    });
    expect(unansweredObjections({ objections: [objection(1, true), objection(2, false), objection(3, false)] })).toBe(2);
  });
});

describe('claims', () => {
  const values = { kind: 'organization' as const, name: ' 东莞市康乐社会工作服务中心 ', contactName: ' 黄敏 ', contactPhone: '0769-22118899', note: ' 愿承担全部经费 ' };

  it('sends the claimant and the note, trimmed', () => {
    expect(claimBody(values, 4)).toEqual({
      version: 4,
      claimant: { kind: 'organization', name: '东莞市康乐社会工作服务中心', contactName: '黄敏', contactPhone: '0769-22118899' },
      note: '愿承担全部经费',
    });
    expect(claimBody({ ...values, note: undefined }, 4)?.note).toBe('');
  });

  it('checks the claimant as the domain does', () => {
    expect(claimProblems({}).map((p) => p.field)).toEqual(['kind', 'name', 'contactName', 'contactPhone']);
    expect(claimProblems({ ...values, contactPhone: '12345' })).toEqual([{ field: 'contactPhone', message: '联系电话格式不正确' }]);
    expect(claimBody({ ...values, name: '' }, 4)).toBeNull();
    expect(claimantNameLabel('individual')).toBe('姓名');
    expect(claimantNameLabel(undefined)).toBe('认领方名称');
  });

  it('puts claimant.* on the form’s fields', () => {
    expect(claimFieldOf('claimant.contactPhone')).toBe('contactPhone');
    expect(claimFieldOf('body.claimant.kind')).toBe('kind');
    expect(claimFieldOf('note')).toBe('note');
  });

  it('is offered for 莞家直达 projects only, until a claim is accepted (R5.5)', () => {
    const agreement = (handlingMode: 'express' | 'direct' | 'station'): ProjectState['agreement'] => ({
      via: 'consultation',
      agreedAt: '2026-11-20T02:00:00.000Z',
      result: {
        content: '助餐',
        beneficiaries: '长者',
        handlingMode,
        budgetFen: 4_800_000,
        fundSources: [{ source: 'special', amountFen: 4_800_000 }],
        implementer: '待认领',
        implementationPeriod: { start: '2026-12-10', end: '2027-06-30' },
      },
    });
    const claim = (accepted: boolean | null): ProjectState['claims'][number] => ({
      id: 1,
      claimant: { kind: 'organization', name: '康乐社工', contactName: '黄敏', contactPhone: '0769-22118899' },
      note: '',
      claimedAt: '2026-12-01T02:00:00.000Z',
      decision: accepted === null ? null : { accepted, reason: null, decidedAt: '2026-12-01T03:00:00.000Z', decidedByUserId: 2 },
    });
    expect(claimabilityOf({ agreement: agreement('express'), claims: [] })).toEqual({ claimable: false, reason: '只有莞家直达方式办理的项目可以认领', offer: false });
    expect(claimabilityOf({ agreement: null, claims: [] }).claimable).toBe(false);
    expect(claimabilityOf({ agreement: agreement('direct'), claims: [claim(null), claim(false)] })).toEqual({ claimable: true });
    expect(claimabilityOf({ agreement: agreement('direct'), claims: [claim(true)] })).toEqual({ claimable: false, reason: '该项目已由「康乐社工」认领', offer: true });
  });
});
