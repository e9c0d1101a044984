/**
 * What the public sees of a demand and a project (R0.8): only publicized facts, with personal data masked.
 * The public portal and the 12345 replies use these views, never the states themselves.
 */
import { formatWan } from '../money.js';
import { maskName, maskPhone } from '../masking.js';
import type { DemandState } from './demand.js';
import type { ProjectFlag } from './events.js';
import type { ProjectState } from './project-types.js';
import { DEMAND_STATUS_LABELS, PROJECT_STATUS_LABELS } from './statuses.js';

export interface PublicDemandView {
  readonly trackingNumber: string;
  readonly title: string;
  readonly status: string;
  readonly communityName: string;
  readonly proposerName: string;
  readonly proposerPhone: string | null;
  readonly createdAt: string;
}

/** R0.8 a tracked demand as its proposer or the public sees it. */
export function publicDemandView(state: DemandState): PublicDemandView {
  return {
    trackingNumber: state.trackingNumber,
    title: state.title,
    status: DEMAND_STATUS_LABELS[state.status],
    communityName: state.communityName,
    proposerName: maskName(state.proposer.name),
    proposerPhone: state.proposer.phone === null ? null : maskPhone(state.proposer.phone),
    createdAt: state.createdAt,
  };
}

export interface PublicProjectView {
  readonly id: number;
  readonly name: string;
  readonly status: string;
  readonly communityName: string;
  readonly location: string | null;
  readonly budgetWan: string | null;
  readonly contactName: string | null;
  readonly contactPhone: string | null;
  readonly townOpinionText: string | null;
  readonly publicity: { readonly startedAt: string; readonly endsAt: string } | null;
  readonly objections: readonly { readonly raisedAt: string; readonly raisedBy: string | null; readonly text: string; readonly answer: string | null }[];
  readonly satisfactionPercent: string | null;
  readonly flags: readonly ProjectFlag[];
}

/** R0.8 a project as publicized: nothing before publicity starts but its name and status, masked contacts after. */
export function publicProjectView(state: ProjectState): PublicProjectView {
  const basics = state.registration?.basics ?? null;
  const published = state.publicity !== null;
  return {
    id: state.id,
    name: basics?.projectName ?? state.title,
    status: PROJECT_STATUS_LABELS[state.status],
    communityName: state.communityName,
    location: published ? (basics?.location ?? null) : null,
    budgetWan: published && basics !== null ? formatWan(basics.budgetFen) : null,
    contactName: published && basics !== null ? maskName(basics.contact.name) : null,
    contactPhone: published && basics !== null ? maskPhone(basics.contact.phone) : null,
    townOpinionText: published ? (state.registration?.townOpinionText ?? null) : null,
    publicity: state.publicity === null ? null : { startedAt: state.publicity.startedAt, endsAt: state.publicity.endsAt },
    objections: state.objections.map((o) => ({
      raisedAt: o.raisedAt,
      raisedBy: o.raisedByName === null ? null : maskName(o.raisedByName),
      text: o.text,
      answer: o.answer?.text ?? null,
    })),
    satisfactionPercent: state.closedAt === null ? null : (state.closure?.form.survey?.satisfaction.percent ?? null),
    flags: state.flags,
  };
}
