/**
 * Where the browser fetches an attachment itself (an <img>, a link that downloads or opens a PDF): the download
 * operation's path, checked against the generated OpenAPI paths.
 */
import type { paths } from '../../../api/schema.gen.js';

const DOWNLOAD = '/api/attachments/{id}' satisfies keyof paths;

export function downloadUrl(id: number): string {
  return DOWNLOAD.replace('{id}', String(id));
}

/** Shown by the browser (PDFs and JPG/PNG images; the server downloads anything else). */
export function previewUrl(id: number): string {
  return `${downloadUrl(id)}?disposition=inline`;
}

export const PREVIEWABLE = (mime: string): 'image' | 'pdf' | null =>
  mime === 'image/jpeg' || mime === 'image/png' ? 'image' : mime === 'application/pdf' ? 'pdf' : null;

/** 1.2 MB, 340 KB, 12 B. */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
