/**
 * 审计日志 (audit administrator): the log filtered by action, outcome and time, each record's details on expansion,
 * and 校验完整性, which checks the hash chain and lists any break.
 */
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Form, List, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ApiError } from '../../api/client.js';
import { api } from '../../api/client.js';
import type { AuditOutcome, AuditQuery, AuditRecord, AuditVerification } from '../../api/models.js';
import { toApiError, useRequest } from '../../api/useRequest.js';
import { useSession } from '../../auth/session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Page } from '../../components/Page.js';
import { NONE, formatDateTime, orNone, shanghaiInstant } from '../../format.js';
import { ACTION_LABELS, ACTIONS, RECORDED_EVENT_LABELS, RECORDED_EVENTS, SECURITY_EVENTS } from '../../../domain/access/actions.js';
import { ROLE_LABELS, ROLES, type Role } from '../../../domain/access/roles.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';

const PAGE_SIZE = 50;

const LABELS: Readonly<Record<string, string>> = { ...ACTION_LABELS, ...RECORDED_EVENT_LABELS };
const ACTION_OPTIONS = [...SECURITY_EVENTS, ...ACTIONS, ...RECORDED_EVENTS].map((a) => ({ value: a, label: `${LABELS[a] ?? a}（${a}）` }));

const OUTCOMES: Readonly<Record<AuditOutcome, { label: string; color: string }>> = {
  success: { label: '成功', color: 'success' },
  denied: { label: '拒绝', color: 'warning' },
  failure: { label: '失败', color: 'red' },
};

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

function roleLabel(role: string | null): string {
  if (role === null) return NONE;
  return isRole(role) ? ROLE_LABELS[role] : role;
}

const TARGET_TYPES: Readonly<Record<string, string>> = { user: '用户', unit: '单位', calendarYear: '工作日历' };

function targetText(record: AuditRecord): string {
  const { type, id } = record.target;
  if (type === null && id === null) return NONE;
  const label = type === null ? '' : (TARGET_TYPES[type] ?? type);
  return id === null ? label : `${label} #${id}`;
}

function Json({ value }: { readonly value: unknown }) {
  if (value === null || value === undefined) return <span>{NONE}</span>;
  return <pre className="msw-json">{JSON.stringify(value, null, 2)}</pre>;
}

interface Filters {
  readonly action?: string;
  readonly outcome?: AuditOutcome;
  readonly range?: [Dayjs | null, Dayjs | null] | null;
}

