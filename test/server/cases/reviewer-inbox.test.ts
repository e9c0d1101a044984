/**
 * A department reviewer's inbox over HTTP (R4.1, R4.2, R4.5): `GET /api/projects?myOpinion=awaiting` lists the
 * projects under review whose current round names the caller's department and has no opinion from it yet;
 * `myOpinion=given` those the department has answered. Paging and `total` count exactly what matches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { at, basics, call, consult, consultationResult, newAccount, ok, openProject, refused, register, reviewPoints, step, unitId, unitOf } from './flow.js';

const BUDGET = 30_000_000; // 30万元 in 分: the town path (R3.5)

interface ListView {
  readonly total: number;
  readonly items: readonly { readonly id: number; readonly status: string; readonly nextDeadline: { readonly step: string } | null }[];
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] reviewer inbox`, () => {
    let sys: TestSystem;
    let finance: number;
    let housing: number;
    let water: number;
    /** Reviewed by 财政 and 住建; by 财政 alone; by 农林水务 alone. */
    let a: number;
    let b: number;
    let c: number;

    const inbox = async (user: string, filter: 'awaiting' | 'given', paging = ''): Promise<ListView> =>
      ok(await call(sys, user, 'GET', `/api/projects?myOpinion=${filter}${paging}`)).json<ListView>();
    const ids = (list: ListView): number[] => list.items.map((i) => i.id);

    async function underReview(title: string, hour: number): Promise<number> {
      const communityId = (await unitOf(sys, 'community')).id;
      const id = await openProject(sys, 'community', { communityId, title, heldAt: `2026-09-28T0${hour}:00:00.000Z` });
      ok(await consult(sys, 'community', id, { heldAt: `2026-09-28T0${hour}:30:00.000Z`, result: consultationResult(BUDGET, { period: { start: '2026-10-15', end: '2026-11-30' } }) }));
      ok(await register(sys, 'community', id, basics(BUDGET, { projectName: title })));
      return id;
    }

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      at(sys, '2026-09-28T01:00:00.000Z');
      finance = await unitId(sys, '东城街道财政');
      housing = await unitId(sys, '东城街道住建');
      water = await unitId(sys, '东城街道农林水务');
      await newAccount(sys, 'housing', 'department_reviewer', housing);
      await newAccount(sys, 'water', 'department_reviewer', water);
      at(sys, '2026-09-28T08:00:00.000Z');
      a = await underReview('示例社区一文化广场照明更新', 2);
      b = await underReview('示例社区一老人活动中心改造', 3);
      c = await underReview('示例社区一排水渠清淤', 4);
      at(sys, '2026-09-29T02:00:00.000Z');
      await step(sys, 'town', a, 'reviewers', { departmentIds: [finance, housing] });
      await step(sys, 'town', b, 'reviewers', { departmentIds: [finance] });
      await step(sys, 'town', c, 'reviewers', { departmentIds: [water] });
    });
    afterAll(async () => sys.close());

    it('R4.1 each department sees the projects under review whose current round names it, with the review deadline; nothing is answered yet', async () => {
      const mine = await inbox('finance', 'awaiting');
      expect(mine.total).toBe(2);
      expect(ids(mine)).toEqual([b, a]);
      expect(mine.items.every((i) => i.status === 'underReview' && i.nextDeadline?.step === 'review')).toBe(true);
      expect(ids(await inbox('housing', 'awaiting'))).toEqual([a]);
      expect(ids(await inbox('water', 'awaiting'))).toEqual([c]);
      expect(await inbox('finance', 'given')).toEqual({ total: 0, items: [] });
    });

    it('R4.1 the inbox pages like every list: total counts every match, limit and offset pick the page', async () => {
      const first = await inbox('finance', 'awaiting', '&limit=1');
      const second = await inbox('finance', 'awaiting', '&limit=1&offset=1');
      const past = await inbox('finance', 'awaiting', '&limit=1&offset=2');
      expect([first.total, second.total, past.total]).toEqual([2, 2, 2]);
      expect([...ids(first), ...ids(second), ...ids(past)]).toEqual([b, a]);
      // The list's other filters still apply.
      expect(ids(await inbox('finance', 'awaiting', `&keyword=${encodeURIComponent('文化广场')}`))).toEqual([a]);
      expect((await inbox('finance', 'awaiting', '&status=confirmed')).total).toBe(0);
    });

    it('R4.2 once the department has answered the four points the project leaves its inbox and joins its past opinions; the other reviewer still has it', async () => {
      at(sys, '2026-09-29T03:00:00.000Z');
      await step(sys, 'finance', a, 'department-opinions', { points: reviewPoints(), opinion: '预算合理，同意实施。' });
      expect(ids(await inbox('finance', 'awaiting'))).toEqual([b]);
      expect(await inbox('finance', 'given')).toMatchObject({ total: 1, items: [{ id: a }] });
      expect(ids(await inbox('housing', 'awaiting'))).toEqual([a]);
      expect((await inbox('housing', 'given')).total).toBe(0);
    });

    it('R4.5 a returned and resubmitted registration starts a new round: the department is asked again only once the town names it again', async () => {
      at(sys, '2026-09-29T04:00:00.000Z');
      await step(sys, 'finance', b, 'department-opinions', { points: reviewPoints(), opinion: '请补充比价材料。' });
      await step(sys, 'town', b, 'registration/return', { reason: '请补充比价材料' });
      expect(ids(await inbox('finance', 'awaiting'))).toEqual([]);
      at(sys, '2026-09-30T02:00:00.000Z');
      ok(await register(sys, 'community', b, basics(BUDGET, { projectName: '示例社区一老人活动中心改造' })));
      // The new round names no reviewer yet.
      expect(ids(await inbox('finance', 'awaiting'))).toEqual([]);
      await step(sys, 'town', b, 'reviewers', { departmentIds: [finance] });
      expect(ids(await inbox('finance', 'awaiting'))).toEqual([b]);
      // The opinion of the earlier round is still one of the department's past opinions.
      expect(ids(await inbox('finance', 'given'))).toEqual([b, a]);
    });

    it('R4.2 a caller outside any department has no reviewer inbox; an unknown filter is refused', async () => {
      expect(await inbox('town', 'awaiting')).toEqual({ total: 0, items: [] });
      expect(await inbox('community', 'given')).toEqual({ total: 0, items: [] });
      refused(await call(sys, 'finance', 'GET', '/api/projects?myOpinion=everything'), 400, 'VALIDATION_FAILED');
    });
  });
}
