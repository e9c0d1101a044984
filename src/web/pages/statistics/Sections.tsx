/**
 * The statistics page's cards, one per table of GET /api/statistics: projects by a grouping (项目数 or 预算 in
 * 万元), demands by a grouping, the on-time rate of each deadline step and of each unit, satisfaction, the R1.2 /
 * R1.3 / R6.4 flags, and the closed projects' money planned against actual per fund source.
 */
import { Alert, Descriptions, Segmented, Select, Typography } from 'antd';
import { useState } from 'react';
import { ChartCard } from './ChartCard.js';
import { barHeight, donut, horizontalBars, pairedBars, PALETTE, verticalBars } from './charts.js';
import {
  demandTable,
  projectTable,
  rateText,
  stepTable,
  unitTable,
  wan,
  type DataTable,
  type DeadlineStep,
  type DeadlineUnit,
  type DemandGroup,
  type ProjectGroup,
  type Statistics,
} from './statistics-data.js';

type Metric = 'count' | 'budget';
/** The most bars a grouping draws. */
const MAX_BARS = 30;
const METRIC_OPTIONS = [
  { value: 'count' as const, label: '项目数' },
  { value: 'budget' as const, label: '预算（万元）' },
];

function sentence(title: string, names: readonly string[], labels: readonly string[]): string {
  return names.length === 0 ? `${title}：当前筛选下没有数据` : `${title}：${names.map((n, i) => `${n} ${labels[i] ?? ''}`).join('，')}`;
}

/** Projects by town, community, category, handling mode, status or year: bars (or a donut), 项目数 or 预算. */
export function ProjectGroupCard({
  title,
  groupTitle,
  groups,
  shape,
}: {
  readonly title: string;
  readonly groupTitle: string;
  readonly groups: readonly ProjectGroup[];
  readonly shape: 'horizontal' | 'vertical' | 'donut';
}) {
  const [metric, setMetric] = useState<Metric>('count');
  // A city's hundreds of communities: the chart draws the first MAX_BARS (the API sorts units by count), the
  // table and the CSV hold them all.
  const drawn = shape === 'horizontal' ? groups.slice(0, MAX_BARS) : groups;
  const names = drawn.map((g) => g.label);
  const values = drawn.map((g) => (metric === 'count' ? g.count : g.budget.fen / 1_000_000));
  const labels = drawn.map((g) => (metric === 'count' ? `${g.count} 个` : wan(g.budget)));
  const seriesName = metric === 'count' ? '项目数' : '预算投入（万元）';
  const drillable = groups.some((g) => g.drill !== null);
  const pie = shape === 'donut' ? donut({ names, values, labels, seriesName, drillable }) : null;
  const option =
    pie?.option ??
    (shape === 'vertical'
      ? verticalBars({ names, values, labels, seriesName, drillable, integer: metric === 'count' })
      : horizontalBars({ names, values, labels, seriesName, drillable, integer: metric === 'count' }));
  return (
    <ChartCard
      title={title}
      table={projectTable(groups, groupTitle)}
      option={option}
      height={shape === 'horizontal' ? barHeight(drawn.length) : 260}
      description={sentence(`${title}（${seriesName}）`, names, labels)}
      empty={groups.every((g) => g.count === 0)}
      drillNoun="项目"
      {...(pie !== null ? { rowOfClick: (click) => pie.indexOf(click.dataIndex) } : {})}
      {...(drawn.length < groups.length
        ? {
            note: (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                图中显示项目数最多的 {drawn.length} 个（共 {groups.length} 个），全部数据见数据表或导出数据。
              </Typography.Text>
            ),
          }
        : {})}
      toolbar={<Segmented<Metric> size="small" options={METRIC_OPTIONS} value={metric} onChange={setMetric} aria-label={`${title}：按项目数或预算显示`} />}
    />
  );
}

/** Demands by channel or status. */
export function DemandGroupCard({ title, groupTitle, groups }: { readonly title: string; readonly groupTitle: string; readonly groups: readonly DemandGroup[] }) {
  const names = groups.map((g) => g.label);
  const labels = groups.map((g) => `${g.count} 件`);
  return (
    <ChartCard
      title={title}
      table={demandTable(groups, groupTitle)}
      option={horizontalBars({ names, values: groups.map((g) => g.count), labels, seriesName: '诉求数', drillable: true, integer: true, color: PALETTE[5] })}
      height={barHeight(groups.length)}
      description={sentence(title, names, labels)}
      empty={groups.every((g) => g.count === 0)}
      drillNoun="诉求"
    />
  );
}

function rateValue(rate: string | null): number | null {
  return rate === null ? null : Number(rate);
}

