/**
 * A case's steps with their deadlines (R7.2): when each started, when it is due, and how it stands.
 */
import { Space, Table, Tag, Tooltip, type TableColumnsType } from 'antd';
import type { CaseDeadline } from '../../api/models.js';
import { formatDateTime, weekdayOf } from '../../format.js';

export const DEADLINE_STATUS: Readonly<Record<string, { label: string; color: string }>> = {
  open: { label: '办理中', color: 'blue' },
  dueSoon: { label: '即将到期', color: 'warning' },
  overdue: { label: '已逾期', color: 'red' },
  done: { label: '按时完成', color: 'success' },
  doneLate: { label: '逾期完成', color: 'warning' },
  cancelled: { label: '已取消', color: 'default' },
};

const columns: TableColumnsType<CaseDeadline> = [
  {
    title: '步骤',
    dataIndex: 'label',
    render: (label: string, d) => (
      <Tooltip title={`依据规则 ${d.rule}`}>
        <span>{label}</span>
      </Tooltip>
    ),
  },
  { title: '开始', dataIndex: 'startedAt', width: 150, render: (t: string) => formatDateTime(t).slice(0, 16) },
  {
    title: '期限',
    key: 'due',
    width: 240,
    render: (_v, d) => (
      <Space size={4} wrap>
        <Tooltip title={`截止 ${formatDateTime(d.due).slice(0, 16)}`}>
          <span>
            最迟 {d.dueDate}（{weekdayOf(d.dueDate)}）
          </span>
        </Tooltip>
        {d.provisional ? <Tag>临时计算</Tag> : null}
      </Space>
    ),
  },
  {
    title: '状态',
    dataIndex: 'status',
    width: 100,
    render: (s: string) => <Tag color={DEADLINE_STATUS[s]?.color ?? 'default'}>{DEADLINE_STATUS[s]?.label ?? s}</Tag>,
  },
];

export function CaseDeadlines({ deadlines, loading }: { readonly deadlines: readonly CaseDeadline[]; readonly loading: boolean }) {
  return (
    <Table<CaseDeadline>
      rowKey={(d) => `${d.step}-${d.startedAt}`}
      size="small"
      pagination={false}
      loading={loading}
      columns={columns}
      dataSource={[...deadlines]}
      locale={{ emptyText: '暂无期限' }}
    />
  );
}
