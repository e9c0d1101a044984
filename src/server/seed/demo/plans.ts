/**
 * The demo's annual collection, plan and funds (R8, R9), made of real commands through PlanService and FundsService
 * at instants of the demo's walk:
 * - R01 the town opens the campaign of the coming year (R8.1) about 40 days before the seeding instant; P22 and P23
 *   (projects.ts) enter through it, and P22's confirmation by the town puts it in that year's library (R4.6);
 * - R02 the bureau sets the city's allocations of the seeding year for the demo town and four other towns, and of
 *   the campaign's year for the demo town (R8.3);
 * - R03 two days before the seeding instant the town adjusts the seeding year's library with registered daily
 *   projects (R8.4, reported to the bureau), sets its matching funds and pays its closed projects (R9.1): one in
 *   full, the other part-paid, so the ledger shows what is left to pay.
 * The seeding year's plan is not submitted: the demo has no centralized project of that year (its walk starts about
 * 70 days back), so the plan stands 待报送 until the end of February and 逾期未报送 after — the bureau's list shows it.
 */
import { toLocalDate } from '../../../domain/calendar/index.js';
import type { FundsService } from '../../features/funds/funds.service.js';
import type { PlanService } from '../../features/plans/plans.service.js';
import { findUnitsByKind } from '../../features/org/org.repository.js';
import { closedProjectIdsOfYear } from '../../features/plans/plans.repository.js';
import type { Transactor } from '../../db/transactor.js';
import type { DemoEnv } from './journey.js';
import type { Scenario, Track } from './timeline.js';

const WAN = 1_000_000;

export interface DemoPlanServices {
  readonly transactor: Transactor;
  readonly plans: PlanService;
  readonly funds: FundsService;
}

/** Other towns the bureau sets allocations for, with their amounts in 万元. */
const OTHER_ALLOCATIONS: readonly (readonly [string, number])[] = [
  ['南城街道', 150],
  ['万江街道', 90],
  ['莞城街道', 80],
  ['石龙镇', 110],
];

/**
 * R8.1 the year of a campaign opened at `instant`: the coming January's. A campaign opened in the first 25 days of
 * January still collects for that year (it closes on the 31st); later in the year it is the next year's.
 */
export function campaignYearAt(instant: Date): number {
  const date = toLocalDate(instant);
  const year = Number(date.slice(0, 4));
  return date.slice(5, 7) === '01' && Number(date.slice(8, 10)) <= 25 ? year : year + 1;
}

function campaign(env: DemoEnv, services: DemoPlanServices): Scenario {
  return {
    name: 'R01',
    run: async function* (t: Track) {
      yield t.daysAgo(40, '09:30');
      const year = campaignYearAt(t.last);
      await services.plans.openCampaign(env.desk.context(env.cast.townStaff), env.cast.town.id, { year, title: `${year}年度民生微实事集中征集活动`, closesOn: null });
    },
  };
}

function allocations(env: DemoEnv, services: DemoPlanServices): Scenario {
  return {
    name: 'R02',
    run: async function* (t: Track) {
      yield t.daysAgo(39, '10:00');
      const seedYear = Number(toLocalDate(t.seedNow).slice(0, 4));
      const bureau = env.cast.bureau;
      const towns = new Map((await findUnitsByKind(services.transactor.reader, 'town')).map((u) => [u.name, u.id]));
      const set = async (townId: number, year: number, wan: number): Promise<void> => {
        await services.plans.setAllocation(env.desk.context(bureau), townId, year, { amountFen: wan * WAN, reason: null, version: null });
      };
      await set(env.cast.town.id, seedYear, 120);
      for (const [name, wan] of OTHER_ALLOCATIONS) {
        const id = towns.get(name);
        if (id !== undefined) await set(id, seedYear, wan);
      }
      const campaignYear = campaignYearAt(t.last);
      if (campaignYear !== seedYear) await set(env.cast.town.id, campaignYear, 10);
    },
  };
}

function adjustmentsAndFunds(env: DemoEnv, services: DemoPlanServices): Scenario {
  return {
    name: 'R03',
    run: async function* (t: Track) {
      yield t.daysAgo(2, '10:00');
      const staff = env.cast.townStaff;
      const townId = env.cast.town.id;
      const year = Number(toLocalDate(t.last).slice(0, 4));
      const plan = await services.plans.planView(env.desk.context(staff), townId, year);
      // R8.4 two registered daily projects join the year's library from the matching funds, each with its reason.
      let version = plan.version;
      for (const candidate of plan.candidates.filter((c) => c.collection === 'daily').slice(0, 2)) {
        yield t.later(20);
        const next = await services.plans.adjustLibrary(env.desk.context(staff), townId, year, { version, projectId: candidate.projectId, reason: `${candidate.communityName}群众反映集中、急需办理，经街道研究纳入本年度项目库` });
        version = next.version;
      }
      // R9.1 the town's matching funds, and payments to its closed projects.
      yield t.later(30);
      let ledger = await services.funds.setMatchingFund(env.desk.context(staff), townId, { year, version: 0, amountFen: 60 * WAN, reason: null });
      const inLibrary = (await services.plans.planView(env.desk.context(staff), townId, year)).entries.map((e) => e.projectId);
      const paid = await closedProjectsOf(services, townId, year, inLibrary);
      let voucher = 1;
      for (const [i, projectId] of paid.entries()) {
        const funds = await services.funds.projectFunds(env.desk.context(staff), projectId);
        for (const row of funds.rows.filter((r) => r.approvedFen > 0)) {
          yield t.later(15);
          // The second project is paid half of its special funds so far.
          const amountFen = i === 1 && row.source === 'special' ? Math.floor(row.approvedFen / 2) : row.approvedFen;
          const recorded = await services.funds.recordDisbursement(env.desk.context(staff), townId, {
            year,
            version: ledger.version,
            date: toLocalDate(t.last),
            projectId,
            amountFen,
            source: row.source,
            voucherNo: `DC${year}-${String(voucher).padStart(3, '0')}`,
            override: null,
          });
          ledger = recorded.ledger;
          voucher += 1;
        }
      }
    },
  };
}

/** The town's closed projects of the year (the ones to pay), at most two; the library's own first. */
async function closedProjectsOf(services: DemoPlanServices, townId: number, year: number, preferred: readonly number[]): Promise<number[]> {
  const ids = await closedProjectIdsOfYear(services.transactor.reader, townId, year);
  return [...ids.filter((id) => preferred.includes(id)), ...ids.filter((id) => !preferred.includes(id))].slice(0, 2);
}

export function planScenarios(env: DemoEnv, services: DemoPlanServices): Scenario[] {
  return [campaign(env, services), allocations(env, services), adjustmentsAndFunds(env, services)];
}
