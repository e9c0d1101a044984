/**
 * 开放数据: the schemas and the column lists of the public export of publicized and closed projects and of their
 * money by town and year (docs/public-api.md, “开放数据 / Open data”). One column list per file gives the JSON
 * fields, the CSV's Chinese header and the documentation's table, in the same order; the JSON schemas list every
 * field, so nothing else can leave.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { MAX_DB_INTEGER } from '../../http/schemas.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** An amount in 元 with exactly two decimals, no thousands separator ("30000.00"): exact, and read as a number by Excel. */
const Yuan = (description: string) => Type.String({ pattern: '^\\d+\\.\\d{2}$', description: `${description}（元，两位小数）` });
const NullableYuan = (description: string) => Nullable(Yuan(description));
const LocalDate = (description: string) => Nullable(Type.String({ format: 'date', description: `${description}（YYYY-MM-DD，北京时间）` }));

/** Who publishes the data: the attribution a reuser gives (docs/public-api.md, terms of use). */
export const OPEN_DATA_ATTRIBUTION = '东莞市民政局';
export const OPEN_DATA_TERMS =
  '数据按现状提供，仅含已公示、已办结项目中门户已公开的信息，不含个人信息；可免费使用、转载和加工，使用时请注明“数据来源：东莞市民政局”，不得歪曲原意；数据以门户公示为准，不作为法律依据。';

/** At most this many projects in one file (the limit of every export): a larger selection is EXPORT_TOO_LARGE, to be fetched by year or by town. */
export const OPEN_DATA_MAX_PROJECTS = 50_000;

export const OpenDataQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: '项目年度，如 2026' })),
    townId: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DB_INTEGER, description: '镇（街道）编号，见 GET /api/public/units' })),
  },
  { additionalProperties: false },
);
export type OpenDataQueryInput = Static<typeof OpenDataQuery>;

export const OpenDataProjectRow = Type.Object({
  id: Type.Integer({ description: '项目ID（门户项目页 /m/projects/<id>）' }),
  code: Type.String({ description: '项目编号' }),
  name: Type.String({ description: '项目名称（其中的手机号、身份证号等已脱敏）' }),
  townName: Type.String({ description: '镇（街道）' }),
  communityName: Type.String({ description: '村（社区）' }),
  category: Nullable(Type.String({ description: '项目类别：便民工程项目 / 公益服务项目' })),
  subcategory: Nullable(Type.String({ description: '具体类别' })),
  handlingMode: Nullable(Type.String({ description: '办理方式：莞家速递 / 莞家直达 / 莞家驿站' })),
  status: Type.String({ description: '项目状态（中文）' }),
  year: Type.Integer({ description: '项目年度' }),
  plannedSpecialYuan: Yuan('计划投入：“民生大莞家”专项资金'),
  plannedCollectiveYuan: Yuan('计划投入：村（社区）集体经济（含村（社区）自筹）'),
  plannedSocialYuan: Yuan('计划投入：社会投入（捐赠）'),
  plannedTotalYuan: Yuan('计划投入合计'),
  actualSpecialYuan: NullableYuan('实际投入：“民生大莞家”专项资金（办结后，据结项表）'),
  actualCollectiveYuan: NullableYuan('实际投入：村（社区）集体经济（办结后）'),
  actualSocialYuan: NullableYuan('实际投入：社会投入（办结后）'),
  actualTotalYuan: NullableYuan('实际投入合计（办结后）'),
  publicityStartDate: LocalDate('公示开始日期'),
  publicityLastDay: LocalDate('公示截止日期（公示期最后一天）'),
  closedDate: LocalDate('办结日期'),
  beneficiaryCount: Nullable(Type.Integer({ description: '受益人数（办结后，据结项表）' })),
  satisfactionPercent: Nullable(Type.String({ description: '群众满意率（%，办结后）' })),
});
export type OpenDataProject = Static<typeof OpenDataProjectRow>;

