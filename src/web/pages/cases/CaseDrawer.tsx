/**
 * One case opened from its list: what it is and where it stands, every step's deadline with its status, and its
 * history — each audited action and each feedback sent to the proposer (R7.1, R7.2). Offered when the lifecycle's
 * table allows them in this state for the user's role: the actions that need nothing but a confirmation (接收诉求,
 * 开始实施, 完成实施, 办结), those of a few words or a choice (退回诉求, 重新交派, 退回登记备案表, 终止项目, 指定会审部门,
 * 发起公示: FormActions.tsx), 研判 (TriageDialog.tsx), 答复异议 (Objections.tsx) and 确认认领 (Claims.tsx). The server
 * decides again; a case changed meanwhile by someone else is refused with 版本冲突 and reloaded. Personal data comes
 * masked by the server for roles that may not see it (R0.8).
 */
import { Alert, App, Button, Descriptions, Drawer, Empty, Popconfirm, Space, Table, Tag, Timeline, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, http, type ApiError } from '../../api/client.js';
import type { CaseDeadline, CaseListItem, CaseTimeline } from '../../api/models.js';
import type { CaseKind } from './case-format.js';
import { toApiError, useRequest } from '../../api/useRequest.js';
import { useSession, useUser } from '../../auth/session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatDateTime, orNone } from '../../format.js';
import type { Action } from '../../../domain/access/actions.js';
import { FEEDBACK_KIND_LABELS, type FeedbackKind } from '../../../domain/lifecycle/feedback-templates.js';
import { COMMAND_LABELS, DEMAND_TRANSITIONS, PROJECT_TRANSITIONS } from '../../../domain/lifecycle/transitions.js';
import { CASE_NOUN, formatYuan } from './case-format.js';
import { FORM_ACTIONS, FormActionButton } from './FormActions.js';
import { Claims } from './Claims.js';
import { caseFacts, claimsOf, objectionsOf, projectOf } from './case-state.js';
import { Objections } from './Objections.js';
import { STEP_ACTIONS } from './steps/index.js';
import { TriageDialog } from './TriageDialog.js';

const DEADLINE_STATUS: Readonly<Record<string, { label: string; color: string }>> = {
  open: { label: '办理中', color: 'blue' },
  dueSoon: { label: '即将到期', color: 'warning' },
  overdue: { label: '已逾期', color: 'red' },
  done: { label: '按时完成', color: 'success' },
  doneLate: { label: '逾期完成', color: 'warning' },
  cancelled: { label: '已取消', color: 'default' },
};

const CHANNELS: Readonly<Record<string, string>> = { portal: '门户', hotline12345: '12345热线', sms: '短信' };
const DELIVERY: Readonly<Record<string, { label: string; color: string }>> = {
  pending: { label: '待发送', color: 'warning' },
  delivered: { label: '已送达', color: 'success' },
  // OUTBOX_MODE=log: written to the development log, nobody outside received it.
  logged: { label: '已记录（日志模式，未实际发送）', color: 'default' },
  failed: { label: '发送失败', color: 'red' },
};
/** Labels of every command the history may show, including the system's (公示期满, 逾期预警). */
const ACTIONS: Readonly<Record<string, string>> = COMMAND_LABELS;
const KINDS: Readonly<Record<string, string>> = FEEDBACK_KIND_LABELS satisfies Readonly<Record<FeedbackKind, string>>;

interface SimpleAction {
  readonly action: Action;
  /** Sends the action on case `id` at the version read. */
  readonly send: (id: number, version: number) => Promise<unknown>;
  readonly confirm: string;
}

const at = (id: number) => ({ path: { id } });

const SIMPLE_ACTIONS: Readonly<Record<CaseKind, readonly SimpleAction[]>> = {
  demand: [
    {
      action: 'acknowledgeDemand',
      send: (id, version) => http.POST('/api/demands/{id}/acknowledge', { params: at(id), body: { version } }),
      confirm: '接收后将向提议人发送受理反馈，并开始“两委”联席会议研判的期限。',
    },
  ],
  project: [
    {
      action: 'startImplementation',
      send: (id, version) => http.POST('/api/projects/{id}/implementation/start', { params: at(id), body: { version } }),
      confirm: '公示期满且异议均已答复后方可开始实施。',
    },
    {
      action: 'completeImplementation',
      send: (id, version) => http.POST('/api/projects/{id}/implementation/complete', { params: at(id), body: { version } }),
      confirm: '完成实施后须在5个工作日内填报结项表。',
    },
    {
      action: 'closeProject',
      send: (id, version) => http.POST('/api/projects/{id}/close', { params: at(id), body: { version } }),
      confirm: '办结后将在原公示平台公示结果并反馈提议人。',
    },
  ],
};

