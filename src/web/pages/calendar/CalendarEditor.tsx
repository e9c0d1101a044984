/**
 * The bureau's editor for one year's schedule (editCalendar): the source document, the 放假 and 调休上班 days
 * (added one by one or as a range, removed row by row), saved as a whole with PUT.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { AutoComplete, Button, Card, DatePicker, Drawer, Flex, Form, Input, Popconfirm, Select, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { ApiError } from '../../api/client.js';
import { api } from '../../api/client.js';
import type { CalendarDay, CalendarDayKind, CalendarYear } from '../../api/models.js';
import { toApiError } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { weekdayOf } from '../../format.js';
import { HOLIDAY_NAMES } from './calendar-days.js';

const KIND_OPTIONS: { value: CalendarDayKind; label: string }[] = [
  { value: 'holiday', label: '放假' },
  { value: 'workday', label: '调休上班' },
];

const NAME_OPTIONS = HOLIDAY_NAMES.map((n) => ({ value: n }));

function sortDays(days: readonly CalendarDay[]): CalendarDay[] {
  return [...days].sort((a, b) => a.date.localeCompare(b.date));
}

/** Hints while editing; the server checks the same and more on save. */
function problemOf(day: CalendarDay): string | null {
  const dow = dayjs(day.date).day();
  if (day.kind === 'workday' && dow !== 0 && dow !== 6) return '调休上班日应为周末';
  if (day.name.trim() === '') return '请填写名称';
  return null;
}

export function CalendarEditor({
  open,
  calendar,
  onClose,
  onSaved,
}: {
  readonly open: boolean;
  readonly calendar: CalendarYear;
  readonly onClose: () => void;
  readonly onSaved: () => void;
}) {
  const { year } = calendar;
  const [source, setSource] = useState(calendar.source ?? '');
  const [days, setDays] = useState<CalendarDay[]>(() => sortDays(calendar.days));
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [rangeName, setRangeName] = useState('');
  const [rangeKind, setRangeKind] = useState<CalendarDayKind>('holiday');
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);

  const outsideYear = (d: Dayjs) => d.year() !== year;

  const addRange = () => {
    if (range === null || rangeName.trim() === '') return;
    const added: CalendarDay[] = [];
    for (let d = range[0].startOf('day'); !d.isAfter(range[1], 'day'); d = d.add(1, 'day')) {
      added.push({ date: d.format('YYYY-MM-DD'), kind: rangeKind, name: rangeName.trim() });
    }
    const fresh = added.filter((a) => !days.some((d) => d.date === a.date));
    setDays(sortDays([...days, ...fresh]));
    setRange(null);
  };

  const update = (date: string, change: Partial<CalendarDay>) =>
    setDays((current) => sortDays(current.map((d) => (d.date === date ? { ...d, ...change } : d))));

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await api.calendar.replaceYear(year, { source: source.trim(), days: days.map((d) => ({ ...d, name: d.name.trim() })) });
      onSaved();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setSaving(false);
    }
  };

  const problems = days.map((d) => problemOf(d)).filter((p) => p !== null).length;
  const sourceMissing = source.trim() === '';

  return (
    <Drawer
      title={`${calendar.published ? '编辑' : '录入'} ${year} 年节假日安排`}
      open={open}
      size={760}
      onClose={onClose}
      extra={
        <Popconfirm
          title={`保存 ${year} 年节假日安排？`}
          description="保存后将替换该年的全部安排，并立即用于期限计算。"
          okText="保存"
          cancelText="取消"
          onConfirm={() => void save()}
          disabled={sourceMissing || problems > 0}
        >
          <Button type="primary" loading={saving} disabled={sourceMissing || problems > 0}>
            保存
          </Button>
        </Popconfirm>
      }
    >
      <Flex vertical gap={16}>
        <ErrorAlert error={error} />
        <Form layout="vertical">
          <Form.Item label="依据" htmlFor="calendar-source" required help={sourceMissing ? '请填写依据，如国务院办公厅关于节假日安排的通知文号' : undefined} validateStatus={sourceMissing ? 'warning' : undefined}>
            <Input
              id="calendar-source"
              value={source}
              maxLength={200}
              placeholder={`如：国务院办公厅关于${year}年部分节假日安排的通知（国办发明电〔${year - 1}〕X号）`}
              onChange={(e) => setSource(e.target.value)}
            />
          </Form.Item>
        </Form>
        <Card size="small" title="添加日期">
          <Flex gap={8} wrap align="center">
            <DatePicker.RangePicker
              aria-label="日期区间"
              value={range}
              disabledDate={outsideYear}
              defaultPickerValue={[dayjs(new Date(year, 0, 1)), dayjs(new Date(year, 0, 1))]}
              onChange={(value) => setRange(value !== null && value[0] !== null && value[1] !== null ? [value[0], value[1]] : null)}
            />
            <Select aria-label="类型" value={rangeKind} options={KIND_OPTIONS} onChange={setRangeKind} style={{ width: 120 }} />
            <AutoComplete
              aria-label="名称"
              value={rangeName}
              options={NAME_OPTIONS}
              onChange={setRangeName}
              placeholder="名称，如 春节"
              style={{ width: 160 }}
            />
            <Button icon={<PlusOutlined />} onClick={addRange} disabled={range === null || rangeName.trim() === ''}>
              添加
            </Button>
          </Flex>
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
            放假可按区间一次添加；调休上班日选同一天为起止即可。已有的日期不会重复添加。
          </Typography.Text>
        </Card>
        <Table<CalendarDay>
          size="small"
          rowKey="date"
          pagination={false}
          dataSource={days}
          locale={{ emptyText: '尚未添加任何日期' }}
          title={() => `共 ${days.length} 天：放假 ${days.filter((d) => d.kind === 'holiday').length} 天，调休上班 ${days.filter((d) => d.kind === 'workday').length} 天`}
          columns={[
            { title: '日期', dataIndex: 'date', width: 120 },
            { title: '星期', dataIndex: 'date', key: 'weekday', width: 80, render: (date: string) => weekdayOf(date) },
            {
              title: '类型',
              dataIndex: 'kind',
              width: 130,
              render: (kind: CalendarDayKind, day) => (
                <Select aria-label={`${day.date} 类型`} size="small" value={kind} options={KIND_OPTIONS} style={{ width: 110 }} onChange={(v) => update(day.date, { kind: v })} />
              ),
            },
            {
              title: '名称',
              dataIndex: 'name',
              render: (name: string, day) => (
                <AutoComplete
                  aria-label={`${day.date} 名称`}
                  size="small"
                  value={name}
                  options={NAME_OPTIONS}
                  style={{ width: '100%' }}
                  onChange={(v) => update(day.date, { name: v })}
                />
              ),
            },
            {
              title: '提示',
              key: 'problem',
              width: 130,
              render: (_value, day) => {
                const problem = problemOf(day);
                return problem === null ? '--' : <Typography.Text type="danger">{problem}</Typography.Text>;
              },
            },
            {
              title: '操作',
              key: 'remove',
              width: 70,
              render: (_value, day) => (
                <Button
                  aria-label={`删除 ${day.date}`}
                  type="text"
                  danger
                  size="small"
                  icon={<DeleteOutlined />}
                  onClick={() => setDays((current) => current.filter((d) => d.date !== day.date))}
                />
              ),
            },
          ]}
        />
      </Flex>
    </Drawer>
  );
}
