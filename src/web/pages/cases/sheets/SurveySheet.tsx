/**
 * The satisfaction survey's outcome (附件3, R6.2–R6.5): how many answered against the minimum, the satisfaction
 * rate, the counts per item and level, and the approved exception when fewer answered (R6.4). `rows` picks the
 * items: the survey's eight, or the seven the 结项表's 五 lists.
 */
import { Alert, Descriptions, Table, Tag, type TableColumnsType } from 'antd';
import type { ProjectState } from '../../../api/models.js';
import { formatDateTime } from '../../../format.js';
import { SATISFACTION_LEVEL_LABELS, SATISFACTION_LEVELS, SURVEY_QUESTION_LABELS, type SurveyQuestion } from '../../../../domain/forms/survey.js';

export type SurveySummary = NonNullable<ProjectState['survey']['summary']>;

type Row = { readonly key: SurveyQuestion; readonly label: string } & Readonly<Record<(typeof SATISFACTION_LEVELS)[number], number>>;

const columns: TableColumnsType<Row> = [
  { title: '测评内容', dataIndex: 'label', width: 220 },
  ...SATISFACTION_LEVELS.map((level) => ({ title: SATISFACTION_LEVEL_LABELS[level], dataIndex: level, width: 96, align: 'right' as const })),
];

export function SurveySheet({ summary, rows }: { readonly summary: SurveySummary; readonly rows: readonly SurveyQuestion[] }) {
  const data: Row[] = rows.map((q) => ({ key: q, label: SURVEY_QUESTION_LABELS[q], ...summary.counts[q] }));
  const short = summary.respondentCount < summary.minRespondents;
  return (
    <>
      <Descriptions bordered size="small" column={3} styles={{ label: { width: 120 } }}>
        <Descriptions.Item label="参与测评人数">
          {summary.respondentCount} 人{short ? <Tag color="warning" style={{ marginInlineStart: 8 }}>少于 {summary.minRespondents} 人</Tag> : null}
        </Descriptions.Item>
        <Descriptions.Item label="满意率">{summary.satisfaction.percent}%</Descriptions.Item>
        <Descriptions.Item label="测评状态">{summary.complete ? '已完成' : '测评中'}</Descriptions.Item>
      </Descriptions>
      {summary.exception !== null ? (
        <Alert
          type="warning"
          showIcon
          title="测评人数不足，经镇（街道）批准"
          description={`${summary.exception.reason}（${formatDateTime(summary.exception.approvedAt).slice(0, 16)}）`}
        />
      ) : null}
      <Table<Row> size="small" pagination={false} rowKey="key" columns={columns} dataSource={data} />
    </>
  );
}
