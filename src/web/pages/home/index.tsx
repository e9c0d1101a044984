/**
 * 工作台: who is signed in, the cases waiting on the role and the overdue steps (待办概览), shortcuts to the pages the
 * role opens, and notices that concern everyone (a coming year whose holiday schedule is not yet entered).
 */
import { Alert, Card, Col, Descriptions, Row, Typography } from 'antd';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.js';
import { useRequest } from '../../api/useRequest.js';
import { useSession, useUser } from '../../auth/session.js';
import { Page } from '../../components/Page.js';
import { TIME_ZONE } from '../../locale.js';
import { HOME_PATH, WORKBENCH_ENTRIES, canOpen } from '../../navigation.js';
import { CaseTodo } from './CaseTodo.js';

export default function HomePage() {
  const user = useUser();
  const { can } = useSession();
  const navigate = useNavigate();
  const mayViewCalendar = can('viewCalendar');
  const years = useRequest(() => api.calendar.years(), [], mayViewCalendar);
  const nextYear = dayjs().tz(TIME_ZONE).year() + 1;
  const nextYearMissing = years.data !== undefined && !years.data.items.some((y) => y.year === nextYear);
  const shortcuts = WORKBENCH_ENTRIES.filter((r) => r.path !== HOME_PATH && r.inMenu && r.description !== undefined && canOpen(r, can));

  return (
    <Page title="工作台">
      <Card>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          您好，{user.displayName}
        </Typography.Title>
        <Descriptions
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'role', label: '角色', children: user.roleLabel },
            { key: 'unit', label: '所属单位', children: user.unit.name },
            { key: 'username', label: '用户名', children: user.username },
          ]}
        />
      </Card>
      {can('viewCase') ? <CaseTodo role={user.role} /> : null}
      {nextYearMissing ? (
        <Alert
          type="warning"
          showIcon
          title={`${nextYear} 年节假日安排尚未录入`}
          description={`跨入 ${nextYear} 年的期限暂按临时规则计算（周六、周日休息，不含法定节假日），并标注“临时计算”。国务院公布安排后由市民政局录入。`}
          action={
            <Typography.Link onClick={() => void navigate('/calendar')} style={{ whiteSpace: 'nowrap' }}>
              查看工作日历
            </Typography.Link>
          }
        />
      ) : null}
      <Row gutter={[16, 16]}>
        {shortcuts.map((r) => (
          <Col key={r.path} xs={24} sm={12} xl={6}>
            <Card hoverable onClick={() => void navigate(r.path)} style={{ height: '100%' }}>
              <Card.Meta
                avatar={<span style={{ fontSize: 24, color: '#1558b0' }}>{r.icon}</span>}
                title={r.label}
                description={r.description}
              />
            </Card>
          </Col>
        ))}
      </Row>
    </Page>
  );
}
