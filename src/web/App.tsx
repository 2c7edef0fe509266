import { Suspense, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { App as AntApp, ConfigProvider, type ThemeConfig } from 'antd';
import antdEnUS from 'antd/es/locale/en_US';
import antdZhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { AuthProvider, FullPageSpinner, RequireAuth, hasPermission, useAuth } from './auth.tsx';
import { AppLayout } from './components/AppLayout.tsx';
import { I18nProvider, useLocale } from './i18n.ts';
import { MENU, ROUTES, type PageRoute } from './menu.ts';
import ForbiddenPage from './pages/platform/ForbiddenPage.tsx';
import NotFoundPage from './pages/platform/NotFoundPage.tsx';

/**
 * Users who ask their system for less motion (prefers-reduced-motion: reduce) get none: no zoom, slide or fade on
 * menus, pop-ups and dialogs, which then open and close at once. The browser tests ask for it too, so a click is never
 * sent to a pop-up that is still opening (on a loaded machine such a click has been lost).
 */
const reducedMotion = typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;

const theme: ThemeConfig = {
  token: { colorPrimary: '#c8161d', borderRadius: 6, motion: !reducedMotion },
  components: {
    Layout: { headerBg: '#ffffff', headerPadding: '0 16px', headerHeight: 56, siderBg: '#ffffff', triggerBg: '#ffffff', triggerColor: 'rgba(0,0,0,0.65)' },
  },
};

/** Opens a menu page only for users holding its permission (the menu hides it from the others). */
function Guarded({ entry }: { entry: PageRoute }) {
  const { me } = useAuth();
  if (!hasPermission(me, entry.permission)) return <ForbiddenPage />;
  const Page = entry.page;
  return <Page />;
}

function Localised({ children }: { children: ReactNode }) {
  const { locale } = useLocale();
  const dayjsLocale = locale === 'zh-CN' ? 'zh-cn' : 'en';
  // Date pickers read dayjs' global locale (month and weekday names, first day of week).
  if (dayjs.locale() !== dayjsLocale) dayjs.locale(dayjsLocale);
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? antdZhCN : antdEnUS}
      theme={theme}
      // Keep button text exactly as translated ("登录", not "登 录") so tests can match it.
      button={{ autoInsertSpace: false }}
    >
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Localised>
        <BrowserRouter>
          <AuthProvider>
            <Suspense fallback={<FullPageSpinner />}>
              <Routes>
                {ROUTES.filter((r) => r.public).map((r) => {
                  const Page = r.page;
                  return <Route key={r.path} path={r.path} element={<Page />} />;
                })}
                <Route
                  element={
                    <RequireAuth>
                      <AppLayout />
                    </RequireAuth>
                  }
                >
                  {[...MENU, ...ROUTES.filter((r) => !r.public)].map((entry) => (
                    <Route key={entry.path} path={entry.path === '/' ? '/' : `${entry.path}/*`} element={<Guarded entry={entry} />} />
                  ))}
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Routes>
            </Suspense>
          </AuthProvider>
        </BrowserRouter>
      </Localised>
    </I18nProvider>
  );
}
