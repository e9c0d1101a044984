/**
 * 年度计划 (R8): the annual collection and plan of the towns. The year (kept in the address, `?year=`) opens on the
 * plan year under way (plan-year.ts: next year in December, else this year).
 *
 * - Town staff: their town's 集中征集 (open it, close it early, the communities' progress) and 年度项目库与实施计划
 *   (the total against the city's allocation and the gap, 盖章报送, 调整项目库, the printed 实施计划表).
 * - 市民政局 and other city-wide readers: 各镇（街道）年度计划 (every town in their jurisdiction; the bureau sets the
 *   allocations) and 报备事项; a row opens the town's own view read-only (`?townId=`). Readers whose jurisdiction is
 *   one town (supervisors of a town read it as their unit; a town's department reviewers) see that town's view.
 * - Community staff: only whether their town's campaign is open, so that they enter its demands through it.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, Result, Select, Spin, Tabs, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { http } from '../../api/client.js';
import { useRequest } from '../../api/useRequest.js';
import { useSession, useUser } from '../../auth/session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Page } from '../../components/Page.js';
import { shanghaiNow } from '../../format.js';
import { CampaignTab } from './CampaignTab.js';
import { AllocationDialog, OverviewTable, ReportsTable } from './Overview.js';
import { PlanTab } from './PlanTab.js';
import { campaignNotice, defaultPlanYear, openCampaignOf, planYearOptions, yearParam, type Campaign, type Plan } from './plan-year.js';

type Changes = Readonly<Record<'year' | 'townId' | 'tab', string | null>>;

export default function PlansPage() {
  const user = useUser();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const today = shanghaiNow();
  const year = yearParam(params.get('year')) ?? defaultPlanYear(today);
  const picked = Number(params.get('townId'));
  const tab = params.get('tab');
  const change = (changes: Partial<Changes>): void =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === undefined) next.delete(k);
        else next.set(k, v);
      }
      return next;
    });
  const yearSelect = (
    <Select aria-label="年度" style={{ width: 120 }} value={year} options={planYearOptions(today, year)} onChange={(v: number) => change({ year: String(v), tab: null })} />
  );

  if (user.unit.kind === 'community') return <CommunityNotice />;
  const ownTown = user.unit.kind === 'town' ? user.unit.id : null;
  const townId = ownTown ?? (Number.isSafeInteger(picked) && picked > 0 ? picked : null);
  if (townId !== null) {
    return (
      <TownPlan
        key={`${townId}-${year}`}
        townId={townId}
        year={year}
        tab={tab}
        onTab={(t) => change({ tab: t })}
        yearSelect={yearSelect}
        mayWrite={ownTown !== null && can('submitAnnualPlan')}
        mayOpen={ownTown !== null && can('openCampaign')}
        maySetAllocation={can('setAllocation')}
        {...(ownTown === null ? { onBack: () => change({ townId: null, tab: null }) } : {})}
      />
    );
  }
  return (
    <Overview
      year={year}
      tab={tab}
      onTab={(t) => change({ tab: t })}
      yearSelect={yearSelect}
      maySetAllocation={can('setAllocation')}
      onOpen={(id) => change({ townId: String(id), tab: null })}
      single={(id) => <TownPlan key={`${id}-${year}`} townId={id} year={year} tab={tab} onTab={(t) => change({ tab: t })} yearSelect={yearSelect} mayWrite={false} mayOpen={false} maySetAllocation={false} />}
    />
  );
}

function TownPlan({
  townId,
  year,
  tab,
  onTab,
  yearSelect,
  mayWrite,
  mayOpen,
  maySetAllocation,
  onBack,
}: {
  readonly townId: number;
  readonly year: number;
  readonly tab: string | null;
  readonly onTab: (tab: string) => void;
  readonly yearSelect: ReactNode;
  readonly mayWrite: boolean;
  readonly mayOpen: boolean;
  readonly maySetAllocation: boolean;
  readonly onBack?: () => void;
}) {
  const campaigns = useRequest(() => http.GET('/api/campaigns', { params: { query: { year, townId } } }), [year, townId]);
  const loaded = useRequest(() => http.GET('/api/towns/{id}/annual-plans/{year}', { params: { path: { id: townId, year } } }), [townId, year]);
  const [freshPlan, setFreshPlan] = useState<Plan | null>(null);
  const [freshCampaign, setFreshCampaign] = useState<Campaign | null>(null);
  const [allocating, setAllocating] = useState(false);
  const plan = freshPlan ?? loaded.data;
  const campaign = freshCampaign ?? campaigns.data?.items[0] ?? null;
  const ready = plan !== undefined && campaigns.data !== undefined;
  // The campaign first while it runs or has yet to be opened by the town; else the plan.
  const shown = tab ?? (ready && (campaign?.open === true || (campaign === null && mayOpen)) ? 'campaign' : 'plan');

  const reloadPlan = (): void => {
    setFreshPlan(null);
    loaded.reload();
  };

  return (
    <Page
      title={plan === undefined ? `${year}年度计划` : `${plan.townName}${year}年度计划`}
      extra={
        <>
          {onBack !== undefined ? (
            <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
              各镇（街道）年度计划
            </Button>
          ) : null}
          {yearSelect}
          {maySetAllocation && plan !== undefined ? <Button onClick={() => setAllocating(true)}>设定额度</Button> : null}
        </>
      }
    >
      <ErrorAlert error={loaded.error ?? campaigns.error} onRetry={() => (loaded.error !== null ? loaded.reload() : campaigns.reload())} />
      {!ready ? (
        loaded.error === null && campaigns.error === null ? <Spin description="正在加载…" /> : null
      ) : (
        <Tabs
          activeKey={shown}
          onChange={onTab}
          items={[
            {
              key: 'campaign',
              label: '集中征集',
              children: (
                <CampaignTab
                  townId={townId}
                  year={year}
                  campaign={campaign}
                  mayOpen={mayOpen}
                  onChanged={(c) => {
                    setFreshCampaign(c);
                    reloadPlan();
                  }}
                />
              ),
            },
            {
              key: 'plan',
              label: '年度项目库与实施计划',
              children: <PlanTab plan={plan} mayWrite={mayWrite} onChanged={setFreshPlan} onShort={reloadPlan} />,
            },
          ]}
        />
      )}
      {allocating && plan !== undefined ? (
        <AllocationDialog
          townId={townId}
          townName={plan.townName}
          year={year}
          onClose={() => setAllocating(false)}
          onSaved={(p) => {
            setAllocating(false);
            setFreshPlan(p);
          }}
        />
      ) : null}
    </Page>
  );
}

function Overview({
  year,
  tab,
  onTab,
  yearSelect,
  maySetAllocation,
  onOpen,
  single,
}: {
  readonly year: number;
  readonly tab: string | null;
  readonly onTab: (tab: string) => void;
  readonly yearSelect: ReactNode;
  readonly maySetAllocation: boolean;
  readonly onOpen: (townId: number) => void;
  /** The view of a jurisdiction that holds one town (a town's department reviewers): that town's plan. */
  readonly single: (townId: number) => ReactNode;
}) {
  const loaded = useRequest(() => http.GET('/api/annual-plans', { params: { query: { year } } }), [year]);
  const items = loaded.data?.items ?? [];
  const only = items.length === 1 && !maySetAllocation ? items[0] : undefined;
  if (only !== undefined) return single(only.townId);
  return (
    <Page title={`${year}年度计划`} extra={yearSelect}>
      <Typography.Text type="secondary">
        各镇（街道）每年1月底前开展集中征集，于{year}年2月底前将盖章的年度实施计划报市民政局；实施计划总额不得少于市分配经费额度。点击一行查看该镇（街道）的年度计划。
      </Typography.Text>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Tabs
        activeKey={tab === 'reports' ? 'reports' : 'towns'}
        onChange={onTab}
        items={[
          {
            key: 'towns',
            label: '各镇（街道）年度计划',
            children: <OverviewTable items={items} loading={loaded.loading} maySetAllocation={maySetAllocation} onOpen={onOpen} onAllocated={loaded.reload} />,
          },
          { key: 'reports', label: '报备事项', children: <ReportsTable year={year} towns={items} /> },
        ]}
      />
    </Page>
  );
}

