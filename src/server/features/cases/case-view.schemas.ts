/**
 * Every field of a demand or a project that may leave the server, as response schemas (`DemandDetail`,
 * `ProjectDetail`). A case view is the state projected through these schemas (http/view.ts): a field not listed
 * here does not leave, and each string's personal-data class (plain, name, phone, or free text by default) decides
 * how a reader whose role may not see personal data sees it (R0.8). The compile-time checks at the end keep these
 * schemas and the domain's state types in step.
 */
import { Type, type Static, type TSchema } from 'typebox';
import {
  CATEGORIES,
  CHANNELS,
  CONSULTATION_FORMS,
  FUND_SOURCES,
  HANDLING_MODES,
  PARTICIPANT_KINDS,
  PROPOSER_KINDS,
  SOURCE_CHANNEL_OPTIONS,
  SUBCATEGORY_CODES,
} from '../../../domain/categories.js';
import { SATISFACTION_LEVELS, SURVEY_QUESTIONS } from '../../../domain/forms/survey.js';
import { DEMAND_STATUSES, PROJECT_FLAGS, PROJECT_STATUSES, type DemandState, type ProjectState } from '../../../domain/lifecycle/index.js';
import { ATTACHMENT_KINDS } from '../../../domain/attachment-kinds.js';
import { FreeText, PersonName, PhoneNumber, Plain, type ViewOf } from '../../http/view.js';

// ------------------------------------------------------------------------------------------------ building blocks

const Instant = (description = 'ISO-8601 时间'): ReturnType<typeof Plain> => Plain({ format: 'date-time', description });
const Day = (description = 'YYYY-MM-DD'): ReturnType<typeof Plain> => Plain({ description });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Ids = (description: string) => Type.Array(Type.Integer(), { description });
const Fen = (description: string) => Type.Integer({ description: `${description}（分）` });
/** An object with one property per key, each of the same schema (a record over a fixed set of keys). */
function Keyed<K extends string, T extends TSchema>(keys: readonly K[], schema: T) {
  return Type.Object(Object.fromEntries(keys.map((k) => [k, schema])) as Record<K, T>);
}

// ------------------------------------------------------------------------------------------------ demand (R2)

const Proposer = Type.Object({
  kind: Type.Enum(PROPOSER_KINDS, { description: '提议人类别' }),
  name: PersonName({ description: '提议人姓名（按角色脱敏）' }),
  phone: Nullable(PhoneNumber({ description: '联系电话（按角色脱敏）' })),
});

const CommitteeMeeting = Type.Object({
  heldAt: Instant('两委联席会议时间'),
  summary: FreeText({ description: '会议研究意见' }),
  minutesAttachmentIds: Ids('会议记录附件'),
});

const TriageOutcome = Type.Union([
  Type.Object({ kind: Type.Literal('adopt'), projectId: Type.Integer(), projectTitle: FreeText() }),
  Type.Object({
    kind: Type.Literal('existingPolicy'),
    departmentName: FreeText(),
    policyName: Nullable(FreeText()),
    contactName: FreeText({ description: '部门联系人' }),
    contactPhone: FreeText({ description: '部门联系电话' }),
  }),
  Type.Object({ kind: Type.Literal('decline'), reason: FreeText() }),
]);

const Assignment = Type.Object({
  communityId: Type.Integer(),
  communityName: Plain(),
  assignedAt: Instant(),
  returnedAt: Nullable(Instant()),
  returnReason: Nullable(FreeText()),
});

