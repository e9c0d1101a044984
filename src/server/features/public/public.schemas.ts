/**
 * Request and response schemas of the public portal's API. The response schemas list every field that may leave
 * the server (the serializer drops anything else), so a public response cannot carry more than `publicProjectView`
 * / `publicDemandView` and the derived facts named here.
 */
import { Type, type TSchema } from 'typebox';
import { CATEGORIES, SUBCATEGORY_CODES } from '../../../domain/categories.js';
import { SATISFACTION_LEVELS } from '../../../domain/forms/survey.js';
import { Id, MAX_DB_INTEGER, Mobile } from '../../http/schemas.js';
import { MAX_SURVEY_TOKENS } from './public.service.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const MoneyLine = Type.Object({ label: Type.String({ description: '经费来源' }), amountWan: Type.String({ description: '金额（万元）' }) });

export const PublicProject = Type.Object({
  id: Type.Integer(),
  code: Type.String({ description: '项目编号' }),
  name: Type.String({ description: '项目名称' }),
  status: Type.String({ description: '项目状态（中文）' }),
  communityName: Type.String(),
  category: Nullable(Type.String({ description: '项目类别，如“便民工程项目 · 生活环境美化工程”（登记备案后才有）' })),
  location: Nullable(Type.String()),
  budgetWan: Nullable(Type.String({ description: '预算（万元）' })),
  contactName: Nullable(Type.String({ description: '联系人（已脱敏）' })),
  contactPhone: Nullable(Type.String({ description: '联系电话（已脱敏）' })),
  townOpinionText: Nullable(Type.String({ description: '镇（街道）审核意见' })),
  handlingMode: Nullable(Type.String({ description: '办理方式' })),
  publicity: Nullable(Type.Object({ startedAt: Type.String(), endsAt: Type.String() })),
  publicityStatus: Nullable(Type.String({ description: '公示中 / 已结束' })),
  objections: Type.Array(
    Type.Object({
      raisedAt: Type.String(),
      raisedBy: Nullable(Type.String({ description: '异议人（已脱敏）' })),
      text: Type.String(),
      answer: Nullable(Type.String()),
    }),
  ),
  satisfactionPercent: Nullable(Type.String({ description: '满意率（%）' })),
  flags: Type.Array(Type.String()),
  participation: Type.Object({
    objection: Type.Boolean({ description: '公示期内，可提出异议' }),
    claim: Type.Boolean({ description: '莞家直达项目，可认领' }),
    survey: Type.Boolean({ description: '满意度测评进行中' }),
  }),
  plan: Nullable(
    Type.Object(
      {
        content: Type.String({ description: '项目建设（服务）内容' }),
        beneficiaries: Type.String({ description: '项目惠及人群' }),
        fundSources: Type.Array(MoneyLine, { description: '经费来源及金额' }),
        implementer: Type.String({ description: '实施主体（承接服务方）' }),
        period: Type.Object({ start: Type.String(), end: Type.String() }, { description: '实施时限' }),
      },
      { description: '协商确定的项目方案（公示后可见）' },
    ),
  ),
  results: Nullable(
    Type.Object(
      {
        implementer: Type.String({ description: '实施主体' }),
        period: Type.Object({ start: Type.String(), end: Type.String() }, { description: '项目实施时间' }),
        beneficiaries: Type.String({ description: '受益对象' }),
        beneficiaryCount: Type.Integer({ description: '受益人数' }),
        actual: Type.Array(MoneyLine, { description: '实际投入（按结项表资金行）' }),
        actualTotalWan: Type.String({ description: '实际投入合计（万元）' }),
        resultsText: Type.String({ description: '项目成效' }),
        photos: Type.Array(Type.Object({ url: Type.String({ description: '照片地址（已去除拍摄位置等元数据）' }) }), { description: '项目成效照片' }),
      },
      { description: '结项表摘要（办结后可见）' },
    ),
  ),
});

export const PublicProjectList = Type.Object({ total: Type.Integer(), items: Type.Array(PublicProject) });

export const PublicProjectQuery = Type.Object(
  {
    list: Type.Optional(Type.Union([Type.Literal('publicity'), Type.Literal('results')], { default: 'publicity', description: 'publicity：项目公示；results：办结结果公开' })),
    phase: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('ended')], { description: '公示中 / 已结束（仅项目公示）' })),
    townId: Type.Optional(Id),
    communityId: Type.Optional(Id),
    category: Type.Optional(
      Type.Union([...CATEGORIES, ...SUBCATEGORY_CODES].map((c) => Type.Literal(c)), {
        description: '类别：engineering 便民工程项目 / service 公益服务项目，或具体类别 E1–E3、S1–S8',
      }),
    ),
    keyword: Type.Optional(Type.String({ maxLength: 50 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_DB_INTEGER, default: 0 })),
  },
  { additionalProperties: false },
);

export const TrackBody = Type.Object(
  {
    trackingNumber: Type.String({ minLength: 4, maxLength: 40, pattern: '^[A-Za-z0-9-]+$', description: '诉求查询编号' }),
    phone: Type.String({ minLength: 7, maxLength: 20, pattern: '^[0-9][0-9 -]*$', description: '提交诉求时留下的手机号' }),
  },
  { additionalProperties: false },
);

