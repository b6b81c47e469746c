import { App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ZSessionCreate, ZSessionUpdate } from '../../../common/schemas/study.ts';
import { COMMON_LAWS, ROTATING_KINDS, SESSION_KIND_LABELS, SESSION_KINDS, type SessionKind } from '../../../common/study-enums.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { Loading } from '../../components/ui.tsx';
import { DateInput, useSchemaForm, withEmptied, FormActions, formValuesOf } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCreateSession, useHostSuggestion, usePlans, useSession, useStaff, useStudyOrg, useUpdateSession } from './hooks.ts';

/**
 * On edit, a field the user emptied must reach the server as emptied: cleanValues drops '' and null
 * (and would drop a null passed as `extra` too), so the editable optional fields are put back here —
 * texts as '' (the server stores NULL), pickers as null, laws as [], the headcount as 0.
 */
const EDIT_TEXTS = ['speaker', 'place', 'notes'] as const;
const EDIT_NULLABLE = ['hostStaffId', 'planItemId'] as const;
function clearedOnEdit(v: Record<string, unknown>): Record<string, unknown> {
  // An emptied headcount means nobody outside the roster (what create stores when it is left out).
  return withEmptied(v, { texts: EDIT_TEXTS, nulls: EDIT_NULLABLE, lists: ['laws'], zeros: ['headcount'] });
}

/**
 * 登记/修改学法活动. For 中心组学习 and 专题学法 the host rotates among the leadership: the form
 * proposes whoever hosted least recently; the user may pick another leader.
 */
export default function SessionFormPage() {
  const { id } = useParams();
  const existing = useSession(id);
  if (id && !existing.data) return <Loading />;
  return <SessionForm id={id} />;
}

function SessionForm({ id }: { id?: string }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const existing = useSession(id);
  const defaultOrg = useStudyOrg();
  const orgId = existing.data?.orgId ?? defaultOrg;
  const sf = useSchemaForm(id ? ZSessionUpdate : ZSessionCreate, { transform: id ? clearedOnEdit : undefined });
  const create = useCreateSession();
  const update = useUpdateSession(id ?? '');
  const staff = useStaff(orgId);
  const suggestion = useHostSuggestion(orgId);
  const kind = Form.useWatch('kind', sf.form) as SessionKind | undefined;
  const heldOn = Form.useWatch('heldOn', sf.form) as string | undefined;
  const year = Number((heldOn ?? dayjs().format('YYYY')).slice(0, 4));
  const plans = usePlans({ orgId, year });
  const rotating = !!kind && ROTATING_KINDS.includes(kind);
  const suggested = suggestion.data?.suggested ?? null;

  useEffect(() => {
    const d = existing.data;
    if (d) {
      sf.form.setFieldsValue(formValuesOf(d, ['kind', 'heldOn', 'hours', 'topic', 'laws', 'hostStaffId', 'speaker', 'place', 'notes', 'planItemId', 'headcount']));
    } else {
      sf.form.setFieldsValue({ kind: 'center_group', heldOn: dayjs().format('YYYY-MM-DD'), hours: 2, laws: [] });
    }
  }, [existing.data, sf.form]);

  // A new rotating session gets the suggested host, unless the user already chose one.
  useEffect(() => {
    if (!id && rotating && suggested && !sf.form.getFieldValue('hostStaffId')) sf.form.setFieldValue('hostStaffId', suggested.staffId);
  }, [id, rotating, suggested, sf.form]);

  const leaders = (staff.data ?? []).filter((s) => s.category === 'leader');
  const hostOptions = leaders.map((s) => ({ value: s.id, label: `${s.name}（${s.post}）` }));
  const planItems = useMemo(
    () => (plans.data?.items ?? []).flatMap((p) => p.items.map((i) => ({ value: i.id, label: `${p.title} · ${i.title}${i.month ? `（${i.month}）` : ''}` }))),
    [plans.data],
  );

  const onFinish = () =>
    sf.submit(
      async (body) => {
        if (id) {
          await update.mutateAsync(body);
          message.success(t('common.saved'));
          navigate(`/study/sessions/${id}`);
        } else {
          const r = await create.mutateAsync(body as never);
          message.success(t('common.saved'));
          navigate(`/study/sessions/${r.id}`);
        }
      },
      id ? undefined : { orgId },
    );

  return (
    <div>
      <div className="fz-page-title">
        <h2>{id ? t('study.sessionEdit') : t('study.sessionNew')}</h2>
      </div>
      <FormErrors sf={sf} />
      <Form form={sf.form} layout="vertical" onFinish={onFinish} data-testid="study-session-form" scrollToFirstError>
        <Card size="small">
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="kind" label={t('study.kind')} required>
                <Select options={SESSION_KINDS.map((k) => ({ value: k, label: label(SESSION_KIND_LABELS[k]) }))} data-testid="study-kind" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="heldOn" label={t('study.heldOn')} required>
                <DateInput data-testid="study-held-on" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="hours" label={t('study.hoursEach')} required>
                <InputNumber min={0.5} max={24} step={0.5} style={{ width: '100%' }} data-testid="study-hours" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="topic" label={t('study.topic')} required>
                <Input maxLength={200} data-testid="study-topic" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="laws" label={t('study.laws')} extra={t('study.lawsHelp')}>
                <Select mode="tags" options={COMMON_LAWS.map((l) => ({ value: l, label: l }))} tokenSeparators={['，', ',']} data-testid="study-laws" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item
                name="hostStaffId"
                label={t('study.host')}
                extra={
                  rotating && suggested ? (
                    <Space size={4} data-testid="study-host-suggestion">
                      <Typography.Text type="secondary">
                        {t('study.hostSuggested', { name: suggested.name, last: suggested.lastHostedOn ?? t('study.neverHosted') })}
                      </Typography.Text>
                      <Button size="small" type="link" onClick={() => sf.form.setFieldValue('hostStaffId', suggested.staffId)} data-testid="study-host-use-suggestion">
                        {t('study.useSuggestion')}
                      </Button>
                    </Space>
                  ) : undefined
                }
              >
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={hostOptions} loading={staff.isLoading} data-testid="study-host" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="speaker" label={t('study.speaker')}>
                <Input maxLength={100} data-testid="study-speaker" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="place" label={t('study.place')}>
                <Input maxLength={100} data-testid="study-place" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="headcount" label={t('study.headcount')} extra={t('study.headcountHelp')}>
                <InputNumber min={0} max={100000} style={{ width: '100%' }} data-testid="study-headcount" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="planItemId" label={t('study.planItem')}>
                <Select allowClear options={planItems} showSearch={{ optionFilterProp: 'label' }} data-testid="study-plan-item" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="notes" label={t('common.notes')}>
                <Input.TextArea rows={3} maxLength={2000} data-testid="study-notes" />
              </Form.Item>
            </Col>
          </Row>
          <FormActions submitting={sf.submitting} testid="study-session-submit" />
        </Card>
      </Form>
    </div>
  );
}
