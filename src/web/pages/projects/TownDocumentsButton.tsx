/**
 * 年度计划与台账 on the 项目 page: the town's 年度“民生微实事”项目实施计划表 (R8.2) and 资金发放台账 (R9.1) of a year, as
 * Excel or PDF. The town is the user's own for town staff, else the one chosen in the list's filter; the year is the
 * filter's, else this year. Community staff do not see it (the documents are the town's).
 */
import { DownOutlined, FileExcelOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Tooltip } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useUser } from '../../auth/session.js';
import { downloadFile } from '../../download.js';
import { shanghaiNow } from '../../format.js';

const DOCUMENTS = [
  { key: 'annual-plan.xlsx', path: 'annual-plan', format: 'xlsx', label: '年度项目实施计划表（Excel）' },
  { key: 'annual-plan.pdf', path: 'annual-plan', format: 'pdf', label: '年度项目实施计划表（PDF）' },
  { key: 'funds-ledger.xlsx', path: 'funds-ledger', format: 'xlsx', label: '资金发放台账（Excel）' },
  { key: 'funds-ledger.pdf', path: 'funds-ledger', format: 'pdf', label: '资金发放台账（PDF）' },
] as const;

export function TownDocumentsButton() {
  const user = useUser();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [busy, setBusy] = useState(false);
  if (user.unit.kind === 'community') return null;
  const picked = Number(params.get('townId'));
  const townId = user.unit.kind === 'town' ? user.unit.id : Number.isSafeInteger(picked) && picked > 0 ? picked : null;
  const filteredYear = Number(params.get('year'));
  const year = Number.isSafeInteger(filteredYear) && filteredYear > 2000 ? filteredYear : shanghaiNow().year();

  const button = (
    <Button icon={<FileExcelOutlined />} loading={busy} disabled={townId === null}>
      {year}年度计划与台账 <DownOutlined />
    </Button>
  );
  if (townId === null) return <Tooltip title="请先在筛选中选择镇（街道）">{button}</Tooltip>;
  return (
    <Dropdown
      menu={{
        items: DOCUMENTS.map((d) => ({ key: d.key, label: d.label })),
        onClick: ({ key }) => {
          const d = DOCUMENTS.find((x) => x.key === key);
          if (d === undefined) return;
          setBusy(true);
          void downloadFile(`/api/towns/${townId}/${d.path}?year=${year}&format=${d.format}`, `${d.label}.${d.format}`)
            .catch((error: unknown) => void message.error(error instanceof Error ? error.message : '下载失败'))
            .finally(() => setBusy(false));
        },
      }}
    >
      {button}
    </Dropdown>
  );
}
