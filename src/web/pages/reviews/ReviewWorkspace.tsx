/**
 * One project opened from 待我会审: the 登记备案表 under review on the left, the department's opinion on the right
 * (the form while the current round waits for it; otherwise what the department answered and why nothing is due).
 */
import { Alert, App, Button, Card, Col, Descriptions, Empty, Row, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { REVIEW_POINT_LABELS, REVIEW_POINTS } from '../../../domain/forms/registration-form.js';
import { http } from '../../api/client.js';
import { useRequest } from '../../api/useRequest.js';
import { useUser } from '../../auth/session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Page } from '../../components/Page.js';
import { formatDateTime } from '../../format.js';
import { OpinionForm } from './OpinionForm.js';
import { AttachmentList } from '../cases/sheets/AttachmentList.js';
import { RegistrationView } from './RegistrationView.js';
import { deadlineTag, lastDay } from './review-format.js';
import { awaitsOpinionOf, currentRound, opinionsOf, reviewDeadline, type DepartmentOpinion } from './review-state.js';

function OpinionRead({ opinion }: { readonly opinion: DepartmentOpinion }) {
  return (
    <Descriptions bordered size="small" column={1} styles={{ label: { width: 150 } }}>
      {REVIEW_POINTS.map((point, i) => (
        <Descriptions.Item key={point} label={`${i + 1}. ${REVIEW_POINT_LABELS[point]}`}>
          <Tag color={opinion.points[point].verdict === 'yes' ? 'blue' : 'default'}>{opinion.points[point].verdict === 'yes' ? '是' : '否'}</Tag>
          {opinion.points[point].comment}
        </Descriptions.Item>
      ))}
      <Descriptions.Item label="部门审核意见">{opinion.opinion}</Descriptions.Item>
      <Descriptions.Item label="填报时间">{formatDateTime(opinion.recordedAt)}</Descriptions.Item>
    </Descriptions>
  );
}

/** The records a reviewer needs for the four points: the 两委 minutes, the consultation's minutes and sign-in sheet, and
 * after a failed consultation the feasibility study and the vote's minutes. */
const CONSULTATION_RECORDS: ReadonlySet<string> = new Set(['committeeMinutes', 'consultationMinutes', 'signInSheet', 'feasibilityReport', 'voteMinutes']);

export function ReviewWorkspace({ projectId, onBack }: { readonly projectId: number; readonly onBack: () => void }) {
  const { message } = App.useApp();
  const [conflict, setConflict] = useState(false);
  const user = useUser();
  const departmentId = user.unit.id;
  const loaded = useRequest(() => http.GET('/api/projects/{id}', { params: { path: { id: projectId } } }), [projectId]);
  const project = loaded.data;
  const registration = project?.state.registration ?? null;
  const round = project === undefined ? undefined : currentRound(project.state);
  const deadline = project === undefined ? undefined : reviewDeadline(project);
  const tag = deadline === undefined ? null : deadlineTag(deadline);
  const mine = project === undefined ? [] : opinionsOf(project.state, departmentId);
  const awaiting = project !== undefined && awaitsOpinionOf(project, departmentId);

  const back = (
    <Button key="back" onClick={onBack}>
      返回待我会审
    </Button>
  );
  if (project === undefined) {
    return (
      <Page title="会审项目" extra={back}>
        {loaded.error !== null ? <ErrorAlert error={loaded.error} onRetry={loaded.reload} /> : <Spin />}
      </Page>
    );
  }
  return (
    <Page title={`会审：${registration?.basics.projectName ?? project.state.title}`} extra={back}>
      <ErrorAlert error={loaded.error} onRetry={loaded.reload} />
      <Card size="small">
        <Space wrap size={[24, 4]}>
          <span>项目编号：{project.code}</span>
          <span>村（社区）：{project.state.communityName}</span>
          <span>状态：{project.statusLabel}</span>
          <span>提交审核：{formatDateTime(round?.submittedAt).slice(0, 16)}</span>
          {deadline !== undefined ? (
            <span>
              审核期限：{lastDay(deadline)}
              {tag !== null ? (
                <Tag color={tag.color} style={{ marginLeft: 6 }}>
                  {tag.text}
                </Tag>
              ) : null}
              <Typography.Text type="secondary">（街道须在此前作出审核决定，请尽早提交本部门意见）</Typography.Text>
            </span>
          ) : null}
          <span>
            会审部门：
            {round?.reviewers.map((r) => (
              <Tag key={r.departmentId} color={round.opinions.some((o) => o.departmentId === r.departmentId) ? 'success' : 'default'}>
                {r.departmentName}
                {round.opinions.some((o) => o.departmentId === r.departmentId) ? ' 已填' : ' 待填'}
              </Tag>
            ))}
          </span>
        </Space>
      </Card>
      <Row gutter={16} align="top">
        <Col xs={24} lg={14}>
          <Card size="small" title="登记备案表（村（社区）提交的内容）">
            {registration !== null ? <RegistrationView registration={registration} /> : <Empty description="尚未提交登记备案表" />}
          </Card>
          {/* Point 1 asks whether the consultation was proper: its records are read here, beside the form. */}
          <Card size="small" title="协商记录与会议资料" style={{ marginTop: 16 }}>
            <AttachmentList compact attachments={project.attachments.filter((a) => CONSULTATION_RECORDS.has(a.kind))} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={`${user.unit.name}审核意见`} style={{ position: 'sticky', top: 16 }}>
            {conflict ? (
              <Alert
                type="warning"
                showIcon
                closable={{ onClose: () => setConflict(false) }}
                style={{ marginBottom: 12 }}
                title="提交时发现项目已被他人修改（例如街道调整了会审部门或退回了备案表），已重新载入最新内容。"
                description={awaiting ? '您填写的意见已保留，请核对后再次提交。' : undefined}
              />
            ) : null}
            {awaiting ? (
              <OpinionForm
                project={project}
                onSubmitted={() => {
                  setConflict(false);
                  void message.success('审核意见已提交，街道将汇总各部门意见后作出审核决定');
                  loaded.reload();
                }}
                onConflict={() => {
                  setConflict(true);
                  void message.warning('项目已被他人修改，已重新载入，请核对后再提交');
                  loaded.reload();
                }}
              />
            ) : (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Alert
                  type={mine.length > 0 ? 'success' : 'info'}
                  showIcon
                  title={
                    mine.length > 0 && project.state.status === 'underReview' && round?.opinions.some((o) => o.departmentId === departmentId)
                      ? '本部门已提交本轮审核意见，等待街道作出审核决定。'
                      : '本项目当前不需要本部门填写审核意见。'
                  }
                />
                {mine.map((m) => (
                  <div key={`${m.round}-${m.opinion.recordedAt}`}>
                    {project.state.reviewRounds.length > 1 ? (
                      <Typography.Text type="secondary">
                        第 {m.round} 次提交审核（{formatDateTime(m.submittedAt).slice(0, 10)}）时本部门的意见
                      </Typography.Text>
                    ) : null}
                    <OpinionRead opinion={m.opinion} />
                  </div>
                ))}
              </Space>
            )}
          </Card>
        </Col>
      </Row>
    </Page>
  );
}
