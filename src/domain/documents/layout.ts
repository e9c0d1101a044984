/**
 * The layout of a printable document, decided once and rendered alike to Word (DOCX) and PDF by the server's
 * renderers. The guide's forms are tables of labelled cells, so a document is a list of blocks — paragraphs, tables,
 * images, QR codes, page breaks — and a table's cell holds blocks again. Option lists are written as check runs, so
 * that every option is printed and the chosen ones are ticked (☑) and the others empty (□).
 *
 * Cells follow HTML's rule for spans: a cell covered by another's colSpan or rowSpan is left out of its row.
 * Sizes are in millimetres, font sizes in points. Pure data: no IO, no renderer.
 */

export const CHECKED_BOX = '☑';
export const EMPTY_BOX = '□';

/** A piece of text in a paragraph. */
export interface TextRun {
  readonly text: string;
  readonly bold?: boolean;
  readonly underline?: boolean;
}

/** One option of a printed option list: its box, then its label. */
export interface CheckRun {
  readonly check: boolean;
  readonly label: string;
}

export type Run = TextRun | CheckRun;

export type TextStyle = 'title' | 'subtitle' | 'heading' | 'body' | 'small';

export interface Paragraph {
  readonly kind: 'paragraph';
  readonly runs: readonly Run[];
  readonly style?: TextStyle;
  readonly align?: 'left' | 'center' | 'right' | 'justify';
  /** First-line indent in characters (two, for the letter on 附件3). */
  readonly indent?: number;
  readonly spaceAfter?: number;
}

export interface Image {
  readonly kind: 'image';
  readonly data: Uint8Array;
  readonly mime: 'image/png' | 'image/jpeg';
  /** The width it is printed at; the height follows the picture's own proportions unless given. */
  readonly width: number;
  readonly height?: number;
  readonly caption?: string;
}

export interface Qr {
  readonly kind: 'qr';
  readonly value: string;
  readonly size: number;
}

export interface Cell {
  readonly blocks: readonly CellBlock[];
  readonly colSpan?: number;
  readonly rowSpan?: number;
  readonly align?: 'left' | 'center' | 'right';
  readonly valign?: 'top' | 'middle' | 'bottom';
  /** A label cell: printed on a light grey ground. */
  readonly shaded?: boolean;
}

export interface Row {
  readonly cells: readonly Cell[];
  /** The row's least height, for a space to write or stamp in. */
  readonly minHeight?: number;
  /** Repeated at the top of every page the table runs on to. */
  readonly header?: boolean;
  /** Printed on the same page as the row after it: a section's heading is never left alone at the foot of a page. */
  readonly keepWithNext?: boolean;
}

export interface Table {
  readonly kind: 'table';
  /** Relative column widths; the table fills the text width. */
  readonly widths: readonly number[];
  readonly rows: readonly Row[];
  /** Keep the table's rows from breaking across pages where they fit. */
  readonly keepRows?: boolean;
}

export interface PageBreak {
  readonly kind: 'pageBreak';
}

export type CellBlock = Paragraph | Image | Qr | Table;
export type Block = CellBlock | PageBreak;

export interface FormDocument {
  /** The document's name, as in its file name and the PDF's title (登记备案表-项目名). */
  readonly title: string;
  readonly orientation: 'portrait' | 'landscape';
  /** Printed small at the top left of every page, as 附件1 on the guide's forms. */
  readonly pageLabel?: string;
  readonly blocks: readonly Block[];
}

/* ---- builders, so the forms read like the forms ---- */

export function text(value: string, style?: Omit<TextRun, 'text'>): TextRun {
  return { text: value, ...style };
}

export function paragraph(runs: string | readonly Run[], options: Omit<Paragraph, 'kind' | 'runs'> = {}): Paragraph {
  return { kind: 'paragraph', runs: typeof runs === 'string' ? [{ text: runs }] : runs, ...options };
}

/** Every option, in the form's order, each ticked when chosen. */
export function options<T extends string>(all: readonly T[], labels: Readonly<Record<T, string>>, chosen: (option: T) => boolean): CheckRun[] {
  return all.map((o) => ({ check: chosen(o), label: labels[o] }));
}

export function cell(content: string | CellBlock | readonly CellBlock[], options: Omit<Cell, 'blocks'> = {}): Cell {
  const blocks = typeof content === 'string' ? [paragraph(content)] : Array.isArray(content) ? (content as readonly CellBlock[]) : [content as CellBlock];
  return { blocks, ...options };
}

/** A label cell: shaded and centred, as the guide's forms print their field names. */
export function label(value: string, options: Omit<Cell, 'blocks'> = {}): Cell {
  return cell(paragraph(value, { align: 'center' }), { shaded: true, valign: 'middle', ...options });
}

export function isCheckRun(run: Run): run is CheckRun {
  return 'check' in run;
}

/** A run as it is printed: a check run is its box, then its label. */
export function runText(run: Run): string {
  return isCheckRun(run) ? `${run.check ? CHECKED_BOX : EMPTY_BOX}${run.label}` : run.text;
}

/**
 * The document's text in reading order (a paragraph a line, table cells in row order separated by tabs), for tests
 * and for searching: what a reader of the printed page would read, without the layout.
 */
export function documentText(document: Pick<FormDocument, 'blocks'>): string {
  const lines: string[] = [];
  const visit = (block: Block): void => {
    switch (block.kind) {
      case 'paragraph':
        lines.push(block.runs.map(runText).join(' '));
        return;
      case 'table':
        for (const row of block.rows) {
          lines.push(row.cells.map((c) => c.blocks.map((b) => documentText({ blocks: [b] })).join(' ')).join('\t'));
        }
        return;
      case 'image':
        lines.push(`[图片${block.caption === undefined ? '' : `：${block.caption}`}]`);
        return;
      case 'qr':
        lines.push(`[二维码：${block.value}]`);
        return;
      case 'pageBreak':
        lines.push('');
        return;
    }
  };
  document.blocks.forEach(visit);
  return lines.join('\n');
}
