import { describe, expect, it } from 'vitest';
import { casePath, countdownText, standingOf } from '../../src/web/pages/home/todo-format.js';

// 2026-10-20 11:00 in Beijing.
const now = new Date('2026-10-20T03:00:00Z');

describe('to-do countdown', () => {
  it('counts calendar days to the step\'s last day in Beijing time', () => {
    // Last day 10-22: due 24:00 that day (10-22T16:00Z).
    expect(countdownText({ due: '2026-10-22T16:00:00Z', dueDate: '2026-10-22' }, now)).toBe('还剩 2 天');
    expect(countdownText({ due: '2026-10-21T16:00:00Z', dueDate: '2026-10-21' }, now)).toBe('还剩 1 天');
  });

  it('tells hours when less than a day is left, minutes under an hour, whether the step ends tonight or tomorrow morning', () => {
    expect(countdownText({ due: '2026-10-20T16:00:00Z', dueDate: '2026-10-20' }, now)).toBe('还剩 13 小时');
    expect(countdownText({ due: '2026-10-21T02:59:00Z', dueDate: '2026-10-21' }, now)).toBe('还剩 23 小时');
    expect(countdownText({ due: '2026-10-20T03:20:00Z', dueDate: '2026-10-20' }, now)).toBe('还剩 20 分钟');
    expect(countdownText({ due: '2026-10-21T02:00:00Z', dueDate: '2026-10-21' }, now)).toBe('还剩 23 小时');
  });

  it('counts the days past the last day once overdue, and hours for a step that passed earlier today', () => {
    expect(countdownText({ due: '2026-10-17T16:00:00Z', dueDate: '2026-10-17' }, now)).toBe('已逾期 3 天');
    expect(countdownText({ due: '2026-10-19T16:00:00Z', dueDate: '2026-10-19' }, now)).toBe('已逾期 1 天');
    // A 24-hour receipt due at 08:00 Beijing today.
    expect(countdownText({ due: '2026-10-20T00:00:00Z', dueDate: '2026-10-20' }, now)).toBe('已逾期 3 小时');
    expect(countdownText({ due: '2026-10-20T03:00:00Z', dueDate: '2026-10-20' }, now)).toBe('已逾期 1 小时');
  });

  it('tags overdue before due soon, and nothing for a step with time left or no deadline', () => {
    expect(standingOf({ overdue: true, dueSoon: false })).toEqual({ label: '已逾期', color: 'red' });
    expect(standingOf({ overdue: false, dueSoon: true })).toEqual({ label: '即将到期', color: 'warning' });
    expect(standingOf({ overdue: false, dueSoon: false })).toBeNull();
    expect(standingOf(null)).toBeNull();
  });

  it('links each case to its own page', () => {
    expect(casePath('demand', 7)).toBe('/demands/7');
    expect(casePath('project', 12)).toBe('/projects/12');
  });
});
