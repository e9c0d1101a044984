/** R1.3 the split-detection window's first instant, owned by the domain and used by the candidates' query. */
import { describe, expect, it } from 'vitest';
import { detectPossibleSplit, splitWindowStart, type SplitCandidate } from '../../../src/domain/lifecycle/index.js';
import { DEFAULT_RULES_CONFIG, rulesConfigWith } from '../../../src/domain/rules-config.js';

const subject: SplitCandidate = {
  projectId: 10,
  communityId: 100,
  category: 'engineering',
  subcategory: 'E1',
  location: '温塘一巷',
  budgetFen: 3_000_000,
  registeredAt: '2026-09-30T02:00:00.000Z', // 09-30 10:00 in Asia/Shanghai
  path: 'small',
};

describe('split window', () => {
  it('R1.3 the window starts at 00:00 Asia/Shanghai of the civil day 90 days before today, not 90 × 24 h ago', () => {
    const now = new Date(subject.registeredAt);
    const start = splitWindowStart(now, DEFAULT_RULES_CONFIG);
    expect(start.toISOString()).toBe('2026-07-01T16:00:00.000Z'); // 07-02 00:00 local
    expect(start.getTime()).toBeLessThan(now.getTime() - 90 * 86_400_000);
    // Just after local midnight, the first day is still the same civil day.
    expect(splitWindowStart(new Date('2026-09-29T16:00:00.000Z'), DEFAULT_RULES_CONFIG).toISOString()).toBe('2026-07-01T16:00:00.000Z');
    expect(splitWindowStart(new Date('2026-09-29T15:59:59.999Z'), DEFAULT_RULES_CONFIG).toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(splitWindowStart(now, rulesConfigWith({ splitWindowDays: 30 })).toISOString()).toBe('2026-08-30T16:00:00.000Z');
  });

  it('R1.3 a project registered at the window start is flagged, one a millisecond earlier is not', () => {
    const start = splitWindowStart(new Date(subject.registeredAt), DEFAULT_RULES_CONFIG);
    const at = (instant: Date): SplitCandidate => ({ ...subject, projectId: 1, registeredAt: instant.toISOString() });
    expect(detectPossibleSplit(subject, [at(start)], DEFAULT_RULES_CONFIG).possibleSplit).toBe(true);
    expect(detectPossibleSplit(subject, [at(new Date(start.getTime() - 1))], DEFAULT_RULES_CONFIG).possibleSplit).toBe(false);
  });
});
