/**
 * The 登记备案表 under review, read only: section 一 (项目基本信息) and section 二 (项目协商情况) as the community
 * submitted them (附件1), so the department reviews exactly what it answers for.
 */
import { Descriptions, Tag, Typography } from 'antd';
import {
  CATEGORY_LABELS,
  CONSULTATION_FORM_LABELS,
  FUND_SOURCE_LABELS,
  HANDLING_MODE_LABELS,
  PARTICIPANT_KIND_LABELS,
  SOURCE_CHANNEL_LABELS,
  SUBCATEGORIES,
} from '../../../domain/categories.js';
import { formatDateTime, NONE, orNone } from '../../format.js';
import type { Registration } from './review-state.js';
import { period, wan } from './review-format.js';

function withOther(labels: readonly string[], other: string | null): string {
  const all = other !== null && other.trim() !== '' ? [...labels.filter((l) => l !== '其他'), `其他：${other}`] : labels;
  return all.length === 0 ? NONE : all.join('、');
}

const multiline = { whiteSpace: 'pre-wrap' } as const;

export function RegistrationView({ registration }: { readonly registration: Registration }) {
  const { basics, consultation, assemblyVote, agreedResult } = registration;
  const sub = SUBCATEGORIES[basics.subcategory];
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        一、项目基本信息
      </Typography.Title>
      <Descriptions bordered size="small" column={2} styles={{ label: { width: 132 } }}>
        <Descriptions.Item label="项目名称" span={2}>
          {basics.projectName}
        </Descriptions.Item>
        <Descriptions.Item label="申报村（社区）">{registration.communityName}</Descriptions.Item>
        <Descriptions.Item label="项目预算">{wan(basics.budgetFen)}</Descriptions.Item>
        <Descriptions.Item label="项目类型" span={2}>
          {CATEGORY_LABELS[basics.category]}（{sub.code} {sub.label}）
        </Descriptions.Item>
        <Descriptions.Item label="项目内容" span={2}>
          <span style={multiline}>{basics.content}</span>
        </Descriptions.Item>
        <Descriptions.Item label="实施地点" span={2}>
          {basics.location}
        </Descriptions.Item>
        <Descriptions.Item label="项目联系人" span={2}>
          {basics.contact.name}（{orNone(basics.contact.title)}） {basics.contact.phone}
        </Descriptions.Item>
        <Descriptions.Item label="来源渠道" span={2}>
          {basics.sourceChannels.map((c) => SOURCE_CHANNEL_LABELS[c]).join('、') || NONE}
        </Descriptions.Item>
        {basics.overCapJustification !== null && basics.overCapJustification !== '' ? (
          <Descriptions.Item label={<Tag color="red">超限说明</Tag>} span={2}>
            <span style={multiline}>{basics.overCapJustification}</span>
          </Descriptions.Item>
        ) : null}
      </Descriptions>

      <Typography.Title level={5} style={{ marginTop: 20 }}>
        二、项目协商情况
      </Typography.Title>
      <Descriptions bordered size="small" column={2} styles={{ label: { width: 132 } }}>
        <Descriptions.Item label="协商时间">{formatDateTime(consultation.heldAt).slice(0, 16)}</Descriptions.Item>
        <Descriptions.Item label="协商地点">{consultation.place}</Descriptions.Item>
        <Descriptions.Item label="主持人">{consultation.hostName}</Descriptions.Item>
        <Descriptions.Item label="记录人">{consultation.recorderName}</Descriptions.Item>
        <Descriptions.Item label="协商形式" span={2}>
          {withOther(consultation.forms.map((f) => CONSULTATION_FORM_LABELS[f]), consultation.formOther)}
        </Descriptions.Item>
        <Descriptions.Item label="参与主体" span={2}>
          {withOther(consultation.participants.map((p) => PARTICIPANT_KIND_LABELS[p]), consultation.participantOther)}，合共 {consultation.headCount} 人
        </Descriptions.Item>
        <Descriptions.Item label="协商结果" span={2}>
          {consultation.passed ? (
            <Tag color="success">协商通过</Tag>
          ) : (
            <>
              <Tag color="warning">协商未通过</Tag>
              {assemblyVote !== null
                ? `经村（居）民（代表）会议表决${assemblyVote.passed ? '通过' : '未通过'}（${formatDateTime(assemblyVote.heldAt).slice(0, 10)}，到会 ${assemblyVote.present} 人，赞成 ${assemblyVote.votesFor} 票）`
                : null}
            </>
          )}
        </Descriptions.Item>
        <Descriptions.Item label="建设（服务）内容" span={2}>
          <span style={multiline}>{agreedResult.content}</span>
        </Descriptions.Item>
        <Descriptions.Item label="惠及人群" span={2}>
          {agreedResult.beneficiaries}
        </Descriptions.Item>
        <Descriptions.Item label="经费预算">{wan(agreedResult.budgetFen)}</Descriptions.Item>
        <Descriptions.Item label="办理方式">{HANDLING_MODE_LABELS[agreedResult.handlingMode]}</Descriptions.Item>
        <Descriptions.Item label="经费来源" span={2}>
          {agreedResult.fundSources.map((line) => `${FUND_SOURCE_LABELS[line.source]} ${wan(line.amountFen)}`).join('；') || NONE}
        </Descriptions.Item>
        <Descriptions.Item label="实施主体" span={2}>
          {agreedResult.implementer}
        </Descriptions.Item>
        <Descriptions.Item label="实施时限" span={2}>
          {period(agreedResult.implementationPeriod)}
        </Descriptions.Item>
      </Descriptions>
    </>
  );
}
