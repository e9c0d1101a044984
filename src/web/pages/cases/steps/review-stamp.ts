/**
 * 盖章 on the 登记备案表 (R4.3) as the stamp form holds it: which departments of the review have stamped and which not,
 * the departments offered, the checks the server makes (a town department, who stamped, a date not in the future,
 * one scanned copy), and form values → the body of POST /api/projects/{id}/stamps.
 */
import type { Dayjs } from 'dayjs';
import type { RequestOf } from '../../../api/models.js';
import type { ReviewContext, StampRecord } from './review-decision.js';
import { renameByPrefix } from './review-fields.js';

export type StampRequest = RequestOf<'recordStamp'>;

export interface StampValues {
  readonly departmentId?: number;
  readonly stampedByName?: string;
  readonly stampedOn?: Dayjs | null;
  /** AttachmentField's value: the scanned copy (one file). */
  readonly scanAttachmentIds?: readonly number[];
}

export const STAMP_FIELDS: readonly string[] = ['departmentId', 'stampedByName', 'stampedOn', 'scanAttachmentIds'];

/** `stamp.scanAttachmentId` → `scanAttachmentIds`, `stamp.departmentName` → `departmentId` …; others stay unplaced. */
export const stampFieldOf = renameByPrefix(['stamp'], STAMP_FIELDS, { scanAttachmentId: 'scanAttachmentIds', departmentName: 'departmentId' });

export interface Department {
  readonly id: number;
  readonly name: string;
}

export interface StampRow {
  readonly departmentId: number;
  readonly departmentName: string;
  /** Assigned to co-review this round (R4.1). */
  readonly reviewer: boolean;
  readonly stamps: readonly StampRecord[];
}

/** The co-reviewers first (stamped or not), then any other department that stamped. */
export function stampRows(ctx: ReviewContext): StampRow[] {
  const rows: StampRow[] = ctx.reviewers.map((r) => ({
    departmentId: r.departmentId,
    departmentName: r.departmentName,
    reviewer: true,
    stamps: ctx.stamps.filter((s) => s.departmentId === r.departmentId),
  }));
  for (const s of ctx.stamps) {
    const row = rows.find((r) => r.departmentId === s.departmentId);
    if (row === undefined) rows.push({ departmentId: s.departmentId, departmentName: s.departmentName, reviewer: false, stamps: [s] });
    else if (!row.reviewer) rows[rows.indexOf(row)] = { ...row, stamps: [...row.stamps, s] };
  }
  return rows;
}

/** The co-reviewers that have not stamped yet. */
export function unstampedReviewers(ctx: ReviewContext): string[] {
  return stampRows(ctx)
    .filter((r) => r.reviewer && r.stamps.length === 0)
    .map((r) => r.departmentName);
}

export interface DepartmentOption {
  readonly value: number;
  readonly label: string;
}

/** The town's departments, the co-reviewers not yet stamped first, each marked 会审部门 / 已盖章. */
export function departmentOptions(departments: readonly Department[], ctx: ReviewContext): DepartmentOption[] {
  const reviewer = new Set(ctx.reviewers.map((r) => r.departmentId));
  const stamped = new Set(ctx.stamps.map((s) => s.departmentId));
  const order = ctx.reviewers.map((r) => r.departmentId);
  // Co-reviewers not yet stamped, then those stamped, each in the order assigned; then the town's other departments.
  const rank = (d: Department) => (reviewer.has(d.id) ? (stamped.has(d.id) ? 100 : 0) + order.indexOf(d.id) : 1000);
  return [...departments]
    .sort((a, b) => rank(a) - rank(b))
    .map((d) => {
      const notes = [reviewer.has(d.id) ? '会审部门' : null, stamped.has(d.id) ? '已盖章' : null].filter((n) => n !== null);
      return { value: d.id, label: notes.length === 0 ? d.name : `${d.name}（${notes.join('，')}）` };
    });
}

/** The checks the server makes on a stamp, on the form's fields; `today` is Dongguan's civil date (YYYY-MM-DD). */
export function stampProblems(values: StampValues, today: string): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  if (values.departmentId === undefined) problems.push({ field: 'departmentId', message: '请选择盖章部门' });
  const by = (values.stampedByName ?? '').trim();
  if (by === '') problems.push({ field: 'stampedByName', message: '请填写盖章经办人' });
  else if ([...by].length > 50) problems.push({ field: 'stampedByName', message: '盖章经办人不能超过50个字' });
  const on = values.stampedOn?.format('YYYY-MM-DD');
  if (on === undefined) problems.push({ field: 'stampedOn', message: '请选择盖章日期' });
  else if (on > today) problems.push({ field: 'stampedOn', message: '盖章日期不能晚于今天' });
  const scans = values.scanAttachmentIds ?? [];
  if (scans.length === 0) problems.push({ field: 'scanAttachmentIds', message: '请上传盖章页扫描件' });
  else if (scans.length > 1) problems.push({ field: 'scanAttachmentIds', message: '每次登记一个部门的盖章，只能选择一份扫描件' });
  return problems;
}

/** The request body, or null while a check fails. */
export function stampBody(values: StampValues, version: number, today: string): StampRequest | null {
  if (stampProblems(values, today).length > 0) return null;
  const [scanAttachmentId] = values.scanAttachmentIds ?? [];
  const stampedOn = values.stampedOn?.format('YYYY-MM-DD');
  if (values.departmentId === undefined || scanAttachmentId === undefined || stampedOn === undefined) return null;
  return {
    version,
    stamp: { departmentId: values.departmentId, stampedByName: (values.stampedByName ?? '').trim(), stampedOn, scanAttachmentId },
  };
}