export const DemandStateView = Type.Object({
  aggregate: Type.Literal('demand'),
  id: Type.Integer(),
  trackingNumber: Plain({ description: '诉求编号' }),
  status: Type.Enum(DEMAND_STATUSES),
  townId: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Plain(),
  channel: Type.Enum(CHANNELS, { description: '来源渠道' }),
  proposer: Proposer,
  title: FreeText(),
  description: FreeText(),
  location: FreeText(),
  collection: Type.Enum(['daily', 'centralized'], { description: '日常收集或集中征集' }),
  campaignId: Nullable(Type.Integer()),
  year: Type.Integer(),
  createdAt: Instant(),
  createdByUserId: Nullable(Type.Integer()),
  assignments: Type.Array(Assignment),
  acknowledgedAt: Nullable(Instant()),
  triage: Nullable(Type.Object({ meeting: CommitteeMeeting, outcome: TriageOutcome, decidedAt: Instant() })),
  mergedInto: Nullable(Type.Integer({ description: '合并入的主诉求' })),
  linkedDemandIds: Ids('合并进来的诉求'),
});

// ------------------------------------------------------------------------------------------------ project: 登记备案表 (附件1)

const FundLine = Type.Object({ source: Type.Enum(FUND_SOURCES, { description: '资金来源' }), amountFen: Fen('金额') });
const Period = Type.Object({ start: Day(), end: Day() });

const ConsultationResult = Type.Object({
  content: FreeText({ description: '项目内容' }),
  beneficiaries: FreeText({ description: '受益对象' }),
  handlingMode: Type.Enum(HANDLING_MODES, { description: '办理方式' }),
  budgetFen: Fen('预算金额'),
  fundSources: Type.Array(FundLine),
  implementer: FreeText({ description: '实施主体' }),
  implementationPeriod: Period,
});

const Consultation = Type.Object({
  heldAt: Instant('协商时间'),
  place: FreeText({ description: '协商地点' }),
  hostName: FreeText({ description: '主持人' }),
  recorderName: FreeText({ description: '记录人' }),
  forms: Type.Array(Type.Enum(CONSULTATION_FORMS), { description: '协商形式' }),
  formOther: Nullable(FreeText()),
  participants: Type.Array(Type.Enum(PARTICIPANT_KINDS), { description: '参与主体' }),
  participantOther: Nullable(FreeText()),
  headCount: Type.Integer({ description: '参与人数' }),
  passed: Type.Boolean(),
  result: Nullable(ConsultationResult),
  minutesAttachmentIds: Ids('会议记录'),
  signInAttachmentIds: Ids('签到表'),
});

const AssemblyVote = Type.Object({
  heldAt: Instant('表决时间'),
  present: Type.Integer(),
  votesFor: Type.Integer(),
  votesAgainst: Type.Integer(),
  abstentions: Type.Integer(),
  passed: Type.Boolean(),
  minutesAttachmentIds: Ids('表决记录'),
  result: Nullable(ConsultationResult),
});

const FeasibilityStudy = Type.Object({
  recordedAt: Instant(),
  summary: FreeText(),
  recommendation: Type.Enum(['reconsult', 'assemblyVote', 'terminate']),
  attachmentIds: Ids('可行性研究分析报告'),
});

const ReviewPointAnswer = Type.Object({ verdict: Type.Enum(['yes', 'no']), comment: FreeText() });
const ReviewPoints = Type.Object({
  consultationProper: ReviewPointAnswer,
  budgetReasonable: ReviewPointAnswer,
  modeFeasible: ReviewPointAnswer,
  solvableOtherwise: ReviewPointAnswer,
});

const DepartmentOpinion = Type.Object({
  departmentId: Type.Integer(),
  departmentName: Plain(),
  reviewerUserId: Nullable(Type.Integer()),
  recordedAt: Instant(),
  points: ReviewPoints,
  opinion: FreeText({ description: '部门意见' }),
});

const Stamp = Type.Object({
  departmentId: Type.Integer(),
  departmentName: Plain(),
  stampedByName: FreeText({ description: '盖章经办人' }),
  stampedOn: Day('盖章日期'),
  scanAttachmentId: Type.Integer({ description: '盖章扫描件' }),
  recordedAt: Instant(),
  recordedByUserId: Nullable(Type.Integer()),
});

