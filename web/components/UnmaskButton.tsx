import { EyeOutlined } from '@ant-design/icons';
import { Button, Descriptions, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import type { z } from 'zod';
import { ZPersonUnmasked, ZUnmaskRequest } from '../../common/schemas/people.ts';
import { api } from '../api.ts';
import { useSchemaForm } from '../forms.tsx';
import { useT } from '../i18n/index.tsx';
import { useCan } from '../session.tsx';
import { FormErrors } from './FormErrors.tsx';

/**
 * "查看完整信息": a separate, permission-checked and audited call with a reason. The clear values
 * live only in this dialog's state and are dropped when it closes.
 */
export function UnmaskButton({ personId, name, testid }: { personId: string; name?: string; testid?: string }) {
  const t = useT();
  const can = useCan();
  const [open, setOpen] = useState(false);
  const [clear, setClear] = useState<z.output<typeof ZPersonUnmasked> | null>(null);
  const sf = useSchemaForm(ZUnmaskRequest);
  if (!can('person.unmask')) return null;

  const close = () => {
    setOpen(false);
    setClear(null);
    sf.reset();
  };
  const onOk = () =>
    sf.submit(async (body) => {
      setClear(await api.post(ZPersonUnmasked, `/api/v1/people/${personId}/unmask`, body));
    });

  return (
    <>
      <Button size="small" type="link" icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid={testid ?? 'unmask-button'}>
        {t('unmask.button')}
      </Button>
      <Modal
        open={open}
        title={`${t('unmask.title')}${name ? ` · ${name}` : ''}`}
        onCancel={close}
        destroyOnHidden
        footer={
          clear
            ? [
                <Button key="close" onClick={close}>
                  {t('unmask.close')}
                </Button>,
              ]
            : [
                <Button key="c" onClick={close}>
                  {t('common.cancel')}
                </Button>,
                <Button key="ok" type="primary" loading={sf.submitting} onClick={onOk} data-testid="unmask-submit">
                  {t('unmask.submit')}
                </Button>,
              ]
        }
      >
        {clear ? (
          <Descriptions column={1} size="small" bordered data-testid="unmask-result">
            <Descriptions.Item label={t('person.name')}>{clear.name}</Descriptions.Item>
            <Descriptions.Item label={t('person.idCard')}>
              <span className="fz-mono" data-testid="unmask-idcard">
                {clear.idCard ?? '—'}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('person.phone')}>
              <span className="fz-mono" data-testid="unmask-phone">
                {clear.phone ?? '—'}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('person.address')}>{clear.address ?? '—'}</Descriptions.Item>
          </Descriptions>
        ) : (
          <>
            <p style={{ color: '#8c8c8c' }}>{t('unmask.help')}</p>
            <FormErrors sf={sf} />
            <Form form={sf.form} layout="vertical" onFinish={onOk}>
              <Form.Item name="reason" label={t('unmask.reason')}>
                <Input.TextArea rows={2} maxLength={200} showCount data-testid="unmask-reason" />
              </Form.Item>
            </Form>
          </>
        )}
      </Modal>
    </>
  );
}
