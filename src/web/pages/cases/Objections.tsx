/**
 * 异议 of a project in publicity (R5.3): each one raised, by whom (masked for roles that may not see it) and when,
 * with its answer or 未答复 — implementation cannot start while one is unanswered. Staff whose role the lifecycle
 * allows answer here.
 */
import { Button, Empty, Form, Input, List, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { http, type ApiError } from '../../api/client.js';
import type { CaseView } from '../../api/models.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatDateTime } from '../../format.js';
import { useCaseDialog } from './case-dialog.js';
import { objectionsOf, type ObjectionView } from './case-state.js';

export function Objections({
  view,
  mayAnswer,
  onDone,
}: {
  readonly view: CaseView;
  readonly mayAnswer: boolean;
  /** After an answer was sent: done (`null`) or refused (its error). */
  readonly onDone: (error: ApiError | null) => void;
}) {
  const objections = objectionsOf(view);
  const [answering, setAnswering] = useState<ObjectionView | null>(null);
  const [form] = Form.useForm<{ answer: string }>();

  const { sending, error, submit } = useCaseDialog(
    form,
    async (values) => {
      if (answering === null) return false;
      await http.POST('/api/projects/{id}/objections/{objectionId}/answer', {
        params: { path: { id: view.id, objectionId: answering.id } },
        body: { version: view.version, answer: values.answer.trim() },
      });
      return true;
    },
    () => setAnswering(null),
    onDone,
  );

  if (objections.length === 0) return <Empty description="公示期内未收到异议" image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <>
      <List
        size="small"
        bordered
        dataSource={objections}
        renderItem={(o) => (
          <List.Item
            actions={
              o.answer === null && mayAnswer
                ? [
                    <Button key="answer" size="small" type="primary" onClick={() => setAnswering(o)}>
                      答复
                    </Button>,
                  ]
                : []
            }
          >
            <List.Item.Meta
              title={
                <>
                  {o.answer === null ? <Tag color="red">未答复</Tag> : <Tag color="success">已答复</Tag>}
                  <Typography.Text type="secondary">
                    {formatDateTime(o.raisedAt).slice(0, 16)} · {o.raisedByName ?? '匿名'}
                  </Typography.Text>
                </>
              }
              description={
                <>
                  <Typography.Paragraph style={{ marginBottom: 4 }}>{o.text}</Typography.Paragraph>
                  {o.answer !== null ? <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>答复：{o.answer.text}</Typography.Paragraph> : null}
                </>
              }
            />
          </List.Item>
        )}
      />
      <Modal
        open={answering !== null}
        title="答复异议"
        okText="提交答复"
        cancelText="取消"
        confirmLoading={sending}
        onOk={() => {
          void submit();
        }}
        onCancel={() => setAnswering(null)}
        destroyOnHidden
      >
        <ErrorAlert error={error} />
        {answering !== null ? <Typography.Paragraph type="secondary">异议：{answering.text}</Typography.Paragraph> : null}
        <Form form={form} layout="vertical" name="answer-objection">
          <Form.Item name="answer" label="答复内容" rules={[{ required: true, whitespace: true, message: '请填写答复内容' }, { max: 2000, message: '不超过2000字' }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