export const OpenDataTownYearRow = Type.Object({
  townId: Type.Integer({ description: '镇（街道）编号' }),
  townName: Type.String({ description: '镇（街道）' }),
  year: Type.Integer({ description: '项目年度' }),
  projects: Type.Integer({ description: '已公示的项目数（含公示中、实施中和已办结）' }),
  inPublicity: Type.Integer({ description: '其中公示中' }),
  underway: Type.Integer({ description: '其中公示期满、正在实施或待办结' }),
  closed: Type.Integer({ description: '其中已办结' }),
  plannedSpecialYuan: Yuan('计划投入：“民生大莞家”专项资金（全部已公示项目）'),
  plannedCollectiveYuan: Yuan('计划投入：村（社区）集体经济（含自筹）'),
  plannedSocialYuan: Yuan('计划投入：社会投入'),
  plannedTotalYuan: Yuan('计划投入合计'),
  actualSpecialYuan: Yuan('实际投入：“民生大莞家”专项资金（已办结项目，据结项表）'),
  actualCollectiveYuan: Yuan('实际投入：村（社区）集体经济'),
  actualSocialYuan: Yuan('实际投入：社会投入'),
  actualTotalYuan: Yuan('实际投入合计'),
});
export type OpenDataTownYear = Static<typeof OpenDataTownYearRow>;

export const OpenDataCategoryYearRow = Type.Object({
  year: Type.Integer({ description: '项目年度' }),
  category: Type.String({ description: '项目类别' }),
  subcategory: Nullable(Type.String({ description: '具体类别' })),
  projects: Type.Integer({ description: '已公示的项目数' }),
  closed: Type.Integer({ description: '其中已办结' }),
  actualTotalYuan: Yuan('已办结项目实际投入合计'),
});
export type OpenDataCategoryYear = Static<typeof OpenDataCategoryYearRow>;

const Envelope = {
  attribution: Type.String({ description: '数据来源（使用时请注明）' }),
  terms: Type.String({ description: '使用说明' }),
  filter: Type.Object({ year: Nullable(Type.Integer()), townId: Nullable(Type.Integer()) }, { description: '本次筛选条件' }),
};

export const OpenDataProjects = Type.Object({
  ...Envelope,
  count: Type.Integer({ description: '项目数' }),
  items: Type.Array(OpenDataProjectRow, { description: '每个项目一行，按项目ID升序；与 CSV 的行一一对应' }),
});
export type OpenDataProjectsBody = Static<typeof OpenDataProjects>;

export const OpenDataSpending = Type.Object({
  ...Envelope,
  items: Type.Array(OpenDataTownYearRow, { description: '每个镇（街道）每个年度一行（只列有已公示项目的），按年度、镇（街道）名称排序；与 CSV 的行一一对应' }),
  categories: Type.Array(OpenDataCategoryYearRow, { description: '按年度和具体类别的项目数和实际投入（仅 JSON），项目数多的在前' }),
});
export type OpenDataSpendingBody = Static<typeof OpenDataSpending>;

/** A CSV column: the JSON field it repeats, its Chinese header, what it means and its unit (for the documentation). */
export interface OpenDataColumn<K extends string> {
  readonly key: K;
  readonly header: string;
  readonly meaning: string;
  readonly unit: string;
}