/** Community staff: whether the town's campaign is open, and their own community's numbers in it. */
function CommunityNotice() {
  const loaded = useRequest(() => http.GET('/api/campaigns'), []);
  const open = openCampaignOf(loaded.data?.items ?? []);
  const mine = open?.progress[0];
  return (
    <Page title="年度计划">
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      {loaded.data === undefined ? (
        loaded.error === null ? <Spin description="正在加载…" /> : null
      ) : open === null ? (
        <Result status="info" title="本镇（街道）目前没有进行中的集中征集活动" subTitle="诉求按日常征集录入。年度项目库和实施计划由镇（街道）汇总报送市民政局。" />
      ) : (
        <Card size="small">
          <Flex vertical gap={12}>
            <Alert type="success" showIcon title={campaignNotice(open)} description="录入诉求时，来源渠道选择“年度集中征集活动”；截止日 24:00 后录入的诉求为日常征集。" />
            <Descriptions size="small" column={3} title={open.title}>
              <Descriptions.Item label="本村（社区）征集诉求">{mine?.demands ?? 0}</Descriptions.Item>
              <Descriptions.Item label="已立项">{mine?.projects ?? 0}</Descriptions.Item>
              <Descriptions.Item label="已确认纳入项目库">{mine?.confirmed ?? 0}</Descriptions.Item>
            </Descriptions>
          </Flex>
        </Card>
      )}
    </Page>
  );
}
