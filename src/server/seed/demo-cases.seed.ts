/**
 * Demo mode, first start: a living 东城街道 with a case in every stage of the lifecycle (docs/demo.md). Every case is
 * made of real commands through CaseService and AttachmentService, by the role the rules give each step, at
 * instants walked forward from about 60 days before `now`; audit records, feedback and publication outbox rows and
 * deadlines are therefore the system's own; the annual campaign, allocations, library adjustments and ledger lines
 * likewise through PlanService and FundsService (demo/plans.ts). Deterministic for a given `now`; runs only while no case exists.
 */
import { anyCaseRow, countCaseRows } from '../features/cases/case.repository.js';
import type { Services } from '../services.js';
import type { RequestContext } from '../http/context.js';
import { loadCast } from './demo/actors.js';
import { demandScenarios } from './demo/demands.js';
import { CaseDesk } from './demo/desk.js';
import { projectJourney, type DemoEnv } from './demo/journey.js';
import { planScenarios } from './demo/plans.js';
import { PROJECT_SPECS } from './demo/projects.js';
import { DemoClock, runTimeline, type ScenarioFailure } from './demo/timeline.js';

export type DemoCaseServices = Pick<Services, 'config' | 'transactor' | 'audit' | 'calendar' | 'cases' | 'attachments' | 'plans' | 'funds'>;

export interface DemoCasesResult {
  readonly demands: number;
  readonly projects: number;
  /** Cases that stopped short of their intended state (docs/demo.md), with the reason. */
  readonly failures: readonly ScenarioFailure[];
  /** What start-up prints about the demo. */
  readonly announcements: readonly string[];
}

/** Seeds the demo cases as of `now`; null when cases already exist (nothing is touched then). */
export async function seedDemoCases(services: DemoCaseServices, now: Date): Promise<DemoCasesResult | null> {
  const reader = services.transactor.reader;
  if (await anyCaseRow(reader)) return null;
  const accountsCtx: RequestContext = { requestId: 'demo-seed-accounts', ip: 'localhost', user: null, now };
  const cast = await loadCast(services.transactor, services.audit, accountsCtx, services.config.demoPassword);
  const clock = new DemoClock(now, await services.calendar.calendar());
  const env: DemoEnv = { desk: new CaseDesk(services.cases, services.attachments, clock), cast };
  const failures = await runTimeline(clock, [...planScenarios(env, services), ...demandScenarios(env), ...PROJECT_SPECS.map((spec) => projectJourney(env, spec))]);
  const demands = await countCaseRows(reader, 'demand');
  const projects = await countCaseRows(reader, 'project');
  return {
    demands,
    projects,
    failures,
    announcements: [
      `演示模式：已创建演示案例 ${demands} 件诉求、${projects} 个项目（见 docs/demo.md）。`,
      ...failures.map((f) => `演示案例 ${f.name} 未能完整生成（${f.at}）：${f.message}`),
    ],
  };
}
