/**
 * How the case pages name and show a case: shared by the list and the drawer.
 */
import type { CaseKind } from '../../api/client.js';
import { NONE } from '../../format.js';

export type { CaseKind };

export const CASE_NOUN: Readonly<Record<CaseKind, string>> = { demand: '诉求', project: '项目' };

/** 元 with two decimals from 分. */
export function formatYuan(fen: number | null): string {
  if (fen === null) return NONE;
  return `${(fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
}

/** The case's own page: /demands/12, /projects/34. */
export function casePath(kind: CaseKind, id: number): string {
  return `${kind === 'demand' ? '/demands' : '/projects'}/${id}`;
}
