/**
 * Funds (R9) on the server: a town's 资金发放台账 of a year (its lines, the accounts they make and their check, the
 * two pots against the city's allocation and the town's matching funds), recording a disbursement, setting the
 * matching funds, a project's budget against actual (R9.2) and the self-check and performance-evaluation rows of a
 * town and its communities (R9.3).
 *
 * Jurisdiction (R0.8) as for the town's documents: the town is checked against the reader's jurisdiction first, and
 * one outside it answers as a missing one (404), the denial audited. A project's funds are read by whoever may read
 * the case (its community's check). Writes run through `runPlanDecision`: the state saved at the version read, the
 * `disbursement` row, the report to the bureau (an override) and the audit record in one transaction; a refusal is
 * audited alone. Of two writes on one ledger at once, one wins and the other is told VERSION_CONFLICT.
 */
import { createHash } from 'node:crypto';
import type { Action } from '../../../domain/access/actions.js';
import { PLAN_STATUSES } from '../../../domain/documents/annual-plan.document.js';
import {
  budgetVersusActual,
  checkLedger,
  DISBURSEMENT_SOURCE_LABELS,
  decideLedger,
  decideMatchingFund,
  disbursedBySource,
  disbursementProjectOf,
  emptyLedger,
  evaluationReport,
  townBalances,
  voucherKey,
  type Disbursement,
  type Ledger,
  type MatchingFund,
} from '../../../domain/funds/index.js';
import type { ProjectState } from '../../../domain/lifecycle/index.js';
import { PROJECT_STATUS_LABELS } from '../../../domain/lifecycle/statuses.js';
import type { Allocation, AnnualPlan, FundingPot } from '../../../domain/plans/index.js';
import type { Transactor } from '../../db/transactor.js';
import type { UnitRow } from '../../db/schema.js';
import { AppError, validationError } from '../../errors.js';
import type { AccessGuard } from '../../http/access.js';
import type { RequestContext } from '../../http/context.js';
import { seesPersonalData } from '../../http/masking.js';
import type { AuditService } from '../audit/audit.service.js';
import { XLSX_MIME } from '../cases/case-export.js';
import { parseProject, projectCode } from '../cases/case.repository.js';
import type { CaseService } from '../cases/case.service.js';
import { DOCUMENT_MIMES } from '../documents/document-forms.js';
import type { DocumentFile } from '../documents/documents.service.js';
import { maskProjectTexts } from '../documents/town-documents.service.js';
import type { UnitDirectory } from '../org/unit-directory.js';
import { insertBureauReport, loadTownYear, saveTownYear } from '../plans/town-year.repository.js';
import { planContextOf, runPlanDecision } from '../plans/plan-decision.js';
import { evaluationFilename, evaluationPdf, evaluationWorkbook } from './evaluation-export.js';
import { insertDisbursementRow, isUniqueViolation, listTownProjectRows, markDisbursementOverridden, otherYearsVoucherNumbers } from './funds.repository.js';
import type { EvaluationQueryInput, EvaluationView, LedgerView, ProjectFundsView, RecordDisbursementInput, SetMatchingFundInput } from './funds.schemas.js';

type LineView = LedgerView['lines'][number];

/** The statuses of the projects a disbursement may be recorded for: in the annual library (R8.2) or later. */
const DISBURSABLE: ReadonlySet<string> = new Set(PLAN_STATUSES);

/**
 * Which of the town's pots pays a project's 专项资金: its library entry's (R8.3 allocation, R8.4 matching), else a
 * centrally collected project draws on the allocation and a daily-collected one, an adjustment, on the matching funds.
 */
export function fundedFromOf(state: ProjectState, plan: AnnualPlan | undefined): FundingPot {
  const entry = plan?.entries.find((e) => e.projectId === state.id);
  if (entry !== undefined) return entry.fundedFrom;
  return state.collection === 'centralized' ? 'allocation' : 'matching';
}

export class FundsService {
  constructor(
    private readonly tx: Transactor,
    private readonly units: UnitDirectory,
    private readonly access: AccessGuard,
    private readonly audit: AuditService,
    private readonly cases: CaseService,
  ) {}

  /** R9.1 the town's ledger of the year, its accounts and balances, and the projects a line may name. */
  async ledger(ctx: RequestContext, townId: number, year: number): Promise<LedgerView> {
    const town = await this.requireTown(ctx, townId, 'viewCase');
    return this.ledgerView(ctx, town, year);
  }

