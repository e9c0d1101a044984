/**
 * R1.3 the split-detection window over HTTP: the candidates' query starts where the domain's window does (00:00
 * Asia/Shanghai of the civil day 90 days before), so a project registered at 00:30 local on that day is found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { at, basics, consult, consultationResult, getProject, ok, openProject, register, unitOf } from './flow.js';

const SMALL = 3_000_000; // 3万元: two of them exceed 5万
const PLACE = '示例社区一拆分边界巷';

for (const dialect of DIALECTS) {
  describe(`[${dialect}] split window`, () => {
    let sys: TestSystem;
    let communityId: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      communityId = (await unitOf(sys, 'community')).id;
    });
    afterAll(async () => sys.close());

    /** A project adopted and consulted on `day` (local afternoon), registered at `registeredAt`. */
    async function registered(day: string, title: string, registeredAt: string): Promise<number> {
      at(sys, `${day}T06:00:00.000Z`);
      const id = await openProject(sys, 'community', { communityId, title, heldAt: `${day}T05:00:00.000Z` });
      at(sys, `${day}T08:00:00.000Z`);
      ok(await consult(sys, 'community', id, { heldAt: `${day}T07:00:00.000Z`, result: consultationResult(SMALL) }));
      at(sys, registeredAt);
      ok(await register(sys, 'community', id, basics(SMALL, { location: PLACE })));
      return id;
    }

    it('R1.3 a project registered at 00:30 local on the window’s first day is found over HTTP; one at 23:30 the day before is not', async () => {
      const outside = await registered('2026-07-01', '示例社区一边界外项目', '2026-07-01T15:30:00.000Z'); // 07-01 23:30 local: 91 days
      const first = await registered('2026-07-01', '示例社区一边界内项目', '2026-07-01T16:30:00.000Z'); // 07-02 00:30 local: 90 days
      const rows = await sys.database.db.selectFrom('project').select(['id', 'updated_at']).where('id', 'in', [outside, first]).orderBy('id').execute();
      expect(rows.map((r) => r.updated_at)).toEqual(['2026-07-01T15:30:00.000Z', '2026-07-01T16:30:00.000Z']);

      // 09-30 10:00 local: the window starts 07-02 00:00 local; 90 × 24 h before would be 07-02 10:00.
      const subject = await registered('2026-09-29', '示例社区一边界检测项目', '2026-09-30T02:00:00.000Z');
      const view = await getProject(sys, 'town', subject);
      expect(view.flags.map((f) => f.flag)).toEqual(['possibleSplit']);
      expect(view.state.possibleSplitWith).toEqual([first]);
    });
  });
}
