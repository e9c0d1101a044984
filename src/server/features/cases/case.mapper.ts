/**
 * What leaves the server about a case: its state projected through `DemandDetail` / `ProjectDetail`
 * (case-view.schemas.ts) with the deadline statuses, its attachments and the cases linked to it. Only the fields
 * those schemas list leave; personal data is shown by the reader's role (R0.8, the allow-list in http/masking.ts).
 */
import type { Role } from '../../../domain/access/roles.js';
import type { WorkCalendar } from '../../../domain/calendar/index.js';
import {
  DEMAND_STATUS_LABELS,
  PROJECT_FLAG_LABELS,
  PROJECT_STATUS_LABELS,
  listDeadlines,
  type DeadlineRecord,
  type DemandState,
  type ProjectState,
} from '../../../domain/lifecycle/index.js';
import type { RulesConfig } from '../../../domain/rules-config.js';
import { stringMaskerFor } from '../../http/masking.js';
import { projectView, type ViewOf } from '../../http/view.js';
import { DeadlineItem, DemandDetail, ProjectDetail } from './case-view.schemas.js';

export { DemandDetail, ProjectDetail } from './case-view.schemas.js';

type DeadlineView = ViewOf<typeof DeadlineItem>;
type DemandView = ViewOf<typeof DemandDetail>;
type ProjectView = ViewOf<typeof ProjectDetail>;

function deadlineItems(records: readonly DeadlineRecord[], labels: (step: string) => string, now: Date, cal: WorkCalendar, config: RulesConfig): DeadlineView[] {
  return listDeadlines(records, now, cal, config).map((v) => ({
    step: v.record.step,
    rule: v.record.rule,
    label: labels(v.record.step),
    startedAt: v.record.startedAt,
    due: v.record.due,
    dueDate: v.record.dueDate,
    provisional: v.record.provisional,
    warnings: v.record.warnings.map((w) => w.message),
    status: v.status,
    visibleAbove: v.visibleAbove,
  }));
}

/** The personal names a case holds: masked wherever else they occur in it (free text, feedback texts). */
export function personalNamesOf(state: DemandState | ProjectState): string[] {
  if (state.aggregate === 'demand') return [state.proposer.name];
  return [
    ...state.objections.flatMap((o) => (o.raisedByName === null ? [] : [o.raisedByName])),
    ...state.claims.flatMap((c) => (c.claimant.kind === 'individual' ? [c.claimant.name, c.claimant.contactName] : [c.claimant.contactName])),
    ...state.survey.responses.flatMap((r) => (r.signature === null ? [] : [r.signature])),
  ];
}

/** R0.8 a free text of a case (a feedback's body, a title in a list) as `role` may see it. */
export function maskCaseTextFor(role: Role, text: string, names: readonly string[] = []): string {
  return stringMaskerFor(role, names).text(text);
}

export interface MapContext {
  readonly role: Role;
  readonly now: Date;
  readonly calendar: WorkCalendar;
  readonly config: RulesConfig;
  readonly stepLabel: (step: string) => string;
  /** A project's proposers' names (R0.8: masked wherever they occur in the project for roles that see it masked). */
  readonly proposerNames?: readonly string[];
}

/** What a detail shows beside the state: read by the query service. */
export interface CaseSurroundings<L> {
  readonly version: number;
  readonly attachments: DemandView['attachments'];
  readonly links: L;
}

export function mapDemand(
  state: DemandState,
  s: CaseSurroundings<{ project: DemandDetail['project']; linkedDemands: DemandDetail['linkedDemands'] }>,
  m: MapContext,
): DemandDetail {
  const detail: DemandView = {
    id: state.id,
    version: s.version,
    status: state.status,
    statusLabel: DEMAND_STATUS_LABELS[state.status],
    flags: [],
    deadlines: deadlineItems(state.deadlines, m.stepLabel, m.now, m.calendar, m.config),
    attachments: s.attachments,
    state,
    project: s.links.project,
    linkedDemands: s.links.linkedDemands,
  };
  return projectView(DemandDetail, detail, stringMaskerFor(m.role, personalNamesOf(state)));
}

export function mapProject(state: ProjectState, s: CaseSurroundings<{ code: string; demands: ProjectDetail['demands'] }>, m: MapContext): ProjectDetail {
  const detail: ProjectView = {
    id: state.id,
    code: s.links.code,
    version: s.version,
    status: state.status,
    statusLabel: PROJECT_STATUS_LABELS[state.status],
    flags: state.flags.map((f) => ({ flag: f, label: PROJECT_FLAG_LABELS[f] })),
    deadlines: deadlineItems(state.deadlines, m.stepLabel, m.now, m.calendar, m.config),
    attachments: s.attachments,
    state,
    demands: s.links.demands,
  };
  return projectView(ProjectDetail, detail, stringMaskerFor(m.role, [...personalNamesOf(state), ...(m.proposerNames ?? [])]));
}