  /** R9.1 / R9.2 records one disbursement; past the approved amount only with an override, reported to the bureau. */
  async recordDisbursement(ctx: RequestContext, townId: number, input: RecordDisbursementInput): Promise<{ line: LineView; ledger: LedgerView }> {
    const town = await this.requireTown(ctx, townId, 'recordDisbursement');
    const { year } = input;
    const projectRow = await this.cases.loadProjectRow(input.projectId).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return undefined;
      throw err;
    });
    const notHere = validationError([{ field: 'projectId', message: `${town.name}${year}年度没有该项目` }]);
    if (projectRow === undefined || projectRow.town_id !== town.id || projectRow.year !== year) throw notHere;
    const { state } = parseProject(projectRow);
    if (!DISBURSABLE.has(state.status) || state.registration === null) {
      throw validationError([{ field: 'projectId', message: '项目尚未纳入年度项目库（须已备案或经镇（街道）确认），或已终止、转现行政策办理，不能登记资金发放' }]);
    }
    const pctx = planContextOf(ctx);
    const target = { type: 'project', id: state.id, unitId: state.communityId };
    const others = await otherYearsVoucherNumbers(this.tx.reader, town.id, year);
    const line = await runPlanDecision(this.tx, this.audit, ctx, 'recordDisbursement', target, async (trx, refuse) => {
      const stored = await loadTownYear<Ledger>(trx, 'ledger', town.id, year);
      const version = stored?.version ?? 0;
      if (version !== input.version) throw new AppError('VERSION_CONFLICT', { version });
      const ledger = stored?.state ?? emptyLedger(town.id, year);
      const plan = (await loadTownYear<AnnualPlan>(trx, 'annual_plan', town.id, year))?.state;
      const project = disbursementProjectOf(state, fundedFromOf(state, plan));
      if (project === null) throw notHere;
      const voucherNo = input.voucherNo.trim();
      let id: number;
      try {
        id = await insertDisbursementRow(trx, {
          townId: town.id,
          year,
          projectId: state.id,
          communityId: state.communityId,
          date: input.date,
          amountFen: input.amountFen,
          source: input.source,
          voucherNo,
          voucherKey: voucherKey(voucherNo),
          overridden: false,
          recordedBy: pctx.actor.userId,
          recordedAt: ctx.now.toISOString(),
        });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        return refuse({ rule: 'R9.1', code: 'DUPLICATE_VOUCHER', message: `凭证号「${voucherNo}」已在本镇（街道）台账中使用`, details: { voucherNo } });
      }
      const result = decideLedger(
        ledger,
        { type: 'recordDisbursement', disbursementId: id, date: input.date, project, amountFen: input.amountFen, source: input.source, voucherNo, override: input.override ?? null, otherVoucherNumbers: others },
        pctx,
      );
      if (!result.ok) return refuse(result.violation);
      const recorded = result.state.lines.find((l) => l.id === id);
      if (recorded === undefined) throw new Error('the recorded line is missing');
      if (!(await saveTownYear(trx, 'ledger', { townId: town.id, year }, result.state, version, ctx.now.toISOString()))) throw new AppError('VERSION_CONFLICT');
      if (recorded.override !== null) {
        await markDisbursementOverridden(trx, id);
        // R9.2 an override of the approved amount is reported to 市民政局.
        await insertBureauReport(trx, {
          kind: 'disbursementOverridden',
          town_id: town.id,
          year,
          project_id: state.id,
          payload_json: JSON.stringify({
            disbursementId: id,
            projectName: recorded.projectName,
            communityName: recorded.communityName,
            date: recorded.date,
            amountFen: recorded.amountFen,
            source: recorded.source,
            voucherNo: recorded.voucherNo,
            override: recorded.override,
          }),
          created_at: ctx.now.toISOString(),
        });
      }
      const [event] = result.events;
      await this.audit.record(trx, ctx, {
        action: 'recordDisbursement',
        target,
        after: { line: recorded },
        details: { townId: town.id, year, ledgerVersion: version + 1, event, ...(recorded.override !== null ? { override: recorded.override, reportTo: 'bureau' } : {}) },
      });
      return recorded;
    });
    const view = await this.ledgerView(ctx, town, year);
    const shown = view.lines.find((l) => l.id === line.id);
    if (shown === undefined) throw new Error('the recorded line is not in the ledger');
    return { line: shown, ledger: view };
  }

  /** R9.1 the town's matching funds of the year: set, or changed with a reason. */
  async setMatchingFund(ctx: RequestContext, townId: number, input: SetMatchingFundInput): Promise<LedgerView> {
    const town = await this.requireTown(ctx, townId, 'setMatchingFund');
    const { year } = input;
    const target = { type: 'unit', id: town.id, unitId: town.id };
    await runPlanDecision(this.tx, this.audit, ctx, 'setMatchingFund', target, async (trx, refuse) => {
      const stored = await loadTownYear<MatchingFund>(trx, 'matching_fund', town.id, year);
      const version = stored?.version ?? 0;
      if (version !== input.version) throw new AppError('VERSION_CONFLICT', { version });
      const result = decideMatchingFund(stored?.state ?? null, { type: 'setMatchingFund', townId: town.id, year, amountFen: input.amountFen, reason: input.reason }, planContextOf(ctx));
      if (!result.ok) return refuse(result.violation);
      if (!(await saveTownYear(trx, 'matching_fund', { townId: town.id, year }, result.state, version, ctx.now.toISOString()))) throw new AppError('VERSION_CONFLICT');
      await this.audit.record(trx, ctx, {
        action: 'setMatchingFund',
        target,
        before: stored === undefined ? null : { amountFen: stored.state.amountFen },
        after: { amountFen: result.state.amountFen },
        details: { townId: town.id, year, event: result.events[0] },
      });
    });
    return this.ledgerView(ctx, town, year);
  }

  /** R9.2 a project's budget against actual per source, with its ledger lines; for whoever may read the case. */
  async projectFunds(ctx: RequestContext, projectId: number): Promise<ProjectFundsView> {
    const row = await this.cases.loadProjectRow(projectId);
    await this.cases.requireOnCommunity(ctx, 'viewCase', row.community_id);
    const state = this.masked(ctx, parseProject(row).state);
    const ledger = (await loadTownYear<Ledger>(this.tx.reader, 'ledger', state.townId, state.year))?.state;
    const lines = (ledger?.lines ?? []).filter((l) => l.projectId === state.id);
    const bva = budgetVersusActual(state, lines);
    const names = new Map([[state.id, { code: projectCode(state), name: state.registration?.basics.projectName ?? state.title }]]);
    return { projectId: state.id, townId: state.townId, year: state.year, rows: [...bva.rows], total: bva.total, lines: lines.map((l) => lineView(l, names)) };
  }

  /** R9.3 the self-check and performance-evaluation rows of the town (or one of its communities) for the year. */
  async evaluation(ctx: RequestContext, townId: number, q: EvaluationQueryInput): Promise<EvaluationView> {
    const town = await this.requireTown(ctx, townId, 'viewCase');
    return this.evaluationOf(ctx, town, q);
  }

  /** R9.3 the same rows as an XLSX or PDF file, audited as a document export. */
  async exportEvaluation(ctx: RequestContext, townId: number, q: EvaluationQueryInput & { readonly format: 'xlsx' | 'pdf' }): Promise<DocumentFile> {
    const town = await this.requireTown(ctx, townId, 'viewCase');
    const view = await this.evaluationOf(ctx, town, q);
    const bytes = q.format === 'xlsx' ? await evaluationWorkbook(view, ctx.now) : await evaluationPdf(view, ctx.now);
    await this.audit.recordAlone(ctx, {
      action: 'exportDocument',
      target: { type: 'unit', id: town.id, unitId: town.id },
      details: { document: 'fundsEvaluation', townId: town.id, year: q.year, communityId: q.communityId ?? null, format: q.format, rows: view.projects.length, sha256: createHash('sha256').update(bytes).digest('hex') },
    });
    const community = view.communityId === null ? null : (view.communities[0]?.unit.name ?? null);
    return { ...evaluationFilename(town, community, q.year, q.format, ctx.now), mime: q.format === 'xlsx' ? XLSX_MIME : DOCUMENT_MIMES.pdf, bytes };
  }

  // ------------------------------------------------------------------------------------------------ internals

  /** The town, inside the reader's jurisdiction for `action` (R0.8): missing, not a town, or outside it → 404. */
  private async requireTown(ctx: RequestContext, townId: number, action: Action): Promise<UnitRow> {
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

  private masked(ctx: RequestContext, state: ProjectState): ProjectState {
    return ctx.user === null || !seesPersonalData(ctx.user.role) ? maskProjectTexts(state) : state;
  }

  private async townProjects(ctx: RequestContext, townId: number, year: number): Promise<ProjectState[]> {
    const rows = await listTownProjectRows(this.tx.reader, townId, year);
    return rows.map((r) => this.masked(ctx, parseProject(r).state));
  }

  private async ledgerView(ctx: RequestContext, town: UnitRow, year: number): Promise<LedgerView> {
    const r = this.tx.reader;
    const [stored, allocation, matching, plan, projects] = await Promise.all([
      loadTownYear<Ledger>(r, 'ledger', town.id, year),
      loadTownYear<Allocation>(r, 'allocation', town.id, year),
      loadTownYear<MatchingFund>(r, 'matching_fund', town.id, year),
      loadTownYear<AnnualPlan>(r, 'annual_plan', town.id, year),
      this.townProjects(ctx, town.id, year),
    ]);
    const ledger = stored?.state ?? emptyLedger(town.id, year);
    const allocationFen = allocation?.state.amountFen ?? null;
    const matchingFen = matching?.state.amountFen ?? null;
    const balances = townBalances(ledger, { allocationFen: allocationFen ?? 0, matchingFundFen: matchingFen ?? 0 });
    const names = new Map(projects.map((p) => [p.id, { code: projectCode(p), name: p.registration?.basics.projectName ?? p.title }]));
    const user = ctx.user;
    const canRecord = user !== null && user.role === 'town_staff' && user.unit.id === town.id;
    return {
      townId: town.id,
      townName: town.name,
      year,
      version: stored?.version ?? 0,
      canRecord,
      allocation: { amountFen: allocationFen },
      matchingFund: { amountFen: matchingFen, version: matching?.version ?? 0, history: [...(matching?.state.history ?? [])] },
      balances: {
        cityAllocation: balances.cityAllocation,
        matchingFund: balances.matchingFund,
        totalDisbursedFen: balances.totalDisbursedFen,
        balanceFen: balances.cityAllocation.balanceFen + balances.matchingFund.balanceFen,
      },
      communities: [...balances.communities],
      lines: [...ledger.lines].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id)).map((l) => lineView(l, names)),
      discrepancies: checkLedger(ledger),
      projects: projects
        .filter((p) => p.registration !== null && DISBURSABLE.has(p.status))
        .map((p) => {
          const project = disbursementProjectOf(p, fundedFromOf(p, plan?.state));
          return {
            projectId: p.id,
            code: projectCode(p),
            projectName: project?.projectName ?? p.title,
            communityId: p.communityId,
            communityName: p.communityName,
            status: p.status,
            fundedFrom: project?.fundedFrom ?? 'allocation',
            approved: project?.approved ?? { special: 0, collective: 0, social: 0 },
            disbursed: disbursedBySource(ledger.lines, p.id),
          };
        }),
    };
  }

  private async evaluationOf(ctx: RequestContext, town: UnitRow, q: EvaluationQueryInput): Promise<EvaluationView> {
    const [projects, stored] = await Promise.all([this.townProjects(ctx, town.id, q.year), loadTownYear<Ledger>(this.tx.reader, 'ledger', town.id, q.year)]);
    const report = evaluationReport({ id: town.id, name: town.name }, q.year, projects, stored?.state.lines ?? []);
    const communityId = q.communityId ?? null;
    if (communityId !== null) {
      const community = await this.units.get(communityId);
      if (community === undefined || community.kind !== 'community' || community.parent_id !== town.id) {
        throw validationError([{ field: 'communityId', message: `该村（社区）不属于${town.name}` }]);
      }
    }
    const codes = new Map(projects.map((p) => [p.id, projectCode(p)]));
    const inScope = (r: { readonly communityId: number }): boolean => communityId === null || r.communityId === communityId;
    return {
      townId: town.id,
      townName: town.name,
      year: q.year,
      communityId,
      town: report.town,
      communities: report.communities.filter((c) => communityId === null || c.unit.id === communityId),
      projects: report.projects.filter(inScope).map((p) => ({ ...p, code: codes.get(p.projectId) ?? '', statusLabel: PROJECT_STATUS_LABELS[p.status] })),
    };
  }
}

function lineView(l: Disbursement, names: ReadonlyMap<number, { code: string; name: string }>): LineView {
  const known = names.get(l.projectId);
  return {
    id: l.id,
    date: l.date,
    communityId: l.communityId,
    communityName: l.communityName,
    projectId: l.projectId,
    projectCode: known?.code ?? '',
    projectName: known?.name ?? l.projectName,
    amountFen: l.amountFen,
    source: l.source,
    sourceLabel: DISBURSEMENT_SOURCE_LABELS[l.source],
    fundedFrom: l.fundedFrom,
    voucherNo: l.voucherNo,
    recordedAt: l.recordedAt,
    recordedByUserId: l.recordedByUserId,
    override: l.override,
  };
}
