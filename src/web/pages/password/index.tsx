/**
 * 修改密码: the user's own password change. Forced after first sign-in or a reset (the layout sends the user here and
 * this page says why); shows the password policy and the server's problems beside the fields.
 */
import { Alert, App as AntApp, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { ApiError } from '../../api/client.js';
import { api } from '../../api/client.js';
import { toApiError } from '../../api/useRequest.js';
import { useSession, useUser } from '../../auth/session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { applyFieldErrors } from '../../components/form-errors.js';
import { Page } from '../../components/Page.js';
import { PASSWORD_MIN_LENGTH, characterClasses, checkPassword, type PasswordProblem } from '../../../domain/access/password-policy.js';
import { HOME_PATH } from '../../navigation.js';

interface PasswordValues {
  readonly currentPassword: string;
  readonly newPassword: string;
  readonly confirmPassword: string;
}

const FIELDS = ['currentPassword', 'newPassword'] as const;
const PROBLEM_CODES: readonly PasswordProblem['code'][] = ['TOO_SHORT', 'TOO_FEW_CLASSES', 'CONTAINS_USERNAME', 'WEAK'];

const POLICY = [
  `长度不少于 ${PASSWORD_MIN_LENGTH} 位`,
  '包含大写字母、小写字母、数字、符号中的至少三类',
  '不包含用户名（含倒序）',
  '不是常见密码，且不与当前密码相同',
] as const;

export default function PasswordPage() {
  const user = useUser();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<PasswordValues>();
  const [error, setError] = useState<ApiError | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const newPassword = Form.useWatch('newPassword', form) ?? '';

  const submit = async (values: PasswordValues) => {
    setSubmitting(true);
    setError(null);
    try {
      await api.session.changePassword(values.currentPassword, values.newPassword);
      await refresh();
      void message.success('密码已修改');
      void navigate(HOME_PATH, { replace: true });
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError.code === 'PASSWORD_INCORRECT') {
        form.setFields([{ name: 'currentPassword', errors: [apiError.message] }]);
        setError(null);
      } else {
        const rest = applyFieldErrors(form, apiError, FIELDS);
        setError(rest.length > 0 || apiError.fields.length === 0 ? apiError : null);
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Page title="修改密码">
      {user.mustChangePassword ? (
        <Alert
          type="warning"
          showIcon
          title="请先修改密码"
          description="您是首次登录，或密码已由管理员重置。为保障账号安全，修改密码后才能继续使用系统。"
          style={{ maxWidth: 640 }}
        />
      ) : null}
      <Card style={{ maxWidth: 640 }}>
        <Typography.Paragraph>
          账号：<Typography.Text strong>{user.username}</Typography.Text>
        </Typography.Paragraph>
        <Alert
          type="info"
          title="密码规则"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {POLICY.map((rule) => (
                <li key={rule}>{rule}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 16 }}
        />
        <ErrorAlert error={error} />
        <Form<PasswordValues>
          name="password"
          form={form}
          layout="vertical"
          requiredMark={false}
          disabled={submitting}
          onFinish={(v) => void submit(v)}
          style={{ marginTop: error === null ? 0 : 16 }}
        >
          <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            label="新密码"
            name="newPassword"
            extra={newPassword === '' ? undefined : `已包含 ${characterClasses(newPassword)} 类字符，${[...newPassword].length} 位`}
            rules={[
              { required: true, message: '请输入新密码' },
              // One rule per policy point, so each problem is listed on its own line.
              ...PROBLEM_CODES.map((code) => ({
                validator: (_rule: unknown, value: string | undefined) => {
                  if (value === undefined || value === '') return Promise.resolve();
                  const problem = checkPassword(value, user.username).find((p) => p.code === code);
                  return problem === undefined ? Promise.resolve() : Promise.reject(new Error(problem.message));
                },
              })),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            label="确认新密码"
            name="confirmPassword"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: (_rule, value: string | undefined) =>
                  value === undefined || value === '' || value === getFieldValue('newPassword')
                    ? Promise.resolve()
                    : Promise.reject(new Error('两次输入的新密码不一致')),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={submitting}>
            确认修改
          </Button>
        </Form>
      </Card>
    </Page>
  );
}
