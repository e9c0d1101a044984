/**
 * The closed vocabularies of the guide and its forms, with their Chinese labels:
 * project categories and subcategories (R1.1), demand channels (R2.1), proposer kinds (R2.2) and their mapping to the
 * 登记备案表's 来源渠道 boxes, the consultation form options (R3.1), handling modes (R5.5), fund sources (R3.1, R9.2)
 * and publicity channels (R5.1, R5.2).
 */

// ---------------------------------------------------------------------------------------------------------------
// R1.1 categories

export const CATEGORIES = ['engineering', 'service'] as const;
export type Category = (typeof CATEGORIES)[number];

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  engineering: '便民工程项目',
  service: '公益服务项目',
};

export const SUBCATEGORY_CODES = ['E1', 'E2', 'E3', 'S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8'] as const;
export type SubcategoryCode = (typeof SUBCATEGORY_CODES)[number];

export interface Subcategory {
  readonly code: SubcategoryCode;
  readonly category: Category;
  readonly label: string;
  /** The guide's own examples (操作指引 一), shown as hints when a project is classified. */
  readonly hints: readonly string[];
}

export const SUBCATEGORIES: Readonly<Record<SubcategoryCode, Subcategory>> = {
  E1: {
    code: 'E1',
    category: 'engineering',
    label: '生活环境美化工程',
    hints: [
      '村（社区）道路硬底化建设',
      '路面修复',
      '群众生活供水管道修缮',
      '生活排水排污整治',
      '垃圾收集站建设',
      '河堤修建',
      '农田生产设施整治修复',
      '景观提升',
      '社区绿化',
      '道路路灯美化',
      '老旧建筑修缮',
    ],
  },
  E2: {
    code: 'E2',
    category: 'engineering',
    label: '公益服务设施建设工程',
    hints: ['群众办事服务中心', '老人服务中心', '革命文物陈列室', '革命烈士纪念建筑', '村民阅览室', '小公园', '篮球场', '文化广场'],
  },
  E3: {
    code: 'E3',
    category: 'engineering',
    label: '安全避难场所建设工程',
    hints: ['应急避难场所', '集中安置点', '医疗卫生场所', '疫情隔离区'],
  },
  S1: {
    code: 'S1',
    category: 'service',
    label: '老年人服务',
    hints: ['日间托管', '照料', '康复', '送餐'],
  },
  S2: {
    code: 'S2',
    category: 'service',
    label: '青少年、儿童服务',
    hints: ['课业辅导', '兴趣培养', '课外阅读'],
  },
  S3: {
    code: 'S3',
    category: 'service',
    label: '低保、特困、低收入及困难人群服务',
    hints: ['走访慰问', '社区照料', '心理疏导'],
  },
  S4: {
    code: 'S4',
    category: 'service',
    label: '残疾人服务',
    hints: ['康复训练', '生活自理训练', '社会交往支持', '生活扶助'],
  },
  S5: {
    code: 'S5',
    category: 'service',
    label: '常住人口子女托管与城市融入服务',
    hints: ['子女托管', '城市融入'],
  },
  S6: {
    code: 'S6',
    category: 'service',
    label: '特殊人群服务',
    hints: ['行为偏差纠正', '心理情绪疏导', '家庭和社区关系改善', '社会功能恢复与发展'],
  },
  S7: {
    code: 'S7',
    category: 'service',
    label: '重大突发公共卫生事件中的特殊群体服务',
    hints: ['走访慰问', '健康随访', '医学观察', '生活必备食品用品供应', '心理情绪疏导'],
  },
  S8: {
    code: 'S8',
    category: 'service',
    label: '便民利民特色服务',
    hints: ['结合群众需求提供的便民、利民特色服务'],
  },
};

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

export function isSubcategoryCode(value: string): value is SubcategoryCode {
  return (SUBCATEGORY_CODES as readonly string[]).includes(value);
}

/** R1.1: a subcategory belongs to exactly one category (E* engineering, S* service). */
export function subcategoryBelongsTo(code: SubcategoryCode, category: Category): boolean {
  return SUBCATEGORIES[code].category === category;
}

// ---------------------------------------------------------------------------------------------------------------
// R2.1 channels

export const CHANNEL_GROUPS = ['online', 'offline', 'centralized'] as const;
export type ChannelGroup = (typeof CHANNEL_GROUPS)[number];

export const CHANNELS = [
  'hotline12345',
  'portal12345',
  'wechatGuanjia',
  'communitySelf',
  'citizenCenter',
  'industrialPark',
  'townServiceCenter',
  'communityPartyCenter',
  'leaderStation',
  'gridPatrol',
  'campaign',
] as const;
export type Channel = (typeof CHANNELS)[number];

