import { LogoutOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api.ts';
import { useT } from '../i18n/index.tsx';
import { clearClientState } from '../session.tsx';

/** Password change and TOTP setup: a card on the login backdrop (restricted session) or a page in the shell. */
export function RestrictedFrame({ inShell, title, children }: { inShell?: boolean; title: ReactNode; children: ReactNode }) {
  const t = useT();
  const qc = useQueryClient();
  const navigate = useNavigate();
  if (inShell)
    return (
      <Card title={title} style={{ maxWidth: 560 }}>
        {children}
      </Card>
    );
  const logout = async () => {
    try {
      await api.post(null, '/api/v1/auth/logout', {}, { quiet: true });
    } finally {
      clearClientState();
      qc.clear();
      qc.setQueryData(['me'], null);
      navigate('/login', { replace: true });
    }
  };
  return (
    <div className="fz-login">
      <Card
        title={title}
        style={{ maxWidth: 480 }}
        extra={
          <Button type="text" icon={<LogoutOutlined />} onClick={logout} data-testid="logout">
            {t('user.logout')}
          </Button>
        }
      >
        {children}
      </Card>
    </div>
  );
}
