/**
 * What may enter the audit log: never a password or a secret, never a full phone number (R0.7, R0.8).
 */
const SECRET_KEY = /pass(word)?|secret|token|hash|cookie/i;
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

export function redactForAudit(value: unknown): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'string') return value.replace(MOBILE, '$1****$2');
  if (Array.isArray(value)) return value.map(redactForAudit);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      // A flag such as `mustChangePassword` names a secret but holds none: it stays readable.
      out[key] = SECRET_KEY.test(key) && typeof v !== 'boolean' ? '[已隐去]' : redactForAudit(v);
    }
    return out;
  }
  return value;
}

export function auditJson(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(redactForAudit(value));
}
