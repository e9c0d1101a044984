/**
 * 待办 over HTTP (GET /api/todo): each role sees the demands and projects of its jurisdiction whose current step it
 * takes (the lifecycle's transitions tables), with the step's label and the nearest open deadline, the soonest due
 * first and cases without a running clock last; a department reviewer only the projects waiting for its own
 * department's opinion; roles nothing waits on get an empty list; paging and the overdue / due-soon counts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMAND_TRANSITIONS, PROJECT_TRANSITIONS } from '../../../src/domain/lifecycle/transitions.js';
import { waitingSteps } from '../../../src/server/features/cases/todo.service.js';
import { DIALECTS } from '../../support/dialects.js';
import { createTestSystem, TestClock, type TestSystem } from '../../support/system.js';
import { acknowledge, at, basics, call, consult, consultationResult, createDemand, newAccount, ok, openProject, refused, register, reviewPoints, step, unitId, unitOf } from './flow.js';

const TOWN_BUDGET = 30_000_000; // 30万元 in 分: the town path (R3.5)

interface TodoView {
  readonly total: number;
  readonly overdue: number;
  readonly dueSoon: number;
  readonly items: readonly {
    readonly kind: 'demand' | 'project';
    readonly id: number;
    readonly number: string;
    readonly title: string;
    readonly status: string;
    readonly statusLabel: string;
    readonly communityName: string;
    readonly waitingFor: { readonly actions: readonly string[]; readonly label: string };
    readonly deadline: { readonly step: string; readonly due: string; readonly dueDate: string; readonly dueSoon: boolean; readonly overdue: boolean } | null;
  }[];
}

describe('which table rows make a case wait', () => {
  it('every state a staff role moves a case on from appears, and rows anyone may take at any time do not', () => {
    const community = waitingSteps(DEMAND_TRANSITIONS, 'community_staff');
    expect([...community.keys()]).toEqual(['assigned', 'acknowledged']);
    expect(community.get('assigned')).toEqual(['acknowledgeDemand']);
    expect([...waitingSteps(DEMAND_TRANSITIONS, 'town_staff').keys()]).toEqual(['returned']);
    const town = waitingSteps(PROJECT_TRANSITIONS, 'town_staff');
    expect(town.get('underReview')).toEqual(['assignReviewers', 'decideReview']);
    expect(town.get('confirmed')).toEqual(['startPublicity', 'decideClaim']);
    expect(town.get('surveying')).toEqual(['completeSurvey']);
    expect(waitingSteps(PROJECT_TRANSITIONS, 'community_staff').get('feasibilityStudied')).toEqual(['recordConsultation', 'recordAssemblyVote']);
    expect([...waitingSteps(PROJECT_TRANSITIONS, 'department_reviewer').entries()]).toEqual([['underReview', ['recordDepartmentOpinion']]]);
    expect(waitingSteps(PROJECT_TRANSITIONS, 'supervisor').size).toBe(0);
    expect(waitingSteps(PROJECT_TRANSITIONS, 'bureau_admin').size).toBe(0);
  });
});

for (const dialect of DIALECTS) {
  describe(`[${dialect}] to-do list`, () => {
    let sys: TestSystem;
    let finance: number;
    /** 示例社区一 (the community account's): assigned, acknowledged, returned demands; projects awaiting consultation, failed, under review. */
    let assigned: number;
    let acknowledged: number;
    let returned: number;
    let awaiting: number;
    let failed: number;
    let review: number;
    /** 示例社区二 of the same town, and a demand returned in 南城街道. */
    let neighbour: number;
    let elsewhere: number;

    const todo = async (user: string, paging = ''): Promise<TodoView> => ok(await call(sys, user, 'GET', `/api/todo${paging}`)).json<TodoView>();
    const keys = (list: TodoView): string[] => list.items.map((i) => `${i.kind} ${i.id}`);

    beforeAll(async () => {
      sys = await createTestSystem(dialect);
      at(sys, '2026-09-28T01:00:00.000Z');
      finance = await unitId(sys, '东城街道财政');
      await newAccount(sys, 'housing', 'department_reviewer', await unitId(sys, '东城街道住建'));
      await newAccount(sys, 'nancheng', 'town_staff', await unitId(sys, '南城街道'));
      const nanchengCommunity = await unitId(sys, '示例社区一', '南城街道');
      await newAccount(sys, 'nanchengCommunity', 'community_staff', nanchengCommunity);
      const communityId = (await unitOf(sys, 'community')).id;

      at(sys, '2026-09-28T02:00:00.000Z');
      failed = await openProject(sys, 'community', { communityId, title: '示例社区一议事厅改造', heldAt: '2026-09-28T01:30:00.000Z' });
      ok(await consult(sys, 'community', failed, { heldAt: '2026-09-28T01:45:00.000Z', passed: false }));
      review = await openProject(sys, 'community', { communityId, title: '示例社区一文化广场照明更新', heldAt: '2026-09-28T01:30:00.000Z' });
      ok(await consult(sys, 'community', review, { heldAt: '2026-09-28T01:50:00.000Z', result: consultationResult(TOWN_BUDGET, { period: { start: '2026-10-15', end: '2026-11-30' } }) }));
      ok(await register(sys, 'community', review, basics(TOWN_BUDGET, { projectName: '示例社区一文化广场照明更新' })));
      awaiting = await openProject(sys, 'community', { communityId, title: '示例社区一3巷路面修复', heldAt: '2026-09-28T01:40:00.000Z' });
      const toReturn = await createDemand(sys, 'community', { communityId, title: '邻村道路照明' });
      returned = ok(await call(sys, 'community', 'POST', `/api/demands/${toReturn.id}/return`, { version: toReturn.version, reason: '该路段属示例社区二' })).json<{ id: number }>().id;
      acknowledged = (await acknowledge(sys, 'community', await createDemand(sys, 'community', { communityId, title: '小区门口路灯不亮' }))).id;
      neighbour = (await createDemand(sys, 'town', { communityId: await unitId(sys, '示例社区二', '东城街道'), title: '示例社区二健身器材损坏' })).id;
      const far = await createDemand(sys, 'nanchengCommunity', { communityId: nanchengCommunity, title: '南城示例社区一排水不畅' });
      elsewhere = ok(await call(sys, 'nanchengCommunity', 'POST', `/api/demands/${far.id}/return`, { version: far.version, reason: '不属本社区' })).json<{ id: number }>().id;

      at(sys, '2026-09-28T03:00:00.000Z');
      assigned = (await createDemand(sys, 'community', { communityId, title: '楼道扶手松动' })).id;
    });
    afterAll(async () => sys.close());

    it('community staff: the steps the community takes — receipt, triage, consultation, feasibility study — with the step waited for and its deadline', async () => {
      const list = await todo('community');
      expect(list.total).toBe(4);
      const byKey = new Map(list.items.map((i) => [`${i.kind} ${i.id}`, i]));
      expect(byKey.get(`demand ${assigned}`)).toMatchObject({ status: 'assigned', statusLabel: '已交派待接收', communityName: '示例社区一', waitingFor: { actions: ['acknowledgeDemand'], label: '接收诉求' }, deadline: { step: 'receipt', due: '2026-09-29T03:00:00.000Z', overdue: false } });
      expect(byKey.get(`demand ${acknowledged}`)).toMatchObject({ waitingFor: { actions: ['triageDemand'] }, deadline: { step: 'triage' } });
      expect(byKey.get(`project ${awaiting}`)).toMatchObject({ status: 'awaitingConsultation', statusLabel: '待协商', waitingFor: { actions: ['recordConsultation'] }, deadline: { step: 'consultation' } });
      expect(byKey.get(`project ${failed}`)).toMatchObject({ status: 'consultationFailed', waitingFor: { actions: ['recordFeasibilityStudy'] }, deadline: null });
    });

    it('community staff: cases waiting on another role (a returned demand, a project under town review, an adopted demand) and a neighbouring community\'s cases are not listed', async () => {
      const mine = keys(await todo('community'));
      for (const other of [`demand ${returned}`, `project ${review}`, `demand ${neighbour}`, `demand ${elsewhere}`]) expect(mine).not.toContain(other);
      expect((await todo('community')).items.every((i) => i.status !== 'adopted')).toBe(true);
    });

    it('sorting: the soonest due first, cases without a running clock last', async () => {
      const list = await todo('community');
      const dues = list.items.map((i) => i.deadline?.due ?? null);
      const timed = dues.filter((d): d is string => d !== null);
      expect(timed).toEqual([...timed].sort());
      expect(dues.slice(timed.length)).toEqual([null]);
      expect(keys(list)[0]).toBe(`demand ${assigned}`);
      expect(keys(list)[list.items.length - 1]).toBe(`project ${failed}`);
    });

    it('paging: limit and offset pick the page of the sorted list, total counts every item', async () => {
      const all = keys(await todo('community'));
      const first = await todo('community', '?limit=2');
      const second = await todo('community', '?limit=2&offset=2');
      expect([first.total, second.total]).toEqual([4, 4]);
      expect([...keys(first), ...keys(second)]).toEqual(all);
      expect((await todo('community', '?offset=10')).items).toEqual([]);
      refused(await call(sys, 'community', 'GET', '/api/todo?status=assigned'), 400, 'VALIDATION_FAILED');
    });

    it('town staff: a returned demand to reassign and a registration waiting for its reviewers; another town\'s returned demand only that town sees', async () => {
      const town = await todo('town');
      expect(keys(town).sort()).toEqual([`demand ${returned}`, `project ${review}`].sort());
      expect(town.items.find((i) => i.id === returned && i.kind === 'demand')).toMatchObject({ waitingFor: { actions: ['reassignDemand'], label: '重新交派' }, deadline: null });
      expect(town.items.find((i) => i.kind === 'project')).toMatchObject({ status: 'underReview', waitingFor: { actions: ['assignReviewers'], label: '指定会审部门' }, deadline: { step: 'review' } });
      expect(keys(await todo('nancheng'))).toEqual([`demand ${elsewhere}`]);
    });

    it('department reviewer: a project appears once the town names the department, for that department only; the town waits for the opinions before deciding', async () => {
      expect((await todo('finance')).total).toBe(0);
      at(sys, '2026-09-29T02:00:00.000Z');
      await step(sys, 'town', review, 'reviewers', { departmentIds: [finance] });
      const mine = await todo('finance');
      expect(mine.items).toMatchObject([{ kind: 'project', id: review, waitingFor: { actions: ['recordDepartmentOpinion'], label: '填报部门审核意见' }, deadline: { step: 'review' } }]);
      expect((await todo('housing')).total).toBe(0);
      expect(keys(await todo('town'))).not.toContain(`project ${review}`);

      await step(sys, 'finance', review, 'department-opinions', { points: reviewPoints(), opinion: '预算合理，同意实施。' });
      expect((await todo('finance')).total).toBe(0);
      expect((await todo('town')).items.find((i) => i.kind === 'project' && i.id === review)).toMatchObject({ waitingFor: { actions: ['decideReview'], label: '镇街审核确认' } });
    });

    it('supervisors and the bureau: nothing waits on them, the list is empty; administrators may not read cases', async () => {
      expect(await todo('supervisor')).toEqual({ total: 0, overdue: 0, dueSoon: 0, items: [] });
      expect(await todo('bureau')).toEqual({ total: 0, overdue: 0, dueSoon: 0, items: [] });
      refused(await call(sys, 'sysadmin', 'GET', '/api/todo'), 403, 'FORBIDDEN_ROLE');
    });

    it('R7.2 due-soon and overdue: a step with at most one working day left is due soon, one past its due instant overdue, and both are counted over the whole list', async () => {
      at(sys, '2026-09-29T02:30:00.000Z');
      const soon = await todo('community');
      expect(soon.items.find((i) => i.kind === 'demand' && i.id === assigned)?.deadline).toMatchObject({ dueSoon: true, overdue: false });
      at(sys, '2026-09-29T04:00:00.000Z');
      const late = await todo('community');
      const item = late.items.find((i) => i.kind === 'demand' && i.id === assigned);
      expect(item?.deadline).toMatchObject({ dueSoon: false, overdue: true });
      expect(late.overdue).toBeGreaterThanOrEqual(1);
      expect(late.overdue).toBe(late.items.filter((i) => i.deadline?.overdue === true).length);
      expect(late.dueSoon).toBe(late.items.filter((i) => i.deadline?.dueSoon === true).length);
      // Overdue steps still sort by their due instant: the receipt, due first of all, leads.
      expect(keys(late)[0]).toBe(`demand ${assigned}`);
    });
  });
}

