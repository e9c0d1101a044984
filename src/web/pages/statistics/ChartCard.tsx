/**
 * One chart of the statistics page in its card: the title, the chart's own controls (项目数 / 预算, a step), 数据表
 * (the chart's numbers as a table, each row with a link to the list behind it, for the keyboard and screen readers
 * too) and 导出数据 (that table as a CSV file). Without rows the card says so instead of drawing an empty chart.
 */
import { DownloadOutlined, TableOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Table, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useId, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { TIME_ZONE } from '../../locale.js';
import { ScrollRegion } from '../../components/ScrollRegion.js';
import { EChart, type ChartClick, type ChartOption } from './EChart.js';
import { drillPath, saveText, toCsv, type DataTable, type TableRow } from './statistics-data.js';

export const EMPTY_TEXT = '当前筛选下没有数据';

export function ChartCard({
  title,
  table,
  option,
  height,
  description,
  empty = table.rows.length === 0,
  toolbar,
  note,
  drillNoun,
  rowOfClick,
}: {
  readonly title: string;
  readonly table: DataTable;
  readonly option: ChartOption;
  readonly height: number;
  /** The chart's accessible name, its numbers in a sentence. */
  readonly description: string;
  readonly empty?: boolean;
  /** The chart's own controls, left of 数据表. */
  readonly toolbar?: ReactNode;
  /** A line under the chart (what is counted, a limit reached). */
  readonly note?: ReactNode;
  /** 项目 or 诉求: the rows' links say which list they open. */
  readonly drillNoun?: string;
  /** The table row a click on the chart stands for (default: the item's index). */
  readonly rowOfClick?: (click: ChartClick) => number;
}) {
  const navigate = useNavigate();
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const drillable = table.rows.some((r) => r.drill !== null);

  const onClick = (click: ChartClick) => {
    const row = table.rows[rowOfClick?.(click) ?? click.dataIndex];
    if (row?.drill !== null && row?.drill !== undefined) void navigate(drillPath(row.drill));
  };

  const exportCsv = () => {
    saveText(toCsv(table), `${title}-${dayjs().tz(TIME_ZONE).format('YYYY-MM-DD')}.csv`, 'text/csv;charset=utf-8');
  };

  const columns: TableColumnsType<TableRow> = [
    ...table.columns.map((c) => ({
      key: c.key,
      title: c.title,
      align: c.numeric === true ? ('right' as const) : ('left' as const),
      render: (_v: unknown, r: TableRow) => r.cells[c.key] ?? '',
    })),
    ...(drillable
      ? [
          {
            key: 'drill',
            title: '清单',
            width: 96,
            render: (_v: unknown, r: TableRow) => {
              const drill = r.drill;
              if (drill === null) return <Typography.Text type="secondary">--</Typography.Text>;
              return (
                <Typography.Link
                  href={drillPath(drill)}
                  onClick={(e) => {
                    e.preventDefault();
                    void navigate(drillPath(drill));
                  }}
                  aria-label={`查看清单：${r.cells['label'] ?? ''}的${drillNoun ?? ''}`}
                >
                  查看清单
                </Typography.Link>
              );
            },
          },
        ]
      : []),
  ];

  return (
    <Card
      title={title}
      size="small"
      style={{ height: '100%' }}
      styles={{ body: { display: 'flex', flexDirection: 'column', gap: 8 } }}
      data-testid={`chart-${title}`}
    >
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>{toolbar}</div>
        <Flex gap={4}>
          <Button size="small" type={showTable ? 'primary' : 'default'} ghost={showTable} icon={<TableOutlined />} aria-expanded={showTable} aria-controls={tableId} onClick={() => setShowTable((s) => !s)} disabled={empty}>
            数据表
          </Button>
          <Button size="small" icon={<DownloadOutlined />} onClick={exportCsv} disabled={empty} title={`把“${title}”的数据导出为 CSV 文件`}>
            导出数据
          </Button>
        </Flex>
      </Flex>
      {empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={EMPTY_TEXT} style={{ margin: '24px 0' }} />
      ) : (
        <>
          <EChart option={option} height={height} description={description} {...(drillable ? { onItemClick: onClick } : {})} />
          {drillable ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              点击图形查看对应的{drillNoun ?? ''}清单
            </Typography.Text>
          ) : null}
        </>
      )}
      {note}
      <div id={tableId} hidden={!showTable || empty}>
        {showTable && !empty ? (
          <ScrollRegion label={`${title}数据表`}>
            <Table<TableRow> size="small" rowKey="key" columns={columns} dataSource={[...table.rows]} pagination={false} />
          </ScrollRegion>
        ) : null}
      </div>
    </Card>
  );
}
