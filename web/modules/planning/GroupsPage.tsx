import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Drawer, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { GROUP_KIND_LABELS, GROUP_KINDS, type GroupKind, MEMBER_ROLE_LABELS, MEMBER_ROLES, type MemberRole } from '../../../common/planning-enums.ts';
import { type TGroupView, type TMemberView, ZGroupCreate, ZGroupUpdate, ZMemberCreate, ZMemberUpdate } from '../../../common/schemas/planning.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid, useDrawerSize } from '../../components/ui.tsx';
import { DateInput, useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { OrgSelect } from '../admin/OrgSelect.tsx';
import { useAddMember, useCreateGroup, useGroup, useGroups, useUpdateGroup, useUpdateMember } from './hooks.ts';
import { StaffSelect, useHomeOrg, yearOptions } from './labels.tsx';

const ROLE_ORDER: Record<MemberRole, number> = { head: 0, deputy_head: 1, office_director: 2, member: 3 };
const today = () => new Date().toISOString().slice(0, 10);

/** Edits send what the user emptied as emptied (cleanValues drops '' and null): no duties, no parent group, still in post. */
const groupCleared = (v: Record<string, unknown>) => ({ ...v, duties: v.duties ?? '', parentGroupId: v.parentGroupId ?? null });
const memberCleared = (v: Record<string, unknown>) => ({ ...v, toDate: v.toDate ?? null });

/** One group in a drawer: members by role, current and past (history is never deleted: a post change sets 离任日期). */
function GroupDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const canManage = can('planning.manage');
  const size = useDrawerSize(760);
  const { data: g, isLoading } = useGroup(id ?? undefined);
  const addMember = useAddMember();
  const updateMember = useUpdateMember();
  const memberForm = useSchemaForm(ZMemberCreate);
  const editMemberForm = useSchemaForm(ZMemberUpdate, { transform: memberCleared });
  const groupForm = useSchemaForm(ZGroupUpdate, { transform: groupCleared });
  const updateGroup = useUpdateGroup();
  const [adding, setAdding] = useState(false);
  const [editingMember, setEditingMember] = useState<TMemberView | null>(null);
  const [editingGroup, setEditingGroup] = useState(false);
  const [history, setHistory] = useState(false);
  // 工作专班 may sit under a leading group of the same org (not itself).
  const siblings = useGroups({ orgId: g?.orgId }, editingGroup && g?.kind === 'work_team');
  const parents = (siblings.data?.items ?? []).filter((x) => x.kind === 'leading_group' && x.orgId === g?.orgId && x.id !== g?.id);
  const members = [...(g?.members ?? [])].filter((m) => history || m.current).sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.fromDate.localeCompare(b.fromDate));
  const onAdd = () =>
    memberForm.submit(async (body) => {
      if (!g) return;
      await addMember.mutateAsync({ groupId: g.id, body });
      message.success(t('common.saved'));
      setAdding(false);
    });
  const onEditMember = () =>
    editMemberForm.submit(async (body) => {
      if (!editingMember) return;
      await updateMember.mutateAsync({ id: editingMember.id, body });
      message.success(t('common.saved'));
      setEditingMember(null);
    });
  const onEditGroup = () =>
    groupForm.submit(async (body) => {
      if (!g) return;
      // a leading group has no parent: the field is not shown and not sent
      await updateGroup.mutateAsync({ id: g.id, body: g.kind === 'leading_group' ? { ...body, parentGroupId: undefined } : body });
      message.success(t('common.saved'));
      setEditingGroup(false);
    });
  return (
    <Drawer open={!!id} onClose={onClose} size={size} title={g?.name} loading={isLoading} data-testid="group-drawer">
      {g && (
        <>
          <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
            <Descriptions.Item label={t('planning.org')}>{g.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('common.year')}>{g.year}</Descriptions.Item>
            <Descriptions.Item label={t('planning.groupKind')}>{label(GROUP_KIND_LABELS[g.kind])}</Descriptions.Item>
            <Descriptions.Item label={t('planning.heads')}>{g.heads.join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('planning.meetings')}>
              <Link to={`/planning/meetings?groupId=${g.id}`}>{g.meetingCount}</Link>
              {g.lastMeetingOn ? `（${t('planning.lastMeeting', { date: g.lastMeetingOn })}）` : ''}
            </Descriptions.Item>
            {g.duties && (
              <Descriptions.Item label={t('planning.duties')} span={2}>
                <div style={{ whiteSpace: 'pre-wrap' }}>{g.duties}</div>
              </Descriptions.Item>
            )}
          </Descriptions>
          <Space style={{ margin: '12px 0' }} wrap>
            {canManage && (
              <Button
                icon={<EditOutlined />}
                onClick={() => {
                  groupForm.reset();
                  groupForm.form.setFieldsValue({ name: g.name, duties: g.duties || undefined, parentGroupId: g.parentGroupId ?? undefined });
                  setEditingGroup(true);
                }}
                data-testid="group-edit"
              >
                {t('planning.editGroup')}
              </Button>
            )}
            {canManage && (
              <Button
                icon={<PlusOutlined />}
                onClick={() => {
                  memberForm.reset();
                  memberForm.form.setFieldsValue({ role: 'member', fromDate: today() });
                  setAdding(true);
                }}
                data-testid="group-add-member"
              >
                {t('planning.addMember')}
              </Button>
            )}
            <Space size={4}>
              <Switch size="small" checked={history} onChange={setHistory} data-testid="group-history" />
              <Typography.Text>{t('planning.showHistory')}</Typography.Text>
            </Space>
          </Space>
          <Table<TMemberView>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={members}
            data-testid="group-members"
            scroll={{ x: 'max-content' }}
            columns={[
              { title: t('planning.memberRole'), dataIndex: 'role', render: (r: MemberRole) => <Tag color={r === 'head' ? 'red' : r === 'deputy_head' ? 'orange' : 'default'}>{label(MEMBER_ROLE_LABELS[r])}</Tag> },
              { title: t('planning.name'), dataIndex: 'staffName' },
              { title: t('planning.post'), dataIndex: 'staffPost' },
              { title: t('planning.fromDate'), dataIndex: 'fromDate' },
              { title: t('planning.toDate'), dataIndex: 'toDate', render: (v: string | null, m) => (v ? <span>{v}{!m.current && <Tag style={{ marginInlineStart: 4 }}>{t('planning.left')}</Tag>}</span> : '—') },
              {
                title: '',
                key: 'ops',
                render: (_: unknown, m) =>
                  canManage ? (
                    <Space size={0}>
                      <Button
                        size="small"
                        type="link"
                        onClick={() => {
                          editMemberForm.reset();
                          editMemberForm.form.setFieldsValue({ role: m.role, fromDate: m.fromDate, toDate: m.toDate ?? undefined });
                          setEditingMember(m);
                        }}
                        data-testid={`member-edit-${m.id}`}
                      >
                        {t('planning.editMember')}
                      </Button>
                      {m.current && (
                        <Popconfirm
                          title={t('planning.endMembershipConfirm', { name: m.staffName })}
                          onConfirm={() => updateMember.mutate({ id: m.id, body: { toDate: today() } }, { onError: (e) => message.error(e.message) })}
                        >
                          <Button size="small" type="link" danger data-testid={`member-end-${m.id}`}>
                            {t('planning.endMembership')}
                          </Button>
                        </Popconfirm>
                      )}
                    </Space>
                  ) : null,
              },
            ]}
          />
          <Modal open={adding} title={t('planning.addMember')} onCancel={() => setAdding(false)} onOk={onAdd} okButtonProps={{ loading: memberForm.submitting, ...tid('member-submit') }} destroyOnHidden>
            <FormErrors sf={memberForm} />
            <Form form={memberForm.form} layout="vertical">
              <Form.Item name="staffId" label={t('planning.name')} required>
                <StaffSelect orgId={g.orgId} testid="member-staff" />
              </Form.Item>
              <Form.Item name="role" label={t('planning.memberRole')} required>
                <Select options={MEMBER_ROLES.map((r) => ({ value: r, label: label(MEMBER_ROLE_LABELS[r]) }))} data-testid="member-role" />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={12}>
                  <Form.Item name="fromDate" label={t('planning.fromDate')} required>
                    <DateInput data-testid="member-from" />
                  </Form.Item>
                </Col>
                <Col xs={12}>
                  <Form.Item name="toDate" label={t('planning.toDate')}>
                    <DateInput data-testid="member-to" />
                  </Form.Item>
                </Col>
              </Row>
            </Form>
          </Modal>
          <Modal
            open={!!editingMember}
            title={t('planning.editMemberTitle', { name: editingMember?.staffName ?? '' })}
            onCancel={() => setEditingMember(null)}
            onOk={onEditMember}
            okButtonProps={{ loading: editMemberForm.submitting, ...tid('member-edit-submit') }}
            destroyOnHidden
          >
            <FormErrors sf={editMemberForm} />
            <Form form={editMemberForm.form} layout="vertical">
              <Form.Item name="role" label={t('planning.memberRole')} required>
                <Select options={MEMBER_ROLES.map((r) => ({ value: r, label: label(MEMBER_ROLE_LABELS[r]) }))} data-testid="member-edit-role" />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={12}>
                  <Form.Item name="fromDate" label={t('planning.fromDate')} required>
                    <DateInput data-testid="member-edit-from" />
                  </Form.Item>
                </Col>
                <Col xs={12}>
                  <Form.Item name="toDate" label={t('planning.toDate')} extra={t('planning.toDateHelp')}>
                    <DateInput data-testid="member-edit-to" />
                  </Form.Item>
                </Col>
              </Row>
            </Form>
          </Modal>
          <Modal
            open={editingGroup}
            title={t('planning.editGroup')}
            onCancel={() => setEditingGroup(false)}
            onOk={onEditGroup}
            okButtonProps={{ loading: groupForm.submitting, ...tid('group-edit-submit') }}
            destroyOnHidden
            width={640}
          >
            <FormErrors sf={groupForm} />
            <Form form={groupForm.form} layout="vertical">
              <Form.Item name="name" label={t('common.name')} required>
                <Input maxLength={100} data-testid="group-edit-name" />
              </Form.Item>
              {g.kind === 'work_team' && (
                <Form.Item name="parentGroupId" label={t('planning.parentGroup')}>
                  <Select allowClear options={parents.map((x) => ({ value: x.id, label: `${x.year} ${x.name}` }))} data-testid="group-edit-parent" />
                </Form.Item>
              )}
              <Form.Item name="duties" label={t('planning.duties')}>
                <Input.TextArea rows={4} maxLength={2000} data-testid="group-edit-duties" />
              </Form.Item>
            </Form>
          </Modal>
        </>
      )}
    </Drawer>
  );
}

