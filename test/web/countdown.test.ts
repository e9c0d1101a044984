import { describe, expect, it } from 'vitest';
import type { CaseDeadline } from '../../src/web/api/models.js';
import { countdown, nextDeadline } from '../../src/web/pages/cases/countdown.js';

const now = new Date('2026-10-20T03:00:00Z');

function deadline(step: string, due: string, status: CaseDeadline['status']): CaseDeadline {
  return { step, rule: 'R2.3', label: step, startedAt: '2026-10-19T03:00:00Z', due, dueDate: due.slice(0, 10), provisional: false, warnings: [], status, visibleAbove: null };
}

describe('case countdown', () => {
  it('tells days and hours left, hours alone under a day, minutes under an hour', () => {
    expect(countdown('2026-10-22T06:00:00Z', now)).toEqual({ text: '还剩 2 天 3 小时', overdue: false });
    expect(countdown('2026-10-23T03:00:00Z', now)).toEqual({ text: '还剩 3 天', overdue: false });
    expect(countdown('2026-10-20T08:30:00Z', now)).toEqual({ text: '还剩 5 小时', overdue: false });
    expect(countdown('2026-10-20T03:44:10Z', now)).toEqual({ text: '还剩 45 分钟', overdue: false });
  });

  it('tells how long a deadline has passed, and a deadline reached now is overdue', () => {
    expect(countdown('2026-10-19T01:00:00Z', now)).toEqual({ text: '已逾期 1 天 2 小时', overdue: true });
    expect(countdown('2026-10-20T03:00:00Z', now).overdue).toBe(true);
  });

  it('picks the open step due first, skipping finished and cancelled ones', () => {
    const picked = nextDeadline([
      deadline('done', '2026-10-18T00:00:00Z', 'done'),
      deadline('later', '2026-10-25T00:00:00Z', 'open'),
      deadline('sooner', '2026-10-21T00:00:00Z', 'dueSoon'),
      deadline('cancelled', '2026-10-19T00:00:00Z', 'cancelled'),
    ]);
    expect(picked?.step).toBe('sooner');
    expect(nextDeadline([deadline('done', '2026-10-18T00:00:00Z', 'doneLate')])).toBeUndefined();
  });
});