/** What waits on each demo account (docs/demo.md), case title → the step's label. */
const DEMO_TODO: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  community: {
    示例社区一6巷两盏路灯不亮: '接收诉求',
    示例社区一中心公园健身器材损坏: '接收诉求',
    '2巷化粪池井盖破损': '两委联席会议研判',
    示例社区一长者助餐服务: '登记协商会议',
    示例社区一宠物友好活动区建设: '登记可行性研究分析',
    示例社区一老旧楼栋楼道扶手加装: '提交登记备案表',
    '示例社区一“四点半课堂”课后托管服务': '发起公示',
    示例社区一口袋公园建设: '答复异议',
    示例社区一8巷路面修复: '完成实施',
    '示例社区一“健康进万家”义诊服务': '完成满意度测评',
  },
  community2: {
    示例社区二篮球场夜间照明改造: '登记协商会议或登记村（居）民会议表决',
    示例社区二老人活动中心适老化改造: '提交登记备案表',
    示例社区二学校周边交通安全设施完善: '开始实施',
  },
  village: {
    示例村新村路路灯增设工程: '登记协商会议',
    '示例村留守儿童周末托管（莞家直达）': '完成实施',
    示例村村道硬底化及排水改造工程: '完成实施',
    示例村长者助浴服务: '办结项目',
    示例村四点半课堂: '登记协商会议',
  },
  town: {
    排洪渠淤塞发臭: '重新交派',
    示例社区一长者日间照料服务: '发起公示',
    示例社区二文化广场无障碍改造工程: '发起公示',
    示例社区一口袋公园建设: '答复异议',
    示例社区二主干道绿化提升: '完成满意度测评',
    示例村长者助浴服务: '办结项目',
  },
  housing: { 示例社区一文化广场照明及健身器材更新: '填报部门审核意见' },
  finance: {},
  water: {},
  supervisor: {},
  bureau: {},
};

