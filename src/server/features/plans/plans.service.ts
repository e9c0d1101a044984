/**
 * The annual collection and plan of each town (R8) on the server: campaigns (R8.1), the bureau's allocations
 * (R8.3), the annual library and plan with its stamp and submission (R8.2, R8.3) and its adjustments (R8.4), and
 * 市民政局's list of what the towns reported. Each write runs the pure decider of src/domain/plans in one
 * transaction with its audit record (plan-decision.ts); a submitted plan and every adjustment also leave a row in
 * the bureau's list (bureau_report) in that transaction.
 *
 * Jurisdiction (R0.8): a town outside the reader's jurisdiction answers as a missing one (404), the denial audited.
 * Reading needs `viewCase` on the town (its staff and departments, the bureau, supervisors); a community's staff
 * see their own town's campaign and their own community's progress in it, so that they know to enter demands
 * through it.
 */
import type { Action } from '../../../domain/access/actions.js';
import { CATEGORY_LABELS, type Channel } from '../../../domain/categories.js';
import { PROJECT_STATUS_LABELS, type ProjectState } from '../../../domain/lifecycle/index.js';
import {
  campaignEndsAt,
  decideAllocation,
  decideAnnualPlan,
  decideCampaign,
  demandCollectionAt,
  emptyAnnualPlan,
  isCampaignOpen,
  libraryProjectOf,
  planDueDate,
  planStatus,
  planSummary,
  PLAN_STATUS_LABELS,
  STAMP_AUTHORITY_LABELS,
  type Allocation,
  type AnnualPlan,
  type AnnualPlanEvent,
  type Campaign,
  type DemandCollection,
  type PlanStamp,
} from '../../../domain/plans/index.js';
import type { Transactor, Tx } from '../../db/transactor.js';
import type { UnitRow } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { AccessGuard } from '../../http/access.js';
import type { RequestContext } from '../../http/context.js';
import type { AttachmentService, AttachmentView } from '../attachments/attachment.service.js';
import { findAttachment } from '../attachments/attachment.repository.js';
import type { AuditService } from '../audit/audit.service.js';
import { parseProject } from '../cases/case.repository.js';
import { findSubtree, findUnitsByIds, findUnitsByKind } from '../org/org.repository.js';
import type { UnitDirectory } from '../org/unit-directory.js';
import { money } from '../statistics/statistics.service.js';
import { planContextOf, planViolationError, runPlanDecision } from './plan-decision.js';
import {
  campaignProgress,
  findCampaign,
  listBureauReports,
  listCampaigns,
  reserveCampaign,
  saveCampaign,
  townCampaigns,
  townProjectsOfYear,
} from './plans.repository.js';
import type { AnnualPlanView, BureauReportView, CampaignView, PlanOverviewItem } from './plans.schemas.js';
import { insertBureauReport, listTownYear, loadTownYear, saveTownYear } from './town-year.repository.js';

const COLLECTION_LABELS = { centralized: '集中征集', daily: '日常收集' } as const;
const ENTRY_KIND_LABELS = { centralized: '集中征集（计入市分配额度）', adjustment: '年度调整（镇街配套资金）' } as const;
const REPORT_KIND_LABELS = { planSubmitted: '报送年度实施计划', libraryAdjusted: '调整年度项目库', disbursementOverridden: '超核定金额发放' } as const;
const REPORT_LIMIT = 200;

export interface OpenCampaignInput {
  readonly year: number;
  readonly title: string;
  readonly closesOn: string | null;
}

/**
 * R8.1 with R2.1: the collection of a demand entered now through `channel` in the town — the open campaign for the
 * campaign channel, daily for every other one; the campaign channel after the close is refused (CAMPAIGN_CLOSED).
 */
export async function collectionForDemand(tx: Transactor, townId: number, channel: Channel, now: Date): Promise<DemandCollection> {
  const campaigns = channel === 'campaign' ? await townCampaigns(tx.reader, townId) : [];
  const decided = demandCollectionAt(campaigns, townId, channel, now);
  if (!decided.ok) throw planViolationError(decided.violation);
  return decided.collection;
}

