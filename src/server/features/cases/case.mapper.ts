/**
 * What leaves the server about cases. Staff see the aggregate's state with the deadline statuses; the proposer's and
 * objectors' personal data is shown in full only to the roles that work the case (community and town staff), masked
 * for everyone else (R0.8).
 */
import { Type, type Static } from 'typebox';
import type { Role } from '../../../domain/access/roles.js';
import type { WorkCalendar } from '../../../domain/calendar/index.js';
import { maskName, maskPhone } from '../../../domain/masking.js';
import { maskPersonalDataDeep, seesPersonalData } from '../../http/masking.js';
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

/** A demand as it leaves the server (the response of its reads and actions). */
export const DemandDetail = CaseView;
export type DemandDetail = CaseView;
/** A project as it leaves the server (the response of its reads and actions). */
export const ProjectDetail = CaseView;
export type ProjectDetail = CaseView;

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

// ------------------------------------------------------------------------------------------------ R0.8 masking

type Json = Record<string, unknown>;
type TextMask = (text: string) => string;

function isJson(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `value` with the named string fields masked; anything that is not such an object passes unchanged. */
function masked(value: unknown, fields: Readonly<Record<string, TextMask>>): unknown {
  if (!isJson(value)) return value;
  const out: Json = { ...value };
  for (const [key, mask] of Object.entries(fields)) {
    const v = out[key];
    if (typeof v === 'string') out[key] = mask(v);
  }
  return out;
}

/** A claimant's name is personal data when the claimant is a person (爱心人士); an enterprise's name is not. */
function maskClaimant(claimant: unknown): unknown {
  const person = isJson(claimant) && claimant.kind === 'individual';
  return masked(claimant, person ? { name: maskName, contactName: maskName, contactPhone: maskPhone } : { contactName: maskName, contactPhone: maskPhone });
}

/**
 * The parts of a case's state that hold personal data, by top-level key, with how to mask one of them (`item`: each
 * element of a list). The state views and the timeline's audit summaries (which hold the changed top-level parts,
 * or `{ count, added }` for a list that grew) are masked by the same table.
 */
interface PartMask {
  readonly item: boolean;
  readonly mask: (value: unknown) => unknown;
}

const DEMAND_PARTS: Readonly<Record<string, PartMask>> = {
  proposer: { item: false, mask: (p) => masked(p, { name: maskName, phone: maskPhone }) },
};

const PROJECT_PARTS: Readonly<Record<string, PartMask>> = {
  objections: { item: true, mask: (o) => masked(o, { raisedByName: maskName, contactPhone: maskPhone }) },
  claims: { item: true, mask: (c) => (isJson(c) ? { ...c, claimant: maskClaimant(c.claimant) } : c) },
  survey: {
    item: false,
    mask: (s) => (isJson(s) && Array.isArray(s.responses) ? { ...s, responses: s.responses.map((r) => masked(r, { signature: maskName })) } : s),
  },
  // A claim's feedback names the claimant.
  feedbackLog: {
    item: true,
    mask: (e) => (isJson(e) && isJson(e.data) && e.data.claimantKind === 'individual' ? { ...e, data: masked(e.data, { claimantName: maskName }) } : e),
  },
};

function maskParts(parts: Readonly<Record<string, PartMask>>, record: Json): Json {
  const out: Json = { ...record };
  for (const [key, part] of Object.entries(parts)) {
    const v = record[key];
    if (v === undefined || v === null) continue;
    if (!part.item) out[key] = part.mask(v);
    else if (Array.isArray(v)) out[key] = v.map(part.mask);
    else if (isJson(v) && Array.isArray(v.added)) out[key] = { ...v, added: v.added.map(part.mask) };
  }
  return out;
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

/**
 * R0.8 a case's data as `role` may see it: in full for the roles that work the case; otherwise the personal fields
 * masked, and ID and phone numbers and the case's personal names masked in every text.
 */
function maskCaseData(role: Role, aggregate: 'demand' | 'project', record: Json, names: readonly string[]): Json {
  if (seesPersonalData(role)) return record;
  return maskPersonalDataDeep(maskParts(aggregate === 'demand' ? DEMAND_PARTS : PROJECT_PARTS, record), names);
}

export function maskDemandFor(role: Role, state: DemandState): DemandState {
  return maskCaseData(role, 'demand', state as unknown as Json, personalNamesOf(state)) as unknown as DemandState;
}

/** `proposerNames`: the names of the project's proposers (on its demands), masked wherever they occur in it. */
export function maskProjectFor(role: Role, state: ProjectState, proposerNames: readonly string[] = []): ProjectState {
  return maskCaseData(role, 'project', state as unknown as Json, [...personalNamesOf(state), ...proposerNames]) as unknown as ProjectState;
}

/**
 * R0.8 / R7.2 an audit summary of a case (the changed parts of its state, or an action's own data) as `role` may see
 * it, by the rules of the state views; `state` is the case now, whose personal names are masked in the texts.
 */
export function maskCaseSummaryFor(role: Role, state: DemandState | ProjectState, summary: unknown, proposerNames: readonly string[] = []): unknown {
  if (seesPersonalData(role) || summary === null || summary === undefined) return summary;
  const names = [...personalNamesOf(state), ...proposerNames];
  if (!isJson(summary)) return maskPersonalDataDeep(summary, names);
  return maskCaseData(role, state.aggregate, summary, names);
}

/** R0.8 a free text of a case (a feedback's body, a title) as `role` may see it. */
export function maskCaseTextFor(role: Role, text: string, names: readonly string[] = []): string {
  return seesPersonalData(role) ? text : maskPersonalDataDeep(text, names);
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
    state: maskProjectFor(m.role, state, m.proposerNames) as unknown as Record<string, unknown>,
  };
}
