import { useQueryClient } from '@tanstack/react-query';
import { ArrowLeftOutlined, EditOutlined, FileWordOutlined, PaperClipOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Empty, Form, Input, InputNumber, Modal, Popconfirm, Radio, Row, Select, Space, Table, Tag, Timeline, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { z } from 'zod';
import {
  AGREEMENT_FORM_LABELS,
  AGREEMENT_FORMS,
  ASSIGNMENT_ROLE_LABELS,
  CONFIRMATION_RESULT_LABELS,
  CONFIRMATION_RESULTS,
  DISPUTE_ACTION_LABELS,
  DISPUTE_SOURCE_LABELS,
  DISPUTE_SOURCES,
  DISPUTE_TYPE_LABELS,
  DISPUTE_TYPES,
  type DisputeAction,
  FOLLOW_UP_METHODS,
  OUTCOME_LABELS,
  OUTCOMES,
  PARTY_KIND_LABELS,
  PARTY_KINDS,
  PARTY_ROLE_LABELS,
  PARTY_ROLES,
  PERFORMANCE_LABELS,
  PERFORMANCES,
  REFERRAL_TARGET_LABELS,
  REFERRAL_TARGETS,
  RISK_LEVEL_LABELS,
  RISK_LEVELS,
} from '../../../common/mediation-enums.ts';
import {
  type TDisputeDetail,
  type TTimelineEvent,
  ZAgreementInput,
  ZAssignmentsInput,
  ZCloseInput,
  ZConfirmationInput,
  ZDisputeUpdate,
  ZFollowUpRecord,
  ZFollowUpSchedule,
  ZPartyWrite,
  ZReferralInput,
  ZSessionInput,
} from '../../../common/schemas/mediation.ts';
import { api } from '../../api.ts';
import { UploadButton } from '../../components/UploadButton.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { PersonFields } from '../../components/PersonFields.tsx';
import { Loading, LoadFailed, tid } from '../../components/ui.tsx';
import { UnmaskButton } from '../../components/UnmaskButton.tsx';
import { DateInput, useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { OrgSelect } from '../admin/OrgSelect.tsx';
import { useDispute, useDisputeAction, useMediators } from './hooks.ts';
import { DisputeStatusTag, DueTag, OutcomeTag, RiskTag } from './labels.tsx';
import { MediatorPicker } from './MediatorPicker.tsx';

type Party = TDisputeDetail['parties'][number];
type FollowUp = TDisputeDetail['followUps'][number];

/** Where each action posts, relative to /api/v1/mediation/disputes/:id. */
const PATHS = {
  edit: { method: 'PATCH', path: '' },
  assign: { method: 'PUT', path: '/assignments' },
  add_session: { method: 'POST', path: '/sessions' },
  record_agreement: { method: 'PUT', path: '/agreement' },
  withdraw_agreement: { method: 'DELETE', path: '/agreement' },
  judicial_confirmation: { method: 'PUT', path: '/judicial-confirmation' },
  schedule_follow_up: { method: 'POST', path: '/follow-ups' },
  refer: { method: 'POST', path: '/referrals' },
  close: { method: 'POST', path: '/close' },
} as const;
const recordFollowUpPath = (fid: string) => `/follow-ups/${fid}`;
const attachmentsUrl = (id: string) => `/api/v1/mediation/disputes/${id}/attachments`;
const sessionAttachmentsUrl = (id: string, sessionId: string) => `/api/v1/mediation/disputes/${id}/sessions/${sessionId}/attachments`;
const fileUrl = (fileId: string) => `/api/v1/mediation/files/${fileId}`;
const agreementDocxUrl = (id: string) => `/api/v1/mediation/disputes/${id}/agreement.docx`;

/** Actions that open a dialog, in the order the buttons appear. */
const DIALOG_ACTIONS = ['add_session', 'record_agreement', 'judicial_confirmation', 'schedule_follow_up', 'record_follow_up', 'refer', 'close', 'assign', 'edit'] as const;
type DialogAction = (typeof DIALOG_ACTIONS)[number];

const TIMELINE_COLOR: Partial<Record<TTimelineEvent['kind'], string>> = {
  registered: 'blue',
  assigned: 'blue',
  started: 'blue',
  session: 'gray',
  attachment: 'gray',
  agreement: 'green',
  agreement_withdrawn: 'red',
  confirmation: 'green',
  follow_up_scheduled: 'orange',
  follow_up_done: 'green',
  referral: 'purple',
  closed: 'red',
  edited: 'gray',
  exported: 'gray',
};

const today = () => dayjs().format('YYYY-MM-DD');
const SCHEMAS = {
  edit: ZDisputeUpdate,
  assign: ZAssignmentsInput,
  add_session: ZSessionInput,
  record_agreement: ZAgreementInput,
  judicial_confirmation: ZConfirmationInput,
  schedule_follow_up: ZFollowUpSchedule,
  record_follow_up: ZFollowUpRecord,
  refer: ZReferralInput,
  close: ZCloseInput,
} satisfies Record<DialogAction, z.ZodType>;

function initialValues(action: DialogAction, d: TDisputeDetail): Record<string, unknown> {
  switch (action) {
    case 'edit':
      return { title: d.title, source: d.source, type: d.type, summary: d.summary, villageId: d.villageId ?? undefined, amount: d.amount, peopleCount: d.peopleCount, riskLevel: d.riskLevel, receivedOn: d.receivedOn };
    case 'assign':
      return { assignments: d.mediators.map((m) => ({ mediatorId: m.mediatorId, role: m.role })) };
    case 'add_session':
      return { heldOn: today() };
    case 'record_agreement':
      return { form: 'written', effectiveOn: today() };
    case 'judicial_confirmation':
      return d.judicialConfirmation
        ? { appliedOn: d.judicialConfirmation.appliedOn, court: d.judicialConfirmation.court, result: d.judicialConfirmation.result, decidedOn: d.judicialConfirmation.decidedOn ?? undefined, notes: d.judicialConfirmation.notes ?? undefined }
        : { appliedOn: today(), result: 'pending' };
    case 'schedule_follow_up':
      return {};
    case 'record_follow_up':
      return { doneOn: today(), performance: 'performed', method: FOLLOW_UP_METHODS[0] };
    case 'refer':
      return { referredOn: today(), closeCase: false };
    case 'close':
      return { closedOn: today(), outcome: d.agreement ? 'success' : undefined };
  }
}

/** One action's dialog: the shared zod schema, the form, and where it posts. */
function ActionDialog({ action, dispute: d, onClose }: { action: DialogAction; dispute: TDisputeDetail; onClose: () => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const run = useDisputeAction(d.id);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const sf = useSchemaForm(SCHEMAS[action] as z.ZodType);
  const form = sf.form;
  const mediators = useMediators(action === 'assign' ? d.committeeId : undefined);
  const pendingFollowUp = d.followUps.find((f) => !f.doneOn);
  const agreementForm = Form.useWatch('form', form) as string | undefined;
  const outcome = Form.useWatch('outcome', form) as string | undefined;
  const closeCase = Form.useWatch('closeCase', form) as boolean | undefined;
  const result = Form.useWatch('result', form) as string | undefined;

  const extra = action === 'edit' || action === 'close' || action === 'assign' ? { version: d.version } : undefined;
  const onOk = () =>
    sf.submit(async (body) => {
      if (action === 'record_follow_up') {
        if (!pendingFollowUp) return;
        await run.mutateAsync({ path: recordFollowUpPath(pendingFollowUp.id), method: 'PATCH', body });
      } else {
        const p = PATHS[action];
        const created = await run.mutateAsync({ path: p.path, method: p.method, body });
        // Attachments go up once the session exists (each one hashed and audited by the server).
        if (action === 'add_session' && files.length) {
          for (const f of files) {
            if (f.originFileObj) await api.upload(null, created?.id ? sessionAttachmentsUrl(d.id, created.id) : attachmentsUrl(d.id), f.originFileObj);
          }
        }
      }
      message.success(t('common.saved'));
      onClose();
    }, extra);

  let body: ReactNode = null;
  switch (action) {
    case 'edit':
      body = (
        <>
          <Form.Item name="title" label={t('dispute.name')}>
            <Input maxLength={100} />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={12}>
              <Form.Item name="type" label={t('dispute.type')}>
                <Select options={DISPUTE_TYPES.map((v) => ({ value: v, label: label(DISPUTE_TYPE_LABELS[v]) }))} />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item name="source" label={t('dispute.source')}>
                <Select options={DISPUTE_SOURCES.map((v) => ({ value: v, label: label(DISPUTE_SOURCE_LABELS[v]) }))} />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item name="receivedOn" label={t('dispute.receivedOn')}>
                <DateInput />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item name="villageId" label={t('dispute.village')}>
                <OrgSelect kinds={['village']} allowClear />
              </Form.Item>
            </Col>
            <Col xs={24} sm={10}>
              <Form.Item name="riskLevel" label={t('dispute.risk')}>
                <Radio.Group optionType="button" options={RISK_LEVELS.map((v) => ({ value: v, label: label(RISK_LEVEL_LABELS[v]) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={7}>
              <Form.Item name="peopleCount" label={t('dispute.peopleCount')}>
                <InputNumber min={1} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={7}>
              <Form.Item name="amount" label={t('dispute.amount')}>
                <InputNumber min={0} precision={2} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="summary" label={t('dispute.summary')}>
            <Input.TextArea rows={4} maxLength={4000} />
          </Form.Item>
        </>
      );
      break;
    case 'assign':
      body = (
        <Form.Item name="assignments" label={t('dispute.mediators')} extra={t('dispute.mediatorsHelp')}>
          <MediatorPicker mediators={mediators.data?.items ?? []} loading={mediators.isLoading} testid="assign-mediators" />
        </Form.Item>
      );
      break;
    case 'add_session':
      body = (
        <>
          <Row gutter={12}>
            <Col xs={12}>
              <Form.Item name="heldOn" label={t('dispute.session.heldOn')} required>
                <DateInput data-testid="session-date" />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item name="place" label={t('dispute.session.place')}>
                <Input maxLength={100} data-testid="session-place" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="notes" label={t('dispute.session.notes')} required>
            <Input.TextArea rows={5} maxLength={4000} showCount data-testid="session-notes" />
          </Form.Item>
          <Form.Item label={t('dispute.session.attachments')} extra={t('dispute.session.attachmentsHelp')}>
            <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)} accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx">
              <Button icon={<UploadOutlined />} data-testid="session-upload">
                {t('dispute.session.choose')}
              </Button>
            </Upload>
          </Form.Item>
        </>
      );
      break;
    case 'record_agreement':
      body = (
        <>
          <Form.Item name="form" label={t('dispute.agreement.form')}>
            <Radio.Group optionType="button" options={AGREEMENT_FORMS.map((f) => ({ value: f, label: label(AGREEMENT_FORM_LABELS[f]) }))} data-testid="agreement-form" />
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {agreementForm === 'oral' ? t('dispute.agreement.oralHelp') : t('dispute.agreement.writtenHelp')}
          </Typography.Paragraph>
          <Form.Item name="facts" label={t('dispute.agreement.facts')} required={agreementForm !== 'oral'}>
            <Input.TextArea rows={3} maxLength={4000} data-testid="agreement-facts" />
          </Form.Item>
          <Form.Item name="issues" label={t('dispute.agreement.issues')} required={agreementForm !== 'oral'}>
            <Input.TextArea rows={2} maxLength={4000} data-testid="agreement-issues" />
          </Form.Item>
          <Form.Item name="responsibilities" label={t('dispute.agreement.responsibilities')} required={agreementForm !== 'oral'}>
            <Input.TextArea rows={2} maxLength={4000} data-testid="agreement-responsibilities" />
          </Form.Item>
          <Form.Item name="terms" label={t('dispute.agreement.terms')} required>
            <Input.TextArea rows={3} maxLength={4000} data-testid="agreement-terms" />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="performanceMethod" label={t('dispute.agreement.method')} required={agreementForm !== 'oral'}>
                <Input maxLength={1000} data-testid="agreement-method" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="performanceDeadline" label={t('dispute.agreement.deadline')} required={agreementForm !== 'oral'}>
                <DateInput data-testid="agreement-deadline" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="effectiveOn" label={t('dispute.agreement.effectiveOn')} required>
                <DateInput data-testid="agreement-effective" />
              </Form.Item>
            </Col>
          </Row>
        </>
      );
      break;
    case 'judicial_confirmation':
      body = (
        <>
          <Alert
            type={d.agreement?.confirmationState === 'overdue' ? 'warning' : 'info'}
            showIcon
            style={{ marginBottom: 12 }}
            title={t('dispute.confirmation.help')}
            description={d.agreement ? t('dispute.confirmation.deadline', { date: d.agreement.confirmationDeadline }) : undefined}
          />
          <Row gutter={12}>
            <Col xs={12}>
              <Form.Item name="appliedOn" label={t('dispute.confirmation.appliedOn')} required>
                <DateInput data-testid="confirmation-applied" />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item name="result" label={t('dispute.confirmation.result')}>
                <Select options={CONFIRMATION_RESULTS.map((r) => ({ value: r, label: label(CONFIRMATION_RESULT_LABELS[r]) }))} data-testid="confirmation-result" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="court" label={t('dispute.confirmation.court')} required>
            <Input maxLength={100} data-testid="confirmation-court" />
          </Form.Item>
          <Form.Item name="decidedOn" label={t('dispute.confirmation.decidedOn')} required={result !== undefined && result !== 'pending'}>
            <DateInput data-testid="confirmation-decided" />
          </Form.Item>
          <Form.Item name="notes" label={t('common.notes')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </>
      );
      break;
    case 'schedule_follow_up':
      body = (
        <>
          <Form.Item name="dueOn" label={t('dispute.followUp.dueOn')} extra={t('dispute.followUp.dueHelp')}>
            <DateInput data-testid="followup-due" />
          </Form.Item>
          <Form.Item name="notes" label={t('common.notes')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('dispute.followUp.help')}
          </Typography.Text>
        </>
      );
      break;
    case 'record_follow_up':
      body = (
        <>
          {pendingFollowUp && <Alert type="info" style={{ marginBottom: 12 }} title={t('dispute.followUp.recording', { date: pendingFollowUp.dueOn })} />}
          <Row gutter={12}>
            <Col xs={12}>
              <Form.Item name="doneOn" label={t('dispute.followUp.doneOn')} required>
                <DateInput data-testid="followup-done" />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item name="method" label={t('dispute.followUp.method')} required>
                <Select options={FOLLOW_UP_METHODS.map((v) => ({ value: v, label: v }))} data-testid="followup-method" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="performance" label={t('dispute.followUp.performance')} required>
            <Radio.Group optionType="button" options={PERFORMANCES.map((p) => ({ value: p, label: label(PERFORMANCE_LABELS[p]) }))} data-testid="followup-performance" />
          </Form.Item>
          <Form.Item name="notes" label={t('common.notes')}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="followup-notes" />
          </Form.Item>
        </>
      );
      break;
    case 'refer':
      body = (
        <>
          <Row gutter={12}>
            <Col xs={12}>
              <Form.Item name="target" label={t('dispute.referral.target')} required>
                <Select options={REFERRAL_TARGETS.map((v) => ({ value: v, label: label(REFERRAL_TARGET_LABELS[v]) }))} data-testid="referral-target" />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item name="referredOn" label={t('dispute.referral.on')} required>
                <DateInput data-testid="referral-date" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="receiver" label={t('dispute.referral.receiver')} required>
            <Input maxLength={100} data-testid="referral-receiver" />
          </Form.Item>
          <Form.Item name="notes" label={t('common.notes')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Form.Item name="closeCase" valuePropName="checked">
            <Checkbox data-testid="referral-close">{t('dispute.referral.close')}</Checkbox>
          </Form.Item>
          {closeCase && (
            <Form.Item name="reason" label={t('dispute.outcomeReason')} required>
              <Input.TextArea rows={2} maxLength={1000} data-testid="referral-reason" />
            </Form.Item>
          )}
        </>
      );
      break;
    case 'close':
      body = (
        <>
          <Row gutter={12}>
            <Col xs={24} sm={14}>
              <Form.Item name="outcome" label={t('dispute.outcome')} required>
                <Radio.Group optionType="button" options={OUTCOMES.map((o) => ({ value: o, label: label(OUTCOME_LABELS[o]) }))} data-testid="close-outcome" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={10}>
              <Form.Item name="closedOn" label={t('dispute.closedOn')} required>
                <DateInput data-testid="close-date" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="reason" label={t('dispute.outcomeReason')} required={outcome !== undefined && outcome !== 'success'} extra={t('dispute.reasonHelp')}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="close-reason" />
          </Form.Item>
        </>
      );
      break;
  }

  return (
    <Modal
      open
      title={`${label(DISPUTE_ACTION_LABELS[action])} · ${d.caseNo}`}
      onCancel={onClose}
      onOk={onOk}
      okButtonProps={{ loading: sf.submitting, ...tid('action-submit') }}
      width={action === 'record_agreement' || action === 'edit' ? 720 : 560}
      destroyOnHidden
    >
      <FormErrors sf={sf} />
      <Form form={form} layout="vertical" onFinish={onOk} initialValues={initialValues(action, d)} data-testid={`action-form-${action}`}>
        {body}
      </Form>
    </Modal>
  );
}

const partiesPath = '/parties';
const partyPath = (partyId: string) => `/parties/${partyId}`;

/**
 * Adds a party, or corrects one (`party` given). The ID card, phone and address are only ever shown
 * masked, so they start blank: left blank, the server keeps the value on record.
 */
function PartyDialog({ dispute: d, party, onClose }: { dispute: TDisputeDetail; party: Party | null; onClose: () => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const run = useDisputeAction(d.id);
  const sf = useSchemaForm(ZPartyWrite);
  const kind = (Form.useWatch('kind', sf.form) as string | undefined) ?? party?.kind ?? 'person';
  const initial: Record<string, unknown> = !party
    ? { kind: 'person', role: 'other' }
    : party.kind === 'person'
      ? { kind: 'person', role: party.role, person: { name: party.person?.name ?? party.name, gender: party.person?.gender ?? undefined } }
      : { kind: 'organisation', role: party.role, name: party.organisationName ?? party.name, creditCode: party.organisationCode ?? undefined };
  const onOk = () =>
    sf.submit(async (body) => {
      await run.mutateAsync(party ? { path: partyPath(party.id), method: 'PUT', body } : { path: partiesPath, method: 'POST', body });
      message.success(t('common.saved'));
      onClose();
    }, { version: d.version });

  return (
    <Modal
      open
      title={`${t(party ? 'dispute.party.edit' : 'dispute.party.add')} · ${d.caseNo}`}
      onCancel={onClose}
      onOk={onOk}
      okButtonProps={{ loading: sf.submitting, ...tid('party-submit') }}
      width={640}
      destroyOnHidden
    >
      <FormErrors sf={sf} />
      <Form form={sf.form} layout="vertical" onFinish={onOk} initialValues={initial} data-testid="party-form">
        <Row gutter={12}>
          <Col xs={12} sm={8}>
            <Form.Item name="role" label={t('dispute.partyRole')}>
              <Select options={PARTY_ROLES.map((v) => ({ value: v, label: label(PARTY_ROLE_LABELS[v]) }))} data-testid="party-form-role" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={16}>
            <Form.Item name="kind" label={t('dispute.partyKind')}>
              {/* A correction keeps the kind: a person never becomes an organisation. */}
              <Radio.Group optionType="button" disabled={!!party} options={PARTY_KINDS.map((k) => ({ value: k, label: label(PARTY_KIND_LABELS[k]) }))} data-testid="party-form-kind" />
            </Form.Item>
          </Col>
        </Row>
        {kind === 'organisation' ? (
          <Row gutter={12}>
            <Col xs={24} sm={14}>
              <Form.Item name="name" label={t('dispute.orgName')} required>
                <Input maxLength={100} data-testid="party-form-org-name" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={10}>
              <Form.Item name="creditCode" label={t('dispute.orgCode')}>
                <Input maxLength={30} data-testid="party-form-org-code" />
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <>
            {party?.person && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 12 }}
                title={t('dispute.party.keepHelp')}
                description={t('dispute.party.current', { v: `${t('person.idCard')} ${party.person.idCardMasked || '—'} · ${t('person.phone')} ${party.person.phoneMasked || '—'}` })}
              />
            )}
            <PersonFields prefix={['person']} testid="party-form" />
          </>
        )}
      </Form>
    </Modal>
  );
}

function fmtMoney(yuan: number) {
  return yuan ? yuan.toLocaleString('zh-CN', { minimumFractionDigits: 2 }) : '—';
}

export default function DisputeDetailPage() {
  const { id } = useParams();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const _navigate = useNavigate();
  const { data: d, isLoading, error } = useDispute(id);
  const run = useDisputeAction(id ?? '');
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<DialogAction | null>(null);
  // undefined: closed; null: adding a party; a party: correcting it.
  const [partyDialog, setPartyDialog] = useState<Party | null | undefined>(undefined);
  const [busy, setBusy] = useState<string | null>(null);

  if (isLoading) return <Loading />;
  if (error) return <LoadFailed error={error} back="/mediation/disputes" testid="dispute" />;
  if (!d) return null;
  const can = (a: DisputeAction) => d.actions.includes(a);

  const download = async (url: string, name: string, key: string) => {
    setBusy(key);
    try {
      await api.download(url, undefined, name);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const uploadOne = async (file: File) => {
    setBusy('upload');
    try {
      await api.upload(null, attachmentsUrl(d.id), file);
      await qc.invalidateQueries({ queryKey: ['mediation', 'dispute', d.id] });
      message.success(t('common.saved'));
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
    return false;
  };

  return (
    <div data-testid="dispute-detail">
      <div className="fz-page-title">
        <Space wrap align="center">
          <Link to="/mediation/disputes" aria-label={t('common.back')}>
            <ArrowLeftOutlined />
          </Link>
          <h2 data-testid="dispute-caseno">{d.caseNo}</h2>
          <DisputeStatusTag status={d.status} />
          {d.outcome && <OutcomeTag outcome={d.outcome} />}
          <RiskTag risk={d.riskLevel} />
        </Space>
      </div>
      <Typography.Title level={4} style={{ marginTop: 0 }} data-testid="dispute-title">
        {d.title}
      </Typography.Title>

      <Card size="small" style={{ marginBottom: 12 }} data-testid="dispute-actions">
        <Space wrap>
          {DIALOG_ACTIONS.filter((a) => can(a) && (a !== 'record_follow_up' || d.followUps.some((f) => !f.doneOn))).map((a) => (
            <Button key={a} type={a === 'add_session' ? 'primary' : 'default'} danger={a === 'close'} onClick={() => setDialog(a)} data-testid={`action-${a}`}>
              {label(DISPUTE_ACTION_LABELS[a])}
            </Button>
          ))}
          {can('upload_attachment') && (
            <UploadButton onFile={uploadOne} accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx" loading={busy === 'upload'} testid="action-upload_attachment">
              {label(DISPUTE_ACTION_LABELS.upload_attachment)}
            </UploadButton>
          )}
          {can('export_agreement') && (
            <Button icon={<FileWordOutlined />} onClick={() => download(agreementDocxUrl(d.id), `${d.caseNo}调解协议书.docx`, 'docx')} loading={busy === 'docx'} data-testid="action-export_agreement">
              {label(DISPUTE_ACTION_LABELS.export_agreement)}
            </Button>
          )}
          {can('withdraw_agreement') && (
            <Popconfirm
              title={t('dispute.withdrawConfirm')}
              onConfirm={() =>
                run.mutate({ path: PATHS.withdraw_agreement.path, method: PATHS.withdraw_agreement.method }, { onError: (e) => message.error(e.message), onSuccess: () => message.success(t('common.saved')) })
              }
            >
              <Button danger type="text" data-testid="action-withdraw_agreement">
                {label(DISPUTE_ACTION_LABELS.withdraw_agreement)}
              </Button>
            </Popconfirm>
          )}
          {d.actions.length === 0 && <Typography.Text type="secondary">{t('dispute.noActions')}</Typography.Text>}
        </Space>
      </Card>

      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('dispute.section.case')} style={{ marginBottom: 12 }}>
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} data-testid="dispute-facts">
              <Descriptions.Item label={t('dispute.committee')}>{d.committeeName}</Descriptions.Item>
              <Descriptions.Item label={t('dispute.village')}>{d.villageName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('dispute.type')}>{label(DISPUTE_TYPE_LABELS[d.type], d.type)}</Descriptions.Item>
              <Descriptions.Item label={t('dispute.source')}>{label(DISPUTE_SOURCE_LABELS[d.source], d.source)}</Descriptions.Item>
              <Descriptions.Item label={t('dispute.receivedOn')}>{d.receivedOn}</Descriptions.Item>
              <Descriptions.Item label={t('dispute.closedOn')}>{d.closedOn ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('dispute.peopleCount')}>{d.peopleCount}</Descriptions.Item>
              <Descriptions.Item label={t('dispute.amount')}>{fmtMoney(d.amount)}</Descriptions.Item>
              {d.outcomeReason && (
                <Descriptions.Item label={t('dispute.outcomeReason')} span={2}>
                  {d.outcomeReason}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('dispute.summary')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{d.summary}</Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
          </Card>

          <Card
            size="small"
            title={t('dispute.section.parties')}
            style={{ marginBottom: 12 }}
            extra={
              can('edit_parties') && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setPartyDialog(null)} data-testid="party-add-new">
                  {t('dispute.party.add')}
                </Button>
              )
            }
          >
            <Table<Party>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.parties}
              scroll={{ x: 'max-content' }}
              data-testid="dispute-parties"
              columns={[
                { title: t('dispute.partyRole'), dataIndex: 'role', render: (r: Party['role']) => label(PARTY_ROLE_LABELS[r], r) },
                { title: t('person.name'), dataIndex: 'name' },
                { title: t('person.idCard'), key: 'id', render: (_: unknown, p) => <span className="fz-mono">{p.person?.idCardMasked || p.organisationCode || '—'}</span> },
                { title: t('person.phone'), key: 'phone', render: (_: unknown, p) => <span className="fz-mono">{p.person?.phoneMasked || '—'}</span> },
                {
                  title: '',
                  key: 'unmask',
                  render: (_: unknown, p) => (
                    <Space size={4}>
                      {p.person && <UnmaskButton personId={p.person.id} name={p.person.name} testid={`unmask-${p.id}`} />}
                      {can('edit_parties') && (
                        <Button type="text" size="small" icon={<EditOutlined />} onClick={() => setPartyDialog(p)} aria-label={t('dispute.party.edit')} data-testid={`party-edit-${p.id}`} />
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>

          <Card size="small" title={t('dispute.section.mediators')} style={{ marginBottom: 12 }}>
            <Space wrap data-testid="dispute-mediators">
              {d.mediators.map((m) => (
                <Tag key={m.id} color={m.role === 'lead' ? 'red' : undefined}>
                  {m.name}（{label(ASSIGNMENT_ROLE_LABELS[m.role])}）
                </Tag>
              ))}
              {d.mediators.length === 0 && <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}
            </Space>
          </Card>

          {d.agreement && (
            <Card size="small" title={`${t('dispute.agreement.title')} · ${label(AGREEMENT_FORM_LABELS[d.agreement.form])}`} style={{ marginBottom: 12 }} data-testid="dispute-agreement">
              <Descriptions size="small" column={1}>
                {d.agreement.facts && <Descriptions.Item label={t('dispute.agreement.facts')}>{d.agreement.facts}</Descriptions.Item>}
                {d.agreement.issues && <Descriptions.Item label={t('dispute.agreement.issues')}>{d.agreement.issues}</Descriptions.Item>}
                {d.agreement.responsibilities && <Descriptions.Item label={t('dispute.agreement.responsibilities')}>{d.agreement.responsibilities}</Descriptions.Item>}
                <Descriptions.Item label={t('dispute.agreement.terms')}>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{d.agreement.terms}</span>
                </Descriptions.Item>
                {d.agreement.performanceMethod && <Descriptions.Item label={t('dispute.agreement.method')}>{d.agreement.performanceMethod}</Descriptions.Item>}
                {d.agreement.performanceDeadline && <Descriptions.Item label={t('dispute.agreement.deadline')}>{d.agreement.performanceDeadline}</Descriptions.Item>}
                <Descriptions.Item label={t('dispute.agreement.effectiveOn')}>{d.agreement.effectiveOn}</Descriptions.Item>
                <Descriptions.Item label={t('dispute.confirmation.deadlineLabel')}>
                  <Space>
                    {d.agreement.confirmationDeadline}
                    <DueTag state={d.agreement.confirmationState} />
                  </Space>
                </Descriptions.Item>
                {d.judicialConfirmation && (
                  <Descriptions.Item label={t('dispute.action.confirmation')}>
                    <Space wrap>
                      {d.judicialConfirmation.court} · {d.judicialConfirmation.appliedOn}
                      <Tag color={d.judicialConfirmation.result === 'confirmed' ? 'green' : d.judicialConfirmation.result === 'rejected' ? 'red' : 'blue'}>
                        {label(CONFIRMATION_RESULT_LABELS[d.judicialConfirmation.result])}
                      </Tag>
                      {d.judicialConfirmation.late && <Tag color="orange">{t('dispute.confirmation.late')}</Tag>}
                    </Space>
                  </Descriptions.Item>
                )}
              </Descriptions>
            </Card>
          )}

          {d.followUps.length > 0 && (
            <Card size="small" title={t('dispute.followUps')} style={{ marginBottom: 12 }}>
              <Table<FollowUp>
                size="small"
                rowKey="id"
                pagination={false}
                dataSource={d.followUps}
                scroll={{ x: 'max-content' }}
                data-testid="dispute-followups"
                columns={[
                  { title: t('dispute.followUp.dueOn'), dataIndex: 'dueOn' },
                  { title: t('common.status'), dataIndex: 'state', render: (s: FollowUp['state']) => <DueTag state={s} /> },
                  { title: t('dispute.followUp.doneOn'), dataIndex: 'doneOn', render: (v: string | null) => v ?? '—' },
                  { title: t('dispute.followUp.method'), dataIndex: 'method', render: (v: string | null) => v ?? '—' },
                  { title: t('dispute.followUp.performance'), dataIndex: 'performance', render: (v: FollowUp['performance']) => (v ? label(PERFORMANCE_LABELS[v]) : '—') },
                ]}
              />
            </Card>
          )}
        </Col>

        <Col xs={24} lg={10}>
          <Card size="small" title={t('dispute.timeline')} data-testid="dispute-timeline">
            {d.timeline.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Timeline
                items={d.timeline.map((e, i) => ({
                  key: `${e.at}-${i}`,
                  color: TIMELINE_COLOR[e.kind] ?? 'gray',
                  content: (
                    <div data-testid={`timeline-${e.kind}`}>
                      {/* AntD 6 puts an item's `title` on the other side of the line; one column reads better on a phone. */}
                      <div>
                        <Typography.Text strong>{e.title}</Typography.Text>
                      </div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {e.date}
                        {e.actor ? ` · ${e.actor}` : ''}
                      </Typography.Text>
                      {e.detail && <div style={{ whiteSpace: 'pre-wrap' }}>{e.detail}</div>}
                      {e.files?.map((f) => (
                        <div key={f.id}>
                          <Button type="link" size="small" icon={<PaperClipOutlined />} style={{ padding: 0 }} onClick={() => download(fileUrl(f.id), f.name, f.id)} loading={busy === f.id}>
                            {f.name}
                          </Button>
                        </div>
                      ))}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>
      {dialog && <ActionDialog action={dialog} dispute={d} onClose={() => setDialog(null)} />}
      {partyDialog !== undefined && <PartyDialog dispute={d} party={partyDialog} onClose={() => setPartyDialog(undefined)} />}
    </div>
  );
}
