/**
 * 诉求 and 项目: the cases within the signed-in user's jurisdiction, newest first, filtered by status, keyword
 * and (projects) flag, with the next deadline of each and 已逾期 in red. A row opens the case in a drawer.
 * 导出 Excel downloads every case of the current filter (GET /api/demands/export, /api/projects/export).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import type { CaseListItem, CaseQuery } from '../../api/models.js';
import { useRequest } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Page } from '../../components/Page.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { formatDateTime, NONE } from '../../format.js';
import { PROJECT_FLAG_LABELS, PROJECT_FLAGS } from '../../../domain/lifecycle/events.js';
import { DEMAND_STATUS_LABELS, DEMAND_STATUSES, PROJECT_STATUS_LABELS, PROJECT_STATUSES } from '../../../domain/lifecycle/statuses.js';
import { CaseDrawer } from './CaseDrawer.js';
import { CASE_NOUN, formatYuan, type CaseKind } from './case-format.js';

const PAGE_SIZE = 20;

const STATUS_OPTIONS: Readonly<Record<CaseKind, { value: string; label: string }[]>> = {
  demand: DEMAND_STATUSES.map((s) => ({ value: s, label: DEMAND_STATUS_LABELS[s] })),
  project: PROJECT_STATUSES.map((s) => ({ value: s, label: PROJECT_STATUS_LABELS[s] })),
};

const FLAG_OPTIONS = PROJECT_FLAGS.map((f) => ({ value: f, label: PROJECT_FLAG_LABELS[f] }));

interface Filters {
  readonly status?: string;
  readonly keyword?: string;
  readonly flag?: string;
}

function filtersOf(params: URLSearchParams): Filters {
  const status = params.get('status');
  const keyword = params.get('keyword');
  const flag = params.get('flag');
  return { ...(status !== null ? { status } : {}), ...(keyword !== null ? { keyword } : {}), ...(flag !== null ? { flag } : {}) };
}

type Flag = NonNullable<CaseQuery['flag']>[number];
const FLAGS: readonly string[] = PROJECT_FLAGS;
type Status = NonNullable<CaseQuery['status']>[number];
const STATUSES: readonly string[] = [...DEMAND_STATUSES, ...PROJECT_STATUSES];
const isStatus = (status: string | undefined): status is Status => status !== undefined && STATUSES.includes(status);
const isFlag = (flag: string | undefined): flag is Flag => flag !== undefined && FLAGS.includes(flag);

/** The list's query from the filters in the address; a flag the lists do not know is left out. */
function queryOf(filters: Filters, page: number): CaseQuery {
  return {
    ...(isStatus(filters.status) ? { status: [filters.status] } : {}),
    ...(filters.keyword !== undefined ? { keyword: filters.keyword } : {}),
    ...(isFlag(filters.flag) ? { flag: [filters.flag] } : {}),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
}

const EXPORT_PATHS: Readonly<Record<CaseKind, string>> = { demand: '/api/demands/export', project: '/api/projects/export' };

/** The export's address: the list's query without its paging, written as the list's client writes it. */
function exportUrl(kind: CaseKind, query: CaseQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key === 'limit' || key === 'offset' || (key === 'flag' && kind === 'demand')) continue;
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (typeof item === 'string' ? item !== '' : typeof item === 'number' || typeof item === 'boolean') params.append(key, String(item));
    }
  }
  const search = params.toString();
  return search === '' ? EXPORT_PATHS[kind] : `${EXPORT_PATHS[kind]}?${search}`;
}

/** The file name the server gives (RFC 5987 `filename*`), else `fallback`. */
function filenameOf(disposition: string | null, fallback: string): string {
  const encoded = disposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded === undefined) return fallback;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return fallback;
  }
}