/**
 * R4.6 / R8.2 a centrally collected project the town confirmed enters its town's library, in the transaction of the
 * confirmation (the lifecycle's `libraryEntryRequested`). After the plan's submission it joins as an R8.4
 * adjustment and is reported to the bureau. A project already in the library is left as it is.
 */
export async function enterLibraryInTransaction(trx: Tx, audit: AuditService, ctx: RequestContext, project: ProjectState): Promise<void> {
  const entry = libraryProjectOf(project);
  if (entry === null) throw new Error(`project ${project.id} has no registration to enter the library with`);
  const stored = await loadTownYear<AnnualPlan>(trx, 'annual_plan', entry.townId, entry.year);
  const plan = stored?.state ?? emptyAnnualPlan(entry.townId, entry.year);
  if (plan.entries.some((e) => e.projectId === entry.projectId)) return;
  const result = decideAnnualPlan(plan, { type: 'enterLibrary', project: entry }, { now: ctx.now, actor: { userId: ctx.user?.userId ?? null, role: 'system', unitId: null } });
  if (!result.ok) throw planViolationError(result.violation);
  if (!(await saveTownYear(trx, 'annual_plan', { townId: entry.townId, year: entry.year }, result.state, stored?.version ?? 0, ctx.now.toISOString()))) {
    throw new AppError('VERSION_CONFLICT', { townId: entry.townId, year: entry.year });
  }
  await reportEvents(trx, ctx, result.events);
  await audit.record(trx, ctx, {
    action: 'enterLibrary',
    target: { type: 'annualPlan', id: `${entry.townId}-${entry.year}`, unitId: entry.townId },
    details: { projectId: entry.projectId, budgetFen: entry.budgetFen, events: result.events.map((e) => e.type) },
  });
}

/** R8.2 / R8.4 what the plan's events report to 市民政局 becomes rows of the bureau's list. */
async function reportEvents(trx: Tx, ctx: RequestContext, events: readonly AnnualPlanEvent[]): Promise<void> {
  for (const event of events) {
    if (event.type === 'libraryEntered') continue;
    await insertBureauReport(trx, {
      kind: event.type,
      town_id: event.townId,
      year: event.year,
      project_id: event.type === 'libraryAdjusted' ? event.projectId : null,
      payload_json: JSON.stringify(event),
      created_at: ctx.now.toISOString(),
    });
  }
}

export class PlanService {
  constructor(
    private readonly tx: Transactor,
    private readonly audit: AuditService,
    private readonly access: AccessGuard,
    private readonly units: UnitDirectory,
    private readonly attachments: AttachmentService,
  ) {}

  // ------------------------------------------------------------------------------------------------ campaigns

  /** R8.1 the campaigns of the towns in the reader's jurisdiction, with the communities' progress. */
  async listCampaigns(ctx: RequestContext, by: { readonly year?: number; readonly townId?: number }): Promise<CampaignView[]> {
    const user = ctx.user;
    if (user === null) throw new AppError('UNAUTHENTICATED');
    let towns: UnitRow[];
    let communityId: number | null = null;
    if (user.unit.kind === 'community') {
      // A community's staff see their town's campaign and their own progress in it.
      const own = await this.units.get(user.unit.id);
      const town = own?.town_id === null || own?.town_id === undefined ? undefined : await this.units.get(own.town_id);
      towns = town === undefined ? [] : [town];
      communityId = user.unit.id;
    } else {
      towns = by.townId === undefined ? await this.townsInScope(ctx) : [await this.requireTown(ctx, by.townId)];
    }
    if (by.townId !== undefined) towns = towns.filter((t) => t.id === by.townId);
    const stored = await listCampaigns(this.tx.reader, { townIds: towns.map((t) => t.id), ...(by.year !== undefined ? { year: by.year } : {}) });
    const names = new Map(towns.map((t) => [t.id, t.name]));
    return Promise.all(stored.map((c) => this.campaignView(ctx, c.state, c.version, names.get(c.state.townId) ?? '', communityId)));
  }

