/**
 * 待我会审 (R4.1, R4.2), for department reviewers: the projects the town has sent to the user's department for an
 * opinion and not yet answered by it, with the review deadline; a second tab with the opinions it gave. A project
 * opens beside the opinion form (`?project=<id>`), so a reload or a link keeps it open.
 */
import { Button, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useSearchParams } from 'react-router';
import { http } from '../../api/client.js';
import type { CaseListItem, ProjectView } from '../../api/models.js';
import { useRequest } from '../../api/useRequest.js';
import { useUser } from '../../auth/session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Page } from '../../components/Page.js';
import { formatDateTime, NONE } from '../../format.js';
import { ReviewWorkspace } from './ReviewWorkspace.js';
import { deadlineTag, lastDay, wan } from './review-format.js';
import { currentRound, opinionsOf, reviewDeadline } from './review-state.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';

const PAGE_SIZE = 20;
type Tab = 'awaiting' | 'given';

interface Row {
  readonly item: CaseListItem;
  readonly project: ProjectView;
}

/** One page of the inbox with each project's detail (its round, its deadline, the department's opinions). */
async function loadPage(tab: Tab, page: number): Promise<{ total: number; rows: Row[] }> {
  const list = await http.GET('/api/projects', { params: { query: { myOpinion: tab, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } } });
  const projects = await Promise.all(list.items.map((item) => http.GET('/api/projects/{id}', { params: { path: { id: item.id } } })));
  return { total: list.total, rows: list.items.flatMap((item, i) => (projects[i] !== undefined ? [{ item, project: projects[i] }] : [])) };
}

function Inbox({ tab, page, onPage, onOpen }: { readonly tab: Tab; readonly page: number; readonly onPage: (page: number) => void; readonly onOpen: (id: number) => void }) {
  const user = useUser();
  const data = useRequest(() => loadPage(tab, page), [tab, page]);
  const common: TableColumnsType<Row> = [
    { title: '项目编号', key: 'code', width: 150, render: (_v, r) => r.item.number },
    {
      title: '项目名称',
      key: 'title',
      render: (_v, r) => (
        <Space size={4} wrap>
          <Typography.Link onClick={() => onOpen(r.item.id)}>{r.project.state.registration?.basics.projectName ?? r.item.title}</Typography.Link>
          {r.item.flags.map((f) => (
            <Tag key={f.flag} color="red">
              {f.label}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: '村（社区）', key: 'community', width: 120, render: (_v, r) => r.item.communityName },
    { title: '项目预算', key: 'budget', width: 110, align: 'right', render: (_v, r) => wan(r.item.budgetFen) },
  ];
  const awaitingColumns: TableColumnsType<Row> = [
    ...common,
    { title: '提交审核时间', key: 'submitted', width: 150, render: (_v, r) => formatDateTime(currentRound(r.project.state)?.submittedAt).slice(0, 16) },
    {
      title: '审核期限',
      key: 'deadline',
      width: 190,
      render: (_v, r) => {
        const d = reviewDeadline(r.project);
        if (d === undefined) return NONE;
        const tag = deadlineTag(d);
        return (
          <Space size={4} wrap>
            <span>{lastDay(d)}</span>
            {tag !== null ? <Tag color={tag.color}>{tag.text}</Tag> : null}
            {d.provisional ? <Tag>临时计算</Tag> : null}
          </Space>
        );
      },
    },
    {
      title: '操作',
      key: 'open',
      width: 100,
      render: (_v, r) => (
        <Button type="primary" size="small" onClick={() => onOpen(r.item.id)}>
          填写意见
        </Button>
      ),
    },
  ];
  const givenColumns: TableColumnsType<Row> = [
    ...common,
    {
      title: '本部门意见',
      key: 'opinion',
      width: 280,
      ellipsis: true,
      render: (_v, r) => {
        const latest = opinionsOf(r.project.state, user.unit.id)[0];
        return latest === undefined ? NONE : <span title={latest.opinion.opinion}>{latest.opinion.opinion}</span>;
      },
    },
    { title: '填报时间', key: 'recordedAt', width: 150, render: (_v, r) => formatDateTime(opinionsOf(r.project.state, user.unit.id)[0]?.opinion.recordedAt).slice(0, 16) },
    { title: '项目现状', key: 'status', width: 130, render: (_v, r) => <Tag>{r.item.statusLabel}</Tag> },
    {
      title: '操作',
      key: 'open',
      width: 80,
      render: (_v, r) => (
        <Button size="small" onClick={() => onOpen(r.item.id)}>
          查看
        </Button>
      ),
    },
  ];
  return (
    <>
      <ErrorAlert error={data.error} onRetry={data.reload} />
      <ScrollRegion label="会审项目列表">
        <Table<Row>
          rowKey={(r) => r.item.id}
          size="middle"
          loading={data.loading}
          columns={tab === 'awaiting' ? awaitingColumns : givenColumns}
          dataSource={data.data?.rows ?? []}
          locale={{ emptyText: tab === 'awaiting' ? '暂无需要本部门填写意见的项目' : '本部门尚未填写过审核意见' }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: data.data?.total ?? 0, onChange: onPage, showTotal: (n) => `共 ${n} 个项目`, hideOnSinglePage: false }}
        />
      </ScrollRegion>
    </>
  );
}

export default function ReviewsPage() {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const opened = Number(params.get('project'));
  const tab: Tab = params.get('tab') === 'given' ? 'given' : 'awaiting';
  const page = Math.max(1, Number(params.get('page')) || 1);

  if (Number.isSafeInteger(opened) && opened > 0) {
    return <ReviewWorkspace projectId={opened} onBack={() => setParams(tab === 'given' ? { tab } : {})} />;
  }
  const open = (id: number) => setParams({ ...(tab === 'given' ? { tab } : {}), project: String(id) });
  return (
    <Page title="待我会审">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        街道（镇）把登记备案表送{user.unit.name}会审后，项目出现在这里。请在街道审核期限前，对照登记备案表逐项给出结论和意见；各会审部门都提交后，街道作出审核决定。
      </Typography.Paragraph>
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'given' ? { tab: 'given' } : {})}
        items={[
          { key: 'awaiting', label: '待填写意见', children: tab === 'awaiting' ? <Inbox tab="awaiting" page={page} onPage={(p) => setParams({ page: String(p) })} onOpen={open} /> : null },
          { key: 'given', label: '已填写的意见', children: tab === 'given' ? <Inbox tab="given" page={page} onPage={(p) => setParams({ tab: 'given', page: String(p) })} onOpen={open} /> : null },
        ]}
      />
    </Page>
  );
}
