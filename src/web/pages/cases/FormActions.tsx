/**
 * The case actions that need a few words or a choice, in a small dialog:
 * - 退回诉求 by the community, with its reason (R2.5), and 重新交派 by the town, to another of its communities (R2.5,
 *   the 24-hour receipt clock starts again);
 * - 退回登记备案表 by the town, with what to change (R4.5, the review starts again on resubmission), and 终止项目 by
 *   the community before registration, with the reason the proposer is told (R3.3, R7.1).
 * Offered as the lifecycle's table allows; the server decides again and answers a stale version with 版本冲突.
 */
import { Button, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { api, type ApiError } from '../../api/client.js';
import type { CaseKind, CaseView } from '../../api/types.js';
import { toApiError, useRequest } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import type { Action } from '../../../domain/access/actions.js';

export interface FormAction {
  readonly action: Action;
  /** Below `/api/demands/:id` or `/api/projects/:id`. */
  readonly path: string;
  /** What the dialog asks for: a reason, or another community of the town. */
  readonly field: 'reason' | 'community';
  readonly ok: string;
  readonly fieldLabel: string;
  readonly extra: string;
  readonly placeholder: string;
}

export const FORM_ACTIONS: Readonly<Record<CaseKind, readonly FormAction[]>> = {
  demand: [
    { action: 'returnDemand', path: 'return', field: 'reason', ok: '退回', fieldLabel: '退回原因', extra: '退回镇（街道）重新交派，须说明原因（R2.5）', placeholder: '例如：诉求地点不在本村（社区）辖区' },
    { action: 'reassignDemand', path: 'reassign', field: 'community', ok: '交派', fieldLabel: '交派到村（社区）', extra: '重新交派后，该村（社区）须在24小时内接收（R2.5）', placeholder: '选择本镇（街道）的村（社区）' },
  ],
  project: [
    { action: 'returnRegistration', path: 'registration/return', field: 'reason', ok: '退回', fieldLabel: '退回原因', extra: '退回村（社区）修改登记备案表，重新提交后审核重新计时（R4.5）', placeholder: '例如：请补充资金来源及金额' },
    { action: 'terminateProject', path: 'terminate', field: 'reason', ok: '终止', fieldLabel: '终止原因', extra: '终止原因将反馈提议人（R3.3、R7.1）', placeholder: '例如：经可行性研究分析，不具备实施条件' },
  ],
};

interface Values {
  readonly reason?: string;
  readonly communityId?: number;
}

export function FormActionButton({
  kind,
  spec,
  label,
  view,
  disabled,
  onDone,
}: {
  readonly kind: CaseKind;
  readonly spec: FormAction;
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
  const reassign = spec.field === 'community';
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
      const body = reassign ? { communityId: values.communityId ?? 0 } : { reason: (values.reason ?? '').trim() };
      await api.cases.act(kind, view.id, spec.path, view.version, body);
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
        okText={spec.ok}
        cancelText="取消"
        confirmLoading={sending}
        onOk={() => {
          void submit();
        }}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <ErrorAlert error={error ?? units.error} />
        <Form form={form} layout="vertical" name={spec.action}>
          {reassign ? (
            <Form.Item name="communityId" label={spec.fieldLabel} extra={spec.extra} rules={[{ required: true, message: '请选择村（社区）' }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} loading={units.loading} options={communities} placeholder={spec.placeholder} />
            </Form.Item>
          ) : (
            <Form.Item
              name="reason"
              label={spec.fieldLabel}
              extra={spec.extra}
              rules={[
                { required: true, whitespace: true, message: `请填写${spec.fieldLabel}` },
                { max: 500, message: '不超过500字' },
              ]}
            >
              <Input.TextArea rows={3} maxLength={500} showCount placeholder={spec.placeholder} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
