/**
 * 结项表 (附件2, R6.1–R6.3) as data: project basics, budget against actual per fund source (R9.2), engineering
 * quantities or service data, results with photos, the required attachments, and section 五 (the survey summary).
 * Owns its field-level validation, including which path files section 五 (R6.2 small path) and which must not (R6.3).
 */
import type { LocalDate } from '../calendar/index.js';
import {
  CLOSURE_FUND_ROWS,
  CLOSURE_FUND_ROW_LABELS,
  CLOSURE_ROW_OF_SOURCE,
  HANDLING_MODES,
  isCategory,
  type Category,
  type ClosureFundRow,
  type HandlingMode,
} from '../categories.js';
import { MAX_MONEY_LABEL, formatWan, sumFen, sumWithinCeiling, type Fen } from '../money.js';
import { FieldErrors, type FieldError } from './field-errors.js';
import type { AttachmentId, FundLine, Period, RegistrationPath } from './registration-form.js';
import type { SurveySummary } from './survey.js';

export type FundRows = Readonly<Record<ClosureFundRow, Fen>>;

/** 三、项目实施情况（一）便民工程项目 */
export interface EngineeringQuantities {
  readonly kind: 'engineering';
  /** 施工内容 */
  readonly workContent: string;
  /** 计量单位, e.g. 平方米 */
  readonly unit: string;
  /** 计划工程量 / 实际工程量 as decimal strings ("120.5"): quantities are exact figures, not floats. */
  readonly plannedQuantity: string;
  readonly actualQuantity: string;
}

/** 三、项目实施情况（二）公益服务项目 */
export interface ServiceData {
  readonly kind: 'service';
  /** 服务时间, as written (e.g. 「2026年11月每周六上午」) */
  readonly serviceTime: string;
  /** 服务地点 */
  readonly servicePlace: string;
  /** 参与人数 */
  readonly participantCount: number;
}

/** R6.1 the attachments filed with the 结项表 (备注 1–4). */
export interface ClosureAttachments {
  /** 1. 登记备案表（需加盖公章） */
  readonly stampedRegistrationIds: readonly AttachmentId[];
  /** 2. 工程合同（服务协议）或帮扶协议 */
  readonly agreementIds: readonly AttachmentId[];
  /** 3. 发票 */
  readonly invoiceIds: readonly AttachmentId[];
  /** 4. 其他资料: tender documents are required only where tendering applied. */
  readonly tenderingApplied: boolean;
  readonly procurementFilingIds: readonly AttachmentId[];
  readonly tenderDocumentIds: readonly AttachmentId[];
  readonly supplierQualificationIds: readonly AttachmentId[];
  readonly taxRegistrationIds: readonly AttachmentId[];
}

/** The whole 结项表 (`ClosureForm`). */
export interface ClosureForm {
  /** 填报单位 */
  readonly reportingUnit: string;
  readonly projectName: string;
  /** 项目类型 */
  readonly category: Category;
  /** 办理方式 */
  readonly handlingMode: HandlingMode;
  /** 协商情况: 于 … 经城乡社区协商会议研究讨论决定 */
  readonly consultationDate: LocalDate;
  /** 实施主体 */
  readonly implementer: string;
  /** 项目实施时间 */
  readonly period: Period;
  /** 受益对象 / 受益人数 */
  readonly beneficiaries: string;
  readonly beneficiaryCount: number;
  /** 二、资金投入情况: 预算投入 and 实际投入, per row (R9.2). */
  readonly budget: FundRows;
  readonly actual: FundRows;
  /** 三、项目实施情况 */
  readonly implementation: EngineeringQuantities | ServiceData;
  /** 四、项目成效: text and photos (工程建设前后对比照片或现场活动照片、受助方感谢信息等). */
  readonly resultsText: string;
  readonly photoAttachmentIds: readonly AttachmentId[];
  readonly attachments: ClosureAttachments;
  /** 五、满意度测评情况: filed by the community on the small path (R6.2), by the town after its survey (R6.3). */
  readonly survey: SurveySummary | null;
}

/** R9.2 the registered fund sources on 结项表's three rows (自筹 is reported as 集体经济投入). */
export function closureBudgetFrom(fundSources: readonly FundLine[]): FundRows {
  const rows: Record<ClosureFundRow, Fen> = { special: 0, collective: 0, social: 0 };
  for (const line of fundSources) rows[CLOSURE_ROW_OF_SOURCE[line.source]] += line.amountFen;
  return rows;
}

export function fundRowsTotal(rows: FundRows): Fen {
  return sumFen(CLOSURE_FUND_ROWS.map((row) => rows[row]));
}

const QUANTITY_PATTERN = /^\d+(\.\d{1,4})?$/;

export interface ClosureExpectations {
  readonly category: Category;
  readonly path: RegistrationPath;
  /** The registered budget per row (from the consultation's fund sources): 预算投入 must repeat it. */
  readonly budget: FundRows;
}

/**
 * R6.1 every field of 结项表 and its attachments; R6.2 a small-path form carries a complete survey; R6.3 a town-path
 * form is filed without one (the town adds it after its own survey).
 */