/** 领导小组 and 工作专班 by org and year, with members and their history. */
export default function GroupsPage() {
  const { id } = useParams();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const can = useCan();
  const homeOrg = useHomeOrg();
  const [params, setParams] = useSearchParams();
  const year = params.get('year') ? Number(params.get('year')) : undefined;
  const list = useGroups({ year, orgId: params.get('orgId') ?? undefined });
  const create = useCreateGroup();
  const sf = useSchemaForm(ZGroupCreate);
  const [creating, setCreating] = useState(false);
  const kind = Form.useWatch('kind', sf.form) as GroupKind | undefined;
  const createOrg = Form.useWatch('orgId', sf.form) as string | undefined;
  const parents = (list.data?.items ?? []).filter((g) => g.kind === 'leading_group' && g.orgId === createOrg);
  const onCreate = () =>
    sf.submit(async (body) => {
      const g = await create.mutateAsync(body);
      message.success(t('common.saved'));
      setCreating(false);
      navigate(`/planning/groups/${g.id}`);
    });
  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('menu.planningGroups')}</h2>
        <Space wrap>
          <Select allowClear placeholder={t('common.year')} value={year} onChange={(v) => setParams(v ? { year: String(v) } : {})} options={yearOptions()} style={{ width: 110 }} data-testid="groups-year" />
          {can('planning.manage') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                sf.reset();
                sf.form.setFieldsValue({ orgId: homeOrg, year: year ?? new Date().getFullYear(), kind: 'leading_group', name: t('planning.defaultGroupName') });
                setCreating(true);
              }}
              data-testid="group-create"
            >
              {t('planning.createGroup')}
            </Button>
          )}
        </Space>
      </div>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Card size="small">
        <Table<TGroupView>
          size="small"
          rowKey="id"
          loading={list.isFetching}
          pagination={false}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="group-list"
          columns={[
            { title: t('common.year'), dataIndex: 'year', width: 70 },
            {
              title: t('common.name'),
              dataIndex: 'name',
              render: (v: string, g) => (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => navigate(`/planning/groups/${g.id}`)} data-testid={`group-open-${g.id}`}>
                  {v}
                </Button>
              ),
            },
            { title: t('planning.groupKind'), dataIndex: 'kind', render: (k: GroupKind) => <Tag color={k === 'leading_group' ? 'red' : 'blue'}>{label(GROUP_KIND_LABELS[k])}</Tag> },
            { title: t('planning.org'), dataIndex: 'orgName' },
            { title: t('planning.heads'), dataIndex: 'heads', render: (h: string[]) => h.join('、') || <Tag color="orange">{t('planning.noHead')}</Tag> },
            { title: t('planning.members'), dataIndex: 'memberCount', align: 'right' },
            { title: t('planning.meetings'), dataIndex: 'meetingCount', align: 'right', render: (n: number, g) => <Link to={`/planning/meetings?groupId=${g.id}`}>{n}</Link> },
            { title: t('planning.lastMeetingCol'), dataIndex: 'lastMeetingOn', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Card>
      <GroupDrawer id={id ?? null} onClose={() => navigate(`/planning/groups${params.toString() ? `?${params}` : ''}`)} />
      <Modal open={creating} title={t('planning.createGroup')} onCancel={() => setCreating(false)} onOk={onCreate} okButtonProps={{ loading: sf.submitting, ...tid('group-submit') }} destroyOnHidden width={640}>
        <FormErrors sf={sf} />
        <Form form={sf.form} layout="vertical">
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="orgId" label={t('planning.org')} required>
                <OrgSelect kinds={['township', 'county']} testid="group-org" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="year" label={t('common.year')} required>
                <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="kind" label={t('planning.groupKind')} required>
                <Select options={GROUP_KINDS.map((k) => ({ value: k, label: label(GROUP_KIND_LABELS[k]) }))} data-testid="group-kind" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="name" label={t('common.name')} required>
            <Input maxLength={100} data-testid="group-name" />
          </Form.Item>
          {kind === 'work_team' && (
            <Form.Item name="parentGroupId" label={t('planning.parentGroup')}>
              <Select allowClear options={parents.map((g) => ({ value: g.id, label: `${g.year} ${g.name}` }))} />
            </Form.Item>
          )}
          <Form.Item name="duties" label={t('planning.duties')}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
