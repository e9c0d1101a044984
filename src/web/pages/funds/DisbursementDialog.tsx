/**
 * 登记资金发放 (R9.1): project (the town's projects of the year), amount in 元 (converted to 分 exactly), fund source,
 * voucher number, date. When the server refuses a line past the project's approved amount (R9.2 OVER_APPROVED /
 * NOT_APPROVED), its message is shown and the dialog offers 超额发放（须说明理由）: the same line sent again with the
 * reason, recorded, audited and reported to the bureau.
 */
import { Alert, App, Checkbox, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { parseYuan } from '../../../domain/money.js';
import { ApiError, http } from '../../api/client.js';
import type { ResponseOf } from '../../api/models.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { shanghaiNow } from '../../format.js';
import { SOURCE_LABELS, SOURCES, yuanText, type Source } from './funds-format.js';

type Ledger = ResponseOf<'viewFundsLedger'>;

interface Values {
  readonly projectId?: number;
  readonly amount?: string;
  readonly source?: Source;
  readonly voucherNo?: string;
  readonly date?: Dayjs;
  readonly overrideReason?: string;
}

const OVER_CODES: ReadonlySet<string> = new Set(['OVER_APPROVED', 'NOT_APPROVED']);

export function DisbursementDialog({ ledger, open, onClose, onRecorded }: { readonly ledger: Ledger; readonly open: boolean; readonly onClose: () => void; readonly onRecorded: (l: Ledger) => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const [overriding, setOverriding] = useState(false);
  const projectId = Form.useWatch('projectId', form);
  const source = Form.useWatch('source', form);
  const project = ledger.projects.find((p) => p.projectId === projectId);

  const reset = (): void => {
    setError(null);
    setOver(null);
    setOverriding(false);
  };

  const submit = async (): Promise<void> => {
    const v = await form.validateFields();
    const amount = parseYuan(v.amount ?? '');
    if (!amount.ok || v.projectId === undefined || v.source === undefined || v.date === undefined) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await http.POST('/api/towns/{id}/disbursements', {
        params: { path: { id: ledger.townId } },
        body: {
          year: ledger.year,
          version: ledger.version,
          date: v.date.format('YYYY-MM-DD'),
          projectId: v.projectId,
          amountFen: amount.fen,
          source: v.source,
          voucherNo: v.voucherNo ?? '',
          override: overriding ? { reason: v.overrideReason ?? '' } : null,
        },
      });
      void message.success(`已登记：${answer.line.projectName} ${yuanText(answer.line.amountFen)} 元（凭证号 ${answer.line.voucherNo}）`);
      form.resetFields();
      reset();
      onRecorded(answer.ledger);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(0, 'CLIENT', '提交失败，请重试', [], null);
      if (OVER_CODES.has(err.code)) {
        setOver(err.message);
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title="登记资金发放"
      open={open}
      width={620}
      okText={overriding ? '超额发放并登记' : '登记'}
      okButtonProps={{ danger: overriding }}
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={() => {
        reset();
        onClose();
      }}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ date: shanghaiNow().startOf('day'), source: 'special' }} onValuesChange={() => setError(null)} preserve={false}>
        <Form.Item label="项目" name="projectId" rules={[{ required: true, message: '请选择项目' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={ledger.projects.length === 0 ? '本年度暂无可登记发放的项目' : '本镇（街道）本年度已备案或经确认的项目'}
            options={ledger.projects.map((p) => ({ value: p.projectId, label: `${p.code} ${p.communityName} ${p.projectName}` }))}
            onChange={() => setOver(null)}
          />
        </Form.Item>
        {project !== undefined ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
            核定：{SOURCES.map((s) => `${SOURCE_LABELS[s]} ${yuanText(project.approved[s])} 元`).join('，')}；已发放：
            {SOURCES.map((s) => `${SOURCE_LABELS[s]} ${yuanText(project.disbursed[s])} 元`).join('，')}
            {project.fundedFrom === 'matching' ? '（专项资金出自镇街配套资金）' : '（专项资金出自市分配经费）'}
          </Typography.Paragraph>
        ) : null}
        <Form.Item
          label="金额（元）"
          name="amount"
          rules={[
            { required: true, message: '请填写金额' },
            {
              validator: (_r, value: string | undefined) => {
                if (value === undefined || value === '') return Promise.resolve();
                const parsed = parseYuan(value);
                if (!parsed.ok) return Promise.reject(new Error(parsed.error.message));
                return parsed.fen === 0 ? Promise.reject(new Error('金额须大于0')) : Promise.resolve();
              },
            },
          ]}
        >
          <Input inputMode="decimal" placeholder="如 12345.67" onChange={() => setOver(null)} />
        </Form.Item>
        <Form.Item label="资金来源" name="source" rules={[{ required: true, message: '请选择资金来源' }]}>
          <Select options={SOURCES.map((s) => ({ value: s, label: SOURCE_LABELS[s] }))} onChange={() => setOver(null)} />
        </Form.Item>
        <Form.Item label="凭证号" name="voucherNo" rules={[{ required: true, whitespace: true, message: '请填写凭证号' }, { max: 60, message: '凭证号最多60个字符' }]}>
          <Input placeholder="本镇（街道）内不得重复" />
        </Form.Item>
        <Form.Item label="发放日期" name="date" rules={[{ required: true, message: '请选择发放日期' }]}>
          <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(shanghaiNow().format('YYYY-MM-DD')), 'day')} />
        </Form.Item>
        {over !== null ? (
          <Alert
            type="warning"
            showIcon
            title={over}
            description={
              <Checkbox checked={overriding} onChange={(e) => setOverriding(e.target.checked)}>
                超额发放（须说明理由）
              </Checkbox>
            }
            style={{ marginBottom: 12 }}
          />
        ) : null}
        {overriding ? (
          <Form.Item label="超额发放理由" name="overrideReason" rules={[{ required: true, whitespace: true, message: '请说明超额发放的理由' }]} extra="理由随发放记录存档、记入审计，并报市民政局（R9.2）">
            <Input.TextArea rows={2} maxLength={500} showCount />
          </Form.Item>
        ) : null}
        <ErrorAlert error={error} />
        {source !== undefined && project !== undefined && project.approved[source] === 0 && over === null ? (
          <Typography.Text type="secondary">该项目的{SOURCE_LABELS[source]}没有核定金额。</Typography.Text>
        ) : null}
      </Form>
    </Modal>
  );
}
