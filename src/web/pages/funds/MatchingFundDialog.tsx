/** 设定配套资金 (R9.1): the town's matching funds of the year in 元; a change after the first needs its reason. */
import { App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { parseYuan } from '../../../domain/money.js';
import { ApiError, http } from '../../api/client.js';
import type { ResponseOf } from '../../api/models.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatDateTime } from '../../format.js';
import { yuanText } from './funds-format.js';

type Ledger = ResponseOf<'viewFundsLedger'>;

export function MatchingFundDialog({ ledger, open, onClose, onSaved }: { readonly ledger: Ledger; readonly open: boolean; readonly onClose: () => void; readonly onSaved: (l: Ledger) => void }) {
  const [form] = Form.useForm<{ amount?: string; reason?: string }>();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const first = ledger.matchingFund.amountFen === null;

  const submit = async (): Promise<void> => {
    const v = await form.validateFields();
    const amount = parseYuan(v.amount ?? '');
    if (!amount.ok) return;
    setBusy(true);
    setError(null);
    try {
      const next = await http.PUT('/api/towns/{id}/matching-fund', {
        params: { path: { id: ledger.townId } },
        body: { year: ledger.year, version: ledger.matchingFund.version, amountFen: amount.fen, reason: v.reason === undefined || v.reason.trim() === '' ? null : v.reason },
      });
      void message.success('镇街配套资金已设定');
      onSaved(next);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'CLIENT', '提交失败，请重试', [], null));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={`设定${ledger.year}年度镇街配套资金`} open={open} okText="保存" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} destroyOnHidden>
      <Form form={form} layout="vertical" preserve={false} initialValues={{ amount: ledger.matchingFund.amountFen === null ? '' : (ledger.matchingFund.amountFen / 100).toFixed(2) }}>
        <Form.Item
          label="配套资金（元）"
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
          <Input inputMode="decimal" />
        </Form.Item>
        <Form.Item label="调整理由" name="reason" rules={first ? [] : [{ required: true, whitespace: true, message: '调整镇街配套资金须说明理由' }]} extra={first ? '首次设定可不填' : '每次调整均保留记录'}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <ErrorAlert error={error} />
        {ledger.matchingFund.history.length > 0 ? (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            历次设定：
            {ledger.matchingFund.history.map((h) => `${formatDateTime(h.setAt)} ${yuanText(h.amountFen)} 元（${h.reason ?? '首次设定'}）`).join('；')}
          </Typography.Paragraph>
        ) : null}
      </Form>
    </Modal>
  );
}
