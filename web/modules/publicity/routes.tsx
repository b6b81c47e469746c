import { SoundOutlined } from '@ant-design/icons';
import type { MenuGroup } from '../../shell/menu.tsx';
import type { ModuleRoute } from '../../shell/module-routes.ts';

// Pages are lazy: each area adds its own lines here (events, calendar, content, reach, overview).

/** The publicity module's pages (paths relative to the shell) and its menu group. */
export const publicityRoutes: ModuleRoute[] = [];

export const publicityMenu: MenuGroup = {
  key: 'publicity',
  label: 'menu.publicity',
  icon: <SoundOutlined />,
  entries: [],
};
