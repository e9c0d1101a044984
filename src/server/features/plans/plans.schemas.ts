/**
 * What the annual collection and plan routes (R8) take and return: every field that may leave is listed here.
 */
import { Type, type Static } from 'typebox';
import { Id, Version } from '../../http/schemas.js';
import { FenSchema } from '../cases/project.schemas.js';
import { Money } from '../statistics/statistics.schemas.js';

const Year = Type.Integer({ minimum: 2000, maximum: 2100, description: '年度（如 2027）' });
const LocalDateSchema = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: '日期（YYYY-MM-DD，北京时间）' });
const Collection = Type.Enum(['centralized', 'daily'], { description: '集中征集或日常收集' });

export const TownYearParams = Type.Object({ id: Id, year: Year }, { additionalProperties: false });
export const YearQuery = Type.Object({ year: Year }, { additionalProperties: false });
export const CampaignListQuery = Type.Object({ year: Type.Optional(Year), townId: Type.Optional(Id) }, { additionalProperties: false });
export const ReportListQuery = CampaignListQuery;

export const OpenCampaignBody = Type.Object(
  {
    year: Year,
    title: Type.String({ minLength: 1, maxLength: 100, description: '活动名称，如“2027年度民生微实事集中征集活动”' }),
    closesOn: Type.Optional(Type.Union([LocalDateSchema, Type.Null()], { description: '截止日期，不填为该年度1月31日（R8.1）' })),
  },
  { additionalProperties: false },
);

export const CloseCampaignBody = Type.Object(
  { version: Version, reason: Type.String({ minLength: 1, maxLength: 500, description: '提前结束的理由' }) },
  { additionalProperties: false },
);

export const SetAllocationBody = Type.Object(
  {
    amountFen: FenSchema,
    reason: Type.Union([Type.String({ maxLength: 500 }), Type.Null()], { description: '调整额度的理由（首次设定为 null，调整必填）' }),
    version: Type.Union([Version, Type.Null()], { description: '读取时额度的版本号；首次设定为 null' }),
  },
  { additionalProperties: false },
);

