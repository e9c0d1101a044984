/**
 * Reads a community list from CSV or XLSX: columns 名称, 所属镇街, 类型 (村 / 社区), 编码 — header names in Chinese
 * or English (name, town, kind, code). Pure parsing; checking against the tree is the service's.
 */
import { parse } from 'csv-parse/sync';
import { emptyWorkbook, type ExcelJS } from '../documents/excel.js';

export interface ImportRow {
  /** The row's number as the spreadsheet shows it (the header is row 1). */
  readonly rowNumber: number;
  readonly name: string;
  readonly town: string;
  readonly kind: string;
  readonly code: string;
}

const HEADERS: Readonly<Record<keyof Omit<ImportRow, 'rowNumber'>, readonly string[]>> = {
  name: ['名称', '村（社区）名称', '村(社区)名称', '村（社区）', 'name'],
  town: ['所属镇街', '镇街', '镇（街道）', '镇(街道)', '所属镇（街道）', 'town'],
  kind: ['类型', '村/社区', 'kind'],
  code: ['编码', '代码', '统一编码', 'code'],
};

export class ImportFileError extends Error {}

function columnMap(header: readonly string[]): Record<keyof typeof HEADERS, number> {
  const normalised = header.map((h) => h.replace(/^\uFEFF/, '').trim().toLowerCase());
  const find = (names: readonly string[]): number => normalised.findIndex((h) => names.some((n) => n.toLowerCase() === h));
  const map = { name: find(HEADERS.name), town: find(HEADERS.town), kind: find(HEADERS.kind), code: find(HEADERS.code) };
  const missing = (['name', 'town', 'kind'] as const).filter((k) => map[k] < 0);
  if (missing.length > 0) {
    throw new ImportFileError(`缺少列：${missing.map((k) => HEADERS[k][0]).join('、')}`);
  }
  return map;
}

function toRows(table: readonly (readonly string[])[]): ImportRow[] {
  const [header, ...body] = table;
  if (header === undefined) throw new ImportFileError('文件为空');
  const col = columnMap(header);
  const cell = (r: readonly string[], i: number): string => (i < 0 ? '' : (r[i] ?? '').trim());
  const rows: ImportRow[] = [];
  body.forEach((r, i) => {
    if (r.every((c) => c.trim() === '')) return;
    rows.push({ rowNumber: i + 2, name: cell(r, col.name), town: cell(r, col.town), kind: cell(r, col.kind), code: cell(r, col.code) });
  });
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return typeof value.result === 'string' || typeof value.result === 'number' ? String(value.result) : '';
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return '';
  }
  return typeof value === 'string' ? value : String(value);
}

export async function parseCommunityFile(buffer: Buffer, filename: string): Promise<ImportRow[]> {
  const isZip = buffer.length > 4 && buffer[0] === 0x50 && buffer[1] === 0x4b;
  if (isZip || /\.xlsx$/i.test(filename)) {
    if (!isZip) throw new ImportFileError('不是有效的 XLSX 文件');
    const workbook = await emptyWorkbook();
    try {
      await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    } catch {
      throw new ImportFileError('不是有效的 XLSX 文件');
    }
    const sheet = workbook.worksheets[0];
    if (sheet === undefined) throw new ImportFileError('文件为空');
    const table: string[][] = [];
    const width = sheet.columnCount;
    sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
      const cells: string[] = [];
      for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
      table[rowNumber - 1] = cells;
    });
    for (let i = 0; i < table.length; i++) table[i] ??= [];
    return toRows(table);
  }
  if (/\.xls$/i.test(filename)) throw new ImportFileError('不支持旧版 XLS，请另存为 XLSX 或 CSV');
  let text = buffer.toString('utf8');
  if (text.includes('\uFFFD')) throw new ImportFileError('CSV 须为 UTF-8 编码');
  text = text.replace(/^\uFEFF/, '');
  let table: string[][];
  try {
    const parsed: unknown = parse(text, { relax_column_count: true, skip_empty_lines: false });
    table = (parsed as unknown[][]).map((r) => r.map((c) => (typeof c === 'string' ? c : '')));
  } catch {
    throw new ImportFileError('CSV 格式有误');
  }
  return toRows(table);
}
