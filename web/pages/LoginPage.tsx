import { GlobalOutlined, LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import type { Role } from '../../common/roles.ts';
import { type TMe, ZLoginRequest, ZMe } from '../../common/schemas/auth.ts';
import { ApiError, api } from '../api.ts';
import { FormErrors } from '../components/FormErrors.tsx';
import { useSchemaForm } from '../forms.tsx';
import { useI18n } from '../i18n/index.tsx';
import { clearSessionExpired, useMeQuery } from '../session.tsx';

/** Only same-site paths are followed after login (no open redirect through ?next=). */
const LEADER_ROLES: readonly Role[] = ['township_leader', 'county_supervisor'];
export function homeFor(me: TMe): string {
  return me.grants.some((g) => LEADER_ROLES.includes(g.role)) && me.permissions.includes('planning.read') ? '/planning' : '/';
}

export function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

export default function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { data: me } = useMeQuery();
  const sf = useSchemaForm(ZLoginRequest);
  const [needTotp, setNeedTotp] = useState(false);
  const next = safeNext(params.get('next'));
  // Without a ?next=, leaders land on the year's plan (issue 3: "the township leader logs in and sees,
  // on one page, the year's plan …"); everyone else on the 工作台.
  const landing = (m: TMe) => (params.get('next') ? next : homeFor(m));

  if (me && !me.restriction) return <Navigate to={landing(me)} replace />;

  const onFinish = () =>
    sf.submit(async (values) => {
      try {
        const result = await api.post(ZMe, '/api/v1/auth/login', values, { quiet: true });
        qc.clear();
        clearSessionExpired();
        qc.setQueryData(['me'], result);
        if (result.restriction === 'password') navigate('/password', { replace: true });
        else if (result.restriction === 'mfa') navigate('/totp', { replace: true });
        else navigate(landing(result), { replace: true });
      } catch (e) {
        if (e instanceof ApiError && (e.code === 'MFA_REQUIRED' || e.code === 'MFA_INVALID')) {
          setNeedTotp(true);
          sf.form.setFieldValue('totp', undefined);
        }
        throw e;
      }
    });

  return (
    <div className="fz-login">
      <Card
        title={
          <div style={{ padding: '8px 0' }}>
            <div style={{ fontSize: 22 }}>{t('app.name')}</div>
            <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 13 }}>
              {t('app.tagline')}
            </Typography.Text>
          </div>
        }
        extra={
          <Button type="text" icon={<GlobalOutlined />} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-switch">
            {lang === 'zh' ? 'EN' : '中文'}
          </Button>
        }
      >
        {params.get('expired') && !sf.errorMessage && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('login.expired')} />}
        <FormErrors sf={sf} />
        <Form form={sf.form} layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
          <Form.Item name="username" label={t('login.username')}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          {needTotp && (
            <Form.Item name="totp" label={t('login.totp')} extra={t('login.totpHelp')}>
              <Input
                prefix={<SafetyOutlined />}
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                autoFocus
                data-testid="login-totp"
              />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block size="large" loading={sf.submitting} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
