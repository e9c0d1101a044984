/**
 * 个人信息: the signed-in user's name, username, role, unit and jurisdiction, with the way to change the password.
 */
import { KeyOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Skeleton, Tag } from 'antd';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.js';
import type { UnitView } from '../../api/models.js';
import { useRequest } from '../../api/useRequest.js';
import { useSession, useUser } from '../../auth/session.js';
import { Page } from '../../components/Page.js';
import { NONE } from '../../format.js';
import { PASSWORD_PATH } from '../../navigation.js';
import { UNIT_KIND_LABELS } from '../../../domain/access/roles.js';

function jurisdictionText(scope: UnitView): string {
  switch (scope.kind) {
    case 'city':
      return `${scope.name}全市`;
    case 'town':
      return `${scope.name}及下属村（社区）、职能部门`;
    case 'community':
    case 'department':
    case 'bureau':
      return scope.name;
  }
}

export default function ProfilePage() {
  const user = useUser();
  const { can } = useSession();
  const navigate = useNavigate();
  // The jurisdiction is a unit id in the session; its name comes from the units the user may see.
  const units = useRequest(() => api.units.list(), [], can('viewOrgTree'));
  const scope = units.data?.items.find((u) => u.id === user.scopeUnitId);
  const jurisdiction = units.loading ? <Skeleton.Input active size="small" /> : scope !== undefined ? jurisdictionText(scope) : NONE;

  return (
    <Page
      title="个人信息"
      extra={
        can('changePassword') ? (
          <Button icon={<KeyOutlined />} onClick={() => void navigate(PASSWORD_PATH)}>
            修改密码
          </Button>
        ) : undefined
      }
    >
      <Card>
        <Descriptions
          bordered
          column={1}
          styles={{ label: { width: 160 } }}
          items={[
            { key: 'displayName', label: '姓名', children: user.displayName },
            { key: 'username', label: '用户名', children: user.username },
            { key: 'role', label: '角色', children: user.roleLabel },
            {
              key: 'unit',
              label: '所属单位',
              children: (
                <>
                  {user.unit.name}
                  <Tag style={{ marginInlineStart: 8 }}>{UNIT_KIND_LABELS[user.unit.kind]}</Tag>
                </>
              ),
            },
            { key: 'scope', label: '管辖范围', children: jurisdiction },
          ]}
        />
      </Card>
    </Page>
  );
}
