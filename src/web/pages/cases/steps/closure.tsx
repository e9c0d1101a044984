/**
 * 提交结项表 (R6.1): the community files 东莞市“民生大莞家”服务项目结项表 (附件2) within 5 working days of finishing
 * the project, in the form's order and wording — 一、项目基本信息; 二、资金投入情况, the registered 预算投入 per fund
 * row (read-only) against the 实际投入 typed in 万元; 三、项目实施情况, the engineering half (施工内容、计量单位、工程量)
 * or the service half (服务时间、地点、参与人数) as the project's category applies; 四、项目成效 with its photos;
 * 五、满意度测评情况, the community's completed survey on the small path (R6.2) or nothing on the town path, whose
 * survey the town runs after receiving the form (R6.3) — and 备注's attachments as a checklist ticked as each file
 * arrives, the tender documents only where tendering applied. Nothing the domain's validateClosureForm would refuse
 * is sent; the server's field problems are shown on their fields.
 */
import { CheckCircleFilled, ExclamationCircleOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Col, DatePicker, Drawer, Form, Input, InputNumber, Radio, Row, Space, Tooltip, Typography, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, http } from '../../../api/client.js';
import type { ProjectView } from '../../../api/models.js';
import { AttachmentField, IMAGE_ACCEPT, type ExistingAttachment } from '../../../components/AttachmentField.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import type { AttachmentKind } from '../../../../domain/attachment-kinds.js';
import {
  CATEGORY_LABELS,
  CATEGORIES,
  CLOSURE_FUND_ROW_LABELS,
  CLOSURE_FUND_ROWS,
  HANDLING_MODE_LABELS,
  HANDLING_MODES,
  type ClosureFundRow,
} from '../../../../domain/categories.js';
import { fundRowsTotal } from '../../../../domain/forms/closure-form.js';
import { CLOSURE_SURVEY_ROWS } from '../../../../domain/forms/survey.js';
import { formatWan } from '../../../../domain/money.js';
import { useCaseDialog } from '../case-dialog.js';
import {
  actualTotal,
  attachmentItemsFor,
  attachmentRequired,
  buildClosure,
  closureFactsOf,
  implementationPeriodOf,
  parseActual,
  placeProblems,
  PHOTOS_MISSING,
  type ClosureFacts,
  type ClosureInput,
  type ClosureAttachmentItem,
  type PlacedProblems,
} from './closure-body.js';
import type { StepAction, StepFormProps } from './step-action.js';
import { SurveyCountsTable, SurveyFigures } from './survey-summary.js';

interface Values extends Omit<ClosureInput, 'periodStart' | 'periodEnd'> {
  readonly period?: readonly [Dayjs | null, Dayjs | null] | null;
}

const required = (message: string) => [{ required: true, whitespace: true, message }];

/** 2026-11-03 → 2026年11月03日, as the paper form writes a date. */
function dateText(date: string): string {
  const [y, m, d] = date.split('-');
  return `${y ?? ''}年${m ?? ''}月${d ?? ''}日`;
}

/** The row's name without the unit its column already says. */
function rowLabel(row: ClosureFundRow): string {
  return CLOSURE_FUND_ROW_LABELS[row].replace('（万元）', '');
}

