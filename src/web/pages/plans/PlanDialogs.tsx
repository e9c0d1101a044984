/**
 * The town's two writes on its plan: 盖章报送 (R8.2: 党委或政府公章, 经办人, 盖章日期, the scanned copy uploaded first;
 * refused below the allocation or without one, R8.3, with the server's message shown in the form) and 调整项目库
 * (R8.4: a registered project of the year with its reason, funded from the matching funds and reported to the bureau).
 */
import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Form, Input, Modal, Radio, Select, Typography, Upload, type UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { http, type ApiError } from '../../api/client.js';
import { toApiError } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { shanghaiNow } from '../../format.js';
import { gapSentence, type Plan } from './plan-year.js';

/** Refusals that mean the plan itself falls short: after one the page reloads the plan to show why. */
export const PLAN_SHORT_CODES: ReadonlySet<string> = new Set(['BELOW_ALLOCATION', 'ALLOCATION_MISSING']);

interface StampValues {
  readonly authority: 'partyCommittee' | 'government';
  readonly stampedByName: string;
  readonly stampedOn: Dayjs;
}

export function SubmitDialog({ plan, onClose, onSubmitted, onShort }: { readonly plan: Plan; readonly onClose: () => void; readonly onSubmitted: (p: Plan) => void; readonly onShort: () => void }) {
  const [form] = Form.useForm<StampValues>();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [scan, setScan] = useState<number | undefined>(undefined);
  const [scanMissing, setScanMissing] = useState(false);
  const today = dayjs(shanghaiNow().format('YYYY-MM-DD'));

  const submit = async (): Promise<void> => {
    const v = await form.validateFields().catch(() => null);
    setScanMissing(scan === undefined);
    if (v === null || scan === undefined) return;
    setBusy(true);
    setError(null);
    try {
      const next = await http.POST('/api/towns/{id}/annual-plans/{year}/submit', {
        params: { path: { id: plan.townId, year: plan.year } },
        body: { version: plan.version, stamp: { authority: v.authority, stampedByName: v.stampedByName.trim(), stampedOn: v.stampedOn.format('YYYY-MM-DD'), scanAttachmentId: scan } },
      });
      void message.success(`${plan.year}年度实施计划已报送市民政局`);
      onSubmitted(next);
    } catch (e) {
      const err = toApiError(e);
      setError(err);
      if (PLAN_SHORT_CODES.has(err.code)) onShort();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={`盖章报送${plan.year}年度实施计划`} open width={600} okText="报送市民政局" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        按《操作指引》，年度“民生微实事”项目实施计划表须经加盖党委或政府公章后，于2月底前报市民政局。请先下载实施计划表打印盖章，再上传盖章扫描件。{gapSentence(plan.summary)}。
      </Typography.Paragraph>
      <Form<StampValues> form={form} layout="vertical" preserve={false} initialValues={{ authority: 'partyCommittee', stampedOn: today }} onValuesChange={() => setError(null)}>
        <Form.Item label="加盖公章" name="authority" rules={[{ required: true, message: '请选择所盖公章' }]}>
          <Radio.Group
            options={[
              { value: 'partyCommittee', label: '党委公章' },
              { value: 'government', label: '政府公章' },
            ]}
          />
        </Form.Item>
        <Form.Item label="经办人" name="stampedByName" rules={[{ required: true, whitespace: true, message: '请填写经办人' }, { max: 100, message: '最多 100 个字' }]}>
          <Input maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item label="盖章日期" name="stampedOn" rules={[{ required: true, message: '请选择盖章日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(today, 'day')} />
        </Form.Item>
        <Form.Item
          label="盖章扫描件"
          required
          htmlFor="plan-stamp-scan"
          validateStatus={scanMissing ? 'error' : undefined}
          help={scanMissing ? '请上传盖章后的实施计划表扫描件' : 'PDF、JPG 或 PNG，不超过 20 MB'}
        >
          <Upload
            accept=".pdf,.jpg,.jpeg,.png"
            maxCount={1}
            fileList={files}
            customRequest={({ file, onSuccess, onError }) => {
              if (!(file instanceof File)) return;
              const body = new FormData();
              body.append('file', file, file.name);
              http.upload('/api/towns/{id}/annual-plans/{year}/stamp-scan', body, { params: { path: { id: plan.townId, year: plan.year } } }).then(
                (attachment) => onSuccess?.(attachment),
                (err: unknown) => onError?.(toApiError(err)),
              );
            }}
            onChange={({ file, fileList }) => {
              setFiles(fileList.map((f) => (f.status === 'error' && f.error instanceof Error ? { ...f, response: f.error.message } : f)));
              const response: unknown = file.response;
              if (file.status === 'done' && typeof response === 'object' && response !== null && 'id' in response && typeof response.id === 'number') {
                setScan(response.id);
                setScanMissing(false);
              }
              if (file.status === 'removed' || file.status === 'error') setScan(undefined);
            }}
          >
            <Button id="plan-stamp-scan" icon={<UploadOutlined />}>
              上传扫描件
            </Button>
          </Upload>
        </Form.Item>
        <ErrorAlert error={error} />
      </Form>
    </Modal>
  );
}

export function AdjustDialog({ plan, onClose, onAdjusted }: { readonly plan: Plan; readonly onClose: () => void; readonly onAdjusted: (p: Plan) => void }) {
  const [form] = Form.useForm<{ projectId?: number; reason?: string }>();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const submit = async (): Promise<void> => {
    const v = await form.validateFields().catch(() => null);
    if (v === null || v.projectId === undefined) return;
    setBusy(true);
    setError(null);
    try {
      const next = await http.POST('/api/towns/{id}/annual-plans/{year}/adjustments', {
        params: { path: { id: plan.townId, year: plan.year } },
        body: { version: plan.version, projectId: v.projectId, reason: (v.reason ?? '').trim() },
      });
      void message.success('已调入年度项目库，并报市民政局备案');
      onAdjusted(next);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="调整年度项目库" open width={640} okText="调入项目库" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      <Alert type="info" showIcon title="调整项目使用镇街配套资金，并报市民政局备案" description="日常征集或新增的项目可动态调入年度项目库，不计入市分配额度（R8.4）。" style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" preserve={false} onValuesChange={() => setError(null)}>
        <Form.Item label="调入的项目" name="projectId" rules={[{ required: true, message: '请选择调入的项目' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="本镇（街道）本年度已登记备案的项目"
            options={plan.candidates.map((c) => ({
              value: c.projectId,
              label: `${c.communityName} ${c.projectName}（${c.budget.wan}万元，${c.collectionLabel}${c.statusLabel === '' ? '' : `，${c.statusLabel}`}）`,
            }))}
          />
        </Form.Item>
        <Form.Item label="调整理由" name="reason" rules={[{ required: true, whitespace: true, message: '请说明调整理由（报市民政局）' }]}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
        <ErrorAlert error={error} />
      </Form>
    </Modal>
  );
}
