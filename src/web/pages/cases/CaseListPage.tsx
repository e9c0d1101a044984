/**
 * 诉求 and 项目: the cases within the signed-in user's jurisdiction as a clerk with hundreds of them needs them — a
 * filter bar (keyword, status, 村（社区）, overdue only; behind 更多筛选 the rarer ones: channel or category, handling
 * mode and flag, year, entry dates), columns sorted by the server (number, entry time, next deadline, budget),
 * pages served by the server, and all of it in the address (reload, back and forward, a shared link). Each row shows
 * the next deadline and 已逾期 in red and opens the case in a drawer. 导出 Excel downloads every case of the current
 * filter in the list's order (GET /api/demands/export, /api/projects/export). A page may add its own actions and
 * row selection (the 诉求 page: 录入诉求, 合并诉求).
 */
import { DownOutlined, DownloadOutlined, UpOutlined } from '@ant-design/icons';
import { App, Button, Card, Cascader, Checkbox, DatePicker, Form, Input, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType, type TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { api, http } from '../../api/client.js';
import type { CaseList, CaseListItem, UnitView } from '../../api/models.js';
import { useRequest } from '../../api/useRequest.js';
import { useUser } from '../../auth/session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Page } from '../../components/Page.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { formatDateTime, NONE } from '../../format.js';
import { CATEGORIES, CATEGORY_LABELS, CHANNEL_INFO, CHANNELS, HANDLING_MODE_LABELS, HANDLING_MODES, type Category, type Channel, type HandlingMode } from '../../../domain/categories.js';
import { PROJECT_FLAG_LABELS, PROJECT_FLAGS, type ProjectFlag } from '../../../domain/lifecycle/events.js';
import { DEMAND_STATUS_LABELS, DEMAND_STATUSES, PROJECT_STATUS_LABELS, PROJECT_STATUSES } from '../../../domain/lifecycle/statuses.js';
import { downloadFile } from '../../download.js';
import { CaseDrawer } from './CaseDrawer.js';
import { CASE_NOUN, formatYuan, type CaseKind } from './case-format.js';
import {
  demandQuery,
  EMPTY_LIST_STATE,
  exportSearch,
  moreFilterCount,
  projectQuery,
  readListState,
  sortFromTable,
  tableSortOrder,
  writeListState,
  type ListState,
  type SortKey,
} from './case-list-query.js';

const PAGE_SIZE = 20;

const STATUS_OPTIONS: Readonly<Record<CaseKind, { value: string; label: string }[]>> = {
  demand: DEMAND_STATUSES.map((s) => ({ value: s, label: DEMAND_STATUS_LABELS[s] })),
  project: PROJECT_STATUSES.map((s) => ({ value: s, label: PROJECT_STATUS_LABELS[s] })),
};

const GROUP_LABELS = { online: '日常征集 · 线上', offline: '日常征集 · 线下', centralized: '集中征集' } as const;
const CHANNEL_OPTIONS = (['online', 'offline', 'centralized'] as const).map((group) => ({
  label: GROUP_LABELS[group],
  options: CHANNELS.filter((c) => CHANNEL_INFO[c].group === group).map((c) => ({ value: c, label: CHANNEL_INFO[c].label })),
}));
const CATEGORY_OPTIONS = CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }));
const MODE_OPTIONS = HANDLING_MODES.map((m) => ({ value: m, label: HANDLING_MODE_LABELS[m] }));
const FLAG_OPTIONS = PROJECT_FLAGS.map((f) => ({ value: f, label: PROJECT_FLAG_LABELS[f] }));

/** 年度: this year and the five before it, and a year the address names. */
function yearOptions(selected: number | undefined): { value: number; label: string }[] {
  const now = dayjs().year();
  const years = new Set<number>([...Array.from({ length: 6 }, (_v, i) => now - i), ...(selected !== undefined ? [selected] : [])]);
  return [...years].sort((a, b) => b - a).map((y) => ({ value: y, label: `${y}年` }));
}

interface FilterValues {
  readonly keyword?: string;
  readonly status?: string[];
  readonly townId?: number;
  readonly communityId?: number;
  /** City-wide readers: 属地, a town or a community of it, in one control ([townId] or [townId, communityId]). */
  readonly place?: number[];
  readonly overdue?: boolean;
  readonly channel?: Channel[];
  readonly category?: Category;
  readonly handlingMode?: HandlingMode[];
  readonly flag?: ProjectFlag[];
  readonly year?: number;
  readonly created?: [Dayjs | null, Dayjs | null] | null;
}

