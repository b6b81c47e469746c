import { KeyOutlined, PlusOutlined, SafetyOutlined, UnlockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Drawer, Dropdown, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ROLE_LABELS, ROLES, type Role, SCOPES } from '../../../common/roles.ts';
import { type TUser, ZGrantCreate, ZPasswordReset, ZUserCreate, ZUserUpdate } from '../../../common/schemas/users.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid, useDrawerSize, usePagination } from '../../components/ui.tsx';
import { useSchemaForm } from '../../forms.tsx';
import { SearchInput } from '../../components/SearchInput.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { useAddGrant, useCreateUser, useRemoveGrant, useResetPassword, useUpdateUser, useUserCommand, useUsers } from './hooks.ts';
import { OrgSelect } from './OrgSelect.tsx';

const SCOPE_LABEL = { subtree: 'users.scope.subtree', org: 'users.scope.org', self: 'users.scope.self' } as const;

/** 用户与授权: the system admin manages accounts, the security admin grants roles and unlocks (三员分立). */
export default function UsersPage() {
  const { t, label } = useI18n();
  const drawerSize = useDrawerSize(560);
  const { message } = App.useApp();
  const can = useCan();
  const [filters, setFilters] = useState<{ q?: string; orgId?: string; role?: string; disabled?: string; page: number; pageSize: number }>({ page: 1, pageSize: 20 });
  const pagination = usePagination();
  const users = useUsers(filters);
  const createUser = useCreateUser();
  const updateUser = useUpdateUser();
  const command = useUserCommand();
  const resetPassword = useResetPassword();
  const addGrant = useAddGrant();
  const removeGrant = useRemoveGrant();
  const createForm = useSchemaForm(ZUserCreate);
  const editForm = useSchemaForm(ZUserUpdate);
  const resetForm = useSchemaForm(ZPasswordReset);
  const grantForm = useSchemaForm(ZGrantCreate);
  const [modal, setModal] = useState<{ kind: 'create' | 'edit' | 'reset'; user?: TUser } | null>(null);
  const [grantsFor, setGrantsFor] = useState<string | null>(null);
  const grantUser = users.data?.items.find((u) => u.id === grantsFor) ?? null;

  const run = async (p: Promise<unknown>, ok: string) => {
    try {
      await p;
      message.success(ok);
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const onModalOk = () => {
    if (modal?.kind === 'create')
      return createForm.submit(async (body) => {
        await createUser.mutateAsync(body);
        message.success(t('users.created'));
        setModal(null);
      });
    const user = modal?.user;
    if (!user) return;
    if (modal?.kind === 'edit')
      return editForm.submit(async (body) => {
        await updateUser.mutateAsync({ id: user.id, body });
        message.success(t('common.saved'));
        setModal(null);
      });
    return resetForm.submit(async (body) => {
      await resetPassword.mutateAsync({ id: user.id, body });
      message.success(t('users.passwordReset'));
      setModal(null);
    });
  };

  const onAddGrant = () =>
    grantForm.submit(async (body) => {
      if (!grantUser) return;
      await addGrant.mutateAsync({ id: grantUser.id, body });
      message.success(t('common.saved'));
      grantForm.reset();
      grantForm.form.setFieldsValue({ scope: 'subtree' });
    });

  const status = (u: TUser) => (
    <Space size={[4, 4]} wrap>
      {u.disabled ? <Tag color="default">{t('users.disabled')}</Tag> : <Tag color="green">{t('users.enabled')}</Tag>}
      {u.locked && <Tag color="red">{t('users.locked')}</Tag>}
      {u.mustChangePassword && <Tag color="orange">{t('users.mustChange')}</Tag>}
      {u.totpEnabled && <Tag color="blue">TOTP</Tag>}
      {u.isDemo && <Tag>{t('users.demo')}</Tag>}
    </Space>
  );

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('menu.users')}</h2>
        {can('user.manage') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              createForm.reset();
              setModal({ kind: 'create' });
            }}
            data-testid="users-create"
          >
            {t('users.create')}
          </Button>
        )}
      </div>
      <div className="fz-filters">
        <SearchInput placeholder={t('users.search')} onSearch={(q) => setFilters({ ...filters, q: q || undefined, page: 1 })} style={{ maxWidth: 240 }} testid="users-search" />
        <OrgSelect allowClear placeholder={t('users.org')} value={filters.orgId} onChange={(orgId) => setFilters({ ...filters, orgId, page: 1 })} style={{ maxWidth: 220 }} testid="users-filter-org" />
        <Select
          allowClear
          placeholder={t('users.role')}
          value={filters.role}
          onChange={(role) => setFilters({ ...filters, role, page: 1 })}
          options={ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS[r]) }))}
          style={{ maxWidth: 200 }}
          data-testid="users-filter-role"
        />
        <Select
          allowClear
          placeholder={t('common.status')}
          value={filters.disabled}
          onChange={(disabled) => setFilters({ ...filters, disabled, page: 1 })}
          options={[
            { value: 'false', label: t('users.enabled') },
            { value: 'true', label: t('users.disabled') },
          ]}
          style={{ maxWidth: 140 }}
          data-testid="users-filter-disabled"
        />
      </div>
      {users.error && <Alert type="error" showIcon title={users.error.message} style={{ marginBottom: 12 }} />}
      <Table<TUser>
        size="small"
        rowKey="id"
        loading={users.isFetching}
        dataSource={users.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="users-list"
        pagination={pagination(filters, users.data?.total, (p) => setFilters({ ...filters, ...p }))}
        columns={[
          { title: t('login.username'), dataIndex: 'username', render: (v: string) => <span className="fz-mono" data-testid={`user-${v}`}>{v}</span> },
          { title: t('users.name'), dataIndex: 'displayName' },
          { title: t('users.org'), dataIndex: 'orgName', responsive: ['md'] },
          {
            title: t('users.grants'),
            key: 'grants',
            render: (_: unknown, u) => (
              <Space size={[4, 4]} wrap>
                {u.grants.map((g) => (
                  <Tag key={g.id}>
                    {label(ROLE_LABELS[g.role], g.roleLabel)} · {g.orgName}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('common.status'), key: 'status', render: (_: unknown, u) => status(u) },
          { title: t('users.lastLogin'), dataIndex: 'lastLoginAt', responsive: ['lg'], render: (v: string | null) => (v ? new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '—') },
          {
            title: t('common.actions'),
            key: 'ops',
            render: (_: unknown, u) => {
              const items = [
                can('user.manage') && { key: 'edit', label: t('common.edit') },
                can('user.manage') && { key: 'reset', label: t('users.resetPassword'), icon: <KeyOutlined /> },
                can('user.manage') && (u.disabled ? { key: 'enable', label: t('users.enable') } : { key: 'disable', label: t('users.disable'), danger: true }),
                can('user.unlock') && u.locked && { key: 'unlock', label: t('users.unlock'), icon: <UnlockOutlined /> },
              ].filter(Boolean) as { key: string; label: string }[];
              return (
                <Space size={0}>
                  {can('user.grant') && (
                    <Button
                      size="small"
                      type="link"
                      icon={<SafetyOutlined />}
                      onClick={() => {
                        grantForm.reset();
                        grantForm.form.setFieldsValue({ scope: 'subtree' });
                        setGrantsFor(u.id);
                      }}
                      data-testid={`user-grants-${u.username}`}
                    >
                      {t('users.grants')}
                    </Button>
                  )}
                  {can('user.unlock') && u.locked && (
                    <Button size="small" type="link" onClick={() => run(command.mutateAsync({ id: u.id, command: 'unlock' }), t('users.unlocked'))} data-testid={`user-unlock-${u.username}`}>
                      {t('users.unlock')}
                    </Button>
                  )}
                  {items.length > 0 && (
                    <Dropdown
                      trigger={['click']}
                      menu={{
                        items: items.filter((i) => i.key !== 'unlock'),
                        onClick: ({ key }) => {
                          if (key === 'edit') {
                            editForm.reset();
                            editForm.form.setFieldsValue({ displayName: u.displayName, orgId: u.orgId });
                            setModal({ kind: 'edit', user: u });
                          } else if (key === 'reset') {
                            resetForm.reset();
                            setModal({ kind: 'reset', user: u });
                          } else if (key === 'disable') {
                            Modal.confirm({
                              title: t('users.disableConfirm', { name: u.displayName }),
                              content: t('users.disableHelp'),
                              onOk: () => run(command.mutateAsync({ id: u.id, command: 'disable' }), t('users.disabledDone')),
                            });
                          } else if (key === 'enable') run(command.mutateAsync({ id: u.id, command: 'enable' }), t('users.enabledDone'));
                        },
                      }}
                    >
                      <Button size="small" type="link" data-testid={`user-more-${u.username}`}>
                        {t('users.more')}
                      </Button>
                    </Dropdown>
                  )}
                </Space>
              );
            },
          },
        ]}
      />

      <Modal
        open={!!modal}
        title={modal?.kind === 'create' ? t('users.create') : modal?.kind === 'edit' ? `${t('common.edit')} · ${modal.user?.username}` : `${t('users.resetPassword')} · ${modal?.user?.username}`}
        onCancel={() => setModal(null)}
        onOk={onModalOk}
        okButtonProps={{ loading: createForm.submitting || editForm.submitting || resetForm.submitting, ...tid('user-save') }}
        destroyOnHidden
      >
        {modal?.kind === 'create' && (
          <>
            <FormErrors sf={createForm} />
            <Form form={createForm.form} layout="vertical" onFinish={onModalOk} autoComplete="off">
              <Form.Item name="username" label={t('login.username')} required>
                <Input maxLength={32} data-testid="user-username" />
              </Form.Item>
              <Form.Item name="displayName" label={t('users.name')} required>
                <Input maxLength={50} data-testid="user-displayname" />
              </Form.Item>
              <Form.Item name="orgId" label={t('users.org')} required>
                <OrgSelect testid="user-org" />
              </Form.Item>
              <Form.Item name="password" label={t('users.initialPassword')} required extra={t('users.initialPasswordHelp')}>
                <Input.Password autoComplete="new-password" data-testid="user-password" />
              </Form.Item>
            </Form>
          </>
        )}
        {modal?.kind === 'edit' && (
          <>
            <FormErrors sf={editForm} />
            <Form form={editForm.form} layout="vertical" onFinish={onModalOk}>
              <Form.Item name="displayName" label={t('users.name')}>
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item name="orgId" label={t('users.org')}>
                <OrgSelect />
              </Form.Item>
            </Form>
          </>
        )}
        {modal?.kind === 'reset' && (
          <>
            <FormErrors sf={resetForm} />
            <Typography.Paragraph type="secondary">{t('users.resetHelp')}</Typography.Paragraph>
            <Form form={resetForm.form} layout="vertical" onFinish={onModalOk} autoComplete="off">
              <Form.Item name="password" label={t('users.initialPassword')}>
                <Input.Password autoComplete="new-password" data-testid="user-reset-password" />
              </Form.Item>
            </Form>
          </>
        )}
      </Modal>

      <Drawer open={!!grantUser} onClose={() => setGrantsFor(null)} title={grantUser ? `${t('users.grants')} · ${grantUser.displayName}（${grantUser.username}）` : ''} size={drawerSize}>
        {grantUser && (
          <>
            <Typography.Paragraph type="secondary">{t('users.grantHelp')}</Typography.Paragraph>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={grantUser.grants}
              data-testid="grants-list"
              columns={[
                { title: t('users.role'), dataIndex: 'role', render: (r: Role, g) => label(ROLE_LABELS[r], g.roleLabel) },
                { title: t('users.org'), dataIndex: 'orgName' },
                { title: t('users.scope'), dataIndex: 'scope', render: (s: keyof typeof SCOPE_LABEL) => t(SCOPE_LABEL[s]) },
                {
                  title: '',
                  key: 'rm',
                  render: (_: unknown, g) => (
                    <Popconfirm title={t('users.revokeConfirm')} onConfirm={() => run(removeGrant.mutateAsync({ id: grantUser.id, grantId: g.id }), t('users.revoked'))}>
                      <Button size="small" type="link" danger data-testid={`grant-remove-${g.role}`}>
                        {t('users.revoke')}
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]}
            />
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('users.addGrant')}
            </Typography.Title>
            <FormErrors sf={grantForm} />
            <Form form={grantForm.form} layout="vertical" onFinish={onAddGrant}>
              <Form.Item name="role" label={t('users.role')} required>
                <Select options={ROLES.map((r) => ({ value: r, label: label(ROLE_LABELS[r]) }))} data-testid="grant-role" />
              </Form.Item>
              <Form.Item name="orgId" label={t('users.grantOrg')} required>
                <OrgSelect testid="grant-org" />
              </Form.Item>
              <Form.Item name="scope" label={t('users.scope')}>
                <Select options={SCOPES.map((s) => ({ value: s, label: t(SCOPE_LABEL[s]) }))} data-testid="grant-scope" />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={grantForm.submitting} data-testid="grant-add">
                {t('users.addGrant')}
              </Button>
            </Form>
          </>
        )}
      </Drawer>
    </div>
  );
}
