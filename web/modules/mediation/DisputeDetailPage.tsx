import { ArrowLeftOutlined, FileWordOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, Modal, Radio, Result, Row, Select, Space, Table, Tag, Timeline, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { z } from 'zod';
import { ApiError, api } from '../../api.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { Loading, tid } from '../../components/Loading.tsx';
import { UnmaskButton } from '../../components/UnmaskButton.tsx';
import { DateInput, useSchemaForm } from '../../forms.tsx';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';
import { useDispute, useDisputeAction } from './hooks.ts';
import { DisputeStatusTag, OutcomeTag, RiskTag } from './labels.tsx';
import {
  DISPUTE_SOURCE_LABELS,
  DISPUTE_TYPE_LABELS,
  OUTCOME_LABELS,
  OUTCOMES,
  PARTY_ROLE_LABELS,
  PERFORMANCE_LABELS,
  PERFORMANCES,
  REFERRAL_TARGET_LABELS,
  REFERRAL_TARGETS,
  type TDisputeDetail,
  ZAgreementInput,
  ZCloseInput,
  ZConfirmationInput,
  ZFollowUpRecord,
  ZFollowUpSchedule,
  ZReferralInput,
  ZSessionInput,
} from './provisional.ts';

type Action = TDisputeDetail['actions'][number];
type Party = TDisputeDetail['parties'][number];

const ACTION_LABEL: Record<Action, MessageKey> = {
  edit: 'common.edit',
  assign: 'dispute.action.assign',
  add_session: 'dispute.action.addSession',
  record_agreement: 'dispute.action.recordAgreement',
  judicial_confirmation: 'dispute.action.confirmation',
  schedule_follow_up: 'dispute.action.scheduleFollowUp',
  record_follow_up: 'dispute.action.recordFollowUp',
  refer: 'dispute.action.refer',
  close: 'dispute.action.close',
};
/** The dialogs this page offers; "edit" and "assign" are not here yet. */
const DIALOG_ACTIONS: Action[] = ['add_session', 'record_agreement', 'judicial_confirmation', 'schedule_follow_up', 'record_follow_up', 'refer', 'close'];

const TIMELINE_COLOR: Record<string, string> = { received: 'blue', session: 'gray', agreement: 'green', confirmation: 'green', follow_up: 'orange', referral: 'purple', closed: 'red' };

const today = () => dayjs().format('YYYY-MM-DD');

/** One action's dialog: its schema, its form and where it posts. */
function ActionDialog({ action, dispute, onClose }: { action: Action; dispute: TDisputeDetail; onClose: () => void }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const run = useDisputeAction(dispute.id);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const schema =
    action === 'add_session'
      ? ZSessionInput
      : action === 'record_agreement'
        ? ZAgreementInput
        : action === 'judicial_confirmation'
          ? ZConfirmationInput
          : action === 'schedule_follow_up'
            ? ZFollowUpSchedule
            : action === 'record_follow_up'
              ? ZFollowUpRecord
              : action === 'refer'
                ? ZReferralInput
                : ZCloseInput;
  const sf = useSchemaForm(schema as z.ZodType);
  const [form] = [sf.form];

  const initial: Record<Action, Record<string, unknown>> = {
    add_session: { heldOn: today() },
    record_agreement: { form: 'written', effectiveOn: today() },
    judicial_confirmation: { appliedOn: today(), result: 'pending' },
    schedule_follow_up: { dueOn: dayjs().add(30, 'day').format('YYYY-MM-DD') },
    record_follow_up: { doneOn: today(), performance: 'performed' },
    refer: { referredOn: today() },
    close: { closedOn: today(), outcome: dispute.agreement ? 'success' : undefined },
    edit: {},
    assign: {},
  };

  const path: Record<Action, string> = {
    add_session: '/sessions',
    record_agreement: '/agreement',
    judicial_confirmation: '/confirmation',
    schedule_follow_up: '/follow-ups',
    record_follow_up: '/follow-ups/record',
    refer: '/referrals',
    close: '/close',
    edit: '',
    assign: '/assignments',
  };

  const onOk = () =>
    sf.submit(async (body) => {
      const created = (await run.mutateAsync({ path: path[action], body })) as { id?: string } | undefined;
      // Attachments go up after the session exists (each one audited and hashed by the server).
      if (action === 'add_session' && files.length && created?.id) {
        for (const f of files) {
          if (f.originFileObj) await api.upload(null, `/api/v1/mediation/disputes/${dispute.id}/sessions/${created.id}/attachments`, f.originFileObj);
        }
      }
      message.success(t('common.saved'));
      onClose();
    });

  const agreementForm = Form.useWatch('form', form) as string | undefined;
  const outcome = Form.useWatch('outcome', form) as string | undefined;

  let body: ReactNode = null;
  switch (action) {
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
            <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)} accept=".pdf,.jpg,.jpeg,.png,.docx,.doc,.xlsx">
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
            <Radio.Group
              optionType="button"
              options={[
                { value: 'written', label: t('dispute.agreement.written') },
                { value: 'oral', label: t('dispute.agreement.oral') },
              ]}
              data-testid="agreement-form"
            />
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
              <Form.Item name="performanceMethod" label={t('dispute.agreement.method')}>
                <Input maxLength={1000} data-testid="agreement-method" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="performanceDeadline" label={t('dispute.agreement.deadline')}>
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
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('dispute.confirmation.help')} />
          <Row gutter={12}>
            <Col xs={12}>
              <Form.Item name="appliedOn" label={t('dispute.confirmation.appliedOn')} required>
                <DateInput data-testid="confirmation-applied" />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item name="result" label={t('dispute.confirmation.result')}>
                <Select
                  options={[
                    { value: 'pending', label: t('dispute.confirmation.pending') },
                    { value: 'confirmed', label: t('dispute.confirmation.confirmed') },
                    { value: 'rejected', label: t('dispute.confirmation.rejected') },
                  ]}
                  data-testid="confirmation-result"
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="court" label={t('dispute.confirmation.court')} required>
            <Input maxLength={100} data-testid="confirmation-court" />
          </Form.Item>
          <Form.Item name="decidedOn" label={t('dispute.confirmation.decidedOn')}>
            <DateInput />
          </Form.Item>
          <Form.Item name="notes" label={t('common.notes')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </>
      );
      break;
    case 'schedule_follow_up':
      body = (
        <Form.Item name="dueOn" label={t('dispute.followUp.dueOn')} required extra={t('dispute.followUp.help')}>
          <DateInput data-testid="followup-due" />
        </Form.Item>
      );
      break;
    case 'record_follow_up':
      body = (
        <>
          <Row gutter={12}>
            <Col xs={12}>
              <Form.Item name="doneOn" label={t('dispute.followUp.doneOn')} required>
                <DateInput data-testid="followup-done" />
              </Form.Item>
            </Col>
            <Col xs={12}>
              <Form.Item name="method" label={t('dispute.followUp.method')}>
                <Select
                  allowClear
                  options={['上门回访', '电话回访', '当事人来访'].map((v) => ({ value: v, label: v }))}
                  data-testid="followup-method"
                />
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
          <Form.Item name="outcomeReason" label={t('dispute.outcomeReason')} required={outcome !== undefined && outcome !== 'success'}>
            <Input.TextArea rows={3} maxLength={1000} data-testid="close-reason" />
          </Form.Item>
        </>
      );
      break;
    default:
      body = null;
  }

  return (
    <Modal
      open
      title={`${t(ACTION_LABEL[action])} · ${dispute.caseNo}`}
      onCancel={onClose}
      onOk={onOk}
      okButtonProps={{ loading: sf.submitting, ...tid('action-submit') }}
      width={action === 'record_agreement' ? 720 : 560}
      destroyOnHidden
      afterOpenChange={(open) => open && form.setFieldsValue(initial[action])}
    >
      <FormErrors sf={sf} />
      <Form form={form} layout="vertical" onFinish={onOk} initialValues={initial[action]} data-testid={`action-form-${action}`}>
        {body}
      </Form>
    </Modal>
  );
}

