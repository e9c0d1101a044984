/**
 * 年度项目库与实施计划 (R8.2–R8.4): the centralized projects' total against the city's allocation with the gap, the
 * plan's status against its due date (2月底前报送), the library's entries (集中征集 from the allocation, 年度调整 from
 * the matching funds, with the reason), the stamped submission with its scanned copy, the printed 实施计划表. Town
 * staff submit (盖章报送) and adjust (调整项目库); every disabled button says why, next to it.
 */
import { AuditOutlined, DownOutlined, FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Dropdown, Empty, Flex, Progress, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { downloadFile } from '../../download.js';
import { formatDateTime } from '../../format.js';
import { downloadUrl } from '../cases/sheets/attachment-urls.js';
import { AdjustDialog, SubmitDialog } from './PlanDialogs.js';
import { adjustBlock, ENTRY_KIND_LABELS, fullDate, FUNDED_FROM_LABELS, gapSentence, STATUS_COLORS, submitBlock, type Plan } from './plan-year.js';

type Entry = Plan['entries'][number];

const DOCUMENTS = [
  { key: 'xlsx', label: '实施计划表（Excel）' },
  { key: 'pdf', label: '实施计划表（PDF）' },
] as const;

/** 实施计划表 as Excel or PDF: the town's printed 年度“民生微实事”项目实施计划表 (the same document as on the 项目 page). */
export function PlanDocumentButton({ townId, year }: { readonly townId: number; readonly year: number }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Dropdown
      menu={{
        items: DOCUMENTS.map((d) => ({ key: d.key, label: d.label })),
        onClick: ({ key }) => {
          setBusy(true);
          void downloadFile(`/api/towns/${townId}/annual-plan?year=${year}&format=${key}`, `${year}年度项目实施计划表.${key}`)
            .catch((error: unknown) => void message.error(error instanceof Error ? error.message : '下载失败'))
            .finally(() => setBusy(false));
        },
      }}
    >
      <Button icon={<FileExcelOutlined />} loading={busy}>
        打印实施计划表 <DownOutlined />
      </Button>
    </Dropdown>
  );
}

