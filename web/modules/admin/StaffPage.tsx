import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Drawer, Form, Input, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { STAFF_CATEGORIES, STAFF_CATEGORY_LABELS, type StaffCategory } from '../../../common/roles.ts';
import { type TStaffView, ZStaffCreate } from '../../../common/schemas/staff.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid, useDrawerSize, usePagination } from '../../components/ui.tsx';
import { useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { useCreateStaff, useLinkableUsers, useStaffList, useUpdateStaff } from './notifyHooks.ts';
import { OrgSelect } from './OrgSelect.tsx';

const STAFF_ORG_KINDS = ['county', 'township', 'department'] as const;
const CATEGORY_COLORS: Record<StaffCategory, string> = { leader: 'red', cadre: 'blue', officer: 'purple' };

/**
 * 工作人员名册: kept by the township's 司法所 (or its leaders). Rows are never deleted: someone who
 * leaves is marked 离任, and old records (meetings, study sessions) still name them.
 */
export default function StaffPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const canManage = can('staff.manage');
  const drawerSize = useDrawerSize(520);
  const [orgId, setOrgId] = useState<string | undefined>();
  const [category, setCategory] = useState<StaffCategory | undefined>();
  const [q, setQ] = useState('');
  const [withInactive, setWithInactive] = useState(false);
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const pagination = usePagination();
  const list = useStaffList({ ...page, orgId, category, q: q.trim() || undefined, active: withInactive ? undefined : true });
  const [editing, setEditing] = useState<TStaffView | 'new' | null>(null);
  const users = useLinkableUsers(canManage && editing !== null);
  const create = useCreateStaff();
  const update = useUpdateStaff();
  const sf = useSchemaForm(ZStaffCreate);

  const userOptions = useMemo(
    () =>
      (users.data?.items ?? []).map((u) => ({
        value: u.id,
        label: `${u.displayName}（${u.username}，${u.orgName}）`,
        // a login already linked to someone else is shown but not offered
        disabled: !!u.staffId && (editing === 'new' || u.staffId !== editing?.id),
      })),
    [users.data, editing],
  );

  const open = (s: TStaffView | 'new') => {
    sf.reset();
    if (s === 'new') sf.form.setFieldsValue({ orgId, category: category ?? 'cadre' });
    else sf.form.setFieldsValue({ orgId: s.orgId, name: s.name, post: s.post, category: s.category, userId: s.userId ?? undefined });
    setEditing(s);
  };

  const onSave = () =>
    sf.submit(async (values) => {
      if (editing === 'new') await create.mutateAsync(values);
      else if (editing) await update.mutateAsync({ id: editing.id, body: { ...values, userId: values.userId ?? null } });
      message.success(t('common.saved'));
      setEditing(null);
    });

  const setActive = (s: TStaffView, active: boolean) =>
    update.mutate({ id: s.id, body: { active } }, { onSuccess: () => message.success(t('common.saved')), onError: (e) => message.error(e.message) });

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('staff.title')}</h2>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="staff-add">
            {t('staff.add')}
          </Button>
        )}
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgSelect
          value={orgId}
          onChange={(v) => {
            setOrgId(v);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          kinds={STAFF_ORG_KINDS}
          allowClear
          testid="staff-filter-org"
          style={{ width: 220 }}
        />
        <Select
          allowClear
          value={category}
          placeholder={t('staff.category')}
          onChange={(v) => {
            setCategory(v);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          options={STAFF_CATEGORIES.map((c) => ({ value: c, label: label(STAFF_CATEGORY_LABELS[c]) }))}
          style={{ width: 160 }}
          data-testid="staff-filter-category"
        />
        <Input.Search allowClear placeholder={t('staff.search')} onSearch={(v) => setQ(v)} style={{ width: 200 }} data-testid="staff-search" />
        <Checkbox checked={withInactive} onChange={(e) => setWithInactive(e.target.checked)} data-testid="staff-with-inactive">
          {t('staff.showInactive')}
        </Checkbox>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="staff-list"
        onRow={(s) => ({ 'data-testid': `staff-row-${s.id}` }) as React.HTMLAttributes<HTMLElement>}
        pagination={pagination(page, list.data?.total, setPage)}
        columns={[
          { title: t('staff.name'), dataIndex: 'name' },
          { title: t('staff.post'), dataIndex: 'post' },
          { title: t('staff.category'), dataIndex: 'category', render: (c: StaffCategory) => <Tag color={CATEGORY_COLORS[c]}>{label(STAFF_CATEGORY_LABELS[c])}</Tag> },
          { title: t('staff.org'), dataIndex: 'orgName' },
          { title: t('staff.user'), dataIndex: 'userName', render: (v: string | null) => v ?? '—' },
          { title: t('common.status'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{t('staff.active')}</Tag> : <Tag>{t('staff.inactive')}</Tag>) },
          ...(canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'ops',
                  render: (_: unknown, s: TStaffView) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => open(s)} data-testid={`staff-edit-${s.id}`}>
                        {t('common.edit')}
                      </Button>
                      {s.active ? (
                        <Popconfirm title={t('staff.deactivateConfirm', { name: s.name })} onConfirm={() => setActive(s, false)} okButtonProps={{ ...tid('staff-deactivate-confirm') }}>
                          <Button type="link" size="small" danger data-testid={`staff-deactivate-${s.id}`}>
                            {t('staff.deactivate')}
                          </Button>
                        </Popconfirm>
                      ) : (
                        <Button type="link" size="small" onClick={() => setActive(s, true)} data-testid={`staff-reactivate-${s.id}`}>
                          {t('staff.reactivate')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />

      <Drawer
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('staff.add') : t('staff.edit')}
        size={drawerSize}
        destroyOnHidden
        extra={
          <Button type="primary" loading={sf.submitting} onClick={onSave} data-testid="staff-save">
            {t('common.save')}
          </Button>
        }
      >
        <FormErrors sf={sf} />
        <Form form={sf.form} layout="vertical" onFinish={onSave}>
          <Form.Item name="orgId" label={t('staff.org')} required extra={t('staff.orgHelp')}>
            <OrgSelect kinds={STAFF_ORG_KINDS} testid="staff-form-org" />
          </Form.Item>
          <Form.Item name="name" label={t('staff.name')} required>
            <Input maxLength={40} data-testid="staff-form-name" />
          </Form.Item>
          <Form.Item name="post" label={t('staff.post')} required>
            <Input maxLength={60} data-testid="staff-form-post" />
          </Form.Item>
          <Form.Item name="category" label={t('staff.category')} required>
            <Select options={STAFF_CATEGORIES.map((c) => ({ value: c, label: label(STAFF_CATEGORY_LABELS[c]) }))} data-testid="staff-form-category" />
          </Form.Item>
          <Form.Item name="userId" label={t('staff.user')} extra={t('staff.userHelp')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} loading={users.isLoading} options={userOptions} data-testid="staff-form-user" />
          </Form.Item>
        </Form>
      </Drawer>
    </div>
  );
}
