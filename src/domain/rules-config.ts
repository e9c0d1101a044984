/**
 * Every number of RULES.md and every [reading] of the guide, in one typed object (RulesConfig).
 * The lifecycle reads its limits only from here, so a town can be configured differently without touching it;
 * DEFAULT_RULES_CONFIG is the city-wide reading written down in RULES.md.
 */
import type { BuiltInPublicityChannel, PublicityChannel } from './categories.js';
import { yuan, type Fen } from './money.js';

export interface ReviewDepartmentOption {
  /** Stable code of the department kind, e.g. `finance`. */
  readonly code: string;
  readonly label: string;
}

export type SplitMatch = 'category' | 'subcategory';
export type TriageClockStart = 'assignment' | 'acknowledgment';

export interface RulesConfig {
  /**
   * R0.3 [reading] 5万元以下 / 5万元以上 partition the amounts: ≤ this is the small path (inclusive), above it the town path.
   */
  readonly smallPathMaxFen: Fen;
  /** R1.2 caps (原则上): engineering ≤ 50万, service ≤ 20万; inclusive. */
  readonly capFen: { readonly engineering: Fen; readonly service: Fen };
  /** R1.2 [reading] an over-cap amount is accepted only with a written justification of at least this many characters. */
  readonly overCapJustificationMinLength: number;
  /** R1.3 [beyond the guide] small-path projects of one community compared for splitting inside this many days. */
  readonly splitWindowDays: number;
  /** R1.3 [reading] what "same category" compares: the top category (engineering / service) or the subcategory. */
  readonly splitMatch: SplitMatch;
  /** R2.3 receipt within 24 hours (R0.6 clock time). */
  readonly receiptHours: number;
  /** R2.4 两委联席会议 within 5 days (R0.4). */
  readonly triageDays: number;
  /**
   * R2.4 [reading] "within 5 days of receipt": receipt is the community's acknowledgment of the work order (R2.3),
   * so the clock starts when it is acknowledged; `assignment` would start it when the order arrives.
   */
  readonly triageClockStartsAt: TriageClockStart;
  /** R3.1 城乡社区协商会议 within 10 days of the 两委 meeting (R0.4). */
  readonly consultationDays: number;
  /**
   * R3.3 [reading] a 村（居）民（代表）会议 vote passes when more than this share of those present vote for it
   * (村民委员会组织法: 到会人员的过半数), as a fraction numerator / denominator, compared strictly.
   */
  readonly assemblyVotePassShare: { readonly numerator: number; readonly denominator: number };
  /** R4.1 town decision within 5 working days of submission (R0.5). */
  readonly reviewWorkingDays: number;
  /** R4.1 the departments a town may choose as co-reviewers (configurable per town). */
  readonly reviewDepartments: readonly ReviewDepartmentOption[];
  readonly publicity: {
    /** R5.1 a town-confirmed project is publicized at least this many days; shorter is refused. */
    readonly townMinDays: number;
    /** R5.2 [reading] a small-path project's community publicity lasts this many days when none is given. */
    readonly communityDefaultDays: number;
    /** R5.2 [reading] and never less than this many days. */
    readonly communityMinDays: number;
    /** R5.1 the channels every town publicity must use; the project's own portal is always one. */
    readonly townRequiredChannels: readonly PublicityChannel[];
    /** R5.2 the channels every community publicity must use. */
    readonly communityRequiredChannels: readonly PublicityChannel[];
  };
  /** R5.4 small-path engineering completed within 1 calendar month of the consultation. */
  readonly smallEngineeringCompletionMonths: number;
  /** R5.4 service projects started within 10 days (R0.4). */
  readonly serviceStartDays: number;
  /** R5.4 [reading] the 10 days of a service project are counted from the end of publicity. */
  readonly serviceStartCountedFrom: 'publicityEnd';
  /** R6.1 结项表 within 5 working days of completion (R0.5). */
  readonly closureWorkingDays: number;
  /** R6.3 the town's survey within 5 working days of receiving the 结项表 (R0.5). */
  readonly townSurveyWorkingDays: number;
  /** R6.4 [reading] at least 30 respondents; fewer only with a town-approved exception, which stays flagged. */
  readonly surveyMinRespondents: number;
  /** R7.2 a step is 即将超期 (dueSoon) when at most this many working days are left (R0.5 counting). */
  readonly dueSoonWorkingDays: number;
}

/** The four channels R5.1 names, plus the system's own public portal, which is always one. */
const TOWN_CHANNELS: readonly BuiltInPublicityChannel[] = [
  'projectPortal',
  'portal12345',
  'wechatGuanjia',
  'bureauWebsite',
  'communityPlatform',
];

export const DEFAULT_RULES_CONFIG: RulesConfig = deepFreeze({
  smallPathMaxFen: yuan(50_000),
  capFen: { engineering: yuan(500_000), service: yuan(200_000) },
  overCapJustificationMinLength: 10,
  splitWindowDays: 90,
  splitMatch: 'category',
  receiptHours: 24,
  triageDays: 5,
  triageClockStartsAt: 'acknowledgment',
  consultationDays: 10,
  assemblyVotePassShare: { numerator: 1, denominator: 2 },
  reviewWorkingDays: 5,
  reviewDepartments: [
    { code: 'finance', label: '财政' },
    { code: 'agricultureWater', label: '农林水务' },
    { code: 'housing', label: '住建' },
    { code: 'naturalResources', label: '自然资源' },
  ],
  publicity: {
    townMinDays: 5,
    communityDefaultDays: 5,
    communityMinDays: 5,
    townRequiredChannels: TOWN_CHANNELS,
    communityRequiredChannels: ['projectPortal'],
  },
  smallEngineeringCompletionMonths: 1,
  serviceStartDays: 10,
  serviceStartCountedFrom: 'publicityEnd',
  closureWorkingDays: 5,
  townSurveyWorkingDays: 5,
  surveyMinRespondents: 30,
  dueSoonWorkingDays: 1,
} satisfies RulesConfig);

/** A town's configuration: the defaults with some values replaced (one level of nesting for `publicity` and `capFen`). */
export function rulesConfigWith(
  overrides: Partial<Omit<RulesConfig, 'publicity' | 'capFen'>> & {
    readonly publicity?: Partial<RulesConfig['publicity']>;
    readonly capFen?: Partial<RulesConfig['capFen']>;
  },
  base: RulesConfig = DEFAULT_RULES_CONFIG,
): RulesConfig {
  return deepFreeze({
    ...base,
    ...overrides,
    publicity: { ...base.publicity, ...overrides.publicity },
    capFen: { ...base.capFen, ...overrides.capFen },
  });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
