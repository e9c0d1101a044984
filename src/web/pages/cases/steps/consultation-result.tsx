/**
 * The 协商结果 of 登记备案表 section 二 (附件1) as one sub-form, shared by the consultation, the 村（居）民（代表）会议
 * vote (the plan put to the vote) and, read-only, the registration: 1 建设（服务）内容, 2 惠及人群, 3 办理方式,
 * 4 经费预算 (万元), 5 经费来源 with an amount each and their running sum against the budget (R0.1: exact 分), 6 实施主体
 * （承接服务方）and 实施时限 (R3.1). Also the rules and the error placement the section's forms share.
 */
import { Checkbox, DatePicker, Descriptions, Flex, Form, Input, Radio, Tag, Typography, type FormInstance } from 'antd';
import { useEffect, useRef, type RefObject } from 'react';
import { ApiError } from '../../../api/client.js';
import type { ProjectState } from '../../../api/models.js';
import { applyFieldErrors } from '../../../components/form-errors.js';
import { NONE } from '../../../format.js';
import { FUND_SOURCE_LABELS, FUND_SOURCES, HANDLING_MODE_LABELS, HANDLING_MODES, type FundSource } from '../../../../domain/categories.js';
import { FieldErrors } from '../../../../domain/forms/field-errors.js';
import { formatWan, parseWan } from '../../../../domain/money.js';
import { fundSourcesProblem, fundSummary, type FieldPath, type FormProblem, type PlacedProblems, type ResultValues } from './consultation-values.js';

type Rule = NonNullable<React.ComponentProps<typeof Form.Item>['rules']>[number];

/** A required text of at most `max` characters, worded as the domain words it. */
export function textRules(label: string, max: number, verb = '填写'): Rule[] {
  return [
    { required: true, whitespace: true, message: `请${verb}${label}` },
    { max, message: `${label}不能超过${max}个字` },
  ];
}

/** A rule's verdict: passes on null, fails with the message. */
export function verdict(message: string | null): Promise<void> {
  return message === null ? Promise.resolve() : Promise.reject(new Error(message));
}

/** R0.1 the problem with an amount in 万元, or null: positive, parsed exactly by the domain (≤ 6 decimals, ≤ 10亿元). */
export function wanProblem(value: unknown, label: string): string | null {
  const parsed = parseWan(typeof value === 'string' ? value : '');
  if (!parsed.ok) return parsed.error.code === 'EMPTY' ? `请填写${label}` : parsed.error.message;
  const errors = new FieldErrors();
  return errors.fen('x', parsed.fen, label) ? null : (errors.errors[0]?.message ?? `${label}无效`);
}

export function wanRule(label: string): Rule {
  return { validator: (_rule, value: unknown) => verdict(wanProblem(value, label)) };
}

/** The amount input of the official forms: 万元 as text, so nothing is rounded. */
function WanInput({ id, value, onChange, disabled, label }: {
  readonly id?: string;
  readonly value?: string;
  readonly onChange?: (value: string) => void;
  readonly disabled?: boolean;
  readonly label?: string;
}) {
  return (
    <Input
      id={id}
      aria-label={label}
      value={value}
      onChange={(e) => onChange?.(e.target.value)}
      disabled={disabled}
      inputMode="decimal"
      suffix="万元"
      placeholder="如 4.8"
      style={{ width: 180 }}
    />
  );
}

/** The live sum of the ticked sources against the budget, in 万元, with the difference when they disagree. */
function FundSum({ prefix }: { readonly prefix: FieldPath }) {
  const form = Form.useFormInstance();
  const values = Form.useWatch(prefix, form) as ResultValues | undefined;
  const summary = fundSummary(values);
  if (summary.sources.length === 0) return <Typography.Text type="secondary">请勾选经费来源并填写各来源金额</Typography.Text>;
  const total = summary.totalFen === null ? NONE : formatWan(summary.totalFen);
  const budget = summary.budgetFen === null ? NONE : formatWan(summary.budgetFen);
  const diff = summary.differenceFen;
  return (
    <Flex gap={8} align="center" wrap aria-live="polite">
      <Typography.Text>
        各来源合计 <Typography.Text strong>{total}</Typography.Text> 万元，项目经费预算 <Typography.Text strong>{budget}</Typography.Text> 万元
      </Typography.Text>
      {diff === null ? null : diff === 0 ? (
        <Tag color="success">与预算一致</Tag>
      ) : (
        <Tag color="error">{diff > 0 ? `比预算多 ${formatWan(diff)} 万元` : `比预算少 ${formatWan(-diff)} 万元`}</Tag>
      )}
    </Flex>
  );
}

