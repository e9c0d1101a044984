/**
 * A case's facts at a glance on its page. A demand: what was asked, where, by whom (masked for roles that may not see
 * it, R0.8), through which channel, its assignments and the 两委 meeting's decision (R2.1–R2.5), the project it
 * became and the demands merged into it (R2.6). A project: its place and year, the path it takes (R3.4, R3.5), the
 * agreed plan, publicity (R5.1, R5.2), implementation and closure, and the demands it answers.
 */
import { Descriptions, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import type { DemandView, ProjectView } from '../../../api/models.js';
import { formatDateTime, NONE, orNone } from '../../../format.js';
import { CHANNEL_INFO, FUND_SOURCE_LABELS, HANDLING_MODE_LABELS, PROPOSER_KIND_LABELS, PUBLICITY_CHANNEL_LABELS } from '../../../../domain/categories.js';
import { casePath } from '../case-format.js';
import { period, wan } from '../../reviews/review-format.js';

const multiline = { whiteSpace: 'pre-wrap' } as const;
const COLLECTION: Readonly<Record<string, string>> = { daily: '日常收集', centralized: '年度集中征集' };

function publicityChannel(id: string): string {
  return id in PUBLICITY_CHANNEL_LABELS ? PUBLICITY_CHANNEL_LABELS[id as keyof typeof PUBLICITY_CHANNEL_LABELS] : id;
}

function triageText(triage: NonNullable<DemandView['state']['triage']>): string {
  const o = triage.outcome;
  if (o.kind === 'adopt') return `纳入“民生微实事”办理，立项“${o.projectTitle}”`;
  if (o.kind === 'existingPolicy') return `由现行政策解决：${o.departmentName}${o.policyName === null ? '' : `（${o.policyName}）`}，联系人 ${o.contactName} ${o.contactPhone}`;
  return `不予采纳：${o.reason}`;
}

export function DemandOverview({ view }: { readonly view: DemandView }) {
  const s = view.state;
  return (
    <Descriptions bordered size="small" column={2} styles={{ label: { width: 120 } }}>
      <Descriptions.Item label="诉求编号">{s.trackingNumber}</Descriptions.Item>
      <Descriptions.Item label="登记时间">{formatDateTime(s.createdAt).slice(0, 16)}</Descriptions.Item>
      <Descriptions.Item label="诉求标题" span={2}>
        {s.title}
      </Descriptions.Item>
      <Descriptions.Item label="诉求内容" span={2}>
        <span style={multiline}>{s.description}</span>
      </Descriptions.Item>
      <Descriptions.Item label="地点" span={2}>
        {s.location}
      </Descriptions.Item>
      <Descriptions.Item label="提议人">
        {s.proposer.name}（{PROPOSER_KIND_LABELS[s.proposer.kind]}）
      </Descriptions.Item>
      <Descriptions.Item label="联系电话">{orNone(s.proposer.phone)}</Descriptions.Item>
      <Descriptions.Item label="来源渠道">{CHANNEL_INFO[s.channel].label}</Descriptions.Item>
      <Descriptions.Item label="收集方式">
        {COLLECTION[s.collection] ?? s.collection}（{s.year} 年度）
      </Descriptions.Item>
      <Descriptions.Item label="交派记录" span={2}>
        {s.assignments.map((a) => (
          <div key={a.assignedAt}>
            {formatDateTime(a.assignedAt).slice(0, 16)} 交派{a.communityName}
            {a.returnedAt !== null ? `，${formatDateTime(a.returnedAt).slice(0, 16)} 退回：${orNone(a.returnReason)}` : ''}
          </div>
        ))}
      </Descriptions.Item>
      <Descriptions.Item label="“两委”研判" span={2}>
        {s.triage === null ? (
          <Typography.Text type="secondary">尚未研判</Typography.Text>
        ) : (
          <>
            <div>{triageText(s.triage)}</div>
            <Typography.Text type="secondary">
              {formatDateTime(s.triage.meeting.heldAt).slice(0, 16)} 联席会议：{s.triage.meeting.summary}
            </Typography.Text>
          </>
        )}
      </Descriptions.Item>
      <Descriptions.Item label="关联项目" span={2}>
        {view.project === null ? (
          NONE
        ) : (
          <Link to={casePath('project', view.project.id)}>
            {view.project.code} {view.project.title}（{view.project.statusLabel}）
          </Link>
        )}
      </Descriptions.Item>
      {s.mergedInto !== null ? (
        <Descriptions.Item label="已合并入" span={2}>
          <Link to={casePath('demand', s.mergedInto)}>主诉求</Link>
        </Descriptions.Item>
      ) : null}
      {view.linkedDemands.length > 0 ? (
        <Descriptions.Item label="合并的诉求" span={2}>
          <Space orientation="vertical" size={0}>
            {view.linkedDemands.map((d) => (
              <Link key={d.id} to={casePath('demand', d.id)}>
                {d.trackingNumber} {d.title}（{d.statusLabel}）
              </Link>
            ))}
          </Space>
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}

const PATH_LABELS: Readonly<Record<string, string>> = { small: '5万元以下，村（社区）登记备案后直接组织实施', town: '报镇（街道）审核确认' };

export function ProjectOverview({ view, now }: { readonly view: ProjectView; readonly now: Date }) {
  const s = view.state;
  const plan = s.agreement?.result ?? null;
  const publicity = s.publicity;
  const daysLeft = publicity === null || publicity.endedAt !== null ? null : Math.max(0, Math.ceil((Date.parse(publicity.endsAt) - now.getTime()) / 86_400_000));
  return (
    <Descriptions bordered size="small" column={2} styles={{ label: { width: 120 } }}>
      <Descriptions.Item label="项目编号">{view.code}</Descriptions.Item>
      <Descriptions.Item label="村（社区）">{s.communityName}</Descriptions.Item>
      <Descriptions.Item label="项目名称" span={2}>
        {s.title}
      </Descriptions.Item>
      <Descriptions.Item label="年度">{s.year}</Descriptions.Item>
      <Descriptions.Item label="收集方式">{COLLECTION[s.collection] ?? s.collection}</Descriptions.Item>
      <Descriptions.Item label="办理路径" span={2}>
        {s.path === null ? '登记备案后确定' : (PATH_LABELS[s.path] ?? s.path)}
      </Descriptions.Item>
      {plan !== null ? (
        <>
          <Descriptions.Item label="经费预算">{wan(plan.budgetFen)}</Descriptions.Item>
          <Descriptions.Item label="办理方式">{HANDLING_MODE_LABELS[plan.handlingMode]}</Descriptions.Item>
          <Descriptions.Item label="经费来源" span={2}>
            {plan.fundSources.map((l) => `${FUND_SOURCE_LABELS[l.source]} ${wan(l.amountFen)}`).join('；') || NONE}
          </Descriptions.Item>
          <Descriptions.Item label="实施主体">{plan.implementer}</Descriptions.Item>
          <Descriptions.Item label="实施时限">{period(plan.implementationPeriod)}</Descriptions.Item>
          <Descriptions.Item label="惠及人群" span={2}>
            {plan.beneficiaries}
          </Descriptions.Item>
        </>
      ) : null}
      <Descriptions.Item label="公示" span={2}>
        {publicity === null ? (
          <Typography.Text type="secondary">尚未公示</Typography.Text>
        ) : (
          <>
            <div>
              {publicity.by === 'town' ? '镇（街道）' : '村（社区）'}公示 {publicity.days} 日：{formatDateTime(publicity.startedAt).slice(0, 10)} 至 {publicity.lastDay}
              {daysLeft !== null ? <Tag color="blue" style={{ marginInlineStart: 8 }}>公示中，还剩 {daysLeft} 天</Tag> : <Tag style={{ marginInlineStart: 8 }}>公示已结束</Tag>}
            </div>
            <Typography.Text type="secondary">公示途径：{publicity.channels.map(publicityChannel).join('、')}</Typography.Text>
          </>
        )}
      </Descriptions.Item>
      <Descriptions.Item label="实施">
        {s.implementationStartedAt === null ? '未开始' : `${formatDateTime(s.implementationStartedAt).slice(0, 10)} 开始`}
        {s.implementationCompletedAt === null ? '' : `，${formatDateTime(s.implementationCompletedAt).slice(0, 10)} 完成`}
      </Descriptions.Item>
      <Descriptions.Item label="办结">{s.closedAt === null ? '未办结' : formatDateTime(s.closedAt).slice(0, 10)}</Descriptions.Item>
      {s.termination !== null ? (
        <Descriptions.Item label="终止" span={2}>
          {formatDateTime(s.termination.at).slice(0, 10)}：{s.termination.reason}
        </Descriptions.Item>
      ) : null}
      <Descriptions.Item label="回应的诉求" span={2}>
        {view.demands.length === 0 ? (
          NONE
        ) : (
          <Space orientation="vertical" size={0}>
            {view.demands.map((d) => (
              <Link key={d.id} to={casePath('demand', d.id)}>
                {d.trackingNumber} {d.title}（{d.statusLabel}）
              </Link>
            ))}
          </Space>
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}
