/**
 * The public portal's projects (R0.8, R5.1, R5.3, R5.5): what the public reads of a publicized project, masked;
 * nothing of a project that is not publicized; objections during publicity only; claims of 莞家直达 projects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, type TestSystem } from '../../support/system.js';
import { expectError } from '../fixtures.js';
import {
  anonymous,
  at,
  buildProjects,
  call,
  COMMUNITY,
  endPublicity,
  getProject,
  ok,
  PUBLICITY_ENDS,
  refused,
  step,
  unitOf,
  type BuiltProject,
} from './portal-flow.js';

interface PublicProjectJson {
  id: number;
  code: string;
  name: string;
  status: string;
  communityName: string;
  location: string | null;
  budgetWan: string | null;
  contactName: string | null;
  contactPhone: string | null;
  publicity: { startedAt: string; endsAt: string } | null;
  publicityStatus: string | null;
  handlingMode: string | null;
  objections: { raisedAt: string; raisedBy: string | null; text: string; answer: string | null }[];
  participation: { objection: boolean; claim: boolean; survey: boolean };
}

interface ListJson {
  total: number;
  items: PublicProjectJson[];
}

const CONTACT = { name: '陈六六', title: '社区居委会主任', phone: '13912345678' };
const OBJECTOR = { name: '林小红', phone: '13700001234' };
const CLAIMANT = { kind: 'organization', name: '东莞市某某社会工作服务中心', contactName: '何敏敏', contactPhone: '13800001111' };
/** Every piece of personal data entered below: none may appear in what the public receives. */
const PERSONAL = ['13912345678', '陈六六', '13700001234', '林小红', '13800001111', '何敏敏', '13812345678', '黄美玲'];

function expectNoPersonalData(text: string): void {
  for (const value of PERSONAL) expect(text, value).not.toContain(value);
  // No 11-digit mobile number at all.
  expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
}