export interface ChannelInfo {
  readonly label: string;
  readonly group: ChannelGroup;
}

export const CHANNEL_INFO: Readonly<Record<Channel, ChannelInfo>> = {
  hotline12345: { label: '“12345”政府服务热线', group: 'online' },
  portal12345: { label: '“12345”政府服务热线门户网站', group: 'online' },
  wechatGuanjia: { label: '“莞家政务”微信公众号', group: 'online' },
  communitySelf: { label: '村（社区）自行提出', group: 'offline' },
  citizenCenter: { label: '市民服务中心', group: 'offline' },
  industrialPark: { label: '园区', group: 'offline' },
  townServiceCenter: { label: '镇（街道）政务服务中心', group: 'offline' },
  communityPartyCenter: { label: '村（社区）党群服务中心', group: 'offline' },
  leaderStation: { label: '领导干部驻点联系群众', group: 'offline' },
  gridPatrol: { label: '网格员日常巡查', group: 'offline' },
  campaign: { label: '年度集中征集活动', group: 'centralized' },
};

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------------------------
// R2.2 proposer kinds and the 来源渠道 boxes of 登记备案表 section 一

export const PROPOSER_KINDS = ['masses', 'committee', 'representatives', 'residentOfficial', 'residentUnit', 'other'] as const;
export type ProposerKind = (typeof PROPOSER_KINDS)[number];

export const PROPOSER_KIND_LABELS: Readonly<Record<ProposerKind, string>> = {
  masses: '群众',
  committee: '村（社区）“两委”',
  representatives: '“两代表一委员”',
  residentOfficial: '驻点领导干部',
  residentUnit: '驻村（社区）企事业单位或社会组织',
  other: '其他',
};

export const SOURCE_CHANNEL_OPTIONS = [
  'onlineHotline',
  'committeeProposal',
  'massesProposal',
  'representativesProposal',
  'residentOfficialCollected',
  'residentUnitProposal',
  'other',
] as const;
export type SourceChannelOption = (typeof SOURCE_CHANNEL_OPTIONS)[number];

/** The 来源渠道 boxes exactly as printed on 附件1. */
export const SOURCE_CHANNEL_LABELS: Readonly<Record<SourceChannelOption, string>> = {
  onlineHotline: '网络及热线征集',
  committeeProposal: '村（社区）“两委”提议',
  massesProposal: '群众提议',
  representativesProposal: '“两代表一委员”提议',
  residentOfficialCollected: '驻点领导干部收集',
  residentUnitProposal: '驻村（社区）企事业单位、社会组织提议',
  other: '其他',
};

const PROPOSER_SOURCE: Readonly<Record<ProposerKind, SourceChannelOption>> = {
  masses: 'massesProposal',
  committee: 'committeeProposal',
  representatives: 'representativesProposal',
  residentOfficial: 'residentOfficialCollected',
  residentUnit: 'residentUnitProposal',
  other: 'other',
};

/**
 * R2.2: channel and proposer kind together give the ticked 来源渠道 box. An online channel (12345 hotline, portal,
 * WeChat) is 网络及热线征集 whoever proposed; a demand gathered at a leader's contact station is 驻点领导干部收集;
 * otherwise the proposer's kind decides.
 */
export function sourceChannelOf(channel: Channel, proposerKind: ProposerKind): SourceChannelOption {
  if (CHANNEL_INFO[channel].group === 'online') return 'onlineHotline';
  if (channel === 'leaderStation') return 'residentOfficialCollected';
  return PROPOSER_SOURCE[proposerKind];
}

/** The boxes of a project fed by several (merged) demands, in the form's order, each once. */
export function sourceChannelsOf(
  sources: readonly { readonly channel: Channel; readonly proposerKind: ProposerKind }[],
): SourceChannelOption[] {
  const ticked = new Set(sources.map((s) => sourceChannelOf(s.channel, s.proposerKind)));
  return SOURCE_CHANNEL_OPTIONS.filter((option) => ticked.has(option));
}

// ---------------------------------------------------------------------------------------------------------------
// R3.1 consultation options (登记备案表 section 二)

export const CONSULTATION_FORMS = [
  'villagersMeeting',
  'shareholdersMeeting',
  'villagerGroupMeeting',
  'topicalCouncil',
  'partyJointMeeting',
  'propertyJointMeeting',
  'ownersAssembly',
  'online',
  'other',
] as const;
export type ConsultationForm = (typeof CONSULTATION_FORMS)[number];