  async openCampaign(ctx: RequestContext, townId: number, input: OpenCampaignInput): Promise<CampaignView> {
    const town = await this.requireTown(ctx, townId, 'openCampaign');
    const existing = await townCampaigns(this.tx.reader, townId);
    const target = { type: 'campaign', id: 'new', unitId: townId };
    const { state, version } = await runPlanDecision(this.tx, this.audit, ctx, 'openCampaign', target, async (trx, refuse) => {
      const now = ctx.now.toISOString();
      const id = await reserveCampaign(trx, { townId, year: input.year, closesOn: input.closesOn ?? '', now });
      if (id === null) throw new AppError('ALREADY_EXISTS', { rule: 'R8.1', year: input.year }, `本镇（街道）${input.year}年度的集中征集活动已发起，每年一次`);
      const result = decideCampaign(null, { type: 'openCampaign', campaignId: id, townId, year: input.year, title: input.title, closesOn: input.closesOn, existing }, planContextOf(ctx));
      if (!result.ok) return refuse(result.violation);
      if (!(await saveCampaign(trx, result.state, 0, now))) throw new AppError('VERSION_CONFLICT');
      await this.audit.record(trx, ctx, { action: 'openCampaign', target: { type: 'campaign', id, unitId: townId }, after: result.state, details: { events: result.events.map((e) => e.type) } });
      return { state: result.state, version: 1 };
    });
    return this.campaignView(ctx, state, version, town.name, null);
  }

  /** R8.1 the town closes its campaign before the closing date, with its reason. */
  async closeCampaign(ctx: RequestContext, id: number, version: number, reason: string): Promise<CampaignView> {
    const stored = await findCampaign(this.tx.reader, id);
    if (stored === undefined || stored.version === 0) throw new AppError('NOT_FOUND');
    const town = await this.requireTown(ctx, stored.state.townId, 'openCampaign');
    if (stored.version !== version) throw new AppError('VERSION_CONFLICT');
    const target = { type: 'campaign', id, unitId: town.id };
    const next = await runPlanDecision(this.tx, this.audit, ctx, 'closeCampaign', target, async (trx, refuse) => {
      const result = decideCampaign(stored.state, { type: 'closeCampaign', reason }, planContextOf(ctx));
      if (!result.ok) return refuse(result.violation);
      if (!(await saveCampaign(trx, result.state, version, ctx.now.toISOString()))) throw new AppError('VERSION_CONFLICT');
      await this.audit.record(trx, ctx, { action: 'closeCampaign', target, before: { closedEarly: null }, after: { closedEarly: result.state.closedEarly }, details: { reason } });
      return result.state;
    });
    return this.campaignView(ctx, next, version + 1, town.name, null);
  }

  // ------------------------------------------------------------------------------------------------ allocation

  /** R8.3 the bureau sets (or changes, with a reason) the city's allocation to a town for a year. */
  async setAllocation(ctx: RequestContext, townId: number, year: number, input: { amountFen: number; reason: string | null; version: number | null }): Promise<AnnualPlanView> {
    await this.requireTown(ctx, townId, 'setAllocation');
    const target = { type: 'allocation', id: `${townId}-${year}`, unitId: townId };
    await runPlanDecision(this.tx, this.audit, ctx, 'setAllocation', target, async (trx, refuse) => {
      const stored = await loadTownYear<Allocation>(trx, 'allocation', townId, year);
      const current = stored?.version ?? 0;
      if (input.version !== null && input.version !== current) throw new AppError('VERSION_CONFLICT');
      if (input.version === null && current !== 0) throw new AppError('VERSION_CONFLICT', { version: current }, '该年度的经费额度已设定，请刷新后按当前版本修改');
      const result = decideAllocation(stored?.state ?? null, { type: 'setAllocation', townId, year, amountFen: input.amountFen, reason: input.reason }, planContextOf(ctx));
      if (!result.ok) return refuse(result.violation);
      if (!(await saveTownYear(trx, 'allocation', { townId, year }, result.state, current, ctx.now.toISOString()))) throw new AppError('VERSION_CONFLICT');
      await this.audit.record(trx, ctx, {
        action: 'setAllocation',
        target,
        before: { amountFen: stored?.state.amountFen ?? null },
        after: { amountFen: result.state.amountFen },
        details: { reason: input.reason },
      });
    });
    return this.planView(ctx, townId, year);
  }

