/**
 * Who is signed in. `GET /api/v1/session` answers `{ user: { login, name, roles }, okta: { enabled } }`
 * or 401. Signing in: `POST /api/v1/session {token}` (the bootstrap admin, with the API token) or
 * "Sign in with Okta" (a navigation to `/api/v1/session/okta`); signing out: `DELETE /api/v1/session`.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ApiError} from './api.ts';
import { api, bearerToken, setBearerToken, setUnauthorizedHandler, type SessionInfo } from './api.ts';

interface SessionState {
  session: SessionInfo | null;
  loading: boolean;
  /** Okta sign-in is offered (from the last GET /session answer, when it said). */
  oktaEnabled: boolean;
  isAdmin: boolean;
  login: string;
  signInWithToken: (token: string) => Promise<void>;
  signOut: () => Promise<void>;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/** The admin as the API token is (when the server has no session routes yet). */
const tokenAdmin: SessionInfo = { user: { login: 'admin', name: 'Admin (API token)', roles: ['admin'] }, okta: { enabled: false } };

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<SessionInfo | null>(null);
  const [oktaEnabled, setOktaEnabled] = useState(false);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    try {
      const info = await api<SessionInfo>('/session', { quiet401: true });
      setSession(info);
      setOktaEnabled(Boolean(info.okta?.enabled));
    } catch (error) {
      const e = error as ApiError;
      const body = e.body as { okta?: { enabled?: boolean } } | null;
      if (body?.okta) setOktaEnabled(Boolean(body.okta.enabled));
      // No session route on this server yet: a bearer token kept in this tab is the admin.
      if (e.status === 404 && bearerToken()) setSession(tokenAdmin);
      else {
        if (e.status === 401) setBearerToken(null);
        setSession(null);
      }
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(() => {
    setUnauthorizedHandler(() => setSession(null));
    return () => setUnauthorizedHandler(null);
  }, []);

  const signInWithToken = useCallback(
    async (token: string) => {
      try {
        // The bearer header also lets the call through on servers that check it on every /api route.
        await api('/session', { method: 'POST', body: { token }, headers: { authorization: `Bearer ${token}` }, quiet401: true });
        setBearerToken(null);
      } catch (error) {
        const e = error as ApiError;
        if (e.status !== 404) throw e;
        // This server has no console sessions yet: keep the token in this tab and send it as a bearer token.
        setBearerToken(token);
      }
      await refresh();
    },
    [refresh],
  );

  const signOut = useCallback(async () => {
    try {
      if (!bearerToken()) await api('/session', { method: 'DELETE', quiet401: true });
    } catch {
      // already signed out
    }
    setBearerToken(null);
    setSession(null);
  }, []);

  const value = useMemo<SessionState>(
    () => ({
      session,
      loading,
      oktaEnabled,
      isAdmin: Boolean(session?.user.roles.includes('admin')),
      login: session?.user.login ?? '',
      signInWithToken,
      signOut,
      refresh,
    }),
    [session, loading, oktaEnabled, signInWithToken, signOut, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
