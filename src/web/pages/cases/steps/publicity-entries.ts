/**
 * What staff enter during 公示 on behalf of someone who came on paper or by phone: an 异议 (R5.3) and a 莞家直达
 * 认领 (R5.5). Form values → the bodies of POST /api/projects/{id}/objections and /claims, with the checks the server
 * makes (the claimant's phone like the domain checks it), the server's field names → the forms', and whether a
 * project can be claimed at all.
 */
import type { ProjectState, RequestOf } from '../../../api/models.js';
import { FieldErrors } from '../../../../domain/forms/field-errors.js';
import { CLAIMANT_KIND_LABELS, type ClaimantKind } from '../../../../domain/lifecycle/feedback-templates.js';
import { renameByPrefix } from './review-fields.js';

export type ObjectionRequest = RequestOf<'raiseObjection'>;
export type ClaimRequest = RequestOf<'claimProject'>;

export interface Problem {
  readonly field: string;
  readonly message: string;
}

// ------------------------------------------------------------------------------------------------ 异议 (R5.3)

export interface ObjectionValues {
  readonly text?: string;
  readonly raisedByName?: string;
  readonly contactPhone?: string;
}

export const OBJECTION_FIELDS: readonly string[] = ['text', 'raisedByName', 'contactPhone'];
export const objectionFieldOf = renameByPrefix([], OBJECTION_FIELDS);

const trimmed = (value: string | undefined): string => (value ?? '').trim();
const orNull = (value: string | undefined): string | null => (trimmed(value) === '' ? null : trimmed(value));

export function objectionProblems(values: ObjectionValues): Problem[] {
  const errors = new FieldErrors();
  errors.text('text', values.text, '异议内容', 2000);
  if (orNull(values.raisedByName) !== null) errors.text('raisedByName', values.raisedByName, '异议人姓名', 50);
  // Optional; when given, a number staff can call back.
  if (orNull(values.contactPhone) !== null) errors.phone('contactPhone', values.contactPhone, '联系电话');
  return errors.errors.map((e) => ({ field: e.field, message: e.message }));
}

/** The body (texts trimmed, a blank name or phone sent as null), or null while a check fails. */
export function objectionBody(values: ObjectionValues, version: number): ObjectionRequest | null {
  if (objectionProblems(values).length > 0) return null;
  return { version, text: trimmed(values.text), raisedByName: orNull(values.raisedByName), contactPhone: orNull(values.contactPhone) };
}

// ------------------------------------------------------------------------------------------------ 认领 (R5.5)

export interface ClaimValues {
  readonly kind?: ClaimantKind;
  readonly name?: string;
  readonly contactName?: string;
  readonly contactPhone?: string;
  readonly note?: string;
}

export const CLAIM_FIELDS: readonly string[] = ['kind', 'name', 'contactName', 'contactPhone', 'note'];
/** `claimant.contactPhone` → `contactPhone`; `note` stays. */
export const claimFieldOf = renameByPrefix(['claimant'], CLAIM_FIELDS);

export const CLAIMANT_KINDS: readonly ClaimantKind[] = ['enterprise', 'organization', 'individual'];
export const CLAIMANT_OPTIONS = CLAIMANT_KINDS.map((k) => ({ value: k, label: CLAIMANT_KIND_LABELS[k] }));

/** What the claimant's name is called for each kind. */
export function claimantNameLabel(kind: ClaimantKind | undefined): string {
  if (kind === 'enterprise') return '企业名称';
  if (kind === 'organization') return '社会组织名称';
  if (kind === 'individual') return '姓名';
  return '认领方名称';
}

export function claimProblems(values: ClaimValues): Problem[] {
  const errors = new FieldErrors();
  if (values.kind === undefined || !CLAIMANT_KINDS.includes(values.kind)) errors.add('kind', 'REQUIRED', '请选择认领方类型');
  errors.text('name', values.name, claimantNameLabel(values.kind), 100);
  errors.text('contactName', values.contactName, '联系人', 50);
  errors.phone('contactPhone', values.contactPhone, '联系电话');
  const note = trimmed(values.note);
  if ([...note].length > 1000) errors.add('note', 'TOO_LONG', '认领说明不能超过1000个字');
  return errors.errors.map((e) => ({ field: e.field, message: e.message }));
}

/** The body, or null while a check fails. */
export function claimBody(values: ClaimValues, version: number): ClaimRequest | null {
  if (claimProblems(values).length > 0 || values.kind === undefined) return null;
  return {
    version,
    claimant: { kind: values.kind, name: trimmed(values.name), contactName: trimmed(values.contactName), contactPhone: trimmed(values.contactPhone) },
    note: trimmed(values.note),
  };
}

export type Claimability = { readonly claimable: true } | { readonly claimable: false; readonly reason: string; readonly offer: boolean };

/**
 * R5.5 only a 莞家直达 project is offered for claiming (`offer` false: the button is not shown at all), and only until
 * a claim is accepted (shown, disabled, with the reason).
 */
export function claimabilityOf(state: Pick<ProjectState, 'agreement' | 'claims'>): Claimability {
  if (state.agreement?.result.handlingMode !== 'direct') return { claimable: false, reason: '只有莞家直达方式办理的项目可以认领', offer: false };
  const accepted = state.claims.find((c) => c.decision?.accepted === true);
  if (accepted !== undefined) return { claimable: false, reason: `该项目已由「${accepted.claimant.name}」认领`, offer: true };
  return { claimable: true };
}

/** Objections not answered yet: implementation cannot start while there is one (R5.3). */
export function unansweredObjections(state: Pick<ProjectState, 'objections'>): number {
  return state.objections.filter((o) => o.answer === null).length;
}
