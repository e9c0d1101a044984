/**
 * Request schemas of the project routes (/api/projects): each body mirrors the payload of its lifecycle command
 * (src/domain/lifecycle/project-types.ts) plus the `version` read. Types and bounds are checked here; the content of
 * the forms (登记备案表, 结项表, 满意度测评表) is checked by the domain, whose field-level Chinese errors pass through.
 * Money is integer 分 (R0.1), instants ISO-8601, civil dates YYYY-MM-DD, closed vocabularies from categories.ts.
 */
import { Type, type TSchema } from 'typebox';
import {
  CATEGORIES,
  CONSULTATION_FORMS,
  FUND_SOURCES,
  HANDLING_MODES,
  PARTICIPANT_KINDS,
  SUBCATEGORY_CODES,
} from '../../../domain/categories.js';
import { SATISFACTION_LEVELS } from '../../../domain/forms/survey.js';
import { PROJECT_FLAGS, type ClaimantKind, type FeasibilityStudy } from '../../../domain/lifecycle/index.js';
import { MAX_MONEY_FEN } from '../../../domain/money.js';
import { Id, Paging, Version } from '../../http/schemas.js';
import { CaseListFilters, IsoInstant, LocalDateSchema } from './case.schemas.js';

/** Free text of a form: bounded here, required-ness and content checked by the domain with its own messages. */
const FormText = (max: number): ReturnType<typeof Type.String> => Type.String({ maxLength: max });

/**
 * `schema` or null. Null comes first: the validator coerces types (`coerceTypes`), and trying the other branch
 * first would turn a null into "" (or 0) before the null branch is reached.
 */
function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([Type.Null(), schema]);
}
const NullableText = (max: number, description?: string) =>
  Nullable(Type.String(description === undefined ? { maxLength: max } : { maxLength: max, description }));

/** R0.1 an amount in integer 分, at most the domain's ceiling (10亿元). */
export const FenSchema = Type.Integer({ minimum: 0, maximum: MAX_MONEY_FEN, description: '金额（分），不超过10亿元' });

export const AttachmentIds = Type.Array(Id, { maxItems: 50, description: '已上传附件的编号' });

const Count = Type.Integer({ minimum: 0, maximum: 1_000_000 });

export const ObjectionParams = Type.Object({ id: Id, objectionId: Id }, { additionalProperties: false });
export const ClaimParams = Type.Object({ id: Id, claimId: Id }, { additionalProperties: false });

/** R4.2 a department reviewer's inbox: the projects waiting for the caller's department's opinion, or those it answered. */
export const PROJECT_OPINION_FILTERS = ['awaiting', 'given'] as const;

export const PROJECT_LIST_SORTS = ['createdAt', 'nextDeadline', 'number', 'budget'] as const;

export const ProjectListQuery = Type.Object(
  {
    ...CaseListFilters,
    category: Type.Optional(Type.Enum(CATEGORIES, { description: '项目类型：engineering 便民工程项目 / service 公益服务项目（R1.1）' })),
    handlingMode: Type.Optional(Type.Array(Type.Enum(HANDLING_MODES), { maxItems: HANDLING_MODES.length, description: '办理方式（可多选，R5.5）' })),
    flag: Type.Optional(
      Type.Array(Type.Enum(PROJECT_FLAGS), { maxItems: PROJECT_FLAGS.length, description: '标记（可多选，有任一即可）：超限 / 疑似拆分 / 测评人数不足（经批准）' }),
    ),
    myOpinion: Type.Optional(
      Type.Enum(PROJECT_OPINION_FILTERS, {
        description:
          '职能部门审核人员的会审待办（R4.1 R4.2）：awaiting 当前审核轮次指定了本部门、本部门尚未填报意见的审核中项目；' +
          'given 本部门已填报过审核意见的项目。调用者不属于职能部门时没有项目符合',
      }),
    ),
    sort: Type.Optional(
      Type.Enum(PROJECT_LIST_SORTS, {
        description: '排序：createdAt 立项时间（默认）/ nextDeadline 当前期限（无期限的在后）/ number 项目编号 / budget 预算（未定的在后）',
      }),
    ),
    ...Paging,
  },
  { additionalProperties: false },
);

export const OverdueQuery = Type.Object({ ...Paging }, { additionalProperties: false });

// ---------------------------------------------------------------------------------------------------------------
// 登记备案表 section 二 (R3.1, R3.3)

export const FundLineSchema = Type.Object(
  { source: Type.Enum(FUND_SOURCES, { description: '经费来源' }), amountFen: FenSchema },
  { additionalProperties: false },
);

export const PeriodSchema = Type.Object({ start: LocalDateSchema, end: LocalDateSchema }, { additionalProperties: false });

export const ConsultationResultSchema = Type.Object(
  {
    content: FormText(2000),
    beneficiaries: FormText(500),
    handlingMode: Type.Enum(HANDLING_MODES, { description: '办理方式：莞家速递 / 莞家直达 / 莞家驿站' }),
    budgetFen: FenSchema,
    fundSources: Type.Array(FundLineSchema, { maxItems: FUND_SOURCES.length }),
    implementer: FormText(200),
    implementationPeriod: PeriodSchema,
  },
  { additionalProperties: false },
);

