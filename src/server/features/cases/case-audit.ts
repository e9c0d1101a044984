/**
 * What a case action writes to the audit log (R0.7): the top-level parts of the state that changed, before and
 * after. Lists that only grew (responses, objections, deadlines) record the added items, not the whole list twice.
 */
type Json = Record<string, unknown>;

export function stateDiff(before: object | null, after: object): { before: Json | null; after: Json } {
  if (before === null) return { before: null, after: summary(after as Json) };
  const b = before as Json;
  const a = after as Json;
  const beforeOut: Json = {};
  const afterOut: Json = {};
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    const x = b[key];
    const y = a[key];
    if (JSON.stringify(x) === JSON.stringify(y)) continue;
    if (Array.isArray(x) && Array.isArray(y) && y.length > x.length && JSON.stringify(y.slice(0, x.length)) === JSON.stringify(x)) {
      beforeOut[key] = { count: x.length };
      afterOut[key] = { count: y.length, added: y.slice(x.length) };
    } else {
      beforeOut[key] = x ?? null;
      afterOut[key] = y ?? null;
    }
  }
  return { before: beforeOut, after: afterOut };
}

/** A new aggregate: its identity and the fields it was created with, without the derived deadline records. */
function summary(state: Json): Json {
  const { deadlines: _deadlines, ...rest } = state;
  return rest;
}
