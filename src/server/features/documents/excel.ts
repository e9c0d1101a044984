/**
 * ExcelJS, loaded the first time a workbook is written or read: it holds about 27 MB of a server's memory, which a
 * server that answers lists and statistics, and exports nothing, does not need (docs/performance.md, memory).
 */
import type * as ExcelJS from 'exceljs';

export type { ExcelJS };

/** A new, empty workbook. */
export async function emptyWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: exceljs } = await import('exceljs');
  return new exceljs.Workbook();
}
