/**
 * A table's cells placed on its grid. Cells follow HTML's rule for spans (a cell covered by another's colSpan or
 * rowSpan is left out of its row), so a cell's column is found by skipping the columns covered from above.
 */
import type { Cell, Row } from '../../../domain/documents/layout.js';

/** A row's cells with their column index and the columns they cover, following HTML's rule for spans. */
export interface Placed {
  readonly cell: Cell;
  readonly column: number;
  readonly colSpan: number;
  readonly rowSpan: number;
}

/** Places every cell on the grid: a cell goes to the first column its row has free (not covered from above). */
export function placeCells(rows: readonly Row[], columns: number): Placed[][] {
  const coveredUntil = new Array<number>(columns).fill(-1); // last row index each column is covered to by a rowSpan
  return rows.map((row, r) => {
    const placed: Placed[] = [];
    let column = 0;
    for (const cell of row.cells) {
      while (column < columns && (coveredUntil[column] ?? -1) >= r) column++;
      const colSpan = Math.max(1, Math.min(cell.colSpan ?? 1, columns - column));
      const rowSpan = Math.max(1, Math.min(cell.rowSpan ?? 1, rows.length - r));
      if (column >= columns) throw new Error(`Table row ${r} has more cells than its ${columns} columns.`);
      placed.push({ cell, column, colSpan, rowSpan });
      for (let c = column; c < column + colSpan; c++) coveredUntil[c] = r + rowSpan - 1;
      column += colSpan;
    }
    return placed;
  });
}

/** One cell position of a row: a cell that starts here, or the continuation of one from a row above (a vMerge in Word). */
export interface GridEntry {
  readonly placed: Placed;
  readonly continued: boolean;
}

/** Each row's entries in column order, with the cells that rowSpan down from above repeated as continuations. */
export function gridRows(rows: readonly Row[], columns: number): GridEntry[][] {
  const placed = placeCells(rows, columns);
  return placed.map((row, r) => {
    const entries: GridEntry[] = row.map((p) => ({ placed: p, continued: false }));
    for (let above = 0; above < r; above++) {
      for (const p of placed[above] ?? []) if (above + p.rowSpan - 1 >= r) entries.push({ placed: p, continued: true });
    }
    return entries.sort((a, b) => a.placed.column - b.placed.column);
  });
}