export const SubmitPlanBody = Type.Object(
  {
    version: Type.Integer({ minimum: 0, description: '读取时年度计划的版本号（尚无记录为 0）' }),
    stamp: Type.Object(
      {
        authority: Type.Enum(['partyCommittee', 'government'], { description: '党委公章或政府公章' }),
        stampedByName: Type.String({ minLength: 1, maxLength: 100, description: '经办人' }),
        stampedOn: LocalDateSchema,
        scanAttachmentId: Id,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export const AdjustLibraryBody = Type.Object(
  {
    version: Type.Integer({ minimum: 0, description: '读取时年度计划的版本号（尚无记录为 0）' }),
    projectId: Id,
    reason: Type.String({ minLength: 1, maxLength: 500, description: '调整理由（报市民政局）' }),
  },
  { additionalProperties: false },
);

const ProgressRow = Type.Object(
  {
    communityId: Id,
    communityName: Type.String(),
    demands: Type.Integer({ description: '经集中征集渠道登记的诉求' }),
    projects: Type.Integer({ description: '由此立项的项目' }),
    confirmed: Type.Integer({ description: '经镇（街道）确认纳入年度项目库的项目' }),
  },
  { additionalProperties: false },
);

export const CampaignViewSchema = Type.Object(
  {
    id: Id,
    version: Type.Integer(),
    townId: Id,
    townName: Type.String(),
    year: Year,
    title: Type.String(),
    openedAt: Type.String({ format: 'date-time' }),
    closesOn: LocalDateSchema,
    endsAt: Type.String({ format: 'date-time', description: '征集结束的时刻（截止日24:00或提前结束时）' }),
    closedEarly: Type.Union([Type.Object({ at: Type.String({ format: 'date-time' }), reason: Type.String() }, { additionalProperties: false }), Type.Null()]),
    open: Type.Boolean(),
    statusLabel: Type.String(),
    progress: Type.Array(ProgressRow, { description: '各村（社区）的征集进度（村（社区）工作人员只看到本村（社区））' }),
    totals: Type.Object({ demands: Type.Integer(), projects: Type.Integer(), confirmed: Type.Integer() }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export const CampaignList = Type.Object({ items: Type.Array(CampaignViewSchema) }, { additionalProperties: false });

const PlanStatusSchema = Type.Enum(['open', 'overdue', 'submitted', 'submittedLate'], { description: '待报送、逾期未报送、已报送、逾期报送' });
const CampaignRef = Type.Union([
  Type.Object({ id: Id, closesOn: LocalDateSchema, open: Type.Boolean() }, { additionalProperties: false }),
  Type.Null(),
]);

export const AnnualPlanViewSchema = Type.Object(
  {
    townId: Id,
    townName: Type.String(),
    year: Year,
    version: Type.Integer({ description: '年度计划的版本号（尚无记录为 0）' }),
    status: PlanStatusSchema,
    statusLabel: Type.String(),
    dueDate: LocalDateSchema,
    summary: Type.Object(
      {
        centralizedTotal: Money,
        adjustmentTotal: Money,
        total: Money,
        allocation: Type.Union([Money, Type.Null()]),
        difference: Type.Union([Money, Type.Null()], { description: '集中征集项目总额 − 市分配额度（负数为不足）' }),
        gap: Type.Union([Money, Type.Null()], { description: '距市分配额度尚差' }),
        meetsAllocation: Type.Union([Type.Boolean(), Type.Null()]),
      },
      { additionalProperties: false },
    ),
    allocation: Type.Union([
      Type.Object(
        {
          amount: Money,
          version: Type.Integer(),
          history: Type.Array(Type.Object({ amount: Money, setAt: Type.String({ format: 'date-time' }), reason: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false })),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    entries: Type.Array(
      Type.Object(
        {
          projectId: Id,
          projectName: Type.String(),
          communityId: Id,
          communityName: Type.String(),
          budget: Money,
          kind: Type.Enum(['centralized', 'adjustment']),
          kindLabel: Type.String(),
          fundedFrom: Type.Enum(['allocation', 'matching'], { description: '市分配额度或镇街配套资金' }),
          collection: Collection,
          collectionLabel: Type.String(),
          enteredAt: Type.String({ format: 'date-time' }),
          adjustmentReason: Type.Union([Type.String(), Type.Null()]),
        },
        { additionalProperties: false },
      ),
    ),
    submission: Type.Union([
      Type.Object(
        {
          submittedAt: Type.String({ format: 'date-time' }),
          late: Type.Boolean(),
          centralizedTotal: Money,
          allocation: Money,
          stamp: Type.Object(
            {
              authority: Type.Enum(['partyCommittee', 'government']),
              authorityLabel: Type.String(),
              stampedByName: Type.String(),
              stampedOn: LocalDateSchema,
              scanAttachmentId: Id,
            },
            { additionalProperties: false },
          ),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    candidates: Type.Array(
      Type.Object(
        {
          projectId: Id,
          projectName: Type.String(),
          communityName: Type.String(),
          budget: Money,
          collection: Collection,
          collectionLabel: Type.String(),
          categoryLabel: Type.Union([Type.String(), Type.Null()]),
          statusLabel: Type.String(),
        },
        { additionalProperties: false },
      ),
      { description: '可调入年度项目库的本年度已登记备案项目（仅镇街工作人员）' },
    ),
    campaign: CampaignRef,
  },
  { additionalProperties: false },
);

export const PlanOverviewItemSchema = Type.Object(
  {
    townId: Id,
    townName: Type.String(),
    year: Year,
    status: PlanStatusSchema,
    statusLabel: Type.String(),
    dueDate: LocalDateSchema,
    submittedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    allocation: Type.Union([Money, Type.Null()]),
    centralizedTotal: Money,
    gap: Type.Union([Money, Type.Null()]),
    adjustments: Type.Integer(),
    adjustmentTotal: Money,
    entries: Type.Integer(),
    campaign: CampaignRef,
  },
  { additionalProperties: false },
);
export const PlanOverview = Type.Object({ items: Type.Array(PlanOverviewItemSchema) }, { additionalProperties: false });

export const BureauReportSchema = Type.Object(
  {
    id: Id,
    kind: Type.Enum(['planSubmitted', 'libraryAdjusted', 'disbursementOverridden']),
    kindLabel: Type.String(),
    townId: Id,
    townName: Type.String(),
    year: Year,
    projectId: Type.Union([Id, Type.Null()]),
    projectName: Type.Union([Type.String(), Type.Null()]),
    amount: Type.Union([Money, Type.Null()]),
    reason: Type.Union([Type.String(), Type.Null()]),
    late: Type.Union([Type.Boolean(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);
export const BureauReportList = Type.Object({ items: Type.Array(BureauReportSchema) }, { additionalProperties: false });

export type CampaignView = Static<typeof CampaignViewSchema>;
export type AnnualPlanView = Static<typeof AnnualPlanViewSchema>;
export type PlanOverviewItem = Static<typeof PlanOverviewItemSchema>;
export type BureauReportView = Static<typeof BureauReportSchema>;