  // ------------------------------------------------------------------------------------------------ plans

  /** R8.2–R8.4 a town's library and plan of a year, against its allocation, with what may still be adjusted in. */
  async planView(ctx: RequestContext, townId: number, year: number): Promise<AnnualPlanView> {
    const town = await this.requireTown(ctx, townId);
    const [stored, allocation, campaigns] = await Promise.all([
      loadTownYear<AnnualPlan>(this.tx.reader, 'annual_plan', townId, year),
      loadTownYear<Allocation>(this.tx.reader, 'allocation', townId, year),
      listCampaigns(this.tx.reader, { townIds: [townId], year }),
    ]);
    const plan = stored?.state ?? emptyAnnualPlan(townId, year);
    const summary = planSummary(plan, allocation?.state ?? null);
    const status = planStatus(plan, ctx.now);
    const inLibrary = new Set(plan.entries.map((e) => e.projectId));
    const candidates = ctx.user?.role === 'town_staff' ? await this.candidates(townId, year, inLibrary) : [];
    const campaign = campaigns[0];
    return {
      townId,
      townName: town.name,
      year,
      version: stored?.version ?? 0,
      status,
      statusLabel: PLAN_STATUS_LABELS[status],
      dueDate: planDueDate(year),
      summary: {
        centralizedTotal: money(summary.centralizedTotalFen),
        adjustmentTotal: money(summary.adjustmentTotalFen),
        total: money(summary.totalFen),
        allocation: summary.allocationFen === null ? null : money(summary.allocationFen),
        difference: summary.differenceFen === null ? null : { fen: summary.differenceFen, wan: signedWan(summary.differenceFen) },
        gap: summary.gapFen === null ? null : money(summary.gapFen),
        meetsAllocation: summary.meetsAllocation,
      },
      allocation:
        allocation === undefined
          ? null
          : {
              amount: money(allocation.state.amountFen),
              version: allocation.version,
              history: allocation.state.history.map((h) => ({ amount: money(h.amountFen), setAt: h.setAt, reason: h.reason })),
            },
      entries: plan.entries.map((e) => ({
        projectId: e.projectId,
        projectName: e.projectName,
        communityId: e.communityId,
        communityName: e.communityName,
        budget: money(e.budgetFen),
        kind: e.kind,
        kindLabel: ENTRY_KIND_LABELS[e.kind],
        fundedFrom: e.fundedFrom,
        collection: e.collection,
        collectionLabel: COLLECTION_LABELS[e.collection],
        enteredAt: e.enteredAt,
        adjustmentReason: e.adjustment?.reason ?? null,
      })),
      submission:
        plan.submission === null
          ? null
          : {
              submittedAt: plan.submission.submittedAt,
              late: plan.submission.late,
              centralizedTotal: money(plan.submission.centralizedTotalFen),
              allocation: money(plan.submission.allocationFen),
              stamp: {
                authority: plan.submission.stamp.authority,
                authorityLabel: STAMP_AUTHORITY_LABELS[plan.submission.stamp.authority],
                stampedByName: plan.submission.stamp.stampedByName,
                stampedOn: plan.submission.stamp.stampedOn,
                scanAttachmentId: plan.submission.stamp.scanAttachmentId,
              },
            },
      candidates,
      campaign: campaign === undefined ? null : { id: campaign.state.id, closesOn: campaign.state.closesOn, open: isCampaignOpen(campaign.state, ctx.now) },
    };
  }

