/**
 * 结项表 (附件2, R6.1) without the screen: what the form takes from the project as read (the registered budget per
 * fund row, the category, the handling mode and the consultation's date, none of them editable), its starting
 * values, the request body built from what the clerk typed (万元 strings parsed exactly into 分), the domain's own
 * check of that body (validateClosureForm, so nothing it would refuse is sent), the checklist of 备注's attachments,
 * and where a server's field problem belongs on the form.
 */
import { toLocalDate } from '../../../../domain/calendar/index.js';
import { CLOSURE_FUND_ROWS, type Category, type ClosureFundRow, type HandlingMode } from '../../../../domain/categories.js';
import { closureBudgetFrom, validateClosureForm, type ClosureForm, type FundRows } from '../../../../domain/forms/closure-form.js';
import type { FieldError } from '../../../../domain/forms/field-errors.js';
import type { RegistrationPath } from '../../../../domain/forms/registration-form.js';
import type { SurveySummary } from '../../../../domain/forms/survey.js';
import type { AttachmentKind } from '../../../../domain/attachment-kinds.js';
import { parseWan, type Fen } from '../../../../domain/money.js';
import type { ProjectState, RequestOf } from '../../../api/models.js';

export type ClosureRequest = RequestOf<'submitClosure'>;
export type ClosureBodyForm = ClosureRequest['form'];

/** What 结项表 repeats from the registered project: read-only on the form, checked again by the server. */
export interface ClosureFacts {
  readonly category: Category;
  readonly handlingMode: HandlingMode;
  /** 协商情况: the day of the consultation (or assembly vote) that agreed the project, Dongguan time. */
  readonly consultationDate: string;
  /** 二、资金投入情况 预算投入, per row, from the agreed fund sources (R9.2). */
  readonly budget: FundRows;
  readonly path: RegistrationPath;
  /** 五、满意度测评情况: the community's completed survey on the small path (R6.2); none on the town path (R6.3). */
  readonly survey: SurveySummary | null;
}

export function closureFactsOf(state: ProjectState): ClosureFacts | null {
  const { registration, agreement, path } = state;
  if (registration === null || agreement === null || path === null) return null;
  return {
    category: registration.basics.category,
    handlingMode: agreement.result.handlingMode,
    consultationDate: toLocalDate(new Date(agreement.agreedAt)),
    budget: closureBudgetFrom(agreement.result.fundSources),
    path,
    survey: path === 'small' ? state.survey.summary : null,
  };
}

/** One attachment of 备注, as the checklist shows it. */
export interface ClosureAttachmentItem {
  readonly key: AttachmentListKey;
  readonly kind: AttachmentKind;
  /** The wording of 备注. */
  readonly label: string;
  /** Which of 备注's four points it belongs to. */
  readonly point: 1 | 2 | 3 | 4;
  /** What the domain says when a required file is missing (validateClosureForm's words). */
  readonly missing: string;
}

export type AttachmentListKey =
  | 'stampedRegistrationIds'
  | 'agreementIds'
  | 'invoiceIds'
  | 'procurementFilingIds'
  | 'tenderDocumentIds'
  | 'supplierQualificationIds'
  | 'taxRegistrationIds';

/** 备注: 1. 登记备案表（需加盖公章）；2. 工程合同（服务协议）或帮扶协议；3. 发票；4. 其他资料. */
export const CLOSURE_ATTACHMENT_ITEMS: readonly ClosureAttachmentItem[] = [
  {
    key: 'stampedRegistrationIds',
    kind: 'stampedRegistration',
    label: '东莞市“民生大莞家”服务项目“民生微实事”登记备案表（需加盖公章）',
    point: 1,
    missing: '请上传加盖公章的登记备案表',
  },
  { key: 'agreementIds', kind: 'agreement', label: '工程合同（服务协议）或帮扶协议', point: 2, missing: '请上传工程合同（服务协议）或帮扶协议' },
  { key: 'invoiceIds', kind: 'invoice', label: '发票', point: 3, missing: '请上传发票' },
  { key: 'procurementFilingIds', kind: 'procurementFiling', label: '采购备案表', point: 4, missing: '' },
  { key: 'tenderDocumentIds', kind: 'tenderDocument', label: '招投标文件', point: 4, missing: '项目已开展招投标，请上传招投标文件' },
  { key: 'supplierQualificationIds', kind: 'supplierQualification', label: '供应方资质证明', point: 4, missing: '' },
  { key: 'taxRegistrationIds', kind: 'taxRegistration', label: '税务登记证明', point: 4, missing: '' },
];

