/**
 * The demo's forms, filled the way a clerk fills them: 登记备案表 section 二 (consultation records, R3.1) and section
 * 一, the four review points (R4.2), the 结项表 (R6.1) built from the project's own registered data, and
 * 满意度测评表 answer sheets (R6.5) drawn from a seeded generator so every run gives the same answers.
 */
import { createHash } from 'node:crypto';
import { addLocalDays, toLocalDate, type LocalDate } from '../../../domain/calendar/index.js';
import type { ConsultationForm, HandlingMode, ParticipantKind } from '../../../domain/categories.js';
import { closureBudgetFrom, type ClosureForm, type EngineeringQuantities, type FundRows, type ServiceData } from '../../../domain/forms/closure-form.js';
import type { ConsultationRecord, ConsultationResult, FundLine, ReviewPoints } from '../../../domain/forms/registration-form.js';
import { CLOSURE_SURVEY_ROWS, type SatisfactionLevel, type SurveyQuestion } from '../../../domain/forms/survey.js';
import type { ProjectState, SurveyResponseInput } from '../../../domain/lifecycle/index.js';
import { sumFen } from '../../../domain/money.js';
import * as sample from '../../../domain/samples/forms.js';
import { sha256Hex, tokenRespondentKey } from '../../features/public/respondent-key.js';
import type { DemoCommunity } from './actors.js';

/** 协商结果 as the community drafts it, before dates are known. */
export interface PlanSpec {
  /** 项目建设（服务）内容 */
  readonly content: string;
  /** 项目惠及人群 */
  readonly beneficiaries: string;
  readonly handlingMode: HandlingMode;
  readonly fundSources: readonly FundLine[];
  /** 实施主体（承接服务方） */
  readonly implementer: string;
  /** 实施时限: from 10 days after the consultation, this many days long. */
  readonly periodDays: number;
}

export interface MeetingSpec {
  readonly forms: readonly ConsultationForm[];
  readonly participants: readonly ParticipantKind[];
  readonly headCount: number;
}

export const DEFAULT_MEETING: MeetingSpec = {
  forms: ['villagersMeeting'],
  participants: ['partyWorkCommittee', 'residentsCommittee', 'residentRepresentatives', 'beneficiaryGroup'],
  headCount: 32,
};

export function budgetOf(plan: PlanSpec): number {
  return sumFen(plan.fundSources.map((l) => l.amountFen));
}

export function consultationResult(plan: PlanSpec, heldAt: Date): ConsultationResult {
  const start = addLocalDays(toLocalDate(heldAt), 10);
  return sample.consultationResult({
    content: plan.content,
    beneficiaries: plan.beneficiaries,
    handlingMode: plan.handlingMode,
    budgetFen: budgetOf(plan),
    fundSources: plan.fundSources,
    implementer: plan.implementer,
    implementationPeriod: { start, end: addLocalDays(start, plan.periodDays) },
  });
}

/** R3.1 one 城乡社区协商会议 as on 登记备案表 section 二; a failed one keeps the plan it rejected. */
export function consultationRecord(
  community: DemoCommunity,
  meeting: MeetingSpec,
  plan: PlanSpec,
  heldAt: Date,
  passed: boolean,
  minutes: number,
  signIn: number,
): ConsultationRecord {
  return sample.consultationRecord({
    heldAt: heldAt.toISOString(),
    place: community.meetingPlace,
    hostName: community.hostName,
    recorderName: community.recorderName,
    forms: meeting.forms,
    participants: meeting.participants,
    headCount: meeting.headCount,
    passed,
    result: consultationResult(plan, heldAt),
    minutesAttachmentIds: [minutes],
    signInAttachmentIds: [signIn],
  });
}

// ---------------------------------------------------------------------------------------------------------------
// R4.2 the four review points

export function specialFundPoints(modeLabel: string): ReviewPoints {
  return sample.reviewPoints({
    consultationProper: { comment: '协商会议程序规范，参与主体广泛，会议记录及签到表齐全' },
    budgetReasonable: { comment: '预算按市场询价编制，经费来源清晰，金额合计一致' },
    modeFeasible: { comment: `采用${modeLabel}方式办理可行，实施主体具备相应能力` },
    solvableOtherwise: { comment: '经核查，暂无现行政策或其他专项资金可以解决' },
  });
}

export function existingPolicyPoints(policy: string): ReviewPoints {
  return sample.reviewPoints({
    consultationProper: { comment: '协商会议程序规范，记录齐全' },
    budgetReasonable: { comment: '预算测算基本合理' },
    modeFeasible: { comment: '按现行政策渠道办理更为可行' },
    solvableOtherwise: { verdict: 'yes', comment: `属${policy}支持范围，可由现行政策解决` },
  });
}

