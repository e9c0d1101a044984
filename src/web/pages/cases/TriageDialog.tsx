/**
 * 研判 (R2.4): the community records the “两委” joint meeting — when, what was decided, its minutes (uploaded here as
 * 会议纪要) — and the outcome: adopt as a project (its title), solve under an existing policy (the department, policy
 * and contact), or decline (the reason). The proposer is told the outcome (R7.1). The server checks the same fields
 * and names any problem by field; a stale version is 版本冲突.
 */
import { UploadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Input, Modal, Radio, Upload, type UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, http, type ApiError } from '../../api/client.js';
import type { CaseView, TriageRequest } from '../../api/models.js';
import { toApiError } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { shanghaiInstant, shanghaiNow } from '../../format.js';
import { useCaseDialog } from './case-dialog.js';
import { caseFacts } from './case-state.js';

type OutcomeKind = TriageRequest['outcome']['kind'];

interface Values {
  readonly heldAt?: Dayjs;
  readonly summary?: string;
  readonly outcome?: OutcomeKind;
  readonly projectTitle?: string;
  readonly departmentName?: string;
  readonly policyName?: string;
  readonly contactName?: string;
  readonly contactPhone?: string;
  readonly reason?: string;
}

const required = (message: string) => [{ required: true, whitespace: true, message }];

function outcomeOf(v: Values): TriageRequest['outcome'] {
  if (v.outcome === 'existingPolicy') {
    const policy = (v.policyName ?? '').trim();
    return {
      kind: 'existingPolicy',
      departmentName: (v.departmentName ?? '').trim(),
      policyName: policy === '' ? null : policy,
      contactName: (v.contactName ?? '').trim(),
      contactPhone: (v.contactPhone ?? '').trim(),
    };
  }
  if (v.outcome === 'decline') return { kind: 'decline', reason: (v.reason ?? '').trim() };
  return { kind: 'adopt', projectTitle: (v.projectTitle ?? '').trim() };
}

export function TriageDialog({
  label,
  view,
  disabled,
  onDone,
}: {
  readonly label: string;
  readonly view: CaseView;
  readonly disabled: boolean;
  /** After the request, done (`null`) or refused (its error). */
  readonly onDone: (error: ApiError | null) => void;
}) {
  const [open, setOpen] = useState(false);
  /** An upload that failed, shown in the dialog. */
  const [uploadError, setUploadError] = useState<ApiError | null>(null);
  const [minutes, setMinutes] = useState<UploadFile[]>([]);
  const [minutesError, setMinutesError] = useState<string | null>(null);
  const [form] = Form.useForm<Values>();
  const outcome = Form.useWatch('outcome', form);
  const title = caseFacts(view).title ?? '';

  const upload = async (file: File): Promise<void> => {
    setUploadError(null);
    const uid = `${Date.now()}-${file.name}`;
    setMinutes((m) => [...m, { uid, name: file.name, status: 'uploading' }]);
    try {
      const saved = await api.cases.upload('demand', view.id, 'committeeMinutes', file);
      setMinutes((m) => m.map((f) => (f.uid === uid ? { ...f, status: 'done', response: saved.id } : f)));
    } catch (err) {
      const e = toApiError(err);
      setMinutes((m) => m.map((f) => (f.uid === uid ? { ...f, status: 'error', error: e, response: e.message } : f)));
      setUploadError(e);
    }
  };

  const { sending, error: refused, submit } = useCaseDialog(
    form,
    async (values) => {
      const ids = minutes.flatMap((f) => (f.status === 'done' && typeof f.response === 'number' ? [f.response] : []));
      if (ids.length === 0) {
        setMinutesError('请上传“两委”联席会议纪要');
        return false;
      }
      await http.POST('/api/demands/{id}/triage', {
        params: { path: { id: view.id } },
        body: {
          version: view.version,
          meeting: { heldAt: values.heldAt === undefined ? '' : shanghaiInstant(values.heldAt), summary: (values.summary ?? '').trim(), minutesAttachmentIds: ids },
          outcome: outcomeOf(values),
        },
      });
      return true;
    },
    () => setOpen(false),
    onDone,
  );

  return (
    <>
      <Button type="primary" disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title={label}
        width={640}
        okText="提交研判结果"
        cancelText="取消"
        confirmLoading={sending}
        onOk={() => {
          void submit();
        }}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <ErrorAlert error={refused ?? uploadError} />
        <Form form={form} layout="vertical" name="triage" initialValues={{ heldAt: shanghaiNow(), outcome: 'adopt', projectTitle: title }}>
          <Form.Item name="heldAt" label="会议时间" rules={[{ required: true, message: '请选择会议时间' }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="summary" label="会议研判意见" rules={[...required('请填写会议研判意见'), { max: 2000, message: '不超过2000字' }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item label="会议纪要" required validateStatus={minutesError !== null ? 'error' : undefined} help={minutesError ?? 'PDF、JPG、PNG、DOCX，不超过 20 MB'}>
            <Upload
              fileList={minutes}
              accept=".pdf,.jpg,.jpeg,.png,.docx"
              customRequest={({ file }) => {
                setMinutesError(null);
                if (file instanceof File) void upload(file);
              }}
              onRemove={(f) => setMinutes((m) => m.filter((x) => x.uid !== f.uid))}
            >
              <Button icon={<UploadOutlined />}>上传会议纪要</Button>
            </Upload>
          </Form.Item>
          <Form.Item name="outcome" label="研判结果" rules={[{ required: true, message: '请选择研判结果' }]}>
            <Radio.Group
              options={[
                { value: 'adopt', label: '纳入民生微实事（立项）' },
                { value: 'existingPolicy', label: '通过现行政策解决' },
                { value: 'decline', label: '不予采纳' },
              ]}
            />
          </Form.Item>
          {outcome === 'existingPolicy' ? (
            <>
              <Form.Item name="departmentName" label="承办部门" rules={[...required('请填写承办部门'), { max: 50, message: '不超过50字' }]}>
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item name="policyName" label="适用政策" rules={[{ max: 100, message: '不超过100字' }]}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="contactName" label="联系人" rules={[...required('请填写联系人'), { max: 32, message: '不超过32字' }]}>
                <Input maxLength={32} />
              </Form.Item>
              <Form.Item name="contactPhone" label="联系电话" rules={[...required('请填写联系电话'), { min: 5, max: 20, message: '5～20位' }]}>
                <Input maxLength={20} />
              </Form.Item>
            </>
          ) : outcome === 'decline' ? (
            <Form.Item name="reason" label="不予采纳的理由" extra="理由将反馈给提议人" rules={[...required('请填写理由'), { max: 500, message: '不超过500字' }]}>
              <Input.TextArea rows={3} maxLength={500} showCount />
            </Form.Item>
          ) : (
            <Form.Item name="projectTitle" label="项目名称" rules={[...required('请填写项目名称'), { max: 100, message: '不超过100字' }]}>
              <Input maxLength={100} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
