/**
 * Who is signed in: loads `GET /api/v1/me` once, keeps it in context, and guards app routes.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { Flex, Spin } from 'antd';
import type { Me } from '../shared/api.ts';
import type { Permission } from '../shared/roles.ts';
import { ApiError, isAbortError, setUnauthorizedHandler } from './api.ts';
import { platformApi } from './pages/platform/api.ts';
import { isLocale, useLocale, useT } from './i18n.ts';
import { ForcedPasswordChange } from './components/ForcedPasswordChange.tsx';
import { setServerClock } from './format.ts';

type AuthStatus = 'loading' | 'ready';

interface AuthContextValue {
  status: AuthStatus;
  me: Me | null;
  /** Call with the `Me` the login endpoint answered. */
  signedIn: (me: Me) => void;
  /** Sign out on the server (best effort) and forget the session here. */
  signOut: () => Promise<void>;
  /** Forget the session without calling the server (it already told us it ended). */
  sessionEnded: () => void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const { setLocale } = useLocale();
  const [status, setStatus] = useState<AuthStatus>('loading');
  const [me, setMe] = useState<Me | null>(null);

  const adopt = useCallback(
    (next: Me) => {
      // The language saved on the server wins once we know who the user is.
      if (isLocale(next.user.locale)) setLocale(next.user.locale);
      setServerClock(next.now);
      setMe(next);
    },
    [setLocale],
  );

  useEffect(() => {
    const controller = new AbortController();
    platformApi.me(controller.signal).then(
      (loaded) => {
        adopt(loaded);
        setStatus('ready');
      },
      (err: unknown) => {
        if (isAbortError(err)) return;
        // 401 = not signed in; anything else (server down) also lands on the sign-in page,
        // which will show the real error when the user tries to sign in.
        if (!(err instanceof ApiError) || err.status !== 401) console.warn('GET /api/v1/me failed', err);
        setMe(null);
        setStatus('ready');
      },
    );
    return () => controller.abort();
  }, [adopt]);

  const sessionEnded = useCallback(() => setMe(null), []);
  useEffect(() => setUnauthorizedHandler(sessionEnded), [sessionEnded]);

  const signOut = useCallback(async () => {
    try {
      await platformApi.logout();
    } finally {
      setMe(null);
    }
  }, []);

  const value = useMemo<AuthContextValue>(
    () => ({ status, me, signedIn: adopt, signOut, sessionEnded }),
    [status, me, adopt, signOut, sessionEnded],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}

/** Platform admins hold every permission; everyone else holds what their grants give. */
export function hasPermission(me: Me | null, permission: Permission | undefined): boolean {
  if (!permission) return true;
  if (!me) return false;
  return me.user.isPlatformAdmin || me.permissions.includes(permission);
}

export function FullPageSpinner() {
  const t = useT();
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" description={t('app.loading')} />
    </Flex>
  );
}

/** Renders its children only for a signed-in user; otherwise sends them to /login and back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, me } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <FullPageSpinner />;
  if (!me) return <Navigate to="/login" replace state={{ from: location }} />;
  if (me.user.mustChangePassword) return <ForcedPasswordChange />;
  return children;
}