const TownDecision = Type.Union([
  Type.Object({
    outcome: Type.Literal('existingPolicy'),
    reviewingDepartmentNames: Type.Array(Plain()),
    townOfficeName: Plain(),
    points: ReviewPoints,
    followUp: Type.Object({
      departmentId: Nullable(Type.Integer()),
      departmentName: FreeText(),
      policyName: FreeText(),
      contactName: FreeText(),
      contactPhone: FreeText(),
    }),
    fiscalBudgetHolder: FreeText({ description: '财政预算主体' }),
  }),
  Type.Object({
    outcome: Type.Literal('specialFund'),
    reviewingDepartmentNames: Type.Array(Plain()),
    townOfficeName: Plain(),
    points: ReviewPoints,
    handlingMode: Type.Enum(HANDLING_MODES),
    communityName: Plain(),
    fundSources: Type.Array(FundLine),
  }),
]);

const Registration = Type.Object({
  communityName: Plain({ description: '申报村（社区）' }),
  basics: Type.Object({
    projectName: FreeText(),
    category: Type.Enum(CATEGORIES),
    subcategory: Type.Enum(SUBCATEGORY_CODES),
    content: FreeText(),
    location: FreeText(),
    budgetFen: Fen('预算金额'),
    contact: Type.Object({ name: FreeText({ description: '项目联系人' }), title: FreeText({ description: '职务' }), phone: FreeText({ description: '联系电话' }) }),
    overCapJustification: Nullable(FreeText()),
    sourceChannels: Type.Array(Type.Enum(SOURCE_CHANNEL_OPTIONS), { description: '来源渠道（由诉求推出）' }),
  }),
  consultation: Consultation,
  assemblyVote: Nullable(AssemblyVote),
  agreedResult: ConsultationResult,
  departmentOpinions: Type.Array(DepartmentOpinion),
  townDecision: Nullable(TownDecision),
  townOpinionText: Nullable(FreeText({ description: '三、镇（街道）审核意见（按 R4.4 生成的句子）' })),
});

const ReviewRound = Type.Object({
  submittedAt: Instant(),
  reviewers: Type.Array(Type.Object({ departmentId: Type.Integer(), departmentName: Plain() })),
  opinions: Type.Array(DepartmentOpinion),
  stamps: Type.Array(Stamp),
  returned: Nullable(Type.Object({ at: Instant(), reason: FreeText(), byUserId: Nullable(Type.Integer()) })),
  decidedAt: Nullable(Instant()),
});

// ------------------------------------------------------------------------------------------------ project: publicity, objections, claims (R5)

const Publicity = Type.Object({
  by: Type.Enum(['town', 'community']),
  channels: Type.Array(Plain(), { description: '公示渠道' }),
  days: Type.Integer(),
  startedAt: Instant(),
  endsAt: Instant(),
  lastDay: Day(),
  endedAt: Nullable(Instant()),
});

const Objection = Type.Object({
  id: Type.Integer(),
  raisedAt: Instant(),
  text: FreeText(),
  raisedByName: Nullable(PersonName()),
  contactPhone: Nullable(PhoneNumber()),
  answer: Nullable(Type.Object({ text: FreeText(), answeredAt: Instant(), answeredByUserId: Nullable(Type.Integer()) })),
});

const claimantOf = <K extends string>(kind: K, name: TSchema) =>
  Type.Object({ kind: Type.Literal(kind), name, contactName: PersonName(), contactPhone: PhoneNumber() });
/** An individual's (爱心人士) name is personal data; an enterprise's or an organization's is not. */
const Claimant = Type.Union([claimantOf('individual', PersonName()), claimantOf('enterprise', FreeText()), claimantOf('organization', FreeText())]);

const Claim = Type.Object({
  id: Type.Integer(),
  claimant: Claimant,
  note: FreeText(),
  claimedAt: Instant(),
  decision: Nullable(Type.Object({ accepted: Type.Boolean(), reason: Nullable(FreeText()), decidedAt: Instant(), decidedByUserId: Nullable(Type.Integer()) })),
});

// ------------------------------------------------------------------------------------------------ project: 结项表 (附件2) and survey (附件3)

