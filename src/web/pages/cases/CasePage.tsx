/**
 * A case on its own page (/demands/:id, /projects/:id), for a link to send, a bookmark or a second tab: a header with
 * its number, state, flags and the next deadline counting down; the actions its user may take now; and tabs with
 * the case's substance — for a project the 登记备案表 and 结项表 laid out like the official forms, publicity with its
 * objections and claims, the survey's outcome — its attachments with preview and download, every step's deadline and
 * the history with the feedbacks sent. The tab is kept in the address (?tab=). A case outside the user's
 * jurisdiction is answered as not found, as the server answers it (R0.8).
 */
import { ArrowLeftOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Result, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import type { CaseView } from '../../api/models.js';
import { useRequest } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { Page } from '../../components/Page.js';
import { weekdayOf } from '../../format.js';
import { SURVEY_QUESTIONS } from '../../../domain/forms/survey.js';
import { CaseActions, useActionOutcome, useAllowed } from './CaseActions.js';
import { CaseDeadlines } from './CaseDeadlines.js';
import { CaseHistory } from './CaseHistory.js';
import { CASE_NOUN, type CaseKind } from './case-format.js';
import { demandOf, projectOf } from './case-state.js';
import { Claims } from './Claims.js';
import { countdown, nextDeadline } from './countdown.js';
import { Objections } from './Objections.js';
import { AttachmentList } from './sheets/AttachmentList.js';
import { DocumentsTab } from './sheets/DocumentsTab.js';
import { FundsTab } from '../project-detail/FundsTab.js';
import { ClosureSheet } from './sheets/ClosureSheet.js';
import { DemandOverview, ProjectOverview } from './sheets/CaseOverview.js';
import { RegistrationSheet } from './sheets/RegistrationSheet.js';
import { SurveySheet } from './sheets/SurveySheet.js';

const LIST_PATH: Readonly<Record<CaseKind, string>> = { demand: '/demands', project: '/projects' };

/** Now, moved on every half minute so a countdown stays true on a page left open. */
function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

function numberOf(view: CaseView): string {
  return projectOf(view)?.code ?? demandOf(view)?.state.trackingNumber ?? '';
}

function Header({ view, now }: { readonly view: CaseView; readonly now: Date }) {
  const next = nextDeadline(view.deadlines);
  const left = next === undefined ? null : countdown(next.due, now);
  return (
    <Card size="small">
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Space size={8} wrap>
          <Typography.Text type="secondary">{numberOf(view)}</Typography.Text>
          <Tag color="blue">{view.statusLabel}</Tag>
          {view.flags.map((f) => (
            <Tag key={f.flag} color="warning">
              {f.label}
            </Tag>
          ))}
        </Space>
        {next !== undefined && left !== null ? (
          <Space size={8} wrap>
            <ClockCircleOutlined aria-hidden />
            <span>
              {next.label}：最迟 {next.dueDate}（{weekdayOf(next.dueDate)}）
            </span>
            <Tag color={left.overdue ? 'red' : next.status === 'dueSoon' ? 'warning' : 'blue'} style={{ fontSize: 14, padding: '2px 8px' }}>
              {left.text}
            </Tag>
          </Space>
        ) : (
          <Typography.Text type="secondary">当前没有进行中的办理期限</Typography.Text>
        )}
      </Flex>
    </Card>
  );
}

interface TabItem {
  readonly key: string;
  readonly label: string;
  readonly children: ReactNode;
}

export function CasePage({ kind }: { readonly kind: CaseKind }) {
  const params = useParams();
  const id = Number(params.id);
  const valid = Number.isSafeInteger(id) && id > 0;
  const [search, setSearch] = useSearchParams();
  const now = useNow();
  const view = useRequest(() => api.cases.view(kind, id), [kind, id], valid);
  const timeline = useRequest(() => api.cases.timeline(kind, id), [kind, id], valid);
  const outcome = useActionOutcome(() => {
    view.reload();
    timeline.reload();
  });
  const loaded = view.data;
  const may = useAllowed(kind, loaded?.status ?? '');
  const back = (
    <Link to={LIST_PATH[kind]}>
      <Button icon={<ArrowLeftOutlined />}>返回{CASE_NOUN[kind]}列表</Button>
    </Link>
  );

  if (!valid || view.error?.code === 'NOT_FOUND') {
    return <Result status="404" title={`未找到该${CASE_NOUN[kind]}`} subTitle={`${CASE_NOUN[kind]}不存在，或不在您的管辖范围内。`} extra={back} />;
  }
  if (loaded === undefined) {
    return (
      <Page title={CASE_NOUN[kind]} extra={back}>
        <ErrorAlert error={view.error} onRetry={view.reload} />
        {view.error === null ? <Spin description="正在加载…" /> : null}
      </Page>
    );
  }

  const project = projectOf(loaded);
  const demand = demandOf(loaded);
  const overdue = loaded.deadlines.filter((d) => d.status === 'overdue');
  const tabs: TabItem[] = [];
  if (demand !== null) {
    tabs.push({ key: 'overview', label: '诉求信息', children: <DemandOverview view={demand} /> });
  } else if (project !== null) {
    const s = project.state;
    tabs.push({ key: 'overview', label: '项目概况', children: <ProjectOverview view={project} now={now} /> });
    tabs.push({ key: 'registration', label: '登记备案表', children: <RegistrationSheet state={s} /> });
    if (s.publicity !== null || s.objections.length > 0 || s.claims.length > 0) {
      tabs.push({
        key: 'publicity',
        label: `公示与异议${s.objections.length > 0 ? `（${s.objections.length}）` : ''}`,
        children: (
          <Space orientation="vertical" size="large" style={{ width: '100%' }}>
            <div>
              <Typography.Title level={5}>公示异议</Typography.Title>
              <Objections view={loaded} mayAnswer={may('answerObjection')} onDone={(error) => outcome.done(error, '答复异议')} />
            </div>
            {s.claims.length > 0 ? (
              <div>
                <Typography.Title level={5}>莞家直达认领</Typography.Title>
                <Claims view={loaded} mayDecide={may('decideClaim')} onDone={(error) => outcome.done(error, '确认认领')} />
              </div>
            ) : null}
          </Space>
        ),
      });
    }
    if (s.closure !== null) tabs.push({ key: 'closure', label: '结项表', children: <ClosureSheet view={loaded} state={s} /> });
    if (s.survey.summary !== null) {
      tabs.push({
        key: 'survey',
        label: '满意度测评',
        children: (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <SurveySheet summary={s.survey.summary} rows={SURVEY_QUESTIONS} />
            <Typography.Text type="secondary">
              共 {s.survey.responses.length} 份测评表：线上 {s.survey.responses.filter((r) => r.source === 'online').length} 份，纸质 {s.survey.responses.filter((r) => r.source === 'paper').length} 份
            </Typography.Text>
          </Space>
        ),
      });
    }
  }
  if (project !== null) tabs.push({ key: 'documents', label: '文书打印', children: <DocumentsTab projectId={project.id} /> });
  if (project !== null && project.state.registration !== null) tabs.push({ key: 'funds', label: '资金', children: <FundsTab projectId={project.id} /> });
  tabs.push({ key: 'attachments', label: `附件（${loaded.attachments.length}）`, children: <AttachmentList attachments={loaded.attachments} /> });
  tabs.push({ key: 'deadlines', label: '办理期限', children: <CaseDeadlines deadlines={loaded.deadlines} loading={view.loading} /> });
  tabs.push({
    key: 'history',
    label: '办理记录与反馈',
    children: timeline.data !== undefined ? <CaseHistory timeline={timeline.data} /> : <ErrorAlert error={timeline.error} onRetry={timeline.reload} />,
  });
  const requested = search.get('tab');
  const active = tabs.some((t) => t.key === requested) ? (requested ?? 'overview') : 'overview';

  return (
    <Page title={`${CASE_NOUN[kind]}：${loaded.state.title}`} extra={back}>
      <Header view={loaded} now={now} />
      <ErrorAlert error={view.error} onRetry={view.reload} />
      <ErrorAlert error={outcome.error} />
      {overdue.length > 0 ? <Alert type="error" showIcon title={`已逾期：${overdue.map((d) => d.label).join('、')}`} /> : null}
      <CaseActions kind={kind} view={loaded} onDone={outcome.done} />
      <Card size="small">
        <Tabs
          activeKey={active}
          onChange={(key) =>
            setSearch(
              (prev) => {
                const next = new URLSearchParams(prev);
                if (key === 'overview') next.delete('tab');
                else next.set('tab', key);
                return next;
              },
              { replace: true },
            )
          }
          items={tabs.map((t) => ({ key: t.key, label: t.label, children: t.children }))}
        />
      </Card>
    </Page>
  );
}
