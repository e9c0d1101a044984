/**
 * The portal's building blocks: the page frame (header with 返回, the title and the 大字 switch), loading and error
 * messages in plain words, form fields with their problems written under them, and a hook that loads a page's data.
 */
import { useCallback, useEffect, useEffectEvent, useId, useState, type ReactNode } from 'react';
import { asPortalError, type PortalError } from './api.js';
import { largeTextOn, setLargeText } from './prefs.js';
import { goBack } from './router.js';

export function LargeTextToggle() {
  const [on, setOn] = useState(largeTextOn);
  return (
    <button
      type="button"
      className="toggle"
      aria-pressed={on}
      onClick={() => {
        setLargeText(!on);
        setOn(!on);
      }}
    >
      {on ? '大字：开' : '大字模式'}
    </button>
  );
}

export function Page({ title, back = true, children }: { title: string; back?: boolean; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · 民生微实事`;
  }, [title]);
  return (
    <>
      <a className="skip" href="#main">
        跳到正文
      </a>
      <header className="bar">
        {back ? (
          <button type="button" onClick={goBack} aria-label="返回上一页">
            ‹ 返回
          </button>
        ) : (
          <span className="spacer" />
        )}
        <h1>{title}</h1>
        <LargeTextToggle />
      </header>
      <main id="main">{children}</main>
    </>
  );
}

export function Loading({ text = '正在加载，请稍候…' }: { text?: string }) {
  return (
    <p className="center muted" role="status">
      {text}
    </p>
  );
}

export function Notice({ kind, lead, children }: { kind: 'info' | 'ok' | 'bad' | 'warn'; lead?: string; children?: ReactNode }) {
  return (
    <div className={`notice ${kind}`} role={kind === 'bad' ? 'alert' : undefined}>
      {lead !== undefined && <strong className="lead">{lead}</strong>}
      {children}
    </div>
  );
}

export function ErrorNotice({ error, retry }: { error: PortalError; retry?: () => void }) {
  return (
    <Notice kind="bad" lead="没有成功">
      <p>{error.message}</p>
      {retry !== undefined && (
        <button type="button" className="btn" onClick={retry}>
          再试一次
        </button>
      )}
    </Notice>
  );
}

export type Load<T> = { readonly state: 'loading' } | { readonly state: 'error'; readonly error: PortalError } | { readonly state: 'ready'; readonly data: T };

/** Loads `fetcher()` whenever `key` (what the fetcher reads) changes; `reload` loads again; a newer load wins. */
export function useLoad<T>(fetcher: () => Promise<T>, key: string): { load: Load<T>; reload: () => void; set: (data: T) => void } {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  const run = useEffectEvent(() => fetcher());
  // A new key or round shows the loading state at once (adjusted during render, before the effect loads).
  const [requested, setRequested] = useState(`${round}:${key}`);
  if (requested !== `${round}:${key}`) {
    setRequested(`${round}:${key}`);
    setLoad({ state: 'loading' });
  }
  useEffect(() => {
    let live = true;
    run().then(
      (data) => live && setLoad({ state: 'ready', data }),
      (error: unknown) => live && setLoad({ state: 'error', error: asPortalError(error) }),
    );
    return () => {
      live = false;
    };
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const set = useCallback((data: T) => setLoad({ state: 'ready', data }), []);
  return { load, reload, set };
}

export function Field({
  label,
  required = false,
  help,
  problem,
  children,
}: {
  label: string;
  required?: boolean;
  help?: string;
  problem?: string | undefined;
  children: (props: { id: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean; 'aria-required'?: boolean }) => ReactNode;
}) {
  const id = useId();
  const helpId = `${id}-help`;
  const problemId = `${id}-problem`;
  const described = [help !== undefined ? helpId : null, problem !== undefined ? problemId : null].filter((x) => x !== null).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {required ? <span className="req">（必填）</span> : <span className="muted">（可不填）</span>}
      </label>
      {children({ id, ...(described === '' ? {} : { 'aria-describedby': described }), ...(problem !== undefined ? { 'aria-invalid': true } : {}), ...(required ? { 'aria-required': true } : {}) })}
      {help !== undefined && (
        <p className="help" id={helpId}>
          {help}
        </p>
      )}
      {problem !== undefined && (
        <p className="problem" id={problemId}>
          {problem}
        </p>
      )}
    </div>
  );
}
