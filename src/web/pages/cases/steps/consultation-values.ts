/**
 * 登记备案表 section 二 as the clerk types it — the meeting (协商时间 … 合共…人), the 协商结果 (money as 万元 text, the
 * fund sources ticked with an amount each, 实施时限 as two dates), the 村（居）民（代表）会议 vote and the feasibility
 * study — and the exact conversion of those values into the request bodies: 万元 → 分 through the domain's parser
 * (R0.1, never floats), sums of 分, 其他 text only when 其他 is ticked. Also maps the field names the server and the
 * domain validators use (`consultation.result.fundSources.1.amountFen`) back to the form's own fields.
 */
import { FUND_SOURCES, type ConsultationForm, type FundSource, type HandlingMode, type ParticipantKind } from '../../../../domain/categories.js';
import type { FieldError } from '../../../../domain/forms/field-errors.js';
import { assemblyVotePasses, validateConsultationResult } from '../../../../domain/forms/registration-form.js';
import { FieldErrors } from '../../../../domain/forms/field-errors.js';
import { formatWan, parseWan, sumWithinCeiling, type Fen } from '../../../../domain/money.js';
import type { RulesConfig } from '../../../../domain/rules-config.js';
import type { RequestOf } from '../../../api/models.js';

export type ConsultationBody = RequestOf<'recordConsultation'>;
export type ConsultationRecordBody = ConsultationBody['consultation'];
export type ConsultationResultBody = NonNullable<ConsultationRecordBody['result']>;
export type FeasibilityStudyBody = RequestOf<'recordFeasibilityStudy'>;
export type FeasibilityRecommendation = FeasibilityStudyBody['study']['recommendation'];
export type AssemblyVoteBody = RequestOf<'recordAssemblyVote'>;
export type AssemblyVoteRecordBody = AssemblyVoteBody['vote'];

/** A form field's path (antd's NamePath as an array). */
export type FieldPath = (string | number)[];

/** A date as the pickers hold it (dayjs); only its civil date is read. */
export interface DateValue {
  format(template: string): string;
}

export interface FundEntryValues {
  readonly used?: boolean;
  /** 万元, as typed. */
  readonly amount?: string;
}
export type FundValues = Partial<Record<FundSource, FundEntryValues>>;

/** 协商结果 (附件1 section 二, items 1–6 and 实施时限). */
export interface ResultValues {
  readonly content?: string;
  readonly beneficiaries?: string;
  readonly handlingMode?: HandlingMode;
  /** 项目经费预算, 万元 as typed. */
  readonly budget?: string;
  readonly funds?: FundValues;
  readonly implementer?: string;
  readonly period?: readonly [DateValue | null, DateValue | null] | null;
}

export interface ConsultationValues {
  readonly heldAt?: DateValue;
  readonly place?: string;
  readonly hostName?: string;
  readonly recorderName?: string;
  readonly forms?: readonly ConsultationForm[];
  readonly formOther?: string;
  readonly participants?: readonly ParticipantKind[];
  readonly participantOther?: string;
  readonly headCount?: number | null;
  readonly passed?: 'yes' | 'no';
  /** A failed consultation may still record the plan it rejected (the vote later defaults to it). */
  readonly recordRejectedPlan?: boolean;
  readonly result?: ResultValues;
  readonly minutesAttachmentIds?: readonly number[];
  readonly signInAttachmentIds?: readonly number[];
}

export interface VoteValues {
  readonly heldAt?: DateValue;
  readonly present?: number | null;
  readonly votesFor?: number | null;
  readonly votesAgainst?: number | null;
  readonly abstentions?: number | null;
  readonly minutesAttachmentIds?: readonly number[];
  readonly result?: ResultValues;
}

export interface StudyValues {
  readonly summary?: string;
  readonly recommendation?: FeasibilityRecommendation;
  readonly attachmentIds?: readonly number[];
}

/** A problem found while converting, on the form's own field. */
export interface FormProblem {
  readonly name: FieldPath;
  readonly message: string;
}

export type Converted<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly FormProblem[] };

const text = (value: string | undefined): string => (value ?? '').trim();

/** 其他 (协商形式, 参与主体): its text only when 其他 is ticked, trimmed; otherwise nothing. */
export function otherText(ticked: readonly string[] | undefined, value: string | undefined): string | null {
  return (ticked ?? []).includes('other') ? text(value) : null;
}

/** The fund sources ticked, in the form's order (the order they are sent in). */
export function usedFundSources(funds: FundValues | undefined): FundSource[] {
  return FUND_SOURCES.filter((source) => funds?.[source]?.used === true);
}

/** R0.1 a 万元 text as 分, or null when empty or not an amount. */
export function wanToFen(value: string | undefined): Fen | null {
  const parsed = parseWan(value ?? '');
  return parsed.ok ? parsed.fen : null;
}

