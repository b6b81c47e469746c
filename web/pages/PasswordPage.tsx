import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input } from 'antd';
import { useMemo } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { z } from 'zod';
import { ZMe, ZPasswordChange } from '../../common/schemas/auth.ts';
import { api } from '../api.ts';
import { Loading } from '../components/ui.tsx';
import { FormErrors } from '../components/FormErrors.tsx';
import { useSchemaForm } from '../forms.tsx';
import { useT } from '../i18n/index.tsx';
import { useMeQuery } from '../session.tsx';
import { RestrictedFrame } from './RestrictedFrame.tsx';

export default function PasswordPage({ inShell }: { inShell?: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { data: me, isLoading } = useMeQuery();
  // The server's schema plus the repeat field, which only the form needs.
  const schema = useMemo(
    () =>
      ZPasswordChange.extend({ confirm: z.string() }).refine((v) => v.confirm === v.newPassword, {
        path: ['confirm'],
        message: t('password.mismatch'),
      }),
    [t],
  );
  const sf = useSchemaForm(schema);

  if (isLoading) return <Loading />;
  if (!me) return <Navigate to="/login" replace />;

  const onFinish = () =>
    sf.submit(async ({ currentPassword, newPassword }) => {
      await api.post(null, '/api/v1/auth/password', { currentPassword, newPassword });
      message.success(t('password.changed'));
      const fresh = await api.get(ZMe, '/api/v1/auth/me');
      qc.setQueryData(['me'], fresh);
      sf.reset();
      if (fresh.restriction === 'mfa') navigate('/totp', { replace: true });
      else if (!inShell) navigate('/', { replace: true });
    });

  return (
    <RestrictedFrame inShell={inShell} title={t('password.title')}>
      {me.restriction === 'password' && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('password.forced')} />}
      <FormErrors sf={sf} />
      <Form form={sf.form} layout="vertical" onFinish={onFinish} requiredMark={false}>
        <Form.Item name="currentPassword" label={t('password.current')}>
          <Input.Password autoComplete="current-password" data-testid="password-current" />
        </Form.Item>
        <Form.Item name="newPassword" label={t('password.new')} extra={t('password.rules')}>
          <Input.Password autoComplete="new-password" data-testid="password-new" />
        </Form.Item>
        <Form.Item name="confirm" label={t('password.confirm')}>
          <Input.Password autoComplete="new-password" data-testid="password-confirm" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={sf.submitting} data-testid="password-submit">
          {t('password.submit')}
        </Button>
      </Form>
    </RestrictedFrame>
  );
}
