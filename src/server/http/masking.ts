/**
 * Server-side masking of personal data for anything that leaves the server or enters a log (R0.8): the one place
 * that decides which roles see a case's personal data in full, and the deep masking of whatever they may not see.
 */
import type { Role } from '../../domain/access/roles.js';
import { maskPersonalDataInText, maskPhone } from '../../domain/masking.js';

/**
 * R0.8 the roles that work a case (its community and its town) see its proposer's, objectors' and claimants'
 * personal data in full; departments, the bureau and supervisors see it masked (R7.2: they read everything, masked).
 */
const SEES_PERSONAL_DATA: readonly Role[] = ['community_staff', 'town_staff'];

export function seesPersonalData(role: Role): boolean {
  return SEES_PERSONAL_DATA.includes(role);
}

/** The one phone masker (`138****1234`, `0769-****3333`), under the name the server has used. */
export function maskPhoneNumber(phone: string): string {
  return maskPhone(phone);
}

/**
 * Every string anywhere inside `value` with its ID and phone numbers masked, and the given names (the case's own
 * personal names) masked where they occur. Keys are kept; numbers, booleans and nulls pass unchanged.
 */
export function maskPersonalDataDeep<T>(value: T, knownNames: readonly string[] = []): T {
  return deep(value, knownNames) as T;
}

function deep(value: unknown, names: readonly string[]): unknown {
  if (typeof value === 'string') return maskPersonalDataInText(value, names);
  if (Array.isArray(value)) return value.map((v) => deep(v, names));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = deep(v, names);
    return out;
  }
  return value;
}