  /** R8.2 every town's plan of a year in the reader's jurisdiction: the bureau sees who is overdue, short, adjusted. */
  async overview(ctx: RequestContext, year: number): Promise<PlanOverviewItem[]> {
    const towns = await this.townsInScope(ctx);
    const ids = new Set(towns.map((t) => t.id));
    const [plans, allocations, campaigns] = await Promise.all([
      listTownYear<AnnualPlan>(this.tx.reader, 'annual_plan', { year }),
      listTownYear<Allocation>(this.tx.reader, 'allocation', { year }),
      listCampaigns(this.tx.reader, { townIds: [...ids], year }),
    ]);
    const planOf = new Map(plans.filter((p) => ids.has(p.townId)).map((p) => [p.townId, p]));
    const allocationOf = new Map(allocations.filter((a) => ids.has(a.townId)).map((a) => [a.townId, a]));
    const campaignOf = new Map(campaigns.map((c) => [c.state.townId, c.state]));
    return towns.map((town) => {
      const plan = planOf.get(town.id) ?? emptyAnnualPlan(town.id, year);
      const summary = planSummary(plan, allocationOf.get(town.id) ?? null);
      const status = planStatus(plan, ctx.now);
      const campaign = campaignOf.get(town.id);
      return {
        townId: town.id,
        townName: town.name,
        year,
        status,
        statusLabel: PLAN_STATUS_LABELS[status],
        dueDate: planDueDate(year),
        submittedAt: plan.submission?.submittedAt ?? null,
        allocation: summary.allocationFen === null ? null : money(summary.allocationFen),
        centralizedTotal: money(summary.centralizedTotalFen),
        gap: summary.gapFen === null ? null : money(summary.gapFen),
        adjustments: plan.entries.filter((e) => e.kind === 'adjustment').length,
        adjustmentTotal: money(summary.adjustmentTotalFen),
        entries: plan.entries.length,
        campaign: campaign === undefined ? null : { id: campaign.id, closesOn: campaign.closesOn, open: isCampaignOpen(campaign, ctx.now) },
      };
    });
  }

  /** R8.2 the stamped plan's scanned copy, kept as the town's own file (PDF or image). */
  async uploadStampScan(ctx: RequestContext, townId: number, filename: string, bytes: Buffer): Promise<AttachmentView> {
    await this.requireTown(ctx, townId, 'submitAnnualPlan');
    return this.attachments.upload(ctx, { type: 'town', id: townId }, 'stampScan', filename, bytes);
  }

