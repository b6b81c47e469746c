import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Space, Steps, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { ZMe, ZTotpConfirm, ZTotpSetup } from '../../common/schemas/auth.ts';
import { api } from '../api.ts';
import { Loading } from '../components/ui.tsx';
import { FormErrors } from '../components/FormErrors.tsx';
import { useSchemaForm } from '../forms.tsx';
import { useT } from '../i18n/index.tsx';
import { useMeQuery } from '../session.tsx';
import { RestrictedFrame } from './RestrictedFrame.tsx';

/**
 * TOTP setup: the server makes a secret (not active yet), we show it and its otpauth URI as a QR
 * code (a data: URL — CSP allows img-src data:), the user confirms with a code from the app.
 * Starting is a click, not a page load: starting again replaces (and disables) an existing secret.
 */
export default function TotpPage({ inShell }: { inShell?: boolean }) {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const { data: me, isLoading } = useMeQuery();
  const [qr, setQr] = useState<string | null>(null);
  const sf = useSchemaForm(ZTotpConfirm);
  const begin = useMutation({ mutationFn: () => api.post(ZTotpSetup, '/api/v1/auth/totp/setup') });
  const setup = begin.data;

  useEffect(() => {
    if (!setup) return;
    let live = true;
    QRCode.toDataURL(setup.uri, { margin: 1, width: 200, errorCorrectionLevel: 'M' }).then((url) => live && setQr(url));
    return () => {
      live = false;
    };
  }, [setup]);

  if (isLoading) return <Loading />;
  if (!me) return <Navigate to="/login" replace />;

  const onFinish = () =>
    sf.submit(async (values) => {
      await api.post(null, '/api/v1/auth/totp/confirm', values);
      message.success(t('totp.enabled'));
      const fresh = await api.get(ZMe, '/api/v1/auth/me');
      qc.setQueryData(['me'], fresh);
      if (fresh.restriction === 'password') navigate('/password', { replace: true });
      else navigate('/', { replace: true });
    });

  return (
    <RestrictedFrame inShell={inShell} title={t('totp.title')}>
      {me.restriction === 'mfa' && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('totp.forced')} />}
      <Steps
        orientation="vertical"
        size="small"
        current={setup ? 1 : 0}
        items={[
          {
            title: t('totp.step1'),
            content: !setup && (
              <Space orientation="vertical" style={{ marginTop: 8 }}>
                {inShell && <Typography.Text type="secondary">{t('totp.restartWarning')}</Typography.Text>}
                <Button type="primary" onClick={() => begin.mutate()} loading={begin.isPending} data-testid="totp-begin">
                  {t('totp.begin')}
                </Button>
                {begin.error && <Alert type="error" title={begin.error.message} />}
              </Space>
            ),
          },
          {
            title: t('totp.step2'),
            content: setup && (
              <div style={{ marginTop: 8 }}>
                {qr && <img className="fz-qr" src={qr} alt={t('totp.qrAlt')} data-testid="totp-qr" />}
                <div style={{ margin: '8px 0' }}>
                  <Typography.Text type="secondary">{t('totp.secret')}: </Typography.Text>
                  <Typography.Text copyable className="fz-mono" data-testid="totp-secret">
                    {setup.secret}
                  </Typography.Text>
                </div>
                <details>
                  <summary>{t('totp.uri')}</summary>
                  <Typography.Paragraph copyable className="fz-mono" style={{ fontSize: 12 }} data-testid="totp-uri">
                    {setup.uri}
                  </Typography.Paragraph>
                </details>
              </div>
            ),
          },
          {
            title: t('totp.step3'),
            content: setup && (
              <div style={{ marginTop: 8 }}>
                <FormErrors sf={sf} />
                <Form form={sf.form} layout="inline" onFinish={onFinish}>
                  <Form.Item name="code">
                    <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder="123456" style={{ width: 140 }} data-testid="totp-code" />
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={sf.submitting} data-testid="totp-confirm">
                    {t('totp.confirm')}
                  </Button>
                </Form>
              </div>
            ),
          },
        ]}
      />
    </RestrictedFrame>
  );
}
