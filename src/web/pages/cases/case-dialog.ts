/**
 * The one way a case dialog sends: the form checks its own fields first (nothing is sent while one is wrong); a
 * refusal naming fields stays in the dialog; anything else — done, a conflict, a refusal of the lifecycle — closes
 * the dialog and goes to the drawer, which shows it and reloads the case.
 */
import type { FormInstance } from 'antd';
import { useState } from 'react';
import type { ApiError } from '../../api/client.js';
import { toApiError } from '../../api/useRequest.js';

export interface CaseDialog {
  readonly sending: boolean;
  /** A refusal naming fields, shown in the dialog. */
  readonly error: ApiError | null;
  readonly submit: () => Promise<void>;
}

/**
 * `send` gets the form's checked values and returns false to stay open without sending (a check of its own failed);
 * `close` hides the dialog; `onDone` receives null when done, or the error the drawer shows.
 */
export function useCaseDialog<V>(
  form: FormInstance<V>,
  send: (values: V) => Promise<boolean | undefined>,
  close: () => void,
  onDone: (error: ApiError | null) => void,
): CaseDialog {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async () => {
    const values = await form.validateFields().catch(() => null);
    if (values === null) return;
    setSending(true);
    setError(null);
    try {
      if ((await send(values)) === false) return;
      close();
      onDone(null);
    } catch (err) {
      const e = toApiError(err);
      if (e.fields.length > 0) setError(e);
      else {
        close();
        onDone(e);
      }
    } finally {
      setSending(false);
    }
  };
  return { sending, error, submit };
}