const LevelCounts = Keyed(SATISFACTION_LEVELS, Type.Integer());

const SurveySummary = Type.Object({
  respondentCount: Type.Integer(),
  counts: Keyed(SURVEY_QUESTIONS, LevelCounts),
  satisfaction: Type.Object({ satisfied: Type.Integer(), total: Type.Integer(), percent: Plain({ description: '满意率，如 96.7%' }) }),
  complete: Type.Boolean(),
  minRespondents: Type.Integer(),
  exception: Nullable(Type.Object({ reason: FreeText(), approvedByUserId: Nullable(Type.Integer()), approvedAt: Instant() })),
  flagged: Type.Boolean(),
});

/** One answered sheet; the respondent key (R6.5, a keyed hash) stays inside. */
const SurveyResponse = Type.Object({
  answers: Type.Partial(Keyed(SURVEY_QUESTIONS, Type.Enum(SATISFACTION_LEVELS))),
  suggestions: Nullable(FreeText()),
  signature: Nullable(PersonName()),
  date: Day(),
  source: Type.Enum(['online', 'paper']),
  recordedAt: Instant(),
});

const FundRows = Type.Object({ special: Fen('专项资金'), collective: Fen('集体经济投入'), social: Fen('社会资金') });

const Closure = Type.Object({
  form: Type.Object({
    reportingUnit: FreeText(),
    projectName: FreeText(),
    category: Type.Enum(CATEGORIES),
    handlingMode: Type.Enum(HANDLING_MODES),
    consultationDate: Day(),
    implementer: FreeText(),
    period: Period,
    beneficiaries: FreeText(),
    beneficiaryCount: Type.Integer(),
    budget: FundRows,
    actual: FundRows,
    implementation: Type.Union([
      Type.Object({ kind: Type.Literal('engineering'), workContent: FreeText(), unit: Plain(), plannedQuantity: Plain(), actualQuantity: Plain() }),
      Type.Object({ kind: Type.Literal('service'), serviceTime: FreeText(), servicePlace: FreeText(), participantCount: Type.Integer() }),
    ]),
    resultsText: FreeText(),
    photoAttachmentIds: Ids('成效照片'),
    attachments: Type.Object({
      stampedRegistrationIds: Ids('登记备案表（盖章）'),
      agreementIds: Ids('工程合同（服务协议）或帮扶协议'),
      invoiceIds: Ids('发票'),
      tenderingApplied: Type.Boolean(),
      procurementFilingIds: Ids('采购备案'),
      tenderDocumentIds: Ids('招标文件'),
      supplierQualificationIds: Ids('供应商资质'),
      taxRegistrationIds: Ids('税务登记'),
    }),
    survey: Nullable(SurveySummary),
  }),
  submittedAt: Instant(),
});

export const ProjectStateView = Type.Object({
  aggregate: Type.Literal('project'),
  id: Type.Integer(),
  status: Type.Enum(PROJECT_STATUSES),
  townId: Type.Integer(),
  communityId: Type.Integer(),
  communityName: Plain(),
  title: FreeText(),
  demandIds: Ids('项目回应的诉求'),
  sources: Type.Array(Type.Object({ demandId: Type.Integer(), channel: Type.Enum(CHANNELS), proposerKind: Type.Enum(PROPOSER_KINDS) })),
  collection: Type.Enum(['daily', 'centralized']),
  campaignId: Nullable(Type.Integer()),
  year: Type.Integer(),
  openedAt: Instant(),
  committeeMeeting: CommitteeMeeting,
  consultations: Type.Array(Consultation),
  feasibilityStudies: Type.Array(FeasibilityStudy),
  assemblyVotes: Type.Array(AssemblyVote),
  agreement: Nullable(Type.Object({ via: Type.Enum(['consultation', 'assemblyVote']), agreedAt: Instant(), result: ConsultationResult })),
  registration: Nullable(Registration),
  registeredAt: Nullable(Instant()),
  path: Nullable(Type.Enum(['small', 'town'], { description: 'small：村（社区）直接登记（R3.4）；town：报镇（街道）审核（R3.5）' })),
  flags: Type.Array(Type.Enum(PROJECT_FLAGS)),
  possibleSplitWith: Ids('疑似拆分的项目（R1.3）'),
  reviewRounds: Type.Array(ReviewRound),
  publicity: Nullable(Publicity),
  objections: Type.Array(Objection),
  claims: Type.Array(Claim),
  implementer: Nullable(FreeText()),
  implementationStartedAt: Nullable(Instant()),
  implementationCompletedAt: Nullable(Instant()),
  closure: Nullable(Closure),
  survey: Type.Object({ responses: Type.Array(SurveyResponse), summary: Nullable(SurveySummary), completedAt: Nullable(Instant()) }),
  closedAt: Nullable(Instant()),
  termination: Nullable(Type.Object({ at: Instant(), reason: FreeText() })),
});

