/**
 * For 市民政局 and supervisors: every town's plan of the year (R8.2–R8.4) — its status (逾期未报送 in red), the
 * allocation, the centralized total and the gap, the adjustments, the campaign — each row opening the town's plan;
 * the bureau sets the allocation (设定额度, in 万元, a change with its reason, the history shown). And 报备事项: what
 * the towns reported (plans submitted, library adjustments, overridden disbursements), filterable by town.
 */
import { App, Button, Empty, Flex, Form, Input, Modal, Select, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { http, type ApiError } from '../../api/client.js';
import type { ResponseOf } from '../../api/models.js';
import { toApiError, useRequest } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatDateTime } from '../../format.js';
import { parseWan } from '../../../domain/money.js';
import { STATUS_COLORS, type Plan } from './plan-year.js';

type Item = ResponseOf<'listAnnualPlans'>['items'][number];
type Report = ResponseOf<'listBureauReports'>['items'][number];

function campaignText(c: Item['campaign']): string {
  if (c === null) return '未发起';
  return c.open ? `征集中（截止 ${c.closesOn}）` : '已结束';
}

export function OverviewTable({
  items,
  loading,
  maySetAllocation,
  onOpen,
  onAllocated,
}: {
  readonly items: readonly Item[];
  readonly loading: boolean;
  readonly maySetAllocation: boolean;
  readonly onOpen: (townId: number) => void;
  readonly onAllocated: () => void;
}) {
  const [allocating, setAllocating] = useState<Item | null>(null);
  const count = (status: Item['status']) => items.filter((i) => i.status === status).length;
  const noAllocation = items.filter((i) => i.allocation === null).length;
  return (
    <Flex vertical gap={8}>
      <Typography.Text>
        共 {items.length} 个镇（街道）：已报送 {count('submitted')}，逾期报送 {count('submittedLate')}，待报送 {count('open')}，
        <Typography.Text type={count('overdue') > 0 ? 'danger' : undefined}>逾期未报送 {count('overdue')}</Typography.Text>
        {maySetAllocation && noAllocation > 0 ? `；${noAllocation} 个尚未设定市分配额度` : ''}
      </Typography.Text>
      <Table<Item>
        size="small"
        rowKey="townId"
        loading={loading}
        dataSource={[...items]}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        onRow={(row) => ({ onClick: () => onOpen(row.townId), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: '镇（街道）',
            dataIndex: 'townName',
            width: 120,
            render: (v: string, row) => (
              <Typography.Link
                href={`?year=${row.year}&townId=${row.townId}`}
                onClick={(e) => {
                  e.preventDefault();
                  e.stopPropagation();
                  onOpen(row.townId);
                }}
              >
                {v}
              </Typography.Link>
            ),
          },
          {
            title: '报送状态',
            dataIndex: 'status',
            width: 110,
            filters: (['overdue', 'open', 'submitted', 'submittedLate'] as const).map((s) => ({ text: { overdue: '逾期未报送', open: '待报送', submitted: '已报送', submittedLate: '逾期报送' }[s], value: s })),
            onFilter: (value, row) => row.status === value,
            render: (_: unknown, row) => <Tag color={STATUS_COLORS[row.status]}>{row.statusLabel}</Tag>,
          },
          { title: '报送时间', dataIndex: 'submittedAt', width: 170, render: (v: string | null) => formatDateTime(v) },
          { title: '市分配额度（万元）', dataIndex: 'allocation', align: 'right', width: 150, render: (a: Item['allocation']) => (a === null ? <Typography.Text type="secondary">未设定</Typography.Text> : a.wan) },
          { title: '集中征集合计（万元）', dataIndex: 'centralizedTotal', align: 'right', width: 150, render: (a: Item['centralizedTotal']) => a.wan },
          {
            title: '尚差（万元）',
            dataIndex: 'gap',
            align: 'right',
            width: 100,
            render: (g: Item['gap']) => (g === null ? '--' : g.fen > 0 ? <Typography.Text type="danger">{g.wan}</Typography.Text> : '0'),
          },
          { title: '年度调整', key: 'adjustments', width: 120, render: (_: unknown, row) => (row.adjustments === 0 ? '--' : `${row.adjustments} 项 ${row.adjustmentTotal.wan} 万元`) },
          { title: '集中征集', dataIndex: 'campaign', render: (c: Item['campaign']) => campaignText(c) },
          ...(maySetAllocation
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, row: Item) => (
                    <Button
                      size="small"
                      onClick={(e) => {
                        e.stopPropagation();
                        setAllocating(row);
                      }}
                    >
                      设定额度
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {allocating !== null ? (
        <AllocationDialog
          townId={allocating.townId}
          townName={allocating.townName}
          year={allocating.year}
          onClose={() => setAllocating(null)}
          onSaved={() => {
            setAllocating(null);
            onAllocated();
          }}
        />
      ) : null}
    </Flex>
  );
}

/** 设定额度 (R8.3): the town's allocation of the year in 万元 (to 分 exactly); a change needs its reason; the history. */
export function AllocationDialog({
  townId,
  townName,
  year,
  onClose,
  onSaved,
}: {
  readonly townId: number;
  readonly townName: string;
  readonly year: number;
  readonly onClose: () => void;
  readonly onSaved: (p: Plan) => void;
}) {
  const loaded = useRequest(() => http.GET('/api/towns/{id}/annual-plans/{year}', { params: { path: { id: townId, year } } }), [townId, year]);
  const [form] = Form.useForm<{ amount?: string; reason?: string }>();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const plan = loaded.data;
  const current = plan?.allocation ?? null;

  const submit = async (): Promise<void> => {
    if (plan === undefined) return;
    const v = await form.validateFields().catch(() => null);
    if (v === null) return;
    const amount = parseWan(v.amount ?? '');
    if (!amount.ok) return;
    setBusy(true);
    setError(null);
    try {
      const reason = (v.reason ?? '').trim();
      const next = await http.PUT('/api/towns/{id}/allocations/{year}', {
        params: { path: { id: townId, year } },
        body: { amountFen: amount.fen, reason: reason === '' ? null : reason, version: current?.version ?? null },
      });
      void message.success(`${townName}${year}年度市分配额度已设定为 ${next.allocation?.amount.wan ?? ''} 万元`);
      onSaved(next);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={`设定${townName}${year}年度市分配额度`} open width={600} okText="保存" cancelText="取消" confirmLoading={busy} okButtonProps={{ disabled: plan === undefined }} onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      {plan === undefined ? (
        loaded.error === null ? <Spin description="正在加载…" /> : null
      ) : (
        <Form form={form} layout="vertical" preserve={false} initialValues={{ amount: current?.amount.wan ?? '' }} onValuesChange={() => setError(null)}>
          <Typography.Paragraph type="secondary">
            本镇（街道）集中征集项目目前合计 {plan.summary.centralizedTotal.wan} 万元。额度设定后，实施计划合计不得少于额度才能报送（R8.3）。
          </Typography.Paragraph>
          <Form.Item
            label="市分配经费额度（万元）"
            name="amount"
            rules={[
              { required: true, message: '请填写额度' },
              {
                validator: (_r, value: string | undefined) => {
                  if (value === undefined || value === '') return Promise.resolve();
                  const parsed = parseWan(value);
                  if (!parsed.ok) return Promise.reject(new Error(parsed.error.message));
                  return parsed.fen === 0 ? Promise.reject(new Error('额度须大于0')) : Promise.resolve();
                },
              },
            ]}
          >
            <Input inputMode="decimal" placeholder="如 120 或 85.5" suffix="万元" />
          </Form.Item>
          <Form.Item
            label="调整理由"
            name="reason"
            rules={current === null ? [] : [{ required: true, whitespace: true, message: '调整已设定的额度须说明理由' }]}
            extra={current === null ? '首次设定可不填' : `当前额度 ${current.amount.wan} 万元；调整须说明理由，历次额度均保留`}
          >
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          {current !== null ? (
            <Table
              size="small"
              rowKey="key"
              pagination={false}
              dataSource={current.history.map((h, i) => ({ ...h, key: i }))}
              columns={[
                { title: '设定时间', dataIndex: 'setAt', width: 170, render: (v: string) => formatDateTime(v) },
                { title: '额度（万元）', dataIndex: 'amount', width: 110, align: 'right', render: (a: { wan: string }) => a.wan },
                { title: '理由', dataIndex: 'reason', render: (v: string | null) => v ?? '首次设定' },
              ]}
              style={{ marginBottom: 12 }}
            />
          ) : null}
          <ErrorAlert error={error} />
        </Form>
      )}
    </Modal>
  );
}

/** 报备事项: what the towns reported to 市民政局 in the year, newest first, filterable by town. */
export function ReportsTable({ year, towns }: { readonly year: number; readonly towns: readonly { readonly townId: number; readonly townName: string }[] }) {
  const [townId, setTownId] = useState<number | undefined>(undefined);
  const loaded = useRequest(() => http.GET('/api/bureau-reports', { params: { query: { year, ...(townId === undefined ? {} : { townId }) } } }), [year, townId]);
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} align="center">
        <Select
          aria-label="按镇（街道）筛选"
          allowClear
          placeholder="全部镇（街道）"
          style={{ width: 200 }}
          value={townId}
          onChange={(v: number | undefined) => setTownId(v)}
          options={towns.map((t) => ({ value: t.townId, label: t.townName }))}
          showSearch={{ optionFilterProp: 'label' }}
        />
        <Typography.Text type="secondary">各镇（街道）报送年度实施计划、调整年度项目库（使用镇街配套资金）和超核定金额发放资金时，自动报市民政局备案。</Typography.Text>
      </Flex>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Table<Report>
        size="small"
        rowKey="id"
        loading={loaded.loading}
        dataSource={loaded.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`${year}年度暂无报备事项`} /> }}
        columns={[
          { title: '时间', dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
          { title: '事项', dataIndex: 'kindLabel', width: 140, render: (v: string, r) => (r.late === true ? <>{v} <Tag color="warning">逾期</Tag></> : v) },
          { title: '镇（街道）', dataIndex: 'townName', width: 120 },
          { title: '项目', dataIndex: 'projectName', render: (v: string | null, r) => (v === null || r.projectId === null ? '--' : <Typography.Link href={`/projects/${r.projectId}`}>{v}</Typography.Link>) },
          { title: '金额（万元）', dataIndex: 'amount', width: 110, align: 'right', render: (a: Report['amount']) => a?.wan ?? '--' },
          { title: '理由', dataIndex: 'reason', render: (v: string | null) => v ?? '--' },
        ]}
      />
    </Flex>
  );
}
