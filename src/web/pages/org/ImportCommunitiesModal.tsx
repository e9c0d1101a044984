/**
 * 导入村（社区）: upload a CSV or XLSX list and read the report: how many rows were accepted, and each rejected row
 * with its reasons.
 */
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Modal, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api/client.js';
import type { ImportReport } from '../../api/models.js';
import { toApiError } from '../../api/useRequest.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';

const MAX_BYTES = 20 * 1024 * 1024;
const TEMPLATE = '\uFEFF名称,所属镇街,类型,编码\n';

function downloadTemplate(): void {
  const url = URL.createObjectURL(new Blob([TEMPLATE], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = '村（社区）导入模板.csv';
  link.click();
  URL.revokeObjectURL(url);
}

export function ImportCommunitiesModal({
  open,
  onClose,
  onImported,
}: {
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onImported: () => void;
}) {
  const [report, setReport] = useState<ImportReport | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [uploading, setUploading] = useState(false);

  const upload = async (file: File) => {
    setUploading(true);
    setError(null);
    setReport(null);
    setFileName(file.name);
    try {
      const result = await api.units.importCommunities(file);
      setReport(result);
      if (result.accepted > 0) onImported();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setUploading(false);
    }
  };

  return (
    <Modal
      title="导入村（社区）"
      open={open}
      width={720}
      onCancel={onClose}
      footer={<Button onClick={onClose}>关闭</Button>}
      afterOpenChange={(opened) => {
        if (!opened) {
          setReport(null);
          setError(null);
          setFileName(null);
        }
      }}
    >
      <Flex vertical gap={16}>
        <Typography.Paragraph style={{ margin: 0 }}>
          文件为 CSV 或 XLSX，首行为表头，包含列：<Typography.Text strong>名称</Typography.Text>、
          <Typography.Text strong>所属镇街</Typography.Text>、<Typography.Text strong>类型</Typography.Text>（村 / 社区）、
          <Typography.Text strong>编码</Typography.Text>（可空）。只能导入管辖范围内的镇（街道）；已存在的同名单位不会重复导入。
          <Button type="link" size="small" icon={<DownloadOutlined />} onClick={downloadTemplate}>
            下载模板
          </Button>
        </Typography.Paragraph>
        <Upload.Dragger
          accept=".csv,.xlsx"
          multiple={false}
          showUploadList={false}
          disabled={uploading}
          beforeUpload={(file) => {
            if (file.size > MAX_BYTES) {
              setReport(null);
              setError(new ApiError(413, 'PAYLOAD_TOO_LARGE', '文件超过 20 MB，请拆分后再导入', [], null));
              return Upload.LIST_IGNORE;
            }
            void upload(file);
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{uploading ? '正在导入…' : '点击或将文件拖到此处上传'}</p>
          <p className="ant-upload-hint">支持 .csv、.xlsx，单个文件不超过 20 MB</p>
        </Upload.Dragger>
        <ErrorAlert error={error} />
        {report !== null ? (
          <>
            <Alert
              type={report.rejected.length === 0 ? 'success' : 'warning'}
              showIcon
              title={`${fileName ?? '文件'}：成功导入 ${report.accepted} 个，未导入 ${report.rejected.length} 行`}
            />
            {report.rejected.length > 0 ? (
              <Table
                size="small"
                rowKey="rowNumber"
                pagination={report.rejected.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
                dataSource={[...report.rejected]}
                columns={[
                  { title: '行号', dataIndex: 'rowNumber', width: 80 },
                  { title: '名称', dataIndex: 'name', width: 200, render: (name: string) => (name === '' ? '--' : name) },
                  { title: '原因', dataIndex: 'reasons', render: (reasons: readonly string[]) => reasons.join('；') },
                ]}
              />
            ) : null}
          </>
        ) : null}
      </Flex>
    </Modal>
  );
}
