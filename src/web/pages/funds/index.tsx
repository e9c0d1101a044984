/**
 * 资金台账 (R9): a town's 资金发放台账 of a year. Town staff see their own town and record disbursements and the
 * matching funds; the bureau and supervisors pick a town of their jurisdiction and read it. The balances of the
 * city's allocation and the matching funds, the communities' special accounts, every line; the R9.3 self-check and
 * performance-evaluation exports and the printed ledger.
 */
import { DownOutlined, FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Dropdown, Empty, Flex, Result, Row, Select, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, http } from '../../api/client.js';
import type { ResponseOf } from '../../api/models.js';
import { useRequest } from '../../api/useRequest.js';
import { useUser } from '../../auth/session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Page } from '../../components/Page.js';
import { downloadFile } from '../../download.js';
import { shanghaiNow } from '../../format.js';
import { DisbursementDialog } from './DisbursementDialog.js';
import { SOURCE_LABELS, SOURCES, wanYuanText, yuanText, type Source } from './funds-format.js';
import { MatchingFundDialog } from './MatchingFundDialog.js';

type Ledger = ResponseOf<'viewFundsLedger'>;
type Line = Ledger['lines'][number];

const EXPORTS = [
  { key: 'evaluation.xlsx', path: 'funds-evaluation/export', format: 'xlsx', label: '自查及绩效评价表（Excel）' },
  { key: 'evaluation.pdf', path: 'funds-evaluation/export', format: 'pdf', label: '自查及绩效评价表（PDF）' },
  { key: 'ledger.xlsx', path: 'funds-ledger', format: 'xlsx', label: '资金发放台账（Excel）' },
  { key: 'ledger.pdf', path: 'funds-ledger', format: 'pdf', label: '资金发放台账（PDF）' },
] as const;

export default function FundsPage() {
  const user = useUser();
  const { message } = App.useApp();
  const thisYear = shanghaiNow().year();
  const [year, setYear] = useState(thisYear);
  const [picked, setPicked] = useState<number | undefined>(undefined);
  const [dialog, setDialog] = useState<'disbursement' | 'matching' | null>(null);
  const [fresh, setFresh] = useState<Ledger | null>(null);
  const [busy, setBusy] = useState(false);
  const ownTown = user.unit.kind === 'town' ? user.unit.id : undefined;
  const units = useRequest(() => api.units.list(), [], ownTown === undefined && user.unit.kind !== 'community');
  const towns = useMemo(() => (units.data?.items ?? []).filter((u) => u.kind === 'town'), [units.data]);
  const townId = ownTown ?? picked ?? towns[0]?.id;
  const loaded = useRequest(
    () => http.GET('/api/towns/{id}/funds', { params: { path: { id: townId ?? 0 }, query: { year } } }),
    [townId, year],
    townId !== undefined,
  );
  const ledger = fresh !== null && fresh.townId === townId && fresh.year === year ? fresh : loaded.data;

  if (user.unit.kind === 'community') {
    return (
      <Page title="资金台账">
        <Result status="info" title="资金台账由镇（街道）登记" subTitle="本村（社区）项目的资金情况可在项目详情的“资金”页签查看。" />
      </Page>
    );
  }

  const years = Array.from({ length: 6 }, (_, i) => thisYear - 4 + i).filter((y) => y <= thisYear + 1);
  const download = (key: string): void => {
    const d = EXPORTS.find((x) => x.key === key);
    if (d === undefined || townId === undefined) return;
    setBusy(true);
    void downloadFile(`/api/towns/${townId}/${d.path}?year=${year}&format=${d.format}`, `${d.label}.${d.format}`)
      .catch((error: unknown) => void message.error(error instanceof Error ? error.message : '下载失败'))
      .finally(() => setBusy(false));
  };
  const saved = (next: Ledger): void => {
    setFresh(next);
    setDialog(null);
  };

  const extra = (
    <>
      {ownTown === undefined ? (
        <Select
          aria-label="镇（街道）"
          style={{ width: 160 }}
          placeholder="选择镇（街道）"
          value={townId}
          loading={units.loading}
          options={towns.map((t) => ({ value: t.id, label: t.name }))}
          onChange={(v: number) => setPicked(v)}
        />
      ) : null}
      <Select aria-label="年度" style={{ width: 110 }} value={year} options={years.map((y) => ({ value: y, label: `${y}年度` }))} onChange={(v: number) => setYear(v)} />
      {ledger?.canRecord === true ? (
        <>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('disbursement')}>
            登记资金发放
          </Button>
          <Button onClick={() => setDialog('matching')}>设定配套资金</Button>
        </>
      ) : null}
      <Dropdown disabled={townId === undefined} menu={{ items: EXPORTS.map((d) => ({ key: d.key, label: d.label })), onClick: ({ key }) => download(key) }}>
        <Button icon={<FileExcelOutlined />} loading={busy}>
          导出 <DownOutlined />
        </Button>
      </Dropdown>
    </>
  );

  return (
    <Page title={ledger === undefined ? '资金台账' : `${ledger.townName}${ledger.year}年度资金台账`} extra={extra}>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      {ledger === undefined ? (
        loaded.error === null ? <Spin description="正在加载…" /> : null
      ) : (
        <LedgerView ledger={ledger} />
      )}
      {ledger !== undefined && dialog === 'disbursement' ? <DisbursementDialog ledger={ledger} open onClose={() => setDialog(null)} onRecorded={saved} /> : null}
      {ledger !== undefined && dialog === 'matching' ? <MatchingFundDialog ledger={ledger} open onClose={() => setDialog(null)} onSaved={saved} /> : null}
    </Page>
  );
}

