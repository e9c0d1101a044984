/**
 * 登记备案表 (附件1) as data: section 一 (project basics), section 二 (the consultation, R3.1), section 三 (department
 * opinions and the town decision, R4.2–R4.4), with the field-level validation of each section, the R1.1 / R1.2 / R0.3
 * checks on the amount, and the composition of the town's opinion sentence from its structured decision (R4.4).
 */
import type { LocalDate } from '../calendar/index.js';
import {
  CATEGORIES,
  CONSULTATION_FORMS,
  FUND_SOURCES,
  FUND_SOURCE_LABELS,
  HANDLING_MODES,
  HANDLING_MODE_LABELS,
  PARTICIPANT_KINDS,
  isCategory,
  isSubcategoryCode,
  subcategoryBelongsTo,
  type Category,
  type ConsultationForm,
  type FundSource,
  type HandlingMode,
  type ParticipantKind,
  type SourceChannelOption,
  type SubcategoryCode,
} from '../categories.js';
import { MAX_MONEY_LABEL, formatWan, sumFen, sumWithinCeiling, type Fen } from '../money.js';
import type { RulesConfig } from '../rules-config.js';
import { FieldErrors, type FieldError } from './field-errors.js';

/** An instant as an ISO-8601 UTC string (`2026-10-09T02:00:00.000Z`): state is plain JSON. */
export type IsoInstant = string;
/** Id of a stored attachment (scan, photo, minutes). */
export type AttachmentId = number;

export interface FundLine {
  readonly source: FundSource;
  readonly amountFen: Fen;
}

export interface Period {
  readonly start: LocalDate;
  readonly end: LocalDate;
}

// ---------------------------------------------------------------------------------------------------------------
// Section 二: 项目协商情况 (R3.1)

/** 协商结果: what the consultation decided. */
export interface ConsultationResult {
  /** 1. 项目建设（服务）内容 */
  readonly content: string;
  /** 2. 项目惠及人群 */
  readonly beneficiaries: string;
  /** 3. 项目办理方式 */
  readonly handlingMode: HandlingMode;
  /** 4. 项目经费预算 */
  readonly budgetFen: Fen;
  /** 5. 项目经费来源, with amounts; they add up to the budget. */
  readonly fundSources: readonly FundLine[];
  /** 6. 实施主体（承接服务方） */
  readonly implementer: string;
  /** 实施时限 */
  readonly implementationPeriod: Period;
}

/** One 城乡社区协商会议 (`Consultation`), passed or not. */
export interface ConsultationRecord {
  /** 协商时间 */
  readonly heldAt: IsoInstant;
  /** 协商地点 */
  readonly place: string;
  /** 主持人 */
  readonly hostName: string;
  /** 记录人 */
  readonly recorderName: string;
  /** 协商形式 (the form's boxes; `other` needs `formOther`) */
  readonly forms: readonly ConsultationForm[];
  readonly formOther: string | null;
  /** 参与主体 (the form's boxes; `other` needs `participantOther`) and 合共 … 人 */
  readonly participants: readonly ParticipantKind[];
  readonly participantOther: string | null;
  readonly headCount: number;
  readonly passed: boolean;
  /** Required when passed; a failed consultation may record the plan it rejected. */
  readonly result: ConsultationResult | null;
  /** 协商记录 (minutes) and sign-in sheets (R3.1: uploaded). */
  readonly minutesAttachmentIds: readonly AttachmentId[];
  readonly signInAttachmentIds: readonly AttachmentId[];
}

/**
 * R3.3 a 村（居）民（代表）会议 vote (`AssemblyVote`) held after a failed consultation and its feasibility study.
 * `passed` is computed from the counts (RulesConfig.assemblyVotePassShare), never typed.
 */
