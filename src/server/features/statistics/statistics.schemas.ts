/**
 * GET /api/statistics and its export: the filter, and the answer with every field it carries.
 */
import { Type, type Static } from 'typebox';
import { CATEGORIES, HANDLING_MODES } from '../../../domain/categories.js';
import { Id } from '../../http/schemas.js';

export const StatisticsQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: '年度：项目按项目年度，诉求按录入时间（北京时间）' })),
    townId: Type.Optional(Id),
    communityId: Type.Optional(Id),
    category: Type.Optional(Type.Enum(CATEGORIES, { description: '项目类型（R1.1），只筛选项目及其期限；诉求没有项目类型，不受此条件限制' })),
    handlingMode: Type.Optional(Type.Enum(HANDLING_MODES, { description: '办理方式（R5.5），只筛选项目及其期限；诉求没有办理方式，不受此条件限制' })),
  },
  { additionalProperties: false },
);
export type StatisticsQueryInput = Static<typeof StatisticsQuery>;

/** An amount in 分 and its 万元 text; shared by the plans' and funds' views. */
export const Money = Type.Object(
  { fen: Type.Integer({ description: '金额（分）' }), wan: Type.String({ description: '金额（万元，去掉末尾的 0）' }) },
  { additionalProperties: false },
);

const Drill = Type.Union(
  [
    Type.Object(
      {
        list: Type.Union([Type.Literal('projects'), Type.Literal('demands')]),
        query: Type.String({ description: '列表的查询参数（与 GET /api/projects 或 /api/demands 的参数同名），重现这一项的记录' }),
      },
      { additionalProperties: false },
    ),
    Type.Null(),
  ],
  { description: '下钻：重现这一项的列表；列表无法按此项筛选时为 null（如尚未确定的类型或办理方式）' },
);

const ProjectGroup = Type.Object(
  {
    key: Type.Union([Type.String(), Type.Null()], { description: '分组的值（单位 id、类型、办理方式、状态）；null 为尚未确定' }),
    label: Type.String(),
    count: Type.Integer({ description: '项目数' }),
    budget: Money,
    drill: Drill,
  },
  { additionalProperties: false },
);

const DemandGroup = Type.Object({ key: Type.String(), label: Type.String(), count: Type.Integer({ description: '诉求数' }), drill: Drill }, { additionalProperties: false });

const DeadlineCounts = {
  onTime: Type.Integer({ description: '按时办结' }),
  late: Type.Integer({ description: '逾期办结' }),
  overdue: Type.Integer({ description: '已逾期未办结' }),
  open: Type.Integer({ description: '未到期未办结' }),
  rate: Type.Union([Type.String(), Type.Null()], { description: '按时办结率 = 按时办结 ÷（已办结 + 已逾期未办结），百分数保留一位小数；无可计算的期限时为 null' }),
};

const DeadlineStepItem = Type.Object(
  { step: Type.String(), label: Type.String(), ...DeadlineCounts },
  { additionalProperties: false },
);

const DeadlineUnitItem = Type.Object(
  {
    unitId: Type.Integer(),
    unitName: Type.String(),
    ...DeadlineCounts,
    steps: Type.Array(DeadlineStepItem, { description: '本单位各环节（只列有期限的环节）' }),
  },
  { additionalProperties: false },
);

const FundRow = Type.Object(
  {
    source: Type.String(),
    label: Type.String(),
    planned: Money,
    actual: Money,
    disbursed: { ...Money, description: '资金台账登记的发放金额（R9.1）：筛选范围内全部项目，不限已结项' },
  },
  { additionalProperties: false },
);

export const StatisticsResponse = Type.Object(
  {
    filter: Type.Object(
      {
        year: Type.Union([Type.Integer(), Type.Null()]),
        townId: Type.Union([Type.Integer(), Type.Null()]),
        communityId: Type.Union([Type.Integer(), Type.Null()]),
        category: Type.Union([Type.String(), Type.Null()]),
        handlingMode: Type.Union([Type.String(), Type.Null()]),
      },
      { additionalProperties: false },
    ),
    scope: Type.Object(
      { kind: Type.Union([Type.Literal('city'), Type.Literal('town'), Type.Literal('community')], { description: '统计范围：全市、一个镇（街道）或一个村（社区）' }), unitId: Type.Union([Type.Integer(), Type.Null()]) },
      { additionalProperties: false },
    ),
    generatedAt: Type.String(),
    totals: Type.Object(
      {
        demands: Type.Integer(),
        projects: Type.Integer(),
        budget: Money,
        demandsDrill: Drill,
        projectsDrill: Drill,
      },
      { additionalProperties: false },
    ),
    projectsByTown: Type.Array(ProjectGroup, { description: '按镇（街道），只对全市范围的读者' }),
    projectsByCommunity: Type.Array(ProjectGroup),
    projectsByCategory: Type.Array(ProjectGroup),
    projectsByHandlingMode: Type.Array(ProjectGroup),
    projectsByStatus: Type.Array(ProjectGroup),
    projectsByYear: Type.Array(ProjectGroup, { description: '按项目年度，早的在前' }),
    demandsByChannel: Type.Array(DemandGroup),
    demandsByStatus: Type.Array(DemandGroup),
    deadlines: Type.Object(
      {
        unitKind: Type.Union([Type.Literal('town'), Type.Literal('community')], { description: 'byUnit 的单位：全市范围按镇（街道），否则按村（社区）' }),
        byStep: Type.Array(DeadlineStepItem),
        byUnit: Type.Array(DeadlineUnitItem),
      },
      { additionalProperties: false },
    ),
    satisfaction: Type.Object(
      {
        closedProjects: Type.Integer({ description: '已结项项目数' }),
        projectsRead: Type.Integer({ description: '计入测评结果与结项金额的已结项项目数（全部已结项项目）' }),
        complete: Type.Boolean({ description: 'false：已结项项目多于读取上限，满意度和实际投入只统计了最新的部分' }),
        surveyedProjects: Type.Integer({ description: '有测评结果的项目数' }),
        respondents: Type.Integer({ description: '参与测评人数' }),
        answered: Type.Integer({ description: '回答了“项目总体评价”的人数' }),
        satisfied: Type.Integer({ description: '非常满意、满意、基本满意的人数' }),
        rate: Type.Union([Type.String(), Type.Null()], { description: '满意率（百分数，一位小数）' }),
      },
      { additionalProperties: false },
    ),
    flags: Type.Array(
      Type.Object({ flag: Type.String(), label: Type.String(), rule: Type.String(), count: Type.Integer(), drill: Drill }, { additionalProperties: false }),
    ),
    funds: Type.Object(
      {
        closedProjects: Type.Integer({ description: '计入的已结项项目数（与满意度读取的相同）' }),
        rows: Type.Array(FundRow, { description: '结项表各资金来源：预算投入（登记备案）与实际投入' }),
        total: Type.Object({ planned: Money, actual: Money, disbursed: Money }, { additionalProperties: false }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type Statistics = Static<typeof StatisticsResponse>;
export type ProjectGroupItem = Static<typeof ProjectGroup>;
export type DemandGroupItem = Static<typeof DemandGroup>;
export type DeadlineStepStat = Static<typeof DeadlineStepItem>;
export type DeadlineUnitStat = Static<typeof DeadlineUnitItem>;
export type DrillTarget = Static<typeof Drill>;
export type MoneyValue = Static<typeof Money>;
