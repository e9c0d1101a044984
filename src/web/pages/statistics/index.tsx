/**
 * 统计分析 (issue 12 point 4): the numbers of the user's jurisdiction from GET /api/statistics, in charts (ECharts,
 * loaded with this page only). A filter kept in the address (年度, 镇（街道） for city-wide readers, 村（社区）, 项目类型, 办理方式);
 * the totals; projects and money by town, community, category, handling mode, status and year; demands by channel
 * and status; the on-time rate of each deadline step and unit; satisfaction; the flags; money planned against
 * actual. A bar or slice opens the list behind it (the group's `drill`), every chart exports its numbers as CSV,
 * and 导出全部 downloads the server's XLSX of every table.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Row, Select, Space, Spin, Statistic, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api, http } from '../../api/client.js';
import { useRequest } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Page } from '../../components/Page.js';
import { downloadFile } from '../../download.js';
import { formatDateTime } from '../../format.js';
import { TIME_ZONE } from '../../locale.js';
import { CATEGORIES, CATEGORY_LABELS, HANDLING_MODE_LABELS, HANDLING_MODES, type Category, type HandlingMode } from '../../../domain/categories.js';
import { DemandGroupCard, FlagsCard, FundsCard, ProjectGroupCard, SatisfactionCard, StepRateCard, UnitRateCard } from './Sections.js';
import { drillPath, rateText, readFilter, writeFilter, type Drill, type Statistics, type StatisticsQuery } from './statistics-data.js';

interface FilterValues {
  readonly year?: number;
  readonly townId?: number;
  readonly communityId?: number;
  readonly category?: Category;
  readonly handlingMode?: HandlingMode;
}

/** 年度: this year and the five before it, the years the data holds and a year the address names. */
function yearOptions(data: Statistics | undefined, selected: number | undefined): { value: number; label: string }[] {
  const now = dayjs().tz(TIME_ZONE).year();
  const years = new Set<number>(Array.from({ length: 6 }, (_v, i) => now - i));
  for (const g of data?.projectsByYear ?? []) if (g.key !== null && /^\d{4}$/.test(g.key)) years.add(Number(g.key));
  if (selected !== undefined) years.add(selected);
  return [...years].sort((a, b) => b - a).map((y) => ({ value: y, label: `${y}年` }));
}

function SummaryCard({ title, value, suffix, drill, noun }: { readonly title: string; readonly value: string | number; readonly suffix?: string; readonly drill?: Drill; readonly noun?: string }) {
  const navigate = useNavigate();
  return (
    <Card size="small" style={{ height: '100%' }}>
      <Statistic title={title} value={value} {...(suffix !== undefined ? { suffix } : {})} />
      {drill !== undefined && drill !== null ? (
        <Typography.Link
          href={drillPath(drill)}
          onClick={(e) => {
            e.preventDefault();
            void navigate(drillPath(drill));
          }}
          style={{ fontSize: 12 }}
        >
          查看{noun ?? ''}清单
        </Typography.Link>
      ) : null}
    </Card>
  );
}

/**
 * The charts in pairs of about the same height (two donuts, two long bar lists), for the scope: a city-wide reader
 * sees the towns first, a town its communities beside the years; a community, being one unit, has no chart by unit.
 */
