/**
 * The portal's routing: a few paths under /m/ read from the address, links that push history entries, and the back
 * button. Small on purpose (no router library), so that the first page a resident opens loads fast.
 */
import { useEffect, useState, type AnchorHTMLAttributes, type MouseEvent, type ReactNode } from 'react';

export const BASE = '/m';

const listeners = new Set<() => void>();

function notify(): void {
  for (const l of listeners) l();
}

/** Goes to a portal path (`/track`, `/projects/12?x=1`), as a new history entry unless `replace`. */
export function navigate(to: string, replace = false): void {
  const url = `${BASE}${to}`;
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  window.scrollTo(0, 0);
  notify();
}

export interface Location {
  /** The path inside the portal, always starting with `/` (`/`, `/projects/12`). */
  readonly path: string;
  readonly query: URLSearchParams;
}

function current(): Location {
  const raw = window.location.pathname;
  const inside = raw.startsWith(BASE) ? raw.slice(BASE.length) : raw;
  return { path: inside === '' ? '/' : inside, query: new URLSearchParams(window.location.search) };
}

export function useLocation(): Location {
  const [location, setLocation] = useState(current);
  useEffect(() => {
    const update = () => setLocation(current());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return location;
}

export function Link({ to, children, ...rest }: { to: string; children: ReactNode } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={`${BASE}${to}`} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}

/** Back within the portal when there is history to go back to, else home. */
export function goBack(): void {
  if (window.history.length > 1 && document.referrer.startsWith(window.location.origin)) window.history.back();
  else navigate('/');
}