export interface AssemblyVote {
  readonly heldAt: IsoInstant;
  /** 到会人数 */
  readonly present: number;
  readonly votesFor: number;
  readonly votesAgainst: number;
  readonly abstentions: number;
  readonly passed: boolean;
  readonly minutesAttachmentIds: readonly AttachmentId[];
  /** The plan put to the vote: required when it passed, it becomes the project's 协商结果. */
  readonly result: ConsultationResult | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Section 一: 项目基本信息

export interface RegistrationContact {
  /** 项目联系人 */
  readonly name: string;
  /** 职务 */
  readonly title: string;
  /** 联系电话 */
  readonly phone: string;
}

/** Section 一 as the community enters it; 来源渠道 is derived from the demands (R2.2), never typed. */
export interface RegistrationBasicsInput {
  readonly projectName: string;
  readonly category: Category;
  readonly subcategory: SubcategoryCode;
  /** 内容 (具体内容结合“民生微实事”服务内容填写) */
  readonly content: string;
  /** 实施地点 */
  readonly location: string;
  /** 项目预算, shown in 万元 */
  readonly budgetFen: Fen;
  readonly contact: RegistrationContact;
  /** R1.2: required when the budget is over the category's cap. */
  readonly overCapJustification: string | null;
}

export interface RegistrationBasics extends RegistrationBasicsInput {
  /** 来源渠道, derived from every demand of the project (R2.2, R2.6). */
  readonly sourceChannels: readonly SourceChannelOption[];
}

// ---------------------------------------------------------------------------------------------------------------
// Section 三: 镇（街道）审核意见 (R4.2–R4.4)

/** R4.2 the four points of the town's review. */
export const REVIEW_POINTS = ['consultationProper', 'budgetReasonable', 'modeFeasible', 'solvableOtherwise'] as const;
export type ReviewPoint = (typeof REVIEW_POINTS)[number];

export const REVIEW_POINT_LABELS: Readonly<Record<ReviewPoint, string>> = {
  consultationProper: '协商过程是否规范',
  budgetReasonable: '预算安排是否合理',
  modeFeasible: '办理方式是否可行',
  solvableOtherwise: '可否由现行政策解决或其他专项资金解决',
};

export type ReviewVerdict = 'yes' | 'no';

export interface ReviewPointAnswer {
  readonly verdict: ReviewVerdict;
  readonly comment: string;
}

export type ReviewPoints = Readonly<Record<ReviewPoint, ReviewPointAnswer>>;

/** 部门审核意见 of one co-reviewing department. */
export interface DepartmentOpinion {
  readonly departmentId: number;
  readonly departmentName: string;
  readonly reviewerUserId: number | null;
  readonly recordedAt: IsoInstant;
  readonly points: ReviewPoints;
  /** The department's overall opinion as written on the form. */
  readonly opinion: string;
}

/** R4.3 a department's stamp on the 登记备案表 (who, when, scanned copy). */
export interface Stamp {
  readonly departmentId: number;
  readonly departmentName: string;
  readonly stampedByName: string;
  readonly stampedOn: LocalDate;
  readonly scanAttachmentId: AttachmentId;
  readonly recordedAt: IsoInstant;
  readonly recordedByUserId: number | null;
}

interface TownDecisionCommon {
  /** The co-reviewing departments, named as in the sentence (财政, 住建 …). */
  readonly reviewingDepartmentNames: readonly string[];
  /** Signs section 三, e.g. 「东城街道公共服务办」. */
  readonly townOfficeName: string;
  /** R4.2 the town's own answer on each point. */
  readonly points: ReviewPoints;
}

/** R4.3 the project is solved by an existing policy and transferred to the department that owns it. */
export interface ExistingPolicyDecision extends TownDecisionCommon {
  readonly outcome: 'existingPolicy';
  readonly followUp: {
    readonly departmentId: number | null;
    readonly departmentName: string;
    readonly policyName: string;
    readonly contactName: string;
    readonly contactPhone: string;
  };
  /** 「所需经费从{fiscalBudgetHolder}财政预算中列支」, e.g. 东城街道. */
  readonly fiscalBudgetHolder: string;
}

/** R4.4 the project is funded through the 民生大莞家 mechanism. */
export interface SpecialFundDecision extends TownDecisionCommon {
  readonly outcome: 'specialFund';
  readonly handlingMode: HandlingMode;
  readonly communityName: string;
  /** Copied from the consultation result, so the sentence states exactly the registered money. */
  readonly fundSources: readonly FundLine[];
}

/** 镇（街道）审核意见 (`TownDecision`). */
export type TownDecision = ExistingPolicyDecision | SpecialFundDecision;

/** The whole 登记备案表. */
export interface RegistrationForm {
  /** 申报村（社区） */
  readonly communityName: string;
  /** 一、项目基本信息 */
  readonly basics: RegistrationBasics;
  /** 二、项目协商情况: the last consultation held (the one that passed, or the failed one a vote overrode). */
  readonly consultation: ConsultationRecord;
  /** R3.3 the vote that adopted the project after a failed consultation, if any. */
  readonly assemblyVote: AssemblyVote | null;
  /** 二、协商结果 as agreed: the passed consultation's result or the plan the vote adopted. */
  readonly agreedResult: ConsultationResult;
  /** 三、部门审核意见 */
  readonly departmentOpinions: readonly DepartmentOpinion[];
  /** 三、镇（街道）审核意见: the structured decision and the sentence composed from it. */
  readonly townDecision: TownDecision | null;
  readonly townOpinionText: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// R0.3, R1.2 amount checks

export interface CapCheck {
  readonly capFen: Fen;
  readonly overCap: boolean;
}

/** R1.2 the category's cap (inclusive, R0.3): over it is 超限, accepted only with a justification. */
export function checkCap(category: Category, budgetFen: Fen, config: RulesConfig): CapCheck {
  const capFen = config.capFen[category];
  return { capFen, overCap: budgetFen > capFen };
}

export type RegistrationPath = 'small' | 'town';

/**
 * R0.3 ≤ 5万 (inclusive) is the small path (R3.4) unless over cap; above it, or over cap, the town path (R3.5).
 */
export function registrationPath(budgetFen: Fen, overCap: boolean, config: RulesConfig): RegistrationPath {
  return budgetFen <= config.smallPathMaxFen && !overCap ? 'small' : 'town';
}

// ---------------------------------------------------------------------------------------------------------------
// Validation

/** R3.1 / R0.1: the consultation's result, with fund sources adding up to the budget. */
export function validateConsultationResult(result: ConsultationResult, prefix: string, errors: FieldErrors): void {
  errors.text(`${prefix}.content`, result.content, '项目建设（服务）内容');
  errors.text(`${prefix}.beneficiaries`, result.beneficiaries, '项目惠及人群', 500);
  if (!HANDLING_MODES.includes(result.handlingMode)) {
    errors.add(`${prefix}.handlingMode`, 'REQUIRED', '请选择项目办理方式');
  }
  const budgetOk = errors.fen(`${prefix}.budgetFen`, result.budgetFen, '项目经费预算');
  if (result.fundSources.length === 0) {
    errors.add(`${prefix}.fundSources`, 'REQUIRED', '请填写项目经费来源');
  } else {
    let linesOk = true;
    const seen = new Set<FundSource>();
    result.fundSources.forEach((line, index) => {
      const field = `${prefix}.fundSources.${index}`;
      if (!FUND_SOURCES.includes(line.source)) {
        errors.add(`${field}.source`, 'INVALID', '经费来源无效');
        linesOk = false;
      } else if (seen.has(line.source)) {
        errors.add(`${field}.source`, 'DUPLICATE', `经费来源「${FUND_SOURCE_LABELS[line.source]}」重复填写`);
        linesOk = false;
      } else {
        seen.add(line.source);
      }
      if (!errors.fen(`${field}.amountFen`, line.amountFen, '经费来源')) linesOk = false;
    });
    // R0.1: compare exact 分, never rounded 万元; a total past the ceiling is refused, never summed past it.
    if (budgetOk && linesOk) {
      const total = sumWithinCeiling(result.fundSources.map((line) => line.amountFen));
      if (total === null) {
        errors.add(`${prefix}.fundSources`, 'OUT_OF_RANGE', `各经费来源合计不能超过${MAX_MONEY_LABEL}`);
      } else if (total !== result.budgetFen) {
        errors.add(
          `${prefix}.fundSources`,
          'SUM_MISMATCH',
          `各经费来源合计${formatWan(total)}万元，与项目经费预算${formatWan(result.budgetFen)}万元不一致`,
        );
      }
    }
  }
  errors.text(`${prefix}.implementer`, result.implementer, '实施主体（承接服务方）', 200);
  errors.period(`${prefix}.implementationPeriod`, result.implementationPeriod, '实施时限');
}

/** R3.1 every field of 登记备案表 section 二; the result only when the consultation passed. */
export function validateConsultationRecord(record: ConsultationRecord, prefix = 'consultation'): FieldError[] {
  const errors = new FieldErrors();
  errors.instant(`${prefix}.heldAt`, record.heldAt, '协商时间');
  errors.text(`${prefix}.place`, record.place, '协商地点', 200);
  errors.text(`${prefix}.hostName`, record.hostName, '主持人', 50);
  errors.text(`${prefix}.recorderName`, record.recorderName, '记录人', 50);
  if (errors.options(`${prefix}.forms`, record.forms, CONSULTATION_FORMS, '协商形式') && record.forms.includes('other')) {
    errors.text(`${prefix}.formOther`, record.formOther, '其他协商形式', 100);
  }
  if (
    errors.options(`${prefix}.participants`, record.participants, PARTICIPANT_KINDS, '参与主体') &&
    record.participants.includes('other')
  ) {
    errors.text(`${prefix}.participantOther`, record.participantOther, '其他参与主体', 100);
  }
  errors.count(`${prefix}.headCount`, record.headCount, '参与人数');
  if (record.minutesAttachmentIds.length === 0) {
    errors.add(`${prefix}.minutesAttachmentIds`, 'REQUIRED', '请上传协商会议记录');
  }
  if (record.signInAttachmentIds.length === 0) {
    errors.add(`${prefix}.signInAttachmentIds`, 'REQUIRED', '请上传协商会议签到表');
  }
  if (record.passed) {
    if (record.result === null) errors.add(`${prefix}.result`, 'REQUIRED', '请填写协商结果');
    else validateConsultationResult(record.result, `${prefix}.result`, errors);
  }
  return errors.errors;
}

/** R3.3 [reading] more than the configured share of those present voted for it (strictly). */
export function assemblyVotePasses(votesFor: number, present: number, config: RulesConfig): boolean {
  const { numerator, denominator } = config.assemblyVotePassShare;
  return votesFor * denominator > present * numerator;
}

/** R3.3 the vote's counts, minutes and, when it passed, the plan it adopted. */
export function validateAssemblyVote(vote: AssemblyVote, prefix = 'vote'): FieldError[] {
  const errors = new FieldErrors();
  errors.instant(`${prefix}.heldAt`, vote.heldAt, '表决时间');
  const countsOk =
    errors.count(`${prefix}.present`, vote.present, '到会人数') &&
    errors.count(`${prefix}.votesFor`, vote.votesFor, '赞成票数', 0) &&
    errors.count(`${prefix}.votesAgainst`, vote.votesAgainst, '反对票数', 0) &&
    errors.count(`${prefix}.abstentions`, vote.abstentions, '弃权票数', 0);
  if (countsOk && vote.votesFor + vote.votesAgainst + vote.abstentions > vote.present) {
    errors.add(`${prefix}.present`, 'OUT_OF_RANGE', '赞成、反对、弃权票数合计不能超过到会人数');
  }
  if (vote.minutesAttachmentIds.length === 0) {
    errors.add(`${prefix}.minutesAttachmentIds`, 'REQUIRED', '请上传表决会议记录');
  }
  if (vote.passed) {
    if (vote.result === null) errors.add(`${prefix}.result`, 'REQUIRED', '请填写表决通过的项目实施方案');
    else validateConsultationResult(vote.result, `${prefix}.result`, errors);
  }
  return errors.errors;
}

/**
 * Section 一: R1.1 category and subcategory agree; R0.1 the budget is exact 分; R1.2 an over-cap budget carries a
 * written justification.
 */
export function validateRegistrationBasics(
  basics: RegistrationBasicsInput,
  config: RulesConfig,
  prefix = 'basics',
): FieldError[] {
  const errors = new FieldErrors();
  errors.text(`${prefix}.projectName`, basics.projectName, '项目名称', 100);
  const categoryOk = isCategory(basics.category);
  if (!categoryOk) errors.add(`${prefix}.category`, 'REQUIRED', `请选择项目类别（${CATEGORIES.length}类之一）`);
  if (!isSubcategoryCode(basics.subcategory)) {
    errors.add(`${prefix}.subcategory`, 'REQUIRED', '请选择项目细类');
  } else if (categoryOk && !subcategoryBelongsTo(basics.subcategory, basics.category)) {
    // R1.1: E1–E3 are engineering, S1–S8 service.
    errors.add(`${prefix}.subcategory`, 'MISMATCH', '项目细类与项目类别不符');
  }
  errors.text(`${prefix}.content`, basics.content, '项目内容');
  errors.text(`${prefix}.location`, basics.location, '实施地点', 200);
  const budgetOk = errors.fen(`${prefix}.budgetFen`, basics.budgetFen, '项目预算');
  errors.text(`${prefix}.contact.name`, basics.contact.name, '项目联系人', 50);
  errors.text(`${prefix}.contact.title`, basics.contact.title, '联系人职务', 50);
  errors.phone(`${prefix}.contact.phone`, basics.contact.phone, '联系电话');
  if (budgetOk && categoryOk) {
    const cap = checkCap(basics.category, basics.budgetFen, config);
    const justification = basics.overCapJustification?.trim() ?? '';
    // R1.2: 原则上 — over the cap needs a written reason; it is not refused outright.
    if (cap.overCap && [...justification].length < config.overCapJustificationMinLength) {
      errors.add(
        `${prefix}.overCapJustification`,
        justification === '' ? 'REQUIRED' : 'TOO_FEW',
        `项目预算${formatWan(basics.budgetFen)}万元超过${basics.category === 'engineering' ? '便民工程项目' : '公益服务项目'}` +
          `${formatWan(cap.capFen)}万元的原则上限，请填写不少于${config.overCapJustificationMinLength}字的超限说明`,
      );
    }
  }
  return errors.errors;
}

/** The whole form before town review: sections 一 and 二 and their agreement. */
export function validateRegistrationForm(form: RegistrationForm, config: RulesConfig): FieldError[] {
  const errors = new FieldErrors();
  errors.text('communityName', form.communityName, '申报村（社区）', 100);
  errors.errors.push(...validateRegistrationBasics(form.basics, config));
  errors.errors.push(...validateConsultationRecord(form.consultation));
  if (!form.consultation.passed && form.assemblyVote?.passed !== true) {
    errors.add('consultation.passed', 'INVALID', '协商未通过且未经村（居）民（代表）会议表决通过的项目不能提交登记备案表');
  }
  validateConsultationResult(form.agreedResult, 'agreedResult', errors);
  if (form.agreedResult.budgetFen !== form.basics.budgetFen) {
    errors.add(
      'basics.budgetFen',
      'MISMATCH',
      `项目预算${formatWan(form.basics.budgetFen)}万元与协商确定的经费预算${formatWan(form.agreedResult.budgetFen)}万元不一致`,
    );
  }
  if (form.basics.sourceChannels.length === 0) errors.add('basics.sourceChannels', 'REQUIRED', '来源渠道缺失');
  return errors.errors;
}

/** R4.2 each of the four points answered with a verdict and a comment. */
export function validateReviewPoints(points: ReviewPoints, prefix: string): FieldError[] {
  const errors = new FieldErrors();
  for (const point of REVIEW_POINTS) {
    const answer = points[point] as ReviewPointAnswer | undefined;
    if (answer === undefined || (answer.verdict !== 'yes' && answer.verdict !== 'no')) {
      errors.add(`${prefix}.${point}.verdict`, 'REQUIRED', `请选择「${REVIEW_POINT_LABELS[point]}」的审核结论`);
      continue;
    }
    errors.text(`${prefix}.${point}.comment`, answer.comment, `「${REVIEW_POINT_LABELS[point]}」的审核意见`, 500);
  }
  return errors.errors;
}

/**
 * R4.2 / R4.4 the town decision agrees with its own four points: a special-fund decision needs points 1–3 answered
 * yes and point 4 (solvable otherwise) no; an existing-policy decision needs point 4 yes.
 */
export function validateTownDecision(decision: TownDecision, prefix = 'townDecision'): FieldError[] {
  const errors = new FieldErrors();
  errors.errors.push(...validateReviewPoints(decision.points, `${prefix}.points`));
  errors.text(`${prefix}.townOfficeName`, decision.townOfficeName, '审核单位名称', 100);
  decision.reviewingDepartmentNames.forEach((name, index) => {
    errors.text(`${prefix}.reviewingDepartmentNames.${index}`, name, '审核部门名称', 50);
  });
  if (!errors.empty) return errors.errors;
  if (decision.outcome === 'existingPolicy') {
    if (decision.points.solvableOtherwise.verdict !== 'yes') {
      errors.add(`${prefix}.points.solvableOtherwise.verdict`, 'MISMATCH', '认定由现行政策解决时，第4项审核结论应为“可以”');
    }
    errors.text(`${prefix}.followUp.departmentName`, decision.followUp.departmentName, '跟办部门', 100);
    errors.text(`${prefix}.followUp.policyName`, decision.followUp.policyName, '适用政策', 200);
    errors.text(`${prefix}.followUp.contactName`, decision.followUp.contactName, '跟办部门联系人', 50);
    errors.phone(`${prefix}.followUp.contactPhone`, decision.followUp.contactPhone, '跟办部门联系电话');
    errors.text(`${prefix}.fiscalBudgetHolder`, decision.fiscalBudgetHolder, '经费列支的财政预算单位', 100);
  } else {
    for (const point of ['consultationProper', 'budgetReasonable', 'modeFeasible'] as const) {
      if (decision.points[point].verdict !== 'yes') {
        errors.add(
          `${prefix}.points.${point}.verdict`,
          'MISMATCH',
          `「${REVIEW_POINT_LABELS[point]}」结论为否时不能确认由专项资金资助，请退回修改或认定由现行政策解决`,
        );
      }
    }
    if (decision.points.solvableOtherwise.verdict !== 'no') {
      errors.add(
        `${prefix}.points.solvableOtherwise.verdict`,
        'MISMATCH',
        '可由现行政策或其他专项资金解决的项目不能确认由“民生大莞家”专项资金资助',
      );
    }
    errors.text(`${prefix}.communityName`, decision.communityName, '村（社区）名称', 100);
    if (decision.fundSources.length === 0) errors.add(`${prefix}.fundSources`, 'REQUIRED', '经费来源缺失');
  }
  return errors.errors;
}

// ---------------------------------------------------------------------------------------------------------------
// R4.4 the composed sentence of section 三

function reviewersPhrase(decision: TownDecision): string {
  const names = decision.reviewingDepartmentNames.map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) return `经${decision.townOfficeName}审核`;
  if (names.length === 1) return `经${names[0] ?? ''}部门审核`;
  return `经${names.join('/')}等部门审核`;
}

function fundingClause(source: FundSource, communityName: string): string {
  switch (source) {
    case 'special':
      return `从${communityName}“民生大莞家”专项资金中列支`;
    case 'social':
      return '由社会捐赠解决';
    case 'collective':
      return `从${communityName}集体经济中列支`;
    case 'selfRaised':
      return `由${communityName}自筹解决`;
  }
}

function fundingPhrase(decision: SpecialFundDecision): string {
  const lines = decision.fundSources.filter((line) => line.amountFen > 0);
  const [only] = lines;
  if (lines.length === 1 && only !== undefined) return `所需经费${fundingClause(only.source, decision.communityName)}`;
  const total = sumFen(lines.map((line) => line.amountFen));
  const parts = lines.map((line) => `${formatWan(line.amountFen)}万元${fundingClause(line.source, decision.communityName)}`);
  return `所需经费${formatWan(total)}万元，其中${parts.join('，')}`;
}

/**
 * R4.4 「经XX/XX等部门审核，该项目属于/不属于“民生大莞家”服务范围，由现行政策/“民生大莞家”服务机制解决，
 * 通过……途径办理，所需经费从……列支/由社会捐赠解决。」 composed from the structured decision only, so the sentence
 * can never say something the data does not.
 */
export function composeTownOpinion(decision: TownDecision): string {
  const reviewers = reviewersPhrase(decision);
  if (decision.outcome === 'existingPolicy') {
    const { departmentName, policyName } = decision.followUp;
    return (
      `${reviewers}，该项目不属于“民生大莞家”服务范围，由现行政策解决，` +
      `通过${departmentName}${policyName}途径办理，所需经费从${decision.fiscalBudgetHolder}财政预算中列支。`
    );
  }
  return (
    `${reviewers}，该项目属于“民生大莞家”服务范围，由“民生大莞家”服务机制解决，` +
    `通过${HANDLING_MODE_LABELS[decision.handlingMode]}途径办理，${fundingPhrase(decision)}。`
  );
}
