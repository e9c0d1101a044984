/**
 * 分配角色 (security administrator): a new role for an account, and a new unit when the old one does not suit it.
 */
import { Alert, Form, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import type { ApiError } from '../../api/client.js';
import { api } from '../../api/client.js';
import type { Role, UnitView, UserRecord } from '../../api/models.js';
import { toApiError } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { applyFieldErrors } from '../../components/form-errors.js';
import { ROLES, ROLE_LABELS } from '../../../domain/access/roles.js';
import { unitFits, unitOptions } from './unit-options.js';

interface RoleValues {
  readonly role: Role;
  readonly unitId?: number;
}

export function AssignRoleModal({
  user,
  units,
  onClose,
  onDone,
  onError,
}: {
  readonly user: UserRecord | null;
  readonly units: readonly UnitView[];
  readonly onClose: () => void;
  readonly onDone: (user: UserRecord) => void;
  readonly onError: (error: ApiError) => void;
}) {
  const [form] = Form.useForm<RoleValues>();
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const role = Form.useWatch('role', form);

  useEffect(() => {
    if (user === null) return;
    form.resetFields();
    form.setFieldsValue({ role: user.role, unitId: user.unit.id });
  }, [user, form]);

  const submit = async (values: RoleValues) => {
    if (user === null) return;
    setSaving(true);
    setError(null);
    try {
      const unitId = values.unitId !== undefined && values.unitId !== user.unit.id ? values.unitId : undefined;
      onDone(await api.users.assignRole(user.id, { version: user.version, role: values.role, ...(unitId !== undefined ? { unitId } : {}) }));
    } catch (err) {
      const apiError = toApiError(err);
      if (apiError.code === 'VERSION_CONFLICT') {
        onError(apiError);
        return;
      }
      const rest = applyFieldErrors(form, apiError, ['role', 'unitId']);
      setError(rest.length > 0 || apiError.fields.length === 0 ? apiError : null);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title={user === null ? '分配角色' : `分配角色：${user.username}（${user.displayName}）`}
      open={user !== null}
      okText="保存"
      confirmLoading={saving}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
      afterOpenChange={(opened) => {
        if (!opened) setError(null);
      }}
    >
      <Alert
        type="info"
        showIcon
        title="三员分立"
        description="系统管理员、安全管理员、审计管理员不得兼任，也不得办理业务；每个账号只有一个角色。"
        style={{ marginBottom: 16 }}
      />
      <ErrorAlert error={error} showFields={false} />
      <Form<RoleValues>
        name="assign-role"
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        onValuesChange={(changed: Partial<RoleValues>) => {
          const unitId = form.getFieldValue('unitId') as number | undefined;
          if (changed.role !== undefined && unitId !== undefined && !unitFits(units, unitId, changed.role)) form.setFieldValue('unitId', undefined);
        }}
        style={{ marginTop: 16 }}
      >
        <Form.Item label="角色" name="role" rules={[{ required: true, message: '请选择角色' }]}>
          <Select options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
        </Form.Item>
        <Form.Item label="所属单位" name="unitId" rules={[{ required: true, message: '该角色须属于相应单位，请选择' }]}>
          <Select showSearch={{ optionFilterProp: 'label' }} placeholder="请选择" options={unitOptions(units, role)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
