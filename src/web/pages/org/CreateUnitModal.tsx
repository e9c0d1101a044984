/**
 * 新增单位: a 村（社区） or a 职能部门 under a 镇（街道）, with the server's field problems beside the fields.
 */
import { App as AntApp, Form, Input, Modal, Radio, Select } from 'antd';
import { useEffect, useState } from 'react';
import type { ApiError } from '../../api/client.js';
import { api } from '../../api/client.js';
import type { NewUnit, UnitView } from '../../api/models.js';
import { toApiError } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { applyFieldErrors } from '../../components/form-errors.js';

interface UnitValues {
  readonly kind: 'community' | 'department';
  readonly parentId: number;
  readonly name: string;
  readonly subkind: string;
  readonly code?: string;
}

const FIELDS = ['kind', 'parentId', 'name', 'subkind', 'code'] as const;

export function CreateUnitModal({
  open,
  towns,
  defaultTownId,
  onClose,
  onCreated,
}: {
  readonly open: boolean;
  readonly towns: readonly UnitView[];
  readonly defaultTownId: number | undefined;
  readonly onClose: () => void;
  readonly onCreated: (unit: UnitView) => void;
}) {
  const [form] = Form.useForm<UnitValues>();
  const { message } = AntApp.useApp();
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form) ?? 'community';

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (defaultTownId !== undefined) form.setFieldValue('parentId', defaultTownId);
  }, [open, defaultTownId, form]);

  const submit = async (values: UnitValues) => {
    setSaving(true);
    setError(null);
    try {
      const code = values.code?.trim();
      const unit: NewUnit = {
        kind: values.kind,
        parentId: values.parentId,
        name: values.name.trim(),
        subkind: values.subkind.trim(),
        ...(code !== undefined && code !== '' ? { code } : {}),
      };
      const created = await api.units.create(unit);
      void message.success(`已新增“${created.name}”`);
      form.resetFields();
      onCreated(created);
    } catch (err) {
      const apiError = toApiError(err);
      const rest = applyFieldErrors(form, apiError, FIELDS);
      setError(rest.length > 0 || apiError.fields.length === 0 ? apiError : null);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      title="新增单位"
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
      <Form<UnitValues>
        name="unit"
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{ kind: 'community', subkind: '社区', parentId: defaultTownId }}
        onFinish={(v) => void submit(v)}
        onValuesChange={(changed: Partial<UnitValues>) => {
          if (changed.kind !== undefined) form.setFieldValue('subkind', changed.kind === 'community' ? '社区' : '');
        }}
        style={{ marginTop: 16 }}
      >
        <Form.Item label="单位类型" name="kind" rules={[{ required: true }]}>
          <Radio.Group
            options={[
              { value: 'community', label: '村（社区）' },
              { value: 'department', label: '职能部门' },
            ]}
          />
        </Form.Item>
        <Form.Item label="所属镇（街道）" name="parentId" rules={[{ required: true, message: '请选择所属镇（街道）' }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="请选择"
            options={towns.map((t) => ({ value: t.id, label: t.name }))}
          />
        </Form.Item>
        <Form.Item label="名称" name="name" rules={[{ required: true, whitespace: true, message: '请输入名称' }, { max: 50, message: '名称不超过 50 字' }]}>
          <Input placeholder={kind === 'community' ? '如：鳌峙塘社区' : '如：东城街道财政分局'} />
        </Form.Item>
        {kind === 'community' ? (
          <Form.Item label="村或社区" name="subkind" rules={[{ required: true, message: '请选择' }]}>
            <Radio.Group options={['社区', '村'].map((v) => ({ value: v, label: v }))} />
          </Form.Item>
        ) : (
          <Form.Item label="部门简称" name="subkind" rules={[{ required: true, whitespace: true, message: '请输入部门简称' }, { max: 32 }]}>
            <Input placeholder="如：财政、住建" />
          </Form.Item>
        )}
        <Form.Item label="统一编码" name="code" rules={[{ pattern: /^[0-9A-Za-z-]{0,32}$/, message: '编码只能包含字母、数字和横线，最多 32 位' }]}>
          <Input placeholder="可不填" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
