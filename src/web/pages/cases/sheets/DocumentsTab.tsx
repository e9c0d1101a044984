/**
 * 文书打印: the official forms of the project at its stage — 登记备案表 (附件1), 结项表 (附件2), 满意度测评情况 — to read
 * as PDF in the browser, to download as Word, and to 出具 (issue: the copy printed for stamping, posted on the notice
 * board or filed, kept by the system exactly as printed, with its SHA-256); then every edition issued, to download
 * again byte for byte. A form whose content changed since its last edition says so: issued again it is the next
 * edition. Forms not reached yet say what they wait for.
 */
import { DownloadOutlined, EyeOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, Dropdown, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useSession } from '../../../auth/session.js';
import { http } from '../../../api/client.js';
import type { DocumentFormEntry, IssuedDocumentEntry } from '../../../api/models.js';
import { toApiError, useRequest } from '../../../api/useRequest.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { ScrollRegion } from '../../../components/ScrollRegion.js';
import { downloadFile } from '../../../download.js';
import { formatDateTime, orNone } from '../../../format.js';
import { formatSize } from './attachment-urls.js';

type Format = 'pdf' | 'docx';
const FORMAT_LABELS: Readonly<Record<Format, string>> = { pdf: 'PDF', docx: 'Word' };

const documentUrl = (projectId: number, form: string, format: Format): string => `/api/projects/${projectId}/documents/${form}?format=${format}`;

export function DocumentsTab({ projectId }: { readonly projectId: number }) {
  const { message } = App.useApp();
  const { can } = useSession();
  const documents = useRequest(() => http.GET('/api/projects/{id}/documents', { params: { path: { id: projectId } } }), [projectId]);
  const [busy, setBusy] = useState<string | null>(null);
  const mayIssue = can('issueDocument');

  const download = async (key: string, url: string, fallback: string) => {
    setBusy(key);
    try {
      await downloadFile(url, fallback);
    } catch (err) {
      void message.error(err instanceof Error ? err.message : '下载失败');
    } finally {
      setBusy(null);
    }
  };

  const issue = async (entry: DocumentFormEntry, format: Format) => {
    const key = `issue-${entry.form}-${format}`;
    setBusy(key);
    try {
      const result = await http.POST('/api/projects/{id}/documents/{form}/issue', { params: { path: { id: projectId, form: entry.form } }, body: { format } });
      const d = result.document;
      void message.success(result.created ? `已出具${entry.label}第 ${d.edition} 版（${FORMAT_LABELS[format]}），正在下载` : `内容与第 ${d.edition} 版相同，下载原件`);
      await downloadFile(`/api/issued-documents/${d.id}`, d.filename);
      documents.reload();
    } catch (err) {
      void message.error(toApiError(err).message);
    } finally {
      setBusy(null);
    }
  };

  const formColumns: TableColumnsType<DocumentFormEntry> = [
    { title: '文书', dataIndex: 'label', width: 160, render: (label: string) => <Typography.Text strong>{label}</Typography.Text> },
    {
      title: '状态',
      key: 'state',
      width: 300,
      render: (_v, f) =>
        !f.available ? (
          <Typography.Text type="secondary">{orNone(f.reason)}</Typography.Text>
        ) : f.lastEdition === null ? (
          <Tag>尚未出具</Tag>
        ) : f.changedSinceLastEdition ? (
          <Tag color="warning">内容已改变：再出具为第 {f.lastEdition + 1} 版</Tag>
        ) : (
          <Tag color="success">已出具第 {f.lastEdition} 版，内容未变</Tag>
        ),
    },
    {
      title: '操作',
      key: 'actions',
      render: (_v, f) =>
        f.available ? (
          <Space wrap size={4}>
            <Button size="small" icon={<EyeOutlined />} href={documentUrl(projectId, f.form, 'pdf')} target="_blank" rel="noreferrer" aria-label={`查看 PDF：${f.label}（新窗口）`}>
              查看 PDF
            </Button>
            <Button
              size="small"
              icon={<DownloadOutlined />}
              loading={busy === `word-${f.form}`}
              onClick={() => void download(`word-${f.form}`, documentUrl(projectId, f.form, 'docx'), `${f.label}.docx`)}
              aria-label={`下载 Word：${f.label}`}
            >
              下载 Word
            </Button>
            {mayIssue ? (
              <Dropdown
                menu={{
                  items: (['pdf', 'docx'] as const).map((format) => ({ key: format, label: `出具 ${FORMAT_LABELS[format]}（留存原件）` })),
                  onClick: ({ key }) => void issue(f, key as Format),
                }}
              >
                <Button size="small" type="primary" icon={<PrinterOutlined />} loading={busy?.startsWith(`issue-${f.form}`) === true} aria-label={`出具：${f.label}`}>
                  出具
                </Button>
              </Dropdown>
            ) : null}
          </Space>
        ) : null,
    },
  ];

  const issuedColumns: TableColumnsType<IssuedDocumentEntry> = [
    { title: '文书', dataIndex: 'formLabel', width: 130 },
    { title: '版次', dataIndex: 'edition', width: 80, render: (edition: number) => `第 ${edition} 版` },
    { title: '格式', dataIndex: 'format', width: 70, render: (format: Format) => FORMAT_LABELS[format] },
    { title: '出具时间', dataIndex: 'issuedAt', width: 150, render: (t: string) => formatDateTime(t).slice(0, 16) },
    { title: '出具人', dataIndex: 'issuedByName', width: 110, render: (n: string | null) => orNone(n) },
    { title: '大小', dataIndex: 'size', width: 90, align: 'right', render: (size: number) => formatSize(size) },
    {
      title: '校验码（SHA-256）',
      dataIndex: 'sha256',
      width: 170,
      render: (sha: string) => (
        <Typography.Text code copyable={{ text: sha, tooltips: ['复制完整校验码', '已复制'] }}>
          {sha.slice(0, 12)}
        </Typography.Text>
      ),
    },
    {
      title: '原件',
      key: 'download',
      width: 110,
      render: (_v, d) =>
        documents.data?.issuedDownloadable === true ? (
          <Button
            type="link"
            size="small"
            icon={<DownloadOutlined />}
            loading={busy === `issued-${d.id}`}
            onClick={() => void download(`issued-${d.id}`, `/api/issued-documents/${d.id}`, d.filename)}
            aria-label={`下载${d.formLabel}第${d.edition}版原件（${FORMAT_LABELS[d.format]}）`}
          >
            下载
          </Button>
        ) : (
          <Typography.Text type="secondary">含个人信息</Typography.Text>
        ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ErrorAlert error={documents.error} onRetry={documents.reload} />
      <Alert
        type="info"
        showIcon
        title="查看、下载只是按当前数据生成，不留存；打印盖章、张贴公示或报送归档的文书请用“出具”：系统原样留存出具的文件和校验码，以后可下载与打印件完全相同的原件；内容改变后再出具即为新的一版。"
      />
      <ScrollRegion label="可生成的文书">
        <Table size="small" rowKey="form" pagination={false} loading={documents.loading} columns={formColumns} dataSource={documents.data?.forms ?? []} />
      </ScrollRegion>
      <Typography.Title level={5} style={{ margin: 0 }}>
        已出具的文书
      </Typography.Title>
      <ScrollRegion label="已出具的文书">
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          loading={documents.loading}
          columns={issuedColumns}
          dataSource={documents.data?.issued ?? []}
          locale={{ emptyText: '还没有出具过文书' }}
        />
      </ScrollRegion>
    </Space>
  );
}
