import { FlagOutlined, DashboardOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { MenuGroup } from '../../shell/menu.tsx';
import type { ModuleRoute } from '../../shell/module-routes.ts';

const OverviewPage = lazy(() => import('./OverviewPage.tsx'));

/** The planning module's pages (paths relative to the shell) and its menu group. */
export const planningRoutes: ModuleRoute[] = [{ path: 'planning', any: ['planning.read'], element: <OverviewPage /> }];

export const planningMenu: MenuGroup = {
  key: 'planning',
  label: 'menu.planning',
  icon: <FlagOutlined />,
  entries: [{ path: '/planning', label: 'menu.planningOverview', icon: <DashboardOutlined />, any: ['planning.read'], testid: 'menu-planning-overview' }],
};
