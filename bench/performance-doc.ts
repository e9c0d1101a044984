/**
 * Writes one benchmark's part of docs/performance.md and leaves every other part as it is. Each benchmark's part
 * sits between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` (invisible when the Markdown is read). A document
 * without the markers yet has the part found by its heading: from that heading to the next heading of the same or a
 * higher level that is not the part's own (`own` lists the headings of the part that are at that level, by their
 * beginnings), or from a line above the heading (`startsAt`); it is then wrapped in the markers. A part found neither way is appended at the end.
 */
import fs from 'node:fs';

export interface LegacyPart {
  /** The part's first heading line, or its beginning (e.g. `## Official documents`). */
  readonly heading: string;
  /** Beginnings of the part's other headings at the same level, which belong to it. */
  readonly own?: readonly string[];
  /** The beginning of a line above the heading where the part starts (an introduction under the title). */
  readonly startsAt?: string;
}

const headingLevel = (line: string): number => /^(#{1,6})\s/.exec(line)?.[1]?.length ?? 0;

/** The document with the part `name` replaced by `section` (or added at the end). */
export function withDocSection(doc: string, name: string, section: string, legacy?: LegacyPart | string): string {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const body = `${open}\n${section.trim()}\n${close}`;
  const start = doc.indexOf(open);
  const end = doc.indexOf(close);
  if (start !== -1 && end > start) return `${doc.slice(0, start)}${body}${doc.slice(end + close.length)}`;

  const part: LegacyPart | undefined = typeof legacy === 'string' ? { heading: legacy } : legacy;
  if (part !== undefined) {
    const lines = doc.split('\n');
    let fence = false;
    const isHeading = lines.map((line) => {
      if (/^(```|~~~)/.test(line)) fence = !fence;
      return !fence && headingLevel(line) > 0;
    });
    const first = lines.findIndex((line, i) => isHeading[i] === true && line.startsWith(part.heading));
    if (first !== -1) {
      const level = headingLevel(lines[first] ?? '');
      const own = part.own ?? [];
      let last = lines.length;
      for (let i = first + 1; i < lines.length; i++) {
        const line = lines[i] ?? '';
        const l = headingLevel(line);
        if (isHeading[i] !== true || l === 0 || l > level) continue;
        if (l === level && own.some((o) => line.startsWith(o))) continue;
        last = i;
        break;
      }
      const intro = part.startsAt === undefined ? -1 : lines.findIndex((line, i) => i < first && isHeading[i] !== true && line.startsWith(part.startsAt ?? ''));
      const before = lines.slice(0, intro === -1 ? first : intro).join('\n');
      const after = lines.slice(last).join('\n');
      return `${before}${before === '' ? '' : '\n'}${body}\n${after === '' ? '' : `\n${after}`}`.replace(/\n*$/, '\n');
    }
  }
  return `${doc.replace(/\s*$/, '')}\n\n${body}\n`;
}

/** Replaces the part `name` of the file (created with a `# Performance` title if missing). */
export function replaceDocSection(file: string, name: string, section: string, legacy?: LegacyPart | string): void {
  const doc = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Performance\n';
  fs.writeFileSync(file, withDocSection(doc, name, section, legacy));
}
