/**
 * The town's review of a 登记备案表 under review (附件1 section 三), two step forms:
 * - 登记盖章 (R4.3): the clerk records a department's stamp on the paper form — which department, who stamped, when,
 *   and the scanned page — beside which co-reviewing departments have stamped and which not;
 * - 镇街审核确认 (R4.1–R4.4): the town's decision, 专项资金资助 or 现行政策解决 with the follow-up department, its
 *   policy and contact, under the departments' opinions (four points each), with the 镇（街道）审核意见 sentence
 *   composed live by the domain exactly as it will be stored. Nothing the domain would refuse is sent; the server's
 *   field problems go beside their fields.
 */
import { Alert, Button, Collapse, DatePicker, Descriptions, Drawer, Empty, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { api, http } from '../../../api/client.js';
import type { ProjectView } from '../../../api/models.js';
import { useRequest } from '../../../api/useRequest.js';
import { useUser } from '../../../auth/session.js';
import { AttachmentField } from '../../../components/AttachmentField.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatDateTime } from '../../../format.js';
import { FUND_SOURCE_LABELS, HANDLING_MODE_LABELS } from '../../../../domain/categories.js';
import { REVIEW_POINT_LABELS, REVIEW_POINTS, type ReviewPoint, type ReviewVerdict } from '../../../../domain/forms/registration-form.js';
import { toLocalDate } from '../../../../domain/calendar/index.js';
import { RegistrationView } from '../../reviews/RegistrationView.js';
import { wan } from '../../reviews/review-format.js';
import { previewUrl } from '../sheets/attachment-urls.js';
import {
  DECISION_FIELDS,
  commentField,
  decisionBody,
  decisionFieldOf,
  decisionInputOf,
  decisionProblems,
  defaultTownOffice,
  opinionPreview,
  reviewContextOf,
  verdictField,
  verdictLabel,
  type DecisionValues,
  type Opinion,
  type ReviewContext,
} from './review-decision.js';
import { SpacedError, useStepDialog } from './review-dialog.js';
import { STAMP_FIELDS, departmentOptions, stampBody, stampFieldOf, stampProblems, stampRows, type Department, type StampValues } from './review-stamp.js';
import type { StepAction, StepFormProps } from './step-action.js';

// ------------------------------------------------------------------------------------------------ shared

/** The town's departments (职能部门) and the town's own name, loaded when a form opens. */
function useTownUnits(view: ProjectView, enabled: boolean) {
  const units = useRequest(() => api.units.list(), [], enabled);
  const ofTown = (units.data?.items ?? []).filter((u) => u.townId === view.state.townId);
  const departments: Department[] = ofTown.filter((u) => u.kind === 'department').map((u) => ({ id: u.id, name: u.name }));
  const townName = ofTown.find((u) => u.kind === 'town')?.name ?? null;
  return { loading: units.loading, error: units.error, departments, townName };
}

/** Which co-reviewing departments have stamped the 登记备案表 (who, when, the scan) and which not yet. */
function StampStatus({ ctx }: { readonly ctx: ReviewContext }) {
  const rows = stampRows(ctx);
  if (rows.length === 0) return <Typography.Text type="secondary">尚未指定会审部门，也未登记盖章</Typography.Text>;
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      {rows.map((r) => (
        <div key={r.departmentId}>
          <Typography.Text strong>{r.departmentName}</Typography.Text>
          {r.reviewer ? null : <Typography.Text type="secondary">（非会审部门）</Typography.Text>}
          {r.stamps.length === 0 ? (
            <Tag color="warning" style={{ marginInlineStart: 8 }}>
              未盖章
            </Tag>
          ) : (
            r.stamps.map((s) => (
              <span key={`${s.scanAttachmentId}`}>
                <Tag color="success" style={{ marginInlineStart: 8 }}>
                  已盖章
                </Tag>
                {s.stampedByName}，{s.stampedOn}，
                <a href={previewUrl(s.scanAttachmentId)} target="_blank" rel="noreferrer">
                  查看扫描件
                </a>
              </span>
            ))
          )}
        </div>
      ))}
    </Space>
  );
}

