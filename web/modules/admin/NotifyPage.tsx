import { PlusOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Drawer, Form, Input, Popconfirm, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import {
  DELIVERY_STATE_LABELS,
  DELIVERY_STATES,
  type DeliveryState,
  type TDeliveryView,
  type TWebhookView,
  WEBHOOK_KIND_LABELS,
  WEBHOOK_KINDS,
  type WebhookKind,
  ZWebhookCreate,
  ZWebhookUpdate,
} from '../../../common/schemas/notify.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { useDrawerSize, usePagination } from '../../components/ui.tsx';
import { useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCreateWebhook, useDeleteWebhook, useDeliveries, useRetryDelivery, useTestWebhook, useUpdateWebhook, useWebhooks } from './notifyHooks.ts';
import { OrgSelect } from './OrgSelect.tsx';

const STATE_COLORS: Record<DeliveryState, string> = { pending: 'gold', running: 'blue', done: 'green', failed: 'red' };
const time = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** 提醒与推送: the org's 企业微信/钉钉 group robots and every delivery to them (retried, visible, never lost). */
export default function NotifyPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const drawerSize = useDrawerSize(560);
  const [orgId, setOrgId] = useState<string | undefined>();
  const robots = useWebhooks({ orgId, pageSize: 200 });
  const [state, setState] = useState<DeliveryState | undefined>();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const pagination = usePagination();
  const deliveries = useDeliveries({ ...page, orgId, state });
  const [editing, setEditing] = useState<TWebhookView | 'new' | null>(null);
  const createForm = useSchemaForm(ZWebhookCreate);
  const editForm = useSchemaForm(ZWebhookUpdate);
  const create = useCreateWebhook();
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  const test = useTestWebhook();
  const retry = useRetryDelivery();
  const [clearSecret, setClearSecret] = useState(false);

  const open = (w: TWebhookView | 'new') => {
    setClearSecret(false);
    if (w === 'new') {
      createForm.reset();
      createForm.form.setFieldsValue({ orgId, kind: 'wecom', enabled: true });
    } else {
      editForm.reset();
      editForm.form.setFieldsValue({ name: w.name, kind: w.kind, enabled: w.enabled });
    }
    setEditing(w);
  };

  const onSave = () => {
    if (editing === 'new')
      return createForm.submit(async (body) => {
        await create.mutateAsync(body);
        message.success(t('common.saved'));
        setEditing(null);
      });
    if (!editing) return;
    return editForm.submit(async (body) => {
      await update.mutateAsync({ id: editing.id, body: clearSecret ? { ...body, secret: null } : body });
      message.success(t('common.saved'));
      setEditing(null);
    });
  };

  const onTest = (w: TWebhookView) =>
    test.mutate(w.id, {
      onSuccess: (r) => (r.ok ? message.success(t('notify.testOk')) : message.error(t('notify.testFailed', { error: r.error ?? '' }))),
      onError: (e) => message.error(e.message),
    });

  const sf = editing === 'new' ? createForm : editForm;
  const kind = Form.useWatch('kind', sf.form) as WebhookKind | undefined;

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('notify.title')}</h2>
        <Space wrap>
          <OrgSelect value={orgId} onChange={setOrgId} allowClear testid="notify-filter-org" style={{ width: 220 }} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="notify-robot-add">
            {t('notify.robotAdd')}
          </Button>
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('notify.intro')}</Typography.Paragraph>

      <Card size="small" title={t('notify.robots')} style={{ marginBottom: 16 }}>
        {robots.error && <Alert type="error" showIcon title={robots.error.message} style={{ marginBottom: 12 }} />}
        <Table
          size="small"
          rowKey="id"
          loading={robots.isFetching}
          dataSource={robots.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="notify-robots"
          onRow={(w) => ({ 'data-testid': `notify-robot-${w.id}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('common.name'), dataIndex: 'name' },
            { title: t('notify.org'), dataIndex: 'orgName' },
            { title: t('notify.kind'), dataIndex: 'kind', render: (k: WebhookKind) => label(WEBHOOK_KIND_LABELS[k]) },
            {
              title: t('notify.url'),
              dataIndex: 'urlHint',
              render: (v: string, w) => (
                <Space size={4}>
                  <span className="fz-mono">{v}</span>
                  {w.hasSecret && <Tag>{t('notify.secretSet')}</Tag>}
                </Space>
              ),
            },
            { title: t('common.status'), dataIndex: 'enabled', render: (e: boolean) => (e ? <Tag color="green">{t('notify.enabled')}</Tag> : <Tag>{t('notify.disabled')}</Tag>) },
            {
              title: t('common.actions'),
              key: 'ops',
              render: (_: unknown, w: TWebhookView) => (
                <Space size={0} wrap>
                  <Button type="link" size="small" icon={<SendOutlined />} loading={test.isPending && test.variables === w.id} onClick={() => onTest(w)} data-testid={`notify-robot-test-${w.id}`}>
                    {t('notify.test')}
                  </Button>
                  <Button type="link" size="small" onClick={() => open(w)} data-testid={`notify-robot-edit-${w.id}`}>
                    {t('common.edit')}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => update.mutate({ id: w.id, body: { enabled: !w.enabled } }, { onError: (e) => message.error(e.message) })}
                    data-testid={`notify-robot-toggle-${w.id}`}
                  >
                    {w.enabled ? t('notify.disable') : t('notify.enable')}
                  </Button>
                  <Popconfirm title={t('notify.deleteConfirm', { name: w.name })} onConfirm={() => remove.mutate(w.id, { onSuccess: () => message.success(t('common.deleted')), onError: (e) => message.error(e.message) })}>
                    <Button type="link" size="small" danger data-testid={`notify-robot-delete-${w.id}`}>
                      {t('common.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>

      <Card
        size="small"
        title={t('notify.deliveries')}
        extra={
          <Space>
            <Select
              allowClear
              value={state}
              placeholder={t('notify.state')}
              onChange={(v) => {
                setState(v);
                setPage((p) => ({ ...p, page: 1 }));
              }}
              options={DELIVERY_STATES.map((s) => ({ value: s, label: label(DELIVERY_STATE_LABELS[s]) }))}
              style={{ width: 140 }}
              data-testid="notify-filter-state"
            />
            <Button icon={<ReloadOutlined />} onClick={() => deliveries.refetch()} aria-label={t('common.refresh')} />
          </Space>
        }
      >
        {deliveries.error && <Alert type="error" showIcon title={deliveries.error.message} style={{ marginBottom: 12 }} />}
        <Table
          size="small"
          rowKey="id"
          loading={deliveries.isFetching}
          dataSource={deliveries.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="notify-deliveries"
          onRow={(d) => ({ 'data-testid': `notify-delivery-${d.id}` }) as React.HTMLAttributes<HTMLElement>}
          pagination={pagination(page, deliveries.data?.total, setPage)}
          columns={[
            { title: t('notify.createdAt'), dataIndex: 'createdAt', render: time },
            { title: t('notify.org'), dataIndex: 'orgName', render: (v: string | null) => v ?? '—' },
            { title: t('notify.robot'), dataIndex: 'webhookName', render: (v: string | null) => v ?? t('notify.robotDeleted') },
            { title: t('notify.message'), dataIndex: 'title' },
            {
              title: t('notify.state'),
              dataIndex: 'state',
              render: (s: DeliveryState) => (
                <Tag color={STATE_COLORS[s]} data-testid="notify-delivery-state">
                  {label(DELIVERY_STATE_LABELS[s])}
                </Tag>
              ),
            },
            { title: t('notify.attempts'), key: 'attempts', render: (_: unknown, d: TDeliveryView) => `${d.attempts} / ${d.maxAttempts}` },
            { title: t('notify.nextAttempt'), dataIndex: 'nextAttemptAt', render: time },
            {
              title: t('notify.lastError'),
              dataIndex: 'lastError',
              render: (v: string | null) =>
                v ? (
                  <Tooltip title={v}>
                    <Typography.Text type="danger" ellipsis style={{ maxWidth: 260 }}>
                      {v}
                    </Typography.Text>
                  </Tooltip>
                ) : (
                  '—'
                ),
            },
            {
              title: t('common.actions'),
              key: 'ops',
              render: (_: unknown, d: TDeliveryView) =>
                d.state === 'failed' || d.state === 'pending' ? (
                  <Button
                    type="link"
                    size="small"
                    loading={retry.isPending && retry.variables === d.id}
                    onClick={() => retry.mutate(d.id, { onSuccess: () => message.success(t('notify.retried')), onError: (e) => message.error(e.message) })}
                    data-testid={`notify-delivery-retry-${d.id}`}
                  >
                    {t('notify.retry')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>

      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('notify.robotAdd') : t('notify.robotEdit')}
        size={drawerSize}
        destroyOnHidden
        extra={
          <Button type="primary" loading={sf.submitting} onClick={onSave} data-testid="notify-robot-save">
            {t('common.save')}
          </Button>
        }
      >
        <FormErrors sf={sf} />
        <Form form={sf.form} layout="vertical" onFinish={onSave}>
          {editing === 'new' && (
            <Form.Item name="orgId" label={t('notify.org')} required>
              <OrgSelect testid="notify-form-org" />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('common.name')} required>
            <Input maxLength={60} data-testid="notify-form-name" />
          </Form.Item>
          <Form.Item name="kind" label={t('notify.kind')} required>
            <Select options={WEBHOOK_KINDS.map((k) => ({ value: k, label: label(WEBHOOK_KIND_LABELS[k]) }))} data-testid="notify-form-kind" />
          </Form.Item>
          <Form.Item
            name="url"
            label={t('notify.url')}
            required={editing === 'new'}
            extra={editing && editing !== 'new' ? t('notify.urlKeep', { hint: editing.urlHint }) : t('notify.urlHelp')}
          >
            <Input maxLength={1000} placeholder="https://" autoComplete="off" data-testid="notify-form-url" />
          </Form.Item>
          {kind === 'dingtalk' && (
            <Form.Item name="secret" label={t('notify.secret')} extra={t('notify.secretHelp')}>
              <Input.Password maxLength={200} autoComplete="new-password" disabled={clearSecret} data-testid="notify-form-secret" />
            </Form.Item>
          )}
          {editing && editing !== 'new' && editing.hasSecret && (
            <Form.Item>
              <Switch checked={clearSecret} onChange={setClearSecret} size="small" /> {t('notify.secretClear')}
            </Form.Item>
          )}
          <Form.Item name="enabled" label={t('notify.enabled')} valuePropName="checked">
            <Switch data-testid="notify-form-enabled" />
          </Form.Item>
        </Form>
      </Drawer>
    </div>
  );
}