export function budgetQueriedPoints(): ReviewPoints {
  return sample.reviewPoints({
    consultationProper: { comment: '协商会议程序规范' },
    budgetReasonable: { verdict: 'no', comment: '部分材料单价明显高于市场价，缺少三家以上比价材料，请补充后重新测算' },
    solvableOtherwise: { comment: '暂无现行政策或其他专项资金可以解决' },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// R6.1 结项表

export interface ClosureSpec {
  readonly beneficiaryCount: number;
  readonly implementation: EngineeringQuantities | ServiceData;
  readonly resultsText: string;
  /** 结余: spent this much less than the special-fund budget. */
  readonly savingsFen?: number;
}

export interface ClosureFiles {
  readonly photos: readonly number[];
  readonly stampedRegistration: number;
  readonly agreement: number;
  readonly invoice: number;
  readonly supplierQualification: number;
}

/** The 结项表 of a completed project, repeating what it registered (R6.1 consistency) and what it actually spent (R9.2). */
export function closureForm(state: ProjectState, community: DemoCommunity, spec: ClosureSpec, files: ClosureFiles): Omit<ClosureForm, 'survey'> {
  const registration = state.registration;
  const agreement = state.agreement;
  if (registration === null || agreement === null || state.implementationStartedAt === null || state.implementationCompletedAt === null) {
    throw new Error(`project ${state.id} is not ready for its 结项表`);
  }
  const budget = closureBudgetFrom(agreement.result.fundSources);
  const savings = Math.min(spec.savingsFen ?? 0, budget.special);
  const actual: FundRows = { ...budget, special: budget.special - savings };
  return sample.closureForm({
    reportingUnit: community.reportingUnit,
    projectName: registration.basics.projectName,
    category: registration.basics.category,
    handlingMode: agreement.result.handlingMode,
    consultationDate: toLocalDate(new Date(agreement.agreedAt)),
    implementer: state.implementer ?? agreement.result.implementer,
    period: { start: toLocalDate(new Date(state.implementationStartedAt)), end: toLocalDate(new Date(state.implementationCompletedAt)) },
    beneficiaries: agreement.result.beneficiaries,
    beneficiaryCount: spec.beneficiaryCount,
    budget,
    actual,
    implementation: spec.implementation,
    resultsText: spec.resultsText,
    photoAttachmentIds: files.photos,
    attachments: {
      stampedRegistrationIds: [files.stampedRegistration],
      agreementIds: [files.agreement],
      invoiceIds: [files.invoice],
      supplierQualificationIds: [files.supplierQualification],
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// R6.5 answer sheets

/** A small seeded generator (mulberry32): the same seed gives the same answers on every run. */
export class Dice {
  private state: number;
  constructor(seed: string) {
    this.state = createHash('sha256').update(seed).digest().readUInt32BE(0);
  }
  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}


const SUGGESTIONS = [
  '希望以后多开展类似项目。',
  '施工期间注意噪音，尽量避开午休时间。',
  '建议定期维护，保持效果。',
  '工作人员很耐心，点赞！',
  '希望信息公开再及时一些，多在群里通知。',
  '项目很实用，解决了我们的实际困难。',
  '建议增加服务次数。',
];

const SIGNERS = ['陈', '黄', '李', '张', '刘', '何', '钟', '叶', '梁', '邓', '林', '袁', '罗', '郑', '谢', '莫'];

function level(dice: Dice): SatisfactionLevel {
  const r = dice.next();
  if (r < 0.58) return 'verySatisfied';
  if (r < 0.88) return 'satisfied';
  if (r < 0.97) return 'basicallySatisfied';
  return 'dissatisfied';
}

/** One respondent's sheet: every row answered, now and then a suggestion, on paper sometimes signed. */
export function surveySheet(dice: Dice, date: LocalDate, respondentKey: string | null): SurveyResponseInput {
  const overall = level(dice);
  const answers: Partial<Record<SurveyQuestion, SatisfactionLevel>> = {};
  for (const row of CLOSURE_SURVEY_ROWS) answers[row] = row === 'overall' ? overall : dice.next() < 0.7 ? overall : level(dice);
  return sample.surveySheet({
    answers,
    suggestions: dice.next() < 0.3 ? dice.pick(SUGGESTIONS) : null,
    signature: respondentKey === null && dice.next() < 0.4 ? `${dice.pick(SIGNERS)}${dice.pick(['先生', '女士', '阿姨', '伯'])}` : null,
    date,
    respondentKey,
  });
}

/** R6.5 one key per online respondent, in the portal's form for a one-time survey link (`token:<sha256>`). */
export function respondentKey(projectId: number, index: number): string {
  return tokenRespondentKey(sha256Hex(`demo-survey-link:${projectId}:${index}`));
}