export const CONSULTATION_FORM_LABELS: Readonly<Record<ConsultationForm, string>> = {
  villagersMeeting: '村（居）民（代表）会议',
  shareholdersMeeting: '股东（代表）会议',
  villagerGroupMeeting: '村（居）民小组会议',
  topicalCouncil: '专题议事会',
  partyJointMeeting: '党群联席会议',
  propertyJointMeeting: '物业联席会议',
  ownersAssembly: '业主大会',
  online: '网络协商',
  other: '其他形式',
};

export const PARTICIPANT_KINDS = [
  'grassrootsGovernment',
  'partyWorkCommittee',
  'residentsCommittee',
  'affairsSupervisionCommittee',
  'villagerGroup',
  'residentUnits',
  'massOrganizations',
  'communityOrganizations',
  'ownersCommittee',
  'collectiveEconomicOrganization',
  'farmerCooperative',
  'propertyCompany',
  'residentRepresentatives',
  'shareholderRepresentatives',
  'nonLocalResidentRepresentatives',
  'beneficiaryGroup',
  'other',
] as const;
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

export const PARTICIPANT_KIND_LABELS: Readonly<Record<ParticipantKind, string>> = {
  grassrootsGovernment: '基层政府及其派出机关',
  partyWorkCommittee: '村（社区）党工委',
  residentsCommittee: '村（居）民委员会',
  affairsSupervisionCommittee: '村（居）务监督委员会',
  villagerGroup: '村（居）民小组',
  residentUnits: '驻村（社区）单位',
  massOrganizations: '基层群团组织',
  communityOrganizations: '社区社会组织',
  ownersCommittee: '业主委员会',
  collectiveEconomicOrganization: '农村集体经济组织',
  farmerCooperative: '农民合作组织',
  propertyCompany: '物业服务企业',
  residentRepresentatives: '村（居）民代表',
  shareholderRepresentatives: '股东代表',
  nonLocalResidentRepresentatives: '非户籍常住人口代表',
  beneficiaryGroup: '受惠群体',
  other: '其他',
};

// ---------------------------------------------------------------------------------------------------------------
// R5.5 handling modes

export const HANDLING_MODES = ['express', 'direct', 'station'] as const;
export type HandlingMode = (typeof HANDLING_MODES)[number];

export const HANDLING_MODE_LABELS: Readonly<Record<HandlingMode, string>> = {
  express: '莞家速递',
  direct: '莞家直达',
  station: '莞家驿站',
};

// ---------------------------------------------------------------------------------------------------------------
// Fund sources (R3.1 协商结果 5, R9.2)

export const FUND_SOURCES = ['special', 'collective', 'social', 'selfRaised'] as const;
export type FundSource = (typeof FUND_SOURCES)[number];

export const FUND_SOURCE_LABELS: Readonly<Record<FundSource, string>> = {
  special: '“民生大莞家”专项资金',
  collective: '村（社区）集体经济',
  social: '社会投入（捐赠）',
  selfRaised: '村（社区）自筹',
};

/** The three 资金投入 rows of 结项表 section 二 (and of R9.2's budget-versus-actual view). */
export const CLOSURE_FUND_ROWS = ['special', 'collective', 'social'] as const;
export type ClosureFundRow = (typeof CLOSURE_FUND_ROWS)[number];

export const CLOSURE_FUND_ROW_LABELS: Readonly<Record<ClosureFundRow, string>> = {
  special: '“民生大莞家”专项资金投入（万元）',
  collective: '村（社区）集体经济投入（万元）',
  social: '社会投入（万元）',
};

/** 村（社区）自筹 is money of the community's collective economy: it is reported on the 集体经济投入 row of 结项表. */
export const CLOSURE_ROW_OF_SOURCE: Readonly<Record<FundSource, ClosureFundRow>> = {
  special: 'special',
  collective: 'collective',
  social: 'social',
  selfRaised: 'collective',
};

// ---------------------------------------------------------------------------------------------------------------
// R5.1 / R5.2 publicity channels

export const PUBLICITY_CHANNELS = [
  'projectPortal',
  'portal12345',
  'wechatGuanjia',
  'bureauWebsite',
  'communityPlatform',
  'noticeBoard',
] as const;
/** A built-in channel; towns may add channels of their own (any other string id, R5.1). */
export type BuiltInPublicityChannel = (typeof PUBLICITY_CHANNELS)[number];
export type PublicityChannel = string;

export const PUBLICITY_CHANNEL_LABELS: Readonly<Record<BuiltInPublicityChannel, string>> = {
  projectPortal: '“民生大莞家”信息管理系统公示栏',
  portal12345: '“12345”政府服务热线门户网站',
  wechatGuanjia: '“莞家政务”微信公众号',
  bureauWebsite: '东莞市民政局官网',
  communityPlatform: '社区公共服务综合信息平台',
  noticeBoard: '党务村（居）务公开栏',
};
