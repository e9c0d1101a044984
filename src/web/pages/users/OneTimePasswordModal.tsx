/**
 * Shows a new account's or a reset account's one-time password, once: it cannot be seen again after closing.
 */
import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import type { UserWithOneTimePassword } from '../../api/models.js';

export function OneTimePasswordModal({
  result,
  reason,
  onClose,
}: {
  readonly result: UserWithOneTimePassword | null;
  readonly reason: 'created' | 'reset';
  readonly onClose: () => void;
}) {
  return (
    <Modal
      title={reason === 'created' ? '用户已创建' : '密码已重置'}
      open={result !== null}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          我已记下
        </Button>
      }
    >
      {result !== null ? (
        <>
          <Descriptions
            column={1}
            size="small"
            style={{ marginBottom: 16 }}
            items={[
              { key: 'username', label: '用户名', children: result.user.username },
              { key: 'displayName', label: '姓名', children: result.user.displayName },
              {
                key: 'password',
                label: '一次性密码',
                children: (
                  <Typography.Text code copyable={{ text: result.oneTimePassword, tooltips: ['复制', '已复制'] }} style={{ fontSize: 18 }} data-testid="one-time-password">
                    {result.oneTimePassword}
                  </Typography.Text>
                ),
              },
            ]}
          />
          <Alert
            type="warning"
            showIcon
            title="此密码只显示这一次"
            description="关闭后无法再次查看。请通过安全渠道告知本人；本人首次登录时须修改密码。"
          />
        </>
      ) : null}
    </Modal>
  );
}
