/**
 * Loads data for a page: the value, a loading flag, the error to show and a `reload`. A newer load supersedes an
 * older one still in flight, so fast filter changes never show stale rows.
 */
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import { ApiError } from './client.js';

export interface RequestState<T> {
  readonly data: T | undefined;
  readonly loading: boolean;
  readonly error: ApiError | null;
  readonly reload: () => void;
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'CLIENT', '页面出现异常，请刷新后重试', [], null);
}

/** The same inputs: element by element, as React compares a dependency list. */
function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, i) => Object.is(value, b[i]));
}

/** `load` runs on mount and whenever `deps` change; pass `enabled: false` to wait. */
export function useRequest<T>(load: () => Promise<T>, deps: readonly unknown[], enabled = true): RequestState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [loading, setLoading] = useState(enabled);
  const [error, setError] = useState<ApiError | null>(null);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const runLoad = useEffectEvent(() => load());

  // The inputs of the load now asked for: the caller lists the inputs of `load`. When they change the state is
  // adjusted during render (loading, no error), before the effect below starts the load.
  const inputs = [...deps, generation, enabled];
  const [requested, setRequested] = useState<readonly unknown[]>(inputs);
  if (!sameInputs(requested, inputs)) {
    setRequested(inputs);
    if (enabled) {
      setLoading(true);
      setError(null);
    }
  }

  useEffect(() => {
    if (!enabled) return;
    const ticket = ++latest.current;
    runLoad().then(
      (value) => {
        if (ticket !== latest.current) return;
        setData(value);
        setLoading(false);
      },
      (err: unknown) => {
        if (ticket !== latest.current) return;
        setError(toApiError(err));
        setLoading(false);
      },
    );
  }, [requested, enabled]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, loading, error, reload };
}
