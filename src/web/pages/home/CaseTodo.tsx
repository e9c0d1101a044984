/**
 * 待办概览 on 工作台: for each role, the counts of cases waiting at the stages that role moves on, and the overdue steps
 * within the jurisdiction; each count opens its list already filtered.
 */
import { Card, Col, Row, Statistic } from 'antd';
import { useNavigate } from 'react-router';
import { api, http } from '../../api/client.js';
import { REVIEWS_PATH } from '../../navigation.js';
import type { CaseKind } from '../cases/case-format.js';
import { useRequest } from '../../api/useRequest.js';
import type { Role } from '../../../domain/access/roles.js';
import type { DemandStatus, ProjectStatus } from '../../../domain/lifecycle/statuses.js';

type Todo = { readonly label: string } & (
  | { readonly kind: 'demand'; readonly status: DemandStatus }
  | { readonly kind: 'project'; readonly status: ProjectStatus }
  /** R4.2 the projects waiting for the reviewer's own department, listed on 待我会审. */
  | { readonly kind: 'reviews'; readonly status: 'underReview' }
);

const TODOS: Readonly<Partial<Record<Role, readonly Todo[]>>> = {
  community_staff: [
    { kind: 'demand', status: 'assigned', label: '待接收诉求' },
    { kind: 'demand', status: 'acknowledged', label: '待研判诉求' },
    { kind: 'project', status: 'awaitingConsultation', label: '待协商项目' },
    { kind: 'project', status: 'publicityEnded', label: '待实施项目' },
    { kind: 'project', status: 'completed', label: '待结项项目' },
  ],
  town_staff: [
    { kind: 'demand', status: 'returned', label: '待重新交派诉求' },
    { kind: 'project', status: 'underReview', label: '待审核项目' },
    { kind: 'project', status: 'inPublicity', label: '公示中项目' },
    { kind: 'project', status: 'surveying', label: '测评中项目' },
  ],
  department_reviewer: [{ kind: 'reviews', status: 'underReview', label: '待会审项目' }],
  bureau_admin: [
    { kind: 'project', status: 'inPublicity', label: '公示中项目' },
    { kind: 'project', status: 'implementing', label: '实施中项目' },
  ],
  supervisor: [
    { kind: 'project', status: 'inPublicity', label: '公示中项目' },
    { kind: 'project', status: 'implementing', label: '实施中项目' },
  ],
};

const PATH: Readonly<Record<CaseKind, string>> = { demand: '/demands', project: '/projects' };

function count(t: Todo): Promise<number> {
  if (t.kind === 'reviews') return http.GET('/api/projects', { params: { query: { myOpinion: 'awaiting', limit: 1 } } }).then((r) => r.total);
  return api.cases.list(t.kind, { status: [t.status], limit: 1 }).then((r) => r.total);
}

function pathOf(t: Todo): string {
  return t.kind === 'reviews' ? REVIEWS_PATH : `${PATH[t.kind]}?status=${t.status}`;
}

async function countAll(todos: readonly Todo[]): Promise<{ overdue: number; counts: number[] }> {
  const [overdue, ...counts] = await Promise.all([
    api.deadlines.overdue(1, 0).then((r) => r.total),
    ...todos.map(count),
  ]);
  return { overdue: overdue ?? 0, counts };
}

export function CaseTodo({ role }: { readonly role: Role }) {
  const navigate = useNavigate();
  const todos = TODOS[role] ?? [];
  const data = useRequest(() => countAll(todos), [role]);
  const tile = (key: string, title: string, value: number | undefined, to: string, danger = false) => (
    <Col key={key} xs={12} sm={8} xl={4}>
      <Card hoverable size="small" onClick={() => void navigate(to)} role="link" aria-label={`${title}：${value ?? '…'}`}>
        <Statistic title={title} value={value ?? '-'} loading={data.loading} styles={{ content: danger && (value ?? 0) > 0 ? { color: '#cf1322' } : {} }} />
      </Card>
    </Col>
  );
  return (
    <Card title="待办概览" size="small">
      <Row gutter={[12, 12]}>
        {tile('overdue', '逾期环节', data.data?.overdue, '/overdue', true)}
        {todos.map((t, i) => tile(`${t.kind}-${t.status}`, t.label, data.data?.counts[i], pathOf(t)))}
      </Row>
    </Card>
  );
}