function cards(data: Statistics): { key: string; node: ReactNode; full?: boolean }[] {
  const kind = data.scope.kind;
  const card = (key: string, node: ReactNode, full = false) => ({ key, node, full });
  const byTown = card('town', <ProjectGroupCard title="项目按镇（街道）" groupTitle="镇（街道）" groups={data.projectsByTown} shape="horizontal" />);
  const byCommunity = card('community', <ProjectGroupCard title="项目按村（社区）" groupTitle="村（社区）" groups={data.projectsByCommunity} shape="horizontal" />);
  const byYear = card('year', <ProjectGroupCard title="项目按年度" groupTitle="年度" groups={data.projectsByYear} shape="vertical" />);
  const byCategory = card('category', <ProjectGroupCard title="项目按类型" groupTitle="项目类型" groups={data.projectsByCategory} shape="donut" />);
  const byMode = card('mode', <ProjectGroupCard title="项目按办理方式" groupTitle="办理方式" groups={data.projectsByHandlingMode} shape="donut" />);
  const byStatus = card('status', <ProjectGroupCard title="项目按状态" groupTitle="状态" groups={data.projectsByStatus} shape="horizontal" />);
  const byChannel = card('channel', <DemandGroupCard title="诉求按来源渠道" groupTitle="来源渠道" groups={data.demandsByChannel} />);
  const byDemandStatus = card('demandStatus', <DemandGroupCard title="诉求按状态" groupTitle="状态" groups={data.demandsByStatus} />);
  const steps = card('steps', <StepRateCard steps={data.deadlines.byStep} />);
  const units = card('units', <UnitRateCard deadlines={data.deadlines} />);
  const satisfaction = card('satisfaction', <SatisfactionCard satisfaction={data.satisfaction} />);
  const flags = card('flags', <FlagsCard flags={data.flags} />);
  const funds = (full: boolean) => card('funds', <FundsCard funds={data.funds} satisfaction={data.satisfaction} />, full);
  if (kind === 'city') return [byTown, byCommunity, byCategory, byMode, byStatus, byChannel, byDemandStatus, byYear, steps, units, satisfaction, flags, funds(true)];
  if (kind === 'town') return [byYear, byCommunity, byCategory, byMode, byStatus, byChannel, byDemandStatus, flags, steps, units, satisfaction, funds(false)];
  return [byYear, flags, byCategory, byMode, byStatus, byChannel, byDemandStatus, steps, satisfaction, funds(false)];
}

