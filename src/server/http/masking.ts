/**
 * Server-side masking of personal data for anything that leaves the server or enters a log (R0.8): the one place
 * that decides which roles see a case's personal data in full, and the deep masking of whatever they may not see.
 */
import type { Role } from '../../domain/access/roles.js';
import { maskName, maskPersonalDataInText, maskPhone } from '../../domain/masking.js';
import type { StringClass, StringMasker } from './view.js';

type PersonalClass = Exclude<StringClass, 'plain'>;

/**
 * R0.8 which classes of personal data (view.ts) each role sees in full — the one allow-list. The roles that work a
 * case (its community and its town) see its proposer's, objectors' and claimants' personal data; departments, the
 * bureau and supervisors see it masked (R7.2: they read everything, masked); administrators read no case.
 */
const PERSONAL_DATA_SHOWN: Readonly<Record<Role, readonly PersonalClass[]>> = {
  community_staff: ['name', 'phone', 'text'],
  town_staff: ['name', 'phone', 'text'],
  department_reviewer: [],
  bureau_admin: [],
  supervisor: [],
  system_admin: [],
  security_admin: [],
  audit_admin: [],
};

export function seesPersonalData(role: Role): boolean {
  return PERSONAL_DATA_SHOWN[role].length === 3;
}

const same = (value: string): string => value;

/** How `role` sees each class of string; `names`: the case's personal names, masked in its free texts. */
export function stringMaskerFor(role: Role, names: readonly string[] = []): StringMasker {
  const shown = PERSONAL_DATA_SHOWN[role];
  return {
    text: shown.includes('text') ? same : (text) => maskPersonalDataInText(text, names),
    name: shown.includes('name') ? same : maskName,
    phone: shown.includes('phone') ? same : maskPhone,
  };
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
