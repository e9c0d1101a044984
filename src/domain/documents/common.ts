/**
 * What the official forms' builders share: dates as the forms print them (2026年9月29日), money in 万元, the
 * section heading row of a form's table, and the error a builder throws when the project has not reached the stage
 * its document exists at.
 */
import { toLocalDate, type LocalDate } from '../calendar/index.js';
import { formatWan, type Fen } from '../money.js';
import { cell, paragraph, text, type Cell, type CheckRun, type Row, type Run } from './layout.js';

/** Why a document cannot be built from the state it was given. */
export type DocumentUnavailableCode = 'NO_REGISTRATION' | 'NO_CLOSURE';

/**
 * Thrown by a builder asked for a document the project does not have yet (a 登记备案表 before the registration was
 * submitted, a 结项表 before it was filed). The message is Chinese and can be shown as is.
 */
export class DocumentUnavailableError extends Error {
  override readonly name = 'DocumentUnavailableError';
  constructor(
    readonly code: DocumentUnavailableCode,
    message: string,
  ) {
    super(message);
  }
}

/** 2026-09-29 → 2026年9月29日, as the guide's forms write dates. */
export function chineseDate(date: LocalDate): string {
  const [year, month, day] = date.split('-');
  return `${year ?? ''}年${Number(month)}月${Number(day)}日`;
}

/** An instant as the Asia/Shanghai civil date and time: 2026年9月29日 10:00. */
export function chineseDateTime(instant: string): string {
  const at = new Date(instant);
  const minutes = Math.floor(((at.getTime() + 8 * 3_600_000) % 86_400_000) / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${chineseDate(toLocalDate(at))} ${hh}:${mm}`;
}

/** An instant's civil date only: 2026年9月29日. */
export function chineseDateOf(instant: string): string {
  return chineseDate(toLocalDate(new Date(instant)));
}

/** 万元 as the forms print them, without the unit (the label carries it): 3500000 → 3.5. */
export function wan(fen: Fen): string {
  return formatWan(fen);
}

/** A section's heading across the whole table, kept on the page of the section's first row: 一、项目基本信息. */
export function sectionRow(title: string, columns: number): Row {
  return { cells: [cell(paragraph([text(title, { bold: true })]), { colSpan: columns, shaded: true })], keepWithNext: true };
}

/** A value cell of plain text, several lines as several paragraphs. */
export function valueCell(value: string, options: Omit<Cell, 'blocks'> = {}): Cell {
  const lines = value.split('\n');
  return cell(
    lines.map((line) => paragraph(line)),
    { valign: 'middle', ...options },
  );
}

/** A bare box to tick by hand (a check run without a label). */
export function emptyBox(): CheckRun {
  return { check: false, label: '' };
}

/** Runs of check runs and texts, for an option line that ends with the 其他 text. */
export function withOtherText(runs: readonly CheckRun[], otherLabel: string, otherText: string | null): Run[] {
  const out: Run[] = [];
  for (const run of runs) {
    out.push(run);
    if (run.label === otherLabel && run.check && otherText !== null && otherText.trim() !== '') {
      out.push(text(`：${otherText.trim()}`, { underline: true }));
    }
  }
  return out;
}