export const PROJECT_COLUMNS: readonly OpenDataColumn<keyof OpenDataProject>[] = [
  { key: 'id', header: '项目ID', meaning: '系统内项目序号，门户项目页为 /m/projects/<项目ID>', unit: '—' },
  { key: 'code', header: '项目编号', meaning: '项目编号', unit: '—' },
  { key: 'name', header: '项目名称', meaning: '登记备案的项目名称，其中的手机号、身份证号已脱敏', unit: '—' },
  { key: 'townName', header: '镇（街道）', meaning: '项目所在镇（街道）', unit: '—' },
  { key: 'communityName', header: '村（社区）', meaning: '项目所在村（社区）', unit: '—' },
  { key: 'category', header: '项目类别', meaning: '便民工程项目 / 公益服务项目', unit: '—' },
  { key: 'subcategory', header: '具体类别', meaning: '如“生活环境美化工程”“长者服务”', unit: '—' },
  { key: 'handlingMode', header: '办理方式', meaning: '莞家速递 / 莞家直达 / 莞家驿站', unit: '—' },
  { key: 'status', header: '项目状态', meaning: '公示中、公示期满待实施、实施中……已办结', unit: '—' },
  { key: 'year', header: '项目年度', meaning: '项目所属年度', unit: '年' },
  { key: 'plannedSpecialYuan', header: '计划投入-专项资金（元）', meaning: '协商确定的“民生大莞家”专项资金', unit: '元' },
  { key: 'plannedCollectiveYuan', header: '计划投入-集体经济（元）', meaning: '协商确定的村（社区）集体经济投入，含村（社区）自筹（与结项表一致）', unit: '元' },
  { key: 'plannedSocialYuan', header: '计划投入-社会投入（元）', meaning: '协商确定的社会投入（捐赠）', unit: '元' },
  { key: 'plannedTotalYuan', header: '计划投入合计（元）', meaning: '以上三项之和', unit: '元' },
  { key: 'actualSpecialYuan', header: '实际投入-专项资金（元）', meaning: '结项表的实际投入；未办结为空', unit: '元' },
  { key: 'actualCollectiveYuan', header: '实际投入-集体经济（元）', meaning: '结项表的实际投入；未办结为空', unit: '元' },
  { key: 'actualSocialYuan', header: '实际投入-社会投入（元）', meaning: '结项表的实际投入；未办结为空', unit: '元' },
  { key: 'actualTotalYuan', header: '实际投入合计（元）', meaning: '以上三项之和；未办结为空', unit: '元' },
  { key: 'publicityStartDate', header: '公示开始日期', meaning: '项目公示开始的日期（北京时间）', unit: 'YYYY-MM-DD' },
  { key: 'publicityLastDay', header: '公示截止日期', meaning: '公示期的最后一天', unit: 'YYYY-MM-DD' },
  { key: 'closedDate', header: '办结日期', meaning: '项目办结的日期；未办结为空', unit: 'YYYY-MM-DD' },
  { key: 'beneficiaryCount', header: '受益人数', meaning: '结项表填报的受益人数；未办结为空', unit: '人' },
  { key: 'satisfactionPercent', header: '满意率（%）', meaning: '满意度测评的群众满意率；未办结为空', unit: '%' },
];

export const TOWN_YEAR_COLUMNS: readonly OpenDataColumn<keyof OpenDataTownYear>[] = [
  { key: 'townId', header: '镇（街道）编号', meaning: '与 GET /api/public/units 的编号相同', unit: '—' },
  { key: 'townName', header: '镇（街道）', meaning: '镇（街道）名称', unit: '—' },
  { key: 'year', header: '项目年度', meaning: '项目所属年度', unit: '年' },
  { key: 'projects', header: '公示项目数', meaning: '该年度已公示的项目（公示中、实施中、已办结）', unit: '个' },
  { key: 'inPublicity', header: '公示中', meaning: '其中正在公示', unit: '个' },
  { key: 'underway', header: '办理中', meaning: '其中公示期满待实施、实施中或待办结', unit: '个' },
  { key: 'closed', header: '已办结', meaning: '其中已办结', unit: '个' },
  { key: 'plannedSpecialYuan', header: '计划投入-专项资金（元）', meaning: '全部公示项目协商确定的专项资金', unit: '元' },
  { key: 'plannedCollectiveYuan', header: '计划投入-集体经济（元）', meaning: '含村（社区）自筹', unit: '元' },
  { key: 'plannedSocialYuan', header: '计划投入-社会投入（元）', meaning: '社会投入（捐赠）', unit: '元' },
  { key: 'plannedTotalYuan', header: '计划投入合计（元）', meaning: '以上三项之和', unit: '元' },
  { key: 'actualSpecialYuan', header: '实际投入-专项资金（元）', meaning: '已办结项目结项表的实际投入', unit: '元' },
  { key: 'actualCollectiveYuan', header: '实际投入-集体经济（元）', meaning: '已办结项目的实际投入', unit: '元' },
  { key: 'actualSocialYuan', header: '实际投入-社会投入（元）', meaning: '已办结项目的实际投入', unit: '元' },
  { key: 'actualTotalYuan', header: '实际投入合计（元）', meaning: '以上三项之和', unit: '元' },
];

/** The CSV answer as the OpenAPI document declares it. */
export const CsvFile = (description: string) =>
  ({
    description,
    content: { 'text/csv': { schema: { type: 'string', description: 'UTF-8（带 BOM）CSV，首行为中文表头，RFC 4180 引号规则' } } },
  }) as const;
