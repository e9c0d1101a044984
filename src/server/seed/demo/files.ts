/**
 * The bytes of the demo's attachments: a small valid one-page PDF (minutes, sign-in sheets, agreements, invoices,
 * stamped scans) and drawn site photos (a lane before and after its repair, an activity), built in memory so the
 * seed needs no files on disk.
 */
import { Buffer } from 'node:buffer';

/** A one-page PDF showing `text` (ASCII; the Chinese title lives in the attachment's file name). */
export function demoPdf(text: string): Buffer {
  const safe = text.replace(/[^\x20-\x7e]/g, '?').replace(/[()\\]/g, ' ');
  const body = `BT /F1 12 Tf 72 720 Td (${safe}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${body.length} >>\nstream\n${body}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** Drawings standing in for site photos (640×480), chosen by the file's name: 施工前, 完工后, or an activity. */
const SCENES = {
  before:
    '<rect width="640" height="480" fill="#b0bec5"/><rect y="300" width="640" height="180" fill="#8d8d8d"/>' +
    '<path d="M120 330 L180 370 L150 420 M400 320 L460 360 L430 400 L500 440" stroke="#424242" stroke-width="6" fill="none"/>' +
    '<ellipse cx="300" cy="400" rx="90" ry="22" fill="#6d8fa3"/><rect x="40" y="120" width="160" height="180" fill="#a1887f"/>' +
    '<rect x="440" y="100" width="170" height="200" fill="#9e9e9e"/>',
  after:
    '<rect width="640" height="480" fill="#bbdefb"/><rect y="300" width="640" height="180" fill="#546e7a"/>' +
    '<rect x="0" y="385" width="640" height="10" fill="#eceff1"/><rect x="40" y="120" width="160" height="180" fill="#ffcc80"/>' +
    '<rect x="440" y="100" width="170" height="200" fill="#e0e0e0"/><circle cx="330" cy="200" r="60" fill="#66bb6a"/>' +
    '<rect x="322" y="240" width="16" height="60" fill="#6d4c41"/>',
  activity:
    '<rect width="640" height="480" fill="#fff3e0"/><rect y="330" width="640" height="150" fill="#d7ccc8"/>' +
    '<rect x="180" y="260" width="280" height="20" fill="#8d6e63"/>' +
    [120, 220, 320, 420, 520].map((x, i) => `<circle cx="${x}" cy="${230 - (i % 2) * 12}" r="26" fill="#ffccbc"/><rect x="${x - 30}" y="${258 - (i % 2) * 12}" width="60" height="80" rx="18" fill="${['#ef5350', '#42a5f5', '#66bb6a', '#ffa726', '#ab47bc'][i] ?? '#90a4ae'}"/>`).join(''),
} as const;

/** A drawn site photo as PNG: the lane before (施工前) or after (完工后) its repair, or an activity. */
export async function demoPhoto(filename: string): Promise<Buffer> {
  // Loaded when the demo is seeded, not at every start (src/server/features/attachments/image-publication.ts).
  const { default: sharp } = await import('sharp');
  const scene = filename.includes('施工前') ? SCENES.before : filename.includes('完工后') ? SCENES.after : SCENES.activity;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">${scene}</svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9, palette: true }).toBuffer();
}
