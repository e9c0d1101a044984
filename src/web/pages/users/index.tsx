/**
 * 用户管理: accounts filtered by keyword, role and unit; create (one-time password shown once), edit, disable,
 * reset password (system administrator); assign role and unlock (security administrator). Buttons follow the
 * signed-in user's actions; a stale version asks the user to refresh.
 */
import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Flex, Form, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import type { ApiError } from '../../api/client.js';
import { api } from '../../api/client.js';
import type { Role, UserQuery, UserRecord, UserWithOneTimePassword } from '../../api/models.js';
import { toApiError, useRequest } from '../../api/useRequest.js';
import { useSession } from '../../auth/session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Page } from '../../components/Page.js';
import { NONE, formatDateTime } from '../../format.js';
import { ROLES, ROLE_LABELS } from '../../../domain/access/roles.js';
import { AssignRoleModal } from './AssignRoleModal.js';
import { OneTimePasswordModal } from './OneTimePasswordModal.js';
import { unitLabel, unitOptions } from './unit-options.js';
import { UserFormModal } from './UserFormModal.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';

interface Filters {
  readonly keyword?: string;
  readonly role?: Role;
  readonly unitId?: number;
}

const PAGE_SIZE = 20;

function statusTags(user: UserRecord) {
  const tags: ReactNode[] = [];
  if (user.disabled) tags.push(<Tag key="disabled">已停用</Tag>);
  if (user.lockedUntil !== null) {
    tags.push(
      <Tooltip key="locked" title={`锁定至 ${formatDateTime(user.lockedUntil)}`}>
        <Tag color="red">已锁定</Tag>
      </Tooltip>,
    );
  }
  if (user.mustChangePassword) tags.push(<Tag key="password" color="warning">待修改密码</Tag>);
  if (tags.length === 0) tags.push(<Tag key="ok" color="success">正常</Tag>);
  return <Flex gap={4} wrap>{tags}</Flex>;
}

