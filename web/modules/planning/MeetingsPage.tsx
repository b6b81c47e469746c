import { ArrowLeftOutlined, EditOutlined, MinusCircleOutlined, PaperClipOutlined, PlusOutlined, } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Drawer, Empty, Form, Input, List, Row, Select, Space, Table, Tag, Typography, } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { MEETING_KIND_LABELS, MEETING_KINDS, type MeetingKind } from '../../../common/planning-enums.ts';
import { type TMeetingDetail, type TMeetingView, ZDecisionCreate, ZMeetingCreate, ZMeetingUpdate } from '../../../common/schemas/planning.ts';
import { UploadButton } from '../../components/UploadButton.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { Loading, LoadFailed, useDrawerSize, usePagination } from '../../components/ui.tsx';
import { DateInput, useSchemaForm, withEmptied, formValuesOf } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { OrgSelect } from '../admin/OrgSelect.tsx';
import { downloadFile, useAddDecision, useCreateMeeting, useGroups, useMeeting, useMeetings, useUpdateMeeting, useUploadMeetingFile } from './hooks.ts';
import { StaffSelect, useHomeOrg, yearOptions } from './labels.tsx';
import { TaskDrawer } from './TaskDrawer.tsx';
import { patchParams } from '../../url-params.ts';

const KIND_COLOR: Record<MeetingKind, string> = { topic: 'blue', leading_group: 'red', party_committee: 'volcano', executive: 'geekblue' };

export function MeetingKindTag({ kind }: { kind: MeetingKind }) {
  const { label } = useI18n();
  return <Tag color={KIND_COLOR[kind]}>{label(MEETING_KIND_LABELS[kind], kind)}</Tag>;
}

/**
 * An edit sends what the user emptied as emptied (cleanValues drops '' / null / absent): texts as '',
 * host and group as null, attendees as []. The org and the decisions are not part of an edit.
 */
function meetingCleared(v: Record<string, unknown>): Record<string, unknown> {
  const { orgId: _o, decisions: _d, ...out } = v;
  return withEmptied(out, { texts: ['place', 'agenda', 'minutes', 'lawStudy'], nulls: ['hostStaffId', 'groupId'], lists: ['attendeeStaffIds'] });
}

/**
 * 记录会议 / 修改会议记录: kind, date, host, attendees (工作人员名册), agenda, minutes, the 学法 item
 * of a 党委会议; decisions when recording (an edit leaves them to the meeting page).
 */
