import { useQueryClient } from '@tanstack/react-query';
import { Result } from 'antd';
import { lazy, type ReactNode, Suspense, useEffect } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import type { Permission } from '../../common/roles.ts';
import { setApiHandlers } from '../api.ts';
import { Loading } from '../components/ui.tsx';
import { useT } from '../i18n/index.tsx';
import { markSessionExpired, sessionExpired, useCan, useMeQuery } from '../session.tsx';
import { AppLayout } from './Layout.tsx';
import { firstAllowedPath } from './menu.tsx';
import { planningRoutes } from '../modules/planning/routes.tsx';
import { publicityRoutes } from '../modules/publicity/routes.tsx';
import { studyRoutes } from '../modules/study/routes.tsx';
import type { ModuleRoute } from './module-routes.ts';

const MODULE_ROUTES: ModuleRoute[] = [...planningRoutes, ...studyRoutes, ...publicityRoutes];

// Route pages load on demand: the login page does not pull in ECharts or the admin screens.
const LoginPage = lazy(() => import('../pages/LoginPage.tsx'));
const PasswordPage = lazy(() => import('../pages/PasswordPage.tsx'));
const TotpPage = lazy(() => import('../pages/TotpPage.tsx'));
const DashboardPage = lazy(() => import('../modules/home/DashboardPage.tsx'));
const DisputeListPage = lazy(() => import('../modules/mediation/DisputeListPage.tsx'));
const DisputeCreatePage = lazy(() => import('../modules/mediation/DisputeCreatePage.tsx'));
const DisputeDetailPage = lazy(() => import('../modules/mediation/DisputeDetailPage.tsx'));
const CommitteesPage = lazy(() => import('../modules/mediation/CommitteesPage.tsx'));
const ScreeningPage = lazy(() => import('../modules/mediation/ScreeningPage.tsx'));
const UnderstandersPage = lazy(() => import('../modules/mediation/UnderstandersPage.tsx'));
const OrgsPage = lazy(() => import('../modules/admin/OrgsPage.tsx'));
const UsersPage = lazy(() => import('../modules/admin/UsersPage.tsx'));
const CalendarPage = lazy(() => import('../modules/admin/CalendarPage.tsx'));
const AuditPage = lazy(() => import('../modules/admin/AuditPage.tsx'));
const StaffPage = lazy(() => import('../modules/admin/StaffPage.tsx'));
const NotifyPage = lazy(() => import('../modules/admin/NotifyPage.tsx'));

/** Wires the API client's 401 / restricted-session answers to navigation. */
function ApiWiring() {
  const navigate = useNavigate();
  const qc = useQueryClient();
  useEffect(() => {
    setApiHandlers({
      // RequireSession sends the user to the login page once `me` is gone; it adds `expired=1`.
      sessionLost: () => {
        markSessionExpired();
        qc.setQueryData(['me'], null);
      },
      restricted: (e) => {
        qc.invalidateQueries({ queryKey: ['me'] });
        navigate(e.code === 'MFA_SETUP_REQUIRED' ? '/totp' : '/password', { replace: true });
      },
    });
  }, [navigate, qc]);
  return null;
}

/** Only a full (unrestricted) session enters the shell. */
function RequireSession({ children }: { children: ReactNode }) {
  const { data: me, isLoading } = useMeQuery();
  const location = useLocation();
  if (isLoading) return <Loading />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}${sessionExpired() ? '&expired=1' : ''}`} replace />;
  if (me.restriction === 'password') return <Navigate to="/password" replace />;
  if (me.restriction === 'mfa') return <Navigate to="/totp" replace />;
  return <>{children}</>;
}

/** A page the user's permissions do not open shows a 403, not a broken screen. */
function Guard({ any, children }: { any: Permission[]; children: ReactNode }) {
  const can = useCan();
  const t = useT();
  if (!any.some(can)) return <Result status="403" title="403" subTitle={t('error.forbiddenPage')} />;
  return <>{children}</>;
}

function Home() {
  const can = useCan();
  const t = useT();
  if (can('stats.read') || can('mediation.read')) return <DashboardPage />;
  const first = firstAllowedPath(can);
  if (first) return <Navigate to={first} replace />;
  // A role whose module is not built yet (执法人员, 法制审核员): say so instead of an empty screen.
  return <Result status="info" title={t('home.welcome')} subTitle={t('home.noModules')} data-testid="home-empty" />;
}

function NotFound() {
  const t = useT();
  return <Result status="404" title="404" subTitle={t('error.notFoundPage')} />;
}

export function AppRoutes() {
  return (
    <>
      <ApiWiring />
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/password" element={<PasswordPage />} />
          <Route path="/totp" element={<TotpPage />} />
          <Route
            element={
              <RequireSession>
                <AppLayout />
              </RequireSession>
            }
          >
            <Route index element={<Home />} />
            <Route path="mediation/disputes" element={<Guard any={['mediation.read']}><DisputeListPage /></Guard>} />
            <Route path="mediation/disputes/new" element={<Guard any={['mediation.write']}><DisputeCreatePage /></Guard>} />
            <Route path="mediation/disputes/:id" element={<Guard any={['mediation.read']}><DisputeDetailPage /></Guard>} />
            <Route path="mediation/committees" element={<Guard any={['mediation.read']}><CommitteesPage /></Guard>} />
            <Route path="mediation/screening" element={<Guard any={['mediation.read', 'mediation.screening.write']}><ScreeningPage /></Guard>} />
            <Route path="mediation/understanders" element={<Guard any={['mediation.read', 'mediation.understander.write']}><UnderstandersPage /></Guard>} />
            {MODULE_ROUTES.map((r) => (
              <Route key={r.path} path={r.path} element={<Guard any={r.any}>{r.element}</Guard>} />
            ))}
            <Route path="admin/orgs" element={<Guard any={['org.manage']}><OrgsPage /></Guard>} />
            <Route path="admin/users" element={<Guard any={['user.read', 'user.manage', 'user.grant', 'user.unlock']}><UsersPage /></Guard>} />
            <Route path="admin/calendar" element={<Guard any={['calendar.manage']}><CalendarPage /></Guard>} />
            <Route path="admin/audit" element={<Guard any={['audit.read']}><AuditPage /></Guard>} />
            <Route path="admin/staff" element={<Guard any={['staff.read', 'staff.manage']}><StaffPage /></Guard>} />
            <Route path="admin/notify" element={<Guard any={['notify.manage']}><NotifyPage /></Guard>} />
            <Route path="account/totp" element={<TotpPage inShell />} />
            <Route path="account/password" element={<PasswordPage inShell />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </Suspense>
    </>
  );
}