/** Fetches the export with the session cookie and saves it; a refusal is thrown with the server's Chinese message. */
async function downloadExport(url: string, fallback: string): Promise<void> {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `导出失败（${response.status}）`);
  }
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = filenameOf(response.headers.get('content-disposition'), fallback);
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export function CaseListPage({ kind }: { readonly kind: CaseKind }) {
  const noun = CASE_NOUN[kind];
  // Filters live in the address, so 工作台's counts open a filtered list and a refresh keeps it.
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<CaseListItem | null>(null);
  const query = queryOf(filters, page);
  const list = useRequest(() => api.cases.list(kind, query), [kind, JSON.stringify(query)]);
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);

  const exportList = () => {
    setExporting(true);
    void downloadExport(exportUrl(kind, query), `${noun}清单.xlsx`)
      .catch((error: unknown) => void message.error(error instanceof Error ? error.message : '导出失败'))
      .finally(() => setExporting(false));
  };

  const search = (values: Filters) => {
    const next = new URLSearchParams();
    if (values.status !== undefined) next.set('status', values.status);
    if (values.keyword !== undefined && values.keyword.trim() !== '') next.set('keyword', values.keyword.trim());
    if (values.flag !== undefined) next.set('flag', values.flag);
    setParams(next);
    setPage(1);
  };

  const columns: TableColumnsType<CaseListItem> = [
    {
      title: `${noun}编号`,
      dataIndex: 'number',
      width: 160,
      render: (n: string, r) => (
        <Typography.Link onClick={() => setOpen(r)} aria-label={`查看${noun} ${n}`}>
          {n}
        </Typography.Link>
      ),
    },
    { title: '名称', dataIndex: 'title', minWidth: 200, ellipsis: { showTitle: true } },
    { title: '村（社区）', dataIndex: 'communityName', width: 110 },
    {
      title: '状态',
      key: 'status',
      width: 170,
      render: (_v, r) => (
        <Space size={4} wrap>
          <Tag color="blue">{r.statusLabel}</Tag>
          {r.flags.map((f) => (
            <Tag key={f.flag} color="warning">
              {f.label}
            </Tag>
          ))}
        </Space>
      ),
    },
    ...(kind === 'project' ? [{ title: '预算', dataIndex: 'budgetFen', width: 120, align: 'right' as const, render: (fen: number | null) => formatYuan(fen) }] : []),
    {
      title: '当前期限',
      key: 'deadline',
      width: 210,
      render: (_v, r) => {
        const d = r.nextDeadline;
        if (d === null) return NONE;
        return (
          <Space size={4} wrap>
            <span>{d.label}</span>
            <Tooltip title={d.provisional ? '跨入尚未录入节假日安排的年份，按临时规则计算' : undefined}>
              <span>{formatDateTime(d.due).slice(0, 16)}</span>
            </Tooltip>
            {d.overdue ? <Tag color="red">已逾期</Tag> : null}
            {d.provisional ? <Tag>临时计算</Tag> : null}
          </Space>
        );
      },
    },
    { title: '最近更新', dataIndex: 'updatedAt', width: 160, render: (t: string) => formatDateTime(t) },
  ];

  return (
    <Page title={noun}>
      <Card>
        <Form<Filters> key={params.toString()} name={`${kind}-filters`} layout="inline" initialValues={filters} onFinish={search} style={{ rowGap: 12 }}>
          <Form.Item label="状态" name="status">
            <Select allowClear placeholder="全部" style={{ width: 200 }} options={STATUS_OPTIONS[kind]} />
          </Form.Item>
          {kind === 'project' ? (
            <Form.Item label="标记" name="flag">
              <Select allowClear placeholder="全部" style={{ width: 200 }} options={FLAG_OPTIONS} />
            </Form.Item>
          ) : null}
          <Form.Item label="关键词" name="keyword">
            <Input allowClear placeholder={`${noun}编号或名称`} maxLength={50} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                查询
              </Button>
              <Button htmlType="reset" onClick={() => search({})}>
                重置
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card
        title={list.data !== undefined ? `共 ${list.data.total} 件${noun}` : noun}
        extra={
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportList} title={`导出当前筛选条件下的全部${noun}`}>
            导出 Excel
          </Button>
        }
      >
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <ScrollRegion label={`${noun}列表`}>
          <Table<CaseListItem>
            rowKey="id"
            size="middle"
            loading={list.loading}
            columns={columns}
            dataSource={list.data?.items ? [...list.data.items] : []}
            scroll={{ x: kind === 'project' ? 1130 : 1010 }}
            locale={{ emptyText: `没有符合条件的${noun}` }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => `共 ${total} 件`,
              onChange: setPage,
            }}
          />
        </ScrollRegion>
      </Card>
      <CaseDrawer kind={kind} item={open} onClose={() => setOpen(null)} onChanged={list.reload} />
    </Page>
  );
}
