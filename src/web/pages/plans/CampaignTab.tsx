/**
 * 集中征集 (R8.1): the town's campaign of the year — its title, closing date and state, the communities' progress
 * (诉求 entered through the campaign channel, 立项, 已确认纳入项目库) with the totals. Town staff open it (the title
 * prefilled, 31 January by default and no later) and may close it early with a reason; the others read it.
 */
import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Descriptions, Empty, Flex, Form, Input, Modal, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { http, type ApiError } from '../../api/client.js';
import { toApiError } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatDateTime, shanghaiNow } from '../../format.js';
import { campaignTitle, fullDate, latestClosing, monthDay, type Campaign } from './plan-year.js';

type Row = Campaign['progress'][number];

export function CampaignTab({
  townId,
  year,
  campaign,
  mayOpen,
  onChanged,
}: {
  readonly townId: number;
  readonly year: number;
  readonly campaign: Campaign | null;
  /** Town staff of the town: 发起 and 提前结束. */
  readonly mayOpen: boolean;
  readonly onChanged: (c: Campaign) => void;
}) {
  const [dialog, setDialog] = useState<'open' | 'close' | null>(null);
  const today = shanghaiNow().format('YYYY-MM-DD');
  const tooLate = today > latestClosing(year);

  if (campaign === null) {
    const button = (
      <Button type="primary" icon={<PlusOutlined />} disabled={tooLate} onClick={() => setDialog('open')}>
        发起集中征集
      </Button>
    );
    return (
      <Card size="small">
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            <Flex vertical gap={4}>
              <Typography.Text>本镇（街道）尚未发起{year}年度集中征集活动</Typography.Text>
              <Typography.Text type="secondary">每年1月底前，镇（街道）组织各村（社区）开展集中征集活动；征集期间，村（社区）录入诉求时可选择“年度集中征集活动”渠道。</Typography.Text>
              {mayOpen && tooLate ? <Typography.Text type="warning">{year}年1月31日已过，本年度不能再发起集中征集，诉求按日常征集录入。</Typography.Text> : null}
            </Flex>
          }
        >
          {mayOpen ? (tooLate ? <Tooltip title={`集中征集须在${year}年1月31日前结束`}>{button}</Tooltip> : button) : null}
        </Empty>
        {dialog === 'open' ? <OpenDialog townId={townId} year={year} onClose={() => setDialog(null)} onOpened={(c) => {
              setDialog(null);
              onChanged(c);
            }} /> : null}
      </Card>
    );
  }

  return (
    <Flex vertical gap={16}>
      <Card
        size="small"
        title={campaign.title}
        extra={
          mayOpen && campaign.open ? (
            <Button icon={<StopOutlined />} onClick={() => setDialog('close')}>
              提前结束
            </Button>
          ) : null
        }
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label="状态">
            <Tag color={campaign.open ? 'processing' : 'default'}>{campaign.statusLabel}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="截止日期">{fullDate(campaign.closesOn)} 24:00</Descriptions.Item>
          <Descriptions.Item label="发起时间">{formatDateTime(campaign.openedAt)}</Descriptions.Item>
          {campaign.closedEarly !== null ? (
            <Descriptions.Item label="提前结束" span={3}>
              {formatDateTime(campaign.closedEarly.at)}，理由：{campaign.closedEarly.reason}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        <Typography.Text type="secondary">
          {campaign.open
            ? `征集中：村（社区）录入诉求时选择“年度集中征集活动”渠道，截止 ${monthDay(campaign.closesOn)} 24:00；之后录入的诉求为日常征集。`
            : '征集已结束：经镇（街道）确认的集中征集项目纳入年度项目库，见“年度项目库与实施计划”。'}
        </Typography.Text>
      </Card>
      <Card size="small" title="各村（社区）征集进度">
        <Table<Row>
          size="small"
          rowKey="communityId"
          pagination={false}
          dataSource={campaign.progress}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无村（社区）经集中征集渠道录入诉求" /> }}
          columns={[
            { title: '村（社区）', dataIndex: 'communityName' },
            { title: '征集诉求', dataIndex: 'demands', align: 'right', width: 140 },
            { title: '已立项', dataIndex: 'projects', align: 'right', width: 140 },
            { title: '已确认纳入项目库', dataIndex: 'confirmed', align: 'right', width: 180 },
          ]}
          summary={() =>
            campaign.progress.length === 0 ? null : (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0}>
                  <Typography.Text strong>合计</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={1} align="right">
                  <Typography.Text strong>{campaign.totals.demands}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={2} align="right">
                  <Typography.Text strong>{campaign.totals.projects}</Typography.Text>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={3} align="right">
                  <Typography.Text strong>{campaign.totals.confirmed}</Typography.Text>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )
          }
        />
      </Card>
      {dialog === 'close' ? <CloseDialog campaign={campaign} onClose={() => setDialog(null)} onClosed={(c) => {
            setDialog(null);
            onChanged(c);
          }} /> : null}
    </Flex>
  );
}

