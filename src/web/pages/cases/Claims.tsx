/**
 * 莞家直达 认领 of a project (R5.5): each claim by an enterprise, organisation or individual, with its note and its
 * decision; staff whose role the lifecycle allows confirm it (the claimant then carries out the project) or decline
 * it with a reason. The proposer is told the result (R7.1).
 */
import { Button, Form, Input, List, Modal, Radio, Tag, Typography } from 'antd';
import { useState } from 'react';
import { http, type ApiError } from '../../api/client.js';
import type { CaseView } from '../../api/models.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatDateTime } from '../../format.js';
import { CLAIMANT_KIND_LABELS } from '../../../domain/lifecycle/feedback-templates.js';
import { useCaseDialog } from './case-dialog.js';
import { claimsOf, type ClaimView } from './case-state.js';

interface Values {
  readonly accepted: boolean;
  readonly reason?: string;
}

export function Claims({
  view,
  mayDecide,
  onDone,
}: {
  readonly view: CaseView;
  readonly mayDecide: boolean;
  /** After a decision was sent: done (`null`) or refused (its error). */
  readonly onDone: (error: ApiError | null) => void;
}) {
  const claims = claimsOf(view);
  const [deciding, setDeciding] = useState<ClaimView | null>(null);
  const [form] = Form.useForm<Values>();
  const accepted = Form.useWatch('accepted', form);

  const { sending, error, submit } = useCaseDialog(
    form,
    async (values) => {
      if (deciding === null) return false;
      const reason = (values.reason ?? '').trim();
      await http.POST('/api/projects/{id}/claims/{claimId}/decision', {
        params: { path: { id: view.id, claimId: deciding.id } },
        body: { version: view.version, accepted: values.accepted, reason: reason === '' ? null : reason },
      });
      return true;
    },
    () => setDeciding(null),
    onDone,
  );

  return (
    <>
      <List
        size="small"
        bordered
        dataSource={claims}
        renderItem={(c) => (
          <List.Item
            actions={
              c.decision === null && mayDecide
                ? [
                    <Button key="decide" size="small" type="primary" onClick={() => setDeciding(c)}>
                      确认认领
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <>
                  {c.decision === null ? <Tag color="warning">待确认</Tag> : c.decision.accepted ? <Tag color="success">已确认</Tag> : <Tag>不予确认</Tag>}
                  <Typography.Text>
                    {CLAIMANT_KIND_LABELS[c.claimant.kind]}「{c.claimant.name}」
                  </Typography.Text>
                  <Typography.Text type="secondary"> · {formatDateTime(c.claimedAt).slice(0, 16)}</Typography.Text>
                </>
              }
              description={
                <>
                  <Typography.Paragraph style={{ marginBottom: 4 }}>{c.note}</Typography.Paragraph>
                  <Typography.Text type="secondary">
                    联系人：{c.claimant.contactName} {c.claimant.contactPhone}
                  </Typography.Text>
                  {c.decision?.reason ? <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>理由：{c.decision.reason}</Typography.Paragraph> : null}
                </>
              }
            />
          </List.Item>
        )}
      />
      <Modal
        open={deciding !== null}
        title="确认认领"
        okText="提交"
        cancelText="取消"
        confirmLoading={sending}
        onOk={() => {
          void submit();
        }}
        onCancel={() => setDeciding(null)}
        destroyOnHidden
      >
        <ErrorAlert error={error} />
        {deciding !== null ? (
          <Typography.Paragraph type="secondary">
            {CLAIMANT_KIND_LABELS[deciding.claimant.kind]}「{deciding.claimant.name}」：{deciding.note}
          </Typography.Paragraph>
        ) : null}
        <Form form={form} layout="vertical" name="decide-claim" initialValues={{ accepted: true }}>
          <Form.Item name="accepted" label="认领结果" extra="确认后由认领方承接实施，结果反馈提议人">
            <Radio.Group
              options={[
                { value: true, label: '确认认领' },
                { value: false, label: '不予确认' },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label="理由"
            rules={[{ required: !accepted, whitespace: true, message: '不予确认须说明理由' }, { max: 500, message: '不超过500字' }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
