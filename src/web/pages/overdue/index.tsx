/**
 * 逾期督办 (R7.2): the steps past their due time within the user's jurisdiction, longest overdue first, each with its
 * case, its community and how often it has been chased. The level above (town for a community's step, the bureau
 * for any) sends a 催办 with a message; the server checks who may chase what and audits it.
 */
import { Button, Card, Form, Input, Modal, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, type ApiError } from '../../api/client.js';
import type { OverdueStep } from '../../api/models.js';
import { toApiError, useRequest } from '../../api/useRequest.js';
import { useSession, useUser } from '../../auth/session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Page } from '../../components/Page.js';
import { formatDateTime, NONE } from '../../format.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';

const PAGE_SIZE = 50;

/** How long past due, in the largest whole unit: 3 天 / 5 小时 / 20 分钟. */
function lateness(due: string, now: dayjs.Dayjs): string {
  const minutes = Math.max(0, now.diff(dayjs(due), 'minute'));
  if (minutes >= 24 * 60) return `${Math.floor(minutes / (24 * 60))} 天`;
  if (minutes >= 60) return `${Math.floor(minutes / 60)} 小时`;
  return `${minutes} 分钟`;
}

/** Who may chase a step: the level above its owner (a town for a community's step; the bureau for any but the system's). */
function mayChase(role: string, step: OverdueStep): boolean {
  return (role === 'town_staff' && step.owner === 'community') || (role === 'bureau_admin' && step.owner !== 'system');
}

export default function OverduePage() {
  const { can } = useSession();
  const user = useUser();
  const [page, setPage] = useState(1);
  const list = useRequest(() => api.deadlines.overdue(PAGE_SIZE, (page - 1) * PAGE_SIZE), [page]);
  const [chasing, setChasing] = useState<OverdueStep | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [form] = Form.useForm<{ message: string }>();
  const now = dayjs();

  const open = (step: OverdueStep) => {
    setError(null);
    form.setFieldsValue({ message: `请尽快办理「${step.label}」并反馈进展。` });
    setChasing(step);
  };

  const send = async () => {
    if (chasing === null) return;
    // A field left wrong is shown by the form itself; nothing is sent.
    const values = await form.validateFields().catch(() => null);
    if (values === null) return;
    const { message } = values;
    setSending(true);
    setError(null);
    try {
      await api.deadlines.remind(chasing.id, message.trim());
      setChasing(null);
      list.reload();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setSending(false);
    }
  };

  const columns: TableColumnsType<OverdueStep> = [
    {
      title: '案例',
      key: 'case',
      render: (_v, r) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text>{r.caseTitle || NONE}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.aggregate === 'demand' ? '诉求' : '项目'} {r.caseNumber}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '村（社区）', dataIndex: 'communityName', width: 120 },
    {
      title: '逾期环节',
      key: 'step',
      width: 200,
      render: (_v, r) => (
        <Tooltip title={`依据规则 ${r.rule}`}>
          <span>{r.label}</span>
        </Tooltip>
      ),
    },
    {
      title: '期限',
      dataIndex: 'due',
      width: 190,
      render: (due: string, r) => (
        <Space size={4} wrap>
          <span>{formatDateTime(due).slice(0, 16)}</span>
          {r.provisional ? <Tag>临时计算</Tag> : null}
        </Space>
      ),
    },
    { title: '已超期', key: 'late', width: 100, render: (_v, r) => <Tag color="red">{lateness(r.due, now)}</Tag> },
    {
      title: '催办',
      key: 'reminders',
      width: 170,
      render: (_v, r) => (r.reminders === 0 ? '未催办' : `${r.reminders} 次，最近 ${formatDateTime(r.lastRemindedAt).slice(5, 16)}`),
    },
    ...(can('sendReminder')
      ? [
          {
            title: '操作',
            key: 'actions',
            width: 90,
            render: (_v: unknown, r: OverdueStep) =>
              mayChase(user.role, r) ? (
                <Button size="small" onClick={() => open(r)}>
                  催办
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <Page title="逾期督办">
      <Card title={list.data !== undefined ? `共 ${list.data.total} 个逾期环节` : '逾期环节'}>
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <ScrollRegion label="逾期环节列表">
          <Table<OverdueStep>
            rowKey="id"
            size="middle"
            loading={list.loading}
            columns={columns}
            dataSource={list.data?.items ? [...list.data.items] : []}
            scroll={{ x: 1100 }}
            locale={{ emptyText: '管辖范围内没有逾期环节' }}
            pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, showSizeChanger: false, showTotal: (t) => `共 ${t} 个`, onChange: setPage }}
          />
        </ScrollRegion>
      </Card>
      <Modal
        open={chasing !== null}
        title={chasing === null ? '催办' : `催办：${chasing.communityName} · ${chasing.label}`}
        okText="发出催办"
        cancelText="取消"
        confirmLoading={sending}
        onOk={() => {
          void send();
        }}
        onCancel={() => setChasing(null)}
        destroyOnHidden
      >
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" name="reminder">
          <Form.Item name="message" label="催办内容" rules={[{ required: true, whitespace: true, message: '请填写催办内容' }, { max: 500, message: '不超过500字' }]}>
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Page>
  );
}
