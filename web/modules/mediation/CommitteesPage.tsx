import { EditOutlined, PlusOutlined, QuestionCircleOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Drawer, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  COMMITTEE_KIND_LABELS,
  COMMITTEE_MAX_MEMBERS,
  COMMITTEE_MIN_MEMBERS,
  MEDIATOR_TITLE_LABELS,
  MEDIATOR_TITLES,
  type TCommitteeView,
  type TMediatorView,
  FOLLOW_UP_DAYS_MAX,
  FOLLOW_UP_DAYS_MIN,
  ZCommitteeCreate,
  ZCommitteeUpdate,
  ZMediationSettingsInput,
  ZMediatorCreate,
  ZMediatorUpdate,
} from '../../../common/schemas/mediation-admin.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid, useDrawerSize, usePagination } from '../../components/ui.tsx';
import { PersonFields } from '../../components/PersonFields.tsx';
import { UnmaskButton } from '../../components/UnmaskButton.tsx';
import { useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan, useMe, useOrgFilter } from '../../session.tsx';
import { OrgSelect } from '../admin/OrgSelect.tsx';
import {
  useCommittee,
  useCommitteeList,
  useCreateCommittee,
  useCreateMediator,
  useDeactivateCommittee,
  useDeactivateMediator,
  useMediationSettings,
  useSetMediationSettings,
  useUpdateCommittee,
  useUpdateMediator,
} from './hooks.ts';

// The edit form asks for both fields: a cleared input would otherwise be dropped and "save" nothing.
const ZCommitteeEdit = ZCommitteeUpdate.pick({ name: true, casePrefix: true }).required();

