/**
 * Sample forms, complete and valid, for the tests of every layer and for the demo: a demand as it is reported, the
 * 两委 meeting, the consultation record and its 协商结果 (登记备案表 section 二), section 一, the four review points
 * and a department's stamp (section 三), 满意度测评表 answer sheets and the 结项表. Each builder takes what differs
 * from case to case (amounts, dates, attachment ids) and fills the rest with the texts of a sample road repair at a
 * `SampleSite`; any field can be given instead.
 *
 * Pure: no clock, no randomness, nothing read; the same arguments give the same form.
 */
import type { LocalDate } from '../calendar/index.js';
import type { Category, SubcategoryCode } from '../categories.js';
import type { ClosureAttachments, ClosureForm, EngineeringQuantities, FundRows, ServiceData } from '../forms/closure-form.js';
import type {
  ConsultationRecord,
  ConsultationResult,
  RegistrationBasicsInput,
  RegistrationContact,
  ReviewPoint,
  ReviewPointAnswer,
  ReviewPoints,
  ReviewVerdict,
  Stamp,
} from '../forms/registration-form.js';
import { CLOSURE_SURVEY_ROWS, type SatisfactionLevel, type SurveyQuestion } from '../forms/survey.js';
import type { CommitteeMeeting, DemandCommand, SurveyResponseInput } from '../lifecycle/index.js';
import type { Fen } from '../money.js';

/** Where the sample works are: the texts of every form name it. */
export interface SampleSite {
  /** 镇（街道） */
  readonly town: string;
  /** 村（社区）, as its committee and its meeting place are named. */
  readonly community: string;
  /** The spot as residents name it: the demand's location, the project's name. */
  readonly place: string;
  /** The street itself, as the plan's content and beneficiaries name it. */
  readonly street: string;
}

/** The seeded foundation's 示例社区一 of 东城街道, as the server tests and the demo know it. */
export const SAMPLE_SITE: SampleSite = { town: '东城街道', community: '示例社区一', place: '示例社区一3巷', street: '3巷' };

/** 项目地点 on the 登记备案表: town, community and street. */
export function siteAddress(site: SampleSite): string {
  return `${site.town}${site.community}${site.street}`;
}

/** The project's title when the 两委 meeting adopts the demand. */
export function sampleProjectTitle(site: SampleSite = SAMPLE_SITE): string {
  return `${site.place}路面修复`;
}

/** 项目名称 on the 登记备案表 and the 结项表. */
export function sampleProjectName(site: SampleSite = SAMPLE_SITE): string {
  return `${sampleProjectTitle(site)}工程`;
}

// ---------------------------------------------------------------------------------------------------------------
// R2.1–R2.4 the demand and the 两委 meeting

/** What a demand's report carries (channel, proposer, what and where). */
export type DemandReport = Pick<Extract<DemandCommand, { type: 'createDemand' }>, 'channel' | 'proposer' | 'title' | 'description' | 'location'>;

export function demandReport(site: SampleSite = SAMPLE_SITE, given: Partial<DemandReport> = {}): DemandReport {
  return {
    channel: 'hotline12345',
    proposer: { kind: 'masses', name: '黄美玲', phone: '13812345678' },
    title: `${site.place}路面破损`,
    description: `${site.street}路面坑洼，雨天积水，老人出行不便。`,
    location: site.place,
    ...given,
  };
}

/** R2.4 the 两委联席会议 (its minutes uploaded). */
export function committeeMeeting(given: Pick<CommitteeMeeting, 'heldAt' | 'minutesAttachmentIds'> & Partial<CommitteeMeeting>): CommitteeMeeting {
  return { summary: '两委联席会议同意通过“民生大莞家”机制跟进', ...given };
}

// ---------------------------------------------------------------------------------------------------------------
// 登记备案表 section 二 (R3.1)

export type SampleResult = Pick<ConsultationResult, 'budgetFen' | 'implementationPeriod'> & Partial<ConsultationResult>;

