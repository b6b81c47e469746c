import {
  ApartmentOutlined,
  AuditOutlined,
  BellOutlined,
  BarChartOutlined,
  CalendarOutlined,
  ClusterOutlined,
  FileSearchOutlined,
  IdcardOutlined,
  PlusCircleOutlined,
  ReadOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SolutionOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import type { Permission } from '../../common/roles.ts';
import type { MessageKey } from '../i18n/index.tsx';
import { planningMenu } from '../modules/planning/routes.tsx';
import { publicityMenu } from '../modules/publicity/routes.tsx';
import { studyMenu } from '../modules/study/routes.tsx';

/** The side menu: grouped by module, each entry shown to users holding any of its permissions. */
export interface MenuEntry {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  any: Permission[];
  testid: string;
}
export interface MenuGroup {
  key: string;
  label: MessageKey;
  icon: ReactNode;
  entries: MenuEntry[];
}

export const MENU: (MenuEntry | MenuGroup)[] = [
  { path: '/', label: 'menu.dashboard', icon: <BarChartOutlined />, any: ['stats.read', 'mediation.read'], testid: 'menu-dashboard' },
  planningMenu,
  studyMenu,
  publicityMenu,
  {
    key: 'mediation',
    label: 'menu.mediation',
    icon: <SolutionOutlined />,
    entries: [
      { path: '/mediation/disputes', label: 'menu.disputes', icon: <FileSearchOutlined />, any: ['mediation.read'], testid: 'menu-disputes' },
      { path: '/mediation/disputes/new', label: 'menu.disputeNew', icon: <PlusCircleOutlined />, any: ['mediation.write'], testid: 'menu-dispute-new' },
      { path: '/mediation/committees', label: 'menu.committees', icon: <ApartmentOutlined />, any: ['mediation.read'], testid: 'menu-committees' },
      { path: '/mediation/screening', label: 'menu.screening', icon: <ScheduleOutlined />, any: ['mediation.read', 'mediation.screening.write'], testid: 'menu-screening' },
      { path: '/mediation/understanders', label: 'menu.understanders', icon: <ReadOutlined />, any: ['mediation.read', 'mediation.understander.write'], testid: 'menu-understanders' },
    ],
  },
  {
    key: 'admin',
    label: 'menu.admin',
    icon: <SafetyCertificateOutlined />,
    entries: [
      { path: '/admin/orgs', label: 'menu.orgs', icon: <ClusterOutlined />, any: ['org.manage'], testid: 'menu-orgs' },
      { path: '/admin/users', label: 'menu.users', icon: <TeamOutlined />, any: ['user.read', 'user.manage', 'user.grant', 'user.unlock'], testid: 'menu-users' },
      { path: '/admin/staff', label: 'menu.staff', icon: <IdcardOutlined />, any: ['staff.read', 'staff.manage'], testid: 'menu-staff' },
      { path: '/admin/notify', label: 'menu.notify', icon: <BellOutlined />, any: ['notify.manage'], testid: 'menu-notify' },
      { path: '/admin/calendar', label: 'menu.calendar', icon: <CalendarOutlined />, any: ['calendar.manage'], testid: 'menu-calendar' },
      { path: '/admin/audit', label: 'menu.audit', icon: <AuditOutlined />, any: ['audit.read'], testid: 'menu-audit' },
    ],
  },
];

export function isGroup(e: MenuEntry | MenuGroup): e is MenuGroup {
  return 'entries' in e;
}

export function allowedEntries(can: (p: Permission) => boolean): MenuEntry[] {
  const out: MenuEntry[] = [];
  for (const e of MENU) {
    if (isGroup(e)) out.push(...e.entries.filter((x) => x.any.some(can)));
    else if (e.any.some(can)) out.push(e);
  }
  return out;
}

export function firstAllowedPath(can: (p: Permission) => boolean): string | null {
  const e = allowedEntries(can).find((x) => x.path !== '/');
  return e ? e.path : null;
}
