/**
 * R0.1 the money ceiling over HTTP: an amount past 10亿元 is refused naming its field (never a 500 from the sum), and
 * fund sources each within the ceiling whose total exceeds it are a 422 on the fund sources; nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MONEY_FEN } from '../../../src/domain/money.js';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { at, basics, consult, consultationResult, ok, openProject, refused, register, unitOf, versionOf } from './flow.js';

const HUGE = Number.MAX_SAFE_INTEGER; // 9007199254740991, the old schema maximum

for (const dialect of DIALECTS) {
  describe(`[${dialect}] money ceiling`, () => {
    let sys: TestSystem;
    let communityId: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      communityId = (await unitOf(sys, 'community')).id;
    });
    afterAll(async () => sys.close());

    it('R0.1 fund sources at the largest safe integer are refused naming the fields, not a 500', async () => {
      at(sys, '2026-09-28T06:00:00.000Z');
      const id = await openProject(sys, 'community', { communityId, title: '示例社区一金额上限', heldAt: '2026-09-28T05:00:00.000Z' });
      const before = await versionOf(sys, id);
      at(sys, '2026-09-28T08:00:00.000Z');

      const lines = [
        { source: 'special' as const, amountFen: HUGE },
        { source: 'social' as const, amountFen: HUGE },
      ];
      const huge = await consult(sys, 'community', id, { heldAt: '2026-09-28T07:00:00.000Z', result: { ...consultationResult(3_000_000), fundSources: lines } });
      const details = refused(huge, 422, 'MONEY_INVALID');
      expect(details.fields).toEqual([
        { field: 'consultation.result.fundSources.0.amountFen', message: '金额不能超过10亿元' },
        { field: 'consultation.result.fundSources.1.amountFen', message: '金额不能超过10亿元' },
      ]);

      const hugeBudget = await consult(sys, 'community', id, { heldAt: '2026-09-28T07:00:00.000Z', result: { ...consultationResult(HUGE), fundSources: lines } });
      expect(hugeBudget.statusCode, hugeBudget.body).toBe(422);

      // Each line at the ceiling: accepted by the schema, but their total is past it.
      const atCeiling = [
        { source: 'special' as const, amountFen: MAX_MONEY_FEN },
        { source: 'social' as const, amountFen: MAX_MONEY_FEN },
      ];
      const sum = await consult(sys, 'community', id, { heldAt: '2026-09-28T07:00:00.000Z', result: { ...consultationResult(MAX_MONEY_FEN), fundSources: atCeiling } });
      const refusal = refused(sum, 422, 'FORM_INVALID');
      expect(refusal.fields).toContainEqual(expect.objectContaining({ field: 'consultation.result.fundSources', message: '各经费来源合计不能超过10亿元' }));

      expect(await versionOf(sys, id)).toBe(before);
    });

    it('R0.1 a registration budget past the ceiling is refused naming the field', async () => {
      at(sys, '2026-09-29T06:00:00.000Z');
      const id = await openProject(sys, 'community', { communityId, title: '示例社区一金额上限二', heldAt: '2026-09-29T05:00:00.000Z' });
      at(sys, '2026-09-29T08:00:00.000Z');
      ok(await consult(sys, 'community', id, { heldAt: '2026-09-29T07:00:00.000Z', result: consultationResult(3_000_000) }));
      const before = await versionOf(sys, id);
      const details = refused(await register(sys, 'community', id, basics(MAX_MONEY_FEN + 1)), 422, 'MONEY_INVALID');
      expect(details.fields).toEqual([{ field: 'basics.budgetFen', message: '金额不能超过10亿元' }]);
      expect(await versionOf(sys, id)).toBe(before);
    });
  });
}
