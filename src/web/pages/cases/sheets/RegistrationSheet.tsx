/**
 * The project's 登记备案表 (附件1) as a read view laid out like the form: 一 项目基本信息 and 二 项目协商情况 as the
 * community submitted them (the reviewer's RegistrationView), then 三 镇（街道）审核意见 — each department's opinion
 * on the four points of R4.2, the departments' stamps (R4.3) and the town's composed sentence (R4.4) over the town
 * office's name. Before registration it shows the consultations held so far, failed ones with their feasibility
 * studies and assembly votes (R3.1, R3.3).
 */
import { Descriptions, Empty, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { ProjectState } from '../../../api/models.js';
import { formatDateTime, NONE } from '../../../format.js';
import { CONSULTATION_FORM_LABELS, PARTICIPANT_KIND_LABELS } from '../../../../domain/categories.js';
import { REVIEW_POINT_LABELS, REVIEW_POINTS } from '../../../../domain/forms/registration-form.js';
import { RegistrationView } from '../../reviews/RegistrationView.js';
import { verdictLabel } from '../steps/review-decision.js';
import type { DepartmentOpinion, ReviewRound } from '../../reviews/review-state.js';

type Stamp = ReviewRound['stamps'][number];

const RECOMMENDATIONS: Readonly<Record<ProjectState['feasibilityStudies'][number]['recommendation'], string>> = {
  reconsult: '择日再协商',
  assemblyVote: '提交村（居）民（代表）会议表决',
  terminate: '终止项目',
};

function OpinionTable({ opinion }: { readonly opinion: DepartmentOpinion }) {
  const rows = REVIEW_POINTS.map((p) => ({ key: p, label: REVIEW_POINT_LABELS[p], ...opinion.points[p] }));
  const columns: TableColumnsType<(typeof rows)[number]> = [
    { title: '审核内容', dataIndex: 'label', width: 260 },
    {
      title: '结论',
      dataIndex: 'verdict',
      width: 90,
      render: (v: 'yes' | 'no', row) => <Tag color={v === 'yes' ? 'success' : 'warning'}>{verdictLabel(row.key, v)}</Tag>,
    },
    { title: '意见', dataIndex: 'comment', render: (c: string) => (c === '' ? NONE : c) },
  ];
  return (
    <div>
      <Typography.Text strong>{opinion.departmentName}</Typography.Text>
      <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
        {formatDateTime(opinion.recordedAt).slice(0, 16)}
      </Typography.Text>
      <Table size="small" pagination={false} rowKey="key" columns={columns} dataSource={rows} style={{ marginTop: 4 }} />
      <Typography.Paragraph style={{ marginTop: 4, marginBottom: 0 }}>部门意见：{opinion.opinion === '' ? NONE : opinion.opinion}</Typography.Paragraph>
    </div>
  );
}

function stampText(s: Stamp): string {
  return `${s.departmentName}：${s.stampedByName} 于 ${s.stampedOn} 盖章`;
}

function Section3({ state }: { readonly state: ProjectState }) {
  const registration = state.registration;
  const round = state.reviewRounds.at(-1);
  if (registration === null) return null;
  if (state.path === 'small') {
    return <Typography.Paragraph type="secondary">5万元以下项目，村（社区）协商后直接组织实施，无须镇（街道）审核。</Typography.Paragraph>;
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions bordered size="small" column={1} styles={{ label: { width: 132 } }}>
        <Descriptions.Item label="会审部门">
          {round === undefined || round.reviewers.length === 0 ? '尚未选择' : round.reviewers.map((r) => r.departmentName).join('、')}
        </Descriptions.Item>
        <Descriptions.Item label="部门盖章">
          {round === undefined || round.stamps.length === 0 ? '尚无' : round.stamps.map((s) => <div key={s.departmentId}>{stampText(s)}</div>)}
        </Descriptions.Item>
        <Descriptions.Item label="镇（街道）审核意见">
          {registration.townOpinionText === null ? (
            <Typography.Text type="secondary">尚未审核确认</Typography.Text>
          ) : (
            <>
              <Typography.Paragraph style={{ marginBottom: 4 }}>{registration.townOpinionText}</Typography.Paragraph>
              <div style={{ textAlign: 'right' }}>{registration.townDecision?.townOfficeName ?? ''}</div>
            </>
          )}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>部门审核意见</Typography.Text>
      {round === undefined || round.opinions.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无部门审核意见" />
      ) : (
        round.opinions.map((o) => <OpinionTable key={o.departmentId} opinion={o} />)
      )}
      {state.reviewRounds
        .slice(0, -1)
        .map((r, i) => (r.returned === null ? null : <Typography.Text key={r.submittedAt} type="secondary">第 {i + 1} 次提交于 {formatDateTime(r.submittedAt).slice(0, 16)} 被退回修改：{r.returned.reason}</Typography.Text>))}
    </Space>
  );
}

/** Consultations that did not pass, with what followed (R3.3). */
function FailedConsultations({ state }: { readonly state: ProjectState }) {
  const failed = state.consultations.filter((c) => !c.passed);
  if (failed.length === 0 && state.feasibilityStudies.length === 0 && state.assemblyVotes.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Text strong>协商未通过及后续</Typography.Text>
      {failed.map((c) => (
        <Typography.Text key={c.heldAt}>
          {formatDateTime(c.heldAt).slice(0, 16)} 于{c.place}协商未通过（{c.forms.map((f) => CONSULTATION_FORM_LABELS[f]).join('、')}，{c.participants.map((p) => PARTICIPANT_KIND_LABELS[p]).join('、')}，合共 {c.headCount} 人）
        </Typography.Text>
      ))}
      {state.feasibilityStudies.map((s) => (
        <Typography.Text key={s.recordedAt}>
          {formatDateTime(s.recordedAt).slice(0, 10)} 可行性研究分析：{s.summary}（建议{RECOMMENDATIONS[s.recommendation]}）
        </Typography.Text>
      ))}
      {state.assemblyVotes.map((v) => (
        <Typography.Text key={v.heldAt}>
          {formatDateTime(v.heldAt).slice(0, 16)} 村（居）民（代表）会议表决：到会 {v.present} 人，赞成 {v.votesFor}、反对 {v.votesAgainst}、弃权 {v.abstentions}，{v.passed ? '通过' : '未通过'}
        </Typography.Text>
      ))}
    </Space>
  );
}

export function RegistrationSheet({ state }: { readonly state: ProjectState }) {
  const registration = state.registration;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ textAlign: 'center', margin: 0 }}>
        东莞市“民生大莞家”服务项目“民生微实事”登记备案表
      </Typography.Title>
      <FailedConsultations state={state} />
      {registration === null ? (
        <Empty description={state.agreement === null ? '尚未协商通过，登记备案表未填报' : '协商已通过，登记备案表尚未提交'} />
      ) : (
        <>
          <RegistrationView registration={registration} />
          <Typography.Title level={5} style={{ marginTop: 8 }}>
            三、镇（街道）审核意见
          </Typography.Title>
          <Section3 state={state} />
        </>
      )}
    </Space>
  );
}