/** R6.1 the files 结项表 cannot go without: points 1–3 always, the tender documents where tendering applied. */
export function attachmentRequired(key: AttachmentListKey, tenderingApplied: boolean): boolean {
  if (key === 'tenderDocumentIds') return tenderingApplied;
  return key === 'stampedRegistrationIds' || key === 'agreementIds' || key === 'invoiceIds';
}

/** The checklist's items for this project: the tender documents only where tendering applied. */
export function attachmentItemsFor(tenderingApplied: boolean): readonly ClosureAttachmentItem[] {
  return CLOSURE_ATTACHMENT_ITEMS.filter((item) => item.key !== 'tenderDocumentIds' || tenderingApplied);
}

/** The photos 四、项目成效 cannot go without (validateClosureForm's words). */
export const PHOTOS_MISSING = '请上传工程建设前后对比照片或现场活动照片';

/** What the clerk typed, as plain values (dates as YYYY-MM-DD, money as the 万元 strings typed). */
export interface ClosureInput {
  readonly reportingUnit?: string;
  readonly projectName?: string;
  readonly implementer?: string;
  readonly periodStart?: string | null;
  readonly periodEnd?: string | null;
  readonly beneficiaries?: string;
  readonly beneficiaryCount?: number | null;
  readonly actual?: Partial<Record<ClosureFundRow, string>>;
  readonly implementation?: {
    readonly workContent?: string;
    readonly unit?: string;
    readonly plannedQuantity?: string;
    readonly actualQuantity?: string;
    readonly serviceTime?: string;
    readonly servicePlace?: string;
    readonly participantCount?: number | null;
  };
  readonly resultsText?: string;
  readonly photoAttachmentIds?: readonly number[];
  readonly attachments?: Partial<Record<AttachmentListKey, readonly number[]>> & { readonly tenderingApplied?: boolean };
}

const text = (value: string | undefined): string => (value ?? '').trim();
const count = (value: number | null | undefined): number => (typeof value === 'number' ? value : 0);
const ids = (value: readonly number[] | undefined): readonly number[] => value ?? [];

/** 实际投入 of one row: an empty box is 0 (the paper form's empty cell); anything else must be an exact 万元 figure. */
export function parseActual(value: string | undefined): { readonly fen: Fen } | { readonly error: string } {
  if (value === undefined || value.trim() === '') return { fen: 0 };
  const parsed = parseWan(value);
  return parsed.ok ? { fen: parsed.fen } : { error: parsed.error.message };
}

/** The sum of 实际投入 as typed so far, or null while a row does not parse. */
export function actualTotal(actual: ClosureInput['actual']): Fen | null {
  let total = 0;
  for (const row of CLOSURE_FUND_ROWS) {
    const parsed = parseActual(actual?.[row]);
    if ('error' in parsed) return null;
    total += parsed.fen;
  }
  return total;
}

export interface BuiltClosure {
  readonly form: ClosureBodyForm;
  /** Everything validateClosureForm (and the 万元 parsing) finds wrong; nothing is sent while there is any. */
  readonly errors: readonly FieldError[];
}

