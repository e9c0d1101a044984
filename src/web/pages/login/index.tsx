/**
 * 登录: username and password, the server's own Chinese message on failure, then on to where the user was going
 * (or to 修改密码 when the password must be changed first).
 */
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import type { ApiError } from '../../api/client.js';
import { toApiError } from '../../api/useRequest.js';
import { useSession } from '../../auth/session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { HOME_PATH, PASSWORD_PATH } from '../../navigation.js';

interface LoginValues {
  readonly username: string;
  readonly password: string;
}

/** Only paths inside this app: never an absolute URL taken from the query string. */
function safeRedirect(value: string | null): string {
  return value !== null && value.startsWith('/') && !value.startsWith('//') ? value : HOME_PATH;
}

export default function LoginPage() {
  const { user, login, endedBecause } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);

  if (user !== null && user !== undefined && !submitting) {
    return <Navigate to={user.mustChangePassword ? PASSWORD_PATH : safeRedirect(params.get('redirect'))} replace />;
  }

  const submit = async (values: LoginValues) => {
    setSubmitting(true);
    setError(null);
    try {
      const signedIn = await login(values.username.trim(), values.password);
      void navigate(signedIn.mustChangePassword ? PASSWORD_PATH : safeRedirect(params.get('redirect')), { replace: true });
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="msw-login">
      <Card style={{ width: 400, maxWidth: '100%', boxShadow: '0 8px 24px rgba(0,0,0,0.12)' }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <div className="msw-brand-mark" style={{ width: 44, height: 44, fontSize: 22, marginBottom: 12 }}>
            莞
          </div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            民生微实事 · 莞家
          </Typography.Title>
          <Typography.Text type="secondary">东莞市“民生大莞家”服务项目信息管理系统</Typography.Text>
        </div>
        {endedBecause !== null && error === null ? (
          <Alert type="info" showIcon title={endedBecause} style={{ marginBottom: 16 }} />
        ) : null}
        {error !== null ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={error} />
          </div>
        ) : null}
        <Form<LoginValues> name="login" layout="vertical" size="large" requiredMark={false} onFinish={(v) => void submit(v)} disabled={submitting}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus placeholder="用户名" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" placeholder="密码" />
          </Form.Item>
          <Form.Item style={{ marginBottom: 8 }}>
            <Button type="primary" htmlType="submit" block loading={submitting}>
              登录
            </Button>
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 13, textAlign: 'center' }}>
          忘记密码请联系系统管理员重置；账号被锁定请联系安全管理员解锁。
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
