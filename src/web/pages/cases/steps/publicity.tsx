/**
 * What staff enter for the public during 公示 (R5.3, R5.5), two step forms:
 * - 提出异议: an objection received on paper or by phone — its content, who raised it and a number to call back; it
 *   must be answered before implementation can start;
 * - 认领项目: a 莞家直达 claim by an enterprise, a social organisation or an individual, with its contact and a note;
 *   the town then confirms or declines it and the proposer is told the result. Offered for 莞家直达 projects only.
 * Nothing the server would refuse is sent; its field problems go beside their fields.
 */
import { Alert, Button, Form, Input, Modal, Radio, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { http } from '../../../api/client.js';
import {
  CLAIMANT_OPTIONS,
  CLAIM_FIELDS,
  OBJECTION_FIELDS,
  claimBody,
  claimFieldOf,
  claimProblems,
  claimabilityOf,
  claimantNameLabel,
  objectionBody,
  objectionFieldOf,
  objectionProblems,
  unansweredObjections,
  type ClaimValues,
  type ObjectionValues,
} from './publicity-entries.js';
import { SpacedError, useStepDialog } from './review-dialog.js';
import type { StepAction, StepFormProps } from './step-action.js';

const PHONE_PATTERN = /^(1\d{10}|0\d{9,11}|\d{7,8})$/;
const phoneRule = (required: boolean) => ({
  validator: (_: unknown, value: string | undefined): Promise<void> => {
    const compact = (value ?? '').replace(/[\s-]/g, '');
    if (compact === '') return required ? Promise.reject(new Error('请填写联系电话')) : Promise.resolve();
    return PHONE_PATTERN.test(compact) ? Promise.resolve() : Promise.reject(new Error('联系电话格式不正确（手机11位，或带区号的座机）'));
  },
});

// ------------------------------------------------------------------------------------------------ 异议 (R5.3)

function RaiseObjectionForm({ view, label, disabled, onDone }: StepFormProps) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ObjectionValues>();
  const unanswered = unansweredObjections(view.state);
  const { sending, shownError, submit } = useStepDialog(
    form,
    {
      check: objectionProblems,
      send: async (values) => {
        const body = objectionBody(values, view.version);
        if (body === null) return false;
        await http.POST('/api/projects/{id}/objections', { params: { path: { id: view.id } }, body });
        return true;
      },
      rename: objectionFieldOf,
      names: OBJECTION_FIELDS,
    },
    () => setOpen(false),
    onDone,
  );
  const lastDay = view.state.publicity?.lastDay;

  return (
    <>
      <Button disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title="登记公示期异议（书面或电话收到）"
        width={600}
        okText="登记异议"
        cancelText="取消"
        confirmLoading={sending}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <SpacedError error={shownError} />
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="异议须在项目开始实施前答复"
          description={
            <>
              公示期{lastDay !== undefined ? `（至 ${lastDay}）` : ''}内群众提出的异议，登记后须逐条答复；有未答复的异议时，项目不能开始实施。
              {unanswered > 0 ? `目前有 ${unanswered} 条异议未答复。` : ''}
            </>
          }
        />
        <Form form={form} layout="vertical" name={label}>
          <Form.Item
            name="text"
            label="异议内容"
            rules={[
              { required: true, whitespace: true, message: '请填写异议内容' },
              { max: 2000, message: '不超过2000字' },
            ]}
          >
            <Input.TextArea rows={4} maxLength={2000} showCount placeholder="按来信或来电如实记录，例如：建议公园增加儿童游乐设施" />
          </Form.Item>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
            <Form.Item name="raisedByName" label="异议人姓名" extra="匿名可不填">
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="contactPhone" label="联系电话" extra="用于答复，可不填" rules={[phoneRule(false)]}>
              <Input maxLength={40} placeholder="手机或座机" />
            </Form.Item>
          </div>
        </Form>
      </Modal>
    </>
  );
}

// ------------------------------------------------------------------------------------------------ 认领 (R5.5)

function ClaimProjectForm({ view, label, disabled, onDone }: StepFormProps) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<ClaimValues>();
  const kind = Form.useWatch('kind', form);
  const claimability = claimabilityOf(view.state);
  const { sending, shownError, submit } = useStepDialog(
    form,
    {
      check: claimProblems,
      send: async (values) => {
        const body = claimBody(values, view.version);
        if (body === null) return false;
        await http.POST('/api/projects/{id}/claims', { params: { path: { id: view.id } }, body });
        return true;
      },
      rename: claimFieldOf,
      names: CLAIM_FIELDS,
    },
    () => setOpen(false),
    onDone,
  );

  if (!claimability.claimable) {
    if (!claimability.offer) return null;
    return (
      <Tooltip title={claimability.reason}>
        <Button disabled>{label}</Button>
      </Tooltip>
    );
  }
  const pending = view.state.claims.filter((c) => c.decision === null).length;

  return (
    <>
      <Button disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title="登记莞家直达认领（代企业、社会组织或爱心人士登记）"
        width={600}
        okText="登记认领"
        cancelText="取消"
        confirmLoading={sending}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <SpacedError error={shownError} />
        <Typography.Paragraph type="secondary">
          登记后由工作人员确认或不予确认；确认后由认领方承接实施，认领结果反馈提议人。
          {pending > 0 ? `目前有 ${pending} 份认领待确认。` : ''}
        </Typography.Paragraph>
        <Form form={form} layout="vertical" name={label}>
          <Form.Item name="kind" label="认领方类型" rules={[{ required: true, message: '请选择认领方类型' }]}>
            <Radio.Group options={CLAIMANT_OPTIONS} optionType="button" />
          </Form.Item>
          <Form.Item
            name="name"
            label={claimantNameLabel(kind)}
            rules={[{ required: true, whitespace: true, message: `请填写${claimantNameLabel(kind)}` }]}
          >
            <Input maxLength={100} placeholder={kind === 'individual' ? '爱心人士姓名' : '与营业执照或登记证书一致'} />
          </Form.Item>
          <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
            <Form.Item name="contactName" label="联系人" rules={[{ required: true, whitespace: true, message: '请填写联系人' }]}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="contactPhone" label="联系电话" required rules={[phoneRule(true)]}>
              <Input maxLength={40} placeholder="手机或座机" />
            </Form.Item>
          </div>
          <Form.Item name="note" label="认领说明" rules={[{ max: 1000, message: '不超过1000字' }]}>
            <Input.TextArea rows={3} maxLength={1000} showCount placeholder="例如：愿承担全部服务经费，安排持证社工每周六开展托管" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export const PUBLICITY_STEPS: readonly StepAction[] = [
  { action: 'raiseObjection', Form: RaiseObjectionForm },
  { action: 'claimProject', Form: ClaimProjectForm },
];
