/**
 * Shows an API error as the server worded it, with its field problems and, for server faults, the request id to quote.
 */
import { Alert, Button } from 'antd';
import type { ApiError } from '../api/client.js';

export function ErrorAlert({
  error,
  onRetry,
  showFields = true,
}: {
  readonly error: ApiError | null;
  readonly onRetry?: () => void;
  /** Off when the form shows the field problems beside its fields. */
  readonly showFields?: boolean;
}) {
  if (error === null) return null;
  const fields = showFields ? error.fields : [];
  const description =
    fields.length > 0 || error.requestId !== null ? (
      <>
        {fields.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {fields.map((f, i) => (
              <li key={`${f.field}-${i}`}>{f.message}</li>
            ))}
          </ul>
        ) : null}
        {error.requestId !== null ? <div>请求编号：{error.requestId}</div> : null}
      </>
    ) : undefined;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={error.message}
      description={description}
      action={
        onRetry !== undefined ? (
          <Button size="small" onClick={onRetry}>
            重试
          </Button>
        ) : undefined
      }
    />
  );
}
