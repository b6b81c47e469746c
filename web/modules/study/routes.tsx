import { BookOutlined, CalendarOutlined, ClockCircleOutlined, DashboardOutlined, ScheduleOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { MenuGroup } from '../../shell/menu.tsx';
import type { ModuleRoute } from '../../shell/module-routes.ts';

const OverviewPage = lazy(() => import('./OverviewPage.tsx'));
const SessionsPage = lazy(() => import('./SessionsPage.tsx'));
const SessionFormPage = lazy(() => import('./SessionFormPage.tsx'));
const SessionDetailPage = lazy(() => import('./SessionDetailPage.tsx'));
const HoursPage = lazy(() => import('./HoursPage.tsx'));
const PlansPage = lazy(() => import('./PlansPage.tsx'));

/** The study module's pages (paths relative to the shell) and its menu group. */
export const studyRoutes: ModuleRoute[] = [
  { path: 'study', any: ['study.read'], element: <OverviewPage /> },
  { path: 'study/sessions', any: ['study.read'], element: <SessionsPage /> },
  { path: 'study/sessions/new', any: ['study.write'], element: <SessionFormPage /> },
  { path: 'study/sessions/:id', any: ['study.read'], element: <SessionDetailPage /> },
  { path: 'study/sessions/:id/edit', any: ['study.write'], element: <SessionFormPage /> },
  { path: 'study/hours', any: ['study.read'], element: <HoursPage /> },
  { path: 'study/plans', any: ['study.read'], element: <PlansPage /> },
];

export const studyMenu: MenuGroup = {
  key: 'study',
  label: 'menu.study',
  icon: <BookOutlined />,
  entries: [
    { path: '/study', label: 'menu.studyOverview', icon: <DashboardOutlined />, any: ['study.read'], testid: 'menu-study-overview' },
    { path: '/study/sessions', label: 'menu.studySessions', icon: <CalendarOutlined />, any: ['study.read'], testid: 'menu-study-sessions' },
    { path: '/study/hours', label: 'menu.studyHours', icon: <ClockCircleOutlined />, any: ['study.read'], testid: 'menu-study-hours' },
    { path: '/study/plans', label: 'menu.studyPlans', icon: <ScheduleOutlined />, any: ['study.read'], testid: 'menu-study-plans' },
  ],
};