export interface FundSummary {
  /** The budget in 分, or null while it is not an amount. */
  readonly budgetFen: Fen | null;
  /** The sum of the ticked sources in 分, or null while one of them is not an amount (or the sum is past the ceiling). */
  readonly totalFen: Fen | null;
  /** total − budget in 分 (negative: sources fall short), when both are known. */
  readonly differenceFen: number | null;
  readonly sources: readonly FundSource[];
}

/** The running sum of the fund sources against the budget, exact in 分. */
export function fundSummary(values: ResultValues | undefined): FundSummary {
  const budgetFen = wanToFen(values?.budget);
  const sources = usedFundSources(values?.funds);
  const amounts = sources.map((source) => wanToFen(values?.funds?.[source]?.amount));
  const known = amounts.filter((a): a is Fen => a !== null);
  const totalFen = known.length === amounts.length ? sumWithinCeiling(known) : null;
  const differenceFen = budgetFen !== null && totalFen !== null ? totalFen - budgetFen : null;
  return { budgetFen, totalFen, differenceFen, sources };
}

function civilDate(value: DateValue | null | undefined): string {
  return value === null || value === undefined ? '' : value.format('YYYY-MM-DD');
}

interface ResultDraft {
  readonly body: Omit<ConsultationResultBody, 'handlingMode'> & { readonly handlingMode: HandlingMode | null };
  /** 万元 texts that are not amounts. */
  readonly moneyProblems: readonly FormProblem[];
}

function draftResult(values: ResultValues | undefined, prefix: FieldPath): ResultDraft {
  const moneyProblems: FormProblem[] = [];
  const money = (value: string | undefined, name: FieldPath, label: string): Fen => {
    const parsed = parseWan(value ?? '');
    if (parsed.ok) return parsed.fen;
    moneyProblems.push({ name, message: parsed.error.code === 'EMPTY' ? `请填写${label}` : parsed.error.message });
    return 0;
  };
  const budgetFen = money(values?.budget, [...prefix, 'budget'], '项目经费预算');
  const fundSources = usedFundSources(values?.funds).map((source) => ({
    source,
    amountFen: money(values?.funds?.[source]?.amount, [...prefix, 'funds', source, 'amount'], '经费金额'),
  }));
  const [start, end] = values?.period ?? [null, null];
  return {
    body: {
      content: text(values?.content),
      beneficiaries: text(values?.beneficiaries),
      handlingMode: values?.handlingMode ?? null,
      budgetFen,
      fundSources,
      implementer: text(values?.implementer),
      implementationPeriod: { start: civilDate(start), end: civilDate(end) },
    },
    moneyProblems,
  };
}

/**
 * 协商结果 → the request's `result`: 万元 → 分 exact; the ticked sources with their amounts, in the form's order.
 * Fails (on the form's fields, under `prefix`) where a 万元 text is not an amount or no 办理方式 is chosen; every other
 * check is the domain validator's.
 */
export function resultBody(values: ResultValues | undefined, prefix: FieldPath): Converted<ConsultationResultBody> {
  const { body, moneyProblems } = draftResult(values, prefix);
  const { handlingMode } = body;
  const problems = handlingMode === null ? [...moneyProblems, { name: [...prefix, 'handlingMode'], message: '请选择项目办理方式' }] : moneyProblems;
  if (problems.length > 0 || handlingMode === null) return { ok: false, problems };
  return { ok: true, value: { ...body, handlingMode } };
}

/**
 * R0.1 the problem with the fund sources as a whole, worded by the domain's validator: none ticked, or their sum
 * differs from the budget. Null while the amounts themselves are not yet amounts (their own fields say so).
 */
export function fundSourcesProblem(values: ResultValues | undefined): string | null {
  const { body, moneyProblems } = draftResult(values, []);
  if (moneyProblems.length > 0) return null;
  const errors = new FieldErrors();
  // Only the fund lines are looked at here; the mode has its own field.
  validateConsultationResult({ ...body, handlingMode: body.handlingMode ?? 'express' }, 'r', errors);
  return errors.errors.find((e) => e.field === 'r.fundSources')?.message ?? null;
}

/** Whether a consultation sends its 协商结果: always when passed; when failed, only if the clerk records the rejected plan. */
export function sendsResult(values: Pick<ConsultationValues, 'passed' | 'recordRejectedPlan'>): boolean {
  return values.passed === 'yes' || values.recordRejectedPlan === true;
}

/** The meeting of 登记备案表 section 二 → the request's `consultation`; `heldAt` is the instant already read. */
export function consultationRecordBody(values: ConsultationValues, heldAt: string): Converted<ConsultationRecordBody> {
  const result = sendsResult(values) ? resultBody(values.result, ['result']) : null;
  if (result !== null && !result.ok) return result;
  return {
    ok: true,
    value: {
      heldAt,
      place: text(values.place),
      hostName: text(values.hostName),
      recorderName: text(values.recorderName),
      forms: [...(values.forms ?? [])],
      formOther: otherText(values.forms, values.formOther),
      participants: [...(values.participants ?? [])],
      participantOther: otherText(values.participants, values.participantOther),
      headCount: values.headCount ?? 0,
      passed: values.passed === 'yes',
      result: result === null ? null : result.value,
      minutesAttachmentIds: [...(values.minutesAttachmentIds ?? [])],
      signInAttachmentIds: [...(values.signInAttachmentIds ?? [])],
    },
  };
}