for (const dialect of DIALECTS) {
  describe(`[${dialect}] to-do list on the demo cases`, () => {
    let sys: TestSystem;
    let dataDir: string;
    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'msw-todo-'));
      sys = await createTestSystem(dialect, { clock: new TestClock('2026-10-20T03:00:00.000Z'), config: { demoCases: true, dataDir } });
    }, 120_000);
    afterAll(async () => {
      await sys.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('each demo account sees exactly the demo cases that wait on it, with the step to take: an unanswered objection, a survey, a closure, a review opinion', async () => {
      for (const [user, expected] of Object.entries(DEMO_TODO)) {
        const list = ok(await call(sys, user, 'GET', '/api/todo')).json<TodoView>();
        expect({ user, items: Object.fromEntries(list.items.map((i) => [i.title, i.waitingFor.label])) }).toEqual({ user, items: expected });
        expect(list.total).toBe(Object.keys(expected).length);
      }
    });

    it('R7.2 the demo\'s overdue steps lead the community\'s list and are counted', async () => {
      const list = ok(await call(sys, 'community', 'GET', '/api/todo')).json<TodoView>();
      expect(list.overdue).toBe(2);
      expect(list.items.slice(0, 2).map((i) => i.deadline?.overdue)).toEqual([true, true]);
      expect(list.items.slice(0, 2).map((i) => i.title).sort()).toEqual(['示例社区一8巷路面修复', '示例社区一中心公园健身器材损坏']);
    });
  });
}
