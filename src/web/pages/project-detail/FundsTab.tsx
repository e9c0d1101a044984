/**
 * 资金 on the project page (R9.2): per fund source the approved amount, what the town's ledger paid, the actual of
 * the 结项表 once filed, their difference and what is left to pay; then the project's disbursements.
 */
import { Alert, Card, Flex, Spin, Table, Tag, Typography } from 'antd';
import { http } from '../../api/client.js';
import type { ResponseOf } from '../../api/models.js';
import { useRequest } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { SOURCE_LABELS, yuanText } from '../funds/funds-format.js';

type Funds = ResponseOf<'viewProjectFunds'>;
type Row = Funds['rows'][number];

export function FundsTab({ projectId }: { readonly projectId: number }) {
  const funds = useRequest(() => http.GET('/api/projects/{id}/funds', { params: { path: { id: projectId } } }), [projectId]);
  const data = funds.data;
  if (data === undefined) return funds.error !== null ? <ErrorAlert error={funds.error} onRetry={funds.reload} /> : <Spin description="正在加载…" />;
  const rows: (Row & { key: string })[] = [...data.rows.map((r) => ({ ...r, key: r.source })), { ...data.total, source: 'special', label: '合计', key: 'total' }];
  const over = data.rows.filter((r) => r.undisbursedFen < 0);
  return (
    <Flex vertical gap={16}>
      {over.length > 0 ? <Alert type="warning" showIcon title={`${over.map((r) => SOURCE_LABELS[r.source]).join('、')}已超出核定金额发放（经说明理由的超额发放，已报市民政局）`} /> : null}
      <Card size="small" title="预算与实际（R9.2）">
        <Table<Row & { key: string }>
          size="small"
          pagination={false}
          dataSource={rows}
          rowClassName={(r) => (r.key === 'total' ? 'funds-total-row' : '')}
          columns={[
            { title: '资金来源', dataIndex: 'label', render: (_v: string, r) => (r.key === 'total' ? <Typography.Text strong>合计</Typography.Text> : SOURCE_LABELS[r.source]) },
            { title: '核定金额（元）', dataIndex: 'approvedFen', align: 'right', render: (v: number) => yuanText(v) },
            { title: '已发放（元）', dataIndex: 'disbursedFen', align: 'right', render: (v: number) => yuanText(v) },
            { title: '实际投入（元）', dataIndex: 'actualFen', align: 'right', render: (v: number | null) => (v === null ? '未结项' : yuanText(v)) },
            { title: '实际与核定差额（元）', dataIndex: 'varianceFen', align: 'right', render: (v: number | null) => yuanText(v) },
            {
              title: '待发放（元）',
              dataIndex: 'undisbursedFen',
              align: 'right',
              render: (v: number) => (v < 0 ? <Typography.Text type="danger">超发 {yuanText(-v)}</Typography.Text> : yuanText(v)),
            },
          ]}
        />
      </Card>
      <Card size="small" title={`发放明细（${data.lines.length} 笔）`}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={data.lines}
          locale={{ emptyText: '暂无发放记录' }}
          columns={[
            { title: '发放日期', dataIndex: 'date' },
            { title: '资金来源', dataIndex: 'source', render: (v: keyof typeof SOURCE_LABELS) => SOURCE_LABELS[v] },
            { title: '金额（元）', dataIndex: 'amountFen', align: 'right', render: (v: number) => yuanText(v) },
            { title: '凭证号', dataIndex: 'voucherNo' },
            {
              title: '超额发放',
              dataIndex: 'override',
              render: (o: Funds['lines'][number]['override']) => (o === null ? null : <Tag color="error">超出 {yuanText(o.excessFen)} 元：{o.reason}</Tag>),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