function valuesOf(s: ListState, communities: readonly UnitView[]): FilterValues {
  const town = s.townId ?? communities.find((c) => c.id === s.communityId)?.townId ?? undefined;
  return {
    ...(s.keyword !== undefined ? { keyword: s.keyword } : {}),
    status: [...s.status],
    ...(s.townId !== undefined ? { townId: s.townId } : {}),
    ...(s.communityId !== undefined ? { communityId: s.communityId } : {}),
    ...(town !== undefined && town !== null ? { place: s.communityId !== undefined ? [town, s.communityId] : [town] } : {}),
    overdue: s.overdue,
    channel: [...s.channel],
    ...(s.category !== undefined ? { category: s.category } : {}),
    handlingMode: [...s.handlingMode],
    flag: [...s.flag],
    ...(s.year !== undefined ? { year: s.year } : {}),
    created: s.createdFrom !== undefined || s.createdTo !== undefined ? [s.createdFrom !== undefined ? dayjs(s.createdFrom) : null, s.createdTo !== undefined ? dayjs(s.createdTo) : null] : null,
  };
}

/** The form's values as the list's state, keeping its order; a new filter starts on page 1. */
function stateOf(v: FilterValues, previous: ListState): ListState {
  const keyword = v.keyword?.trim();
  const [from, to] = v.created ?? [null, null];
  return {
    ...EMPTY_LIST_STATE,
    status: v.status ?? [],
    ...(keyword !== undefined && keyword !== '' ? { keyword } : {}),
    ...(v.place !== undefined
      ? { ...(v.place[0] !== undefined ? { townId: v.place[0] } : {}), ...(v.place[1] !== undefined ? { communityId: v.place[1] } : {}) }
      : { ...(v.townId !== undefined ? { townId: v.townId } : {}), ...(v.communityId !== undefined ? { communityId: v.communityId } : {}) }),
    overdue: v.overdue === true,
    channel: v.channel ?? [],
    ...(v.category !== undefined ? { category: v.category } : {}),
    handlingMode: v.handlingMode ?? [],
    flag: v.flag ?? [],
    ...(v.year !== undefined ? { year: v.year } : {}),
    ...(from !== null ? { createdFrom: from.format('YYYY-MM-DD') } : {}),
    ...(to !== null ? { createdTo: to.format('YYYY-MM-DD') } : {}),
    ...(previous.sort !== undefined ? { sort: previous.sort } : {}),
    ...(previous.order !== undefined ? { order: previous.order } : {}),
    page: 1,
  };
}

const EXPORT_PATHS: Readonly<Record<CaseKind, string>> = { demand: '/api/demands/export', project: '/api/projects/export' };

function loadList(kind: CaseKind, s: ListState): Promise<CaseList> {
  return kind === 'demand'
    ? http.GET('/api/demands', { params: { query: demandQuery(s, PAGE_SIZE) } })
    : http.GET('/api/projects', { params: { query: projectQuery(s, PAGE_SIZE) } });
}

/** The towns and communities of the user's jurisdiction, for the filter (a community clerk has only their own). */
function useUnits(): { towns: UnitView[]; communities: UnitView[] } {
  const units = useRequest(() => api.units.list(), []);
  return useMemo(() => {
    const items = units.data?.items ?? [];
    return { towns: items.filter((u) => u.kind === 'town'), communities: items.filter((u) => u.kind === 'community') };
  }, [units.data]);
}

/** What a page's own actions get: the rows shown and selected, and ways to reload, clear the selection, open a case. */
export interface ListActions {
  readonly items: readonly CaseListItem[];
  readonly selected: readonly CaseListItem[];
  readonly reload: () => void;
  readonly clearSelection: () => void;
  readonly open: (item: CaseListItem) => void;
}

