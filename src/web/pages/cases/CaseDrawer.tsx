/**
 * One case opened from its list, in a drawer beside it: what it is and where it stands, the actions its user may
 * take now (CaseActions.tsx), objections and claims, every step's deadline with its status, and its history. The
 * whole case — its forms as the official ones lay them out, attachments, survey — is on its own page, linked from
 * the drawer's title. Personal data comes masked by the server for roles that may not see it (R0.8).
 */
import { ExportOutlined } from '@ant-design/icons';
import { Alert, Descriptions, Drawer, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import type { CaseListItem } from '../../api/models.js';
import { useRequest } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatDateTime, orNone } from '../../format.js';
import { CaseActions, useActionOutcome, useAllowed } from './CaseActions.js';
import { CaseDeadlines } from './CaseDeadlines.js';
import { CaseHistory } from './CaseHistory.js';
import { CASE_NOUN, casePath, formatYuan, type CaseKind } from './case-format.js';
import { caseFacts, claimsOf, objectionsOf } from './case-state.js';
import { Claims } from './Claims.js';
import { Objections } from './Objections.js';

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
  const view = useRequest(() => api.cases.view(kind, id), [kind, id], item !== null);
  const timeline = useRequest(() => api.cases.timeline(kind, id), [kind, id], item !== null);
  const loaded = view.data;
  const status = loaded?.status ?? '';
  const may = useAllowed(kind, status);
  const outcome = useActionOutcome(() => {
    view.reload();
    timeline.reload();
    onChanged();
  });
  const facts = loaded === undefined ? null : caseFacts(loaded);
  const overdue = loaded?.deadlines.filter((d) => d.status === 'overdue') ?? [];
  const showObjections = loaded !== undefined && kind === 'project' && (objectionsOf(loaded).length > 0 || status === 'inPublicity');
  const showClaims = loaded !== undefined && kind === 'project' && claimsOf(loaded).length > 0;

  return (
    <Drawer
      open={item !== null}
      onClose={onClose}
      size="large"
      title={item === null ? CASE_NOUN[kind] : `${CASE_NOUN[kind]} ${item.number}`}
      extra={
        item === null ? null : (
          <Link to={casePath(kind, item.id)}>
            <ExportOutlined /> 打开完整页面
          </Link>
        )
      }
      destroyOnHidden
    >
      {item === null ? null : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <ErrorAlert error={view.error ?? timeline.error} />
          <ErrorAlert error={outcome.error} />
          {loaded !== undefined ? <CaseActions kind={kind} view={loaded} onDone={outcome.done} /> : null}
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
                    <Tag color="blue">{loaded?.statusLabel ?? item.statusLabel}</Tag>
                    {(loaded?.flags ?? item.flags).map((f) => (
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
              <Claims view={loaded} mayDecide={may('decideClaim')} onDone={(error) => outcome.done(error, '确认认领')} />
            </div>
          ) : null}
          {showObjections && loaded !== undefined ? (
            <div>
              <Typography.Title level={5}>公示异议</Typography.Title>
              <Objections view={loaded} mayAnswer={may('answerObjection')} onDone={(error) => outcome.done(error, '答复异议')} />
            </div>
          ) : null}
          <div>
            <Typography.Title level={5}>办理期限</Typography.Title>
            <CaseDeadlines deadlines={loaded?.deadlines ?? []} loading={view.loading} />
          </div>
          <div>
            <Typography.Title level={5}>办理记录与反馈</Typography.Title>
            {timeline.data !== undefined ? <CaseHistory timeline={timeline.data} /> : null}
          </div>
        </Space>
      )}
    </Drawer>
  );
}
