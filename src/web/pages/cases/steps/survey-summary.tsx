/**
 * 满意度测评情况 as 结项表 section 五 prints it (R6.2–R6.4): 参与测评人数, for each item how many chose each level,
 * and the satisfaction rate (满意率: 非常满意, 满意 and 基本满意 on 项目总体评价, over those who answered it). Shown in
 * the 结项表 form, the survey's completion and beside the paper grid.
 */
import { Space, Statistic, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import {
  SATISFACTION_LEVEL_LABELS,
  SATISFACTION_LEVELS,
  SURVEY_QUESTION_LABELS,
  type LevelCounts,
  type SurveyQuestion,
  type SurveySummary,
} from '../../../../domain/forms/survey.js';

export const RATE_EXPLANATION = '满意率 = 项目总体评价为“非常满意”“满意”“基本满意”的人数 ÷ 作答项目总体评价的人数';

/** The live count against the minimum and the satisfaction rate, as two figures. */
export function SurveyFigures({ summary, extra }: { readonly summary: SurveySummary; readonly extra?: string }) {
  const enough = summary.respondentCount >= summary.minRespondents;
  return (
    <Space size="large" wrap align="start">
      <Statistic
        title="参与测评人数"
        value={summary.respondentCount}
        suffix={
          <Typography.Text type={enough ? 'success' : 'warning'} style={{ fontSize: 14 }}>
            / 不少于 {summary.minRespondents} 人
          </Typography.Text>
        }
      />
      <Statistic
        title={
          <Tooltip title={RATE_EXPLANATION}>
            <span style={{ borderBottom: '1px dashed currentColor' }}>满意率</span>
          </Tooltip>
        }
        value={summary.satisfaction.total === 0 ? '--' : summary.satisfaction.percent}
        suffix={summary.satisfaction.total === 0 ? undefined : '%'}
      />
      <Space size={8} wrap style={{ paddingTop: 22 }}>
        {enough ? <Tag color="success">人数已达要求</Tag> : <Tag color="warning">还差 {summary.minRespondents - summary.respondentCount} 人</Tag>}
        {extra !== undefined ? <Typography.Text type="secondary">{extra}</Typography.Text> : null}
      </Space>
    </Space>
  );
}

interface Row {
  readonly question: SurveyQuestion;
  readonly counts: LevelCounts;
}

/** Per item, how many chose each level (blank answers are not counted). */
export function SurveyCountsTable({ summary, rows }: { readonly summary: SurveySummary; readonly rows: readonly SurveyQuestion[] }) {
  const columns: TableColumnsType<Row> = [
    { title: '测评项目', dataIndex: 'question', render: (q: SurveyQuestion) => SURVEY_QUESTION_LABELS[q] },
    ...SATISFACTION_LEVELS.map((level) => ({
      title: SATISFACTION_LEVEL_LABELS[level],
      key: level,
      width: 96,
      align: 'right' as const,
      render: (_: unknown, r: Row) => r.counts[level],
    })),
  ];
  return (
    <Table<Row>
      size="small"
      bordered
      pagination={false}
      rowKey="question"
      columns={columns}
      dataSource={rows.map((question) => ({ question, counts: summary.counts[question] }))}
    />
  );
}