export function PlanTab({ plan, mayWrite, onChanged, onShort }: { readonly plan: Plan; readonly mayWrite: boolean; readonly onChanged: (p: Plan) => void; readonly onShort: () => void }) {
  const [dialog, setDialog] = useState<'submit' | 'adjust' | null>(null);
  const s = plan.summary;
  const gapFen = s.gap?.fen ?? 0;
  const percent = s.allocation === null || s.allocation.fen === 0 ? 0 : Math.min(100, Math.floor((s.centralizedTotal.fen / s.allocation.fen) * 100));
  const blocked = submitBlock(plan);
  const adjustBlocked = adjustBlock(plan);

  return (
    <Flex vertical gap={16}>
      <Card size="small" data-testid="plan-summary">
        <Row gutter={[16, 12]} align="middle">
          <Col span={6}>
            <Statistic title="集中征集项目合计（计入市分配额度）" value={s.centralizedTotal.wan} suffix="万元" />
          </Col>
          <Col span={6}>
            <Statistic title="市分配经费额度" value={s.allocation === null ? '尚未设定' : s.allocation.wan} {...(s.allocation === null ? {} : { suffix: '万元' })} />
          </Col>
          <Col span={6}>
            <Statistic
              title="距额度尚差"
              value={s.gap === null ? '--' : s.gap.wan}
              {...(s.gap === null ? {} : { suffix: '万元' })}
              styles={{ content: { color: gapFen > 0 ? '#cf1322' : s.gap === null ? undefined : '#389e0d' } }}
            />
          </Col>
          <Col span={6}>
            <Statistic title="年度调整（镇街配套资金）" value={s.adjustmentTotal.wan} suffix="万元" />
          </Col>
          <Col span={24}>
            <Typography.Text strong data-testid="plan-gap">
              {gapSentence(s)}
            </Typography.Text>
            {s.allocation !== null ? <Progress percent={percent} status={gapFen > 0 ? 'exception' : 'success'} aria-label="集中征集项目合计占市分配额度的比例" /> : null}
            <Typography.Text type="secondary">原则上，每年集中征集并确认实施的项目总额不得少于市分配的经费额度（R8.3）；超出部分或日常征集的新增项目，通过“调整项目库”纳入，使用镇街配套资金。</Typography.Text>
          </Col>
        </Row>
      </Card>

      <Card
        size="small"
        title={
          <Flex gap={8} align="center">
            报送状态
            <Tag color={STATUS_COLORS[plan.status]}>{plan.statusLabel}</Tag>
            <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
              报送期限：{fullDate(plan.dueDate)}（2月底前报送市民政局）
            </Typography.Text>
          </Flex>
        }
        extra={<PlanDocumentButton townId={plan.townId} year={plan.year} />}
      >
        {plan.submission === null ? (
          mayWrite ? (
            <Flex vertical gap={8}>
              <Flex gap={8} wrap>
                <Button type="primary" icon={<AuditOutlined />} disabled={blocked !== null} onClick={() => setDialog('submit')} aria-describedby={blocked === null ? undefined : 'plan-submit-block'}>
                  盖章报送
                </Button>
                <Button icon={<PlusOutlined />} disabled={adjustBlocked !== null} onClick={() => setDialog('adjust')} aria-describedby={adjustBlocked === null ? undefined : 'plan-adjust-block'}>
                  调整项目库
                </Button>
              </Flex>
              {plan.status === 'overdue' ? <Typography.Text type="danger">已过报送期限（{fullDate(plan.dueDate)}），请尽快报送；现在报送将记为逾期报送。</Typography.Text> : null}
              {blocked !== null ? <Alert id="plan-submit-block" type="warning" showIcon title={`暂不能报送：${blocked}`} /> : <Typography.Text type="secondary">下载实施计划表，加盖党委或政府公章后，上传扫描件报送市民政局。</Typography.Text>}
              {adjustBlocked !== null ? (
                <Typography.Text type="secondary" id="plan-adjust-block">
                  {adjustBlocked}
                </Typography.Text>
              ) : null}
            </Flex>
          ) : (
            <Typography.Text type="secondary">
              {plan.status === 'overdue' ? `已过报送期限（${fullDate(plan.dueDate)}），本镇（街道）尚未报送年度实施计划。` : '本镇（街道）尚未报送年度实施计划。'}
            </Typography.Text>
          )
        ) : (
          <Flex vertical gap={8}>
            <Descriptions size="small" column={3} bordered>
              <Descriptions.Item label="报送时间">
                {formatDateTime(plan.submission.submittedAt)}
                {plan.submission.late ? <Tag color="warning" style={{ marginInlineStart: 8 }}>逾期报送</Tag> : null}
              </Descriptions.Item>
              <Descriptions.Item label="加盖公章">{plan.submission.stamp.authorityLabel}</Descriptions.Item>
              <Descriptions.Item label="盖章日期">{plan.submission.stamp.stampedOn}</Descriptions.Item>
              <Descriptions.Item label="经办人">{plan.submission.stamp.stampedByName}</Descriptions.Item>
              <Descriptions.Item label="报送时集中征集合计 / 额度">
                {plan.submission.centralizedTotal.wan} 万元 / {plan.submission.allocation.wan} 万元
              </Descriptions.Item>
              <Descriptions.Item label="盖章扫描件">
                <Typography.Link href={downloadUrl(plan.submission.stamp.scanAttachmentId)}>下载扫描件</Typography.Link>
              </Descriptions.Item>
            </Descriptions>
            {mayWrite ? (
              <Flex gap={8} align="center" wrap>
                <Button icon={<PlusOutlined />} disabled={adjustBlocked !== null} onClick={() => setDialog('adjust')} aria-describedby={adjustBlocked === null ? undefined : 'plan-adjust-block'}>
                  调整项目库
                </Button>
                <Typography.Text type="secondary" id="plan-adjust-block">
                  {adjustBlocked ?? '已报送的实施计划不再改动；年度内新增项目通过调整纳入，使用镇街配套资金并报市民政局备案。'}
                </Typography.Text>
              </Flex>
            ) : null}
          </Flex>
        )}
      </Card>

      <Card size="small" title={`年度项目库（${plan.entries.length} 个项目）`}>
        <Table<Entry>
          size="small"
          rowKey="projectId"
          dataSource={plan.entries}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无项目纳入年度项目库：集中征集的项目经镇（街道）确认后自动纳入" /> }}
          columns={[
            { title: '项目', dataIndex: 'projectName', render: (v: string, e) => <Typography.Link href={`/projects/${e.projectId}`}>{v}</Typography.Link> },
            { title: '村（社区）', dataIndex: 'communityName', width: 130 },
            { title: '预算（万元）', dataIndex: 'budget', align: 'right', width: 110, render: (b: Entry['budget']) => b.wan },
            { title: '类型', dataIndex: 'kind', width: 100, render: (k: Entry['kind']) => <Tag color={k === 'centralized' ? 'blue' : 'purple'}>{ENTRY_KIND_LABELS[k]}</Tag> },
            { title: '出资', dataIndex: 'fundedFrom', width: 120, render: (f: Entry['fundedFrom']) => FUNDED_FROM_LABELS[f] },
            { title: '纳入时间', dataIndex: 'enteredAt', width: 170, render: (v: string) => formatDateTime(v) },
            { title: '调整理由', dataIndex: 'adjustmentReason', render: (v: string | null) => v ?? '--' },
          ]}
        />
      </Card>

      {plan.allocation !== null ? (
        <Card size="small" title="市分配额度记录">
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={plan.allocation.history.map((h, i) => ({ ...h, key: i }))}
            columns={[
              { title: '设定时间', dataIndex: 'setAt', width: 180, render: (v: string) => formatDateTime(v) },
              { title: '额度（万元）', dataIndex: 'amount', width: 140, align: 'right', render: (a: { wan: string }) => a.wan },
              { title: '调整理由', dataIndex: 'reason', render: (v: string | null) => v ?? '首次设定' },
            ]}
          />
        </Card>
      ) : null}

      {dialog === 'submit' ? (
        <SubmitDialog
          plan={plan}
          onClose={() => setDialog(null)}
          onShort={onShort}
          onSubmitted={(p) => {
            setDialog(null);
            onChanged(p);
          }}
        />
      ) : null}
      {dialog === 'adjust' ? (
        <AdjustDialog
          plan={plan}
          onClose={() => setDialog(null)}
          onAdjusted={(p) => {
            setDialog(null);
            onChanged(p);
          }}
        />
      ) : null}
    </Flex>
  );
}