/** Whether the lifecycle's table allows `action` in `status` to `role`, and the user's role holds it. */
function allowed(kind: CaseKind, action: Action, status: string, role: string, can: (a: Action) => boolean): boolean {
  const table: readonly { readonly from: string | null; readonly action: string; readonly roles: readonly string[] }[] = kind === 'demand' ? DEMAND_TRANSITIONS : PROJECT_TRANSITIONS;
  return can(action) && table.some((t) => t.action === action && t.from === status && t.roles.includes(role));
}

const deadlineColumns: TableColumnsType<CaseDeadline> = [
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
    width: 190,
    render: (_v, d) => (
      <Space size={4} wrap>
        <span>{formatDateTime(d.due).slice(0, 16)}</span>
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

/** The timeline sentence without the action's label it starts with (the label is shown in bold above it). */
function whatChanged(e: CaseTimeline['events'][number]): string {
  if (e.summary === e.actionLabel) return '';
  const prefix = `${e.actionLabel}：`;
  return e.summary.startsWith(prefix) ? e.summary.slice(prefix.length) : e.summary;
}

function History({ timeline }: { readonly timeline: CaseTimeline }) {
  const items = [
    ...timeline.events.map((e) => ({
      at: e.at,
      color: e.outcome === 'success' ? 'blue' : 'red',
      content: (
        <>
          <Typography.Text strong>{e.actionLabel}</Typography.Text>
          {e.outcome === 'success' ? null : <Tag color="red" style={{ marginInlineStart: 8 }}>{e.outcome === 'denied' ? '被拒绝' : '未成功'}</Tag>}
          <div>
            <Typography.Text type="secondary">
              {formatDateTime(e.at)} · {orNone(e.actor)}
            </Typography.Text>
          </div>
          {whatChanged(e) === '' ? null : <Typography.Paragraph style={{ marginBottom: 0 }}>{whatChanged(e)}</Typography.Paragraph>}
        </>
      ),
    })),
    ...timeline.feedbacks.map((f) => ({
      at: f.createdAt,
      color: 'green',
      content: (
        <>
          <Typography.Text strong>
            反馈：{KINDS[f.kind] ?? f.kind}（{CHANNELS[f.channel] ?? f.channel}）
          </Typography.Text>
          <Tag color={DELIVERY[f.status]?.color ?? 'default'} style={{ marginInlineStart: 8 }}>
            {DELIVERY[f.status]?.label ?? f.status}
          </Tag>
          <div>
            <Typography.Text type="secondary">{formatDateTime(f.createdAt)}</Typography.Text>
          </div>
          <Typography.Paragraph style={{ marginBottom: 0 }}>{f.body}</Typography.Paragraph>
        </>
      ),
    })),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  if (items.length === 0) return <Empty description="暂无记录" />;
  return <Timeline items={items.map((i) => ({ color: i.color, content: i.content }))} />;
}

export function CaseDrawer({
  kind,
  item,
  onClose,
  onChanged,
}: {
  readonly kind: CaseKind;
  readonly item: CaseListItem | null;
  readonly onClose: () => void;
  /** After an action, done or refused: the list reloads. */
  readonly onChanged: () => void;
}) {
  const id = item?.id ?? 0;
  const { can } = useSession();
  const user = useUser();
  const { message } = App.useApp();
  const view = useRequest(() => api.cases.view(kind, id), [kind, id], item !== null);
  const timeline = useRequest(() => api.cases.timeline(kind, id), [kind, id], item !== null);
  const [acting, setActing] = useState<Action | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const facts = view.data === undefined ? null : caseFacts(view.data);
  const overdue = view.data?.deadlines.filter((d) => d.status === 'overdue') ?? [];
  const loaded = view.data;
  const status = loaded?.status ?? '';
  const actions = view.data === undefined ? [] : SIMPLE_ACTIONS[kind].filter((a) => allowed(kind, a.action, status, user.role, can));
  const formActions = view.data === undefined ? [] : FORM_ACTIONS[kind].filter((a) => allowed(kind, a.action, status, user.role, can));
  const project = projectOf(loaded);
  const stepActions = project !== null ? STEP_ACTIONS.filter((a) => allowed(kind, a.action, status, user.role, can)) : [];
  const mayTriage = view.data !== undefined && kind === 'demand' && allowed(kind, 'triageDemand', status, user.role, can);
  const mayAnswer = kind === 'project' && allowed(kind, 'answerObjection', status, user.role, can);
  const showObjections = loaded !== undefined && kind === 'project' && (objectionsOf(loaded).length > 0 || status === 'inPublicity');
  const mayDecideClaim = kind === 'project' && allowed(kind, 'decideClaim', status, user.role, can);
  const showClaims = loaded !== undefined && kind === 'project' && claimsOf(loaded).length > 0;
  /** After any action, done or refused: the case is shown as it now is (after a conflict, as the other clerk left it). */
  const afterAction = (error: ApiError | null, label: string) => {
    if (error === null) void message.success(`已${label}`);
    setActionError(error);
    view.reload();
    timeline.reload();
    onChanged();
  };

  const act = async (a: SimpleAction) => {
    if (view.data === undefined) return;
    setActing(a.action);
    setActionError(null);
    const error = await a.send(id, view.data.version).then(
      () => null,
      (err: unknown) => toApiError(err),
    );
    setActing(null);
    afterAction(error, ACTIONS[a.action] ?? a.action);
  };

  return (
    <Drawer open={item !== null} onClose={onClose} size="large" title={item === null ? CASE_NOUN[kind] : `${CASE_NOUN[kind]} ${item.number}`} destroyOnHidden>
      {item === null ? null : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <ErrorAlert error={view.error ?? timeline.error} />
          <ErrorAlert error={actionError} />
          {actions.length + formActions.length + stepActions.length > 0 || mayTriage ? (
            <Space wrap>
              {loaded !== undefined && mayTriage ? (
                <TriageDialog label={ACTIONS.triageDemand ?? '研判'} view={loaded} disabled={acting !== null} onDone={(error) => afterAction(error, ACTIONS.triageDemand ?? '研判')} />
              ) : null}
              {actions.map((a) => (
                <Popconfirm
                  key={a.action}
                  title={`确认「${ACTIONS[a.action] ?? a.action}」？`}
                  description={<div style={{ maxWidth: 320 }}>{a.confirm}</div>}
                  okText="确认"
                  cancelText="取消"
                  onConfirm={() => {
                    void act(a);
                  }}
                >
                  <Button type="primary" loading={acting === a.action} disabled={acting !== null && acting !== a.action}>
                    {ACTIONS[a.action] ?? a.action}
                  </Button>
                </Popconfirm>
              ))}
              {loaded !== undefined
                ? formActions.map((a) => (
                    <FormActionButton
                      key={a.action}
                      spec={a}
                      label={ACTIONS[a.action] ?? a.action}
                      view={loaded}
                      disabled={acting !== null}
                      onDone={(error) => afterAction(error, ACTIONS[a.action] ?? a.action)}
                    />
                  ))
                : null}
              {project !== null
                ? stepActions.map(({ action, Form }) => (
                    <Form key={action} view={project} label={ACTIONS[action] ?? action} disabled={acting !== null} onDone={(error) => afterAction(error, ACTIONS[action] ?? action)} />
                  ))
                : null}
            </Space>
          ) : null}
          {overdue.length > 0 ? <Alert type="error" showIcon title={`已逾期：${overdue.map((d) => d.label).join('、')}`} /> : null}
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: 'title', label: '名称', children: item.title },
              {
                key: 'status',
                label: '状态',
                children: (
                  <Space size={4} wrap>
                    <Tag color="blue">{view.data?.statusLabel ?? item.statusLabel}</Tag>
                    {(view.data?.flags ?? item.flags).map((f) => (
                      <Tag key={f.flag} color="warning">
                        {f.label}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
              { key: 'community', label: '村（社区）', children: facts?.communityName ?? item.communityName },
              ...(kind === 'demand'
                ? [
                    { key: 'description', label: '诉求内容', children: orNone(facts?.description) },
                    { key: 'location', label: '地点', children: orNone(facts?.location) },
                  ]
                : [{ key: 'budget', label: '预算', children: formatYuan(item.budgetFen) }]),
              { key: 'created', label: '登记时间', children: formatDateTime(item.createdAt) },
            ]}
          />
          {showClaims && loaded !== undefined ? (
            <div>
              <Typography.Title level={5}>莞家直达认领</Typography.Title>
              <Claims view={loaded} mayDecide={mayDecideClaim} onDone={(error) => afterAction(error, '确认认领')} />
            </div>
          ) : null}
          {showObjections && loaded !== undefined ? (
            <div>
              <Typography.Title level={5}>公示异议</Typography.Title>
              <Objections view={loaded} mayAnswer={mayAnswer} onDone={(error) => afterAction(error, '答复异议')} />
            </div>
          ) : null}
          <div>
            <Typography.Title level={5}>办理期限</Typography.Title>
            <Table<CaseDeadline>
              rowKey={(d) => `${d.step}-${d.startedAt}`}
              size="small"
              pagination={false}
              loading={view.loading}
              columns={deadlineColumns}
              dataSource={view.data ? [...view.data.deadlines] : []}
              locale={{ emptyText: '暂无期限' }}
            />
          </div>
          <div>
            <Typography.Title level={5}>办理记录与反馈</Typography.Title>
            {timeline.data !== undefined ? <History timeline={timeline.data} /> : null}
          </div>
        </Space>
      )}
    </Drawer>
  );
}
