/**
 * The community's consultation steps (登记备案表 section 二, 附件1):
 * - 登记协商会议 (R3.1): every field of 项目协商情况 in the form's order — 协商时间, 地点, 主持人, 记录人, 协商形式 and
 *   参与主体 (the printed boxes, 其他 with its text, 合共…人), whether it passed, the 协商结果 when it did, and the
 *   协商记录 and 签到表 uploads; also the re-consultation after a feasibility study (R3.3);
 * - 登记可行性研究分析 after a failed consultation (R3.3): the conclusion, the next step and the analysis itself;
 * - 登记村（居）民会议表决 (R3.3): the counts, the outcome computed by the domain (过半数, never typed), the plan put to
 *   the vote — required when it passes, it becomes the 协商结果 — and the vote's minutes.
 * Each form checks its values with the domain's validators before sending; the server's field problems land on the
 * fields they name.
 */
import { CheckboxGroupField } from '../../../components/CheckboxGroupField.js';
import { Alert, Button, Checkbox, Col, DatePicker, Drawer, Flex, Form, Input, InputNumber, Modal, Radio, Row, Space, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { http } from '../../../api/client.js';
import type { ProjectView } from '../../../api/models.js';
import { AttachmentField, type ExistingAttachment } from '../../../components/AttachmentField.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatDateTime, shanghaiInstant } from '../../../format.js';
import type { AttachmentKind } from '../../../../domain/attachment-kinds.js';
import {
  CONSULTATION_FORM_LABELS,
  CONSULTATION_FORMS,
  PARTICIPANT_KIND_LABELS,
  PARTICIPANT_KINDS,
  type FundSource,
} from '../../../../domain/categories.js';
import { validateAssemblyVote, validateConsultationRecord } from '../../../../domain/forms/registration-form.js';
import { DEFAULT_RULES_CONFIG } from '../../../../domain/rules-config.js';
import { useCaseDialog } from '../case-dialog.js';
import { ConsultationResultFields, showConversionProblems, showProblems, textRules, useServerFieldErrors, verdict } from './consultation-result.js';
import {
  consultationRecordBody,
  placeProblems,
  resultValuesOf,
  sectionTwoPath,
  sendsResult,
  studyBody,
  usedFundSources,
  voteBody,
  voteCounts,
  voteOutcome,
  type ConsultationValues,
  type FeasibilityRecommendation,
  type FieldPath,
  type StudyValues,
  type VoteValues,
} from './consultation-values.js';
import type { StepAction, StepFormProps } from './step-action.js';

const CONFIG = DEFAULT_RULES_CONFIG;
const DRAWER_WIDTH = 960;

type WithTime<V> = Omit<V, 'heldAt'> & { readonly heldAt?: Dayjs };

/** The files of one kind the project already holds, to pick again. */
function existingOf(view: ProjectView, kind: AttachmentKind): ExistingAttachment[] {
  return view.attachments.filter((a) => a.ownerType === 'project' && a.kind === kind).map((a) => ({ id: a.id, filename: a.filename }));
}

/** The plan the last consultation discussed (passed or rejected), as form values. */
function lastPlan(view: ProjectView) {
  const consultations = view.state.consultations;
  const result = consultations[consultations.length - 1]?.result ?? null;
  return result === null ? undefined : resultValuesOf(result, (civil) => dayjs(civil));
}

/** A meeting time: picked, and not after now (the lifecycle refuses a meeting in the future). */
function meetingTimeRules(label: string) {
  return [
    { required: true, message: `请选择${label}` },
    {
      validator: (_rule: unknown, value: Dayjs | null | undefined) =>
        verdict(value != null && dayjs(shanghaiInstant(value)).isAfter(dayjs()) ? `${label}不能晚于当前时间` : null),
    },
  ];
}

/** The footer of a step's drawer: cancel and send. */
function DrawerFooter({ okText, sending, onCancel, onOk }: { readonly okText: string; readonly sending: boolean; readonly onCancel: () => void; readonly onOk: () => void }) {
  return (
    <Flex justify="flex-end" gap={8}>
      <Button onClick={onCancel}>取消</Button>
      <Button type="primary" loading={sending} onClick={onOk}>
        {okText}
      </Button>
    </Flex>
  );
}

/** Where a problem named by the server or a domain validator goes; `sent` is the fund sources in the order sent. */
function usePathOf(known: readonly string[]) {
  const [sent, setSent] = useState<readonly FundSource[]>([]);
  const pathOf = useCallback((field: string): FieldPath | null => sectionTwoPath(field, known, sent), [known, sent]);
  return { pathOf, setSent };
}

const GRID_3 = { display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', rowGap: 8, columnGap: 12 } as const;

// ---------------------------------------------------------------------------------------------------------------
// 登记协商会议 (R3.1, R3.3)

type MeetingValues = WithTime<ConsultationValues>;

const MEETING_FIELDS = [
  'heldAt',
  'place',
  'hostName',
  'recorderName',
  'forms',
  'formOther',
  'participants',
  'participantOther',
  'headCount',
  'passed',
  'result',
  'minutesAttachmentIds',
  'signInAttachmentIds',
] as const;

function ConsultationForm({ view, label, disabled, onDone }: StepFormProps) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<MeetingValues>();
  const { pathOf, setSent } = usePathOf(MEETING_FIELDS);
  const [checkError, setCheckError] = useState<string[]>([]);
  const forms = Form.useWatch('forms', form);
  const participants = Form.useWatch('participants', form);
  const passed = Form.useWatch('passed', form);
  const recordRejectedPlan = Form.useWatch('recordRejectedPlan', form) === true;
  const again = view.state.consultations.length > 0;
  const deadline = view.deadlines.find((d) => d.step === 'consultation' && (d.status === 'open' || d.status === 'dueSoon' || d.status === 'overdue'));

  const dialog = useCaseDialog(
    form,
    async (values) => {
      setCheckError([]);
      const heldAt = values.heldAt === undefined ? '' : shanghaiInstant(values.heldAt);
      const converted = consultationRecordBody(values, heldAt);
      if (!converted.ok) {
        showConversionProblems(form, converted.problems);
        return false;
      }
      const consultation = converted.value;
      const sent = consultation.result === null ? [] : usedFundSources(values.result?.funds);
      setSent(sent);
      // Nothing the domain would refuse is sent.
      const placed = placeProblems(validateConsultationRecord(consultation), (f) => sectionTwoPath(f, MEETING_FIELDS, sent));
      if (showProblems(form, placed, setCheckError)) return false;
      await http.POST('/api/projects/{id}/consultations', { params: { path: { id: view.id } }, body: { version: view.version, consultation } });
      return true;
    },
    () => setOpen(false),
    onDone,
  );
  const { refused, alertRef } = useServerFieldErrors(form, dialog.error, pathOf);
  const withResult = sendsResult({ passed, recordRejectedPlan });

  return (
    <>
      <Button type="primary" disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Drawer
        open={open}
        title={again ? `${label}（择日再协商）` : label}
        size={DRAWER_WIDTH}
        onClose={() => setOpen(false)}
        destroyOnHidden
        footer={<DrawerFooter okText="提交协商情况" sending={dialog.sending} onCancel={() => setOpen(false)} onOk={() => void dialog.submit()} />}
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Alert
            type="info"
            showIcon
            title="登记备案表 二、项目协商情况"
            description={
              <>
                城乡社区协商会议应在“两委”联席会议后10日内召开
                {deadline !== undefined ? `，本项目协商期限：${deadline.dueDate}${deadline.status === 'overdue' ? '（已逾期）' : ''}` : ''}。协商未通过的，登记后作可行性研究分析，再择日协商或提交村（居）民（代表）会议表决。
              </>
            }
          />
          {refused !== null ? (
            <div ref={alertRef}>
              <ErrorAlert error={refused} />
            </div>
          ) : null}
          {checkError.length > 0 ? <Alert type="error" showIcon title="请修改以下内容后再提交" description={checkError.join('；')} /> : null}
          <Form
            form={form}
            layout="vertical"
            name="recordConsultation"
            scrollToFirstError
            initialValues={{ forms: [], participants: [], result: again ? lastPlan(view) : undefined }}
          >
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="heldAt" label="协商时间" rules={meetingTimeRules('协商时间')}>
                  <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="place" label="协商地点" rules={textRules('协商地点', 200)}>
                  <Input maxLength={200} placeholder="例如：社区党群服务中心二楼会议室" />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="hostName" label="主持人" rules={textRules('主持人', 50)}>
                  <Input maxLength={50} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="recorderName" label="记录人" rules={textRules('记录人', 50)}>
                  <Input maxLength={50} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="forms" label="协商形式" rules={[{ required: true, type: 'array', min: 1, message: '请选择协商形式' }]}>
              <CheckboxGroupField options={CONSULTATION_FORMS.map((f) => ({ value: f, label: CONSULTATION_FORM_LABELS[f] }))} style={GRID_3} />
            </Form.Item>
            {(forms ?? []).includes('other') ? (
              <Form.Item name="formOther" label="其他协商形式" rules={textRules('其他协商形式', 100)}>
                <Input maxLength={100} placeholder="请写明协商形式" />
              </Form.Item>
            ) : null}
            <Form.Item name="participants" label="参与主体" rules={[{ required: true, type: 'array', min: 1, message: '请选择参与主体' }]}>
              <CheckboxGroupField options={PARTICIPANT_KINDS.map((p) => ({ value: p, label: PARTICIPANT_KIND_LABELS[p] }))} style={GRID_3} />
            </Form.Item>
            <Row gutter={16}>
              {(participants ?? []).includes('other') ? (
                <Col span={16}>
                  <Form.Item name="participantOther" label="其他参与主体" rules={textRules('其他参与主体', 100)}>
                    <Input maxLength={100} placeholder="请写明参与主体" />
                  </Form.Item>
                </Col>
              ) : null}
              <Col span={8}>
                <Form.Item
                  name="headCount"
                  label="合共"
                  rules={[
                    { required: true, message: '请填写参与人数' },
                    { type: 'number', min: 1, message: '参与人数须为不小于1的整数' },
                  ]}
                >
                  <InputNumber min={1} max={1_000_000} precision={0} suffix="人" style={{ width: 160 }} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="passed" label="协商是否通过" rules={[{ required: true, message: '请选择协商是否通过' }]}>
              <Radio.Group
                options={[
                  { value: 'yes', label: '通过' },
                  { value: 'no', label: '未通过' },
                ]}
              />
            </Form.Item>
            {passed === 'no' ? (
              <Form.Item name="recordRejectedPlan" valuePropName="checked" extra="可选。记录后，可行性研究分析和村（居）民（代表）会议表决可参照该方案。">
                <Checkbox>同时记录本次协商讨论的项目方案</Checkbox>
              </Form.Item>
            ) : null}
            {withResult ? (
              <div style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: '12px 16px', marginBottom: 16 }}>
                <Typography.Title level={5} style={{ marginTop: 0 }}>
                  {passed === 'yes' ? '协商结果' : '本次协商讨论的项目方案（未通过）'}
                </Typography.Title>
                <ConsultationResultFields
                  prefix={['result']}
                  intro={passed === 'yes' ? '经参会人员协商，确定项目实施如下：' : '经参会人员协商未通过的方案如下：'}
                />
              </div>
            ) : null}
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="minutesAttachmentIds" label="协商会议记录" rules={[{ required: true, type: 'array', min: 1, message: '请上传协商会议记录' }]}>
                  <AttachmentField caseKind="project" caseId={view.id} kind="consultationMinutes" existing={existingOf(view, 'consultationMinutes')} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="signInAttachmentIds" label="协商会议签到表" rules={[{ required: true, type: 'array', min: 1, message: '请上传协商会议签到表' }]}>
                  <AttachmentField caseKind="project" caseId={view.id} kind="signInSheet" existing={existingOf(view, 'signInSheet')} />
                </Form.Item>
              </Col>
            </Row>
          </Form>
        </Space>
      </Drawer>
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// 登记可行性研究分析 (R3.3)

const RECOMMENDATION_LABELS: Readonly<Record<FeasibilityRecommendation, string>> = {
  reconsult: '择日再协商',
  assemblyVote: '提交村（居）民（代表）会议表决',
  terminate: '终止项目',
};

const STUDY_FIELDS = ['summary', 'recommendation', 'attachmentIds'] as const;

function FeasibilityStudyForm({ view, label, disabled, onDone }: StepFormProps) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<StudyValues>();
  const { pathOf } = usePathOf(STUDY_FIELDS);
  const recommendation = Form.useWatch('recommendation', form);
  const last = view.state.consultations[view.state.consultations.length - 1];
  const dialog = useCaseDialog(
    form,
    async (values) => {
      await http.POST('/api/projects/{id}/feasibility-studies', { params: { path: { id: view.id } }, body: { version: view.version, study: studyBody(values) } });
      return true;
    },
    () => setOpen(false),
    onDone,
  );
  const { refused, alertRef } = useServerFieldErrors(form, dialog.error, pathOf);

  return (
    <>
      <Button type="primary" disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title={label}
        width={680}
        okText="提交可行性研究分析"
        cancelText="取消"
        confirmLoading={dialog.sending}
        onOk={() => void dialog.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {last !== undefined ? (
            <Alert type="warning" showIcon title={`${formatDateTime(last.heldAt)} 于${last.place}召开的协商会议未通过`} description="请对项目作可行性研究分析，确定择日再协商、提交村（居）民（代表）会议表决，或终止项目。" />
          ) : null}
          {refused !== null ? (
            <div ref={alertRef}>
              <ErrorAlert error={refused} />
            </div>
          ) : null}
          <Form form={form} layout="vertical" name="recordFeasibilityStudy" initialValues={{ attachmentIds: [] }}>
            <Form.Item name="summary" label="可行性研究分析结论" rules={textRules('可行性研究分析结论', 2000)}>
              <Input.TextArea rows={4} maxLength={2000} showCount placeholder="例如：居民主要担心噪音，经走访调整选址至远离住宅的北侧空地后具备实施条件" />
            </Form.Item>
            <Form.Item name="recommendation" label="下一步" rules={[{ required: true, message: '请选择下一步：择日再协商、提交表决或终止' }]}>
              <Radio.Group options={(Object.keys(RECOMMENDATION_LABELS) as FeasibilityRecommendation[]).map((r) => ({ value: r, label: RECOMMENDATION_LABELS[r] }))} />
            </Form.Item>
            {recommendation === 'terminate' ? (
              <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="登记后，请再点“终止项目”并填写终止原因，原因将反馈给提议人。" />
            ) : null}
            <Form.Item name="attachmentIds" label="可行性研究分析" extra="上传可行性研究分析报告或相关材料">
              <AttachmentField caseKind="project" caseId={view.id} kind="feasibilityReport" existing={existingOf(view, 'feasibilityReport')} />
            </Form.Item>
          </Form>
        </Space>
      </Modal>
    </>
  );
}

// ---------------------------------------------------------------------------------------------------------------
// 登记村（居）民（代表）会议表决 (R3.3)

type AssemblyValues = WithTime<VoteValues>;

const VOTE_FIELDS = ['heldAt', 'present', 'votesFor', 'votesAgainst', 'abstentions', 'minutesAttachmentIds', 'result'] as const;

/** R3.3 the counts checked by the domain's validator: the votes cast do not exceed those present. */
function countsRule(field: 'present' | 'votesFor' | 'votesAgainst' | 'abstentions') {
  return ({ getFieldsValue }: { getFieldsValue: () => AssemblyValues }) => ({
    validator: () => {
      const counts = voteCounts(getFieldsValue());
      // Only the counts are looked at here; time and minutes have their own fields.
      const errors = validateAssemblyVote({ ...counts, heldAt: new Date().toISOString(), passed: false, minutesAttachmentIds: [0], result: null });
      return verdict(errors.find((e) => e.field === `vote.${field}`)?.message ?? null);
    },
  });
}

function VoteOutcome({ values }: { readonly values: VoteValues }) {
  const outcome = voteOutcome(values, CONFIG);
  if (outcome === null) return <Typography.Text type="secondary">填写到会人数和赞成票数后自动得出表决结果</Typography.Text>;
  const counts = voteCounts(values);
  return (
    <Flex gap={8} align="center" wrap aria-live="polite">
      {outcome ? <Tag color="success">过半数通过</Tag> : <Tag color="error">未通过</Tag>}
      <Typography.Text type="secondary">
        到会 {counts.present} 人，赞成 {counts.votesFor} 票{outcome ? '，超过到会人数的半数' : '，未超过到会人数的半数'}
      </Typography.Text>
    </Flex>
  );
}

function AssemblyVoteForm({ view, label, disabled, onDone }: StepFormProps) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<AssemblyValues>();
  const { pathOf, setSent } = usePathOf(VOTE_FIELDS);
  const [checkError, setCheckError] = useState<string[]>([]);
  const present = Form.useWatch('present', form);
  const votesFor = Form.useWatch('votesFor', form);
  const votesAgainst = Form.useWatch('votesAgainst', form);
  const abstentions = Form.useWatch('abstentions', form);
  const watched: VoteValues = { present, votesFor, votesAgainst, abstentions };
  const passes = voteOutcome(watched, CONFIG) === true;
  const plan = lastPlan(view);
  const study = view.state.feasibilityStudies[view.state.feasibilityStudies.length - 1];

  const dialog = useCaseDialog(
    form,
    async (values) => {
      setCheckError([]);
      const heldAt = values.heldAt === undefined ? '' : shanghaiInstant(values.heldAt);
      const converted = voteBody(values, heldAt, CONFIG);
      if (!converted.ok) {
        showConversionProblems(form, converted.problems);
        return false;
      }
      const vote = converted.value;
      const sent = vote.result === null ? [] : usedFundSources(values.result?.funds);
      setSent(sent);
      const passed = voteOutcome(values, CONFIG) === true;
      const placed = placeProblems(validateAssemblyVote({ ...vote, passed }), (f) => sectionTwoPath(f, VOTE_FIELDS, sent));
      if (showProblems(form, placed, setCheckError)) return false;
      await http.POST('/api/projects/{id}/assembly-votes', { params: { path: { id: view.id } }, body: { version: view.version, vote } });
      return true;
    },
    () => setOpen(false),
    onDone,
  );
  const { refused, alertRef } = useServerFieldErrors(form, dialog.error, pathOf);
  const countDeps = ['present', 'votesFor', 'votesAgainst', 'abstentions'];

  return (
    <>
      <Button type="primary" disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Drawer
        open={open}
        title={label}
        size={DRAWER_WIDTH}
        onClose={() => setOpen(false)}
        destroyOnHidden
        footer={<DrawerFooter okText="提交表决结果" sending={dialog.sending} onCancel={() => setOpen(false)} onOk={() => void dialog.submit()} />}
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Alert
            type="info"
            showIcon
            title="协商未通过的项目，提交村（居）民（代表）会议表决"
            description={`赞成票超过到会人数的半数为通过，通过的项目实施方案即为项目的协商结果。${study !== undefined ? `可行性研究分析结论：${study.summary}` : ''}`}
          />
          {refused !== null ? (
            <div ref={alertRef}>
              <ErrorAlert error={refused} />
            </div>
          ) : null}
          {checkError.length > 0 ? <Alert type="error" showIcon title="请修改以下内容后再提交" description={checkError.join('；')} /> : null}
          <Form form={form} layout="vertical" name="recordAssemblyVote" scrollToFirstError initialValues={{ result: plan, minutesAttachmentIds: [] }}>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="heldAt" label="表决时间" rules={meetingTimeRules('表决时间')}>
                  <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item
                  name="present"
                  label="到会人数"
                  dependencies={countDeps}
                  rules={[{ required: true, message: '请填写到会人数' }, countsRule('present')]}
                >
                  <InputNumber min={1} max={1_000_000} precision={0} suffix="人" style={{ width: 160 }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="votesFor" label="赞成" rules={[{ required: true, message: '请填写赞成票数' }, countsRule('votesFor')]}>
                  <InputNumber min={0} max={1_000_000} precision={0} suffix="票" style={{ width: 160 }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="votesAgainst" label="反对" rules={[{ required: true, message: '请填写反对票数' }, countsRule('votesAgainst')]}>
                  <InputNumber min={0} max={1_000_000} precision={0} suffix="票" style={{ width: 160 }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="abstentions" label="弃权" rules={[{ required: true, message: '请填写弃权票数' }, countsRule('abstentions')]}>
                  <InputNumber min={0} max={1_000_000} precision={0} suffix="票" style={{ width: 160 }} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item label="表决结果">
              <VoteOutcome values={watched} />
            </Form.Item>
            {passes ? (
              <div style={{ border: '1px solid #f0f0f0', borderRadius: 8, padding: '12px 16px', marginBottom: 16 }}>
                <Typography.Title level={5} style={{ marginTop: 0 }}>
                  表决通过的项目实施方案
                </Typography.Title>
                <ConsultationResultFields prefix={['result']} intro={`经村（居）民（代表）会议表决，确定项目实施如下${plan !== undefined ? '（已带出协商时讨论的方案，请按表决通过的内容核对）' : ''}：`} />
              </div>
            ) : null}
            <Form.Item name="minutesAttachmentIds" label="表决会议记录" rules={[{ required: true, type: 'array', min: 1, message: '请上传表决会议记录' }]}>
              <AttachmentField caseKind="project" caseId={view.id} kind="voteMinutes" existing={existingOf(view, 'voteMinutes')} />
            </Form.Item>
          </Form>
        </Space>
      </Drawer>
    </>
  );
}

export const CONSULTATION_STEPS: readonly StepAction[] = [
  { action: 'recordConsultation', Form: ConsultationForm },
  { action: 'recordFeasibilityStudy', Form: FeasibilityStudyForm },
  { action: 'recordAssemblyVote', Form: AssemblyVoteForm },
];