// ------------------------------------------------------------------------------------------------ 登记盖章 (R4.3)

function RecordStampForm({ view, label, disabled, onDone }: StepFormProps) {
  const user = useUser();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<StampValues>();
  const ctx = reviewContextOf(view.state);
  // A department's reviewer records the stamp of their own department only.
  const ownOnly = user.role === 'department_reviewer';
  const units = useTownUnits(view, open && !ownOnly);
  const departments: Department[] = ownOnly ? [{ id: user.unit.id, name: user.unit.name }] : units.departments;
  const today = toLocalDate(new Date());
  const cited = new Set(ctx.stamps.map((s) => s.scanAttachmentId));
  const existingScans = view.attachments.filter((a) => a.kind === 'stampScan' && !cited.has(a.id)).map((a) => ({ id: a.id, filename: a.filename }));

  const { sending, shownError, submit } = useStepDialog(
    form,
    {
      check: (values) => stampProblems(values, today),
      send: async (values) => {
        const body = stampBody(values, view.version, today);
        if (body === null) return false;
        await http.POST('/api/projects/{id}/stamps', { params: { path: { id: view.id } }, body });
        return true;
      },
      rename: stampFieldOf,
      names: STAMP_FIELDS,
    },
    () => setOpen(false),
    onDone,
  );

  return (
    <>
      <Button disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal
        open={open}
        title={`${label}（登记备案表）`}
        width={640}
        okText="登记"
        cancelText="取消"
        confirmLoading={sending}
        onOk={() => void submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <SpacedError error={shownError ?? units.error} />
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          认定由现行政策解决的项目，须经相关部门在纸质登记备案表上盖章后方可转交跟办部门。每次登记一个部门的盖章，并上传盖章页扫描件。
        </Typography.Paragraph>
        <div style={{ background: 'var(--ant-color-fill-quaternary, #fafafa)', padding: '8px 12px', borderRadius: 6, marginBottom: 16 }}>
          <Typography.Text type="secondary">盖章情况：</Typography.Text>
          <StampStatus ctx={ctx} />
        </div>
        <Form form={form} layout="vertical" name="recordStamp" preserve={false} initialValues={{ stampedOn: dayjs(today), ...(ownOnly ? { departmentId: user.unit.id } : {}) }}>
          <Form.Item name="departmentId" label="盖章部门" rules={[{ required: true, message: '请选择盖章部门' }]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              loading={units.loading}
              disabled={ownOnly}
              options={departmentOptions(departments, ctx)}
              placeholder="选择在登记备案表上盖章的职能部门"
            />
          </Form.Item>
          <Space size={16} style={{ display: 'flex' }} align="start">
            <Form.Item name="stampedByName" label="盖章经办人" rules={[{ required: true, whitespace: true, message: '请填写盖章经办人' }]} style={{ width: 260 }}>
              <Input maxLength={50} placeholder="例如：王国强" />
            </Form.Item>
            <Form.Item name="stampedOn" label="盖章日期" rules={[{ required: true, message: '请选择盖章日期' }]}>
              <DatePicker disabledDate={(d: Dayjs) => d.format('YYYY-MM-DD') > today} style={{ width: 180 }} />
            </Form.Item>
          </Space>
          <Form.Item name="scanAttachmentIds" label="盖章页扫描件（一份）" required>
            <AttachmentField caseKind="project" caseId={view.id} kind="stampScan" maxCount={1} existing={existingScans} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

// ------------------------------------------------------------------------------------------------ 镇街审核确认 (R4.1–R4.4)

const verdictTag = (point: ReviewPoint, verdict: ReviewVerdict) => <Tag color={verdict === 'yes' ? 'success' : 'warning'}>{verdictLabel(point, verdict)}</Tag>;

type OpinionRow = { readonly key: string; readonly label: string } & ({ readonly point: ReviewPoint } | { readonly point: null; readonly what: 'opinion' | 'recordedAt' });

/** 部门审核意见: one column per co-reviewing department, the four points with verdict and comment, then its opinion. */
function DepartmentOpinions({ ctx }: { readonly ctx: ReviewContext }) {
  if (ctx.reviewers.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未指定会审部门" />;
  const byDepartment = new Map<number, Opinion>(ctx.opinions.map((o) => [o.departmentId, o]));
  const rows: OpinionRow[] = [
    ...REVIEW_POINTS.map((point, i) => ({ key: point, label: `${i + 1}. ${REVIEW_POINT_LABELS[point]}`, point })),
    { key: 'opinion', label: '部门审核意见', point: null, what: 'opinion' as const },
    { key: 'recordedAt', label: '填报时间', point: null, what: 'recordedAt' as const },
  ];
  const columns: TableColumnsType<OpinionRow> = [
    { title: '审核内容', dataIndex: 'label', width: 200, render: (text: string) => <Typography.Text strong>{text}</Typography.Text> },
    ...ctx.reviewers.map((r) => ({
      key: String(r.departmentId),
      title: byDepartment.has(r.departmentId) ? (
        r.departmentName
      ) : (
        <Space size={4}>
          {r.departmentName}
          <Tag color="warning">未填报</Tag>
        </Space>
      ),
      render: (_: unknown, row: OpinionRow) => {
        const o = byDepartment.get(r.departmentId);
        if (o === undefined) return <Typography.Text type="secondary">--</Typography.Text>;
        if (row.point !== null) {
          const answer = o.points[row.point];
          return (
            <span>
              {verdictTag(row.point, answer.verdict)}
              {answer.comment}
            </span>
          );
        }
        return row.what === 'opinion' ? <span style={{ whiteSpace: 'pre-wrap' }}>{o.opinion}</span> : formatDateTime(o.recordedAt).slice(0, 16);
      },
    })),
  ];
  return <Table<OpinionRow> rowKey="key" size="small" bordered pagination={false} columns={columns} dataSource={rows} />;
}

/** What 是 means where it is not plainly good news. */
const POINT_HINTS: Readonly<Partial<Record<ReviewPoint, string>>> = {
  solvableOtherwise: '“可以”：应认定由现行政策解决；“不可以”：没有其他解决途径，可由专项资金资助。',
};

const OUTCOMES = [
  { value: 'specialFund', label: '专项资金资助', note: '属于“民生大莞家”服务范围，由“民生大莞家”服务机制解决' },
  { value: 'existingPolicy', label: '现行政策解决', note: '不属于“民生大莞家”服务范围，转交相关部门按原有政策办理' },
] as const;

/** R4.4 the sentence of section 三 as it will be stored, recomposed on every change. */
function OpinionPreviewBox({ values, ctx }: { readonly values: DecisionValues; readonly ctx: ReviewContext }) {
  const preview = opinionPreview(values, ctx);
  return (
    <div aria-live="polite" style={{ border: '1px solid var(--ant-color-border, #d9d9d9)', borderRadius: 6, padding: '8px 12px', background: 'var(--ant-color-fill-quaternary, #fafafa)' }}>
      <Space size={8} style={{ marginBottom: 4 }}>
        <Typography.Text strong>镇（街道）审核意见</Typography.Text>
        <Typography.Text type="secondary">由系统按所填内容生成，将写入登记备案表第三部分</Typography.Text>
        {preview !== null && !preview.complete ? <Tag color="warning">〔 〕处待填写</Tag> : null}
      </Space>
      {preview === null ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          请先选择审核结论。
        </Typography.Paragraph>
      ) : (
        <>
          <Typography.Paragraph style={{ marginBottom: 0, textIndent: '2em' }}>{preview.text}</Typography.Paragraph>
          <div style={{ textAlign: 'right' }}>{preview.signedBy}</div>
        </>
      )}
    </div>
  );
}

function DecideReviewForm({ view, label, disabled, onDone }: StepFormProps) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<DecisionValues>();
  const ctx = reviewContextOf(view.state);
  const units = useTownUnits(view, open);
  const values = (Form.useWatch((v: DecisionValues) => v, form) as DecisionValues | undefined) ?? {};
  const outcome = values.outcome;
  const registration = view.state.registration;
  const blocked = ctx.missingOpinions.length > 0;
  const [general, setGeneral] = useState<readonly string[]>([]);

  // The town's own name once the units are known: the office that signs and the budget the money comes from.
  const townName = units.townName;
  useEffect(() => {
    if (townName === null) return;
    if (!form.isFieldTouched('townOfficeName') && (form.getFieldValue('townOfficeName') ?? '') === '') form.setFieldValue('townOfficeName', defaultTownOffice(townName));
    if (!form.isFieldTouched('fiscalBudgetHolder') && (form.getFieldValue('fiscalBudgetHolder') ?? '') === '') form.setFieldValue('fiscalBudgetHolder', townName);
  }, [townName, form, open]);

  const problemsOf = (v: DecisionValues) => {
    const input = decisionInputOf(v);
    return input === null ? { fields: [], general: [] } : decisionProblems(input, ctx);
  };
  const { sending, shownError, submit } = useStepDialog(
    form,
    {
      check: (v) => {
        const problems = problemsOf(v);
        setGeneral(problems.general);
        return problems.fields;
      },
      send: async (v) => {
        const body = decisionBody(v, view.version);
        // A problem of the review as a whole (opinions or stamps missing) is shown beside the button; nothing is sent.
        if (body === null || problemsOf(v).general.length > 0) return false;
        await http.POST('/api/projects/{id}/review-decision', { params: { path: { id: view.id } }, body });
        return true;
      },
      rename: decisionFieldOf,
      names: DECISION_FIELDS,
    },
    () => setOpen(false),
    onDone,
  );

  /** A new outcome makes the last check's verdict messages wrong: they go, and the check runs again on sending. */
  const onValuesChange = (changed: DecisionValues) => {
    setGeneral([]);
    if ('outcome' in changed) form.setFields(DECISION_FIELDS.filter((f) => f.endsWith('.verdict')).map((name) => ({ name: name as keyof DecisionValues, errors: [] })));
  };
  const followUpId = values['followUp.departmentId'] ?? null;
  const followUpUnstamped =
    outcome !== 'existingPolicy'
      ? null
      : followUpId === null
        ? ctx.stamps.length === 0
          ? '尚无部门在登记备案表上盖章'
          : null
        : ctx.stamps.some((s) => s.departmentId === followUpId)
          ? null
          : `${units.departments.find((d) => d.id === followUpId)?.name ?? '该部门'}尚未在登记备案表上盖章`;
  const followUpOptions = units.departments.map((d) => ({ value: d.id, label: d.name }));
  const agreed = view.state.agreement?.result;

  return (
    <>
      <Button type="primary" disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Drawer
        open={open}
        title={`${label}（登记备案表 三、镇（街道）审核意见）`}
        size={960}
        onClose={() => setOpen(false)}
        destroyOnHidden
        footer={
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            {/* Refusals stay in sight beside the button, whatever part of the form is scrolled to. */}
            <ErrorAlert error={shownError} />
            {general.length > 0 ? <Alert type="error" showIcon title="暂不能确认" description={general.join('；')} /> : null}
            <OpinionPreviewBox values={values} ctx={ctx} />
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
              <Typography.Text type="secondary">
                确认后系统即时反馈提议人是否由现行政策解决或由专项资金资助
                {/* R4.6 a centrally collected project confirmed for the special fund enters the year's library. */}
                {outcome === 'specialFund' && view.state.collection === 'centralized' ? `；本项目为集中征集项目，确认后纳入${view.state.year}年度项目库` : ''}。
              </Typography.Text>
              <Space>
                <Button onClick={() => setOpen(false)}>取消</Button>
                <Button type="primary" loading={sending} disabled={blocked} onClick={() => void submit()}>
                  确认审核意见
                </Button>
              </Space>
            </div>
          </Space>
        }
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <ErrorAlert error={units.error} />
          {blocked ? (
            <Alert
              type="warning"
              showIcon
              title={`尚有部门未填报审核意见：${ctx.missingOpinions.map((r) => r.departmentName).join('、')}`}
              description="全部会审部门填报审核意见后，方可确认镇（街道）审核意见。"
            />
          ) : null}
          {registration !== null ? (
            <Collapse
              size="small"
              items={[{ key: 'form', label: `查看登记备案表一、二部分（${registration.communityName}提交）`, children: <RegistrationView registration={registration} /> }]}
            />
          ) : null}
          <div>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              部门审核意见
            </Typography.Title>
            <DepartmentOpinions ctx={ctx} />
            <div style={{ marginTop: 8 }}>
              <Typography.Text type="secondary">登记备案表盖章：</Typography.Text>
              <StampStatus ctx={ctx} />
            </div>
          </div>

          <Form form={form} layout="vertical" name="decideReview" disabled={sending} onValuesChange={onValuesChange}>
            <Typography.Title level={5}>镇（街道）审核</Typography.Title>
            <Form.Item name="outcome" label="审核结论" rules={[{ required: true, message: '请选择审核结论' }]}>
              <Radio.Group style={{ display: 'grid', rowGap: 6 }}>
                {OUTCOMES.map((o) => (
                  <Radio key={o.value} value={o.value}>
                    <Typography.Text strong>{o.label}</Typography.Text>
                    <Typography.Text type="secondary">：{o.note}</Typography.Text>
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>

            <Typography.Text strong>审核内容（逐项给出结论和意见）</Typography.Text>
            <div style={{ display: 'grid', gridTemplateColumns: '250px 150px 1fr', columnGap: 12, marginTop: 8 }}>
              {REVIEW_POINTS.map((point, i) => (
                <PointRow key={point} point={point} index={i} />
              ))}
            </div>

            {outcome === 'existingPolicy' ? (
              <>
                <Typography.Title level={5}>跟办部门及联系方式</Typography.Title>
                <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: 16 }}>
                  <Form.Item
                    name="followUp.departmentId"
                    label="跟办部门"
                    extra="本镇（街道）职能部门须先在登记备案表上盖章；不在列表中的部门清空后直接填写名称"
                  >
                    <Select
                      allowClear
                      showSearch={{ optionFilterProp: 'label' }}
                      loading={units.loading}
                      options={followUpOptions}
                      placeholder="选择本镇（街道）职能部门"
                      onChange={(id: number | undefined) => {
                        const unit = units.departments.find((d) => d.id === id);
                        if (unit !== undefined) form.setFields([{ name: 'followUp.departmentName', value: unit.name, errors: [] }]);
                      }}
                    />
                  </Form.Item>
                  <Form.Item name="followUp.departmentName" label="跟办部门名称" rules={[{ required: true, whitespace: true, message: '请填写跟办部门' }]}>
                    <Input maxLength={100} placeholder="例如：东城街道农林水务" />
                  </Form.Item>
                  {followUpUnstamped !== null ? (
                    <Alert
                      type="warning"
                      showIcon
                      style={{ gridColumn: '1 / span 2', marginBottom: 16 }}
                      title={followUpUnstamped}
                      description="认定由现行政策解决的项目，须先由相关部门在登记备案表上盖章（关闭本页，点“登记盖章”登记）。"
                    />
                  ) : null}
                  <Form.Item name="followUp.policyName" label="适用政策" rules={[{ required: true, whitespace: true, message: '请填写适用政策' }]} style={{ gridColumn: '1 / span 2' }}>
                    <Input maxLength={200} placeholder="例如：农村生活污水治理提质增效专项" />
                  </Form.Item>
                  <Form.Item name="followUp.contactName" label="跟办部门联系人" rules={[{ required: true, whitespace: true, message: '请填写跟办部门联系人' }]}>
                    <Input maxLength={50} />
                  </Form.Item>
                  <Form.Item name="followUp.contactPhone" label="联系电话" rules={[{ required: true, whitespace: true, message: '请填写跟办部门联系电话' }]}>
                    <Input maxLength={40} placeholder="手机或座机，例如 0769-22830606" />
                  </Form.Item>
                  <Form.Item
                    name="fiscalBudgetHolder"
                    label="经费列支"
                    extra="所需经费从该单位财政预算中列支"
                    rules={[{ required: true, whitespace: true, message: '请填写经费列支的财政预算单位' }]}
                  >
                    <Input maxLength={100} suffix="财政预算" />
                  </Form.Item>
                </div>
              </>
            ) : outcome === 'specialFund' && agreed !== undefined ? (
              <>
                <Typography.Title level={5}>办理途径与经费（取自协商结果）</Typography.Title>
                <Descriptions bordered size="small" column={2} styles={{ label: { width: 120 } }} style={{ marginBottom: 16 }}>
                  <Descriptions.Item label="办理方式">{HANDLING_MODE_LABELS[agreed.handlingMode]}</Descriptions.Item>
                  <Descriptions.Item label="经费预算">{wan(agreed.budgetFen)}</Descriptions.Item>
                  <Descriptions.Item label="经费来源" span={2}>
                    {agreed.fundSources.map((l) => `${FUND_SOURCE_LABELS[l.source]} ${wan(l.amountFen)}`).join('；')}
                  </Descriptions.Item>
                </Descriptions>
              </>
            ) : null}

            <Form.Item name="townOfficeName" label="审核单位（第三部分落款）" rules={[{ required: true, whitespace: true, message: '请填写审核单位名称' }]} style={{ maxWidth: 420 }}>
              <Input maxLength={100} placeholder="例如：东城街道公共服务办" />
            </Form.Item>
          </Form>
        </Space>
      </Drawer>
    </>
  );
}

/** One of the four points: its verdict and its comment, on one line. */
function PointRow({ point, index }: { readonly point: ReviewPoint; readonly index: number }) {
  const name = REVIEW_POINT_LABELS[point];
  return (
    <>
      <div style={{ paddingTop: 5, marginBottom: 12 }}>
        {index + 1}. {name}
        {POINT_HINTS[point] !== undefined ? (
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
            {POINT_HINTS[point]}
          </Typography.Paragraph>
        ) : null}
      </div>
      <Form.Item name={verdictField(point)} rules={[{ required: true, message: '请选择结论' }]} style={{ marginBottom: 12 }}>
        <Radio.Group
          aria-label={`第${index + 1}项结论`}
          options={[
            { value: 'yes', label: verdictLabel(point, 'yes') },
            { value: 'no', label: verdictLabel(point, 'no') },
          ]}
        />
      </Form.Item>
      <Form.Item name={commentField(point)} rules={[{ required: true, whitespace: true, message: `请填写「${name}」的审核意见` }]} style={{ marginBottom: 12 }}>
        <Input.TextArea aria-label={`第${index + 1}项意见`} autoSize={{ minRows: 1, maxRows: 3 }} maxLength={500} placeholder={`第${index + 1}项意见`} />
      </Form.Item>
    </>
  );
}

export const REVIEW_STEPS: readonly StepAction[] = [
  { action: 'recordStamp', Form: RecordStampForm },
  { action: 'decideReview', Form: DecideReviewForm },
];