function MeetingForm({ open, onClose, meeting }: { open: boolean; onClose: () => void; meeting?: TMeetingDetail | null }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const homeOrg = useHomeOrg();
  const size = useDrawerSize(720);
  const createSf = useSchemaForm(ZMeetingCreate, {
    transform: (v) => ({ ...v, decisions: Array.isArray(v.decisions) ? (v.decisions as unknown[]).filter((d) => typeof d === 'string' && d.trim()) : undefined }),
  });
  const updateSf = useSchemaForm(ZMeetingUpdate, { transform: meetingCleared });
  const editing = !!meeting;
  const sf = editing ? updateSf : createSf;
  const create = useCreateMeeting();
  const update = useUpdateMeeting();
  const watchedOrg = Form.useWatch('orgId', sf.form) as string | undefined;
  const orgId = meeting?.orgId ?? watchedOrg ?? homeOrg;
  const kind = Form.useWatch('kind', sf.form) as MeetingKind | undefined;
  const groups = useGroups({ orgId }, open);
  // Defaults are set as the drawer opens (not after its animation: a fast typist would lose what they typed).
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the drawer opens (or opens on another meeting)
  useEffect(() => {
    if (!open) return;
    sf.reset();
    if (meeting) {
      sf.form.setFieldsValue({ ...formValuesOf(meeting, ['kind', 'heldOn', 'place', 'title', 'groupId', 'hostStaffId', 'agenda', 'minutes', 'lawStudy']), attendeeStaffIds: meeting.attendees.map((a) => a.staffId) });
    } else {
      sf.form.setFieldsValue({ orgId: homeOrg, kind: 'leading_group', decisions: [''] });
    }
  }, [open, meeting?.id]);
  const onSubmit = () =>
    meeting
      ? updateSf.submit(async (body) => {
          await update.mutateAsync({ id: meeting.id, body });
          message.success(t('common.saved'));
          onClose();
        })
      : createSf.submit(async (body) => {
          const m = await create.mutateAsync(body);
          message.success(t('common.saved'));
          onClose();
          navigate(`/planning/meetings/${m.id}`);
        });
  // A 学法 item belongs to a 党委会议; one recorded on another kind stays visible so that it can be corrected.
  const showLawStudy = kind === 'party_committee' || !!meeting?.lawStudy;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={size}
      title={editing ? t('planning.editMeeting') : t('planning.createMeeting')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={sf.submitting} onClick={onSubmit} data-testid="meeting-submit">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <FormErrors sf={sf} />
      {editing && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('planning.editMeetingHelp')} />}
      <Form form={sf.form} layout="vertical" data-testid="meeting-form">
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            {editing ? (
              <Form.Item label={t('planning.org')}>
                <Input value={meeting.orgName} disabled />
              </Form.Item>
            ) : (
              <Form.Item name="orgId" label={t('planning.org')} required>
                <OrgSelect kinds={['township', 'county']} testid="meeting-org" />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="kind" label={t('planning.meetingKind')} required>
              <Select options={MEETING_KINDS.map((k) => ({ value: k, label: label(MEETING_KIND_LABELS[k]) }))} data-testid="meeting-kind" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="heldOn" label={t('planning.heldOn')} required>
              <DateInput data-testid="meeting-date" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="place" label={t('planning.place')}>
              <Input maxLength={200} data-testid="meeting-place" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label={t('planning.meetingTitle')} required>
          <Input maxLength={200} data-testid="meeting-title" />
        </Form.Item>
        {(kind === 'leading_group' || kind === 'topic') && (
          <Form.Item name="groupId" label={t('planning.group')}>
            <Select allowClear options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: `${g.year} ${g.name}` }))} data-testid="meeting-group" />
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="hostStaffId" label={t('planning.host')}>
              <StaffSelect orgId={orgId} testid="meeting-host" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="attendeeStaffIds" label={t('planning.attendees')}>
              <StaffSelect orgId={orgId} multiple testid="meeting-attendees" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="agenda" label={t('planning.agenda')}>
          <Input.TextArea rows={3} maxLength={5000} data-testid="meeting-agenda" />
        </Form.Item>
        {showLawStudy && (
          <Form.Item name="lawStudy" label={t('planning.lawStudy')} extra={t('planning.lawStudyHelp')}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="meeting-lawstudy" />
          </Form.Item>
        )}
        <Form.Item name="minutes" label={t('planning.minutes')}>
          <Input.TextArea rows={5} data-testid="meeting-minutes" />
        </Form.Item>
        {!editing && (
          <Form.List name="decisions">
            {(fields, { add, remove }) => (
              <div>
                <Typography.Text strong>{t('planning.decisions')}</Typography.Text>
                {fields.map((f, i) => (
                  <Space key={f.key} align="start" style={{ display: 'flex', marginTop: 8 }}>
                    <Form.Item name={f.name} style={{ flex: 1, marginBottom: 0, minWidth: 280 }}>
                      <Input.TextArea rows={2} maxLength={2000} placeholder={t('planning.decisionN', { n: i + 1 })} data-testid={`meeting-decision-${i}`} />
                    </Form.Item>
                    <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(f.name)} aria-label={t('common.delete')} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} style={{ marginTop: 8 }} data-testid="meeting-add-decision">
                  {t('planning.addDecision')}
                </Button>
              </div>
            )}
          </Form.List>
        )}
      </Form>
    </Drawer>
  );
}

function MeetingDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const _navigate = useNavigate();
  const can = useCan();
  const canManage = can('planning.manage');
  const { data: m, isLoading, error } = useMeeting(id);
  const addDecision = useAddDecision();
  const upload = useUploadMeetingFile();
  const decisionForm = useSchemaForm(ZDecisionCreate);
  const [fromDecision, setFromDecision] = useState<TMeetingDetail['decisions'][number] | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);

  if (isLoading) return <Loading />;
  if (error || !m) {
    return <LoadFailed error={error} back="/planning/meetings" testid="meeting" />;
  }
  const onAddDecision = () =>
    decisionForm.submit(async (body) => {
      await addDecision.mutateAsync({ id: m.id, body });
      decisionForm.reset();
    });
  const wrap = async (key: string, fn: () => Promise<unknown>) => {
    setBusy(key);
    try {
      await fn();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="meeting-detail">
      <div className="fz-page-title">
        <Space wrap align="center">
          <Link to="/planning/meetings" aria-label={t('common.back')}>
            <ArrowLeftOutlined />
          </Link>
          <h2 data-testid="meeting-title-h">{m.title}</h2>
          <MeetingKindTag kind={m.kind} />
        </Space>
        {canManage && (
          <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="meeting-edit">
            {t('planning.editMeeting')}
          </Button>
        )}
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
              <Descriptions.Item label={t('planning.org')}>{m.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('planning.heldOn')}>{m.heldOn}</Descriptions.Item>
              <Descriptions.Item label={t('planning.place')}>{m.place || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('planning.host')}>{m.hostName ?? '—'}</Descriptions.Item>
              {m.groupName && (
                <Descriptions.Item label={t('planning.group')} span={2}>
                  {m.groupId ? <Link to={`/planning/groups/${m.groupId}`}>{m.groupName}</Link> : m.groupName}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('planning.attendees')} span={2}>
                {m.attendees.map((a) => a.name).join('、') || '—'}
              </Descriptions.Item>
              {m.lawStudy && (
                <Descriptions.Item label={t('planning.lawStudy')} span={2}>
                  {m.lawStudy}
                </Descriptions.Item>
              )}
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 12 }}>
              {t('planning.agenda')}
            </Typography.Title>
            <div style={{ whiteSpace: 'pre-wrap' }}>{m.agenda || '—'}</div>
            <Typography.Title level={5} style={{ marginTop: 12 }}>
              {t('planning.minutes')}
            </Typography.Title>
            <div style={{ whiteSpace: 'pre-wrap' }} data-testid="meeting-minutes-view">
              {m.minutes || '—'}
            </div>
          </Card>
          <Card
            size="small"
            style={{ marginTop: 16 }}
            title={t('planning.attachments')}
            extra={
              canManage && (
                <UploadButton onFile={(f) => wrap('upload', () => upload.mutateAsync({ id: m.id, file: f }))} size="small" loading={busy === 'upload'} testid="meeting-upload">
                  {t('planning.upload')}
                </UploadButton>
              )
            }
          >
            {m.attachments.length === 0 ? (
              <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
            ) : (
              m.attachments.map((a) => (
                <Button key={a.id} type="link" icon={<PaperClipOutlined />} loading={busy === a.id} onClick={() => wrap(a.id, () => downloadFile(a.id, a.name))}>
                  {a.name}
                </Button>
              ))
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('planning.decisions')}>
            <List
              dataSource={m.decisions}
              data-testid="meeting-decisions"
              locale={{ emptyText: t('planning.noDecisions') }}
              renderItem={(d, i) => (
                <List.Item
                  data-testid={`decision-${d.id}`}
                  actions={
                    canManage
                      ? [
                          <Button key="task" size="small" icon={<PlusOutlined />} onClick={() => setFromDecision(d)} data-testid={`decision-task-${d.id}`}>
                            {t('planning.createTaskFromDecision')}
                          </Button>,
                        ]
                      : []
                  }
                >
                  <div>
                    <div>
                      {i + 1}. {d.content}
                    </div>
                    {d.taskIds.length > 0 && (
                      <Space size={4} wrap>
                        {d.taskIds.map((tid, i) => (
                          <Link key={tid} to={`/planning/tasks/${tid}`}>
                            <Tag color="blue">{t('planning.taskN', { n: i + 1 })}</Tag>
                          </Link>
                        ))}
                      </Space>
                    )}
                  </div>
                </List.Item>
              )}
            />
            {canManage && (
              <Form form={decisionForm.form} layout="vertical" style={{ marginTop: 8 }}>
                <FormErrors sf={decisionForm} />
                <Form.Item name="content" label={t('planning.addDecision')}>
                  <Input.TextArea rows={2} maxLength={2000} data-testid="decision-content" />
                </Form.Item>
                <Button onClick={onAddDecision} loading={decisionForm.submitting} data-testid="decision-submit">
                  {t('common.save')}
                </Button>
              </Form>
            )}
          </Card>
        </Col>
      </Row>
      <MeetingForm open={editing} onClose={() => setEditing(false)} meeting={m} />
      <TaskDrawer open={!!fromDecision} onClose={() => setFromDecision(null)} orgId={m.orgId} year={Number(m.heldOn.slice(0, 4))} decision={fromDecision} />
    </div>
  );
}

