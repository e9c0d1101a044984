/**
 * 提交登记备案表 (R3.2) by the community, after a consultation or a vote agreed the project (and again after the town
 * returned it, R4.5): 附件1 section 一 项目基本信息 — 项目名称, 项目类别 (便民工程 / 公益服务 with the subcategories of R1.1),
 * 内容, 来源渠道 (derived from the demands' channels and proposer kinds, R2.2: shown, never typed), 实施地点,
 * 项目预算 (the agreed 协商结果's, in 万元), 联系人 / 职务 / 联系电话, and the 超限说明 when over the cap (R1.2) —
 * with section 二 as recorded, read-only, and before sending a notice of what follows: ≤ 5万元 and within the cap,
 * 备案 by the community and feedback to the proposers (R3.4); otherwise the town's review (R3.5, R1.2 超限).
 */
import { Alert, Button, Col, Descriptions, Drawer, Flex, Form, Input, Radio, Row, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api, http } from '../../../api/client.js';
import type { ProjectView } from '../../../api/models.js';
import { useRequest } from '../../../api/useRequest.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatDateTime, NONE } from '../../../format.js';
import {
  CATEGORIES,
  CATEGORY_LABELS,
  CHANNEL_INFO,
  CONSULTATION_FORM_LABELS,
  PARTICIPANT_KIND_LABELS,
  PROPOSER_KIND_LABELS,
  SOURCE_CHANNEL_LABELS,
  SOURCE_CHANNEL_OPTIONS,
  SUBCATEGORIES,
  type Category,
} from '../../../../domain/categories.js';
import { FieldErrors } from '../../../../domain/forms/field-errors.js';
import { validateRegistrationBasics } from '../../../../domain/forms/registration-form.js';
import { formatWan } from '../../../../domain/money.js';
import { DEFAULT_RULES_CONFIG } from '../../../../domain/rules-config.js';
import { useCaseDialog } from '../case-dialog.js';
import { ConsultationResultView, showProblems, textRules, useServerFieldErrors, verdict } from './consultation-result.js';
import { placeProblems } from './consultation-values.js';
import {
  derivedSourceChannels,
  pathNotice,
  registrationBasicsBody,
  registrationFieldPath,
  subcategoriesOf,
  type PathNotice,
  type RegistrationValues,
} from './registration-values.js';
import type { StepAction, StepFormProps } from './step-action.js';

const CONFIG = DEFAULT_RULES_CONFIG;
const SMALL_MAX = formatWan(CONFIG.smallPathMaxFen);

function phoneRule(_rule: unknown, value: unknown): Promise<void> {
  const errors = new FieldErrors();
  errors.phone('phone', typeof value === 'string' ? value : '', '联系电话');
  return verdict(errors.errors[0]?.message ?? null);
}

/** What follows submission, in words, before anything is sent. */
function PathAlert({ notice, budgetFen, category }: { readonly notice: PathNotice | null; readonly budgetFen: number; readonly category: Category | undefined }) {
  const budget = `${formatWan(budgetFen)}万元`;
  if (notice === null) {
    return <Alert type="info" showIcon title="选择项目类别后，这里显示提交后的办理路径" description={`项目经费预算${budget}。`} />;
  }
  const categoryLabel = category === undefined ? '' : CATEGORY_LABELS[category];
  if (notice.overCap) {
    return (
      <Alert
        type="warning"
        showIcon
        title="提交后报镇（街道）审核（超过原则上限）"
        description={`项目经费预算${budget}，超过${categoryLabel}${formatWan(notice.capFen)}万元的原则上限：须填写超限说明；无论金额大小均报镇（街道）“民生大莞家”牵头部门审核，并在列表、统计和导出中标记“超限”。`}
      />
    );
  }
  if (notice.path === 'town') {
    return (
      <Alert
        type="info"
        showIcon
        title="提交后报镇（街道）审核"
        description={`项目经费预算${budget}，超过${SMALL_MAX}万元：提交后由镇（街道）“民生大莞家”牵头部门会同相关职能部门在${CONFIG.reviewWorkingDays}个工作日内审核确认，确认后由镇（街道）公示，再组织实施。`}
      />
    );
  }
  return (
    <Alert
      type="success"
      showIcon
      title="提交后即完成备案，无须镇（街道）确认"
      description={`项目经费预算${budget}，不超过${SMALL_MAX}万元，且未超过${categoryLabel}${formatWan(notice.capFen)}万元的上限：提交后由本村（社区）备案，系统即向提议人反馈确认结果；之后由本村（社区）自行公示并组织实施。本村（社区）${CONFIG.splitWindowDays}日内同类别、同地点的${SMALL_MAX}万元以下项目合计超过${SMALL_MAX}万元的，系统将提示镇（街道）关注疑似拆分。`}
    />
  );
}

