/**
 * What leaves the server about cases. Staff see the aggregate's state with the deadline statuses; the proposer's and
 * objectors' personal data is shown in full only to the roles that work the case (community and town staff), masked
 * for everyone else (R0.8).
 */
import { Type, type Static } from 'typebox';
import type { Role } from '../../../domain/access/roles.js';
import type { WorkCalendar } from '../../../domain/calendar/index.js';
import { maskName, maskPhone } from '../../../domain/masking.js';
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

const SEES_PERSONAL_DATA: readonly Role[] = ['community_staff', 'town_staff'];

export const DeadlineItem = Type.Object({
  step: Type.String(),
  rule: Type.String(),
  label: Type.String(),
  startedAt: Type.String(),
  due: Type.String(),
  dueDate: Type.String(),
  provisional: Type.Boolean(),
  warnings: Type.Array(Type.String()),
  status: Type.String({ description: 'open | dueSoon | overdue | done | doneLate | cancelled' }),
  visibleAbove: Type.Union([Type.String(), Type.Null()]),
});

export const CaseView = Type.Object({
  id: Type.Integer(),
  version: Type.Integer({ description: '下一次操作须带上此版本号' }),
  status: Type.String(),
  statusLabel: Type.String(),
  flags: Type.Array(Type.Object({ flag: Type.String(), label: Type.String() })),
  deadlines: Type.Array(DeadlineItem),
  state: Type.Record(Type.String(), Type.Unknown(), { description: '聚合的完整状态（个人信息按角色脱敏）' }),
});
export type CaseView = Static<typeof CaseView>;

function deadlineItems(records: readonly DeadlineRecord[], labels: (step: string) => string, now: Date, cal: WorkCalendar, config: RulesConfig): CaseView['deadlines'] {
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

export function maskDemandFor(role: Role, state: DemandState): DemandState {
  if (SEES_PERSONAL_DATA.includes(role)) return state;
  return {
    ...state,
    proposer: { ...state.proposer, name: maskName(state.proposer.name), phone: state.proposer.phone === null ? null : maskPhone(state.proposer.phone) },
  };
}

export function maskProjectFor(role: Role, state: ProjectState): ProjectState {
  if (SEES_PERSONAL_DATA.includes(role)) return state;
  return {
    ...state,
    objections: state.objections.map((o) => ({
      ...o,
      raisedByName: o.raisedByName === null ? null : maskName(o.raisedByName),
      contactPhone: o.contactPhone === null ? null : maskPhone(o.contactPhone),
    })),
    claims: state.claims.map((c) => ({ ...c, claimant: { ...c.claimant, contactPhone: maskPhone(c.claimant.contactPhone) } })),
    survey: {
      ...state.survey,
      responses: state.survey.responses.map((r) => ({ ...r, signature: r.signature === null ? null : maskName(r.signature) })),
    },
  };
}

export interface MapContext {
  readonly role: Role;
  readonly now: Date;
  readonly calendar: WorkCalendar;
  readonly config: RulesConfig;
  readonly stepLabel: (step: string) => string;
}

export function mapDemand(state: DemandState, version: number, m: MapContext): CaseView {
  return {
    id: state.id,
    version,
    status: state.status,
    statusLabel: DEMAND_STATUS_LABELS[state.status],
    flags: [],
    deadlines: deadlineItems(state.deadlines, m.stepLabel, m.now, m.calendar, m.config),
    state: maskDemandFor(m.role, state) as unknown as Record<string, unknown>,
  };
}

export function mapProject(state: ProjectState, version: number, m: MapContext): CaseView {
  return {
    id: state.id,
    version,
    status: state.status,
    statusLabel: PROJECT_STATUS_LABELS[state.status],
    flags: state.flags.map((f) => ({ flag: f, label: PROJECT_FLAG_LABELS[f] })),
    deadlines: deadlineItems(state.deadlines, m.stepLabel, m.now, m.calendar, m.config),
    state: maskProjectFor(m.role, state) as unknown as Record<string, unknown>,
  };
}