export function validateClosureForm(form: ClosureForm, expected: ClosureExpectations): FieldError[] {
  const errors = new FieldErrors();
  errors.text('reportingUnit', form.reportingUnit, '填报单位', 100);
  errors.text('projectName', form.projectName, '项目名称', 100);
  if (!isCategory(form.category)) errors.add('category', 'REQUIRED', '请选择项目类型');
  else if (form.category !== expected.category) errors.add('category', 'MISMATCH', '项目类型与登记备案表不一致');
  if (!HANDLING_MODES.includes(form.handlingMode)) errors.add('handlingMode', 'REQUIRED', '请选择办理方式');
  errors.localDate('consultationDate', form.consultationDate, '协商日期');
  errors.text('implementer', form.implementer, '实施主体', 200);
  errors.period('period', form.period, '项目实施时间');
  errors.text('beneficiaries', form.beneficiaries, '受益对象', 500);
  errors.count('beneficiaryCount', form.beneficiaryCount, '受益人数');

  let rowsOk = true;
  for (const row of CLOSURE_FUND_ROWS) {
    if (!errors.fen(`budget.${row}`, form.budget[row], CLOSURE_FUND_ROW_LABELS[row], true)) rowsOk = false;
    if (!errors.fen(`actual.${row}`, form.actual[row], CLOSURE_FUND_ROW_LABELS[row], true)) rowsOk = false;
  }
  if (rowsOk) {
    for (const row of CLOSURE_FUND_ROWS) {
      if (form.budget[row] !== expected.budget[row]) {
        errors.add(
          `budget.${row}`,
          'MISMATCH',
          `预算投入${formatWan(form.budget[row])}万元与登记备案表的${formatWan(expected.budget[row])}万元不一致`,
        );
      }
    }
    // R0.1 the total is checked against the ceiling before it is summed.
    const actualTotal = sumWithinCeiling(CLOSURE_FUND_ROWS.map((row) => form.actual[row]));
    if (actualTotal === null) errors.add('actual', 'OUT_OF_RANGE', `实际投入合计不能超过${MAX_MONEY_LABEL}`);
    else if (actualTotal === 0) errors.add('actual', 'REQUIRED', '请填写实际投入');
  }

  const impl = form.implementation;
  if (impl.kind !== expected.category) {
    errors.add('implementation.kind', 'MISMATCH', expected.category === 'engineering' ? '请填写便民工程项目实施情况' : '请填写公益服务项目实施情况');
  } else if (impl.kind === 'engineering') {
    errors.text('implementation.workContent', impl.workContent, '施工内容');
    errors.text('implementation.unit', impl.unit, '计量单位', 20);
    for (const key of ['plannedQuantity', 'actualQuantity'] as const) {
      const label = key === 'plannedQuantity' ? '计划工程量' : '实际工程量';
      if (errors.text(`implementation.${key}`, impl[key], label, 20) && !QUANTITY_PATTERN.test(impl[key].trim())) {
        errors.add(`implementation.${key}`, 'INVALID', `${label}须为数字，最多4位小数`);
      }
    }
  } else {
    errors.text('implementation.serviceTime', impl.serviceTime, '服务时间', 200);
    errors.text('implementation.servicePlace', impl.servicePlace, '服务地点', 200);
    errors.count('implementation.participantCount', impl.participantCount, '参与人数');
  }

  errors.text('resultsText', form.resultsText, '项目成效');
  if (form.photoAttachmentIds.length === 0) {
    errors.add('photoAttachmentIds', 'REQUIRED', '请上传工程建设前后对比照片或现场活动照片');
  }

  const att = form.attachments;
  if (att.stampedRegistrationIds.length === 0) {
    errors.add('attachments.stampedRegistrationIds', 'REQUIRED', '请上传加盖公章的登记备案表');
  }
  if (att.agreementIds.length === 0) {
    errors.add('attachments.agreementIds', 'REQUIRED', '请上传工程合同（服务协议）或帮扶协议');
  }
  if (att.invoiceIds.length === 0) errors.add('attachments.invoiceIds', 'REQUIRED', '请上传发票');
  if (att.tenderingApplied && att.tenderDocumentIds.length === 0) {
    errors.add('attachments.tenderDocumentIds', 'REQUIRED', '项目已开展招投标，请上传招投标文件');
  }

  if (expected.path === 'small') {
    // R6.2: the community surveys first and files section 五 with the form.
    if (form.survey === null) errors.add('survey', 'REQUIRED', '5万元以下的项目须先开展满意度测评，再填报结项表');
    else if (!form.survey.complete) {
      errors.add('survey', 'TOO_FEW', `参与测评人数不得少于${form.survey.minRespondents}人`);
    }
  } else if (form.survey !== null) {
    // R6.3: the town runs the survey after receiving the form.
    errors.add('survey', 'NOT_ALLOWED', '5万元以上的项目无须填报满意度测评情况，由镇（街道）开展测评后录入');
  }
  return errors.errors;
}
