/**
 * 我的待办 on 工作台: every demand and project of the jurisdiction whose current step waits on the signed-in user's
 * role (GET /api/todo), the soonest deadline first, with the step to take, the countdown and a 即将到期 / 已逾期 tag;
 * each case's number opens its page. For the level above, a link to the overdue steps within the jurisdiction.
 */
import { Card, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, http } from '../../api/client.js';
import type { ResponseOf } from '../../api/models.js';
import { useRequest } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import type { Role } from '../../../domain/access/roles.js';
import { DEMAND_TRANSITIONS, PROJECT_TRANSITIONS } from '../../../domain/lifecycle/transitions.js';
import { CASE_NOUN } from '../cases/case-format.js';
import { casePath, countdownText, standingOf } from './todo-format.js';

type TodoList = ResponseOf<'listTodo'>;
type TodoItem = TodoList['items'][number];

const PAGE_SIZE = 10;

/** Whether any step of the lifecycle is the role's own (supervisors and the bureau read, they take no step). */
function takesSteps(role: Role): boolean {
  return [...DEMAND_TRANSITIONS, ...PROJECT_TRANSITIONS].some((t) => t.roles.includes(role));
}

async function load(offset: number): Promise<{ todo: TodoList; overdueSteps: number }> {
  const [todo, overdue] = await Promise.all([
    http.GET('/api/todo', { params: { query: { limit: PAGE_SIZE, offset } } }),
    api.deadlines.overdue(1, 0),
  ]);
  return { todo, overdueSteps: overdue.total };
}

export function CaseTodo({ role }: { readonly role: Role }) {
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const data = useRequest(() => load((page - 1) * PAGE_SIZE), [page]);
  const todo = data.data?.todo;
  const now = new Date();

  const columns: TableColumnsType<TodoItem> = [
    {
      title: '编号',
      key: 'number',
      width: 190,
      render: (_v, r) => (
        <Space size={4}>
          <Tag variant="outlined">{CASE_NOUN[r.kind]}</Tag>
          <Link to={casePath(r.kind, r.id)} onClick={(e) => e.stopPropagation()} aria-label={`打开${CASE_NOUN[r.kind]} ${r.number}：${r.title}`}>
            {r.number}
          </Link>
        </Space>
      ),
    },
    {
      title: '标题',
      key: 'title',
      ellipsis: { showTitle: false },
      render: (_v, r) => (
        <Tooltip title={`${r.title}（${r.statusLabel}）`}>
          <Space orientation="vertical" size={0} style={{ maxWidth: '100%' }}>
            <Typography.Text ellipsis>{r.title}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
              {r.statusLabel}
            </Typography.Text>
          </Space>
        </Tooltip>
      ),
    },
    { title: '村（社区）', dataIndex: 'communityName', width: 110 },
    { title: '待办事项', key: 'waitingFor', width: 200, render: (_v, r) => r.waitingFor.label },
    {
      title: '期限',
      key: 'deadline',
      width: 180,
      render: (_v, r) => {
        const d = r.deadline;
        if (d === null) return <Typography.Text type="secondary">无时限</Typography.Text>;
        const standing = standingOf(d);
        return (
          <Tooltip title={`${d.label}，最迟 ${d.dueDate}${d.provisional ? '（临时计算）' : ''}`}>
            <Space orientation="vertical" size={0}>
              <Typography.Text type={standing?.label === '已逾期' ? 'danger' : undefined}>{countdownText(d, now)}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {d.dueDate} 止
              </Typography.Text>
            </Space>
          </Tooltip>
        );
      },
    },
    {
      title: '状态',
      key: 'standing',
      width: 96,
      render: (_v, r) => {
        const standing = standingOf(r.deadline);
        return standing === null ? null : <Tag color={standing.color}>{standing.label}</Tag>;
      },
    },
  ];

  const overdueSteps = data.data?.overdueSteps ?? 0;
  const title =
    todo === undefined || !takesSteps(role) ? (
      '我的待办'
    ) : (
      <Space size={8} wrap>
        <span>我的待办（{todo.total} 项）</span>
        {todo.overdue > 0 ? <Tag color="red">已逾期 {todo.overdue} 项</Tag> : null}
        {todo.dueSoon > 0 ? <Tag color="warning">即将到期 {todo.dueSoon} 项</Tag> : null}
      </Space>
    );

  return (
    <Card
      title={title}
      size="small"
      extra={
        overdueSteps > 0 ? (
          <Link to="/overdue" style={{ whiteSpace: 'nowrap' }}>
            管辖范围内逾期环节 {overdueSteps} 个
          </Link>
        ) : null
      }
    >
      <ErrorAlert error={data.error} onRetry={data.reload} />
      {takesSteps(role) ? (
        <ScrollRegion label="待办列表">
          <Table<TodoItem>
            rowKey={(r) => `${r.kind}-${r.id}`}
            size="small"
            loading={data.loading}
            columns={columns}
            dataSource={todo === undefined ? [] : [...todo.items]}
            scroll={{ x: 900 }}
            locale={{ emptyText: '目前没有等待您办理的诉求或项目' }}
            onRow={(r) => ({ onClick: () => void navigate(casePath(r.kind, r.id)), style: { cursor: 'pointer' } })}
            pagination={
              (todo?.total ?? 0) > PAGE_SIZE
                ? { current: page, pageSize: PAGE_SIZE, total: todo?.total ?? 0, showSizeChanger: false, showTotal: (t) => `共 ${t} 项`, onChange: setPage, size: 'small' }
                : false
            }
          />
        </ScrollRegion>
      ) : (
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          您的角色不办理诉求和项目的环节，没有待办事项；可在诉求、项目列表中查看管辖范围内的办理情况。
        </Typography.Paragraph>
      )}
    </Card>
  );
}
