/**
 * 工作日历: the statutory holidays and 调休 of a chosen year (month view and list), the warning for a year not yet
 * entered, the bureau's editor (editCalendar only) and 期限试算.
 */
import { EditOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Empty, Flex, Select, Skeleton, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { api } from '../../api/client.js';
import type { CalendarYear } from '../../api/models.js';
import { useRequest } from '../../api/useRequest.js';
import { useSession } from '../../auth/session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Page } from '../../components/Page.js';
import { NONE, formatDateTime, weekdayOf } from '../../format.js';
import { TIME_ZONE } from '../../locale.js';
import { CalendarEditor } from './CalendarEditor.js';
import { dayMap, groupByHoliday, yearOptions, type HolidayGroup } from './calendar-days.js';
import { DeadlineTool } from './DeadlineTool.js';
import { MonthCalendar } from './MonthCalendar.js';

const short = (date: string) => dayjs(date).format('M月D日');

function HolidayList({ calendar }: { readonly calendar: CalendarYear }) {
  const groups = useMemo(() => groupByHoliday(calendar.days), [calendar.days]);
  return (
    <Table<HolidayGroup>
      rowKey="name"
      pagination={false}
      dataSource={groups}
      locale={{ emptyText: <Empty description={calendar.published ? '该年没有法定节假日安排' : '该年安排尚未录入'} /> }}
      columns={[
        { title: '节日', dataIndex: 'name', width: 160 },
        {
          title: '放假',
          key: 'off',
          render: (_v, g) =>
            g.offRanges.length === 0
              ? NONE
              : g.offRanges.map(([a, b]) => (a === b ? `${short(a)}（${weekdayOf(a)}）` : `${short(a)} ～ ${short(b)}`)).join('，'),
        },
        { title: '放假天数', dataIndex: 'offDays', width: 100, align: 'right', render: (n: number) => (n === 0 ? NONE : `${n} 天`) },
        {
          title: '调休上班',
          key: 'work',
          render: (_v, g) => (g.workdays.length === 0 ? NONE : g.workdays.map((d) => `${short(d)}（${weekdayOf(d)}）`).join('，')),
        },
      ]}
    />
  );
}

export default function CalendarPage() {
  const { can } = useSession();
  const { message } = AntApp.useApp();
  const now = dayjs().tz(TIME_ZONE);
  const currentYear = now.year();
  const currentMonth = now.month();
  const years = useRequest(() => api.calendar.years(), []);
  const options = useMemo(() => yearOptions(years.data?.items ?? [], currentYear), [years.data, currentYear]);
  const [chosen, setChosen] = useState<number | null>(null);
  const year = chosen ?? currentYear;
  const calendar = useRequest(() => api.calendar.year(year), [year]);
  const [month, setMonth] = useState(currentMonth);
  const [editing, setEditing] = useState(false);
  const shown = calendar.data?.year === year ? calendar.data : undefined;
  const days = useMemo(() => dayMap(shown?.days ?? []), [shown]);
  const mayEdit = can('editCalendar');

  const chooseYear = (next: number) => {
    setChosen(next);
    setMonth(next === currentYear ? currentMonth : 0);
  };

  return (
    <Page
      title="工作日历"
      extra={
        mayEdit && shown !== undefined ? (
          <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing(true)}>
            {shown.published ? '编辑节假日安排' : '录入节假日安排'}
          </Button>
        ) : undefined
      }
    >
      <ErrorAlert error={years.error ?? calendar.error} onRetry={() => (years.error !== null ? years.reload() : calendar.reload())} />
      <Card>
        <Flex align="center" gap={16} wrap style={{ marginBottom: 16 }}>
          <Select
            aria-label="年份"
            value={year}
            loading={years.loading}
            style={{ width: 180 }}
            onChange={chooseYear}
            options={options.map((o) => ({ value: o.year, label: o.published ? `${o.year} 年` : `${o.year} 年（未录入）` }))}
          />
          {shown === undefined ? null : shown.published ? (
            <Tag color="success">已录入</Tag>
          ) : (
            <Tag color="warning">未录入</Tag>
          )}
        </Flex>
        {shown === undefined ? (
          <Skeleton active paragraph={{ rows: 4 }} />
        ) : (
          <Flex vertical gap={16}>
            {shown.published ? (
              <Descriptions
                size="small"
                column={{ xs: 1, md: 3 }}
                items={[
                  { key: 'source', label: '依据', children: shown.source ?? NONE },
                  { key: 'updatedAt', label: '更新时间', children: formatDateTime(shown.updatedAt) },
                  {
                    key: 'count',
                    label: '天数',
                    children: `放假 ${shown.days.filter((d) => d.kind === 'holiday').length} 天，调休上班 ${shown.days.filter((d) => d.kind === 'workday').length} 天`,
                  },
                ]}
              />
            ) : (
              <Alert
                type="warning"
                showIcon
                title={`${year} 年未录入：期限将按临时规则计算`}
                description={
                  <>
                    国务院尚未公布或本系统尚未录入该年的节假日安排。录入前，跨入 {year} 年的期限按周六、周日休息、不含法定节假日临时计算，并在办理页面标注“临时计算”。
                    {mayEdit ? '公布后请点击右上角“录入节假日安排”。' : '公布后由市民政局录入。'}
                  </>
                }
              />
            )}
            <Tabs
              items={[
                {
                  key: 'month',
                  label: '月历',
                  children: <MonthCalendar year={year} month={month} onMonthChange={setMonth} days={days} />,
                },
                { key: 'list', label: '节假日列表', children: <HolidayList calendar={shown} /> },
              ]}
            />
          </Flex>
        )}
      </Card>
      <DeadlineTool />
      {mayEdit && shown !== undefined && editing ? (
        <CalendarEditor
          key={`${shown.year}-${shown.updatedAt ?? 'new'}`}
          open={editing}
          calendar={shown}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            void message.success(`${year} 年节假日安排已保存`);
            calendar.reload();
            years.reload();
          }}
        />
      ) : null}
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        期限按 Asia/Shanghai（北京时间）计算；“工作日”不含周末和法定节假日，含调休上班日。
      </Typography.Paragraph>
    </Page>
  );
}
