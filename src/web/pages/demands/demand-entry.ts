/**
 * 录入诉求 and 合并诉求 without the screen: the channels a clerk enters at the desk (R2.1 daily offline ones; the
 * online ones come through the 12345 integration, the centralized one through a collection campaign), the form's
 * values as the body of POST /api/demands (R2.2), the server's field names on the form's fields, the query of the
 * similar-demand suggestion, and what a merge needs (R2.6): one community, the kept demand received or adopted,
 * the merged ones received — and the body of POST /api/demands/merge.
 */
import type { QueryOf, RequestOf } from '../../api/models.js';
import { CHANNEL_INFO, CHANNELS, PROPOSER_KIND_LABELS, PROPOSER_KINDS, type Channel, type ProposerKind } from '../../../domain/categories.js';

export type NewDemandRequest = RequestOf<'createDemand'>;
export type MergeRequest = RequestOf<'mergeDemands'>;
export type SimilarQuery = QueryOf<'findSimilarDemands'>;

/** R2.1 the daily offline channels: the ones a demand entered by town or community staff comes through. */
export const DESK_CHANNELS: readonly Channel[] = CHANNELS.filter((c) => CHANNEL_INFO[c].group === 'offline');

export const DESK_CHANNEL_OPTIONS = DESK_CHANNELS.map((c) => ({ value: c, label: CHANNEL_INFO[c].label }));

/** R8.1 the channels offered at entry: the desk ones, and 年度集中征集活动 while the town's campaign is open. */
export function deskChannelOptions(campaignOpen: boolean): { value: Channel; label: string }[] {
  return campaignOpen ? [...DESK_CHANNEL_OPTIONS, { value: 'campaign', label: CHANNEL_INFO.campaign.label }] : [...DESK_CHANNEL_OPTIONS];
}

export const PROPOSER_KIND_OPTIONS = PROPOSER_KINDS.map((k) => ({ value: k, label: PROPOSER_KIND_LABELS[k] }));

export interface DemandFormValues {
  readonly communityId?: number;
  readonly channel?: Channel;
  readonly proposerKind?: ProposerKind;
  readonly proposerName?: string;
  readonly proposerPhone?: string;
  readonly location?: string;
  readonly title?: string;
  readonly description?: string;
}

export const DEMAND_FORM_FIELDS = ['communityId', 'channel', 'proposerKind', 'proposerName', 'proposerPhone', 'location', 'title', 'description'] as const;
export type DemandFormField = (typeof DEMAND_FORM_FIELDS)[number];

const trim = (s: string | undefined): string => (s ?? '').trim();

/** The body of POST /api/demands; null while a required value is missing (the form marks it). */
export function newDemandBody(v: DemandFormValues): NewDemandRequest | null {
  if (v.communityId === undefined || v.channel === undefined || v.proposerKind === undefined) return null;
  const phone = trim(v.proposerPhone);
  return {
    communityId: v.communityId,
    channel: v.channel,
    proposer: { kind: v.proposerKind, name: trim(v.proposerName), phone: phone === '' ? null : phone },
    title: trim(v.title),
    description: trim(v.description),
    location: trim(v.location),
  };
}

const SERVER_FIELDS: Readonly<Record<string, DemandFormField>> = {
  communityId: 'communityId',
  communityName: 'communityId',
  channel: 'channel',
  'proposer.kind': 'proposerKind',
  'proposer.name': 'proposerName',
  'proposer.phone': 'proposerPhone',
  location: 'location',
  title: 'title',
  description: 'description',
};

/** The server's field problems (`body.proposer.name`, `title`) on the form's fields, and those the form has none for. */
export function demandFieldErrors(problems: readonly { readonly field: string; readonly message: string }[]): {
  readonly fields: { name: DemandFormField; errors: string[] }[];
  readonly rest: string[];
} {
  const byField = new Map<DemandFormField, string[]>();
  const rest: string[] = [];
  for (const p of problems) {
    const name = SERVER_FIELDS[p.field.replace(/^body\./, '')];
    if (name === undefined) rest.push(p.message);
    else byField.set(name, [...(byField.get(name) ?? []), p.message]);
  }
  return { fields: [...byField].map(([name, errors]) => ({ name, errors })), rest };
}

/** The similar-demand query for what has been typed; null until the title says something (two characters). */
export function similarQuery(communityId: number | undefined, title: string | undefined, location: string | undefined): SimilarQuery | null {
  const t = trim(title).slice(0, 100);
  if (communityId === undefined || [...t].length < 2) return null;
  const l = trim(location).slice(0, 200);
  return { communityId, title: t, ...(l !== '' ? { location: l } : {}) };
}

type DemandStatusLike = string;

/** R2.6 whether a demand can be kept as the one others merge into: received (已接收待研判) or already adopted. */
export function canKeep(status: DemandStatusLike): boolean {
  return status === 'acknowledged' || status === 'adopted';
}

/** R2.6 whether a demand can be merged into another: received and not yet decided. */
export function canBeMerged(status: DemandStatusLike): boolean {
  return status === 'acknowledged';
}

/** Why a suggested demand cannot take the one being entered, for the clerk; null when it can. */
export function suggestionMergeBlock(status: DemandStatusLike, mayAcknowledge: boolean): string | null {
  if (!canKeep(status)) return '该诉求尚未接收，村（社区）接收后才能合并';
  // The new demand is merged once received, and only its community receives it (R2.3).
  if (!mayAcknowledge) return '新录入的诉求须由村（社区）接收后才能合并：登记后由村（社区）在诉求列表中合并';
  return null;
}

export interface MergeCandidate {
  readonly id: number;
  readonly number: string;
  readonly status: string;
  readonly statusLabel: string;
  readonly communityId: number;
  readonly version: number;
}

/** What stops a merge of `items` keeping `primaryId`, in the clerk's words; empty when it can be sent. */
export function mergeProblems(items: readonly MergeCandidate[], primaryId: number | undefined): string[] {
  if (items.length < 2) return ['请至少选择两件诉求'];
  const problems: string[] = [];
  if (new Set(items.map((i) => i.communityId)).size > 1) problems.push('只能合并同一村（社区）的诉求');
  const primary = items.find((i) => i.id === primaryId);
  if (primary === undefined) problems.push('请选择保留的主诉求');
  else if (!canKeep(primary.status)) problems.push(`保留的诉求 ${primary.number} ${primary.statusLabel}，须已接收或已立项`);
  const adopted = items.filter((i) => i.id !== primaryId && i.status === 'adopted');
  if (adopted.length > 0) problems.push(`已立项的诉求只能作为保留的主诉求：${adopted.map((i) => i.number).join('、')}`);
  const notReceived = items.filter((i) => i.id !== primaryId && i.status !== 'adopted' && !canBeMerged(i.status));
  if (notReceived.length > 0) problems.push(`被合并的诉求须已接收且尚未研判：${notReceived.map((i) => `${i.number}（${i.statusLabel}）`).join('、')}`);
  return problems;
}

/** The kept demand a clerk would pick first: an adopted one (its project takes the others), else the oldest received. */
export function defaultPrimary(items: readonly MergeCandidate[]): number | undefined {
  return (items.find((i) => i.status === 'adopted') ?? [...items].sort((a, b) => a.id - b.id).find((i) => canKeep(i.status)))?.id;
}

/** The body of POST /api/demands/merge: the kept demand and every demand with the version the clerk read. */
export function mergeBody(items: readonly MergeCandidate[], primaryId: number): MergeRequest {
  return { primaryDemandId: primaryId, demands: items.map((i) => ({ id: i.id, version: i.version })) };
}