/** The body's `form` from what was typed, and the domain's verdict on it (with the project's survey as section 五). */
export function buildClosure(input: ClosureInput, facts: ClosureFacts): BuiltClosure {
  const moneyErrors: FieldError[] = [];
  const actual: Record<ClosureFundRow, Fen> = { special: 0, collective: 0, social: 0 };
  for (const row of CLOSURE_FUND_ROWS) {
    const parsed = parseActual(input.actual?.[row]);
    if ('error' in parsed) moneyErrors.push({ field: `actual.${row}`, code: 'INVALID', message: parsed.error });
    else actual[row] = parsed.fen;
  }
  const impl = input.implementation ?? {};
  const att = input.attachments ?? {};
  const tenderingApplied = att.tenderingApplied === true;
  const form: ClosureBodyForm = {
    reportingUnit: text(input.reportingUnit),
    projectName: text(input.projectName),
    category: facts.category,
    handlingMode: facts.handlingMode,
    consultationDate: facts.consultationDate,
    implementer: text(input.implementer),
    period: { start: input.periodStart ?? '', end: input.periodEnd ?? '' },
    beneficiaries: text(input.beneficiaries),
    beneficiaryCount: count(input.beneficiaryCount),
    budget: { ...facts.budget },
    actual,
    implementation:
      facts.category === 'engineering'
        ? {
            kind: 'engineering',
            workContent: text(impl.workContent),
            unit: text(impl.unit),
            plannedQuantity: text(impl.plannedQuantity),
            actualQuantity: text(impl.actualQuantity),
          }
        : { kind: 'service', serviceTime: text(impl.serviceTime), servicePlace: text(impl.servicePlace), participantCount: count(impl.participantCount) },
    resultsText: text(input.resultsText),
    photoAttachmentIds: ids(input.photoAttachmentIds),
    attachments: {
      stampedRegistrationIds: ids(att.stampedRegistrationIds),
      agreementIds: ids(att.agreementIds),
      invoiceIds: ids(att.invoiceIds),
      tenderingApplied,
      procurementFilingIds: ids(att.procurementFilingIds),
      // Without tendering there are no tender documents to file (R6.1): any picked before the answer changed are left out.
      tenderDocumentIds: tenderingApplied ? ids(att.tenderDocumentIds) : [],
      supplierQualificationIds: ids(att.supplierQualificationIds),
      taxRegistrationIds: ids(att.taxRegistrationIds),
    },
  };
  const domainForm: ClosureForm = { ...form, survey: facts.survey };
  const domainErrors = validateClosureForm(domainForm, { category: facts.category, path: facts.path, budget: facts.budget });
  // A row that did not parse is reported once, by the parser's words.
  const unparsed = new Set(moneyErrors.map((e) => e.field));
  const errors = [...moneyErrors, ...domainErrors.filter((e) => !unparsed.has(e.field) && !(unparsed.size > 0 && e.field === 'actual'))];
  return { form, errors };
}

export type FormPath = readonly (string | number)[];

/**
 * Where a problem the domain or the server names (`actual.special`, `form.attachments.invoiceIds`,
 * `body.form.period.end`) is shown on the form; null for what the form shows no field for (the read-only parts, the
 * survey), which go above the form.
 */
export function closureFieldPath(field: string): FormPath | null {
  const name = field.replace(/^body\./, '').replace(/^form\./, '');
  const parts = name.split('.');
  const [head, sub] = parts;
  switch (head) {
    case 'reportingUnit':
    case 'projectName':
    case 'implementer':
    case 'beneficiaries':
    case 'beneficiaryCount':
    case 'resultsText':
    case 'photoAttachmentIds':
      return [head];
    case 'period':
      return ['period'];
    case 'actual':
      return sub === 'special' || sub === 'collective' || sub === 'social' ? ['actual', sub] : ['actualTotal'];
    case 'implementation':
      return sub === undefined || sub === 'kind' ? null : ['implementation', sub];
    case 'attachments':
      return sub === undefined ? null : sub === 'tenderingApplied' ? ['attachments', 'tenderingApplied'] : ['attachments', sub];
    default:
      return null;
  }
}

export interface PlacedProblems {
  readonly onFields: readonly { readonly name: FormPath; readonly errors: readonly string[] }[];
  readonly rest: readonly { readonly field: string; readonly message: string }[];
}

/** Groups problems by the form field they belong on; the rest are shown above the form. */
export function placeProblems(problems: readonly { readonly field: string; readonly message: string }[]): PlacedProblems {
  const byPath = new Map<string, { name: FormPath; errors: string[] }>();
  const rest: { field: string; message: string }[] = [];
  for (const problem of problems) {
    const path = closureFieldPath(problem.field);
    if (path === null) {
      rest.push({ field: problem.field, message: problem.message });
      continue;
    }
    const key = path.join('.');
    const entry = byPath.get(key) ?? { name: path, errors: [] };
    if (!entry.errors.includes(problem.message)) entry.errors.push(problem.message);
    byPath.set(key, entry);
  }
  return { onFields: [...byPath.values()], rest };
}

/** 项目实施时间's default: the days the implementation started and finished, else the agreed period. */
export function implementationPeriodOf(state: ProjectState): { readonly start: string; readonly end: string } | null {
  const agreed = state.agreement?.result.implementationPeriod ?? null;
  const start = state.implementationStartedAt !== null ? toLocalDate(new Date(state.implementationStartedAt)) : (agreed?.start ?? null);
  const end = state.implementationCompletedAt !== null ? toLocalDate(new Date(state.implementationCompletedAt)) : (agreed?.end ?? null);
  return start !== null && end !== null ? { start, end } : null;
}
