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
