/**
 * Personal-data masking for everything the public sees (R0.8): phone numbers, names, addresses.
 * Only roles that need the full data see it; every public view goes through these functions.
 */

/**
 * R0.8: a mobile number keeps its first 3 and last 4 digits (`138****1234`); a landline keeps its area code and
 * last 4 digits (`0769-****3333`); anything else keeps only its last 4 characters.
 */
export function maskPhone(phone: string): string {
  const text = phone.trim();
  if (text === '') return '';
  // Already masked (an audit record keeps phone numbers masked): masking it again would only lose its digits.
  if (text.includes('*')) return text;
  const compact = text.replace(/\s/g, '');
  const digits = compact.replace(/-/g, '');
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  const landline = /^(0\d{2,3})-?(\d{7,8})$/.exec(compact);
  if (landline !== null) return `${landline[1] ?? ''}-****${(landline[2] ?? '').slice(-4)}`;
  const chars = [...digits];
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return `${'*'.repeat(chars.length - 4)}${chars.slice(-4).join('')}`;
}

/** R0.8: a name keeps its first character only: 张三 → 张*, 欧阳娜娜 → 欧***. A one-character name is fully masked. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  return `${chars[0] ?? ''}${'*'.repeat(chars.length - 1)}`;
}

/**
 * The administrative markers an address is cut after: a town or street (Dongguan has no districts: 镇 / 街道),
 * or a 区 (功能区, 园区, or a district elsewhere).
 */
const ADDRESS_LEVEL_MARKERS = ['街道', '镇', '区'] as const;

/**
 * R0.8: an address is shown down to the town / street level only:
 * 「东莞市南城街道莞太路123号」 → 「东莞市南城街道***」. Without a recognisable level the whole address is hidden.
 */
export function maskAddress(address: string): string {
  const text = address.trim();
  if (text === '') return '';
  let cut = -1;
  for (const marker of ADDRESS_LEVEL_MARKERS) {
    const at = text.indexOf(marker);
    if (at > 0 && (cut === -1 || at + marker.length < cut)) cut = at + marker.length;
  }
  if (cut === -1) return '***';
  return cut >= text.length ? text : `${text.slice(0, cut)}***`;
}

/** R0.8: an 18-character resident ID number keeps its first 4 and last 4 characters: `4419**********123X`. */
export function maskIdNumber(id: string): string {
  const text = id.trim();
  if (text.length <= 8) return '*'.repeat(text.length);
  return `${text.slice(0, 4)}${'*'.repeat(text.length - 8)}${text.slice(-4)}`;
}

/**
 * Numbers typed into free text, not part of a longer run of letters or digits (so a hash or a code is left alone):
 * an 18-character ID number (17 digits and a digit or X), a mobile number (optionally +86, optionally split
 * 3-4-4 by spaces or hyphens), a landline with its area code (`0769-12345678`, `0769 12345678`, `(0769)12345678`, `（0769）12345678`).
 */
const NUMBERS_IN_TEXT =
  /(?<![0-9A-Za-z])(?:(\d{17}[\dXx])|((?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4})|((?:[(（]0\d{2,3}[)）]|0\d{2,3}[- ])\s?\d{7,8}))(?![0-9A-Za-z])/g;

/**
 * R0.8: personal data typed into free text (an objection, an answer, a note): ID numbers and phone numbers are
 * masked wherever they stand («电话13912345678» → «电话139****5678»); the names given in `knownNames` (the case's
 * own proposer, objectors …) are masked where they occur. Other names cannot be told from ordinary words and stay.
 */
export function maskPersonalDataInText(text: string, knownNames: readonly string[] = []): string {
  let out = text.replace(NUMBERS_IN_TEXT, (match: string, id?: string, mobile?: string, landline?: string) => {
    if (id !== undefined) return maskIdNumber(id);
    if (mobile !== undefined) return maskPhone(mobile.replace(/^\+?86[- ]?/, ''));
    if (landline !== undefined) {
      const parts = /(0\d{2,3})\D*(\d{7,8})/.exec(landline);
      return parts === null ? maskPhone(landline) : maskPhone(`${parts[1] ?? ''}-${parts[2] ?? ''}`);
    }
    return match;
  });
  for (const name of knownNames) {
    const n = name.trim();
    // A one-character "name" would mask that character everywhere.
    if ([...n].length < 2) continue;
    out = out.split(n).join(maskName(n));
  }
  return out;
}
