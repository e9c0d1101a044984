/**
 * The one place the case pages read a case's `state` (the aggregate's state in GET /api/demands/:id,
 * /api/projects/:id and every action's answer, typed by the generated DemandDetail / ProjectDetail schemas). The
 * drawer, the dialogs and the lists of objections and claims take what they need from these functions only, so a
 * change of the state's schema (`npm run docs`) is followed here.
 */
import type { CaseView, ClaimView, DemandView, ObjectionView, ProjectView } from '../../api/models.js';

export type { ClaimView, ObjectionView };

/** What the drawer shows of a case and what its dialogs need; a demand's content and place are null for a project. */
export interface CaseFacts {
  readonly title: string;
  readonly communityId: number;
  readonly communityName: string;
  readonly townId: number;
  readonly description: string | null;
  readonly location: string | null;
}

export function caseFacts(view: CaseView): CaseFacts {
  const { state } = view;
  const common = { title: state.title, communityId: state.communityId, communityName: state.communityName, townId: state.townId };
  return state.aggregate === 'demand'
    ? { ...common, description: state.description, location: state.location }
    : { ...common, description: null, location: null };
}

export function objectionsOf(view: CaseView): readonly ObjectionView[] {
  return view.state.aggregate === 'project' ? view.state.objections : [];
}

export function claimsOf(view: CaseView): readonly ClaimView[] {
  return view.state.aggregate === 'project' ? view.state.claims : [];
}

/** The project, when the case is one (its state's `aggregate` says which). */
export function projectOf(view: CaseView | undefined): ProjectView | null {
  return view !== undefined && view.state.aggregate === 'project' ? (view as ProjectView) : null;
}

/** The demand, when the case is one. */
export function demandOf(view: CaseView | undefined): DemandView | null {
  return view !== undefined && view.state.aggregate === 'demand' ? (view as DemandView) : null;
}
