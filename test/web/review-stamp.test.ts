// 盖章 on the 登记备案表 (R4.3): who has stamped and who not, the departments offered, the server's checks, the body.
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import type { ReviewContext } from '../../src/web/pages/cases/steps/review-decision.js';
import { departmentOptions, stampBody, stampFieldOf, stampProblems, stampRows, unstampedReviewers } from '../../src/web/pages/cases/steps/review-stamp.js';

const stamp = (departmentId: number, departmentName: string, stampedOn = '2026-12-01') => ({
  departmentId,
  departmentName,
  stampedByName: '王国强',
  stampedOn,
  scanAttachmentId: 90 + departmentId,
  recordedAt: '2026-12-01T08:00:00.000Z',
  recordedByUserId: 2,
});

function ctx(stamps: ReviewContext['stamps']): ReviewContext {
  return {
    reviewers: [
      { departmentId: 9, departmentName: '财政' },
      { departmentId: 11, departmentName: '住建' },
    ],
    opinions: [],
    missingOpinions: [],
    stamps,
    handlingMode: 'express',
    communityName: '示例社区一',
    fundSources: [],
  };
}

const departments = [
  { id: 10, name: '东城街道农林水务' },
  { id: 11, name: '东城街道住建' },
  { id: 12, name: '东城街道自然资源' },
  { id: 9, name: '东城街道财政' },
];

describe('stampRows', () => {
  it('lists every co-reviewer, stamped or not, then other departments that stamped', () => {
    const rows = stampRows(ctx([stamp(9, '东城街道财政'), stamp(10, '东城街道农林水务')]));
    expect(rows.map((r) => [r.departmentName, r.reviewer, r.stamps.length])).toEqual([
      ['财政', true, 1],
      ['住建', true, 0],
      ['东城街道农林水务', false, 1],
    ]);
    expect(unstampedReviewers(ctx([stamp(9, '东城街道财政')]))).toEqual(['住建']);
  });

  it('keeps a second stamp of the same department with it', () => {
    const rows = stampRows(ctx([stamp(10, '东城街道农林水务'), stamp(10, '东城街道农林水务', '2026-12-02')]));
    expect(rows.find((r) => r.departmentId === 10)?.stamps.length).toBe(2);
  });
});

describe('departmentOptions', () => {
  it('offers the co-reviewers not yet stamped first, in the order assigned, and marks them', () => {
    expect(departmentOptions(departments, ctx([stamp(9, '东城街道财政')]))).toEqual([
      { value: 11, label: '东城街道住建（会审部门）' },
      { value: 9, label: '东城街道财政（会审部门，已盖章）' },
      { value: 10, label: '东城街道农林水务' },
      { value: 12, label: '东城街道自然资源' },
    ]);
  });
});

describe('stampProblems / stampBody', () => {
  const today = '2026-12-02';
  const values = { departmentId: 9, stampedByName: ' 王国强 ', stampedOn: dayjs('2026-12-01'), scanAttachmentIds: [92] };

  it('builds the body with the date as YYYY-MM-DD and the one scan', () => {
    expect(stampBody(values, 5, today)).toEqual({
      version: 5,
      stamp: { departmentId: 9, stampedByName: '王国强', stampedOn: '2026-12-01', scanAttachmentId: 92 },
    });
  });

  it('refuses what the server refuses: no department, a blank name, a future date, no scan or two', () => {
    expect(stampProblems({ stampedByName: ' ', stampedOn: dayjs('2026-12-03'), scanAttachmentIds: [] }, today).map((p) => p.field)).toEqual([
      'departmentId',
      'stampedByName',
      'stampedOn',
      'scanAttachmentIds',
    ]);
    expect(stampProblems({ ...values, scanAttachmentIds: [1, 2] }, today)).toEqual([
      { field: 'scanAttachmentIds', message: '每次登记一个部门的盖章，只能选择一份扫描件' },
    ]);
    expect(stampBody({ ...values, stampedOn: null }, 5, today)).toBeNull();
    // Today itself is allowed.
    expect(stampProblems({ ...values, stampedOn: dayjs(today) }, today)).toEqual([]);
  });

  it('puts the server’s field names on the form’s fields', () => {
    expect(stampFieldOf('stamp.scanAttachmentId')).toBe('scanAttachmentIds');
    expect(stampFieldOf('body.stamp.stampedOn')).toBe('stampedOn');
    expect(stampFieldOf('stamp.departmentName')).toBe('departmentId');
    expect(stampFieldOf('stamp.departmentId')).toBe('departmentId');
    expect(stampFieldOf('version')).toBeNull();
  });
});