export default function AuditPage() {
  const { can } = useSession();
  const [query, setQuery] = useState<AuditQuery>({});
  const [page, setPage] = useState(1);
  const full: AuditQuery = { ...query, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const list = useRequest(() => api.audit.list(full), [JSON.stringify(full)]);
  const [verification, setVerification] = useState<AuditVerification | null>(null);
  const [verifyError, setVerifyError] = useState<ApiError | null>(null);
  const [verifying, setVerifying] = useState(false);

  const verify = async () => {
    setVerifying(true);
    setVerifyError(null);
    try {
      setVerification(await api.audit.verify());
      list.reload();
    } catch (err) {
      setVerification(null);
      setVerifyError(toApiError(err));
    } finally {
      setVerifying(false);
    }
  };

  const search = (values: Filters) => {
    const [from, to] = values.range ?? [null, null];
    setQuery({
      ...(values.action !== undefined ? { action: values.action } : {}),
      ...(values.outcome !== undefined ? { outcome: values.outcome } : {}),
      ...(from !== null ? { from: shanghaiInstant(from) } : {}),
      ...(to !== null ? { to: shanghaiInstant(to) } : {}),
    });
    setPage(1);
  };

  const columns: TableColumnsType<AuditRecord> = [
    { title: '记录号', dataIndex: 'id', width: 80, align: 'right' },
    { title: '时间', dataIndex: 'occurredAt', width: 170, render: (t: string) => formatDateTime(t) },
    { title: '操作人', key: 'actor', width: 110, render: (_v, r) => r.actor.username ?? '系统' },
    { title: '角色', key: 'role', width: 150, render: (_v, r) => roleLabel(r.actor.role) },
    { title: '操作', dataIndex: 'action', width: 140, render: (a: string) => LABELS[a] ?? a },
    { title: '对象', key: 'target', width: 120, render: (_v, r) => targetText(r) },
    {
      title: '结果',
      dataIndex: 'outcome',
      width: 70,
      render: (o: AuditOutcome) => <Tag color={OUTCOMES[o].color}>{OUTCOMES[o].label}</Tag>,
    },
    { title: 'IP', dataIndex: 'ip', width: 120, render: (ip: string | null) => orNone(ip) },
    {
      title: '请求编号',
      dataIndex: 'requestId',
      width: 150,
      render: (id: string | null) =>
        id === null ? NONE : (
          <Typography.Text copyable={{ text: id, tooltips: ['复制', '已复制'] }} style={{ fontSize: 12 }}>
            {id.length > 13 ? `${id.slice(0, 13)}…` : id}
          </Typography.Text>
        ),
    },
  ];

  return (
    <Page
      title="审计日志"
      extra={
        can('verifyAuditChain') ? (
          <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()}>
            校验完整性
          </Button>
        ) : undefined
      }
    >
      <ErrorAlert error={verifyError} />
      {verification !== null ? (
        verification.ok ? (
          <Alert
            type="success"
            showIcon
            closable={{ onClose: () => setVerification(null) }}
            title={`审计日志完整：已校验 ${verification.chains} 条哈希链上的 ${verification.checked} 条记录，未发现篡改或断链。`}
          />
        ) : (
          <Alert
            type="error"
            showIcon
            title={`审计日志不完整：已校验 ${verification.checked} 条，发现 ${verification.breaks.length} 处断链`}
            description={
              <List
                size="small"
                dataSource={[...verification.breaks]}
                renderItem={(b) => (
                  <List.Item>{b.message}</List.Item>
                )}
              />
            }
          />
        )
      ) : null}
      <Card>
        <Form<Filters> name="audit-filters" layout="inline" onFinish={search} style={{ rowGap: 12 }}>
          <Form.Item label="操作" name="action">
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="全部" style={{ width: 260 }} options={ACTION_OPTIONS} />
          </Form.Item>
          <Form.Item label="结果" name="outcome">
            <Select
              allowClear
              placeholder="全部"
              style={{ width: 110 }}
              options={(Object.keys(OUTCOMES) as AuditOutcome[]).map((o) => ({ value: o, label: OUTCOMES[o].label }))}
            />
          </Form.Item>
          <Form.Item label="时间" name="range">
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button htmlType="submit">查询</Button>
              <Button htmlType="reset" onClick={() => search({})}>
                重置
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card title={list.data !== undefined ? `共 ${list.data.total} 条记录` : '记录'}>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <ScrollRegion label="审计记录列表">
          <Table<AuditRecord>
            rowKey="id"
            size="middle"
            loading={list.loading}
            columns={columns}
            dataSource={list.data?.items ? [...list.data.items] : []}
            scroll={{ x: 1100 }}
            locale={{ emptyText: '没有符合条件的记录' }}
            expandable={{
              expandedRowRender: (r) => (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Typography.Text type="secondary">
                    审计链 {r.chain} 第 {r.seq} 条 · 哈希：{r.hash}
                  </Typography.Text>
                  <Typography.Text strong>详情</Typography.Text>
                  <Json value={r.details} />
                  {r.before !== null ? (
                    <>
                      <Typography.Text strong>变更前</Typography.Text>
                      <Json value={r.before} />
                    </>
                  ) : null}
                  {r.after !== null ? (
                    <>
                      <Typography.Text strong>变更后</Typography.Text>
                      <Json value={r.after} />
                    </>
                  ) : null}
                </Space>
              ),
            }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => `共 ${total} 条`,
              onChange: setPage,
            }}
          />
        </ScrollRegion>
      </Card>
    </Page>
  );
}