/** 二、项目协商情况 as recorded: the meeting, the vote that adopted the project if any, and the agreed 协商结果. */
function SectionTwo({ view }: { readonly view: ProjectView }) {
  const { state } = view;
  const consultation = state.consultations[state.consultations.length - 1];
  const agreement = state.agreement;
  if (consultation === undefined || agreement === null) return null;
  const vote = agreement.via === 'assemblyVote' ? state.assemblyVotes[state.assemblyVotes.length - 1] : undefined;
  const forms = consultation.forms.map((f) => (f === 'other' ? `其他形式（${consultation.formOther ?? ''}）` : CONSULTATION_FORM_LABELS[f])).join('、');
  const participants = consultation.participants.map((p) => (p === 'other' ? `其他（${consultation.participantOther ?? ''}）` : PARTICIPANT_KIND_LABELS[p])).join('、');
  const minutes = consultation.minutesAttachmentIds.length;
  const signIn = consultation.signInAttachmentIds.length;
  return (
    <Space orientation="vertical" size="small" style={{ width: '100%' }}>
      <Descriptions
        bordered
        size="small"
        column={2}
        styles={{ label: { width: 120 } }}
        items={[
          { key: 'heldAt', label: '协商时间', children: formatDateTime(consultation.heldAt) },
          { key: 'place', label: '协商地点', children: consultation.place },
          { key: 'host', label: '主持人', children: consultation.hostName },
          { key: 'recorder', label: '记录人', children: consultation.recorderName },
          { key: 'forms', label: '协商形式', span: 2, children: forms === '' ? NONE : forms },
          { key: 'participants', label: '参与主体', span: 2, children: `${participants === '' ? NONE : participants}，合共 ${consultation.headCount} 人` },
          { key: 'passed', label: '是否通过', span: 2, children: consultation.passed ? '协商通过' : '协商未通过' },
          ...(vote !== undefined
            ? [
                {
                  key: 'vote',
                  label: '会议表决',
                  span: 2,
                  children: `${formatDateTime(vote.heldAt)} 村（居）民（代表）会议表决通过：到会 ${vote.present} 人，赞成 ${vote.votesFor}、反对 ${vote.votesAgainst}、弃权 ${vote.abstentions}`,
                },
              ]
            : []),
          { key: 'files', label: '协商记录', span: 2, children: `会议记录 ${minutes} 份、签到表 ${signIn} 份（随登记备案表一并提交）` },
        ]}
      />
      <Typography.Text strong>{vote !== undefined ? '表决通过的协商结果' : '协商结果'}</Typography.Text>
      <ConsultationResultView result={agreement.result} />
    </Space>
  );
}

function initialValues(view: ProjectView): RegistrationValues {
  const basics = view.state.registration?.basics;
  if (basics !== undefined) {
    return {
      projectName: basics.projectName,
      category: basics.category,
      subcategory: basics.subcategory,
      content: basics.content,
      location: basics.location,
      contact: basics.contact,
      overCapJustification: basics.overCapJustification ?? undefined,
    };
  }
  return { projectName: view.state.title, content: view.state.agreement?.result.content };
}

