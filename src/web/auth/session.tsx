/**
 * The signed-in user for the whole workbench: loaded once from GET /api/session, set by sign-in, cleared by sign-out
 * or when any request finds the session gone. `can(action)` is what the menu and the buttons ask.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError, api, onSessionLost } from '../api/client.js';
import type { UserView } from '../api/models.js';
import type { Action } from '../../domain/access/actions.js';

export interface Session {
  /** undefined while the first check runs; null when nobody is signed in. */
  readonly user: UserView | null | undefined;
  /** Why the last session ended without the user asking (shown on the sign-in page). */
  readonly endedBecause: string | null;
  readonly login: (username: string, password: string) => Promise<UserView>;
  readonly logout: () => Promise<void>;
  readonly refresh: () => Promise<void>;
  readonly can: (action: Action) => boolean;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { readonly children: ReactNode }) {
  const [user, setUser] = useState<UserView | null | undefined>(undefined);
  const [endedBecause, setEndedBecause] = useState<string | null>(null);
  const signedIn = useRef(false);
  useEffect(() => {
    signedIn.current = user !== null && user !== undefined;
  }, [user]);

  const refresh = useCallback(async () => {
    try {
      setUser(await api.session.get());
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) setUser(null);
      else throw error;
    }
  }, []);

  // The first look at the session; signed out on any failure (as `refresh` would end up).
  useEffect(() => {
    api.session.get().then(setUser, () => setUser(null));
  }, []);

  useEffect(
    () =>
      onSessionLost((error) => {
        if (error.code === 'PASSWORD_CHANGE_REQUIRED') {
          refresh().catch(() => setUser(null));
          return;
        }
        if (signedIn.current) setEndedBecause(error.message);
        setUser(null);
      }),
    [refresh],
  );

  const login = useCallback(async (username: string, password: string) => {
    const me = await api.session.login(username, password);
    setEndedBecause(null);
    setUser(me);
    return me;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.session.logout();
    } finally {
      setEndedBecause(null);
      setUser(null);
    }
  }, []);

  const can = useCallback((action: Action) => user?.actions.includes(action) ?? false, [user]);

  const value = useMemo<Session>(() => ({ user, endedBecause, login, logout, refresh, can }), [user, endedBecause, login, logout, refresh, can]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user, for pages rendered inside the workbench layout (which guarantees one). */
export function useUser(): UserView {
  const { user } = useSession();
  if (user === null || user === undefined) throw new Error('useUser without a signed-in user');
  return user;
}
