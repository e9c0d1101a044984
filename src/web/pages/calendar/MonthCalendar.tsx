/**
 * One month of the selected year: 放假 and 调休上班 days marked with text and colour, weekends greyed, today marked.
 */
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Calendar, Flex, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import type { CalendarDay } from '../../api/models.js';
import { TIME_ZONE } from '../../locale.js';

export function MonthCalendar({
  year,
  month,
  onMonthChange,
  days,
}: {
  readonly year: number;
  /** 0–11 */
  readonly month: number;
  readonly onMonthChange: (month: number) => void;
  readonly days: ReadonlyMap<string, CalendarDay>;
}) {
  const value = dayjs(new Date(year, month, 1));
  const today = dayjs().tz(TIME_ZONE).format('YYYY-MM-DD');
  const cell = (date: Dayjs) => {
    const key = date.format('YYYY-MM-DD');
    const entry = days.get(key);
    const classes = ['msw-day'];
    if (date.day() === 0 || date.day() === 6) classes.push('msw-day-weekend');
    if (entry !== undefined) classes.push(entry.kind === 'holiday' ? 'msw-day-holiday' : 'msw-day-workday');
    if (key === today) classes.push('msw-day-today');
    return (
      <div className={classes.join(' ')}>
        <span className="msw-day-number">
          {date.date()}
          {key === today ? ' 今天' : ''}
        </span>
        {entry === undefined ? null : (
          <span style={{ display: 'flex', alignItems: 'center', gap: 4, maxWidth: '100%' }}>
            <Tag color={entry.kind === 'holiday' ? 'success' : 'warning'} style={{ marginInlineEnd: 0 }}>
              {entry.kind === 'holiday' ? '休' : '班'}
            </Tag>
            <Typography.Text style={{ fontSize: 12, maxWidth: '100%' }} ellipsis>
              {entry.kind === 'holiday' ? entry.name : `${entry.name}调休上班`}
            </Typography.Text>
          </span>
        )}
      </div>
    );
  };

  return (
    <Calendar
      value={value}
      validRange={[dayjs(new Date(year, 0, 1)), dayjs(new Date(year, 11, 31))]}
      onPanelChange={(date) => onMonthChange(date.month())}
      onSelect={(date, info) => {
        if (info.source === 'date' && date.month() !== month) onMonthChange(date.month());
      }}
      fullCellRender={(date, info) => (info.type === 'date' ? cell(date) : info.originNode)}
      headerRender={() => (
        <Flex align="center" gap={8} style={{ padding: '8px 0 12px' }}>
          <Button aria-label="上一月" icon={<LeftOutlined />} disabled={month === 0} onClick={() => onMonthChange(month - 1)} />
          <Select
            aria-label="月份"
            value={month}
            style={{ width: 140 }}
            onChange={onMonthChange}
            options={Array.from({ length: 12 }, (_, m) => ({ value: m, label: `${year} 年 ${m + 1} 月` }))}
          />
          <Button aria-label="下一月" icon={<RightOutlined />} disabled={month === 11} onClick={() => onMonthChange(month + 1)} />
          <Flex gap={12} style={{ marginInlineStart: 'auto' }}>
            <span>
              <Tag color="success">休</Tag>法定节假日放假
            </span>
            <span>
              <Tag color="warning">班</Tag>调休上班
            </span>
          </Flex>
        </Flex>
      )}
    />
  );
}
