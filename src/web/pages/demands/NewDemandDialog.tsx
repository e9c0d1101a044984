/**
 * 录入诉求 (R2.1, R2.2): town or community staff enter a demand on behalf of a resident at the desk — who proposes it
 * (name, phone, 提议人类别), the offline channel it came through, the 村（社区） it is located in (town staff choose
 * among their communities; a community clerk's is their own), where, what, and photos of the spot. While the clerk
 * types the title and location, the community's open demands that look alike are suggested (GET
 * /api/demands/similar), each opening in its own tab, with 合并: the new demand is entered, received (受理反馈 to its
 * proposer, R2.3) and merged into the suggested one (R2.6), so its proposer receives every later feedback.
 * The photos are uploaded once the demand exists (an attachment belongs to a case). On success the tracking number
 * the proposer asks with is shown.
 */
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, List, Modal, Result, Select, Space, Tag, Tooltip, Typography, Upload, type UploadFile } from 'antd';
import { useEffect, useState } from 'react';
import { api, http, type ApiError } from '../../api/client.js';
import type { DemandView, ResponseOf, UnitView } from '../../api/models.js';
import { toApiError, useRequest } from '../../api/useRequest.js';
import { useSession, useUser } from '../../auth/session.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { formatDateTime } from '../../format.js';
import {
  demandFieldErrors,
  deskChannelOptions,
  newDemandBody,
  PROPOSER_KIND_OPTIONS,
  similarQuery,
  suggestionMergeBlock,
  type DemandFormValues,
  type SimilarQuery,
} from './demand-entry.js';
import { campaignNotice, openCampaignOf } from '../plans/plan-year.js';

type Similar = ResponseOf<'findSimilarDemands'>['items'][number];

interface Outcome {
  readonly demand: DemandView;
  readonly mergedInto: Similar | null;
  /** Why the merge asked for did not happen, when it did not. */
  readonly mergeError: string | null;
  readonly photoFailures: readonly string[];
}

const required = (message: string) => [{ required: true, whitespace: true, message }];

/** The communities a clerk may enter a demand for: their own, or those of their town. */
function deskCommunities(units: readonly UnitView[], me: { readonly unit: { readonly id: number; readonly kind: string; readonly name: string } }): { value: number; label: string }[] {
  if (me.unit.kind === 'community') return [{ value: me.unit.id, label: me.unit.name }];
  return units.filter((u) => u.kind === 'community' && u.townId === me.unit.id).map((u) => ({ value: u.id, label: u.name }));
}

