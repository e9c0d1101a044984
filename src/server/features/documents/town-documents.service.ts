/**
 * A town's yearly documents (town-documents.ts): the 年度“民生微实事”项目实施计划表 (R8.2) and the 资金发放台账 (R9.1)
 * of a town and year, as XLSX or PDF, built from the town's projects of that year that are in the annual library
 * (`PLAN_STATUSES`: registered on the small path or confirmed by the town, through 办结; not terminated, not
 * transferred to an existing policy).
 *
 * Read by whoever may read cases (`viewCase`) with the town inside their jurisdiction: the town's staff (and its
 * departments' reviewers), the bureau, supervisors. A town outside the jurisdiction answers as a missing one (404,
 * R0.8), the denial audited; a community clerk's jurisdiction is its community, so no town is inside it. Readers who
 * see personal data masked (R0.8) get the projects' free texts masked as the case page masks them. Every file is
 * audited as `exportDocument` with {document, townId, year, format}; nothing is stored.
 *
 * The plan prints the city's allocation for the town and year (`allocation`, R8.3) with the gap, and the annual plan's
 * entries (`annual_plan`): an R8.4 adjustment prints among the adjusting projects (二), whatever its collection; its
 * stamp and submission (R8.2) go to the XLSX's 说明. The ledger prints the town's disbursements of the year (`ledger`,
 * R9.1) in 发放明细, and its 说明 the two pots (allocation, matching funds) with what they paid out.
 */
import { createHash } from 'node:crypto';
import { PLAN_STATUSES, annualPlanDocument, planRowOf, type PlanProjectRow } from '../../../domain/documents/annual-plan.document.js';
import { fundsLedgerDocument, ledgerRowOf, type LedgerDisbursement, type LedgerProjectRow } from '../../../domain/documents/funds-ledger.document.js';
import { emptyLedger, townBalances, type Ledger, type MatchingFund } from '../../../domain/funds/index.js';
import type { Allocation, AnnualPlan } from '../../../domain/plans/index.js';
import type { FormDocument } from '../../../domain/documents/layout.js';
import type { ProjectState } from '../../../domain/lifecycle/index.js';
import { maskPersonalDataInText } from '../../../domain/masking.js';
import type { Transactor } from '../../db/transactor.js';
import type { UnitRow } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { AccessGuard } from '../../http/access.js';
import type { RequestContext } from '../../http/context.js';
import { seesPersonalData } from '../../http/masking.js';
import type { AuditService } from '../audit/audit.service.js';
import { XLSX_MIME } from '../cases/case-export.js';
import { personalNamesOf } from '../cases/case.mapper.js';
import { parseProject, projectCode } from '../cases/case.repository.js';
import type { UnitDirectory } from '../org/unit-directory.js';
import { DOCUMENT_MIMES } from './document-forms.js';
import type { DocumentFile } from './documents.service.js';
import { renderPdf } from './render-pdf.js';
import { loadTownYear } from '../plans/town-year.repository.js';
import { listTownProjectsOfYear } from './town-documents.repository.js';
import { ledgerWorkbook, planWorkbook, townDocumentFilename, type TownDocument, type TownDocumentFormat } from './town-documents.js';

interface TownProject {
  readonly state: ProjectState;
  readonly code: string;
}

export class TownDocumentService {
  constructor(
    private readonly tx: Transactor,
    private readonly units: UnitDirectory,
    private readonly access: AccessGuard,
    private readonly audit: AuditService,
  ) {}

  /** R8.2 the town's plan of the year. */
  async annualPlan(ctx: RequestContext, townId: number, year: number, format: TownDocumentFormat): Promise<DocumentFile> {
    const town = await this.requireTown(ctx, townId);
    const [projects, allocation, plan] = await Promise.all([
      this.projects(ctx, townId, year),
      loadTownYear<Allocation>(this.tx.reader, 'allocation', townId, year),
      loadTownYear<AnnualPlan>(this.tx.reader, 'annual_plan', townId, year),
    ]);
    // R8.4 an adjustment of the library prints among the adjusting projects, whatever its collection.
    const adjustments = new Set((plan?.state.entries ?? []).filter((e) => e.kind === 'adjustment').map((e) => e.projectId));
    const rows = projects
      .map((p) => planRowOf(p.state))
      .filter((r): r is PlanProjectRow => r !== null)
      .map((r) => (adjustments.has(r.projectId) ? { ...r, collection: 'daily' as const } : r));
    const input = { townName: town.name, year, rows, allocationFen: allocation?.state.amountFen ?? null };
    const bytes =
      format === 'xlsx'
        ? await planWorkbook(input, new Map(projects.map((p) => [p.state.id, p.code])), ctx.now, plan?.state.submission ?? null)
        : await pdf(annualPlanDocument(input), ctx.now);
    return this.file(ctx, 'annualPlan', town, year, format, bytes, rows.length);
  }