function Money({ title, fen, note }: { readonly title: string; readonly fen: number | null; readonly note?: string }) {
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={`funds-card-${title}`}>
      <Statistic title={title} value={fen === null ? '未设定' : yuanText(fen)} suffix={fen === null ? undefined : '元'} styles={{ content: { fontSize: 22, color: fen !== null && fen < 0 ? '#cf1322' : undefined } }} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {note ?? (fen === null ? '' : wanYuanText(fen).split('（')[0])}
      </Typography.Text>
    </Card>
  );
}

function LedgerView({ ledger }: { readonly ledger: Ledger }) {
  const b = ledger.balances;
  const credited = (ledger.allocation.amountFen ?? 0) + (ledger.matchingFund.amountFen ?? 0);
  return (
    <>
      <Row gutter={[12, 12]}>
        <Col span={6}>
          <Money title="市分配额度" fen={ledger.allocation.amountFen} note={ledger.allocation.amountFen === null ? '市民政局尚未设定' : `已发放 ${yuanText(b.cityAllocation.drawnFen)} 元，余 ${yuanText(b.cityAllocation.balanceFen)} 元`} />
        </Col>
        <Col span={6}>
          <Money title="镇街配套资金" fen={ledger.matchingFund.amountFen} note={ledger.matchingFund.amountFen === null ? '尚未设定' : `已发放 ${yuanText(b.matchingFund.drawnFen)} 元，余 ${yuanText(b.matchingFund.balanceFen)} 元`} />
        </Col>
        <Col span={6}>
          <Money title="已发放" fen={b.totalDisbursedFen} note={`${ledger.lines.length} 笔，含集体经济、社会投入`} />
        </Col>
        <Col span={6}>
          <Money title="余额" fen={b.balanceFen} note={`两项资金 ${yuanText(credited)} 元减专项资金发放`} />
        </Col>
      </Row>
      {ledger.discrepancies.length > 0 ? <Typography.Text type="danger">台账与账户不一致：{ledger.discrepancies.map((d) => d.account).join('、')}</Typography.Text> : null}
      <Card size="small" title="村（社区）专用账户">
        <Table
          size="small"
          rowKey="communityId"
          pagination={false}
          dataSource={ledger.communities}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无拨付" /> }}
          columns={[
            { title: '村（社区）', dataIndex: 'communityName' },
            ...SOURCES.map((s: Source) => ({
              title: `${SOURCE_LABELS[s]}（元）`,
              key: s,
              align: 'right' as const,
              render: (_: unknown, c: Ledger['communities'][number]) => yuanText(c.received[s]),
            })),
            { title: '合计收到（元）', dataIndex: 'balanceFen', align: 'right', render: (v: number) => <Typography.Text strong>{yuanText(v)}</Typography.Text> },
          ]}
        />
      </Card>
      <Card size="small" title={`发放明细（${ledger.lines.length} 笔）`}>
        <Table<Line>
          size="small"
          rowKey="id"
          dataSource={ledger.lines}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="本年度尚未登记资金发放" /> }}
          columns={[
            { title: '发放日期', dataIndex: 'date', width: 110 },
            { title: '村（社区）', dataIndex: 'communityName', width: 130 },
            { title: '项目', dataIndex: 'projectName', render: (v: string, l) => <Typography.Link href={`/projects/${l.projectId}?tab=funds`}>{v}</Typography.Link> },
            { title: '金额', dataIndex: 'amountFen', align: 'right', width: 190, render: (v: number) => wanYuanText(v) },
            { title: '资金来源', dataIndex: 'source', width: 100, render: (v: Source) => SOURCE_LABELS[v] },
            { title: '凭证号', dataIndex: 'voucherNo', width: 120 },
            {
              title: '备注',
              dataIndex: 'override',
              width: 150,
              render: (o: Line['override']) => (o === null ? null : <Tag color="error" title={o.reason}>超额发放 {yuanText(o.excessFen)} 元</Tag>),
            },
          ]}
        />
      </Card>
      <Flex justify="end">
        <Typography.Text type="secondary">专项资金按项目所属出资：集中征集项目出自市分配经费，年度调整项目出自镇街配套资金（R8.4）。</Typography.Text>
      </Flex>
    </>
  );
}