export default function UsersPage() {
  const { can } = useSession();
  const { message, modal } = AntApp.useApp();
  const [filterForm] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const query: UserQuery = { ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE };
  const list = useRequest(() => api.users.list(query), [JSON.stringify(query)]);
  const units = useRequest(() => api.units.list(), []);
  const unitItems = useMemo(() => units.data?.items ?? [], [units.data]);
  const unitsById = useMemo(() => new Map(unitItems.map((u) => [u.id, u])), [unitItems]);

  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<UserRecord | null>(null);
  const [assigning, setAssigning] = useState<UserRecord | null>(null);
  const [oneTime, setOneTime] = useState<{ result: UserWithOneTimePassword; reason: 'created' | 'reset' } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const showError = (error: ApiError) => {
    if (error.code === 'VERSION_CONFLICT') {
      modal.warning({
        title: '数据已变化',
        content: `${error.message}。点击“刷新列表”获取最新数据后再操作。`,
        okText: '刷新列表',
        onOk: () => list.reload(),
      });
      return;
    }
    const details = error.fields.map((f) => f.message).join('；');
    void message.error(details === '' ? error.message : `${error.message}：${details}`);
  };

  /** Runs a row action with its button in a loading state; `key` tells which button. */
  const run = async (key: string, action: () => Promise<void>) => {
    setBusy(key);
    try {
      await action();
    } catch (err) {
      showError(toApiError(err));
    } finally {
      setBusy(null);
    }
  };

  const setDisabled = (user: UserRecord, disabled: boolean) =>
    run(`disable-${user.id}`, async () => {
      await api.users.update(user.id, { version: user.version, disabled });
      void message.success(disabled ? `已停用 ${user.username}` : `已启用 ${user.username}`);
      list.reload();
    });

  const resetPassword = (user: UserRecord) =>
    run(`reset-${user.id}`, async () => {
      const result = await api.users.resetPassword(user.id, user.version);
      setOneTime({ result, reason: 'reset' });
      list.reload();
    });

  const unlock = (user: UserRecord) =>
    run(`unlock-${user.id}`, async () => {
      await api.users.unlock(user.id);
      void message.success(`已解除 ${user.username} 的锁定`);
      list.reload();
    });

  const rowActions = (user: UserRecord) => (
    <Space size={4} wrap>
      {can('updateUser') ? (
        <Button
          type="link"
          size="small"
          onClick={() => {
            setEditing(user);
            setFormOpen(true);
          }}
        >
          编辑
        </Button>
      ) : null}
      {can('updateUser') ? (
        user.disabled ? (
          <Button type="link" size="small" loading={busy === `disable-${user.id}`} onClick={() => void setDisabled(user, false)}>
            启用
          </Button>
        ) : (
          <Popconfirm
            title={`停用 ${user.username}？`}
            description="停用后该账号立即退出并不能登录，可随时重新启用。"
            okText="停用"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={() => void setDisabled(user, true)}
          >
            <Button type="link" size="small" danger loading={busy === `disable-${user.id}`}>
              停用
            </Button>
          </Popconfirm>
        )
      ) : null}
      {can('resetUserPassword') ? (
        <Popconfirm
          title={`重置 ${user.username} 的密码？`}
          description="原密码立即失效，系统生成一次性密码，本人登录后须修改。"
          okText="重置"
          okButtonProps={{ danger: true }}
          cancelText="取消"
          onConfirm={() => void resetPassword(user)}
        >
          <Button type="link" size="small" loading={busy === `reset-${user.id}`}>
            重置密码
          </Button>
        </Popconfirm>
      ) : null}
      {can('assignRole') ? (
        <Button type="link" size="small" onClick={() => setAssigning(user)}>
          分配角色
        </Button>
      ) : null}
      {can('unlockUser') && user.lockedUntil !== null ? (
        <Button type="link" size="small" loading={busy === `unlock-${user.id}`} onClick={() => void unlock(user)}>
          解锁
        </Button>
      ) : null}
    </Space>
  );

  const columns: TableColumnsType<UserRecord> = [
    { title: '用户名', dataIndex: 'username' },
    { title: '姓名', dataIndex: 'displayName' },
    { title: '角色', dataIndex: 'roleLabel' },
    {
      title: '所属单位',
      key: 'unit',
      render: (_v, u) => {
        const unit = unitsById.get(u.unit.id);
        return unit === undefined ? u.unit.name : unitLabel(unit, unitsById);
      },
    },
    { title: '手机号', dataIndex: 'phone', render: (phone: string | null) => phone ?? NONE },
    { title: '状态', key: 'status', render: (_v, u) => statusTags(u) },
    { title: '创建时间', dataIndex: 'createdAt', render: (t: string) => formatDateTime(t) },
    { title: '操作', key: 'actions', fixed: 'right', render: (_v, u) => rowActions(u) },
  ];

  const search = (values: Filters) => {
    const keyword = values.keyword?.trim();
    setFilters({
      ...(keyword !== undefined && keyword !== '' ? { keyword } : {}),
      ...(values.role !== undefined ? { role: values.role } : {}),
      ...(values.unitId !== undefined ? { unitId: values.unitId } : {}),
    });
    setPage(1);
  };

  return (
    <Page title="用户管理">
      <Card>
        <Form<Filters> name="user-filters" form={filterForm} layout="inline" onFinish={search} style={{ rowGap: 12 }}>
          <Form.Item label="关键词" name="keyword">
            <Input allowClear placeholder="用户名或姓名" maxLength={32} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item label="角色" name="role">
            <Select allowClear placeholder="全部" style={{ width: 200 }} options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
          </Form.Item>
          <Form.Item label="单位" name="unitId">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全部"
              loading={units.loading}
              style={{ width: 220 }}
              options={unitOptions(unitItems, undefined)}
            />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                查询
              </Button>
              <Button
                onClick={() => {
                  filterForm.resetFields();
                  search({});
                }}
              >
                重置
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card
        title={list.data !== undefined ? `共 ${list.data.total} 个账号` : '账号'}
        extra={
          <Space>
            <Button icon={<ReloadOutlined />} onClick={list.reload} aria-label="刷新列表">
              刷新
            </Button>
            {can('createUser') ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => {
                  setEditing(null);
                  setFormOpen(true);
                }}
              >
                新增用户
              </Button>
            ) : null}
          </Space>
        }
      >
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <ScrollRegion label="用户列表">
          <Table<UserRecord>
            rowKey="id"
            size="middle"
            loading={list.loading}
            columns={columns}
            dataSource={list.data?.items ? [...list.data.items] : []}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: Object.keys(filters).length > 0 ? '没有符合条件的账号' : '暂无账号' }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => `共 ${total} 条`,
              onChange: setPage,
            }}
          />
        </ScrollRegion>
        <Typography.Text type="secondary">手机号已脱敏显示。</Typography.Text>
      </Card>
      <UserFormModal
        open={formOpen}
        editing={editing}
        units={unitItems}
        onClose={() => setFormOpen(false)}
        onError={(error) => {
          setFormOpen(false);
          showError(error);
        }}
        onDone={(result) => {
          setFormOpen(false);
          if (result.kind === 'created') setOneTime({ result: result.result, reason: 'created' });
          else void message.success(`已保存 ${result.user.username}`);
          list.reload();
        }}
      />
      <AssignRoleModal
        user={assigning}
        units={unitItems}
        onClose={() => setAssigning(null)}
        onError={(error) => {
          setAssigning(null);
          showError(error);
        }}
        onDone={(user) => {
          setAssigning(null);
          void message.success(`已将 ${user.username} 的角色设为“${user.roleLabel}”`);
          list.reload();
        }}
      />
      <OneTimePasswordModal result={oneTime?.result ?? null} reason={oneTime?.reason ?? 'created'} onClose={() => setOneTime(null)} />
    </Page>
  );
}
