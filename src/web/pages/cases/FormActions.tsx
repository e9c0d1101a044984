/**
 * The case actions that need a few words or a choice, in a small dialog:
 * - 退回诉求 by the community, with its reason (R2.5), and 重新交派 by the town, to another of its communities (R2.5,
 *   the 24-hour receipt clock starts again);
 * - 退回登记备案表 by the town, with what to change (R4.5, the review starts again on resubmission), and 终止项目 by
 *   the community before registration, with the reason the proposer is told (R3.3, R7.1);
 * - 指定会审部门 by the town, among its own departments (R4.1);
 * - 发起公示 by the town (confirmed projects, R5.1) or the community (small projects, R5.2): the platforms, with the
 *   required ones ticked, and the days: fewer than the rules allow are refused with the rule's message, not raised.
 * Offered as the lifecycle's table allows; the server decides again and answers a stale version with 版本冲突.
 */
import { CheckboxGroupField } from '../../components/CheckboxGroupField.js';
import { Button, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { api, http, type ApiError } from '../../api/client.js';
import type { CaseView } from '../../api/models.js';
import type { CaseKind } from './case-format.js';
import { useRequest } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import type { Action } from '../../../domain/access/actions.js';
import { PUBLICITY_CHANNEL_LABELS, PUBLICITY_CHANNELS } from '../../../domain/categories.js';
import { DEFAULT_RULES_CONFIG } from '../../../domain/rules-config.js';
import { useCaseDialog } from './case-dialog.js';
import { caseFacts } from './case-state.js';

interface Values {
  readonly reason?: string;
  readonly communityId?: number;
  readonly departmentIds?: number[];
  readonly channels?: string[];
  readonly days?: number;
}

export interface FormAction {
  readonly action: Action;
  /** What the dialog asks for: a reason, another community of the town, departments of the town, or a publicity. */
  readonly field: 'reason' | 'community' | 'departments' | 'publicity';
  /** Sends the action on case `id` at the version read, with the dialog's values. */
  readonly send: (id: number, version: number, values: Values) => Promise<unknown>;
  readonly ok: string;
  readonly fieldLabel: string;
  readonly extra: string;
  readonly placeholder: string;
}

const reasonOf = (v: Values) => (v.reason ?? '').trim();
const at = (id: number) => ({ path: { id } });

export const FORM_ACTIONS: Readonly<Record<CaseKind, readonly FormAction[]>> = {
  demand: [
    {
      action: 'returnDemand',
      field: 'reason',
      send: (id, version, v) => http.POST('/api/demands/{id}/return', { params: at(id), body: { version, reason: reasonOf(v) } }),
      ok: '退回',
      fieldLabel: '退回原因',
      extra: '退回镇（街道）重新交派，须说明原因',
      placeholder: '例如：诉求地点不在本村（社区）辖区',
    },
    {
      action: 'reassignDemand',
      field: 'community',
      send: (id, version, v) => http.POST('/api/demands/{id}/reassign', { params: at(id), body: { version, communityId: v.communityId ?? 0 } }),
      ok: '交派',
      fieldLabel: '交派到村（社区）',
      extra: '重新交派后，该村（社区）须在24小时内接收',
      placeholder: '选择本镇（街道）的村（社区）',
    },
  ],
  project: [
    {
      action: 'returnRegistration',
      field: 'reason',
      send: (id, version, v) => http.POST('/api/projects/{id}/registration/return', { params: at(id), body: { version, reason: reasonOf(v) } }),
      ok: '退回',
      fieldLabel: '退回原因',
      extra: '退回村（社区）修改登记备案表，重新提交后审核重新计时',
      placeholder: '例如：请补充资金来源及金额',
    },
    {
      action: 'terminateProject',
      field: 'reason',
      send: (id, version, v) => http.POST('/api/projects/{id}/terminate', { params: at(id), body: { version, reason: reasonOf(v) } }),
      ok: '终止',
      fieldLabel: '终止原因',
      extra: '终止原因将反馈提议人',
      placeholder: '例如：经可行性研究分析，不具备实施条件',
    },
    {
      action: 'assignReviewers',
      field: 'departments',
      send: (id, version, v) => http.POST('/api/projects/{id}/reviewers', { params: at(id), body: { version, departmentIds: v.departmentIds ?? [] } }),
      ok: '确定',
      fieldLabel: '会审职能部门',
      extra: '财政、农林水务、住建、自然资源等，按项目内容选择',
      placeholder: '选择本镇（街道）的职能部门',
    },
    {
      action: 'startPublicity',
      field: 'publicity',
      send: (id, version, v) => http.POST('/api/projects/{id}/publicity', { params: at(id), body: { version, channels: v.channels ?? [], days: v.days ?? null } }),
      ok: '开始公示',
      fieldLabel: '公示平台',
      extra: '须包含规定的全部公示途径（已勾选）',
      placeholder: '',
    },
  ],
};

const CHANNEL_OPTIONS = PUBLICITY_CHANNELS.map((c) => ({ value: c, label: PUBLICITY_CHANNEL_LABELS[c] }));

/** The town publicizes a confirmed project (R5.1); the community a small one it registered (R5.2). */
function publicityDefaults(status: string): { channels: string[]; days: number; minDays: number } {
  const p = DEFAULT_RULES_CONFIG.publicity;
  return status === 'confirmed'
    ? { channels: [...p.townRequiredChannels], days: p.townMinDays, minDays: p.townMinDays }
    : { channels: [...p.communityRequiredChannels], days: p.communityDefaultDays, minDays: p.communityMinDays };
}

export function FormActionButton({
  spec,
  label,
  view,
  disabled,
  onDone,
}: {
  readonly spec: FormAction;
  readonly label: string;
  readonly view: CaseView;
  readonly disabled: boolean;
  /** After the request, done (`null`) or refused (its error). */
  readonly onDone: (error: ApiError | null) => void;
}) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const { sending, error, submit } = useCaseDialog(
    form,
    async (values) => {
      await spec.send(view.id, view.version, values);
      return true;
    },
    () => setOpen(false),
    onDone,
  );
  const needsUnits = spec.field === 'community' || spec.field === 'departments';
  const units = useRequest(() => api.units.list(), [], open && needsUnits);
  const { townId, communityId: current } = caseFacts(view);
  const ofTown = (units.data?.items ?? []).filter((u) => u.townId === townId);
  const communities = ofTown.filter((u) => u.kind === 'community' && u.id !== current).map((u) => ({ value: u.id, label: u.name }));
  const departments = ofTown.filter((u) => u.kind === 'department').map((u) => ({ value: u.id, label: u.name }));
  const publicity = publicityDefaults(view.status);

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
        <Form form={form} layout="vertical" name={spec.action} initialValues={spec.field === 'publicity' ? { channels: publicity.channels, days: publicity.days } : {}}>
          {spec.field === 'community' ? (
            <Form.Item name="communityId" label={spec.fieldLabel} extra={spec.extra} rules={[{ required: true, message: '请选择村（社区）' }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} loading={units.loading} options={communities} placeholder={spec.placeholder} style={{ width: '100%' }} />
            </Form.Item>
          ) : spec.field === 'departments' ? (
            <Form.Item name="departmentIds" label={spec.fieldLabel} extra={spec.extra} rules={[{ required: true, message: '请选择会审职能部门' }]}>
              <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} loading={units.loading} options={departments} placeholder={spec.placeholder} style={{ width: '100%' }} />
            </Form.Item>
          ) : spec.field === 'publicity' ? (
            <>
              <Form.Item name="channels" label={spec.fieldLabel} extra={spec.extra} rules={[{ required: true, message: '请选择公示平台' }]}>
                <CheckboxGroupField options={CHANNEL_OPTIONS} style={{ display: 'grid', rowGap: 8 }} />
              </Form.Item>
              {/* A shorter window is refused (R5.1), never raised silently: the input takes it and the rule says why. */}
              <Form.Item
                name="days"
                label="公示天数"
                extra={`不少于${publicity.minDays}日`}
                rules={[
                  { required: true, message: '请填写公示天数' },
                  { type: 'number', min: publicity.minDays, message: `公示时间不少于${publicity.minDays}日，请修改公示天数` },
                ]}
              >
                <InputNumber min={1} max={365} precision={0} suffix="日" />
              </Form.Item>
            </>
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
