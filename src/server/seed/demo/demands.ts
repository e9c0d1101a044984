/**
 * The demo's demands that stay demands (R2): one just assigned, one whose 24-hour receipt is overdue (R2.3), one
 * acknowledged after a return and reassignment (R2.5) and awaiting its 两委 meeting, one returned to the town, one
 * declined (R2.4 c) and one referred to an existing policy (R2.4 b). Docs: docs/demo.md (D01–D06).
 */
import { enterDemand, type DemandSpec, type DemoEnv } from './journey.js';
import type { Scenario, Track } from './timeline.js';

export const DEMAND_SPECS = {
  fresh: {
    community: 'one',
    enteredBy: 'town',
    channel: 'hotline12345',
    proposer: { kind: 'masses', name: '李秀英', phone: '13800880201' },
    title: '示例社区一6巷两盏路灯不亮',
    description: '6巷中段两盏路灯已连续一周不亮，晚上巷子很黑，前几天有老人摔倒，希望尽快修复。',
    location: '示例社区一6巷中段',
  },
  overdueReceipt: {
    community: 'one',
    enteredBy: 'town',
    channel: 'wechatGuanjia',
    proposer: { kind: 'masses', name: '黄伟强', phone: '13800880202' },
    title: '示例社区一中心公园健身器材损坏',
    description: '中心公园的太空漫步机、扭腰器等3件健身器材松动断裂，孩子们经常在上面玩，存在安全隐患，希望维修或更换。',
    location: '示例社区一中心公园',
  },
  reassigned: {
    community: 'village',
    enteredBy: 'town',
    channel: 'townServiceCenter',
    proposer: { kind: 'masses', name: '吴国华', phone: '13800880203' },
    title: '2巷化粪池井盖破损',
    description: '2巷口化粪池井盖破裂下陷，车辆经过时响声很大，晚上行人容易踩空，希望更换井盖并加固。',
    location: '示例社区一2巷巷口',
  },
  returned: {
    community: 'two',
    enteredBy: 'town',
    channel: 'hotline12345',
    proposer: { kind: 'masses', name: '朱家明', phone: '13800880204' },
    title: '排洪渠淤塞发臭',
    description: '社区与示例村交界处的排洪渠淤泥堆积、垃圾堵塞，天气一热就发臭，蚊虫很多，希望清淤整治。',
    location: '示例社区二与示例村交界排洪渠（示例村段）',
  },
  declined: {
    community: 'two',
    enteredBy: 'community',
    channel: 'communityPartyCenter',
    proposer: { kind: 'masses', name: '邓永康', phone: '13800880205' },
    title: '申请在3栋楼下划设私家车固定车位',
    description: '本人家住3栋，下班回来经常找不到车位，申请在3栋楼下空地划设固定车位供本栋业主使用。',
    location: '示例社区二3栋楼下空地',
  },
  referred: {
    community: 'one',
    enteredBy: 'community',
    channel: 'citizenCenter',
    proposer: { kind: 'masses', name: '钟丽华', phone: '13800880206' },
    title: '为行动不便的残疾家属申请适配轮椅',
    description: '家中母亲为肢体二级残疾，原轮椅已损坏多年，家庭经济困难，希望帮助适配一台轮椅。',
    location: '示例社区一9巷',
  },
} as const satisfies Record<string, DemandSpec>;

/** D01 just assigned by the town from a 12345 call: the community's 24-hour receipt clock has just started. */
function fresh(env: DemoEnv): Scenario {
  return {
    name: 'D01',
    run: async function* (t: Track) {
      yield t.minutesAgo(25);
      await enterDemand(env, DEMAND_SPECS.fresh);
    },
  };
}

/** D02 assigned two days ago and never acknowledged: overdue on R2.3, shown to the town. */
function overdueReceipt(env: DemoEnv): Scenario {
  return {
    name: 'D02',
    run: async function* (t: Track) {
      yield t.minutesAgo(2 * 24 * 60 + 195);
      await enterDemand(env, DEMAND_SPECS.overdueReceipt);
    },
  };
}