/** One row of 5 经费来源: the box as printed, and its amount once ticked. */
function FundLine({ prefix, source }: { readonly prefix: FieldPath; readonly source: FundSource }) {
  const form = Form.useFormInstance();
  const used = Form.useWatch([...prefix, 'funds', source, 'used'], form) === true;
  const label = FUND_SOURCE_LABELS[source];
  return (
    <Flex gap={12} align="flex-start">
      <Form.Item name={[...prefix, 'funds', source, 'used']} valuePropName="checked" style={{ width: 220, marginBottom: 8 }}>
        <Checkbox>{label}</Checkbox>
      </Form.Item>
      <Form.Item
        name={[...prefix, 'funds', source, 'amount']}
        rules={used ? [wanRule(`${label}金额`)] : []}
        style={{ marginBottom: 8 }}
      >
        <WanInput disabled={!used} label={`${label}金额（万元）`} />
      </Form.Item>
    </Flex>
  );
}

/**
 * 协商结果 items 1–6 and 实施时限 under `prefix` of the enclosing form. Every field is required (R3.1); the fund
 * sources must add up to the budget exactly, checked by the domain's validator before anything is sent.
 */
export function ConsultationResultFields({ prefix, intro = '经参会人员协商，确定项目实施如下：' }: { readonly prefix: FieldPath; readonly intro?: string }) {
  const sumDependencies = [[...prefix, 'budget'], ...FUND_SOURCES.flatMap((s) => [[...prefix, 'funds', s, 'used'], [...prefix, 'funds', s, 'amount']])];
  return (
    <>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
        {intro}
      </Typography.Paragraph>
      <Form.Item name={[...prefix, 'content']} label="1. 项目建设（服务）内容" rules={textRules('项目建设（服务）内容', 2000)}>
        <Input.TextArea rows={3} maxLength={2000} showCount placeholder="例如：为辖区60岁以上独居、高龄老人提供午餐配送，每周一至周五" />
      </Form.Item>
      <Form.Item name={[...prefix, 'beneficiaries']} label="2. 项目惠及人群" rules={textRules('项目惠及人群', 500)}>
        <Input maxLength={500} placeholder="例如：辖区独居及高龄老人约80人" />
      </Form.Item>
      <Form.Item
        name={[...prefix, 'handlingMode']}
        label="3. 项目办理方式"
        extra="具体办理方式可参考对应的《操作指引》"
        rules={[{ required: true, message: '请选择项目办理方式' }]}
      >
        <Radio.Group options={HANDLING_MODES.map((m) => ({ value: m, label: HANDLING_MODE_LABELS[m] }))} />
      </Form.Item>
      <Form.Item name={[...prefix, 'budget']} label="4. 项目经费预算（万元）" required rules={[wanRule('项目经费预算')]}>
        <WanInput label="项目经费预算（万元）" />
      </Form.Item>
      <Form.Item label="5. 项目经费来源" required style={{ marginBottom: 0 }}>
        {FUND_SOURCES.map((source) => (
          <FundLine key={source} prefix={prefix} source={source} />
        ))}
      </Form.Item>
      <Form.Item
        name={[...prefix, 'fundSum']}
        dependencies={sumDependencies}
        rules={[
          ({ getFieldValue }) => ({
            validator: () => verdict(fundSourcesProblem(getFieldValue(prefix) as ResultValues | undefined)),
          }),
        ]}
      >
        <FundSum prefix={prefix} />
      </Form.Item>
      <Form.Item name={[...prefix, 'implementer']} label="6. 实施主体（承接服务方）" rules={textRules('实施主体（承接服务方）', 200)}>
        <Input maxLength={200} placeholder="填写企业、机构或个人名称" />
      </Form.Item>
      <Form.Item
        name={[...prefix, 'period']}
        label="实施时限"
        required
        rules={[
          {
            validator: (_rule, value: unknown) =>
              verdict(Array.isArray(value) && value.length === 2 && value.every((d) => d != null) ? null : '请填写实施时限（开始和结束日期）'),
          },
        ]}
      >
        <DatePicker.RangePicker format="YYYY-MM-DD" placeholder={['开始日期', '结束日期']} />
      </Form.Item>
    </>
  );
}