/** 协商结果: the budget all from the special fund unless `fundSources` says otherwise. */
export function consultationResult(given: SampleResult, site: SampleSite = SAMPLE_SITE): ConsultationResult {
  return {
    content: `修复${site.street}破损路面约300平方米，完善排水。`,
    beneficiaries: `${site.street}及周边约800名居民`,
    handlingMode: 'express',
    fundSources: [{ source: 'special', amountFen: given.budgetFen }],
    implementer: '东莞市某某建设工程有限公司',
    ...given,
  };
}

export type SampleConsultation = Pick<ConsultationRecord, 'heldAt' | 'result' | 'minutesAttachmentIds' | 'signInAttachmentIds'> & Partial<ConsultationRecord>;

/** R3.1 one 城乡社区协商会议 (passed unless said otherwise) with its minutes and sign-in sheet. */
export function consultationRecord(given: SampleConsultation, site: SampleSite = SAMPLE_SITE): ConsultationRecord {
  return {
    place: `${site.community}党群服务中心`,
    hostName: '李四',
    recorderName: '王五',
    forms: ['villagersMeeting'],
    formOther: null,
    participants: ['residentsCommittee', 'residentRepresentatives', 'beneficiaryGroup'],
    participantOther: null,
    headCount: 35,
    passed: true,
    ...given,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 登记备案表 section 一 (R3.2) and section 三 (R4.2, R4.3)

export const SAMPLE_CONTACT: RegistrationContact = { name: '陈六', title: '社区居委会主任', phone: '0769-22223333' };

export type SampleBasics = Pick<RegistrationBasicsInput, 'budgetFen'> & Partial<RegistrationBasicsInput>;

/** Section 一: an engineering project (E1) unless said otherwise; a service project defaults to S1. */
export function registrationBasics(given: SampleBasics, site: SampleSite = SAMPLE_SITE): RegistrationBasicsInput {
  const category: Category = given.category ?? 'engineering';
  const subcategory: SubcategoryCode = given.subcategory ?? (category === 'engineering' ? 'E1' : 'S1');
  return {
    projectName: sampleProjectName(site),
    content: `修复${site.street}破损路面，完善排水设施。`,
    location: siteAddress(site),
    contact: SAMPLE_CONTACT,
    overCapJustification: null,
    ...given,
    category,
    subcategory,
  };
}

const REVIEW_COMMENTS: Readonly<Record<ReviewPoint, Readonly<Record<ReviewVerdict, string>>>> = {
  consultationProper: { yes: '协商程序规范，参与主体齐全', no: '协商程序不规范，请重新协商' },
  budgetReasonable: { yes: '预算与工程量相符', no: '预算依据不足，请补充比价材料' },
  modeFeasible: { yes: '办理方式可行', no: '办理方式不可行' },
  solvableOtherwise: { yes: '属现行老旧小区改造政策范围', no: '无其他政策或专项资金可解决' },
};

const USUAL_VERDICTS: Readonly<Record<ReviewPoint, ReviewVerdict>> = {
  consultationProper: 'yes',
  budgetReasonable: 'yes',
  modeFeasible: 'yes',
  solvableOtherwise: 'no',
};

/**
 * R4.2 the four points answered: by default all in favour of the special fund (the last, "solvable otherwise", no).
 * A point given a verdict alone gets the sample comment of that verdict.
 */
export function reviewPoints(given: Partial<Record<ReviewPoint, Partial<ReviewPointAnswer>>> = {}): ReviewPoints {
  const answer = (point: ReviewPoint): ReviewPointAnswer => {
    const verdict = given[point]?.verdict ?? USUAL_VERDICTS[point];
    return { verdict, comment: given[point]?.comment ?? REVIEW_COMMENTS[point][verdict] };
  };
  return {
    consultationProper: answer('consultationProper'),
    budgetReasonable: answer('budgetReasonable'),
    modeFeasible: answer('modeFeasible'),
    solvableOtherwise: answer('solvableOtherwise'),
  };
}

/** R4.3 a department's stamp on the 登记备案表, with the scanned page. */
export type StampInput = Omit<Stamp, 'recordedAt' | 'recordedByUserId'>;

export function stamp(given: Pick<StampInput, 'departmentId' | 'departmentName' | 'stampedOn' | 'scanAttachmentId'> & Partial<StampInput>): StampInput {
  return { stampedByName: '赵建明', ...given };
}

// ---------------------------------------------------------------------------------------------------------------
// R6.5 满意度测评表

/** Every row of 附件3 but 其他 answered with `level`. */
export function surveyAnswers(level: SatisfactionLevel = 'satisfied'): Partial<Record<SurveyQuestion, SatisfactionLevel>> {
  return Object.fromEntries(CLOSURE_SURVEY_ROWS.map((row) => [row, level]));
}

export type SampleSheet = Pick<SurveyResponseInput, 'date'> & Partial<SurveyResponseInput>;

/** One answer sheet, every row `satisfied` unless answered otherwise; on paper (no respondent key) unless given one. */
export function surveySheet(given: SampleSheet): SurveyResponseInput {
  return { answers: surveyAnswers(), suggestions: null, signature: null, respondentKey: null, ...given };
}

/** `count` sheets of one date, the i-th as `each(i)` makes it. */
export function surveySheets(count: number, date: LocalDate, each: (i: number) => Partial<SurveyResponseInput> = () => ({})): SurveyResponseInput[] {
  return Array.from({ length: count }, (_, i) => surveySheet({ date, ...each(i) }));
}

// ---------------------------------------------------------------------------------------------------------------
// R6.1 结项表

export function closureAttachments(given: Partial<ClosureAttachments> = {}): ClosureAttachments {
  return {
    stampedRegistrationIds: [],
    agreementIds: [],
    invoiceIds: [],
    tenderingApplied: false,
    procurementFilingIds: [],
    tenderDocumentIds: [],
    supplierQualificationIds: [],
    taxRegistrationIds: [],
    ...given,
  };
}

/** Section 三 of the 结项表 as a sample road repair (engineering) or a sample elderly canteen service reports it. */
export function implementationData(category: Category, site: SampleSite = SAMPLE_SITE): EngineeringQuantities | ServiceData {
  return category === 'engineering'
    ? { kind: 'engineering', workContent: '路面修复及排水', unit: '平方米', plannedQuantity: '300', actualQuantity: '312.5' }
    : { kind: 'service', serviceTime: '2026年10月至11月每周六上午', servicePlace: `${site.community}长者饭堂`, participantCount: 60 };
}

/** Fund rows all from the special fund. */
export function specialFundRows(amountFen: Fen): FundRows {
  return { special: amountFen, collective: 0, social: 0 };
}

export type SampleClosure = Pick<ClosureForm, 'category' | 'consultationDate' | 'period' | 'photoAttachmentIds'> &
  Partial<Omit<ClosureForm, 'survey' | 'attachments'>> & {
    /** Budget and actual from the special fund, unless `budget` and `actual` are given. */
    readonly budgetFen?: Fen;
    readonly actualFen?: Fen;
    readonly attachments: Partial<ClosureAttachments>;
    readonly survey?: never;
  };

/** A complete 结项表 (section 五 is the lifecycle's): the spending from the special fund unless given in rows. */
export function closureForm(given: SampleClosure, site: SampleSite = SAMPLE_SITE): Omit<ClosureForm, 'survey'> {
  const { budgetFen, actualFen, attachments, ...rest } = given;
  return {
    reportingUnit: `${site.community}居民委员会`,
    projectName: sampleProjectName(site),
    handlingMode: 'express',
    implementer: '东莞市某某建设工程有限公司',
    beneficiaries: `${site.street}及周边居民`,
    beneficiaryCount: 800,
    budget: specialFundRows(budgetFen ?? 0),
    actual: specialFundRows(actualFen ?? budgetFen ?? 0),
    implementation: implementationData(given.category, site),
    resultsText: '路面平整，排水通畅，居民出行便利。',
    ...rest,
    attachments: closureAttachments(attachments),
  };
}
