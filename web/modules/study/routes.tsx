import { BookOutlined, DashboardOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { MenuGroup } from '../../shell/menu.tsx';
import type { ModuleRoute } from '../../shell/module-routes.ts';

const OverviewPage = lazy(() => import('./OverviewPage.tsx'));

/** The study module's pages (paths relative to the shell) and its menu group. */
export const studyRoutes: ModuleRoute[] = [{ path: 'study', any: ['study.read'], element: <OverviewPage /> }];

export const studyMenu: MenuGroup = {
  key: 'study',
  label: 'menu.study',
  icon: <BookOutlined />,
  entries: [{ path: '/study', label: 'menu.studyOverview', icon: <DashboardOutlined />, any: ['study.read'], testid: 'menu-study-overview' }],
};