/** How many deadlines a rate is computed from: done plus overdue. */
function basis(d: { onTime: number; late: number; overdue: number }): number {
  return d.onTime + d.late + d.overdue;
}

const RATE_NOTE = '按时办结率 = 按时办结 ÷（已办结 + 已逾期未办结）；未到期未办结的不计入。';

/** The on-time rate of each deadline step. */
export function StepRateCard({ steps }: { readonly steps: readonly DeadlineStep[] }) {
  const title = '各环节按时办结率';
  const names = steps.map((s) => s.label);
  const labels = steps.map((s) => rateText(s.rate));
  return (
    <ChartCard
      title={title}
      table={stepTable(steps)}
      option={horizontalBars({ names, values: steps.map((s) => rateValue(s.rate)), labels, seriesName: '按时办结率', drillable: false, percent: true, color: PALETTE[2] })}
      height={barHeight(steps.length)}
      description={sentence(title, names, labels)}
      empty={steps.every((s) => basis(s) === 0 && s.open === 0)}
      note={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {RATE_NOTE}
        </Typography.Text>
      }
    />
  );
}

/** Each unit's on-time rate, over all its steps or for the step picked. */
export function UnitRateCard({ deadlines }: { readonly deadlines: Statistics['deadlines'] }) {
  const [step, setStep] = useState<string | null>(null);
  const units: readonly DeadlineUnit[] = deadlines.byUnit;
  const unitTitle = deadlines.unitKind === 'town' ? '镇（街道）' : '村（社区）';
  const title = `各${unitTitle}按时办结率`;
  const picked = step === null ? null : deadlines.byStep.find((s) => s.step === step);
  const of = (u: DeadlineUnit) => (step === null ? u : (u.steps.find((s) => s.step === step) ?? null));
  const names = units.map((u) => u.unitName);
  const labels = units.map((u) => rateText(of(u)?.rate ?? null));
  const table: DataTable = unitTable(units, unitTitle, step);
  return (
    <ChartCard
      title={title}
      table={table}
      option={horizontalBars({ names, values: units.map((u) => rateValue(of(u)?.rate ?? null)), labels, seriesName: '按时办结率', drillable: false, percent: true, color: PALETTE[2] })}
      height={barHeight(units.length)}
      description={sentence(`${title}（${picked?.label ?? '全部环节'}）`, names, labels)}
      empty={units.length === 0}
      toolbar={
        <Select<string>
          size="small"
          aria-label="环节"
          value={step ?? ''}
          onChange={(v) => setStep(v === '' ? null : v)}
          style={{ width: 200 }}
          options={[{ value: '', label: '全部环节' }, ...deadlines.byStep.map((s) => ({ value: s.step, label: s.label }))]}
        />
      }
      note={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {RATE_NOTE}
        </Typography.Text>
      }
    />
  );
}

/** The satisfied share of the closed projects' surveys. */
export function SatisfactionCard({ satisfaction }: { readonly satisfaction: Statistics['satisfaction'] }) {
  const s = satisfaction;
  const title = '满意度测评';
  const others = Math.max(0, s.answered - s.satisfied);
  const names = ['满意（含非常满意、基本满意）', '其他评价'];
  const labels = [`${s.satisfied} 人`, `${others} 人`];
  const pie = donut({ names, values: [s.satisfied, others], labels, seriesName: '总体评价', drillable: false });
  const table: DataTable = {
    columns: [
      { key: 'label', title: '项目' },
      { key: 'value', title: '数值', numeric: true },
    ],
    rows: [
      ['closed', '已结项项目（个）', String(s.closedProjects)],
      ['surveyed', '有测评结果的项目（个）', String(s.surveyedProjects)],
      ['respondents', '参与测评人数', String(s.respondents)],
      ['answered', '回答“项目总体评价”的人数', String(s.answered)],
      ['satisfied', '满意人数（非常满意、满意、基本满意）', String(s.satisfied)],
      ['rate', '满意率', rateText(s.rate)],
    ].map(([key, label, value]) => ({ key: key ?? '', cells: { label: label ?? '', value: value ?? '' }, drill: null })),
  };
  return (
    <ChartCard
      title={title}
      table={table}
      option={pie.option}
      height={220}
      description={`${title}：满意率 ${rateText(s.rate)}，${names.map((n, i) => `${n} ${labels[i] ?? ''}`).join('，')}`}
      empty={s.answered === 0}
      toolbar={
        <Typography.Text strong style={{ fontSize: 16 }}>
          满意率 {rateText(s.rate)}
        </Typography.Text>
      }
      note={
        <>
          <Descriptions
            size="small"
            column={2}
            items={[
              { key: 'closed', label: '已结项项目', children: `${s.closedProjects} 个` },
              { key: 'surveyed', label: '有测评结果', children: `${s.surveyedProjects} 个` },
              { key: 'respondents', label: '参与测评', children: `${s.respondents} 人` },
              { key: 'answered', label: '回答总体评价', children: `${s.answered} 人` },
            ]}
          />
          {!s.complete ? <Alert type="info" showIcon title={`已结项项目较多，满意度只统计了最新的 ${s.projectsRead} 个`} /> : null}
        </>
      }
    />
  );
}