type AgreedResult = NonNullable<ProjectState['agreement']>['result'];

/** A recorded 协商结果, read-only, worded as on 附件1. */
export function ConsultationResultView({ result }: { readonly result: AgreedResult }) {
  const funds = result.fundSources.map((line) => `${FUND_SOURCE_LABELS[line.source]} ${formatWan(line.amountFen)} 万元`).join('；');
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      styles={{ label: { width: 200 } }}
      items={[
        { key: 'content', label: '1. 项目建设（服务）内容', children: result.content },
        { key: 'beneficiaries', label: '2. 项目惠及人群', children: result.beneficiaries },
        { key: 'mode', label: '3. 项目办理方式', children: HANDLING_MODE_LABELS[result.handlingMode] },
        { key: 'budget', label: '4. 项目经费预算（万元）', children: formatWan(result.budgetFen) },
        { key: 'funds', label: '5. 项目经费来源', children: funds === '' ? NONE : funds },
        { key: 'implementer', label: '6. 实施主体（承接服务方）', children: result.implementer },
        { key: 'period', label: '实施时限', children: `${result.implementationPeriod.start} 至 ${result.implementationPeriod.end}` },
      ]}
    />
  );
}

/**
 * Shows problems found before sending (by the domain's validators): on their fields, and those without one through
 * `showRest`. True when there were any, and nothing is to be sent.
 */
export function showProblems(form: FormInstance, placed: PlacedProblems, showRest: (rest: string[]) => void): boolean {
  if (placed.onFields.length + placed.rest.length === 0) return false;
  form.setFields(placed.onFields.map((f) => ({ name: f.name, errors: f.errors })));
  showRest([...placed.rest]);
  return true;
}

/** Puts the problems of a conversion (an amount that is not one, no mode chosen) on their fields. */
export function showConversionProblems(form: FormInstance, problems: readonly FormProblem[]): void {
  form.setFields(problems.map((p) => ({ name: p.name, errors: [p.message] })));
}

/**
 * A refusal of the server naming fields: each problem the form has a field for is shown on it (through `pathOf`) and
 * the first is scrolled to; the others go to the alert (`alertRef`), scrolled to when no field was named. Returns the
 * refusal with only those others.
 */
export function useServerFieldErrors(
  form: FormInstance,
  error: ApiError | null,
  pathOf: (field: string) => FieldPath | null,
): { readonly refused: ApiError | null; readonly alertRef: RefObject<HTMLDivElement | null> } {
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error === null) return;
    const names = error.fields.map((f) => f.field.replace(/^body\./, '')).filter((f) => pathOf(f) !== null);
    // applyFieldErrors names each field as the server does; the form's own path is put in its place.
    const onPaths = {
      setFields: (fields: readonly { readonly name: unknown; readonly errors?: string[] }[]) =>
        form.setFields(
          fields.flatMap((f) => {
            const path = typeof f.name === 'string' ? pathOf(f.name) : null;
            return path === null ? [] : [{ name: path, errors: f.errors ?? [] }];
          }),
        ),
    };
    applyFieldErrors(onPaths, error, names);
    const first = names[0] === undefined ? null : pathOf(names[0]);
    if (first !== null) form.scrollToField(first, { block: 'center' });
    else alertRef.current?.scrollIntoView({ block: 'nearest' });
  }, [error, form, pathOf]);
  if (error === null) return { refused: null, alertRef };
  const rest = error.fields.filter((f) => pathOf(f.field.replace(/^body\./, '')) === null);
  return { refused: new ApiError(error.status, error.code, error.message, rest, error.requestId), alertRef };
}
