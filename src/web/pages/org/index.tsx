/**
 * 组织架构: the units within the user's jurisdiction as a tree (city → towns → communities and departments; demo
 * units tagged 示例), searchable by name, with counts; 新增 (createUnit) and 导入村（社区） (importCommunities).
 */
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, Input, Row, Skeleton, Statistic, Tag, Tree, Typography, type TreeDataNode } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { api } from '../../api/client.js';
import type { UnitView } from '../../api/models.js';
import { useRequest } from '../../api/useRequest.js';
import { useSession } from '../../auth/session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Page } from '../../components/Page.js';
import { UNIT_KIND_LABELS } from '../../../domain/access/roles.js';
import { CreateUnitModal } from './CreateUnitModal.js';
import { ImportCommunitiesModal } from './ImportCommunitiesModal.js';
import { buildForest, countUnits, filterForest, type UnitNode } from './unit-tree.js';

function highlight(name: string, keyword: string): ReactNode {
  const at = keyword === '' ? -1 : name.indexOf(keyword);
  if (at < 0) return name;
  return (
    <>
      {name.slice(0, at)}
      <Typography.Text mark>{keyword}</Typography.Text>
      {name.slice(at + keyword.length)}
    </>
  );
}

function kindTag(unit: UnitView): string {
  if (unit.kind === 'community' && unit.subkind !== null) return unit.subkind;
  if (unit.kind === 'town' && unit.subkind !== null) return unit.subkind;
  return UNIT_KIND_LABELS[unit.kind];
}

/** Per town: its communities and departments, counted on the whole tree (a search shows only part of it). */
type TownCounts = ReadonlyMap<number, { readonly communities: number; readonly departments: number }>;

function townCounts(units: readonly UnitView[]): TownCounts {
  const counts = new Map<number, { communities: number; departments: number }>();
  for (const unit of units) {
    if (unit.parentId === null || (unit.kind !== 'community' && unit.kind !== 'department')) continue;
    const entry = counts.get(unit.parentId) ?? { communities: 0, departments: 0 };
    if (unit.kind === 'community') entry.communities += 1;
    else entry.departments += 1;
    counts.set(unit.parentId, entry);
  }
  return counts;
}

function title(node: UnitNode, keyword: string, counts: TownCounts): ReactNode {
  const { unit } = node;
  const { communities, departments } = counts.get(unit.id) ?? { communities: 0, departments: 0 };
  return (
    <span>
      <span className="msw-unit-name">{highlight(unit.name, keyword)}</span>
      <Tag style={{ marginInlineStart: 8 }}>{kindTag(unit)}</Tag>
      {unit.isSample ? <Tag color="warning">示例</Tag> : null}
      {unit.code !== null ? <Typography.Text type="secondary">编码 {unit.code}</Typography.Text> : null}
      {unit.kind === 'town' ? (
        <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
          村（社区）{communities} · 职能部门 {departments}
        </Typography.Text>
      ) : null}
    </span>
  );
}

function toTreeData(nodes: readonly UnitNode[], keyword: string, counts: TownCounts): TreeDataNode[] {
  return nodes.map((node) => ({
    key: node.unit.id,
    title: title(node, keyword, counts),
    children: node.children.length > 0 ? toTreeData(node.children, keyword, counts) : undefined,
  }));
}

export default function OrgPage() {
  const { can, user } = useSession();
  const units = useRequest(() => api.units.list(), []);
  const [keyword, setKeyword] = useState('');
  const [expanded, setExpanded] = useState<readonly number[] | null>(null);
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);

  const items = useMemo(() => units.data?.items ?? [], [units.data]);
  const forest = useMemo(() => buildForest(items), [items]);
  const filtered = useMemo(() => filterForest(forest, keyword), [forest, keyword]);
  const counts = useMemo(() => countUnits(items), [items]);
  const perTown = useMemo(() => townCounts(items), [items]);
  const towns = useMemo(() => items.filter((u) => u.kind === 'town'), [items]);

  // Open by default: the roots and the user's own unit's ancestors' level, so a town user sees the town's units.
  const defaultExpanded = useMemo(() => {
    const keys = forest.map((n) => n.unit.id);
    const own = items.find((u) => u.id === user?.scopeUnitId);
    if (own !== undefined && own.kind === 'town') keys.push(own.id);
    return keys;
  }, [forest, items, user]);
  const expandedKeys = expanded ?? defaultExpanded;

  const search = (value: string) => {
    const text = value.trim();
    setKeyword(text);
    // A search opens the way to every match; clearing it returns to the default view.
    setExpanded(text === '' ? null : filterForest(forest, text).expand);
  };

  const selectedUnit = items.find((u) => u.id === selected);
  const defaultTownId = selectedUnit?.kind === 'town' ? selectedUnit.id : (selectedUnit?.townId ?? undefined);

  return (
    <Page
      title="组织架构"
      extra={
        <>
          {can('importCommunities') ? (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              导入村（社区）
            </Button>
          ) : null}
          {can('createUnit') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              新增单位
            </Button>
          ) : null}
        </>
      }
    >
      <ErrorAlert error={units.error} onRetry={units.reload} />
      <Row gutter={16}>
        <Col xs={24} sm={8}>
          <Card>
            <Statistic title="镇（街道）" value={counts.towns} loading={units.loading} />
          </Card>
        </Col>
        <Col xs={24} sm={8}>
          <Card>
            <Statistic
              title="村（社区）"
              value={counts.communities}
              loading={units.loading}
              suffix={counts.sampleCommunities > 0 ? <Typography.Text type="secondary">（其中示例 {counts.sampleCommunities}）</Typography.Text> : null}
            />
          </Card>
        </Col>
        <Col xs={24} sm={8}>
          <Card>
            <Statistic title="职能部门" value={counts.departments} loading={units.loading} />
          </Card>
        </Col>
      </Row>
      <Card>
        <Input.Search
          allowClear
          placeholder="按名称查找单位"
          aria-label="按名称查找单位"
          style={{ maxWidth: 360, marginBottom: 16 }}
          onSearch={search}
          onChange={(e) => {
            if (e.target.value === '') search('');
          }}
        />
        {units.loading && units.data === undefined ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : filtered.forest.length === 0 ? (
          <Empty description={keyword === '' ? '暂无单位' : `没有名称包含“${keyword}”的单位`} />
        ) : (
          <Tree
            showLine
            blockNode
            treeData={toTreeData(filtered.forest, keyword, perTown)}
            expandedKeys={[...expandedKeys]}
            onExpand={(keys) => setExpanded(keys.map(Number))}
            selectedKeys={selected !== undefined ? [selected] : []}
            onSelect={(keys) => setSelected(keys[0] === undefined ? undefined : Number(keys[0]))}
          />
        )}
      </Card>
      {can('createUnit') ? (
        <CreateUnitModal
          open={creating}
          towns={towns}
          defaultTownId={defaultTownId}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            units.reload();
          }}
        />
      ) : null}
      {can('importCommunities') ? (
        <ImportCommunitiesModal open={importing} onClose={() => setImporting(false)} onImported={units.reload} />
      ) : null}
    </Page>
  );
}