export default function StatisticsPage() {
  const [params, setParams] = useSearchParams();
  const filter = readFilter(params);
  const search = writeFilter(filter).toString();
  const stats = useRequest(() => http.GET('/api/statistics', { params: { query: filter } }), [search]);
  const units = useRequest(() => api.units.list(), []);
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const [form] = Form.useForm<FilterValues>();
  const data = stats.data;
  const scope = data?.scope.kind;

  const { towns, communities } = useMemo(() => {
    const items = units.data?.items ?? [];
    return { towns: items.filter((u) => u.kind === 'town'), communities: items.filter((u) => u.kind === 'community') };
  }, [units.data]);
  const communityOptions = communities
    .filter((c) => filter.townId === undefined || c.townId === filter.townId)
    .map((c) => ({ value: c.id, label: c.name }));
  const scopeName =
    scope === 'city' ? '全市' : (units.data?.items.find((u) => u.id === data?.scope.unitId)?.name ?? (scope === 'town' ? '本镇（街道）' : '本村（社区）'));

  const go = (q: StatisticsQuery) => setParams(writeFilter(q));
  const onValuesChange = (changed: Partial<FilterValues>, all: FilterValues) => {
    const next: StatisticsQuery = {
      ...(all.year !== undefined ? { year: all.year } : {}),
      ...(all.townId !== undefined ? { townId: all.townId } : {}),
      // A new town clears the community picked in the old one.
      ...(all.communityId !== undefined && !('townId' in changed) ? { communityId: all.communityId } : {}),
      ...(all.category !== undefined ? { category: all.category } : {}),
      ...(all.handlingMode !== undefined ? { handlingMode: all.handlingMode } : {}),
    };
    go(next);
  };

  const exportAll = () => {
    setExporting(true);
    void downloadFile(search === '' ? '/api/statistics/export' : `/api/statistics/export?${search}`, '统计.xlsx')
      .catch((error: unknown) => void message.error(error instanceof Error ? error.message : '导出失败'))
      .finally(() => setExporting(false));
  };

  const showTown = scope === 'city' && towns.length > 0;
  const showCommunity = (scope === 'town' || (scope === 'city' && filter.townId !== undefined)) && communityOptions.length > 0;
  const flag = (name: string) => data?.flags.find((f) => f.flag === name);

  return (
    <Page
      title="统计分析"
      extra={
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportAll} title="按当前筛选导出全部统计表（Excel，每张表一个工作表）">
          导出全部（Excel）
        </Button>
      }
    >
      <Card size="small">
        <Form<FilterValues> key={search} form={form} name="statistics-filters" layout="inline" initialValues={filter} onValuesChange={onValuesChange} style={{ rowGap: 12 }}>
          <Form.Item label="年度" name="year" tooltip="项目按项目年度，诉求按录入时间所在年份">
            <Select allowClear placeholder="全部" style={{ width: 110 }} options={yearOptions(data, filter.year)} />
          </Form.Item>
          {showTown ? (
            <Form.Item label="镇（街道）" name="townId">
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="全部" style={{ width: 150 }} options={towns.map((t) => ({ value: t.id, label: t.name }))} />
            </Form.Item>
          ) : null}
          {showCommunity ? (
            <Form.Item label="村（社区）" name="communityId">
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="全部" style={{ width: 150 }} options={communityOptions} />
            </Form.Item>
          ) : null}
          <Form.Item label="项目类型" name="category" tooltip="只筛选项目及其期限；诉求没有项目类型，不受此条件限制">
            <Select allowClear placeholder="全部" style={{ width: 150 }} options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))} />
          </Form.Item>
          <Form.Item label="办理方式" name="handlingMode" tooltip="只筛选项目及其期限；诉求没有办理方式，不受此条件限制">
            <Select allowClear placeholder="全部" style={{ width: 130 }} options={HANDLING_MODES.map((m) => ({ value: m, label: HANDLING_MODE_LABELS[m] }))} />
          </Form.Item>
          <Form.Item>
            <Button onClick={() => go({})} disabled={search === ''}>
              重置
            </Button>
          </Form.Item>
        </Form>
        {data !== undefined ? (
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0', fontSize: 12 }}>
            <Space size={24} wrap>
              <span>统计范围：{scopeName}</span>
              <span>统计时间：{formatDateTime(data.generatedAt)}</span>
              <span>金额单位：万元</span>
            </Space>
          </Typography.Paragraph>
        ) : null}
      </Card>
      <ErrorAlert error={stats.error} onRetry={stats.reload} />
      {data === undefined ? (
        stats.error === null ? (
          <Spin description="正在统计…">
            <div style={{ height: 200 }} />
          </Spin>
        ) : null
      ) : (
        <Spin spinning={stats.loading}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Row gutter={[16, 16]} data-testid="statistics-totals">
              <Col xs={12} md={8} xl={4}>
                <SummaryCard title="诉求" value={data.totals.demands} suffix="件" drill={data.totals.demandsDrill} noun="诉求" />
              </Col>
              <Col xs={12} md={8} xl={4}>
                <SummaryCard title="项目" value={data.totals.projects} suffix="个" drill={data.totals.projectsDrill} noun="项目" />
              </Col>
              <Col xs={12} md={8} xl={4}>
                <SummaryCard title="项目预算" value={data.totals.budget.wan} suffix="万元" />
              </Col>
              <Col xs={12} md={8} xl={4}>
                <SummaryCard title="满意率" value={rateText(data.satisfaction.rate)} />
              </Col>
              <Col xs={12} md={8} xl={4}>
                <SummaryCard title="超限项目" value={flag('overCap')?.count ?? 0} suffix="个" drill={flag('overCap')?.drill ?? null} noun="项目" />
              </Col>
              <Col xs={12} md={8} xl={4}>
                <SummaryCard title="疑似拆分项目" value={flag('possibleSplit')?.count ?? 0} suffix="个" drill={flag('possibleSplit')?.drill ?? null} noun="项目" />
              </Col>
            </Row>
            <Row gutter={[16, 16]}>
              {cards(data).map(({ key, node, full }) => (
                <Col key={key} xs={24} xl={full ? 24 : 12}>
                  {node}
                </Col>
              ))}
            </Row>
          </Space>
        </Spin>
      )}
    </Page>
  );
}
