/**
 * The funds API's bodies and answers (R9): a town's ledger of a year with its accounts and balances, a
 * disbursement, the town's matching funds, a project's budget against actual, the self-check and
 * performance-evaluation rows. Money is integer 分 (R0.1); dates are civil dates (R0.2).
 */
import { Type, type Static } from 'typebox';
import { CLOSURE_FUND_ROWS } from '../../../domain/categories.js';
import { MAX_MONEY_FEN } from '../../../domain/money.js';
import { Id, MAX_DB_INTEGER } from '../../http/schemas.js';
import { LocalDateSchema } from '../cases/case.schemas.js';

const Fen = Type.Integer({ description: '金额（分）' });
const SignedFen = Type.Integer({ description: '金额（分，可为负）' });
const NullableFen = Type.Union([Type.Integer(), Type.Null()], { description: '金额（分）；未结项为空' });
const Source = Type.Enum([...CLOSURE_FUND_ROWS], { description: '资金来源：special 专项资金，collective 村（社区）集体经济（含自筹），social 社会投入' });
const Pot = Type.Enum(['allocation', 'matching'], { description: '专项资金出自：allocation 市分配经费，matching 镇街配套资金' });
const Year = Type.Integer({ minimum: 2000, maximum: 2100, description: '年度（如 2026）' });
/** The version of a town-year aggregate as read (0: nothing stored yet). */
const TownYearVersion = Type.Integer({ minimum: 0, maximum: MAX_DB_INTEGER, description: '读取时的版本号（尚无记录时为 0；乐观并发控制）' });

export const FundRowsSchema = Type.Object({ special: Fen, collective: Fen, social: Fen }, { additionalProperties: false });

export const YearQuery = Type.Object({ year: Year }, { additionalProperties: false });

export const RecordDisbursementBody = Type.Object(
  {
    year: Year,
    version: TownYearVersion,
    date: Type.String({ ...LocalDateSchema, description: '发放日期（YYYY-MM-DD，不晚于今天）' }),
    projectId: Id,
    amountFen: Type.Integer({ minimum: 1, maximum: MAX_MONEY_FEN, description: '发放金额（分）' }),
    source: Source,
    voucherNo: Type.String({ minLength: 1, maxLength: 60, description: '凭证号（本镇（街道）内不得重复，不分大小写、全半角）' }),
    override: Type.Optional(
      Type.Union([Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500, description: '超出核定金额发放的理由（R9.2）' }) }, { additionalProperties: false }), Type.Null()]),
    ),
  },
  { additionalProperties: false },
);
export type RecordDisbursementInput = Static<typeof RecordDisbursementBody>;

export const SetMatchingFundBody = Type.Object(
  {
    year: Year,
    version: TownYearVersion,
    amountFen: Type.Integer({ minimum: 1, maximum: MAX_MONEY_FEN, description: '镇街配套资金（分）' }),
    reason: Type.Union([Type.String({ maxLength: 500 }), Type.Null()], { description: '调整理由（首次设定可为空，之后每次调整必填）' }),
  },
  { additionalProperties: false },
);
export type SetMatchingFundInput = Static<typeof SetMatchingFundBody>;

const Override = Type.Union(
  [
    Type.Object(
      { reason: Type.String(), approvedFen: Fen, excessFen: Fen, byUserId: Type.Union([Type.Integer(), Type.Null()]) },
      { additionalProperties: false, description: '超额发放（R9.2）：理由、核定金额、超出金额、经办人' },
    ),
    Type.Null(),
  ],
);

export const DisbursementLine = Type.Object(
  {
    id: Type.Integer(),
    date: Type.String({ description: '发放日期' }),
    communityId: Type.Integer(),
    communityName: Type.String(),
    projectId: Type.Integer(),
    projectCode: Type.String(),
    projectName: Type.String(),
    amountFen: Fen,
    source: Source,
    sourceLabel: Type.String(),
    fundedFrom: Type.Union([Pot, Type.Null()]),
    voucherNo: Type.String(),
    recordedAt: Type.String(),
    recordedByUserId: Type.Union([Type.Integer(), Type.Null()]),
    override: Override,
  },
  { additionalProperties: false },
);

const CommunityAccount = Type.Object(
  { communityId: Type.Integer(), communityName: Type.String(), received: FundRowsSchema, balanceFen: Fen },
  { additionalProperties: false, description: '村（社区）专用账户：按来源收到的资金' },
);

const PotBalance = Type.Object({ creditedFen: Fen, drawnFen: Fen, balanceFen: SignedFen }, { additionalProperties: false });

const AmountHistory = Type.Array(
  Type.Object({ amountFen: Fen, setAt: Type.String(), setByUserId: Type.Union([Type.Integer(), Type.Null()]), reason: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false }),
);

const FundProject = Type.Object(
  {
    projectId: Type.Integer(),
    code: Type.String(),
    projectName: Type.String(),
    communityId: Type.Integer(),
    communityName: Type.String(),
    status: Type.String(),
    fundedFrom: Pot,
    approved: FundRowsSchema,
    disbursed: FundRowsSchema,
  },
  { additionalProperties: false, description: '可登记发放的项目（本镇（街道）该年度已备案或经确认的项目）' },
);