function Section({ title, children }: { readonly title: string; readonly children: React.ReactNode }) {
  return (
    <section style={{ marginBottom: 8 }}>
      <Typography.Title level={5} style={{ marginTop: 8, paddingBottom: 4, borderBottom: '1px solid #f0f0f0' }}>
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}

function initialValues(view: ProjectView): Values {
  const { state } = view;
  const period = implementationPeriodOf(state);
  const result = state.agreement?.result;
  return {
    reportingUnit: state.registration?.communityName ?? state.communityName,
    projectName: state.registration?.basics.projectName ?? state.title,
    implementer: state.implementer ?? result?.implementer ?? '',
    period: period === null ? null : [dayjs(period.start), dayjs(period.end)],
    beneficiaries: result?.beneficiaries ?? '',
    actual: {},
    implementation: {},
    attachments: {},
    photoAttachmentIds: [],
  };
}

function inputOf(values: Values): ClosureInput {
  const [start, end] = values.period ?? [null, null];
  return { ...values, periodStart: start?.format('YYYY-MM-DD') ?? null, periodEnd: end?.format('YYYY-MM-DD') ?? null };
}

/** A figure inside a Form.Item that holds no value (the item's `value` and `onChange` are ignored). */
function Shown({ text }: { readonly text: string; readonly value?: unknown; readonly onChange?: unknown }) {
  return <Typography.Text strong>{text}</Typography.Text>;
}

/** 二、资金投入情况: per row the registered budget (read-only) against the actual figure typed in 万元. */
function FundTable({ facts, form }: { readonly facts: ClosureFacts; readonly form: FormInstance<Values> }) {
  const actual = Form.useWatch('actual', form);
  const total = actualTotal(actual);
  const cell = { padding: '6px 10px', border: '1px solid #f0f0f0', verticalAlign: 'middle' } as const;
  const head = { ...cell, background: '#fafafa', fontWeight: 500, textAlign: 'left' } as const;
  return (
    <table style={{ width: '100%', borderCollapse: 'collapse', marginBottom: 16 }}>
      <thead>
        <tr>
          <th style={head}>资金类别</th>
          <th style={{ ...head, width: 200 }}>预算投入（万元）</th>
          <th style={{ ...head, width: 280 }}>实际投入（万元）</th>
        </tr>
      </thead>
      <tbody>
        {CLOSURE_FUND_ROWS.map((row) => (
          <tr key={row}>
            <td style={cell}>{rowLabel(row)}</td>
            <td style={{ ...cell, textAlign: 'right' }}>{formatWan(facts.budget[row])}</td>
            <td style={cell}>
              <Form.Item
                name={['actual', row]}
                style={{ marginBottom: 0 }}
                rules={[
                  {
                    validator: (_r, value: string | undefined) => {
                      const parsed = parseActual(value);
                      return 'error' in parsed ? Promise.reject(new Error(parsed.error)) : Promise.resolve();
                    },
                  },
                ]}
              >
                <Input aria-label={`实际投入：${rowLabel(row)}`} inputMode="decimal" placeholder="0" suffix="万元" style={{ textAlign: 'right' }} />
              </Form.Item>
            </td>
          </tr>
        ))}
        <tr>
          <td style={{ ...cell, fontWeight: 500 }}>合计</td>
          <td style={{ ...cell, textAlign: 'right', fontWeight: 500 }}>{formatWan(fundRowsTotal(facts.budget))}</td>
          <td style={cell}>
            {/* Not a value of its own: the place where a problem of the whole 实际投入 is shown. */}
            <Form.Item name="actualTotal" style={{ marginBottom: 0 }}>
              <Shown text={total === null ? '--' : `${formatWan(total)} 万元`} />
            </Form.Item>
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** A rule: at least one file. */
function filesRequired(message: string) {
  return {
    validator: (_r: unknown, value: readonly number[] | undefined) => ((value?.length ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error(message))),
  };
}

/** 备注: the files to upload with the form, each ticked once a file of its kind is there. */
function AttachmentChecklist({ view, form }: { readonly view: ProjectView; readonly form: FormInstance<Values> }) {
  const attachments = Form.useWatch('attachments', form);
  const tendering = attachments?.tenderingApplied;
  const existingOf = (kind: AttachmentKind): ExistingAttachment[] =>
    view.attachments.filter((a) => a.ownerType === 'project' && a.kind === kind).map((a) => ({ id: a.id, filename: a.filename }));
  const items = attachmentItemsFor(tendering === true);
  const status = (item: ClosureAttachmentItem) => {
    const count = attachments?.[item.key]?.length ?? 0;
    if (count > 0) return <CheckCircleFilled style={{ color: '#52c41a', fontSize: 18 }} aria-label="已上传" />;
    if (attachmentRequired(item.key, tendering === true)) return <ExclamationCircleOutlined style={{ color: '#fa8c16', fontSize: 18 }} aria-label="待上传" />;
    return <MinusCircleOutlined style={{ color: '#bfbfbf', fontSize: 18 }} aria-label="如有请上传" />;
  };
  const mandatory = items.filter((i) => attachmentRequired(i.key, tendering === true));
  const done = mandatory.filter((i) => (attachments?.[i.key]?.length ?? 0) > 0).length;
  return (
    <>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        各村（社区）填报该表格时，需同步上传以下资料至系统归档（必需资料已上传 {done}/{mandatory.length}）：
      </Typography.Paragraph>
      <Form.Item
        name={['attachments', 'tenderingApplied']}
        label="项目是否开展招投标"
        extra="如项目无需开展招投标，则不需提供相关招投标文件"
        rules={[{ required: true, message: '请选择项目是否开展招投标' }]}
      >
        <Radio.Group
          options={[
            { value: true, label: '是' },
            { value: false, label: '否' },
          ]}
        />
      </Form.Item>
      <div style={{ display: 'grid', rowGap: 4 }}>
        {items.map((item) => (
          <div key={item.key} style={{ display: 'grid', gridTemplateColumns: '28px 1fr', columnGap: 8, padding: '8px 0', borderTop: '1px solid #f5f5f5' }}>
            <div style={{ paddingTop: 4 }}>{status(item)}</div>
            <Form.Item
              name={['attachments', item.key]}
              label={`${item.point === 4 ? '4. 其他资料：' : `${item.point}. `}${item.label}${attachmentRequired(item.key, tendering === true) ? '' : '（如有）'}`}
              required={attachmentRequired(item.key, tendering === true)}
              rules={attachmentRequired(item.key, tendering === true) ? [filesRequired(item.missing)] : []}
              style={{ marginBottom: 0 }}
            >
              <AttachmentField caseKind="project" caseId={view.id} kind={item.kind} existing={existingOf(item.kind)} />
            </Form.Item>
          </div>
        ))}
      </div>
    </>
  );
}

function ClosureSurvey({ facts }: { readonly facts: ClosureFacts }) {
  if (facts.path === 'town') {
    return <Alert type="info" showIcon title="5万元以上的项目无须填报本栏：镇（街道）接收结项表后5个工作日内开展满意度测评，测评结束后录入结果。" />;
  }
  if (facts.survey === null || !facts.survey.complete) {
    return <Alert type="warning" showIcon title="5万元以下的项目须先完成满意度测评，再填报结项表。" />;
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <SurveyFigures summary={facts.survey} extra={facts.survey.flagged ? `（不足${facts.survey.minRespondents}人，经镇（街道）批准）` : undefined} />
      <SurveyCountsTable summary={facts.survey} rows={CLOSURE_SURVEY_ROWS} />
    </Space>
  );
}

/** After a refused attempt, the first field with a problem is brought into view. */
function scrollToFirstProblem(form: Pick<FormInstance, 'getFieldsError' | 'scrollToField'>): void {
  const first = form.getFieldsError().find((f) => f.errors.length > 0);
  if (first !== undefined) form.scrollToField(first.name, { block: 'center', behavior: 'smooth' });
}

/** Each problem on the field it names (the form's names are nested paths). */
function showOnFields(form: Pick<FormInstance, 'setFields'>, placed: PlacedProblems): void {
  form.setFields(placed.onFields.map((f) => ({ name: [...f.name], errors: [...f.errors] })));
}

function ClosureForm({ view, label, disabled, onDone }: StepFormProps) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  /** What the form's own check found that no field shows. */
  const [localProblems, setLocalProblems] = useState<ApiError | null>(null);
  const facts = useMemo(() => closureFactsOf(view.state), [view.state]);
  const tendering = Form.useWatch('attachments', form)?.tenderingApplied;

  const { sending, error, submit } = useCaseDialog(
    form,
    async (values) => {
      if (facts === null) return false;
      setLocalProblems(null);
      const built = buildClosure(inputOf(values), facts);
      if (built.errors.length > 0) {
        const placed = placeProblems(built.errors);
        showOnFields(form, placed);
        if (placed.rest.length > 0) setLocalProblems(new ApiError(422, 'FORM_INVALID', '结项表填写不完整', placed.rest, null));
        return false;
      }
      await http.POST('/api/projects/{id}/closure', { params: { path: { id: view.id } }, body: { version: view.version, form: built.form } });
      return true;
    },
    () => setOpen(false),
    onDone,
  );

  // A refusal naming fields: each problem on its field, the others above the form.
  const serverPlaced = useMemo(() => (error === null ? null : placeProblems(error.fields)), [error]);
  useEffect(() => {
    if (serverPlaced !== null) showOnFields(form, serverPlaced);
  }, [serverPlaced, form]);
  const problems =
    error !== null && serverPlaced !== null ? new ApiError(error.status, error.code, error.message, serverPlaced.rest, error.requestId) : localProblems;

  // Tender documents are asked for only where tendering applied.
  useEffect(() => {
    if (tendering !== true) form.setFields([{ name: ['attachments', 'tenderDocumentIds'], errors: [] }]);
  }, [tendering, form]);

  if (facts === null) return null;
  const blocked = facts.path === 'small' && (facts.survey === null || !facts.survey.complete);

  return (
    <>
      <Tooltip title={blocked ? '5万元以下的项目须先完成满意度测评，再填报结项表' : undefined}>
        <Button type={blocked ? 'default' : 'primary'} disabled={disabled} onClick={() => setOpen(true)}>
          {label}
        </Button>
      </Tooltip>
      <Drawer
        open={open}
        title={label}
        size={960}
        onClose={() => setOpen(false)}
        forceRender
        footer={
          <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
            <Button onClick={() => setOpen(false)}>取消</Button>
            <Button
              type="primary"
              loading={sending}
              disabled={blocked}
              onClick={() => {
                void submit().then(() => scrollToFirstProblem(form));
              }}
            >
              {label}
            </Button>
          </Space>
        }
      >
        <Typography.Title level={4} style={{ textAlign: 'center', marginTop: 0, marginBottom: 0 }}>
          东莞市“民生大莞家”服务项目结项表
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
          （适用于“民生微实事”项目）
        </Typography.Paragraph>
        <Space orientation="vertical" style={{ width: '100%', marginBottom: problems !== null ? 12 : 0 }}>
          <ErrorAlert error={problems} />
        </Space>
        <Form form={form} layout="vertical" name="closure" initialValues={initialValues(view)} scrollToFirstError>
          <Form.Item name="reportingUnit" label="填报单位" rules={[...required('请填写填报单位'), { max: 100, message: '不超过100字' }]}>
            <Input maxLength={100} style={{ maxWidth: 420 }} />
          </Form.Item>

          <Section title="一、项目基本信息">
            <Form.Item name="projectName" label="项目名称" rules={[...required('请填写项目名称'), { max: 100, message: '不超过100字' }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Row gutter={24}>
              <Col span={12}>
                <Form.Item label="项目类型" extra="按登记备案表">
                  <Radio.Group value={facts.category} disabled options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item label="办理方式" extra="按协商结果">
                  <Radio.Group value={facts.handlingMode} disabled options={HANDLING_MODES.map((m) => ({ value: m, label: HANDLING_MODE_LABELS[m] }))} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item label="协商情况">
              <Typography.Text>于 {dateText(facts.consultationDate)} 经城乡社区协商会议研究讨论决定</Typography.Text>
            </Form.Item>
            <Row gutter={24}>
              <Col span={12}>
                <Form.Item name="implementer" label="实施主体" extra="填写企业、机构或个人名称" rules={[...required('请填写实施主体'), { max: 200, message: '不超过200字' }]}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="period" label="项目实施时间" rules={[{ required: true, message: '请选择项目实施时间' }]}>
                  <DatePicker.RangePicker format="YYYY年MM月DD日" placeholder={['开始日期', '结束日期']} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={24}>
              <Col span={16}>
                <Form.Item name="beneficiaries" label="受益对象" rules={[...required('请填写受益对象'), { max: 500, message: '不超过500字' }]}>
                  <Input maxLength={500} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="beneficiaryCount" label="受益人数" rules={[{ required: true, message: '请填写受益人数' }]}>
                  <InputNumber min={1} max={10_000_000} precision={0} suffix="人" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          </Section>

          <Section title="二、资金投入情况">
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              预算投入按登记备案表的资金来源填入（村（社区）自筹计入集体经济投入），不可修改；实际投入按实际支出填写，单位万元，最多6位小数。
            </Typography.Paragraph>
            <FundTable facts={facts} form={form} />
          </Section>

          <Section title="三、项目实施情况">
            {facts.category === 'engineering' ? (
              <>
                <Typography.Text strong>（一）便民工程项目</Typography.Text>
                <Form.Item
                  name={['implementation', 'workContent']}
                  label="施工内容"
                  style={{ marginTop: 8 }}
                  rules={[...required('请填写施工内容'), { max: 2000, message: '不超过2000字' }]}
                >
                  <Input.TextArea rows={3} maxLength={2000} showCount />
                </Form.Item>
                <Row gutter={24}>
                  <Col span={8}>
                    <Form.Item name={['implementation', 'unit']} label="计量单位" rules={[...required('请填写计量单位'), { max: 20, message: '不超过20字' }]}>
                      <Input maxLength={20} placeholder="例如：平方米" />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={['implementation', 'plannedQuantity']} label="计划工程量" rules={required('请填写计划工程量')}>
                      <Input maxLength={20} inputMode="decimal" />
                    </Form.Item>
                  </Col>
                  <Col span={8}>
                    <Form.Item name={['implementation', 'actualQuantity']} label="实际工程量" rules={required('请填写实际工程量')}>
                      <Input maxLength={20} inputMode="decimal" />
                    </Form.Item>
                  </Col>
                </Row>
              </>
            ) : (
              <>
                <Typography.Text strong>（二）公益服务项目</Typography.Text>
                <Row gutter={24} style={{ marginTop: 8 }}>
                  <Col span={12}>
                    <Form.Item name={['implementation', 'serviceTime']} label="服务时间" rules={[...required('请填写服务时间'), { max: 200, message: '不超过200字' }]}>
                      <Input maxLength={200} placeholder="例如：2026年11月每周六上午" />
                    </Form.Item>
                  </Col>
                  <Col span={12}>
                    <Form.Item name={['implementation', 'servicePlace']} label="服务地点" rules={[...required('请填写服务地点'), { max: 200, message: '不超过200字' }]}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item name={['implementation', 'participantCount']} label="参与人数" rules={[{ required: true, message: '请填写参与人数' }]}>
                  <InputNumber min={1} max={10_000_000} precision={0} suffix="人" style={{ width: 200 }} />
                </Form.Item>
              </>
            )}
          </Section>

          <Section title="四、项目成效">
            <Form.Item name="resultsText" label="项目成效" rules={[...required('请填写项目成效'), { max: 2000, message: '不超过2000字' }]}>
              <Input.TextArea rows={4} maxLength={2000} showCount />
            </Form.Item>
            <Form.Item name="photoAttachmentIds" label="照片（工程建设前后对比照片或现场活动照片、受助方感谢信息等）" required rules={[filesRequired(PHOTOS_MISSING)]}>
              <AttachmentField
                caseKind="project"
                caseId={view.id}
                kind="photo"
                accept={IMAGE_ACCEPT}
                existing={view.attachments.filter((a) => a.ownerType === 'project' && a.kind === 'photo').map((a) => ({ id: a.id, filename: a.filename }))}
              />
            </Form.Item>
          </Section>

          <Section title="五、满意度测评情况">
            <ClosureSurvey facts={facts} />
          </Section>

          <Section title="备注">
            <AttachmentChecklist view={view} form={form} />
          </Section>
        </Form>
      </Drawer>
    </>
  );
}

export const CLOSURE_STEPS: readonly StepAction[] = [{ action: 'submitClosure', Form: ClosureForm }];