export interface VoteCounts {
  readonly present: number;
  readonly votesFor: number;
  readonly votesAgainst: number;
  readonly abstentions: number;
}

export function voteCounts(values: VoteValues): VoteCounts {
  return {
    present: values.present ?? 0,
    votesFor: values.votesFor ?? 0,
    votesAgainst: values.votesAgainst ?? 0,
    abstentions: values.abstentions ?? 0,
  };
}

/** R3.3 the outcome as the domain computes it (never typed): null until 到会人数 is known. */
export function voteOutcome(values: VoteValues, config: RulesConfig): boolean | null {
  if (values.present === null || values.present === undefined || values.present < 1) return null;
  const counts = voteCounts(values);
  return assemblyVotePasses(counts.votesFor, counts.present, config);
}

/** The vote → the request's `vote`; the plan put to the vote is sent when it passes (required then), not otherwise. */
export function voteBody(values: VoteValues, heldAt: string, config: RulesConfig): Converted<AssemblyVoteRecordBody> {
  const passes = voteOutcome(values, config) === true;
  const result = passes ? resultBody(values.result, ['result']) : null;
  if (result !== null && !result.ok) return result;
  return {
    ok: true,
    value: {
      heldAt,
      ...voteCounts(values),
      minutesAttachmentIds: [...(values.minutesAttachmentIds ?? [])],
      result: result === null ? null : result.value,
    },
  };
}

export function studyBody(values: StudyValues): FeasibilityStudyBody['study'] {
  return {
    summary: text(values.summary),
    recommendation: values.recommendation ?? 'reconsult',
    attachmentIds: [...(values.attachmentIds ?? [])],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Field names of the server and of the domain validators → the form's fields

/**
 * Where a problem the server or a domain validator names goes in a form of section 二: `consultation.place` →
 * `place`, `vote.result.fundSources.1.amountFen` → the amount of the second ticked source, `…implementationPeriod.end`
 * → the 实施时限 picker. `sent` is the sources in the order they were sent. Null for a field the form does not have.
 */
export function sectionTwoPath(field: string, known: readonly string[], sent: readonly FundSource[]): FieldPath | null {
  const parts = field.replace(/^body\./, '').split('.');
  if (['consultation', 'vote', 'study'].includes(parts[0] ?? '')) parts.shift();
  const [head, ...rest] = parts;
  if (head === undefined || !known.includes(head)) return null;
  if (head === 'forms' || head === 'participants') return [head];
  if (head !== 'result' || rest.length === 0) return [head, ...rest];
  const [item, index, leaf] = rest;
  switch (item) {
    case 'budgetFen':
      return ['result', 'budget'];
    case 'implementationPeriod':
      return ['result', 'period'];
    case 'fundSources': {
      const source = index === undefined ? undefined : sent[Number(index)];
      if (source === undefined) return ['result', 'fundSum'];
      return ['result', 'funds', source, leaf === 'source' ? 'used' : 'amount'];
    }
    default:
      return item === undefined ? null : ['result', item];
  }
}

export interface PlacedProblems {
  readonly onFields: readonly { readonly name: FieldPath; readonly errors: string[] }[];
  /** Messages the form has no field for. */
  readonly rest: readonly string[];
}

/** Groups field problems (the domain's `FieldError`s or the server's) onto the form's fields through `pathOf`. */
export function placeProblems(
  problems: readonly Pick<FieldError, 'field' | 'message'>[],
  pathOf: (field: string) => FieldPath | null,
): PlacedProblems {
  const byPath = new Map<string, { name: FieldPath; errors: string[] }>();
  const rest: string[] = [];
  for (const problem of problems) {
    const name = pathOf(problem.field);
    if (name === null) {
      rest.push(problem.message);
      continue;
    }
    const key = name.join('.');
    const entry = byPath.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(problem.message)) entry.errors.push(problem.message);
    byPath.set(key, entry);
  }
  return { onFields: [...byPath.values()], rest };
}

// ---------------------------------------------------------------------------------------------------------------
// A recorded 协商结果 back into the form (the plan a re-consultation or a vote starts from)

type RecordedResult = ConsultationResultBody;

/** A recorded 协商结果 as form values: 分 → 万元 text exactly, the sources ticked with their amounts. */
export function resultValuesOf(result: RecordedResult, toDate: (civil: string) => DateValue): ResultValues {
  const funds: Partial<Record<FundSource, FundEntryValues>> = {};
  for (const line of result.fundSources) funds[line.source] = { used: true, amount: formatWan(line.amountFen) };
  return {
    content: result.content,
    beneficiaries: result.beneficiaries,
    handlingMode: result.handlingMode,
    budget: formatWan(result.budgetFen),
    funds,
    implementer: result.implementer,
    period: [toDate(result.implementationPeriod.start), toDate(result.implementationPeriod.end)],
  };
}
