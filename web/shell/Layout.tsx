import { DownOutlined, GlobalOutlined, KeyOutlined, LockOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Dropdown, Grid, Layout, Menu, type MenuProps, Space, Typography } from 'antd';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../api.ts';
import { Loading } from '../components/ui.tsx';
import { useI18n } from '../i18n/index.tsx';
import { NotificationBell } from '../modules/admin/NotificationBell.tsx';
import { clearClientState, useCan, useMe } from '../session.tsx';
import { isGroup, MENU } from './menu.tsx';
import { OrgSwitcher } from './OrgSwitcher.tsx';

const { Header, Sider, Content } = Layout;

export function AppLayout() {
  const { t, lang, setLang } = useI18n();
  const me = useMe();
  const can = useCan();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  const [drawer, setDrawer] = useState(false);

  const items = useMemo<MenuProps['items']>(() => {
    const out: NonNullable<MenuProps['items']> = [];
    for (const e of MENU) {
      if (isGroup(e)) {
        const children = e.entries
          .filter((x) => x.any.some(can))
          .map((x) => ({ key: x.path, icon: x.icon, label: <span data-testid={x.testid}>{t(x.label)}</span> }));
        if (children.length) out.push({ key: e.key, icon: e.icon, label: t(e.label), children });
      } else if (e.any.some(can)) out.push({ key: e.path, icon: e.icon, label: <span data-testid={e.testid}>{t(e.label)}</span> });
    }
    return out;
  }, [can, t]);

  // The longest menu path that prefixes the current location is the selected entry.
  const selected = useMemo(() => {
    const paths: string[] = [];
    for (const e of MENU) for (const x of isGroup(e) ? e.entries : [e]) paths.push(x.path);
    const p = location.pathname;
    const hit = paths.filter((x) => (x === '/' ? p === '/' : p === x || p.startsWith(`${x}/`))).sort((a, b) => b.length - a.length)[0];
    // /mediation/disputes/<id> belongs to the list, not to "new".
    if (hit === '/mediation/disputes/new' && p !== hit) return '/mediation/disputes';
    return hit ?? '';
  }, [location.pathname]);

  // The group holding the current page is open (a link from elsewhere lands inside a closed group).
  // On the home page, the first group the user has is open.
  const [openKeys, setOpenKeys] = useState<string[]>([]);
  useEffect(() => {
    const group = MENU.find((e) => isGroup(e) && e.entries.some((x) => x.path === selected));
    const key = group && isGroup(group) ? group.key : (items?.find((i) => i && 'children' in i)?.key as string | undefined);
    if (key) setOpenKeys((k) => (k.includes(key) ? k : [...k, key]));
  }, [selected, items]);

  async function logout() {
    try {
      await api.post(null, '/api/v1/auth/logout', {}, { quiet: true });
    } finally {
      clearClientState();
      qc.clear();
      qc.setQueryData(['me'], null);
      navigate('/login', { replace: true });
    }
  }

  const userMenu: MenuProps['items'] = [
    { key: 'org', label: <Typography.Text type="secondary">{me.org.name}</Typography.Text>, disabled: true },
    ...me.grants.map((g, i) => ({
      key: `g${i}`,
      disabled: true,
      label: (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {g.roleLabel} · {g.orgName}
        </Typography.Text>
      ),
    })),
    { type: 'divider' as const },
    { key: 'password', icon: <LockOutlined />, label: <span data-testid="user-menu-password">{t('user.changePassword')}</span> },
    { key: 'totp', icon: <KeyOutlined />, label: <span data-testid="user-menu-totp">{t('user.totp')}</span> },
    { type: 'divider' as const },
    { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('user.logout')}</span>, danger: true },
  ];

  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      selectedKeys={[selected]}
      openKeys={openKeys}
      onOpenChange={setOpenKeys}
      items={items}
      onClick={(e) => {
        navigate(e.key);
        setDrawer(false);
      }}
      data-testid="side-menu"
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!mobile && (
        <Sider width={220} breakpoint="lg" style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
          <div className="fz-brand">{t('app.name')}</div>
          {menu}
        </Sider>
      )}
      {mobile && (
        <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" size={240} styles={{ body: { padding: 0, background: '#001529' } }} closable={false}>
          <div className="fz-brand">{t('app.name')}</div>
          {menu}
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Header className="fz-header" style={{ background: '#fff', padding: '0 16px' }}>
          {mobile && <Button type="text" icon={<MenuOutlined />} onClick={() => setDrawer(true)} aria-label={t('app.menu')} data-testid="menu-toggle" />}
          {mobile && <strong style={{ whiteSpace: 'nowrap' }}>{t('app.short')}</strong>}
          <OrgSwitcher />
          <div className="fz-spacer" />
          <NotificationBell />
          <Button
            type="text"
            icon={<GlobalOutlined />}
            onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
            data-testid="lang-switch"
            title={lang === 'zh' ? 'English' : '中文'}
          >
            {mobile ? null : lang === 'zh' ? 'English' : '中文'}
          </Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: userMenu,
              onClick: (e) => {
                if (e.key === 'logout') void logout();
                if (e.key === 'password') navigate('/account/password');
                if (e.key === 'totp') navigate('/account/totp');
              },
            }}
          >
            <Button type="text" data-testid="user-menu">
              <Space size={4}>
                <UserOutlined />
                {!mobile && <span data-testid="current-user">{me.displayName}</span>}
                <DownOutlined style={{ fontSize: 10 }} />
              </Space>
            </Button>
          </Dropdown>
        </Header>
        <Content className="fz-content">
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </Content>
      </Layout>
    </Layout>
  );
}