function RegistrationForm({ view, label, disabled, onDone }: StepFormProps) {
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<RegistrationValues>();
  const [checkError, setCheckError] = useState<string[]>([]);
  const category = Form.useWatch('category', form);
  const subcategory = Form.useWatch('subcategory', form);
  const { state } = view;
  const agreement = state.agreement;
  const budgetFen = agreement?.result.budgetFen ?? 0;
  const notice = pathNotice(category, budgetFen, CONFIG);
  const returned = state.status === 'registrationReturned' ? (state.reviewRounds[state.reviewRounds.length - 1]?.returned ?? null) : null;
  const channels = derivedSourceChannels(state.sources);
  const trackingOf = new Map(view.demands.map((d) => [d.id, d.trackingNumber]));

  // 实施地点 starts from where the first demand is located (a fresh registration only).
  const firstDemand = state.registration === null ? state.demandIds[0] : undefined;
  const demand = useRequest(() => api.cases.view('demand', firstDemand ?? 0), [firstDemand], open && firstDemand !== undefined);
  const demandLocation = demand.data?.state.aggregate === 'demand' ? demand.data.state.location : null;
  useEffect(() => {
    if (demandLocation !== null && !form.isFieldTouched('location') && (form.getFieldValue('location') ?? '') === '') {
      form.setFieldValue('location', demandLocation);
    }
  }, [demandLocation, form]);

  const dialog = useCaseDialog(
    form,
    async (values) => {
      setCheckError([]);
      const basics = registrationBasicsBody(values, budgetFen, CONFIG);
      if (basics === null) return false;
      // Nothing the domain would refuse is sent.
      const placed = placeProblems(validateRegistrationBasics(basics, CONFIG), registrationFieldPath);
      if (showProblems(form, placed, setCheckError)) return false;
      await http.POST('/api/projects/{id}/registration', { params: { path: { id: view.id } }, body: { version: view.version, basics } });
      return true;
    },
    () => setOpen(false),
    onDone,
  );
  const { refused, alertRef } = useServerFieldErrors(form, dialog.error, registrationFieldPath);
  const okText = notice?.path === 'small' ? '提交备案' : notice?.path === 'town' ? '提交镇（街道）审核' : '提交登记备案表';
  const hints = subcategory !== undefined ? SUBCATEGORIES[subcategory].hints : [];

  return (
    <>
      <Button type="primary" disabled={disabled} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Drawer
        open={open}
        title={`${label}（${state.communityName}）`}
        size={960}
        onClose={() => setOpen(false)}
        destroyOnHidden
        footer={
          <Flex justify="space-between" align="center" gap={12}>
            <Flex gap={8} align="center">
              {notice === null ? null : notice.path === 'small' ? <Tag color="success">村（社区）备案</Tag> : <Tag color={notice.overCap ? 'warning' : 'processing'}>{notice.overCap ? '超限 · 报镇（街道）审核' : '报镇（街道）审核'}</Tag>}
              <Typography.Text type="secondary">
                {notice === null
                  ? '请先选择项目类别'
                  : notice.path === 'small'
                    ? `${formatWan(budgetFen)}万元，不超过${SMALL_MAX}万元：提交后即备案，并反馈提议人`
                    : `${formatWan(budgetFen)}万元：提交后报镇（街道）审核确认`}
              </Typography.Text>
            </Flex>
            <Flex gap={8}>
              <Button onClick={() => setOpen(false)}>取消</Button>
              <Button type="primary" loading={dialog.sending} onClick={() => void dialog.submit()}>
                {okText}
              </Button>
            </Flex>
          </Flex>
        }
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {returned !== null ? <Alert type="warning" showIcon title="镇（街道）退回修改" description={`${formatDateTime(returned.at)}：${returned.reason}`} /> : null}
          <PathAlert notice={notice} budgetFen={budgetFen} category={category} />
          {refused !== null ? (
            <div ref={alertRef}>
              <ErrorAlert error={refused} />
            </div>
          ) : null}
          {checkError.length > 0 ? <Alert type="error" showIcon title="请修改以下内容后再提交" description={checkError.join('；')} /> : null}
          <Typography.Title level={5} style={{ margin: 0 }}>
            一、项目基本信息
          </Typography.Title>
          <Form form={form} layout="vertical" name="submitRegistration" scrollToFirstError initialValues={initialValues(view)}>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item label="申报村（社区）">
                  <Input value={state.communityName} readOnly variant="filled" aria-readonly aria-label="申报村（社区）" />
                </Form.Item>
              </Col>
              <Col span={16}>
                <Form.Item name="projectName" label="项目名称" rules={textRules('项目名称', 100)}>
                  <Input maxLength={100} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col span={10}>
                <Form.Item name="category" label="项目内容 · 类别" rules={[{ required: true, message: '请选择项目类别' }]}>
                  <Radio.Group
                    options={CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))}
                    onChange={() => form.setFieldValue('subcategory', undefined)}
                  />
                </Form.Item>
              </Col>
              <Col span={14}>
                <Form.Item
                  name="subcategory"
                  label="细类"
                  rules={[{ required: true, message: '请选择项目细类' }]}
                  extra={hints.length > 0 ? `参考：${hints.join('、')}` : undefined}
                >
                  <Select
                    placeholder={category === undefined ? '请先选择类别' : '请选择细类'}
                    disabled={category === undefined}
                    options={subcategoriesOf(category).map((code) => ({ value: code, label: SUBCATEGORIES[code].label }))}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="content" label="内容" extra="具体内容结合“民生微实事”服务内容填写" rules={textRules('项目内容', 2000)}>
              <Input.TextArea rows={3} maxLength={2000} showCount />
            </Form.Item>
            <Form.Item
              label="来源渠道"
              extra={`由项目所回应诉求的来源渠道和提议人类别自动得出：${state.sources
                .map((s) => `${trackingOf.get(s.demandId) ?? `诉求${s.demandId}`}（${CHANNEL_INFO[s.channel].label}，${PROPOSER_KIND_LABELS[s.proposerKind]}）`)
                .join('；')}`}
            >
              <div role="list" aria-label="来源渠道（自动得出）" style={{ display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', rowGap: 6 }}>
                {SOURCE_CHANNEL_OPTIONS.map((o) => {
                  const ticked = channels.includes(o);
                  return (
                    <Typography.Text key={o} role="listitem" strong={ticked} type={ticked ? undefined : 'secondary'}>
                      {ticked ? '☑' : '☐'} {SOURCE_CHANNEL_LABELS[o]}
                    </Typography.Text>
                  );
                })}
              </div>
            </Form.Item>
            <Row gutter={16}>
              <Col span={16}>
                <Form.Item name="location" label="实施地点" rules={textRules('实施地点', 200)}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item label="项目预算（万元）" extra="与协商结果的经费预算一致">
                  <Typography.Text strong>{formatWan(budgetFen)}</Typography.Text>
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={['contact', 'name']} label="项目联系人" rules={textRules('项目联系人', 50)}>
                  <Input maxLength={50} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={['contact', 'title']} label="职务" rules={textRules('联系人职务', 50)}>
                  <Input maxLength={50} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={['contact', 'phone']} label="联系电话" required rules={[{ validator: phoneRule }]}>
                  <Input maxLength={40} inputMode="tel" />
                </Form.Item>
              </Col>
            </Row>
            {notice?.overCap === true ? (
              <Form.Item
                name="overCapJustification"
                label="超限说明"
                extra={`超过原则上限的项目须书面说明理由，不少于${CONFIG.overCapJustificationMinLength}字`}
                rules={[
                  ...textRules('超限说明', 2000),
                  {
                    validator: (_rule: unknown, value: unknown) =>
                      verdict(
                        typeof value === 'string' && value.trim() !== '' && [...value.trim()].length < CONFIG.overCapJustificationMinLength
                          ? `超限说明不少于${CONFIG.overCapJustificationMinLength}字`
                          : null,
                      ),
                  },
                ]}
              >
                <Input.TextArea rows={3} maxLength={2000} showCount />
              </Form.Item>
            ) : null}
          </Form>
          <Typography.Title level={5} style={{ margin: 0 }}>
            二、项目协商情况
          </Typography.Title>
          <SectionTwo view={view} />
        </Space>
      </Drawer>
    </>
  );
}

export const REGISTRATION_STEPS: readonly StepAction[] = [{ action: 'submitRegistration', Form: RegistrationForm }];
