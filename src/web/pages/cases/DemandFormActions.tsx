/**
 * The demand actions that need a few words or a choice, in a dialog: 退回诉求 by the community, with its reason
 * (R2.5), and 重新交派 by the town, to another of its communities (R2.5, the 24-hour receipt clock starts again).
 * Offered as the lifecycle's table allows; the server decides again and answers a stale version with 版本冲突.
 */
import { Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { api, type ApiError } from '../../api/client.js';
import type { CaseView } from '../../api/types.js';
import { toApiError, useRequest } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import type { Action } from '../../../domain/access/actions.js';

export const DEMAND_FORM_ACTIONS: readonly Action[] = ['returnDemand', 'reassignDemand'];

interface Values {
  readonly reason?: string;
  readonly communityId?: number;
}

export function DemandFormAction({
  action,
  label,
  view,
  disabled,
  onDone,
}: {
  readonly action: Action;
  readonly label: string;
  readonly view: CaseView;
  readonly disabled: boolean;
  /** After the request, done (`null`) or refused (its error). */
  readonly onDone: (error: ApiError | null) => void;
}) {
  const [open, setOpen] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [form] = Form.useForm<Values>();
  const reassign = action === 'reassignDemand';
  const units = useRequest(() => api.units.list(), [], open && reassign);
  const townId = typeof view.state.townId === 'number' ? view.state.townId : null;
  const current = typeof view.state.communityId === 'number' ? view.state.communityId : null;
  const communities = (units.data?.items ?? [])
    .filter((u) => u.kind === 'community' && u.townId === townId && u.id !== current)
    .map((u) => ({ value: u.id, label: u.name }));

  const submit = async () => {
    // A field left wrong is shown by the form itself; nothing is sent.
    const values = await form.validateFields().catch(() => null);
    if (values === null) return;
    setSending(true);
    setError(null);
    try {
      if (reassign) await api.cases.reassignDemand(view.id, view.version, values.communityId ?? 0);
      else await api.cases.returnDemand(view.id, view.version, (values.reason ?? '').trim());
      setOpen(false);
      onDone(null);
    } catch (err) {
      const e = toApiError(err);
      // A field problem stays in the dialog; anything else (a conflict, a refusal) is the drawer's to show.
      if (e.fields.length > 0) setError(e);
      else {
        setOpen(false);
        onDone(e);
      }
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <Button disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title={label}
        okText={reassign ? '交派' : '退回'}
        cancelText="取消"
        confirmLoading={sending}
        onOk={() => {
          void submit();
        }}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <ErrorAlert error={error ?? units.error} />
        <Form form={form} layout="vertical" name={action}>
          {reassign ? (
            <Form.Item name="communityId" label="交派到村（社区）" extra="重新交派后，该村（社区）须在24小时内接收（R2.5）" rules={[{ required: true, message: '请选择村（社区）' }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} loading={units.loading} options={communities} placeholder="选择本镇（街道）的村（社区）" />
            </Form.Item>
          ) : (
            <Form.Item
              name="reason"
              label="退回原因"
              extra="退回镇（街道）重新交派，须说明原因（R2.5）"
              rules={[
                { required: true, whitespace: true, message: '请填写退回原因' },
                { max: 500, message: '不超过500字' },
              ]}
            >
              <Input.TextArea rows={3} maxLength={500} showCount placeholder="例如：诉求地点不在本村（社区）辖区" />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
