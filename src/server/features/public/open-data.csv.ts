/**
 * The open data as CSV a resident's or a reporter's Excel opens as it is: UTF-8 with a byte-order mark (Excel in
 * China reads a file without one as GBK), a first row of Chinese headers, CRLF line ends and RFC 4180 quoting (a
 * field holding a comma, a quote or a line break is quoted, its quotes doubled). A cell that a spreadsheet would run
 * as a formula — starting with = + - @, a tab or a carriage return — gets a leading apostrophe (OWASP's advice on CSV
 * injection), so a project named “=HYPERLINK(…)” stays text.
 */
import type { OpenDataColumn } from './open-data.schemas.js';

export const CSV_MIME = 'text/csv; charset=utf-8';
const BOM = '\uFEFF';

/** Starts a cell a spreadsheet would evaluate. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv<K extends string>(columns: readonly OpenDataColumn<K>[], rows: readonly Readonly<Record<K, string | number | null>>[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c.key])).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