for (const dialect of DIALECTS) {
  describe(`[${dialect}] public portal: projects`, () => {
    let sys: TestSystem;
    let road: BuiltProject;
    let meals: BuiltProject;
    let draft: BuiltProject;
    let communityId: number;

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      communityId = (await unitOf(sys, COMMUNITY)).id;
      [road, meals, draft] = (await buildProjects(sys, [
        { title: '门户测试三巷路面修复工程', contact: CONTACT },
        { title: '门户测试长者助餐服务', mode: 'direct', budgetFen: 4_500_000 },
        { title: '门户测试未公示项目', until: 'opened' },
      ])) as [BuiltProject, BuiltProject, BuiltProject];
      at(sys, '2026-09-30T02:00:00.000Z');
    });
    afterAll(async () => sys.close());

    it('R0.8 R5.1 the 公示 list shows publicized projects with their window and 公示中, masked', async () => {
      const res = await anonymous(sys, 'GET', `/api/public/projects?keyword=${encodeURIComponent('门户测试')}`);
      const list = ok(res).json<ListJson>();
      expect(list.items.map((p) => p.id).sort((a, b) => a - b)).toEqual([road.projectId, meals.projectId].sort((a, b) => a - b));
      const item = list.items.find((p) => p.id === road.projectId);
      expect(item).toMatchObject({
        name: '门户测试三巷路面修复工程',
        status: '公示中',
        publicityStatus: '公示中',
        communityName: '示例社区一',
        budgetWan: '3',
        contactName: '陈**',
        contactPhone: '139****5678',
        handlingMode: '莞家速递',
        publicity: { startedAt: '2026-09-29T04:00:00.000Z', endsAt: PUBLICITY_ENDS },
        participation: { objection: true, claim: false, survey: false },
      });
      expect(item?.code).toMatch(/^XM2026-\d{5}$/);
      expectNoPersonalData(res.body);
    });

    it('lists page and filter by town, community and keyword', async () => {
      const page = ok(await anonymous(sys, 'GET', `/api/public/projects?keyword=${encodeURIComponent('门户测试')}&limit=1&offset=1`)).json<ListJson>();
      expect(page.total).toBe(2);
      expect(page.items).toHaveLength(1);
      const mine = ok(await anonymous(sys, 'GET', `/api/public/projects?communityId=${communityId}&keyword=${encodeURIComponent('助餐')}`)).json<ListJson>();
      expect(mine.items.map((p) => p.id)).toEqual([meals.projectId]);
      const town = (await sys.database.db.selectFrom('unit').select('parent_id').where('id', '=', communityId).executeTakeFirstOrThrow()).parent_id;
      const inTown = ok(await anonymous(sys, 'GET', `/api/public/projects?townId=${town ?? 0}&keyword=${encodeURIComponent('门户测试')}`)).json<ListJson>();
      expect(inTown.total).toBe(2);
      const otherTown = await sys.database.db.selectFrom('unit').select('id').where('kind', '=', 'town').where('id', '!=', town ?? 0).executeTakeFirstOrThrow();
      const none = ok(await anonymous(sys, 'GET', `/api/public/projects?townId=${otherTown.id}&keyword=${encodeURIComponent('门户测试')}`)).json<ListJson>();
      expect(none).toEqual({ total: 0, items: [] });
      // A LIKE wildcard in the keyword is matched literally.
      expect(ok(await anonymous(sys, 'GET', `/api/public/projects?keyword=${encodeURIComponent('门户%修复')}`)).json<ListJson>().total).toBe(0);
      const active = ok(await anonymous(sys, 'GET', `/api/public/projects?phase=active&keyword=${encodeURIComponent('门户测试')}`)).json<ListJson>();
      expect(active.total).toBe(2);
      const results = ok(await anonymous(sys, 'GET', `/api/public/projects?list=results&keyword=${encodeURIComponent('门户测试')}`)).json<ListJson>();
      expect(results.total).toBe(0);
    });

    it('R0.8 a project that is not publicized, or does not exist, is a 404 to the public', async () => {
      expectError(await anonymous(sys, 'GET', `/api/public/projects/${draft.projectId}`), 'NOT_FOUND');
      expectError(await anonymous(sys, 'GET', '/api/public/projects/999999'), 'NOT_FOUND');
      expectError(await anonymous(sys, 'POST', `/api/public/projects/${draft.projectId}/objections`, { text: '反对' }), 'NOT_FOUND');
      expectError(await anonymous(sys, 'GET', `/api/public/survey/${draft.projectId}`), 'NOT_FOUND');
      const list = ok(await anonymous(sys, 'GET', `/api/public/projects?keyword=${encodeURIComponent('未公示')}`)).json<ListJson>();
      expect(list.total).toBe(0);
    });

    it('R5.3 R0.8 anyone objects during publicity; the objection shows masked, the staff see it in full', async () => {
      const res = await anonymous(sys, 'POST', `/api/public/projects/${road.projectId}/objections`, { text: '施工期间请保留消防通道', ...OBJECTOR });
      const body = ok(res, 201).json<{ objectionId: number; project: PublicProjectJson }>();
      expect(body.objectionId).toBe(1);
      expect(body.project.objections).toEqual([{ raisedAt: '2026-09-30T02:00:00.000Z', raisedBy: '林**', text: '施工期间请保留消防通道', answer: null }]);
      expectNoPersonalData(res.body);
      const anonymousOne = ok(await anonymous(sys, 'POST', `/api/public/projects/${road.projectId}/objections`, { text: '建议夜间不要施工' }), 201).json<{ objectionId: number }>();
      expect(anonymousOne.objectionId).toBe(2);

      const staff = await getProject(sys, COMMUNITY, road.projectId);
      expect(staff.state.objections.map((o) => [o.id, o.raisedByName, o.contactPhone])).toEqual([
        [1, '林小红', '13700001234'],
        [2, null, null],
      ]);
      const detail = await anonymous(sys, 'GET', `/api/public/projects/${road.projectId}`);
      expect(ok(detail).json<PublicProjectJson>().objections).toHaveLength(2);
      expectNoPersonalData(detail.body);

      // No account acts: the audit names none, and holds no full phone number.
      const rows = await sys.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'raiseObjection').where('outcome', '=', 'success').execute();
      expect(rows.map((r) => [r.actor_username, r.actor_role, r.actor_user_id])).toEqual([
        [null, null, null],
        [null, null, null],
      ]);
      expect(JSON.stringify(rows)).not.toContain('13700001234');
    });

    it('R5.3 two objections at once both get in, with distinct numbers (the public has no version: one retry)', async () => {
      const [a, b] = await Promise.all([
        anonymous(sys, 'POST', `/api/public/projects/${road.projectId}/objections`, { text: '并发异议甲' }),
        anonymous(sys, 'POST', `/api/public/projects/${road.projectId}/objections`, { text: '并发异议乙' }),
      ]);
      const ids = [ok(a, 201).json<{ objectionId: number }>().objectionId, ok(b, 201).json<{ objectionId: number }>().objectionId].sort();
      expect(ids).toEqual([3, 4]);
    });

    it('R5.3 an objection is refused once the window has ended, before and after the job closes it', async () => {
      at(sys, PUBLICITY_ENDS);
      const late = refused(await anonymous(sys, 'POST', `/api/public/projects/${road.projectId}/objections`, { text: '迟到的异议' }), 409, 'INVALID_STATE');
      expect(late.rule).toBe('R5.3');
      const view = ok(await anonymous(sys, 'GET', `/api/public/projects/${road.projectId}`)).json<PublicProjectJson>();
      expect(view.publicityStatus).toBe('已结束');
      expect(view.participation.objection).toBe(false);

      await endPublicity(sys, road.projectId);
      const after = refused(await anonymous(sys, 'POST', `/api/public/projects/${road.projectId}/objections`, { text: '迟到的异议' }), 409, 'INVALID_STATE');
      expect(after.rule).toBe('R5.3');
      const ended = ok(await anonymous(sys, 'GET', `/api/public/projects?phase=ended&keyword=${encodeURIComponent('门户测试')}`)).json<ListJson>();
      expect(ended.items.map((p) => [p.id, p.status, p.publicityStatus])).toEqual([[road.projectId, '公示期满待实施', '已结束']]);
    });

    it('R5.5 an organization claims a 莞家直达 project; a 莞家速递 one cannot be claimed; after acceptance no second claim', async () => {
      const notDirect = refused(await anonymous(sys, 'POST', `/api/public/projects/${road.projectId}/claims`, { claimant: CLAIMANT, note: '愿意承接' }), 409, 'NOT_DIRECT_MODE');
      expect(notDirect.rule).toBe('R5.5');

      const before = ok(await anonymous(sys, 'GET', `/api/public/projects/${meals.projectId}`)).json<PublicProjectJson>();
      expect(before.participation.claim).toBe(true);
      expect(before.handlingMode).toBe('莞家直达');
      const res = await anonymous(sys, 'POST', `/api/public/projects/${meals.projectId}/claims`, { claimant: CLAIMANT, note: '可安排社工及志愿者每日送餐' });
      const claimed = ok(res, 201).json<{ claimId: number; project: PublicProjectJson }>();
      expect(claimed.claimId).toBe(1);
      expectNoPersonalData(res.body);

      const staff = await getProject(sys, COMMUNITY, meals.projectId);
      expect(staff.state.claims).toEqual([expect.objectContaining({ id: 1, claimant: CLAIMANT, note: '可安排社工及志愿者每日送餐', decision: null })]);
      await step(sys, COMMUNITY, meals.projectId, 'claims/1/decision', { accepted: true, reason: null });

      const after = ok(await anonymous(sys, 'GET', `/api/public/projects/${meals.projectId}`)).json<PublicProjectJson>();
      expect(after.participation.claim).toBe(false);
      const second = refused(
        await anonymous(sys, 'POST', `/api/public/projects/${meals.projectId}/claims`, { claimant: { ...CLAIMANT, name: '另一家企业' }, note: '' }),
        409,
        'ALREADY_CLAIMED',
      );
      expect(second.rule).toBe('R5.5');
    });

    it('R0.8 public input is validated: unknown fields and bad phone numbers are refused', async () => {
      expectError(await anonymous(sys, 'POST', `/api/public/projects/${meals.projectId}/objections`, { text: '异议', role: 'town_staff' }), 'VALIDATION_FAILED');
      expectError(await anonymous(sys, 'POST', `/api/public/projects/${meals.projectId}/objections`, { text: '异议', phone: '12345' }), 'VALIDATION_FAILED');
    });

    it('R0.8 a signed-in clerk using the portal acts as the public', async () => {
      const res = await call(sys, COMMUNITY, 'GET', `/api/public/projects/${draft.projectId}`);
      expectError(res, 'NOT_FOUND');
    });
  });
}