/** 超限, 疑似拆分 and 测评例外: how many projects carry each flag. */
export function FlagsCard({ flags }: { readonly flags: Statistics['flags'] }) {
  const title = '超限与疑似拆分标记';
  const names = flags.map((f) => f.label);
  const labels = flags.map((f) => `${f.count} 个`);
  const table: DataTable = {
    columns: [
      { key: 'label', title: '标记' },
      { key: 'rule', title: '规则' },
      { key: 'count', title: '项目数（个）', numeric: true },
    ],
    rows: flags.map((f) => ({ key: f.flag, cells: { label: f.label, rule: f.rule, count: String(f.count) }, drill: f.drill })),
  };
  return (
    <ChartCard
      title={title}
      table={table}
      option={horizontalBars({ names, values: flags.map((f) => f.count), labels, seriesName: '项目数', drillable: true, integer: true, color: PALETTE[1] })}
      height={barHeight(flags.length)}
      description={sentence(title, names, labels)}
      empty={flags.length === 0}
      drillNoun="项目"
    />
  );
}

/**
 * Money per fund source, in 万元: the closed projects' 结项表, planned (登记备案) against actual, and what the
 * ledgers disbursed to the filter's projects (R9.1, every status).
 */
export function FundsCard({ funds, satisfaction }: { readonly funds: Statistics['funds']; readonly satisfaction: Statistics['satisfaction'] }) {
  const title = '预算、已发放与实际投入';
  const names = funds.rows.map((r) => r.label);
  const planned = funds.rows.map((r) => wan(r.planned));
  const disbursed = funds.rows.map((r) => wan(r.disbursed));
  const actual = funds.rows.map((r) => wan(r.actual));
  const table: DataTable = {
    columns: [
      { key: 'label', title: '资金来源' },
      { key: 'planned', title: '预算投入（万元）', numeric: true },
      { key: 'actual', title: '实际投入（万元）', numeric: true },
      { key: 'disbursed', title: '资金台账已发放（万元）', numeric: true },
    ],
    rows: [
      ...funds.rows.map((r) => ({ key: r.source, cells: { label: r.label, planned: r.planned.wan, actual: r.actual.wan, disbursed: r.disbursed.wan }, drill: null })),
      { key: 'total', cells: { label: '合计', planned: funds.total.planned.wan, actual: funds.total.actual.wan, disbursed: funds.total.disbursed.wan }, drill: null },
    ],
  };
  return (
    <ChartCard
      title={title}
      table={table}
      option={pairedBars({
        names,
        series: [
          { name: '预算投入', values: funds.rows.map((r) => r.planned.fen / 1_000_000), labels: planned },
          { name: '实际投入', values: funds.rows.map((r) => r.actual.fen / 1_000_000), labels: actual },
          { name: '已发放', values: funds.rows.map((r) => r.disbursed.fen / 1_000_000), labels: disbursed },
        ],
      })}
      height={Math.max(220, funds.rows.length * 76 + 48)}
      description={`${title}：${names.map((n, i) => `${n} 预算 ${planned[i] ?? ''}，实际 ${actual[i] ?? ''}，已发放 ${disbursed[i] ?? ''}`).join('；')}；合计预算 ${wan(funds.total.planned)}，实际 ${wan(funds.total.actual)}，已发放 ${wan(funds.total.disbursed)}`}
      empty={funds.closedProjects === 0 && funds.total.disbursed.fen === 0}
      toolbar={
        <Typography.Text>
          合计：预算 <Typography.Text strong>{wan(funds.total.planned)}</Typography.Text>，实际 <Typography.Text strong>{wan(funds.total.actual)}</Typography.Text>，已发放{' '}
          <Typography.Text strong>{wan(funds.total.disbursed)}</Typography.Text>
        </Typography.Text>
      }
      note={
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          预算与实际投入计入 {funds.closedProjects} 个已结项项目的结项表（预算投入为登记备案的金额）；已发放为资金台账登记的金额，计入筛选范围内的全部项目。
          {!satisfaction.complete ? `已结项项目较多，只统计了最新的 ${satisfaction.projectsRead} 个。` : ''}
        </Typography.Text>
      }
    />
  );
}
