/**
 * The one place the case pages read a case's `state` (the aggregate's state in GET /api/demands/:id,
 * /api/projects/:id and every action's answer). The OpenAPI document describes `state` as an open record, so each
 * field is checked here before it is used; the drawer, the dialogs and the lists of objections and claims take what
 * they need from these functions only. When the document describes the state field by field, `npm run docs`
 * regenerates the types and only this module has to follow.
 */
import type { CaseView } from '../../api/models.js';
import type { ClaimantKind } from '../../../domain/lifecycle/feedback-templates.js';

type State = CaseView['state'];

const textOf = (state: State, key: string): string | null => {
  const value = state[key];
  return typeof value === 'string' && value !== '' ? value : null;
};
const idOf = (state: State, key: string): number | null => {
  const value = state[key];
  return typeof value === 'number' ? value : null;
};
const listOf = (state: State, key: string): readonly unknown[] => {
  const value = state[key];
  return Array.isArray(value) ? (value as readonly unknown[]) : [];
};
const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> => typeof value === 'object' && value !== null;

/** What the drawer shows of a case and what its dialogs need: the texts are null when the state has none. */
export interface CaseFacts {
  readonly title: string | null;
  readonly communityId: number | null;
  readonly communityName: string | null;
  readonly townId: number | null;
  /** A demand's content and place. */
  readonly description: string | null;
  readonly location: string | null;
}

export function caseFacts(view: CaseView): CaseFacts {
  const { state } = view;
  return {
    title: textOf(state, 'title'),
    communityId: idOf(state, 'communityId'),
    communityName: textOf(state, 'communityName'),
    townId: idOf(state, 'townId'),
    description: textOf(state, 'description'),
    location: textOf(state, 'location'),
  };
}

/** An objection raised during publicity (R5.3), with its answer once given. */
export interface ObjectionView {
  readonly id: number;
  readonly raisedAt: string;
  readonly text: string;
  readonly raisedByName: string | null;
  readonly answer: { readonly text: string; readonly answeredAt: string } | null;
}

function isObjection(value: unknown): value is ObjectionView {
  return isRecord(value) && typeof value.id === 'number' && typeof value.text === 'string' && typeof value.raisedAt === 'string';
}

export function objectionsOf(view: CaseView): ObjectionView[] {
  return listOf(view.state, 'objections').filter(isObjection);
}

/** A 莞家直达 claim (R5.5), with its decision once taken. */
export interface ClaimView {
  readonly id: number;
  readonly claimant: { readonly kind: ClaimantKind; readonly name: string; readonly contactName: string; readonly contactPhone: string };
  readonly note: string;
  readonly claimedAt: string;
  readonly decision: { readonly accepted: boolean; readonly reason: string | null; readonly decidedAt: string } | null;
}

function isClaim(value: unknown): value is ClaimView {
  return isRecord(value) && typeof value.id === 'number' && typeof value.note === 'string' && isRecord(value.claimant);
}

export function claimsOf(view: CaseView): ClaimView[] {
  return listOf(view.state, 'claims').filter(isClaim);
}
