import { LineChartOutlined, SoundOutlined } from '@ant-design/icons';
import { DashboardOutlined } from '@ant-design/icons';
import { CalendarOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { FileTextOutlined } from '@ant-design/icons';
import { FlagOutlined, TeamOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { MenuGroup } from '../../shell/menu.tsx';
import type { ModuleRoute } from '../../shell/module-routes.ts';

// Pages are lazy: each area adds its own lines here (events, calendar, content, reach, overview).
const OverviewPage = lazy(() => import('./OverviewPage.tsx'));
const ReachPage = lazy(() => import('./ReachPage.tsx'));
const EventsPage = lazy(() => import('./EventsPage.tsx'));
const EventFormPage = lazy(() => import('./EventFormPage.tsx'));
const QuickEventPage = lazy(() => import('./QuickEventPage.tsx'));
const CampaignsPage = lazy(() => import('./CampaignsPage.tsx'));
const PublicityCalendarPage = lazy(() => import('./CalendarPage.tsx'));
const ThemesPage = lazy(() => import('./ThemesPage.tsx'));
const ResponsibilitiesPage = lazy(() => import('./ResponsibilitiesPage.tsx'));
const ContentListPage = lazy(() => import('./ContentListPage.tsx'));
const ContentEditorPage = lazy(() => import('./ContentEditorPage.tsx'));

/** The publicity module's pages (paths relative to the shell) and its menu group. */
export const publicityRoutes: ModuleRoute[] = [
  { path: 'publicity', any: ['publicity.read'], element: <OverviewPage /> },
  { path: 'publicity/reach', any: ['publicity.read'], element: <ReachPage /> },
  { path: 'publicity/events', any: ['publicity.read'], element: <EventsPage /> },
  { path: 'publicity/events/quick', any: ['publicity.write'], element: <QuickEventPage /> },
  { path: 'publicity/events/new', any: ['publicity.write'], element: <EventFormPage /> },
  { path: 'publicity/events/:id/edit', any: ['publicity.write'], element: <EventFormPage /> },
  { path: 'publicity/campaigns', any: ['publicity.read'], element: <CampaignsPage /> },
  { path: 'publicity/calendar', any: ['publicity.read'], element: <PublicityCalendarPage /> },
  { path: 'publicity/themes', any: ['publicity.read'], element: <ThemesPage /> },
  { path: 'publicity/responsibilities', any: ['publicity.read'], element: <ResponsibilitiesPage /> },
  { path: 'publicity/content', any: ['publicity.read'], element: <ContentListPage /> },
  { path: 'publicity/content/new', any: ['publicity.write'], element: <ContentEditorPage /> },
  { path: 'publicity/content/:id', any: ['publicity.read'], element: <ContentEditorPage /> },
];

export const publicityMenu: MenuGroup = {
  key: 'publicity',
  label: 'menu.publicity',
  icon: <SoundOutlined />,
  entries: [
    { path: '/publicity', label: 'menu.publicityOverview', icon: <DashboardOutlined />, any: ['publicity.read'], testid: 'menu-publicity-overview' },
    { path: '/publicity/events', label: 'menu.publicityEvents', icon: <TeamOutlined />, any: ['publicity.read'], testid: 'menu-publicity-events' },
    { path: '/publicity/events/quick', label: 'menu.publicityQuick', icon: <ThunderboltOutlined />, any: ['publicity.write'], testid: 'menu-publicity-quick' },
    { path: '/publicity/campaigns', label: 'menu.publicityCampaigns', icon: <FlagOutlined />, any: ['publicity.read'], testid: 'menu-publicity-campaigns' },
    { path: '/publicity/reach', label: 'menu.publicityReach', icon: <LineChartOutlined />, any: ['publicity.read'], testid: 'menu-publicity-reach' },
    { path: '/publicity/calendar', label: 'menu.publicityCalendar', icon: <CalendarOutlined />, any: ['publicity.read'], testid: 'menu-publicity-calendar' },
    { path: '/publicity/content', label: 'menu.publicityContent', icon: <FileTextOutlined />, any: ['publicity.read'], testid: 'menu-publicity-content' },
    { path: '/publicity/responsibilities', label: 'menu.publicityResp', icon: <SafetyCertificateOutlined />, any: ['publicity.read'], testid: 'menu-publicity-responsibilities' },
  ],
};
