/**
 * A case's history, newest first: each audited action told in a sentence (who, when, what changed; refusals marked)
 * and each feedback sent to the proposer with its delivery state (R7.1, R7.2).
 */
import { Empty, Tag, Timeline, Typography } from 'antd';
import type { CaseTimeline } from '../../api/models.js';
import { formatDateTime } from '../../format.js';
import { FEEDBACK_KIND_LABELS, type FeedbackKind } from '../../../domain/lifecycle/feedback-templates.js';

const CHANNELS: Readonly<Record<string, string>> = { portal: '门户', hotline12345: '12345热线', sms: '短信' };
const DELIVERY: Readonly<Record<string, { label: string; color: string }>> = {
  pending: { label: '待发送', color: 'warning' },
  delivered: { label: '已送达', color: 'success' },
  // OUTBOX_MODE=log: written to the development log, nobody outside received it.
  logged: { label: '已记录（日志模式，未实际发送）', color: 'default' },
  failed: { label: '发送失败', color: 'red' },
};
const KINDS: Readonly<Record<string, string>> = FEEDBACK_KIND_LABELS satisfies Readonly<Record<FeedbackKind, string>>;

/** The timeline sentence without the action's label it starts with (the label is shown in bold above it). */
function whatChanged(e: CaseTimeline['events'][number]): string {
  if (e.summary === e.actionLabel) return '';
  const prefix = `${e.actionLabel}：`;
  return e.summary.startsWith(prefix) ? e.summary.slice(prefix.length) : e.summary;
}

export function CaseHistory({ timeline }: { readonly timeline: CaseTimeline }) {
  const items = [
    ...timeline.events.map((e) => ({
      at: e.at,
      color: e.outcome === 'success' ? 'blue' : 'red',
      content: (
        <>
          <Typography.Text strong>{e.actionLabel}</Typography.Text>
          {e.outcome === 'success' ? null : <Tag color="red" style={{ marginInlineStart: 8 }}>{e.outcome === 'denied' ? '被拒绝' : '未成功'}</Tag>}
          <div>
            <Typography.Text type="secondary">
              {formatDateTime(e.at)} · {e.actorName}
            </Typography.Text>
          </div>
          {whatChanged(e) === '' ? null : <Typography.Paragraph style={{ marginBottom: 0 }}>{whatChanged(e)}</Typography.Paragraph>}
        </>
      ),
    })),
    ...timeline.feedbacks.map((f) => ({
      at: f.createdAt,
      color: 'green',
      content: (
        <>
          <Typography.Text strong>
            反馈：{KINDS[f.kind] ?? f.kind}（{CHANNELS[f.channel] ?? f.channel}）
          </Typography.Text>
          <Tag color={DELIVERY[f.status]?.color ?? 'default'} style={{ marginInlineStart: 8 }}>
            {DELIVERY[f.status]?.label ?? f.status}
          </Tag>
          <div>
            <Typography.Text type="secondary">{formatDateTime(f.createdAt)}</Typography.Text>
          </div>
          <Typography.Paragraph style={{ marginBottom: 0 }}>{f.body}</Typography.Paragraph>
        </>
      ),
    })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  if (items.length === 0) return <Empty description="暂无记录" />;
  return <Timeline items={items.map((i) => ({ color: i.color, content: i.content }))} />;
}
