/**
 * A form control that uploads files of one attachment kind to a case and holds their ids, for the forms that cite
 * attachments (会议记录, 签到表, 盖章扫描件, 结项表 附件 …). Each file is sent as soon as it is chosen
 * (POST …/attachments, checked by the server for type and size); the value is the ids of the files uploaded and
 * not removed. Files the case already holds of the kind can be picked again from `existing`.
 * Used inside `<Form.Item name=…>`, which passes `value` and `onChange`.
 */
import { UploadOutlined } from '@ant-design/icons';
import { Button, Checkbox, Space, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { api, type CaseKind } from '../api/client.js';
import { toApiError } from '../api/useRequest.js';
import type { AttachmentKind } from '../../domain/attachment-kinds.js';

/** The types the server accepts (attachment-content.ts): PDF, JPG, PNG, Word and Excel. */
export const ATTACHMENT_ACCEPT = '.pdf,.jpg,.jpeg,.png,.docx,.xlsx';
export const IMAGE_ACCEPT = '.jpg,.jpeg,.png';

export interface ExistingAttachment {
  readonly id: number;
  readonly filename: string;
}

export function AttachmentField({
  caseKind,
  caseId,
  kind,
  value,
  onChange,
  maxCount = 20,
  accept = ATTACHMENT_ACCEPT,
  existing = [],
  id,
}: {
  readonly caseKind: CaseKind;
  readonly caseId: number;
  readonly kind: AttachmentKind;
  readonly value?: readonly number[];
  readonly onChange?: (ids: number[]) => void;
  readonly maxCount?: number;
  readonly accept?: string;
  /** Files of this kind already on the case, offered as checkboxes. */
  readonly existing?: readonly ExistingAttachment[];
  /** Set by Form.Item, so its label points at the button. */
  readonly id?: string;
}) {
  const ids = value ?? [];
  const [files, setFiles] = useState<UploadFile[]>([]);
  const existingIds = new Set(existing.map((e) => e.id));
  const uploadedIds = ids.filter((i) => !existingIds.has(i));

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {existing.length > 0 ? (
        <Checkbox.Group
          value={ids.filter((i) => existingIds.has(i))}
          onChange={(checked) => onChange?.([...checked.map(Number), ...uploadedIds])}
          options={existing.map((e) => ({ value: e.id, label: e.filename }))}
          style={{ display: 'grid', rowGap: 4 }}
        />
      ) : null}
      <Upload
        accept={accept}
        multiple={maxCount > 1}
        maxCount={maxCount}
        fileList={files}
        customRequest={({ file, onSuccess, onError }) => {
          if (!(file instanceof File)) return;
          api.cases.upload(caseKind, caseId, kind, file).then(
            (attachment) => onSuccess?.(attachment),
            (err: unknown) => onError?.(toApiError(err)),
          );
        }}
        onChange={({ file, fileList }) => {
          setFiles(
            fileList.map((f) =>
              f.status === 'error' && f.error instanceof Error ? { ...f, response: f.error.message } : f,
            ),
          );
          if (file.status === 'done') {
            const response: unknown = file.response;
            if (typeof response === 'object' && response !== null && 'id' in response && typeof response.id === 'number') {
              onChange?.([...ids, response.id]);
            }
          }
          if (file.status === 'removed') {
            const response: unknown = file.response;
            if (typeof response === 'object' && response !== null && 'id' in response) onChange?.(ids.filter((i) => i !== response.id));
          }
        }}
      >
        <Button id={id} icon={<UploadOutlined />}>
          选择文件上传
        </Button>
      </Upload>
      <Typography.Text type="secondary">{accept === IMAGE_ACCEPT ? 'JPG 或 PNG 图片' : 'PDF、JPG、PNG、Word 或 Excel'}，单个不超过 20 MB</Typography.Text>
    </Space>
  );
}
