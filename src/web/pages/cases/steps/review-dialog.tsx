/**
 * How the review and publicity step forms send: through useCaseDialog (the form's own rules first), then the form's
 * check of what the server would refuse (its problems beside their fields, nothing sent), then the request; a refusal
 * naming fields has its problems put beside the form's fields (renamed from the server's names) and only the others
 * listed above or beside the button, and the first field it names brought into view.
 */
import type { FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import type { ApiError, FieldProblem } from '../../../api/client.js';
import { toApiError } from '../../../api/useRequest.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { applyFieldErrors } from '../../../components/form-errors.js';
import { useCaseDialog } from '../case-dialog.js';
import { problemsAsError, renameFieldErrors, withFields, type FieldRename } from './review-fields.js';

export interface StepDialogSpec<V> {
  /** What the server would refuse, on the form's field names; non-empty: nothing is sent. */
  readonly check: (values: V) => readonly FieldProblem[];
  /** Sends the request; false to stay open without sending. */
  readonly send: (values: V) => Promise<boolean>;
  /** The server's field name → the form's. */
  readonly rename: FieldRename;
  /** The form's field names. */
  readonly names: readonly string[];
}

export function useStepDialog<V>(form: FormInstance<V>, spec: StepDialogSpec<V>, close: () => void, onDone: (error: ApiError | null) => void) {
  const [unplaced, setUnplaced] = useState<readonly FieldProblem[]>([]);
  const [scrollTo, setScrollTo] = useState<string | null>(null);
  const dialog = useCaseDialog(
    form,
    async (values) => {
      setUnplaced([]);
      const problems = spec.check(values);
      if (problems.length > 0) {
        applyFieldErrors(form, problemsAsError(problems), spec.names);
        const [first] = problems;
        if (first !== undefined) form.scrollToField(first.field, { block: 'center' });
        return false;
      }
      try {
        return await spec.send(values);
      } catch (err) {
        const e = toApiError(err);
        const renamed = renameFieldErrors(e, spec.rename);
        setUnplaced(applyFieldErrors(form, renamed, spec.names));
        setScrollTo(renamed.fields.find((f) => spec.names.includes(f.field))?.field ?? null);
        throw e;
      }
    },
    close,
    onDone,
  );
  // Once the refusal is shown (the layout settled), the first field it names is brought into view.
  const refused = dialog.error;
  useEffect(() => {
    if (refused !== null && scrollTo !== null) form.scrollToField(scrollTo, { block: 'center' });
  }, [refused, scrollTo, form]);
  return { ...dialog, shownError: refused === null ? null : withFields(refused, unplaced) };
}

/** An ErrorAlert with room below it, or nothing. */
export function SpacedError({ error }: { readonly error: ApiError | null }) {
  if (error === null) return null;
  return (
    <div style={{ marginBottom: 12 }}>
      <ErrorAlert error={error} />
    </div>
  );
}
