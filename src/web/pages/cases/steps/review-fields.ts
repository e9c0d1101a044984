/**
 * Server field problems renamed to the step forms' own field names, so `applyFieldErrors` can put each beside its
 * input. The server names a field after the request body (`stamp.stampedByName`, `decision.followUp.departmentId`) or,
 * for a refusal of the domain, after the form object it checked (`townDecision.points.budgetReasonable.verdict`);
 * the forms keep flat, dotted names (`followUp.contactPhone`).
 */
import { ApiError, type FieldProblem } from '../../../api/client.js';

/** The form's name of a server field, or null when the form has no input for it. */
export type FieldRename = (serverField: string) => string | null;

/** Strips `body.` and the first of `prefixes` the field starts with; keeps the name when it is one of `names`. */
export function renameByPrefix(prefixes: readonly string[], names: readonly string[], aliases: Readonly<Record<string, string>> = {}): FieldRename {
  return (serverField) => {
    let name = serverField.replace(/^body\./, '');
    const prefix = prefixes.find((p) => name.startsWith(`${p}.`));
    if (prefix !== undefined) name = name.slice(prefix.length + 1);
    const aliased = aliases[name] ?? name;
    return names.includes(aliased) ? aliased : null;
  };
}

/** The same error with each field problem renamed where the form has the field (the others keep their server name). */
export function renameFieldErrors(error: ApiError, rename: FieldRename): ApiError {
  const fields: FieldProblem[] = error.fields.map((f) => ({ field: rename(f.field) ?? f.field, message: f.message }));
  return new ApiError(error.status, error.code, error.message, fields, error.requestId);
}

/** The error as shown above the form: its message and only the field problems no input shows. */
export function withFields(error: ApiError, fields: readonly FieldProblem[]): ApiError {
  return new ApiError(error.status, error.code, error.message, fields, error.requestId);
}

/** The form's own check failures in the shape of a refusal, so they are placed like the server's. */
export function problemsAsError(problems: readonly FieldProblem[]): ApiError {
  return new ApiError(400, 'VALIDATION_FAILED', '请按提示修改', problems, null);
}
