/**
 * 诉求: the demands within the user's jurisdiction (filtered, sorted and paged by the server), with 录入诉求 for town
 * and community staff (R2.2) and, when two or more demands are ticked, 合并诉求 (R2.6).
 */
import { MergeCellsOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import { useState } from 'react';
import { useSession } from '../../auth/session.js';
import { CaseListPage } from '../cases/CaseListPage.js';
import { canKeep } from './demand-entry.js';
import { MergeDialog } from './MergeDialog.js';
import { NewDemandDialog } from './NewDemandDialog.js';

export default function DemandsPage() {
  const { can } = useSession();
  const { message } = App.useApp();
  const [entering, setEntering] = useState(false);
  const [merging, setMerging] = useState(false);
  return (
    <CaseListPage
      kind="demand"
      // R2.6 only a received or adopted demand takes part in a merge.
      selectable={can('mergeDemands') ? (item) => canKeep(item.status) : null}
      actions={({ selected, reload, clearSelection }) => (
        <>
          {can('mergeDemands') ? (
            <Tooltip title={selected.length < 2 ? '在列表中勾选同一村（社区）的两件或以上诉求' : undefined}>
              <Button icon={<MergeCellsOutlined />} disabled={selected.length < 2} onClick={() => setMerging(true)}>
                合并诉求{selected.length > 0 ? `（已选 ${selected.length}）` : ''}
              </Button>
            </Tooltip>
          ) : null}
          {can('createDemand') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEntering(true)}>
              录入诉求
            </Button>
          ) : null}
          <NewDemandDialog open={entering} onClose={() => setEntering(false)} onCreated={reload} />
          <MergeDialog
            items={selected}
            open={merging}
            onClose={() => setMerging(false)}
            onMerged={(kept) => {
              setMerging(false);
              clearSelection();
              reload();
              void message.success(`已合并到 ${kept.number}`);
            }}
          />
        </>
      )}
    />
  );
}