export const ConsultationRecordSchema = Type.Object(
  {
    heldAt: IsoInstant,
    place: FormText(200),
    hostName: FormText(50),
    recorderName: FormText(50),
    forms: Type.Array(Type.Enum(CONSULTATION_FORMS), { maxItems: CONSULTATION_FORMS.length, description: '协商形式' }),
    formOther: NullableText(100),
    participants: Type.Array(Type.Enum(PARTICIPANT_KINDS), { maxItems: PARTICIPANT_KINDS.length, description: '参与主体' }),
    participantOther: NullableText(100),
    headCount: Count,
    passed: Type.Boolean(),
    result: Nullable(ConsultationResultSchema),
    minutesAttachmentIds: AttachmentIds,
    signInAttachmentIds: AttachmentIds,
  },
  { additionalProperties: false },
);

export const ConsultationBody = Type.Object({ version: Version, consultation: ConsultationRecordSchema }, { additionalProperties: false });

export const FEASIBILITY_RECOMMENDATIONS = ['reconsult', 'assemblyVote', 'terminate'] as const satisfies readonly FeasibilityStudy['recommendation'][];

export const FeasibilityStudyBody = Type.Object(
  {
    version: Version,
    study: Type.Object(
      {
        summary: FormText(2000),
        recommendation: Type.Enum(FEASIBILITY_RECOMMENDATIONS, { description: '择日再协商 / 提交表决 / 终止' }),
        attachmentIds: AttachmentIds,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const AssemblyVoteBody = Type.Object(
  {
    version: Version,
    vote: Type.Object(
      {
        heldAt: IsoInstant,
        present: Count,
        votesFor: Count,
        votesAgainst: Count,
        abstentions: Count,
        minutesAttachmentIds: AttachmentIds,
        result: Nullable(ConsultationResultSchema),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const ReasonBody = Type.Object({ version: Version, reason: FormText(500) }, { additionalProperties: false });

// ---------------------------------------------------------------------------------------------------------------
// 登记备案表 section 一 (R3.2, R1.1, R1.2)

export const RegistrationBasicsSchema = Type.Object(
  {
    projectName: FormText(100),
    category: Type.Enum(CATEGORIES, { description: '便民工程项目 / 公益服务项目' }),
    subcategory: Type.Enum(SUBCATEGORY_CODES, { description: 'E1–E3 / S1–S8' }),
    content: FormText(2000),
    location: FormText(200),
    budgetFen: FenSchema,
    contact: Type.Object({ name: FormText(50), title: FormText(50), phone: FormText(40) }, { additionalProperties: false }),
    overCapJustification: NullableText(2000, '超过原则上限时的书面说明（R1.2）'),
  },
  { additionalProperties: false },
);

export const RegistrationBody = Type.Object({ version: Version, basics: RegistrationBasicsSchema }, { additionalProperties: false });

// ---------------------------------------------------------------------------------------------------------------
// 登记备案表 section 三 (R4.1–R4.4)

export const AssignReviewersBody = Type.Object(
  { version: Version, departmentIds: Type.Array(Id, { minItems: 1, maxItems: 20, uniqueItems: true, description: '本镇（街道）的会审职能部门' }) },
  { additionalProperties: false },
);

const ReviewAnswer = Type.Object(
  { verdict: Type.Enum(['yes', 'no'] as const, { description: '是 / 否' }), comment: FormText(500) },
  { additionalProperties: false },
);

/** R4.2 the four points, each with a verdict and a comment. */
export const ReviewPointsSchema = Type.Object(
  { consultationProper: ReviewAnswer, budgetReasonable: ReviewAnswer, modeFeasible: ReviewAnswer, solvableOtherwise: ReviewAnswer },
  { additionalProperties: false },
);

export const DepartmentOpinionBody = Type.Object(
  { version: Version, points: ReviewPointsSchema, opinion: FormText(2000) },
  { additionalProperties: false },
);

export const StampBody = Type.Object(
  {
    version: Version,
    stamp: Type.Object(
      {
        departmentId: Id,
        stampedByName: FormText(50),
        stampedOn: LocalDateSchema,
        scanAttachmentId: Id,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const ReviewDecisionBody = Type.Object(
  {
    version: Version,
    decision: Type.Union([
      Type.Object(
        {
          outcome: Type.Literal('existingPolicy'),
          townOfficeName: FormText(100),
          points: ReviewPointsSchema,
          followUp: Type.Object(
            {
              departmentId: Nullable(Id),
              departmentName: FormText(100),
              policyName: FormText(200),
              contactName: FormText(50),
              contactPhone: FormText(40),
            },
            { additionalProperties: false },
          ),
          fiscalBudgetHolder: FormText(100),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        { outcome: Type.Literal('specialFund'), townOfficeName: FormText(100), points: ReviewPointsSchema },
        { additionalProperties: false },
      ),
    ]),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------------------------------------------------------
// Publicity, objections, claims (R5.1–R5.5)

export const PublicityBody = Type.Object(
  {
    version: Version,
    days: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 365, description: '公示天数；为空或不填则取默认天数（村社区公示，R5.2）' }))),
    channels: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 20, description: '公示平台' }),
  },
  { additionalProperties: false },
);

export const ObjectionBody = Type.Object(
  { version: Version, text: FormText(2000), raisedByName: NullableText(50), contactPhone: NullableText(40) },
  { additionalProperties: false },
);

export const AnswerBody = Type.Object({ version: Version, answer: FormText(2000) }, { additionalProperties: false });

export const CLAIMANT_KINDS = ['enterprise', 'organization', 'individual'] as const satisfies readonly ClaimantKind[];

export const ClaimBody = Type.Object(
  {
    version: Version,
    claimant: Type.Object(
      {
        kind: Type.Enum(CLAIMANT_KINDS, { description: '企业 / 社会组织 / 个人' }),
        name: FormText(100),
        contactName: FormText(50),
        contactPhone: FormText(40),
      },
      { additionalProperties: false },
    ),
    note: FormText(1000),
  },
  { additionalProperties: false },
);

export const ClaimDecisionBody = Type.Object(
  { version: Version, accepted: Type.Boolean(), reason: NullableText(500) },
  { additionalProperties: false },
);

// ---------------------------------------------------------------------------------------------------------------
// 结项表 (R6.1) and the survey (R6.4, R6.5)

const FundRowsSchema = Type.Object(
  { special: FenSchema, collective: FenSchema, social: FenSchema },
  { additionalProperties: false },
);

export const ClosureFormSchema = Type.Object(
  {
    reportingUnit: FormText(100),
    projectName: FormText(100),
    category: Type.Enum(CATEGORIES),
    handlingMode: Type.Enum(HANDLING_MODES),
    consultationDate: LocalDateSchema,
    implementer: FormText(200),
    period: PeriodSchema,
    beneficiaries: FormText(500),
    beneficiaryCount: Count,
    budget: FundRowsSchema,
    actual: FundRowsSchema,
    implementation: Type.Union([
      Type.Object(
        {
          kind: Type.Literal('engineering'),
          workContent: FormText(2000),
          unit: FormText(20),
          plannedQuantity: FormText(20),
          actualQuantity: FormText(20),
        },
        { additionalProperties: false },
      ),
      Type.Object(
        { kind: Type.Literal('service'), serviceTime: FormText(200), servicePlace: FormText(200), participantCount: Count },
        { additionalProperties: false },
      ),
    ]),
    resultsText: FormText(2000),
    photoAttachmentIds: AttachmentIds,
    attachments: Type.Object(
      {
        stampedRegistrationIds: AttachmentIds,
        agreementIds: AttachmentIds,
        invoiceIds: AttachmentIds,
        tenderingApplied: Type.Boolean({ description: '是否开展招投标（R6.1：开展的须附招投标文件）' }),
        procurementFilingIds: AttachmentIds,
        tenderDocumentIds: AttachmentIds,
        supplierQualificationIds: AttachmentIds,
        taxRegistrationIds: AttachmentIds,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const ClosureBody = Type.Object({ version: Version, form: ClosureFormSchema }, { additionalProperties: false });

const Level = Type.Optional(Type.Enum(SATISFACTION_LEVELS, { description: '非常满意 / 满意 / 基本满意 / 不满意 / 非常不满意' }));

export const SurveyResponseSchema = Type.Object(
  {
    answers: Type.Object(
      {
        overall: Level,
        quality: Level,
        effect: Level,
        attitude: Level,
        efficiency: Level,
        closeness: Level,
        openness: Level,
        other: Level,
      },
      { additionalProperties: false },
    ),
    suggestions: NullableText(2000),
    signature: NullableText(50),
    date: LocalDateSchema,
    respondentKey: Type.Optional(Nullable(Type.String({ maxLength: 128 }))),
  },
  { additionalProperties: false },
);

export const PaperSurveyBody = Type.Object(
  { version: Version, responses: Type.Array(SurveyResponseSchema, { maxItems: 500 }) },
  { additionalProperties: false },
);

export const CompleteSurveyBody = Type.Object(
  { version: Version, exceptionReason: NullableText(1000, '不足30人时经镇（街道）批准的理由（R6.4）') },
  { additionalProperties: false },
);

export const OverdueList = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      aggregate: Type.String(),
      aggregateId: Type.Integer(),
      caseNumber: Type.String({ description: '诉求编号或项目编号' }),
      caseTitle: Type.String(),
      step: Type.String(),
      owner: Type.String({ description: '环节的办理层级：community / town / department / system' }),
      label: Type.String(),
      rule: Type.String(),
      communityId: Type.Integer(),
      communityName: Type.String(),
      townId: Type.Integer(),
      due: Type.String(),
      provisional: Type.Boolean(),
      reminders: Type.Integer(),
      lastRemindedAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