/** 会议: 专题会议, 领导小组会议, 党委会议 (学法), 常务会议 — the list, recording one, and one meeting with its decisions. */
export default function MeetingsPage() {
  const { id } = useParams();
  return id ? <MeetingDetail id={id} /> : <MeetingList />;
}

function MeetingList() {
  const { t, label } = useI18n();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const pagination = usePagination();
  const query = {
    ...page,
    year: params.get('year') ?? undefined,
    kind: params.get('kind') ?? undefined,
    groupId: params.get('groupId') ?? undefined,
    hostStaffId: params.get('hostStaffId') ?? undefined,
    lawStudy: params.get('lawStudy') ?? undefined,
    orgId: params.get('orgId') ?? undefined,
  };
  const list = useMeetings(query);
  const set = (k: string, v: string | number | undefined) => {
    setParams(patchParams(params, { [k]: v }));
    setPage((p) => ({ ...p, page: 1 }));
  };
  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('menu.planningMeetings')}</h2>
        {can('planning.manage') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="meeting-create">
            {t('planning.createMeeting')}
          </Button>
        )}
      </div>
      <div className="fz-filters">
        <Select allowClear placeholder={t('common.year')} value={params.get('year') ? Number(params.get('year')) : undefined} onChange={(v) => set('year', v)} options={yearOptions()} data-testid="meetings-year" />
        <Select
          allowClear
          placeholder={t('planning.meetingKind')}
          value={params.get('kind') ?? undefined}
          onChange={(v) => set('kind', v)}
          options={MEETING_KINDS.map((k) => ({ value: k, label: label(MEETING_KIND_LABELS[k]) }))}
          data-testid="meetings-kind"
        />
        {['groupId', 'hostStaffId', 'lawStudy', 'orgId'].some((k) => params.get(k)) && (
          <Button onClick={() => setParams({})}>{t('common.showAll')}</Button>
        )}
      </div>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<TMeetingView>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="meeting-list"
        locale={{ emptyText: <Empty description={t('planning.noMeetings')} image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        pagination={pagination(page, list.data?.total, setPage)}
        columns={[
          { title: t('planning.heldOn'), dataIndex: 'heldOn', width: 110 },
          { title: t('planning.meetingTitle'), dataIndex: 'title', render: (v: string, r) => <Link to={`/planning/meetings/${r.id}`}>{v}</Link> },
          { title: t('planning.meetingKind'), dataIndex: 'kind', render: (k: MeetingKind) => <MeetingKindTag kind={k} /> },
          { title: t('planning.org'), dataIndex: 'orgName', responsive: ['lg'] },
          { title: t('planning.host'), dataIndex: 'hostName', render: (v: string | null) => v ?? '—' },
          { title: t('planning.attendees'), dataIndex: 'attendeeCount', align: 'right', responsive: ['md'] },
          { title: t('planning.lawStudy'), dataIndex: 'lawStudy', responsive: ['xl'], render: (v: string) => v || '' },
          { title: t('planning.decisions'), dataIndex: 'decisionCount', align: 'right' },
        ]}
      />
      <MeetingForm open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}
