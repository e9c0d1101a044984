/**
 * The fonts and type sizes the document renderers share. The PDF embeds Noto Sans SC (from npm, so no system font
 * is needed) and DejaVu Sans for the check boxes ☑ and □, which Noto Sans SC lacks; the files are read once per
 * process. The DOCX names the fonts a Chinese office's Word has (宋体 for Chinese, Times New Roman for Latin).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TextStyle } from '../../../domain/documents/layout.js';

const require = createRequire(import.meta.url);

export interface PdfFontFiles {
  readonly regular: Buffer;
  readonly bold: Buffer;
  readonly symbol: Buffer;
  readonly symbolBold: Buffer;
}

let files: PdfFontFiles | undefined;

/** The PDF fonts' bytes, read from node_modules on first use and kept for the process. */
export function pdfFontFiles(): PdfFontFiles {
  files ??= {
    regular: readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')),
    bold: readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')),
    symbol: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    symbolBold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return files;
}

/** Word's font names: Latin text, Chinese text, and Chinese titles. */
export const DOCX_FONTS = {
  latin: 'Times New Roman',
  eastAsia: '宋体',
  titleEastAsia: '黑体',
  /** Has ☑ and □ on every Windows since Vista; Word falls back by itself elsewhere. */
  symbol: 'Segoe UI Symbol',
} as const;

/** Font size in points and boldness of each text style, alike in both formats (五号 body, 小二 title). */
export const TEXT_STYLES: Readonly<Record<TextStyle, { readonly size: number; readonly bold: boolean }>> = {
  title: { size: 18, bold: true },
  subtitle: { size: 14, bold: false },
  heading: { size: 12, bold: true },
  body: { size: 10.5, bold: false },
  small: { size: 9, bold: false },
};

/** The size of the page label (附件1) at the top left. */
export const PAGE_LABEL_SIZE = 12;

/** Page margins in millimetres: top, right, bottom, left. */
export const PAGE_MARGINS_MM = { top: 20, right: 20, bottom: 20, left: 20 } as const;

/** A4 in millimetres, portrait. */
export const A4_MM = { width: 210, height: 297 } as const;

/** The ground of a label cell. */
export const SHADE_COLOUR = 'E7E6E6';

/** Points per millimetre. */
export const PT_PER_MM = 72 / 25.4;