function OpenDialog({ townId, year, onClose, onOpened }: { readonly townId: number; readonly year: number; readonly onClose: () => void; readonly onOpened: (c: Campaign) => void }) {
  const [form] = Form.useForm<{ title: string; closesOn: Dayjs }>();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const latest = dayjs(latestClosing(year));
  const today = dayjs(shanghaiNow().format('YYYY-MM-DD'));

  const submit = async (): Promise<void> => {
    const v = await form.validateFields().catch(() => null);
    if (v === null) return;
    setBusy(true);
    setError(null);
    try {
      const opened = await http.POST('/api/towns/{id}/campaigns', { params: { path: { id: townId } }, body: { year, title: v.title.trim(), closesOn: v.closesOn.format('YYYY-MM-DD') } });
      void message.success(`已发起：${opened.title}`);
      onOpened(opened);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="发起集中征集" open okText="发起" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ title: campaignTitle(year), closesOn: latest }} onValuesChange={() => setError(null)}>
        <Form.Item label="活动名称" name="title" rules={[{ required: true, whitespace: true, message: '请填写活动名称' }, { max: 100, message: '最多 100 个字' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          label="截止日期"
          name="closesOn"
          rules={[{ required: true, message: '请选择截止日期' }]}
          extra={`集中征集须于每年1月底前完成，截止日期最晚为 ${fullDate(latestClosing(year))}，之后的日期不可选；截止日 24:00 后录入的诉求为日常征集。`}
        >
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(latest, 'day') || d.isBefore(today, 'day')} />
        </Form.Item>
        <Alert type="info" showIcon title="每个镇（街道）每年发起一次集中征集活动。" style={{ marginBottom: 12 }} />
        <ErrorAlert error={error} />
      </Form>
    </Modal>
  );
}

function CloseDialog({ campaign, onClose, onClosed }: { readonly campaign: Campaign; readonly onClose: () => void; readonly onClosed: (c: Campaign) => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (): Promise<void> => {
    const v = await form.validateFields().catch(() => null);
    if (v === null) return;
    setBusy(true);
    setError(null);
    try {
      const closed = await http.POST('/api/campaigns/{id}/close', { params: { path: { id: campaign.id } }, body: { version: campaign.version, reason: v.reason.trim() } });
      void message.success('集中征集活动已结束');
      onClosed(closed);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="提前结束集中征集" open okText="结束征集" okButtonProps={{ danger: true }} cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph>结束后，村（社区）不能再经“年度集中征集活动”渠道录入诉求，之后的诉求按日常征集录入。</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false} onValuesChange={() => setError(null)}>
        <Form.Item label="提前结束的理由" name="reason" rules={[{ required: true, whitespace: true, message: '请说明提前结束的理由' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
        <ErrorAlert error={error} />
      </Form>
    </Modal>
  );
}
