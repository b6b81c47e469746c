import { PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Col, Drawer, Form, Input, Modal, Popconfirm, Row, Select, Space, Table, Tag, Tooltip } from 'antd';
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
  ZCommitteeCreate,
  ZMediatorCreate,
} from '../../../common/schemas/mediation-admin.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid, useDrawerSize } from '../../components/ui.tsx';
import { PersonFields } from '../../components/PersonFields.tsx';
import { UnmaskButton } from '../../components/UnmaskButton.tsx';
import { useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { OrgSelect } from '../admin/OrgSelect.tsx';
import { useCommittee, useCommitteeList, useCreateCommittee, useCreateMediator, useDeactivateCommittee, useDeactivateMediator } from './hooks.ts';

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
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="committee-list"
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: list.data?.total ?? 0,
          showTotal: (n) => t('common.total', { n }),
          onChange: (p, s) => setPage({ page: p, pageSize: s }),
          size: 'small',
        }}
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
                      <Popconfirm title={t('committee.leaveConfirm', { name: m.person.name })} onConfirm={() => deactivateMediator.mutate(m.id, { onError: (e) => message.error(e.message) })}>
                        <Button size="small" type="link" danger>
                          {t('committee.leave')}
                        </Button>
                      </Popconfirm>
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
    </div>
  );
}
