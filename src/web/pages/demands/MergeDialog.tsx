/**
 * 合并诉求 (R2.6) from the 诉求 list: the ticked demands of one community are merged into the one the clerk keeps;
 * each merged demand's proposer receives every later feedback of the kept one (and of its project). What the
 * lifecycle would refuse is said before sending; a refusal of the server is shown as it words it.
 */
import { Alert, Button, Modal, Radio, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { http, type ApiError } from '../../api/client.js';
import type { CaseListItem } from '../../api/models.js';
import { toApiError } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { canKeep, defaultPrimary, mergeBody, mergeProblems } from './demand-entry.js';

export function MergeDialog({
  items,
  open,
  onClose,
  onMerged,
}: {
  readonly items: readonly CaseListItem[];
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onMerged: (kept: CaseListItem) => void;
}) {
  const [chosen, setChosen] = useState<number | undefined>(undefined);
  const primaryId = chosen !== undefined && items.some((i) => i.id === chosen) ? chosen : defaultPrimary(items);
  const problems = mergeProblems(items, primaryId);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const close = () => {
    setChosen(undefined);
    setError(null);
    onClose();
  };

  const send = async () => {
    const kept = items.find((i) => i.id === primaryId);
    if (kept === undefined || problems.length > 0) return;
    setSending(true);
    setError(null);
    try {
      await http.POST('/api/demands/merge', { body: mergeBody(items, kept.id) });
      setChosen(undefined);
      onMerged(kept);
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <Modal
      open={open}
      title={`合并诉求（${items.length} 件）`}
      width={720}
      onCancel={close}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={close}>取消</Button>
          <Button type="primary" danger loading={sending} disabled={problems.length > 0} onClick={() => void send()}>
            确认合并
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          请选择保留的主诉求。其余诉求转为“已合并”，不再单独研判；它们的提议人会收到主诉求此后的每次反馈（主诉求已立项的，随项目反馈）。
        </Typography.Paragraph>
        <Radio.Group value={primaryId} onChange={(e) => setChosen(Number(e.target.value))} style={{ width: '100%' }}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            {items.map((i) => (
              <Radio key={i.id} value={i.id} disabled={!canKeep(i.status)}>
                <Space size={8} wrap>
                  <Typography.Text strong>{i.number}</Typography.Text>
                  <span>{i.title}</span>
                  <Tag color="blue">{i.statusLabel}</Tag>
                  <Typography.Text type="secondary">{i.communityName}</Typography.Text>
                  {i.id === primaryId ? <Tag color="green">保留</Tag> : null}
                </Space>
              </Radio>
            ))}
          </Space>
        </Radio.Group>
        {problems.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            title="暂不能合并"
            description={
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            }
          />
        ) : null}
        <ErrorAlert error={error} />
      </Space>
    </Modal>
  );
}
