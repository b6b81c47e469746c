import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Form, Input, Modal, Row, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { DUTY_KIND_LABELS, DUTY_KINDS, type DutyKind } from '../../../common/planning-enums.ts';
import { type TDutyView, ZDutyCreate, ZDutyUpdate } from '../../../common/schemas/planning.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid, usePagination } from '../../components/ui.tsx';
import { DateInput, useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { OrgSelect } from '../admin/OrgSelect.tsx';
import { useCreateDuty, useDuties, useMeetings, useUpdateDuty } from './hooks.ts';
import { StaffSelect, useHomeOrg, yearOptions } from './labels.tsx';
import { patchParams } from '../../url-params.ts';

const KIND_COLOR: Record<DutyKind, string> = { deploy: 'red', meeting: 'blue', report_law: 'purple', supervise: 'orange', instruction: 'cyan' };

/**
 * 党政主要负责人履行推进法治建设第一责任人职责 (中办 国办 2016 规定): the year's list of what the
 * 党委书记 and 乡镇长 did — 研究部署, 专题会议, 述法, 督办, 批示 — and adding or correcting a record.
 */
export default function DutiesPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const canManage = can('planning.manage');
  const homeOrg = useHomeOrg();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || new Date().getFullYear();
  const kind = params.get('kind') ?? undefined;
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const pagination = usePagination();
  const list = useDuties({ ...page, year, kind, orgId: params.get('orgId') ?? undefined, staffId: params.get('staffId') ?? undefined });
  const createSf = useSchemaForm(ZDutyCreate);
  const updateSf = useSchemaForm(ZDutyUpdate, { transform: (v) => ({ ...v, meetingId: v.meetingId ?? null }) });
  const create = useCreateDuty();
  const update = useUpdateDuty();
  const [editing, setEditing] = useState<TDutyView | 'new' | null>(null);
  const sf = editing && editing !== 'new' ? updateSf : createSf;
  const formOrg = (Form.useWatch('orgId', createSf.form) as string | undefined) ?? (editing && editing !== 'new' ? editing.orgId : homeOrg);
  const meetings = useMeetings({ orgId: formOrg, year, pageSize: 200 });

  const open = (d: TDutyView | 'new') => {
    if (d === 'new') {
      createSf.reset();
      createSf.form.setFieldsValue({ orgId: homeOrg, kind: 'deploy', doneOn: new Date().toISOString().slice(0, 10) });
    } else {
      updateSf.reset();
      updateSf.form.setFieldsValue({ staffId: d.staffId, kind: d.kind, doneOn: d.doneOn, content: d.content, meetingId: d.meetingId ?? undefined });
    }
    setEditing(d);
  };
  const onSave = () =>
    editing === 'new'
      ? createSf.submit(async (body) => {
          await create.mutateAsync(body);
          message.success(t('common.saved'));
          setEditing(null);
        })
      : updateSf.submit(async (body) => {
          if (!editing) return;
          await update.mutateAsync({ id: editing.id, body });
          message.success(t('common.saved'));
          setEditing(null);
        });
  const set = (k: string, v: string | number | undefined) => {
    setParams(patchParams(params, { [k]: v }));
    setPage((p) => ({ ...p, page: 1 }));
  };

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('menu.planningDuties')}</h2>
        {canManage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')} data-testid="duty-create">
            {t('planning.addDuty')}
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary">{t('planning.dutiesHelp')}</Typography.Paragraph>
      <div className="fz-filters">
        <Select value={year} onChange={(v) => set('year', v)} options={yearOptions()} data-testid="duties-year" />
        <Select allowClear placeholder={t('planning.dutyKind')} value={kind} onChange={(v) => set('kind', v)} options={DUTY_KINDS.map((k) => ({ value: k, label: label(DUTY_KIND_LABELS[k]) }))} data-testid="duties-kind" />
      </div>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<TDutyView>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="duty-list"
        pagination={pagination(page, list.data?.total, setPage)}
        columns={[
          { title: t('common.date'), dataIndex: 'doneOn', width: 110 },
          { title: t('planning.dutyKind'), dataIndex: 'kind', render: (k: DutyKind) => <Tag color={KIND_COLOR[k]}>{label(DUTY_KIND_LABELS[k])}</Tag> },
          { title: t('planning.name'), key: 'staff', render: (_: unknown, d) => `${d.staffName}（${d.staffPost}）` },
          { title: t('planning.dutyContent'), dataIndex: 'content', render: (v: string) => <div style={{ maxWidth: 480, whiteSpace: 'pre-wrap' }}>{v}</div> },
          { title: t('planning.org'), dataIndex: 'orgName', responsive: ['lg'] },
          { title: t('planning.meeting'), dataIndex: 'meetingId', render: (v: string | null) => (v ? <Link to={`/planning/meetings/${v}`}>{t('common.view')}</Link> : '') },
          {
            title: '',
            key: 'ops',
            render: (_: unknown, d) =>
              canManage ? (
                <Button size="small" type="link" onClick={() => open(d)} data-testid={`duty-edit-${d.id}`}>
                  {t('common.edit')}
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal
        open={!!editing}
        title={editing === 'new' ? t('planning.addDuty') : t('common.edit')}
        onCancel={() => setEditing(null)}
        onOk={onSave}
        okButtonProps={{ loading: sf.submitting, ...tid('duty-submit') }}
        destroyOnHidden
        width={640}
      >
        <FormErrors sf={sf} />
        <Form form={sf.form} layout="vertical">
          {editing === 'new' && (
            <Form.Item name="orgId" label={t('planning.org')} required>
              <OrgSelect kinds={['township', 'county']} testid="duty-org" />
            </Form.Item>
          )}
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="kind" label={t('planning.dutyKind')} required>
                <Select options={DUTY_KINDS.map((k) => ({ value: k, label: label(DUTY_KIND_LABELS[k]) }))} data-testid="duty-kind" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="doneOn" label={t('common.date')} required>
                <DateInput data-testid="duty-date" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="staffId" label={t('planning.firstResponsible')} required extra={t('planning.firstResponsibleHelp')}>
            <StaffSelect orgId={formOrg} filter={(s) => s.category === 'leader'} testid="duty-staff" />
          </Form.Item>
          <Form.Item name="content" label={t('planning.dutyContent')} required>
            <Input.TextArea rows={4} maxLength={5000} data-testid="duty-content" />
          </Form.Item>
          <Form.Item name="meetingId" label={t('planning.meeting')}>
            <Select allowClear options={(meetings.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.heldOn} ${m.title}` }))} data-testid="duty-meeting" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
