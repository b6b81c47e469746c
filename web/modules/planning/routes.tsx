import {
  AuditOutlined,
  CalendarOutlined,
  DashboardOutlined,
  FileTextOutlined,
  FlagOutlined,
  FieldTimeOutlined,
  ProfileOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { lazy } from 'react';
import type { MenuGroup } from '../../shell/menu.tsx';
import type { ModuleRoute } from '../../shell/module-routes.ts';

const OverviewPage = lazy(() => import('./OverviewPage.tsx'));
const PlansPage = lazy(() => import('./PlansPage.tsx'));
const PlanPage = lazy(() => import('./PlanPage.tsx'));
const TasksPage = lazy(() => import('./TasksPage.tsx'));
const TaskDetailPage = lazy(() => import('./TaskDetailPage.tsx'));
const CalendarPage = lazy(() => import('./CalendarPage.tsx'));
const GroupsPage = lazy(() => import('./GroupsPage.tsx'));
const MeetingsPage = lazy(() => import('./MeetingsPage.tsx'));
const DutiesPage = lazy(() => import('./DutiesPage.tsx'));

const READ: ModuleRoute['any'] = ['planning.read'];

/** The planning module's pages (paths relative to the shell) and its menu group. Writes are guarded in the pages (planning.write / planning.manage) and on the server. */
export const planningRoutes: ModuleRoute[] = [
  { path: 'planning', any: READ, element: <OverviewPage /> },
  { path: 'planning/plans', any: READ, element: <PlansPage /> },
  { path: 'planning/plans/:id', any: READ, element: <PlanPage /> },
  { path: 'planning/tasks', any: READ, element: <TasksPage mode="list" /> },
  { path: 'planning/tasks/:id', any: READ, element: <TaskDetailPage /> },
  { path: 'planning/my-tasks', any: ['planning.write', 'planning.manage'], element: <TasksPage mode="mine" /> },
  { path: 'planning/timeline', any: READ, element: <TasksPage mode="timeline" /> },
  { path: 'planning/calendar', any: READ, element: <CalendarPage /> },
  { path: 'planning/groups', any: READ, element: <GroupsPage /> },
  { path: 'planning/groups/:id', any: READ, element: <GroupsPage /> },
  { path: 'planning/meetings', any: READ, element: <MeetingsPage /> },
  { path: 'planning/meetings/:id', any: READ, element: <MeetingsPage /> },
  { path: 'planning/duties', any: READ, element: <DutiesPage /> },
];

export const planningMenu: MenuGroup = {
  key: 'planning',
  label: 'menu.planning',
  icon: <FlagOutlined />,
  entries: [
    { path: '/planning', label: 'menu.planningOverview', icon: <DashboardOutlined />, any: READ, testid: 'menu-planning-overview' },
    { path: '/planning/plans', label: 'menu.planningPlans', icon: <FileTextOutlined />, any: READ, testid: 'menu-planning-plans' },
    { path: '/planning/my-tasks', label: 'menu.planningMine', icon: <UserOutlined />, any: ['planning.write', 'planning.manage'], testid: 'menu-planning-mine' },
    { path: '/planning/tasks', label: 'menu.planningTasks', icon: <UnorderedListOutlined />, any: READ, testid: 'menu-planning-tasks' },
    { path: '/planning/timeline', label: 'menu.planningTimeline', icon: <FieldTimeOutlined />, any: READ, testid: 'menu-planning-timeline' },
    { path: '/planning/calendar', label: 'menu.planningCalendar', icon: <CalendarOutlined />, any: READ, testid: 'menu-planning-calendar' },
    { path: '/planning/groups', label: 'menu.planningGroups', icon: <TeamOutlined />, any: READ, testid: 'menu-planning-groups' },
    { path: '/planning/meetings', label: 'menu.planningMeetings', icon: <ProfileOutlined />, any: READ, testid: 'menu-planning-meetings' },
    { path: '/planning/duties', label: 'menu.planningDuties', icon: <AuditOutlined />, any: READ, testid: 'menu-planning-duties' },
  ],
};
