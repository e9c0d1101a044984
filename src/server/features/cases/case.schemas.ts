/**
 * Request and response schemas shared by the case routes.
 */
import { Type } from 'typebox';
import { CHANNELS, PROPOSER_KINDS } from '../../../domain/categories.js';
import { DEMAND_STATUSES, PROJECT_STATUSES } from '../../../domain/lifecycle/statuses.js';
import { Id, MAX_DB_INTEGER, Mobile, Paging, Version } from '../../http/schemas.js';

export const IsoInstant = Type.String({ format: 'date-time', description: 'ISO-8601 时间' });
const LOCAL_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
export const LocalDateSchema = Type.String({ pattern: LOCAL_DATE_PATTERN, description: 'YYYY-MM-DD' });
export const Text = (max: number, min = 1): ReturnType<typeof Type.String> => Type.String({ minLength: min, maxLength: max });

export const VersionBody = Type.Object({ version: Version }, { additionalProperties: false });

export const ProposerSchema = Type.Object(
  {
    kind: Type.Enum(PROPOSER_KINDS, { description: '提议人类别：群众、两委、两代表一委员、驻点领导干部、驻村单位、其他' }),
    name: Text(32),
    phone: Type.Union([Mobile, Type.Null()]),
  },
  { additionalProperties: false },
);

export const NewDemandBody = Type.Object(
  {
    communityId: Type.Integer({ minimum: 1, maximum: MAX_DB_INTEGER, description: '诉求所在（属地）村（社区）' }),
    channel: Type.Enum(CHANNELS, { description: '来源渠道；“年度集中征集活动”录入本镇（街道）进行中的集中征集活动（R8.1），活动结束后不可选' }),
    proposer: ProposerSchema,
    title: Text(100),
    description: Text(2000),
    location: Text(200),
  },
  { additionalProperties: false },
);

export const MeetingSchema = Type.Object(
  {
    heldAt: IsoInstant,
    summary: Text(2000),
    minutesAttachmentIds: Type.Array(Id, { maxItems: 20 }),
  },
  { additionalProperties: false },
);

export const TriageBody = Type.Object(
  {
    version: Version,
    meeting: MeetingSchema,
    outcome: Type.Union([
      Type.Object({ kind: Type.Literal('adopt'), projectTitle: Text(100) }, { additionalProperties: false }),
      Type.Object(
        {
          kind: Type.Literal('existingPolicy'),
          departmentName: Text(50),
          policyName: Type.Union([Text(100), Type.Null()]),
          contactName: Text(32),
          contactPhone: Text(20, 5),
        },
        { additionalProperties: false },
      ),
      Type.Object({ kind: Type.Literal('decline'), reason: Text(500) }, { additionalProperties: false }),
    ]),
  },
  { additionalProperties: false },
);

/** Every status a case list may name: a status of the other lifecycle matches no case of this one. */
const CASE_STATUSES = [...new Set<string>([...DEMAND_STATUSES, ...PROJECT_STATUSES])];

export const CASE_LIST_ORDERS = ['asc', 'desc'] as const;
export const DEMAND_LIST_SORTS = ['createdAt', 'nextDeadline', 'number'] as const;

/**
 * The filters both lists take, each narrowing the caller's jurisdiction (never widening it: a town or community
 * outside it gives no case), and the list's order.
 */
export const CaseListFilters = {
  status: Type.Optional(Type.Array(Type.Enum(CASE_STATUSES), { maxItems: 20, description: '状态（可多选，任一即可）' })),
  townId: Type.Optional(Id),
  communityId: Type.Optional(Id),
  keyword: Type.Optional(Type.String({ maxLength: 50, description: '编号或名称中包含的文字' })),
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: '年度：诉求按录入时间（北京时间），项目按项目年度' })),
  createdFrom: Type.Optional(Type.String({ pattern: LOCAL_DATE_PATTERN, description: '录入（立项）日期起，含当日（北京时间，YYYY-MM-DD）' })),
  createdTo: Type.Optional(Type.String({ pattern: LOCAL_DATE_PATTERN, description: '录入（立项）日期止，含当日（北京时间，YYYY-MM-DD）' })),
  overdue: Type.Optional(Type.Boolean({ description: 'true：只列有已逾期未办结环节的案例（R7.2）' })),
  order: Type.Optional(Type.Enum(CASE_LIST_ORDERS, { description: '升序 asc / 降序 desc（默认降序）' })),
};

export const CaseListQuery = Type.Object(
  {
    ...CaseListFilters,
    channel: Type.Optional(Type.Array(Type.Enum(CHANNELS), { maxItems: CHANNELS.length, description: '来源渠道（可多选，R2.1）' })),
    sort: Type.Optional(
      Type.Enum(DEMAND_LIST_SORTS, { description: '排序：createdAt 录入时间（默认）/ nextDeadline 当前期限（无期限的在后）/ number 诉求编号' }),
    ),
    ...Paging,
  },
  { additionalProperties: false },
);

export const CaseListItemSchema = Type.Object({
  id: Type.Integer(),
  number: Type.String({ description: '诉求编号或项目编号' }),
  title: Type.String(),
  status: Type.String(),
  statusLabel: Type.String(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  townId: Type.Integer(),
  budgetFen: Type.Union([Type.Integer(), Type.Null()]),
  flags: Type.Array(Type.Object({ flag: Type.String(), label: Type.String() })),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
  nextDeadline: Type.Union([
    Type.Object({ step: Type.String(), label: Type.String(), due: Type.String(), overdue: Type.Boolean(), provisional: Type.Boolean() }),
    Type.Null(),
  ]),
});

export const CaseList = Type.Object({ total: Type.Integer(), items: Type.Array(CaseListItemSchema) });

export const Timeline = Type.Object({
  events: Type.Array(
    Type.Object({
      at: Type.String(),
      action: Type.String({ description: '操作（英文名，见 docs/rules.md）' }),
      actionLabel: Type.String({ description: '操作的中文名称' }),
      actor: Type.Union([Type.String(), Type.Null()], { description: '操作账号' }),
      actorName: Type.String({ description: '操作人：工作人员姓名，或“系统”“群众（线上）”' }),
      role: Type.Union([Type.String(), Type.Null()]),
      outcome: Type.String(),
      summary: Type.String({ description: '做了什么（中文，个人信息按角色脱敏）' }),
    }),
  ),
  feedbacks: Type.Array(
    Type.Object({
      id: Type.Integer(),
      demandId: Type.Integer(),
      kind: Type.String({ description: 'receipt 受理 / decision 确认 / result 办结 / claim 认领反馈' }),
      channel: Type.String(),
      recipient: Type.Union([Type.String(), Type.Null()]),
      body: Type.String(),
      status: Type.String(),
      attempts: Type.Integer(),
      createdAt: Type.String(),
      deliveredAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});