export const TrackingResult = Type.Object({
  demand: Type.Object({
    trackingNumber: Type.String(),
    title: Type.String(),
    status: Type.String(),
    communityName: Type.String(),
    proposerName: Type.String({ description: '已脱敏' }),
    proposerPhone: Nullable(Type.String({ description: '已脱敏' })),
    createdAt: Type.String(),
  }),
  summary: Type.String({ description: '办理状态（一句话说明）' }),
  timeline: Type.Array(Type.Object({ at: Type.String(), text: Type.String() }), { description: '办理进度，最新在前' }),
  feedbacks: Type.Array(Type.Object({ at: Type.String(), kind: Type.String(), body: Type.String() }), { description: '收到的全部反馈，最早在前' }),
  deadlines: Type.Array(
    Type.Object({
      step: Type.String({ description: '环节代码' }),
      text: Type.String({ description: '环节（中文）' }),
      dueAt: Type.String({ description: '期限（ISO 时间）' }),
      dueDate: Type.String({ description: '最后一天（北京时间日期）' }),
      overdue: Type.Boolean({ description: '已超期' }),
    }),
    { description: '尚未完成的办理环节及期限，最近的在前' },
  ),
  project: Type.Union(
    [
      Type.Object({
        id: Type.Integer(),
        code: Type.String({ description: '项目编号' }),
        name: Type.String(),
        status: Type.String({ description: '项目状态（中文）' }),
        published: Type.Boolean({ description: '已公示：可打开 /api/public/projects/:id' }),
      }),
      Type.Null(),
    ],
    { description: '诉求纳入的“民生微实事”项目；尚未立项时为 null' },
  ),
});

export const ObjectionBody = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 1000, description: '异议内容' }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: '姓名（可不填）' })),
    phone: Type.Optional(Mobile),
  },
  { additionalProperties: false },
);

export const ObjectionResult = Type.Object({ objectionId: Type.Integer(), project: PublicProject });

export const ClaimBody = Type.Object(
  {
    claimant: Type.Object(
      {
        kind: Type.Union([Type.Literal('enterprise'), Type.Literal('organization'), Type.Literal('individual')], {
          description: '企业 / 社会组织 / 爱心人士',
        }),
        name: Type.String({ minLength: 1, maxLength: 100, description: '认领方名称或姓名' }),
        contactName: Type.String({ minLength: 1, maxLength: 50 }),
        contactPhone: Type.String({ minLength: 7, maxLength: 20, description: '联系电话' }),
      },
      { additionalProperties: false },
    ),
    note: Type.String({ maxLength: 500, description: '认领说明' }),
  },
  { additionalProperties: false },
);

export const ClaimResult = Type.Object({ claimId: Type.Integer(), project: PublicProject });

const Level = Type.Enum(SATISFACTION_LEVELS, { description: '非常满意 / 满意 / 基本满意 / 不满意 / 非常不满意' });

export const SurveyToken = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: '测评链接中的一次性令牌' });

export const SurveyAnswerBody = Type.Object(
  {
    token: Type.Optional(SurveyToken),
    phone: Type.Optional(Mobile),
    answers: Type.Object(
      {
        overall: Level,
        quality: Type.Optional(Level),
        effect: Type.Optional(Level),
        attitude: Type.Optional(Level),
        efficiency: Type.Optional(Level),
        closeness: Type.Optional(Level),
        openness: Type.Optional(Level),
        other: Type.Optional(Level),
      },
      { additionalProperties: false },
    ),
    suggestion: Type.Optional(Type.String({ maxLength: 1000, description: '其他意见或建议' })),
    signature: Type.Optional(Type.String({ maxLength: 50, description: '签名（可不填）' })),
  },
  { additionalProperties: false },
);

export const SurveyAnswerResult = Type.Object({ projectId: Type.Integer(), answeredOn: Type.String() });

export const QuestionnaireSchema = Type.Object({
  projectId: Type.Integer(),
  projectName: Type.String(),
  communityName: Type.String(),
  open: Type.Boolean({ description: '是否正在接受测评' }),
  questions: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), required: Type.Boolean() })),
  levels: Type.Array(Type.Object({ key: Type.String(), label: Type.String() })),
});

export const ProjectIdParams = Type.Object({ projectId: Id }, { additionalProperties: false });
export const TokenParams = Type.Object({ token: SurveyToken }, { additionalProperties: false });
export const PhotoParams = Type.Object(
  { id: Id, n: Type.Integer({ minimum: 1, maximum: 100, description: '第几张成效照片（从 1 起）' }) },
  { additionalProperties: false },
);

export const IssueTokensBody = Type.Object(
  { count: Type.Integer({ minimum: 1, maximum: MAX_SURVEY_TOKENS, description: '生成链接数量' }) },
  { additionalProperties: false },
);

export const IssuedTokens = Type.Object({
  projectId: Type.Integer(),
  tokens: Type.Array(Type.Object({ token: Type.String(), link: Type.String({ description: '测评页面地址，可制成二维码' }) })),
});
