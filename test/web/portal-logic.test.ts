/**
 * The portal's pure parts: dates in 东莞 time and the publicity window's days left, phone numbers as typed and as
 * echoed, the remembered place, the photo rules of 我要提需求, and what comes next for a tracked demand.
 */
import { describe, expect, it } from 'vitest';
import type { Tracking } from '../../src/portal/api.js';
import { daysLeft, formatDate, formatDateTime, lastDayOf, maskPhone, normalizeMobile, publicityWindow } from '../../src/portal/format.js';
import { photoProblem, MAX_PHOTO_BYTES } from '../../src/portal/pages/raise-checks.js';
import { parsePlace } from '../../src/portal/prefs.js';
import { progressOf } from '../../src/portal/progress.js';

describe('dates', () => {
  it('reads instants in 东莞 time and dates as they are', () => {
    expect(formatDate('2026-11-30T16:30:00.000Z')).toBe('2026年12月1日');
    expect(formatDate('2026-12-08')).toBe('2026年12月8日');
    expect(formatDateTime('2026-11-30T16:05:00.000Z')).toBe('2026年12月1日 00:05');
  });

  it('names the last day of a window ending at midnight, and counts the days left', () => {
    const p = { startedAt: '2026-11-30T16:00:00.000Z', endsAt: '2026-12-08T16:00:00.000Z' };
    expect(lastDayOf(p.endsAt)).toBe('2026年12月8日');
    expect(publicityWindow(p)).toBe('2026年12月1日 至 2026年12月8日');
    expect(daysLeft(p.endsAt, new Date('2026-12-01T02:00:00.000Z'))).toBe(8);
    expect(daysLeft(p.endsAt, new Date('2026-12-08T15:00:00.000Z'))).toBe(1);
    expect(daysLeft(p.endsAt, new Date('2026-12-09T00:00:00.000Z'))).toBe(0);
  });
});

describe('phone numbers', () => {
  it('takes a mobile number typed with spaces or dashes, refuses anything else', () => {
    expect(normalizeMobile(' 138 0013-8000 ')).toBe('13800138000');
    expect(normalizeMobile('12800138000')).toBeNull();
    expect(normalizeMobile('1380013800')).toBeNull();
  });
  it('echoes only the first three and last four digits', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('123')).toBe('****');
  });
});

describe('the remembered place', () => {
  it('reads what was saved and ignores anything else', () => {
    expect(parsePlace('{"townId":3,"townName":"东城街道","communityId":9,"communityName":"示例社区一"}')).toEqual({
      townId: 3,
      townName: '东城街道',
      communityId: 9,
      communityName: '示例社区一',
    });
    expect(parsePlace('{"townId":3,"townName":"东城街道"}')?.communityId).toBeNull();
    expect(parsePlace('not json')).toBeNull();
    expect(parsePlace('{"townId":"3"}')).toBeNull();
    expect(parsePlace(null)).toBeNull();
  });
});

describe('photos of a raised need', () => {
  const jpg = (size = 1000) => ({ name: 'a.jpg', type: 'image/jpeg', size });
  it('accepts up to six JPG or PNG photos of at most 8 MB', () => {
    expect(photoProblem([])).toBeNull();
    expect(photoProblem([jpg(), jpg(), jpg(), jpg(), jpg(), { name: 'b.png', type: 'image/png', size: MAX_PHOTO_BYTES }])).toBeNull();
  });
  it('says which photo is wrong, in plain words', () => {
    expect(photoProblem(Array.from({ length: 7 }, () => jpg()))).toBe('最多上传6张照片，请删掉1张');
    expect(photoProblem([jpg(), { name: 'x.gif', type: 'image/gif', size: 10 }])).toContain('第2张不是 JPG 或 PNG');
    expect(photoProblem([jpg(MAX_PHOTO_BYTES + 1)])).toContain('第1张照片太大');
  });
});

describe('what comes next for a tracked demand', () => {
  const tracking = (status: string, newest = ''): Tracking => ({
      demand: { trackingNumber: 'MS1', title: 't', status, communityName: '示例社区一', proposerName: '陈**', proposerPhone: null, createdAt: '2026-12-01T00:00:00.000Z' },
      summary: '',
      timeline: newest === '' ? [] : [{ at: '2026-12-01T00:00:00.000Z', text: newest }],
      feedbacks: [],
      deadlines: [],
      project: null,
    });

  it('names the community and the 24-hour receipt while a demand waits to be received', () => {
    expect(progressOf(tracking('已交派待接收')).next).toBe('示例社区一会在收到后24小时内受理，并给您发送受理反馈。');
  });
  it('follows an adopted demand through its project', () => {
    expect(progressOf(tracking('已立项', '项目办结（2026-11-18）')).now).toContain('已经办结');
    expect(progressOf(tracking('已立项', '项目开始实施')).now).toBe('项目正在实施。');
    expect(progressOf(tracking('已立项', '项目公示，公示期至2026-12-08')).next).toContain('公示后实施');
  });
  it('says a status it does not know as it is', () => {
    expect(progressOf(tracking('新状态')).now).toBe('当前状态：新状态。');
    expect(progressOf(tracking('新状态')).next).toBeNull();
  });
});