/** D03 misrouted to 示例村, returned (R2.5), reassigned to 示例社区一 and acknowledged there: awaiting triage. */
function reassigned(env: DemoEnv): Scenario {
  return {
    name: 'D03',
    run: async function* (t: Track) {
      const { desk, cast } = env;
      yield t.daysAgo(4, '09:10');
      const demand = await enterDemand(env, DEMAND_SPECS.reassigned);
      yield t.next(0, '15:20');
      await desk.demand(cast.communities.village.staff, demand, { type: 'returnDemand', reason: '经现场核实，该井盖位于示例社区一2巷，不属本村辖区，请重新交派。' });
      yield t.next(1, '09:00');
      const target = cast.communities.one.unit;
      await desk.demand(cast.townStaff, demand, { type: 'reassignDemand', communityId: target.id, communityName: target.name });
      yield t.next(0, '10:30');
      await desk.demand(cast.communities.one.staff, demand, { type: 'acknowledgeDemand' });
    },
  };
}

/** D04 returned by 示例社区二 to the town (R2.5), waiting to be reassigned. */
function returned(env: DemoEnv): Scenario {
  return {
    name: 'D04',
    run: async function* (t: Track) {
      const { desk, cast } = env;
      yield t.daysAgo(2, '10:00');
      const demand = await enterDemand(env, DEMAND_SPECS.returned);
      yield t.next(0, '16:30');
      await desk.demand(cast.communities.two.staff, demand, { type: 'returnDemand', reason: '经现场核实，淤塞段位于示例村辖区，请重新交派至示例村。' });
    },
  };
}

/** D05 not adopted by the 两委 meeting (R2.4 c); the reason is fed back to the proposer. */
function declined(env: DemoEnv): Scenario {
  return {
    name: 'D05',
    run: async function* (t: Track) {
      const { desk, cast } = env;
      const staff = cast.communities.two.staff;
      yield t.daysAgo(21, '09:30');
      const demand = await enterDemand(env, DEMAND_SPECS.declined);
      yield t.next(0, '14:00');
      await desk.demand(staff, demand, { type: 'acknowledgeDemand' });
      yield t.next(3, '15:50');
      const minutes = await desk.upload(staff, { type: 'demand', id: demand.id }, 'committeeMinutes', '示例社区二“两委”联席会议纪要.pdf');
      yield t.later(10);
      await desk.triage(
        staff,
        demand,
        { heldAt: new Date(t.last.getTime() - 90 * 60_000).toISOString(), minutesAttachmentIds: [minutes], summary: '经研究，该诉求涉及小区共有部分的专用使用，不予采纳。' },
        { kind: 'decline', reason: '划设固定私家车位属小区业主共有部分的使用和收益事项，不属于“民生微实事”公益性服务范围，建议通过业主大会协商解决。' },
      );
    },
  };
}

/** D06 referred to an existing policy by the 两委 meeting (R2.4 b): department and contact go to the proposer. */
function referred(env: DemoEnv): Scenario {
  return {
    name: 'D06',
    run: async function* (t: Track) {
      const { desk, cast } = env;
      const staff = cast.communities.one.staff;
      yield t.daysAgo(13, '10:00');
      const demand = await enterDemand(env, DEMAND_SPECS.referred);
      yield t.next(0, '16:00');
      await desk.demand(staff, demand, { type: 'acknowledgeDemand' });
      yield t.next(3, '15:50');
      const minutes = await desk.upload(staff, { type: 'demand', id: demand.id }, 'committeeMinutes', '示例社区一“两委”联席会议纪要.pdf');
      yield t.later(10);
      await desk.triage(
        staff,
        demand,
        { heldAt: new Date(t.last.getTime() - 90 * 60_000).toISOString(), minutesAttachmentIds: [minutes], summary: '经研究，该诉求可通过残疾人辅助器具适配补贴政策解决，转相关部门办理。' },
        { kind: 'existingPolicy', departmentName: '东城街道社会事务局（残联）', policyName: '东莞市残疾人辅助器具适配补贴', contactName: '王婷', contactPhone: '0769-22830606' },
      );
    },
  };
}

export function demandScenarios(env: DemoEnv): Scenario[] {
  return [fresh(env), overdueReceipt(env), reassigned(env), returned(env), declined(env), referred(env)];
}