// ------------------------------------------------------------------------------------------------ the detail responses

export const DeadlineItem = Type.Object({
  step: Plain(),
  rule: Plain(),
  label: Plain(),
  startedAt: Instant(),
  due: Instant(),
  dueDate: Day(),
  provisional: Type.Boolean(),
  warnings: Type.Array(Plain()),
  status: Type.Enum(['open', 'dueSoon', 'overdue', 'done', 'doneLate', 'cancelled']),
  visibleAbove: Nullable(Plain()),
});

const Flag = Type.Object({ flag: Type.Enum(PROJECT_FLAGS), label: Plain() });

export const CaseAttachment = Type.Object({
  id: Type.Integer(),
  ownerType: Type.Enum(['demand', 'project']),
  ownerId: Type.Integer(),
  kind: Type.Enum(ATTACHMENT_KINDS),
  kindLabel: Plain(),
  filename: FreeText(),
  mime: Plain(),
  size: Type.Integer({ description: '字节' }),
  sha256: Plain(),
  uploadedBy: Nullable(Plain({ description: '上传人（账号显示名）' })),
  uploadedAt: Instant(),
});

const LinkedDemand = Type.Object({
  id: Type.Integer(),
  trackingNumber: Plain(),
  title: FreeText(),
  status: Type.Enum(DEMAND_STATUSES),
  statusLabel: Plain(),
});

const LinkedProject = Type.Object({
  id: Type.Integer(),
  code: Plain({ description: '项目编号' }),
  title: FreeText(),
  status: Type.Enum(PROJECT_STATUSES),
  statusLabel: Plain(),
});

const detailHead = {
  id: Type.Integer(),
  version: Type.Integer({ description: '下一次操作须带上此版本号' }),
  statusLabel: Plain(),
  deadlines: Type.Array(DeadlineItem),
  attachments: Type.Array(CaseAttachment, { description: '本案的附件（项目另含其诉求的附件）' }),
};

export const DemandDetail = Type.Object({
  ...detailHead,
  status: Type.Enum(DEMAND_STATUSES),
  flags: Type.Array(Flag),
  state: DemandStateView,
  project: Nullable(LinkedProject),
  /** R2.6 the demands merged into this one. */
  linkedDemands: Type.Array(LinkedDemand),
});
export type DemandDetail = Static<typeof DemandDetail>;

export const ProjectDetail = Type.Object({
  ...detailHead,
  code: Plain({ description: '项目编号' }),
  status: Type.Enum(PROJECT_STATUSES),
  flags: Type.Array(Flag),
  state: ProjectStateView,
  demands: Type.Array(LinkedDemand, { description: '项目回应的诉求' }),
});
export type ProjectDetail = Static<typeof ProjectDetail>;

// ------------------------------------------------------------------------------------------------ domain ⇄ schema

/** Compile-time: each domain state has every field its view lists, with a type the view accepts. */
export const stateFitsView = {
  demand: (s: DemandState): ViewOf<typeof DemandStateView> => s,
  project: (s: ProjectState): ViewOf<typeof ProjectStateView> => s,
};
