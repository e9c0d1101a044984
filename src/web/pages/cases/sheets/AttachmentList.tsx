/**
 * Every attachment of a case (a project lists its demands' too): kind, file, size, who uploaded it and when, with
 * 预览 for images (in place) and PDFs (in a new tab) and 下载 for every file.
 */
import { DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import { Button, Image, Space, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import type { CaseView } from '../../../api/models.js';
import { ScrollRegion } from '../../../components/ScrollRegion.js';
import { formatDateTime, orNone } from '../../../format.js';
import { downloadUrl, formatSize, PREVIEWABLE, previewUrl } from './attachment-urls.js';

type Attachment = CaseView['attachments'][number];

export function AttachmentList({
  attachments,
  compact = false,
}: {
  readonly attachments: readonly Attachment[];
  /** Kind, file and the actions only, for a narrow column beside a form. */
  readonly compact?: boolean;
}) {
  const [preview, setPreview] = useState<Attachment | null>(null);
  const columns: TableColumnsType<Attachment> = [
    { title: '类别', dataIndex: 'kindLabel', width: 180 },
    { title: '文件', dataIndex: 'filename', width: 280, ellipsis: { showTitle: true } },
    { title: '大小', dataIndex: 'size', width: 90, align: 'right', render: (size: number) => formatSize(size) },
    { title: '上传人', dataIndex: 'uploadedBy', width: 180, render: (u: string | null) => orNone(u) },
    { title: '上传时间', dataIndex: 'uploadedAt', width: 150, render: (t: string) => formatDateTime(t).slice(0, 16) },
    {
      title: '操作',
      key: 'actions',
      width: 160,
      render: (_v, a) => {
        const kind = PREVIEWABLE(a.mime);
        return (
          <Space size={0}>
            {kind === 'image' ? (
              <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => setPreview(a)} aria-label={`预览 ${a.filename}`}>
                预览
              </Button>
            ) : kind === 'pdf' ? (
              <Button type="link" size="small" icon={<EyeOutlined />} href={previewUrl(a.id)} target="_blank" rel="noopener" aria-label={`预览 ${a.filename}`}>
                预览
              </Button>
            ) : null}
            <Button type="link" size="small" icon={<DownloadOutlined />} href={downloadUrl(a.id)} download={a.filename} aria-label={`下载 ${a.filename}`}>
              下载
            </Button>
          </Space>
        );
      },
    },
  ];
  const shown = compact ? columns.filter((c) => c.key === 'actions' || ('dataIndex' in c && (c.dataIndex === 'kindLabel' || c.dataIndex === 'filename'))) : columns;
  return (
    <>
      <ScrollRegion label="附件">
        <Table<Attachment> size="small" rowKey="id" pagination={false} scroll={compact ? undefined : { x: 1060 }} columns={shown} dataSource={[...attachments]} locale={{ emptyText: '暂无附件' }} />
      </ScrollRegion>
      {preview !== null ? (
        <Image
          style={{ display: 'none' }}
          src={previewUrl(preview.id)}
          alt={preview.filename}
          preview={{ open: true, onOpenChange: (open) => (open ? undefined : setPreview(null)) }}
        />
      ) : null}
    </>
  );
}