  /** R8.2 / R8.3 the town submits its stamped plan to the bureau: not below the allocation; late is marked. */
  async submitPlan(ctx: RequestContext, townId: number, year: number, input: { version: number; stamp: PlanStamp }): Promise<AnnualPlanView> {
    await this.requireTown(ctx, townId, 'submitAnnualPlan');
    const scan = await findAttachment(this.tx.reader, input.stamp.scanAttachmentId);
    if (scan === undefined || scan.owner_type !== 'town' || scan.owner_id !== townId || scan.kind !== 'stampScan') {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'stamp.scanAttachmentId', message: '请先上传本镇（街道）年度实施计划的盖章扫描件' }] });
    }
    await this.planDecision(ctx, townId, year, input.version, 'submitAnnualPlan', async (trx, plan) => {
      const allocation = await loadTownYear<Allocation>(trx, 'allocation', townId, year);
      return decideAnnualPlan(plan, { type: 'submitAnnualPlan', stamp: input.stamp, allocation: allocation?.state ?? null }, planContextOf(ctx));
    });
    return this.planView(ctx, townId, year);
  }

  /** R8.4 a daily-collected or extra project of the town and year joins the library with its reason. */
  async adjustLibrary(ctx: RequestContext, townId: number, year: number, input: { version: number; projectId: number; reason: string }): Promise<AnnualPlanView> {
    await this.requireTown(ctx, townId, 'adjustLibrary');
    const row = (await townProjectsOfYear(this.tx.reader, townId, year)).find((r) => r.id === input.projectId);
    const project = row === undefined ? null : libraryProjectOf(parseProject(row).state);
    if (project === null) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'projectId', message: '只能调入本镇（街道）该年度已登记备案的项目' }] });
    }
    await this.planDecision(ctx, townId, year, input.version, 'adjustLibrary', (_trx, plan) =>
      Promise.resolve(decideAnnualPlan(plan, { type: 'adjustLibrary', project, reason: input.reason }, planContextOf(ctx))),
    );
    return this.planView(ctx, townId, year);
  }

  // ------------------------------------------------------------------------------------------------ the bureau's list

  /** What the towns in the reader's jurisdiction reported to 市民政局, newest first. */
  async reports(ctx: RequestContext, by: { readonly year?: number; readonly townId?: number }): Promise<BureauReportView[]> {
    const towns = by.townId === undefined ? await this.townsInScope(ctx) : [await this.requireTown(ctx, by.townId)];
    const names = new Map(towns.map((t) => [t.id, t.name]));
    const rows = await listBureauReports(this.tx.reader, { townIds: [...names.keys()], ...(by.year !== undefined ? { year: by.year } : {}), limit: REPORT_LIMIT });
    return rows.map((r) => {
      const payload = JSON.parse(r.payload_json) as Record<string, unknown>;
      return {
        id: r.id,
        kind: r.kind,
        kindLabel: REPORT_KIND_LABELS[r.kind],
        townId: r.town_id,
        townName: names.get(r.town_id) ?? '',
        year: r.year,
        projectId: r.project_id,
        projectName: typeof payload.projectName === 'string' ? payload.projectName : null,
        amount: typeof payload.budgetFen === 'number' ? money(payload.budgetFen) : typeof payload.centralizedTotalFen === 'number' ? money(payload.centralizedTotalFen) : typeof payload.amountFen === 'number' ? money(payload.amountFen) : null,
        reason: typeof payload.reason === 'string' ? payload.reason : null,
        late: typeof payload.late === 'boolean' ? payload.late : null,
        createdAt: r.created_at,
      };
    });
  }

  // ------------------------------------------------------------------------------------------------ internals

  private async planDecision(
    ctx: RequestContext,
    townId: number,
    year: number,
    version: number,
    action: 'submitAnnualPlan' | 'adjustLibrary',
    decide: (trx: Tx, plan: AnnualPlan) => Promise<ReturnType<typeof decideAnnualPlan>>,
  ): Promise<void> {
    const target = { type: 'annualPlan', id: `${townId}-${year}`, unitId: townId };
    await runPlanDecision(this.tx, this.audit, ctx, action, target, async (trx, refuse) => {
      const stored = await loadTownYear<AnnualPlan>(trx, 'annual_plan', townId, year);
      const current = stored?.version ?? 0;
      if (version !== current) throw new AppError('VERSION_CONFLICT');
      const result = await decide(trx, stored?.state ?? emptyAnnualPlan(townId, year));
      if (!result.ok) return refuse(result.violation);
      if (!(await saveTownYear(trx, 'annual_plan', { townId, year }, result.state, current, ctx.now.toISOString()))) throw new AppError('VERSION_CONFLICT');
      await reportEvents(trx, ctx, result.events);
      await this.audit.record(trx, ctx, {
        action,
        target,
        before: { entries: stored?.state.entries.length ?? 0, submitted: stored?.state.submission !== null && stored !== undefined },
        after: { entries: result.state.entries.length, submission: result.state.submission },
        details: { events: result.events },
      });
    });
  }

  /** R8.4 the town's registered projects of the year not yet in the library. */
  private async candidates(townId: number, year: number, inLibrary: ReadonlySet<number>): Promise<AnnualPlanView['candidates']> {
    const rows = await townProjectsOfYear(this.tx.reader, townId, year);
    const out: AnnualPlanView['candidates'][number][] = [];
    for (const row of rows) {
      if (inLibrary.has(row.id)) continue;
      const { state } = parseProject(row);
      const project = libraryProjectOf(state);
      if (project === null) continue;
      out.push({
        projectId: row.id,
        projectName: project.projectName,
        communityName: project.communityName,
        budget: money(project.budgetFen),
        collection: project.collection,
        collectionLabel: COLLECTION_LABELS[project.collection],
        categoryLabel: state.registration?.basics.category === undefined ? null : CATEGORY_LABELS[state.registration.basics.category],
        statusLabel: row.status === 'reserved' ? '' : PROJECT_STATUS_LABELS[row.status],
      });
    }
    return out;
  }

  private async campaignView(ctx: RequestContext, c: Campaign, version: number, townName: string, onlyCommunity: number | null): Promise<CampaignView> {
    const endsAt = campaignEndsAt(c);
    const plan = await loadTownYear<AnnualPlan>(this.tx.reader, 'annual_plan', c.townId, c.year);
    const progress = (await campaignProgress(this.tx.reader, c, endsAt.toISOString())).filter((p) => onlyCommunity === null || p.communityId === onlyCommunity);
    const confirmed = new Map<number, number>();
    for (const e of plan?.state.entries ?? []) if (e.campaignId === c.id) confirmed.set(e.communityId, (confirmed.get(e.communityId) ?? 0) + 1);
    // The town sees every one of its communities, those with nothing collected yet too (the ones to follow up).
    const town = await this.units.get(c.townId);
    const all = onlyCommunity === null && town !== undefined ? (await findSubtree(this.tx.reader, town.path)).filter((u) => u.kind === 'community') : [];
    const communityIds = [...new Set([...progress.map((p) => p.communityId), ...(onlyCommunity === null ? confirmed.keys() : []), ...all.map((u) => u.id)])];
    const communities = new Map((await findUnitsByIds(this.tx.reader, communityIds)).map((u) => [u.id, u.name]));
    const rows = communityIds
      .map((id) => {
        const p = progress.find((r) => r.communityId === id);
        return { communityId: id, communityName: communities.get(id) ?? '', demands: p?.demands ?? 0, projects: p?.projects ?? 0, confirmed: confirmed.get(id) ?? 0 };
      })
      .sort((a, b) => b.demands - a.demands || a.communityName.localeCompare(b.communityName, 'zh-Hans-CN') || a.communityId - b.communityId);
    const open = isCampaignOpen(c, ctx.now);
    return {
      id: c.id,
      version,
      townId: c.townId,
      townName,
      year: c.year,
      title: c.title,
      openedAt: c.openedAt,
      closesOn: c.closesOn,
      endsAt: endsAt.toISOString(),
      closedEarly: c.closedEarly === null ? null : { at: c.closedEarly.at, reason: c.closedEarly.reason },
      open,
      statusLabel: open ? '征集中' : '已结束',
      progress: rows,
      totals: { demands: rows.reduce((s, r) => s + r.demands, 0), projects: rows.reduce((s, r) => s + r.projects, 0), confirmed: rows.reduce((s, r) => s + r.confirmed, 0) },
    };
  }

  /** The towns inside the reader's jurisdiction, by id. */
  private async townsInScope(ctx: RequestContext): Promise<UnitRow[]> {
    const user = ctx.user;
    if (user === null) throw new AppError('UNAUTHENTICATED');
    await this.access.require(ctx, 'viewCase', null);
    const towns = await findUnitsByKind(this.tx.reader, 'town');
    return towns.filter((t) => t.path.startsWith(user.scope.path)).sort((a, b) => a.id - b.id);
  }

  /** The town, inside the actor's jurisdiction for `action` (R0.8): a missing unit, one that is no town, or one outside it, is 404. */
  private async requireTown(ctx: RequestContext, townId: number, action: Action = 'viewCase'): Promise<UnitRow> {
    const town = await this.units.get(townId);
    if (town === undefined || town.kind !== 'town') throw new AppError('NOT_FOUND');
    try {
      await this.access.require(ctx, action, { id: town.id, path: town.path });
    } catch (err) {
      if (err instanceof AppError && err.code === 'FORBIDDEN_SCOPE') throw new AppError('NOT_FOUND');
      throw err;
    }
    return town;
  }
}

/** A difference in 万元 with its sign ("-3.5000", "+0.0000" is "0.0000"). */
function signedWan(fen: number): string {
  return fen < 0 ? `-${money(-fen).wan}` : money(fen).wan;
}