export const LedgerResponse = Type.Object(
  {
    townId: Type.Integer(),
    townName: Type.String(),
    year: Type.Integer(),
    version: Type.Integer({ description: '台账版本号（尚无记录时为 0），登记发放时带回' }),
    canRecord: Type.Boolean({ description: '当前用户可否登记发放、设定配套资金' }),
    allocation: Type.Object({ amountFen: NullableFen }, { additionalProperties: false, description: '市分配经费额度（市民政局设定；未设定为空）' }),
    matchingFund: Type.Object({ amountFen: NullableFen, version: Type.Integer(), history: AmountHistory }, { additionalProperties: false }),
    balances: Type.Object(
      {
        cityAllocation: PotBalance,
        matchingFund: PotBalance,
        totalDisbursedFen: Fen,
        balanceFen: SignedFen,
      },
      { additionalProperties: false, description: '市分配额度、镇街配套资金各自的发放与余额，发放合计与总余额' },
    ),
    communities: Type.Array(CommunityAccount),
    lines: Type.Array(DisbursementLine),
    discrepancies: Type.Array(Type.Object({ account: Type.String(), keptFen: Fen, derivedFen: Fen }, { additionalProperties: false }), {
      description: 'R9.1 台账与账户不一致之处（应为空）',
    }),
    projects: Type.Array(FundProject),
  },
  { additionalProperties: false },
);
export type LedgerView = Static<typeof LedgerResponse>;

export const RecordDisbursementResponse = Type.Object({ line: DisbursementLine, ledger: LedgerResponse }, { additionalProperties: false });

const BudgetRow = Type.Object(
  {
    source: Source,
    label: Type.String(),
    approvedFen: Fen,
    disbursedFen: Fen,
    actualFen: NullableFen,
    varianceFen: Type.Union([Type.Integer(), Type.Null()]),
    undisbursedFen: SignedFen,
  },
  { additionalProperties: false },
);

export const ProjectFundsResponse = Type.Object(
  {
    projectId: Type.Integer(),
    townId: Type.Integer(),
    year: Type.Integer(),
    rows: Type.Array(BudgetRow, { description: 'R9.2 按资金来源：核定、已发放、实际投入、差额、待发放' }),
    total: Type.Object(
      { approvedFen: Fen, disbursedFen: Fen, actualFen: NullableFen, varianceFen: Type.Union([Type.Integer(), Type.Null()]), undisbursedFen: SignedFen },
      { additionalProperties: false },
    ),
    lines: Type.Array(DisbursementLine),
  },
  { additionalProperties: false },
);
export type ProjectFundsView = Static<typeof ProjectFundsResponse>;

const UnitRow = Type.Object(
  {
    unit: Type.Object({ kind: Type.Enum(['town', 'community']), id: Type.Integer(), name: Type.String() }, { additionalProperties: false }),
    projectCount: Type.Integer(),
    closedCount: Type.Integer(),
    approvedFen: Fen,
    disbursedFen: Fen,
    actualFen: Fen,
    varianceFen: SignedFen,
    closedOnTimeCount: Type.Integer(),
    closedLateCount: Type.Integer(),
    satisfied: Type.Integer(),
    respondents: Type.Integer(),
    satisfactionPercent: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

const ProjectRow = Type.Object(
  {
    projectId: Type.Integer(),
    code: Type.String(),
    communityId: Type.Integer(),
    communityName: Type.String(),
    projectName: Type.String(),
    status: Type.String(),
    statusLabel: Type.String(),
    approvedFen: Fen,
    disbursedFen: Fen,
    actualFen: NullableFen,
    varianceFen: Type.Union([Type.Integer(), Type.Null()]),
    closedOnTime: Type.Union([Type.Boolean(), Type.Null()]),
    satisfied: Type.Integer(),
    respondents: Type.Integer(),
    satisfactionPercent: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const EvaluationQuery = Type.Object(
  { year: Year, communityId: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DB_INTEGER, description: '只看该村（社区）（须属本镇（街道））' })) },
  { additionalProperties: false },
);
export type EvaluationQueryInput = Static<typeof EvaluationQuery>;

export const EvaluationExportQuery = Type.Object(
  {
    year: Year,
    communityId: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DB_INTEGER, description: '只导出该村（社区）（须属本镇（街道））' })),
    format: Type.Optional(Type.Enum(['xlsx', 'pdf'], { default: 'xlsx', description: 'xlsx（Excel，默认）或 pdf' })),
  },
  { additionalProperties: false },
);

export const EvaluationResponse = Type.Object(
  {
    townId: Type.Integer(),
    townName: Type.String(),
    year: Type.Integer(),
    communityId: Type.Union([Type.Integer(), Type.Null()], { description: '只看一个村（社区）时为其编号' }),
    town: UnitRow,
    communities: Type.Array(UnitRow),
    projects: Type.Array(ProjectRow),
  },
  { additionalProperties: false },
);
export type EvaluationView = Static<typeof EvaluationResponse>;
