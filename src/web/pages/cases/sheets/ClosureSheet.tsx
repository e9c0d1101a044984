/**
 * The project's 结项表 (附件2) as a read view laid out like the form: 填报单位, 一 项目基本信息, 二 资金投入情况 (budget
 * against actual per fund row, in 万元 as the form prints them), 三 项目实施情况 (the engineering or the service half),
 * 四 项目成效 with its photos, 五 满意度测评情况, and the 备注 list of required attachments with those on file
 * marked (R6.1).
 */
import { CheckCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { Descriptions, Empty, Image, Space, Table, Typography, type TableColumnsType } from 'antd';
import type { CaseView, ProjectState } from '../../../api/models.js';
import { NONE } from '../../../format.js';
import { CATEGORY_LABELS, CLOSURE_FUND_ROW_LABELS, CLOSURE_FUND_ROWS, HANDLING_MODE_LABELS, type ClosureFundRow } from '../../../../domain/categories.js';
import { CLOSURE_SURVEY_ROWS } from '../../../../domain/forms/survey.js';
import { formatWan } from '../../../../domain/money.js';
import { previewUrl } from './attachment-urls.js';
import { SurveySheet } from './SurveySheet.js';

type Closure = NonNullable<ProjectState['closure']>;
type ClosureForm = Closure['form'];

const multiline = { whiteSpace: 'pre-wrap' } as const;

/** 备注's list (R6.1): item, the ids on file, and whether it applies. */
function requiredAttachments(form: ClosureForm): { readonly label: string; readonly ids: readonly number[]; readonly applies: boolean }[] {
  const a = form.attachments;
  return [
    { label: '1. “民生微实事”登记备案表（需加盖公章）', ids: a.stampedRegistrationIds, applies: true },
    { label: '2. 工程合同（服务协议）或帮扶协议', ids: a.agreementIds, applies: true },
    { label: '3. 发票', ids: a.invoiceIds, applies: true },
    { label: '4. 采购备案表', ids: a.procurementFilingIds, applies: true },
    { label: '4. 招投标文件', ids: a.tenderDocumentIds, applies: a.tenderingApplied },
    { label: '4. 供应方资质证明', ids: a.supplierQualificationIds, applies: true },
    { label: '4. 税务登记证明', ids: a.taxRegistrationIds, applies: true },
  ];
}

interface FundRow {
  readonly key: ClosureFundRow;
  readonly label: string;
  readonly budget: string;
  readonly actual: string;
}

const fundColumns: TableColumnsType<FundRow> = [
  { title: '资金', dataIndex: 'label' },
  { title: '预算投入', dataIndex: 'budget', width: 140, align: 'right' },
  { title: '实际投入', dataIndex: 'actual', width: 140, align: 'right' },
];

export function ClosureSheet({ view, state }: { readonly view: CaseView; readonly state: ProjectState }) {
  const closure = state.closure;
  if (closure === null) return <Empty description="结项表尚未填报" />;
  const { form } = closure;
  const funds: FundRow[] = CLOSURE_FUND_ROWS.map((row) => ({ key: row, label: CLOSURE_FUND_ROW_LABELS[row], budget: formatWan(form.budget[row]), actual: formatWan(form.actual[row]) }));
  const photos = view.attachments.filter((a) => form.photoAttachmentIds.includes(a.id));
  const impl = form.implementation;
  const consulted = form.consultationDate.split('-');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ textAlign: 'center', margin: 0 }}>
        东莞市“民生大莞家”服务项目结项表
      </Typography.Title>
      <Typography.Text>填报单位：{form.reportingUnit}</Typography.Text>

      <Typography.Title level={5} style={{ margin: 0 }}>
        一、项目基本信息
      </Typography.Title>
      <Descriptions bordered size="small" column={2} styles={{ label: { width: 120 } }}>
        <Descriptions.Item label="项目名称" span={2}>
          {form.projectName}
        </Descriptions.Item>
        <Descriptions.Item label="项目类型">{CATEGORY_LABELS[form.category]}</Descriptions.Item>
        <Descriptions.Item label="办理方式">{HANDLING_MODE_LABELS[form.handlingMode]}</Descriptions.Item>
        <Descriptions.Item label="协商情况" span={2}>
          于 {consulted[0]} 年 {consulted[1]} 月 {consulted[2]} 日经城乡社区协商会议研究讨论决定
        </Descriptions.Item>
        <Descriptions.Item label="实施主体" span={2}>
          {form.implementer}
        </Descriptions.Item>
        <Descriptions.Item label="项目实施时间" span={2}>
          {form.period.start} 至 {form.period.end}
        </Descriptions.Item>
        <Descriptions.Item label="受益对象">{form.beneficiaries}</Descriptions.Item>
        <Descriptions.Item label="受益人数">{form.beneficiaryCount} 人</Descriptions.Item>
      </Descriptions>

      <Typography.Title level={5} style={{ margin: 0 }}>
        二、资金投入情况
      </Typography.Title>
      <Table<FundRow> size="small" pagination={false} rowKey="key" columns={fundColumns} dataSource={funds} />

      <Typography.Title level={5} style={{ margin: 0 }}>
        三、项目实施情况
      </Typography.Title>
      {impl.kind === 'engineering' ? (
        <Descriptions bordered size="small" column={3} title="（一）便民工程项目" styles={{ label: { width: 100 } }}>
          <Descriptions.Item label="施工内容" span={3}>
            <span style={multiline}>{impl.workContent}</span>
          </Descriptions.Item>
          <Descriptions.Item label="计量单位">{impl.unit}</Descriptions.Item>
          <Descriptions.Item label="计划工程量">{impl.plannedQuantity}</Descriptions.Item>
          <Descriptions.Item label="实际工程量">{impl.actualQuantity}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Descriptions bordered size="small" column={3} title="（二）公益服务项目" styles={{ label: { width: 100 } }}>
          <Descriptions.Item label="服务时间">{impl.serviceTime}</Descriptions.Item>
          <Descriptions.Item label="服务地点">{impl.servicePlace}</Descriptions.Item>
          <Descriptions.Item label="参与人数">{impl.participantCount} 人</Descriptions.Item>
        </Descriptions>
      )}

      <Typography.Title level={5} style={{ margin: 0 }}>
        四、项目成效
      </Typography.Title>
      <Typography.Paragraph style={{ ...multiline, marginBottom: 0 }}>{form.resultsText === '' ? NONE : form.resultsText}</Typography.Paragraph>
      {photos.length > 0 ? (
        <Image.PreviewGroup>
          <Space wrap>
            {photos.map((p) => (
              <Image key={p.id} width={160} height={120} style={{ objectFit: 'cover' }} src={previewUrl(p.id)} alt={p.filename} />
            ))}
          </Space>
        </Image.PreviewGroup>
      ) : null}

      <Typography.Title level={5} style={{ margin: 0 }}>
        五、满意度测评情况
      </Typography.Title>
      {form.survey !== null ? (
        <SurveySheet summary={form.survey} rows={CLOSURE_SURVEY_ROWS} />
      ) : state.survey.summary !== null ? (
        <SurveySheet summary={state.survey.summary} rows={CLOSURE_SURVEY_ROWS} />
      ) : (
        <Typography.Text type="secondary">5万元以上项目由镇（街道）接收结项表后开展测评，测评结束后录入</Typography.Text>
      )}

      <Typography.Text strong>备注：同步上传归档的资料</Typography.Text>
      <ul style={{ margin: 0, paddingInlineStart: 0, listStyle: 'none' }}>
        {requiredAttachments(form).map((item) => (
          <li key={item.label} style={{ marginBottom: 4 }}>
            {!item.applies ? (
              <Typography.Text type="secondary">
                <MinusCircleOutlined /> {item.label}（项目无需开展招投标，不需提供）
              </Typography.Text>
            ) : item.ids.length > 0 ? (
              <span>
                <CheckCircleFilled style={{ color: '#237804' }} aria-label="已上传" /> {item.label}（已上传 {item.ids.length} 份）
              </span>
            ) : (
              <span>
                <MinusCircleOutlined aria-label="未上传" /> {item.label}（未上传）
              </span>
            )}
          </li>
        ))}
      </ul>
    </Space>
  );
}
