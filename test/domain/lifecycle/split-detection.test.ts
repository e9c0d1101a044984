/** R1.3 split detection as a pure function over a community's recent small-path projects. */
import { describe, expect, it } from 'vitest';
import { detectPossibleSplit, normaliseLocation, toSplitCandidate, type SplitCandidate } from '../../../src/domain/lifecycle/index.js';
import { DEFAULT_RULES_CONFIG, rulesConfigWith } from '../../../src/domain/rules-config.js';
import { registeredProject } from './fixtures.js';

const subject: SplitCandidate = {
  projectId: 10,
  communityId: 100,
  category: 'engineering',
  subcategory: 'E1',
  location: '温塘一巷',
  budgetFen: 2_000_000,
  registeredAt: '2026-09-30T02:00:00.000Z',
  path: 'small',
};

describe('split detection', () => {
  it('R1.3 flags same-community, same-category, same-place small projects whose sum exceeds 5万 within 90 days', () => {
    const a = { ...subject, projectId: 1, budgetFen: 2_000_000, location: '温塘 一巷', registeredAt: '2026-07-02T02:00:00.000Z' };
    const b = { ...subject, projectId: 2, budgetFen: 1_500_000, subcategory: 'E2' as const, registeredAt: '2026-09-01T02:00:00.000Z' };
    expect(detectPossibleSplit(subject, [a, b], DEFAULT_RULES_CONFIG)).toEqual({ possibleSplit: true, relatedProjectIds: [1, 2], totalFen: 5_500_000 });
    // Exactly 5万 is not more than 5万.
    expect(detectPossibleSplit(subject, [{ ...a, budgetFen: 1_500_000 }, b], DEFAULT_RULES_CONFIG).possibleSplit).toBe(false);
  });

  it('R1.3 ignores other communities, categories, places, town-path projects and anything older than the window', () => {
    const base = { ...subject, projectId: 1, budgetFen: 4_000_000 };
    for (const other of [
      { ...base, communityId: 101 },
      { ...base, category: 'service' as const, subcategory: 'S1' as const },
      { ...base, location: '温塘二巷' },
      { ...base, path: 'town' as const, budgetFen: 9_000_000 },
      { ...base, registeredAt: '2026-07-01T15:00:00.000Z' }, // 07-01 local: 91 days before 09-30
    ]) {
      expect(detectPossibleSplit(subject, [other], DEFAULT_RULES_CONFIG).possibleSplit).toBe(false);
    }
    expect(detectPossibleSplit(subject, [{ ...base, registeredAt: '2026-07-01T16:00:00.000Z' }], DEFAULT_RULES_CONFIG).possibleSplit).toBe(true);
    const bySubcategory = rulesConfigWith({ splitMatch: 'subcategory' });
    expect(detectPossibleSplit(subject, [{ ...base, subcategory: 'E2' }], bySubcategory).possibleSplit).toBe(false);
    expect(normaliseLocation('温塘社区（一巷）')).toBe(normaliseLocation('温塘社区一巷'));
  });

  it('R1.3 builds its candidate from a registered project', () => {
    expect(toSplitCandidate(registeredProject({ budgetFen: 3_000_000 }))).toEqual({
      projectId: 900,
      communityId: 100,
      category: 'engineering',
      subcategory: 'E1',
      location: '东城街道温塘社区温塘一巷',
      budgetFen: 3_000_000,
      registeredAt: '2026-09-30T02:00:00.000Z',
      path: 'small',
    });
  });
});