/** 人民调解委员会 and their members (人民调解法 art. 8–9: 3–9 members, at least one woman — shown as warnings). */
export default function CommitteesPage() {
  const { t, label } = useI18n();
  const drawerSize = useDrawerSize(640);
  const { message } = App.useApp();
  const can = useCan();
  const canManage = can('mediation.manage');
  const [params, setParams] = useSearchParams();
  const orgFilter = params.get('orgId') ?? undefined;
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const pagination = usePagination();
  const list = useCommitteeList({ ...page, orgId: orgFilter });
  const [openId, setOpenId] = useState<string | null>(null);
  const detail = useCommittee(openId ?? undefined);
  const [creating, setCreating] = useState(false);
  const [adding, setAdding] = useState(false);
  const createCommittee = useCreateCommittee();
  const deactivateCommittee = useDeactivateCommittee();
  const createMediator = useCreateMediator();
  const deactivateMediator = useDeactivateMediator();
  const committeeForm = useSchemaForm(ZCommitteeCreate);
  const mediatorForm = useSchemaForm(ZMediatorCreate);
  const updateCommittee = useUpdateCommittee();
  const updateMediator = useUpdateMediator();
  const [editingCommittee, setEditingCommittee] = useState(false);
  const [editingMember, setEditingMember] = useState<TMediatorView | null>(null);
  const committeeEditForm = useSchemaForm(ZCommitteeEdit);
  const memberEditForm = useSchemaForm(ZMediatorUpdate);

  const onEditCommittee = () =>
    committeeEditForm.submit(async (body) => {
      await updateCommittee.mutateAsync({ id: openId!, body });
      message.success(t('common.saved'));
      setEditingCommittee(false);
    });
  const onEditMember = () =>
    memberEditForm.submit(async (body) => {
      await updateMediator.mutateAsync({ id: editingMember!.id, body });
      message.success(t('common.saved'));
      setEditingMember(null);
    });

  const onCreate = () =>
    committeeForm.submit(async (body) => {
      await createCommittee.mutateAsync(body);
      message.success(t('common.saved'));
      setCreating(false);
    });
  const onAddMember = () =>
    mediatorForm.submit(
      async (body) => {
        await createMediator.mutateAsync(body);
        message.success(t('common.saved'));
        setAdding(false);
      },
      { committeeId: openId },
    );

  const warnings = (c: TCommitteeView) => (
    <Space size={4} wrap>
      {!c.sizeOk && (
        <Tooltip title={t('committee.sizeRule', { min: COMMITTEE_MIN_MEMBERS, max: COMMITTEE_MAX_MEMBERS })}>
          <Tag color="orange" icon={<WarningOutlined />}>
            {t('committee.sizeBad')}
          </Tag>
        </Tooltip>
      )}
      {!c.hasWoman && (
        <Tooltip title={t('committee.womanRule')}>
          <Tag color="orange" icon={<WarningOutlined />}>
            {t('committee.noWoman')}
          </Tag>
        </Tooltip>
      )}
    </Space>
  );

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('committee.title')}</h2>
        {canManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => {
              committeeForm.reset();
              setCreating(true);
            }}
            data-testid="committee-create"
          >
            {t('committee.create')}
          </Button>
        )}
      </div>
      {orgFilter && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={t('screening.filtered')}
          action={
            <Button size="small" onClick={() => setParams({})}>
              {t('common.showAll')}
            </Button>
          }
        />
      )}
      {can('mediation.read') && <FollowUpSettingsCard canManage={canManage} />}
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="committee-list"
        pagination={pagination(page, list.data?.total, setPage)}
        columns={[
          {
            title: t('common.name'),
            dataIndex: 'name',
            render: (n: string, c) => (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpenId(c.id)} data-testid={`committee-open-${c.id}`}>
                {n}
              </Button>
            ),
          },
          { title: t('committee.org'), dataIndex: 'orgName' },
          { title: t('committee.kind'), dataIndex: 'kind', render: (k: TCommitteeView['kind']) => label(COMMITTEE_KIND_LABELS[k]) },
          { title: t('committee.prefix'), dataIndex: 'casePrefix' },
          { title: t('committee.members'), dataIndex: 'memberCount', align: 'right', render: (n: number, c) => `${n}（${t('committee.women', { n: c.womenCount })}）` },
          { title: t('committee.checks'), key: 'checks', render: (_: unknown, c) => warnings(c) },
          { title: t('common.status'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{t('committee.active')}</Tag> : <Tag>{t('committee.inactive')}</Tag>) },
        ]}
      />

      <Drawer open={!!openId} onClose={() => setOpenId(null)} title={detail.data?.name} size={drawerSize} loading={detail.isLoading}>
        {detail.data && (
          <>
            <Space wrap style={{ marginBottom: 12 }}>
              <Tag>{detail.data.orgName}</Tag>
              <Tag>{label(COMMITTEE_KIND_LABELS[detail.data.kind])}</Tag>
              {warnings(detail.data)}
            </Space>
            {canManage && (
              <Space style={{ marginBottom: 12 }} wrap>
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => {
                    mediatorForm.reset();
                    mediatorForm.form.setFieldsValue({ title: 'mediator', isLegalUnderstander: false });
                    setAdding(true);
                  }}
                  data-testid="committee-add-member"
                >
                  {t('committee.addMember')}
                </Button>
                <Button
                  icon={<EditOutlined />}
                  onClick={() => {
                    committeeEditForm.reset();
                    committeeEditForm.form.setFieldsValue({ name: detail.data!.name, casePrefix: detail.data!.casePrefix });
                    setEditingCommittee(true);
                  }}
                  data-testid="committee-edit"
                >
                  {t('committee.edit')}
                </Button>
                {detail.data.active && (
                  <Popconfirm title={t('committee.deactivateConfirm')} onConfirm={() => deactivateCommittee.mutate(detail.data!.id, { onError: (e) => message.error(e.message) })}>
                    <Button danger>{t('committee.deactivate')}</Button>
                  </Popconfirm>
                )}
              </Space>
            )}
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={detail.data.members}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('person.name'), key: 'name', render: (_: unknown, m: TMediatorView) => m.person.name },
                { title: t('person.gender'), key: 'g', render: (_: unknown, m: TMediatorView) => m.person.gender ?? '' },
                { title: t('committee.memberTitle'), dataIndex: 'title', render: (v: TMediatorView['title']) => label(MEDIATOR_TITLE_LABELS[v]) },
                {
                  title: t('person.phone'),
                  key: 'phone',
                  render: (_: unknown, m: TMediatorView) => (
                    <Space size={0}>
                      <span className="fz-mono">{m.person.phoneMasked || '—'}</span>
                      <UnmaskButton personId={m.person.id} name={m.person.name} />
                    </Space>
                  ),
                },
                { title: t('committee.account'), dataIndex: 'userName', render: (v: string | null) => v ?? '—' },
                { title: t('menu.understanders'), dataIndex: 'isLegalUnderstander', render: (v: boolean) => (v ? t('common.yes') : '') },
                {
                  title: '',
                  key: 'ops',
                  render: (_: unknown, m: TMediatorView) =>
                    canManage && m.active ? (
                      <Space size={0}>
                        <Button
                          size="small"
                          type="link"
                          onClick={() => {
                            memberEditForm.reset();
                            memberEditForm.form.setFieldsValue({ title: m.title, isLegalUnderstander: m.isLegalUnderstander });
                            setEditingMember(m);
                          }}
                          data-testid={`member-row-edit-${m.id}`}
                        >
                          {t('committee.editMember')}
                        </Button>
                        <Popconfirm title={t('committee.leaveConfirm', { name: m.person.name })} onConfirm={() => deactivateMediator.mutate(m.id, { onError: (e) => message.error(e.message) })}>
                          <Button size="small" type="link" danger>
                            {t('committee.leave')}
                          </Button>
                        </Popconfirm>
                      </Space>
                    ) : m.active ? null : (
                      <Tag>{t('committee.left')}</Tag>
                    ),
                },
              ]}
            />
          </>
        )}
      </Drawer>

      <Modal open={creating} title={t('committee.create')} onCancel={() => setCreating(false)} onOk={onCreate} okButtonProps={{ loading: committeeForm.submitting, ...tid('committee-create-submit') }} destroyOnHidden>
        <FormErrors sf={committeeForm} />
        <Form form={committeeForm.form} layout="vertical" onFinish={onCreate}>
          <Form.Item name="orgId" label={t('committee.org')} required extra={t('committee.orgHelp')}>
            <OrgSelect kinds={['village', 'township']} testid="committee-create-org" />
          </Form.Item>
          <Form.Item name="name" label={t('common.name')} extra={t('committee.nameHelp')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="casePrefix" label={t('committee.prefix')} extra={t('committee.prefixHelp')}>
            <Input maxLength={20} />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={adding}
        title={t('committee.addMember')}
        onCancel={() => setAdding(false)}
        onOk={onAddMember}
        okButtonProps={{ loading: mediatorForm.submitting, ...tid('committee-member-submit') }}
        destroyOnHidden
        width={640}
      >
        <FormErrors sf={mediatorForm} />
        <Form form={mediatorForm.form} layout="vertical" onFinish={onAddMember}>
          <PersonFields prefix={['person']} testid="member-person" />
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="title" label={t('committee.memberTitle')}>
                <Select options={MEDIATOR_TITLES.map((v) => ({ value: v, label: label(MEDIATOR_TITLE_LABELS[v]) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="isLegalUnderstander" valuePropName="checked" label=" ">
                <Checkbox>{t('committee.alsoUnderstander')}</Checkbox>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Modal>

      <Modal
        open={editingCommittee}
        title={t('committee.editTitle')}
        onCancel={() => setEditingCommittee(false)}
        onOk={onEditCommittee}
        okButtonProps={{ loading: committeeEditForm.submitting, ...tid('committee-edit-submit') }}
        destroyOnHidden
      >
        <FormErrors sf={committeeEditForm} />
        <Form form={committeeEditForm.form} layout="vertical" onFinish={onEditCommittee}>
          <Form.Item name="name" label={t('common.name')} required>
            <Input maxLength={100} data-testid="committee-edit-name" />
          </Form.Item>
          <Form.Item name="casePrefix" label={t('committee.prefix')} required extra={t('committee.editPrefixHelp')}>
            <Input maxLength={20} data-testid="committee-edit-prefix" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={!!editingMember}
        title={editingMember ? t('committee.editMemberTitle', { name: editingMember.person.name }) : ''}
        onCancel={() => setEditingMember(null)}
        onOk={onEditMember}
        okButtonProps={{ loading: memberEditForm.submitting, ...tid('member-edit-submit') }}
        destroyOnHidden
      >
        <FormErrors sf={memberEditForm} />
        <Form form={memberEditForm.form} layout="vertical" onFinish={onEditMember}>
          <Form.Item name="title" label={t('committee.memberTitle')} required>
            <Select options={MEDIATOR_TITLES.map((v) => ({ value: v, label: label(MEDIATOR_TITLE_LABELS[v]) }))} data-testid="member-edit-title" />
          </Form.Item>
          <Form.Item name="isLegalUnderstander" valuePropName="checked">
            <Checkbox data-testid="member-edit-understander">{t('committee.alsoUnderstander')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

/**
 * 回访期限 of the township (or county) being looked at: the switcher's org, else the org of the
 * user's first grant (a 司法所 user's township). Villages inherit it; the server says from where.
 */
function FollowUpSettingsCard({ canManage }: { canManage: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const { orgId: switcherOrg } = useOrgFilter();
  const orgId = switcherOrg ?? me.grants.find((g) => g.scope !== 'self')?.orgId ?? me.org.id;
  const settings = useMediationSettings(orgId);
  const save = useSetMediationSettings();
  const form = useSchemaForm(ZMediationSettingsInput);
  const [open, setOpen] = useState(false);
  const s = settings.data;
  const onSave = () =>
    form.submit(
      async (body) => {
        await save.mutateAsync(body);
        message.success(t('common.saved'));
        setOpen(false);
      },
      { orgId },
    );
  if (settings.error) return <Alert type="error" showIcon title={settings.error.message} style={{ marginBottom: 12 }} />;
  return (
    <Card size="small" style={{ marginBottom: 12 }} loading={settings.isLoading} data-testid="mediation-settings">
      {s && (
        <Space wrap>
          <Typography.Text strong>{t('mset.title')}</Typography.Text>
          <span data-testid="mediation-settings-days">{t('mset.days', { n: s.followUpDays })}</span>
          <Tag data-testid="mediation-settings-source">
            {s.followUpDaysSource === 'own'
              ? t('mset.own')
              : s.followUpDaysSource === 'inherited'
                ? t('mset.inherited', { org: s.fromOrgName ?? '' })
                : t('mset.default', { n: s.defaultFollowUpDays })}
          </Tag>
          <Tooltip title={t('mset.help')}>
            <QuestionCircleOutlined style={{ color: 'rgba(0,0,0,0.45)' }} />
          </Tooltip>
          {canManage && (
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={() => {
                form.reset();
                form.form.setFieldsValue({ followUpDays: s.followUpDays });
                setOpen(true);
              }}
              data-testid="mediation-settings-edit"
            >
              {t('mset.edit')}
            </Button>
          )}
        </Space>
      )}
      <Modal open={open} title={t('mset.edit')} onCancel={() => setOpen(false)} onOk={onSave} okButtonProps={{ loading: form.submitting, ...tid('mediation-settings-submit') }} destroyOnHidden>
        <FormErrors sf={form} />
        <Typography.Paragraph type="secondary">{t('mset.help')}</Typography.Paragraph>
        <Form form={form.form} layout="vertical" onFinish={onSave}>
          <Form.Item name="followUpDays" label={t('mset.daysLabel')} required>
            <InputNumber min={FOLLOW_UP_DAYS_MIN} max={FOLLOW_UP_DAYS_MAX} precision={0} style={{ width: 140 }} data-testid="mediation-settings-days-input" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