/** `value` once it has stayed the same for `ms`. */
function useSettled(value: string, ms: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** The similar open demands of what has been typed, asked 400 ms after the clerk stops typing. */
function useSimilar(communityId: number | undefined, title: string | undefined, location: string | undefined): { items: readonly Similar[]; loading: boolean } {
  const typed = similarQuery(communityId, title, location);
  const key = useSettled(typed === null ? '' : JSON.stringify(typed), 400);
  const settled: SimilarQuery | null = key === '' ? null : (JSON.parse(key) as SimilarQuery);
  const found = useRequest(() => (settled === null ? Promise.resolve({ items: [] }) : http.GET('/api/demands/similar', { params: { query: settled } })), [key], settled !== null);
  if (typed === null) return { items: [], loading: false };
  return { items: found.data?.items ?? [], loading: found.loading || key !== JSON.stringify(typed) };
}

export function NewDemandDialog({ open, onClose, onCreated }: { readonly open: boolean; readonly onClose: () => void; readonly onCreated: () => void }) {
  const me = useUser();
  const { can } = useSession();
  const mayAcknowledge = can('acknowledgeDemand');
  const [form] = Form.useForm<DemandFormValues>();
  const units = useRequest(() => api.units.list(), [], open && me.unit.kind !== 'community');
  // R8.1 the campaign channel only while the town's campaign is open (the server refuses it after the close).
  const campaign = openCampaignOf(useRequest(() => http.GET('/api/campaigns'), [], open).data?.items ?? []);
  const communities = deskCommunities(units.data?.items ?? [], me);
  const communityId = Form.useWatch('communityId', form);
  const title = Form.useWatch('title', form);
  const location = Form.useWatch('location', form);
  const similar = useSimilar(communityId, title, location);
  const [mergeInto, setMergeInto] = useState<Similar | null>(null);
  const [photos, setPhotos] = useState<UploadFile[]>([]);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const reset = () => {
    form.resetFields();
    setPhotos([]);
    setMergeInto(null);
    setError(null);
    setOutcome(null);
  };
  const close = () => {
    reset();
    onClose();
  };

  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (values === null) return;
    const body = newDemandBody(values);
    if (body === null) return;
    setSending(true);
    setError(null);
    let demand: DemandView;
    try {
      demand = await http.POST('/api/demands', { body });
    } catch (err) {
      const e = toApiError(err);
      const { fields } = demandFieldErrors(e.fields);
      form.setFields(fields);
      setError(e);
      setSending(false);
      return;
    }
    const photoFailures: string[] = [];
    for (const photo of photos) {
      if (photo.originFileObj === undefined) continue;
      try {
        await api.cases.upload('demand', demand.id, 'photo', photo.originFileObj);
      } catch (err) {
        photoFailures.push(`${photo.name}：${toApiError(err).message}`);
      }
    }
    let mergeError: string | null = null;
    if (mergeInto !== null) {
      try {
        // R2.3 received first (the proposer gets the receipt feedback), then R2.6 merged into the suggested demand.
        const received = await http.POST('/api/demands/{id}/acknowledge', { params: { path: { id: demand.id } }, body: { version: demand.version } });
        await http.POST('/api/demands/merge', {
          body: { primaryDemandId: mergeInto.id, demands: [{ id: mergeInto.id, version: mergeInto.version }, { id: demand.id, version: received.version }] },
        });
      } catch (err) {
        mergeError = toApiError(err).message;
      }
    }
    setSending(false);
    setOutcome({ demand, mergedInto: mergeInto, mergeError, photoFailures });
    onCreated();
  };

  const fixedCommunity = me.unit.kind === 'community';

  return (
    <Modal
      open={open}
      title="录入诉求"
      width={880}
      style={{ top: 32 }}
      onCancel={close}
      destroyOnHidden
      mask={{ closable: false }}
      styles={{ body: { maxHeight: 'calc(100vh - 200px)', overflowY: 'auto' } }}
      footer={
        outcome !== null ? (
          <Space>
            <Button onClick={reset}>继续录入</Button>
            <Button type="primary" onClick={close}>
              完成
            </Button>
          </Space>
        ) : (
          <Space>
            <Button onClick={close}>取消</Button>
            <Button type="primary" loading={sending} onClick={() => void submit()}>
              {mergeInto !== null ? '登记并合并' : '登记并交派'}
            </Button>
          </Space>
        )
      }
    >
      {outcome !== null ? (
        <OutcomeView outcome={outcome} />
      ) : (
        <Form<DemandFormValues>
          form={form}
          layout="vertical"
          name="new-demand"
          initialValues={{ proposerKind: 'masses', ...(fixedCommunity ? { communityId: me.unit.id } : {}) }}
          requiredMark
          onValuesChange={(changed: DemandFormValues) => {
            if ('communityId' in changed) setMergeInto(null);
          }}
        >
          <ErrorAlert error={error} showFields={error !== null && demandFieldErrors(error.fields).rest.length > 0} />
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            提议人
          </Typography.Title>
          <Space.Compact block style={{ gap: 12 }}>
            <Form.Item name="proposerName" label="姓名或名称" rules={[...required('请填写提议人姓名或名称'), { max: 32, message: '最多 32 个字' }]} style={{ flex: 1 }}>
              <Input maxLength={32} autoComplete="off" />
            </Form.Item>
            <Form.Item
              name="proposerPhone"
              label="联系电话"
              tooltip="用于短信反馈办理情况；不填则无法短信通知"
              rules={[{ pattern: /^1[3-9]\d{9}$/, message: '请填写 11 位手机号' }]}
              style={{ flex: 1 }}
            >
              <Input maxLength={11} inputMode="numeric" autoComplete="off" />
            </Form.Item>
            <Form.Item name="proposerKind" label="提议人类别" rules={[{ required: true, message: '请选择提议人类别' }]} style={{ flex: 1.4 }}>
              <Select options={PROPOSER_KIND_OPTIONS} />
            </Form.Item>
          </Space.Compact>
          <Typography.Title level={5}>诉求</Typography.Title>
          {campaign !== null ? <Typography.Paragraph type="success">{campaignNotice(campaign)}</Typography.Paragraph> : null}
          <Space.Compact block style={{ gap: 12 }}>
            <Form.Item name="channel" label="来源渠道" rules={[{ required: true, message: '请选择来源渠道' }]} style={{ flex: 1 }}>
              <Select placeholder="请选择" options={deskChannelOptions(campaign !== null)} />
            </Form.Item>
            <Form.Item
              name="communityId"
              label="属地村（社区）"
              tooltip="诉求登记后即时交派到所在的村（社区）"
              rules={[{ required: true, message: '请选择诉求所在的村（社区）' }]}
              style={{ flex: 1 }}
            >
              <Select
                placeholder="请选择"
                disabled={fixedCommunity}
                loading={units.loading}
                showSearch={{ optionFilterProp: 'label' }}
                options={fixedCommunity ? [{ value: me.unit.id, label: me.unit.name }] : communities}
              />
            </Form.Item>
          </Space.Compact>
          <Form.Item name="location" label="诉求地点" rules={[...required('请填写诉求地点'), { max: 200, message: '最多 200 个字' }]}>
            <Input maxLength={200} placeholder="如：6巷12号旁" />
          </Form.Item>
          <Form.Item name="title" label="诉求标题" rules={[...required('请填写诉求标题'), { max: 100, message: '最多 100 个字' }]}>
            <Input maxLength={100} showCount placeholder="一句话说明需要解决的问题" />
          </Form.Item>
          <Suggestions
            items={similar.items}
            loading={similar.loading}
            chosen={mergeInto}
            mayAcknowledge={mayAcknowledge}
            onChoose={setMergeInto}
          />
          <Form.Item name="description" label="诉求内容" rules={[...required('请填写诉求内容'), { max: 2000, message: '最多 2000 个字' }]}>
            <Input.TextArea rows={4} maxLength={2000} showCount placeholder="群众反映的具体情况和诉求" />
          </Form.Item>
          <Form.Item label="现场照片" extra="照片在诉求登记后随即上传；每张不超过附件大小上限">
            <Upload
              accept="image/png,image/jpeg"
              listType="picture"
              multiple
              maxCount={9}
              fileList={photos}
              beforeUpload={() => false}
              onChange={({ fileList }) => setPhotos(fileList)}
            >
              <Button icon={<UploadOutlined />}>选择照片</Button>
            </Upload>
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

/** The community's open demands like the one being typed, best first, each with a link and 合并. */
function Suggestions({
  items,
  loading,
  chosen,
  mayAcknowledge,
  onChoose,
}: {
  readonly items: readonly Similar[];
  readonly loading: boolean;
  readonly chosen: Similar | null;
  readonly mayAcknowledge: boolean;
  readonly onChoose: (s: Similar | null) => void;
}) {
  if (chosen !== null) {
    return (
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={`登记后并入 ${chosen.trackingNumber}「${chosen.title}」`}
        description="本诉求登记后即接收（向提议人发送受理反馈），再并入该诉求；此后该诉求的每次反馈都会发给本诉求的提议人。"
        action={
          <Button size="small" onClick={() => onChoose(null)}>
            不合并
          </Button>
        }
      />
    );
  }
  if (items.length === 0) return loading ? <Typography.Paragraph type="secondary">正在查找本村（社区）相似的诉求…</Typography.Paragraph> : null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={`本村（社区）有 ${items.length} 件尚未办结的相似诉求，请确认是否为同一需求`}
      description={
        <List
          size="small"
          dataSource={[...items]}
          renderItem={(s) => {
            const block = suggestionMergeBlock(s.status, mayAcknowledge);
            return (
              <List.Item
                actions={[
                  <Tooltip key="merge" title={block ?? '登记本诉求并合并到该诉求（同一需求）'}>
                    <Button size="small" icon={<PlusOutlined />} disabled={block !== null} onClick={() => onChoose(s)} aria-label={`合并到 ${s.trackingNumber}`}>
                      合并
                    </Button>
                  </Tooltip>,
                ]}
              >
                <Space size={8} wrap>
                  <Typography.Link href={`/demands/${s.id}`} target="_blank" rel="noopener">
                    {s.trackingNumber}
                  </Typography.Link>
                  <span>{s.title}</span>
                  <Typography.Text type="secondary">{s.location}</Typography.Text>
                  <Tag color="blue">{s.statusLabel}</Tag>
                  <Typography.Text type="secondary">{formatDateTime(s.createdAt).slice(0, 10)} 录入</Typography.Text>
                </Space>
              </List.Item>
            );
          }}
        />
      }
    />
  );
}

function OutcomeView({ outcome }: { readonly outcome: Outcome }) {
  const { demand, mergedInto, mergeError, photoFailures } = outcome;
  const merged = mergedInto !== null && mergeError === null;
  return (
    <Result
      status={mergeError !== null || photoFailures.length > 0 ? 'warning' : 'success'}
      title={merged ? '诉求已登记并合并' : '诉求已登记'}
      subTitle={
        <Space orientation="vertical" size={4}>
          <span>
            查询编号{' '}
            <Typography.Text strong copyable style={{ fontSize: 18 }}>
              {demand.state.trackingNumber}
            </Typography.Text>
            （请告知提议人，凭此编号查询办理情况）
          </span>
          {merged ? (
            <span>
              {demand.state.communityName}已接收，并入 {mergedInto.trackingNumber}「{mergedInto.title}」：提议人将收到该诉求此后的每次反馈。
            </span>
          ) : (
            <span>已交派 {demand.state.communityName}，须在24小时内接收。</span>
          )}
        </Space>
      }
      extra={
        <Space orientation="vertical" style={{ width: '100%', textAlign: 'left' }}>
          {mergeError !== null ? <Alert type="error" showIcon title="合并未完成" description={`${mergeError}。可在诉求列表中勾选后再合并。`} /> : null}
          {photoFailures.length > 0 ? <Alert type="warning" showIcon title="以下照片未能上传，可在诉求详情中补传" description={photoFailures.join('；')} /> : null}
          <Typography.Link href={`/demands/${demand.id}`} target="_blank" rel="noopener">
            查看诉求
          </Typography.Link>
        </Space>
      }
    />
  );
}

