/**
 * 新增用户 and 编辑用户: the account's name, unit (limited to the kinds the role allows) and phone; new accounts also
 * get a username and a role. Server field problems appear beside the fields.
 */
import { Checkbox, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import type { ApiError } from '../../api/client.js';
import { api } from '../../api/client.js';
import type { Role, UnitView, UserRecord, UserWithOneTimePassword } from '../../api/models.js';
import { toApiError } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { applyFieldErrors } from '../../components/form-errors.js';
import { CREATABLE_ROLES, ROLE_LABELS } from '../../../domain/access/roles.js';
import { unitOptions } from './unit-options.js';

interface UserValues {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly unitId: number;
  readonly phone?: string;
  readonly clearPhone?: boolean;
}

const FIELDS = ['username', 'displayName', 'role', 'unitId', 'phone'] as const;
/** Only the roles an account may be created with (三员分立: administrator roles are granted by 分配角色). */
const ROLE_OPTIONS = CREATABLE_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

export type UserFormResult = { readonly kind: 'created'; readonly result: UserWithOneTimePassword } | { readonly kind: 'updated'; readonly user: UserRecord };

export function UserFormModal({
  editing,
  open,
  units,
  onClose,
  onDone,
  onError,
}: {
  /** The account to edit; null to create one. */
  readonly editing: UserRecord | null;
  readonly open: boolean;
  readonly units: readonly UnitView[];
  readonly onClose: () => void;
  readonly onDone: (result: UserFormResult) => void;
  /** Errors the form cannot show itself (e.g. a version conflict). */
  readonly onError: (error: ApiError) => void;
}) {
  const [form] = Form.useForm<UserValues>();
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const role = Form.useWatch('role', form) ?? editing?.role;
  const clearPhone = Form.useWatch('clearPhone', form) ?? false;

  // Fill the form as the modal opens (not after its animation, when the user may already be typing).
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing !== null) form.setFieldsValue({ displayName: editing.displayName, unitId: editing.unit.id });
  }, [open, editing, form]);

  const submit = async (values: UserValues) => {
    setSaving(true);
    setError(null);
    const phone = values.phone?.trim() ?? '';
    try {
      if (editing === null) {
        const result = await api.users.create({
          username: values.username.trim(),
          displayName: values.displayName.trim(),
          role: values.role,
          unitId: values.unitId,
          ...(phone !== '' ? { phone } : {}),
        });
        onDone({ kind: 'created', result });
      } else {
        const user = await api.users.update(editing.id, {
          version: editing.version,
          displayName: values.displayName.trim(),
          unitId: values.unitId,
          ...(values.clearPhone === true ? { phone: null } : phone !== '' ? { phone } : {}),
        });
        onDone({ kind: 'updated', user });
      }
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError.code === 'VERSION_CONFLICT') {
        onError(apiError);
        return;
      }
      const rest = applyFieldErrors(form, apiError, FIELDS);
      setError(rest.length > 0 || apiError.fields.length === 0 ? apiError : null);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={editing === null ? '新增用户' : `编辑用户：${editing.username}`}
      open={open}
      okText="保存"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      afterOpenChange={(opened) => {
        if (!opened) setError(null);
      }}
    >
      <ErrorAlert error={error} showFields={false} />
      <Form<UserValues>
        name="user"
        form={form}
        layout="vertical"
        requiredMark="optional"
        onFinish={(v) => void submit(v)}
        onValuesChange={(changed: Partial<UserValues>) => {
          if (changed.role !== undefined) form.setFieldValue('unitId', undefined);
        }}
        style={{ marginTop: 16 }}
      >
        {editing === null ? (
          <>
            <Form.Item
              label="用户名"
              name="username"
              rules={[
                { required: true, message: '请输入用户名' },
                { pattern: /^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, message: '3–32 位字母、数字、下划线、点或横线，字母开头' },
              ]}
            >
              <Input autoComplete="off" />
            </Form.Item>
            <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
              <Select options={ROLE_OPTIONS} placeholder="请选择" />
            </Form.Item>
          </>
        ) : null}
        <Form.Item label="姓名" name="displayName" rules={[{ required: true, whitespace: true, message: '请输入姓名' }, { max: 32, message: '不超过 32 字' }]}>
          <Input />
        </Form.Item>
        <Form.Item label="所属单位" name="unitId" rules={[{ required: true, message: '请选择所属单位' }]} extra={role === undefined ? '请先选择角色' : undefined}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="请选择"
            disabled={role === undefined}
            options={unitOptions(units, role)}
          />
        </Form.Item>
        <Form.Item
          label="手机号"
          name="phone"
          rules={[{ pattern: /^1[3-9]\d{9}$/, message: '请输入 11 位手机号' }]}
          extra={editing !== null && editing.phone !== null ? `当前：${editing.phone}；不修改请留空` : undefined}
        >
          <Input inputMode="numeric" maxLength={11} disabled={clearPhone} placeholder={editing === null ? '可不填' : '不修改请留空'} />
        </Form.Item>
        {editing !== null && editing.phone !== null ? (
          <Form.Item name="clearPhone" valuePropName="checked" style={{ marginTop: -8 }}>
            <Checkbox>清除手机号</Checkbox>
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
