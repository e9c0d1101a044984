/**
 * Puts the server's field problems (`details.fields`) beside the form's own fields; returns the ones the form has no
 * field for, to show above it.
 */
import type { FormInstance } from 'antd';
import type { ApiError, FieldProblem } from '../api/client.js';

export function applyFieldErrors(form: Pick<FormInstance, 'setFields'>, error: ApiError, fieldNames: readonly string[]): FieldProblem[] {
  const byField = new Map<string, string[]>();
  const rest: FieldProblem[] = [];
  for (const problem of error.fields) {
    // The server names body fields as `newPassword` or `body.newPassword`.
    const name = problem.field.replace(/^body\./, '');
    if (fieldNames.includes(name)) byField.set(name, [...(byField.get(name) ?? []), problem.message]);
    else rest.push(problem);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return rest;
}