export default function DisputeDetailPage() {
  const { id } = useParams();
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data: d, isLoading, error } = useDispute(id);
  const [dialog, setDialog] = useState<Action | null>(null);
  const [downloading, setDownloading] = useState(false);

  if (isLoading) return <Loading />;
  if (error) {
    const status = error instanceof ApiError ? error.status : 0;
    return (
      <Result
        status={status === 404 ? '404' : status === 403 ? '403' : 'error'}
        title={error.message}
        extra={
          <Button onClick={() => navigate('/mediation/disputes')} data-testid="dispute-back">
            {t('common.back')}
          </Button>
        }
        data-testid="dispute-error"
      />
    );
  }
  if (!d) return null;

  const downloadDocx = async () => {
    setDownloading(true);
    try {
      await api.download(`/api/v1/mediation/disputes/${d.id}/agreement.docx`, undefined, `${d.caseNo}-调解协议书.docx`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setDownloading(false);
    }
  };

  const partyName = (p: Party) => (p.kind === 'organisation' ? p.organisationName : p.person?.name) ?? '';

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
          {DIALOG_ACTIONS.filter((a) => d.actions.includes(a)).map((a) => (
            <Button key={a} type={a === 'add_session' ? 'primary' : 'default'} danger={a === 'close'} onClick={() => setDialog(a)} data-testid={`action-${a}`}>
              {t(ACTION_LABEL[a])}
            </Button>
          ))}
          {d.agreement?.form === 'written' && (
            <Button icon={<FileWordOutlined />} onClick={downloadDocx} loading={downloading} data-testid="action-download-agreement">
              {t('dispute.action.downloadAgreement')}
            </Button>
          )}
          {d.actions.length === 0 && !d.agreement && <Typography.Text type="secondary">{t('dispute.noActions')}</Typography.Text>}
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
              <Descriptions.Item label={t('dispute.amount')}>{d.amountFen ? (d.amountFen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }) : '—'}</Descriptions.Item>
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
          <Card size="small" title={t('dispute.section.parties')} style={{ marginBottom: 12 }}>
            <Table<Party>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={d.parties}
              scroll={{ x: 'max-content' }}
              data-testid="dispute-parties"
              columns={[
                { title: t('dispute.partyRole'), dataIndex: 'role', render: (r: Party['role']) => label(PARTY_ROLE_LABELS[r], r) },
                { title: t('person.name'), key: 'name', render: (_: unknown, p) => partyName(p) },
                { title: t('person.idCard'), key: 'id', render: (_: unknown, p) => <span className="fz-mono">{p.person?.idCardMasked || '—'}</span> },
                { title: t('person.phone'), key: 'phone', render: (_: unknown, p) => <span className="fz-mono">{p.person?.phoneMasked || '—'}</span> },
                { title: '', key: 'unmask', render: (_: unknown, p) => p.person && <UnmaskButton personId={p.person.id} name={p.person.name} testid={`unmask-${p.id}`} /> },
              ]}
            />
          </Card>
          <Card size="small" title={t('dispute.section.mediators')} style={{ marginBottom: 12 }}>
            <Space wrap>
              {d.mediators.map((m) => (
                <Tag key={m.id} color={m.role === 'lead' ? 'red' : undefined}>
                  {m.name}
                  {m.role === 'lead' ? `（${t('dispute.lead')}）` : ''}
                </Tag>
              ))}
              {d.mediators.length === 0 && <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}
            </Space>
          </Card>
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
                  title: (
                    <Space size={6} wrap>
                      <Typography.Text strong>{e.title}</Typography.Text>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {e.at.length > 10 ? new Date(e.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) : e.at}
                      </Typography.Text>
                    </Space>
                  ),
                  content: (
                    <div data-testid={`timeline-${e.kind}`}>
                      {e.detail && <div style={{ whiteSpace: 'pre-wrap' }}>{e.detail}</div>}
                      {e.files?.map((f) => (
                        <div key={f.id}>
                          <Button
                            type="link"
                            size="small"
                            icon={<PaperClipOutlined />}
                            style={{ padding: 0 }}
                            onClick={() => api.download(`/api/v1/files/${f.id}`, undefined, f.name).catch((err: Error) => message.error(err.message))}
                          >
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
    </div>
  );
}
