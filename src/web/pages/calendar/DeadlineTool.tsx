/**
 * 期限试算: a start time, a kind of period and an amount give the due time by the work calendar; a period that
 * crosses a year without an entered schedule is flagged as provisional.
 */
import { Alert, Button, Card, DatePicker, Descriptions, Form, InputNumber, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ApiError } from '../../api/client.js';
import { api } from '../../api/client.js';
import type { DeadlineKind, DeadlinePreview } from '../../api/models.js';
import { toApiError } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatDateTime, shanghaiInstant, shanghaiNow, weekdayOf } from '../../format.js';

const KINDS: { value: DeadlineKind; label: string }[] = [
  { value: 'workingDays', label: '工作日' },
  { value: 'calendarDays', label: '自然日' },
  { value: 'calendarMonths', label: '自然月' },
  { value: 'hours', label: '小时' },
];

/** A due instant at midnight is the end of the previous day: say "24:00" of the last day, as the rules do. */
function dueText(result: DeadlinePreview): string {
  const at = formatDateTime(result.due);
  return at.endsWith(' 00:00:00') ? `${result.dueDate} 24:00 前（即 ${at}）` : `${at} 前`;
}

interface DeadlineValues {
  readonly start: Dayjs;
  readonly kind: DeadlineKind;
  readonly amount: number;
}

export function DeadlineTool() {
  const [result, setResult] = useState<DeadlinePreview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(false);

  const compute = async (values: DeadlineValues) => {
    setLoading(true);
    setError(null);
    try {
      setResult(await api.calendar.deadline({ start: shanghaiInstant(values.start), kind: values.kind, amount: values.amount }));
    } catch (err) {
      setResult(null);
      setError(toApiError(err));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Card title="期限试算">
      <Form<DeadlineValues>
        name="deadline"
        layout="inline"
        initialValues={{ start: shanghaiNow(), kind: 'workingDays', amount: 5 }}
        onFinish={(v) => void compute(v)}
        style={{ rowGap: 12 }}
      >
        <Form.Item label="起算时间" name="start" rules={[{ required: true, message: '请选择起算时间' }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowClear={false} />
        </Form.Item>
        <Form.Item label="期限类型" name="kind" rules={[{ required: true }]}>
          <Select options={KINDS} style={{ width: 110 }} />
        </Form.Item>
        <Form.Item label="数量" name="amount" rules={[{ required: true, message: '请输入数量' }]}>
          <InputNumber min={0} max={366} precision={0} style={{ width: 100 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={loading}>
            试算
          </Button>
        </Form.Item>
      </Form>
      <div style={{ marginTop: 16 }}>
        <ErrorAlert error={error} />
        {result !== null ? (
          <>
            {result.provisional ? (
              <Alert
                type="warning"
                showIcon
                title="临时计算"
                description={result.warnings.map((w) => w.message).join('；')}
                style={{ marginBottom: 12 }}
              />
            ) : null}
            <Descriptions
              bordered
              size="small"
              column={1}
              styles={{ label: { width: 160 } }}
              items={[
                { key: 'dueDate', label: '最后办理日', children: `${result.dueDate}（${weekdayOf(result.dueDate)}）` },
                { key: 'due', label: '到期时刻', children: dueText(result) },
              ]}
            />
          </>
        ) : null}
      </div>
    </Card>
  );
}