export function CaseListPage({
  kind,
  actions,
  selectable = null,
}: {
  readonly kind: CaseKind;
  /** Buttons beside 导出 Excel. */
  readonly actions?: (list: ListActions) => ReactNode;
  /** Rows can be ticked (the 诉求 page's 合并诉求): those `selectable` allows, the others greyed out. */
  readonly selectable?: ((item: CaseListItem) => boolean) | null;
}) {
  const noun = CASE_NOUN[kind];
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const state = readListState(kind, params);
  const search = writeListState(kind, state).toString();
  const go = (next: ListState) => setParams(writeListState(kind, next));
  const [more, setMore] = useState(moreFilterCount(kind, state) > 0);
  const [open, setOpen] = useState<CaseListItem | null>(null);
  const [selected, setSelected] = useState<ReadonlyMap<number, CaseListItem>>(new Map());
  const list = useRequest(() => loadList(kind, state), [kind, search]);
  const { towns, communities } = useUnits();
  const { message } = App.useApp();
  const [exporting, setExporting] = useState(false);
  const [form] = Form.useForm<FilterValues>();

  const cityWide = user.unit.kind === 'city' || user.unit.kind === 'bureau';
  const showCommunity = user.unit.kind !== 'community' && communities.length > 0;
  const communityOptions = communities.map((c) => ({ value: c.id, label: c.name }));
  const placeOptions = useMemo(
    () => towns.map((t) => ({ value: t.id, label: t.name, children: communities.filter((c) => c.townId === t.id).map((c) => ({ value: c.id, label: c.name })) })),
    [towns, communities],
  );

  const exportList = () => {
    setExporting(true);
    const query = exportSearch(kind, state);
    void downloadFile(query === '' ? EXPORT_PATHS[kind] : `${EXPORT_PATHS[kind]}?${query}`, `${noun}清单.xlsx`)
      .catch((error: unknown) => void message.error(error instanceof Error ? error.message : '导出失败'))
      .finally(() => setExporting(false));
  };

  const onTableChange: TableProps<CaseListItem>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const one = Array.isArray(sorter) ? sorter[0] : sorter;
      const order = sortFromTable(one?.columnKey, one?.order);
      const { sort: _s, order: _o, ...rest } = state;
      go({ ...rest, ...order, page: 1 });
      return;
    }
    if (extra.action === 'paginate') go({ ...state, page: pagination.current ?? 1 });
  };

  const sortable = (key: SortKey) => ({ key, sorter: true, sortOrder: tableSortOrder(state, key), showSorterTooltip: { title: '点击排序' } });

  const columns: TableColumnsType<CaseListItem> = [
    {
      title: `${noun}编号`,
      dataIndex: 'number',
      width: 150,
      ...sortable('number'),
      render: (n: string, r) => (
        <Typography.Link onClick={() => setOpen(r)} aria-label={`查看${noun} ${n}`}>
          {n}
        </Typography.Link>
      ),
    },
    { title: '名称', dataIndex: 'title', minWidth: 180, ellipsis: { showTitle: true } },
    { title: '村（社区）', dataIndex: 'communityName', width: 100 },
    {
      title: '状态',
      key: 'status',
      width: 150,
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
    ...(kind === 'project'
      ? [{ title: '预算', dataIndex: 'budgetFen', width: 120, align: 'right' as const, ...sortable('budget'), render: (fen: number | null) => formatYuan(fen) }]
      : []),
    {
      title: '当前期限',
      width: 190,
      ...sortable('nextDeadline'),
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
    { title: kind === 'demand' ? '录入时间' : '立项时间', dataIndex: 'createdAt', width: 150, ...sortable('createdAt'), render: (t: string) => formatDateTime(t).slice(0, 16) },
  ];

  const items = list.data?.items ?? [];
  // A ticked row the list has reloaded is read as reloaded (its status and version may have changed meanwhile).
  const selectedItems = [...selected.values()].map((s) => items.find((i) => i.id === s.id) ?? s);
  const moreCount = moreFilterCount(kind, state);

  return (
    <Page title={noun}>
      <Card size="small">
        <Form<FilterValues>
          // Again when the units arrive: a community given alone (a drill-down) shows under its town.
          key={`${search}|${communities.length}`}
          form={form}
          name={`${kind}-filters`}
          layout="inline"
          initialValues={valuesOf(state, communities)}
          onFinish={(values) => go(stateOf(values, state))}
          style={{ rowGap: 12 }}
        >
          <Form.Item label="关键词" name="keyword">
            <Input allowClear placeholder={`${noun}编号或名称`} maxLength={50} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item label="状态" name="status">
            <Select mode="multiple" allowClear placeholder="全部" maxTagCount="responsive" style={{ width: 170 }} options={STATUS_OPTIONS[kind]} />
          </Form.Item>
          {cityWide && towns.length > 0 ? (
            // One control for the town and, under it, the community: the bureau's row keeps its buttons on it at 1366 px.
            <Form.Item label="属地" name="place" tooltip="选择镇（街道），或再选其下的村（社区）">
              <Cascader changeOnSelect showSearch allowClear placeholder="全部" style={{ width: 180 }} options={placeOptions} />
            </Form.Item>
          ) : showCommunity ? (
            <Form.Item label="村（社区）" name="communityId">
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder="全部" style={{ width: 120 }} options={communityOptions} />
            </Form.Item>
          ) : null}
          <Form.Item name="overdue" valuePropName="checked">
            <Checkbox>只看逾期</Checkbox>
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                查询
              </Button>
              <Button onClick={() => go({ ...EMPTY_LIST_STATE })}>重置</Button>
              <Button type="link" onClick={() => setMore((m) => !m)} aria-expanded={more} icon={more ? <UpOutlined /> : <DownOutlined />} iconPlacement="end">
                {moreCount > 0 ? `更多筛选（${moreCount}）` : '更多筛选'}
              </Button>
            </Space>
          </Form.Item>
          {more ? (
            <div style={{ display: 'flex', flexWrap: 'wrap', rowGap: 12, width: '100%' }}>
              {kind === 'demand' ? (
                <Form.Item label="来源渠道" name="channel">
                  <Select mode="multiple" allowClear placeholder="全部" maxTagCount="responsive" style={{ width: 300 }} options={CHANNEL_OPTIONS} />
                </Form.Item>
              ) : (
                <>
                  <Form.Item label="项目类型" name="category">
                    <Select allowClear placeholder="全部" style={{ width: 150 }} options={CATEGORY_OPTIONS} />
                  </Form.Item>
                  <Form.Item label="办理方式" name="handlingMode">
                    <Select mode="multiple" allowClear placeholder="全部" maxTagCount="responsive" style={{ width: 200 }} options={MODE_OPTIONS} />
                  </Form.Item>
                  <Form.Item label="标记" name="flag">
                    <Select mode="multiple" allowClear placeholder="全部" maxTagCount="responsive" style={{ width: 200 }} options={FLAG_OPTIONS} />
                  </Form.Item>
                </>
              )}
              <Form.Item label="年度" name="year" tooltip={kind === 'demand' ? '按录入时间所在年份' : '项目所属年度'}>
                <Select allowClear placeholder="全部" style={{ width: 110 }} options={yearOptions(state.year)} />
              </Form.Item>
              <Form.Item label={kind === 'demand' ? '录入日期' : '立项日期'} name="created">
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 260 }} />
              </Form.Item>
            </div>
          ) : null}
        </Form>
      </Card>
      <Card
        title={list.data !== undefined ? `共 ${list.data.total} 件${noun}` : noun}
        extra={
          <Space>
            {actions?.({ items, selected: selectedItems, reload: list.reload, clearSelection: () => setSelected(new Map()), open: setOpen })}
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportList} title={`按当前筛选条件和排序导出全部${noun}`}>
              导出 Excel
            </Button>
          </Space>
        }
      >
        <ErrorAlert error={list.error} onRetry={list.reload} />
        <ScrollRegion label={`${noun}列表`}>
          <Table<CaseListItem>
            rowKey="id"
            size="middle"
            loading={list.loading}
            columns={columns}
            dataSource={[...items]}
            scroll={{ x: kind === 'project' ? 1040 : 960 }}
            locale={{ emptyText: `没有符合条件的${noun}` }}
            onChange={onTableChange}
            {...(selectable !== null
              ? {
                  rowSelection: {
                    selectedRowKeys: [...selected.keys()],
                    preserveSelectedRowKeys: true,
                    getCheckboxProps: (r: CaseListItem) => ({ disabled: !selectable(r), title: selectable(r) ? `选择 ${r.number}` : `${r.statusLabel}，不能合并` }),
                    onChange: (keys: React.Key[], rows: CaseListItem[]) => {
                      // Rows ticked on other pages stay ticked; `rows` holds only those of this page that antd knows.
                      const next = new Map<number, CaseListItem>();
                      for (const key of keys) {
                        const row = rows.find((r) => r.id === key) ?? selected.get(Number(key));
                        if (row !== undefined) next.set(row.id, row);
                      }
                      setSelected(next);
                    },
                  },
                }
              : {})}
            pagination={{
              current: state.page,
              pageSize: PAGE_SIZE,
              total: list.data?.total ?? 0,
              showSizeChanger: false,
              showTotal: (total) => `共 ${total} 件`,
            }}
          />
        </ScrollRegion>
      </Card>
      <CaseDrawer kind={kind} item={open} onClose={() => setOpen(null)} onChanged={list.reload} />
    </Page>
  );
}