  /** R9.1 the town's ledger of the year: approved and actual per project and source, and every disbursement. */
  async fundsLedger(ctx: RequestContext, townId: number, year: number, format: TownDocumentFormat): Promise<DocumentFile> {
    const town = await this.requireTown(ctx, townId);
    const r = this.tx.reader;
    const [projects, ledger, allocation, matching] = await Promise.all([
      this.projects(ctx, townId, year),
      loadTownYear<Ledger>(r, 'ledger', townId, year),
      loadTownYear<Allocation>(r, 'allocation', townId, year),
      loadTownYear<MatchingFund>(r, 'matching_fund', townId, year),
    ]);
    const rows = projects.map((p) => ledgerRowOf(p.state, p.code)).filter((row): row is LedgerProjectRow => row !== null);
    // The project names as this reader sees them (R0.8), by date then by the order recorded.
    const names = new Map(projects.map((p) => [p.state.id, p.state.registration?.basics.projectName ?? p.state.title]));
    const lines = [...(ledger?.state.lines ?? [])].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
    const disbursements: LedgerDisbursement[] = lines.map((l) => ({
      date: l.date,
      communityName: l.communityName,
      projectName: names.get(l.projectId) ?? l.projectName,
      amountFen: l.amountFen,
      source: l.source,
      voucherNo: l.voucherNo,
    }));
    const input = { townName: town.name, year, rows, disbursements };
    const balances =
      ledger === undefined && allocation === undefined && matching === undefined
        ? null
        : townBalances(ledger?.state ?? emptyLedger(townId, year), { allocationFen: allocation?.state.amountFen ?? 0, matchingFundFen: matching?.state.amountFen ?? 0 });
    const bytes = format === 'xlsx' ? await ledgerWorkbook(input, ctx.now, balances) : await pdf(fundsLedgerDocument(input), ctx.now);
    return this.file(ctx, 'fundsLedger', town, year, format, bytes, rows.length);
  }

  // ------------------------------------------------------------------------------------------------ internals

  /** The town, inside the reader's jurisdiction (R0.8): a missing unit, one that is no town, or one outside it, is 404. */
  private async requireTown(ctx: RequestContext, townId: number): Promise<UnitRow> {
    const town = await this.units.get(townId);
    if (town === undefined || town.kind !== 'town') throw new AppError('NOT_FOUND');
    try {
      await this.access.require(ctx, 'viewCase', { id: town.id, path: town.path });
    } catch (err) {
      if (err instanceof AppError && err.code === 'FORBIDDEN_SCOPE') throw new AppError('NOT_FOUND');
      throw err;
    }
    return town;
  }

  /** The town's projects of the year in the annual library, masked for a reader who sees personal data masked. */
  private async projects(ctx: RequestContext, townId: number, year: number): Promise<TownProject[]> {
    const rows = await listTownProjectsOfYear(this.tx.reader, townId, year, PLAN_STATUSES);
    const masked = ctx.user === null || !seesPersonalData(ctx.user.role);
    return rows.map((row) => {
      const { state } = parseProject(row);
      return { state: masked ? maskProjectTexts(state) : state, code: projectCode(state) };
    });
  }

  private async file(ctx: RequestContext, document: TownDocument, town: UnitRow, year: number, format: TownDocumentFormat, bytes: Buffer, rows: number): Promise<DocumentFile> {
    await this.audit.recordAlone(ctx, {
      action: 'exportDocument',
      target: { type: 'unit', id: town.id, unitId: town.id },
      details: { document, townId: town.id, year, format, rows, sha256: createHash('sha256').update(bytes).digest('hex') },
    });
    return { ...townDocumentFilename(document, town, year, format, ctx.now), mime: format === 'xlsx' ? XLSX_MIME : DOCUMENT_MIMES.pdf, bytes };
  }
}

function pdf(document: FormDocument, createdAt: Date): Promise<Buffer> {
  return renderPdf(document, { createdAt });
}

/**
 * R0.8 the texts the documents print from a project (name, content, implementer), masked as the case page masks
 * free text for the reader: phones, ID numbers and the case's personal names.
 */
export function maskProjectTexts(state: ProjectState): ProjectState {
  const registration = state.registration;
  if (registration === null) return state;
  const names = personalNamesOf(state);
  const mask = (text: string): string => maskPersonalDataInText(text, names);
  const result = (r: (typeof registration)['agreedResult']): (typeof registration)['agreedResult'] => ({ ...r, content: mask(r.content), implementer: mask(r.implementer) });
  return {
    ...state,
    implementer: state.implementer === null ? null : mask(state.implementer),
    agreement: state.agreement === null ? null : { ...state.agreement, result: result(state.agreement.result) },
    registration: {
      ...registration,
      basics: { ...registration.basics, projectName: mask(registration.basics.projectName), content: mask(registration.basics.content) },
      agreedResult: result(registration.agreedResult),
    },
  };
}
