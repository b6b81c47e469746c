import { App, Card, Col, Form, Input, InputNumber, Radio, Row, Select, } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { CHANNEL_LABELS, CHANNELS, isOnlineChannel } from '../../../common/publicity-enums.ts';
import { ZEventCreate, ZEventUpdate } from '../../../common/schemas/publicity-events.ts';
import { COMMON_LAWS } from '../../../common/study-enums.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { Loading } from '../../components/ui.tsx';
import { DateInput, useSchemaForm, withEmptied, FormActions, formValuesOf } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLocalName, usePunct } from './names.ts';
import { useCreateEvent, useEvent, useEventOptions, useEventOrg, useUpdateEvent } from './hooks-events.ts';

/**
 * On edit, a field the user emptied must reach the server as emptied (cleanValues drops '' and
 * null): texts go back as '' (stored NULL), pickers as null, lists as [], counts as 0.
 */
const EDIT_TEXTS = ['title', 'place', 'audience', 'notes'] as const;
const EDIT_NULLABLE = ['endsOn', 'villageId', 'organiserId', 'campaignId', 'keyDate', 'contentId'] as const;
function clearedOnEdit(v: Record<string, unknown>, shownTitle: string | undefined): Record<string, unknown> {
  const out = { ...v };
  // The title as it was shown is not sent: an automatic title then follows the other fields.
  if (out.title === shownTitle) delete out.title;
  else if (out.title === undefined) out.title = '';
  return withEmptied(out, { texts: EDIT_TEXTS.filter((k) => k !== 'title'), nulls: EDIT_NULLABLE, lists: ['themes', 'laws', 'channels'], zeros: ['audienceCount', 'materialsCount', 'onlineReach'] });
}

/** 登记/修改普法宣传活动: the full form (the quick phone form is QuickEventPage). */
export default function EventFormPage() {
  const { id } = useParams();
  const existing = useEvent(id);
  if (id && !existing.data) return <Loading />;
  return <EventForm id={id} />;
}

function EventForm({ id }: { id?: string }) {
  const { t, label } = useI18n();
  const punct = usePunct();
  const localName = useLocalName();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const existing = useEvent(id);
  const defaultOrg = useEventOrg();
  const shownTitle = existing.data?.title;
  const transform = useMemo(() => (id ? (v: Record<string, unknown>) => clearedOnEdit(v, shownTitle) : undefined), [id, shownTitle]);
  const sf = useSchemaForm(id ? ZEventUpdate : ZEventCreate, { transform });
  const chosenOrg = Form.useWatch('orgId', sf.form) as string | undefined;
  const orgId = existing.data?.orgId ?? chosenOrg ?? defaultOrg;
  const options = useEventOptions(existing.data?.orgId ?? defaultOrg);
  const create = useCreateEvent();
  const update = useUpdateEvent(id ?? '');
  const o = options.data;

  useEffect(() => {
    const d = existing.data;
    if (d) {
      sf.form.setFieldsValue({ ...formValuesOf(d, ['title', 'status', 'heldOn', 'endsOn', 'villageId', 'place', 'organiserId', 'audience', 'audienceCount', 'materialsCount', 'onlineReach', 'channels', 'laws', 'campaignId', 'keyDate', 'contentId', 'notes']), themes: d.themes.map((x) => x.code) });
    } else {
      sf.form.setFieldsValue({ orgId: defaultOrg, heldOn: dayjs().format('YYYY-MM-DD'), channels: [], themes: [], laws: [], audienceCount: 0, materialsCount: 0 });
    }
  }, [existing.data, sf.form, defaultOrg]);

  const orgOptions = useMemo(() => {
    if (!o) return [];
    const out = [{ value: o.org.id, label: o.org.name }];
    if (o.org.kind !== 'village') for (const d of o.departments) out.push({ value: d.id, label: d.name });
    return out;
  }, [o]);

  const onFinish = () =>
    sf.submit(async (body) => {
      if (id) {
        await update.mutateAsync(body);
        message.success(t('common.saved'));
      } else {
        await create.mutateAsync(body as never);
        message.success(t('common.saved'));
      }
      navigate(-1);
    });

  return (
    <div>
      <div className="fz-page-title">
        <h2>{id ? t('pubEvents.edit') : t('pubEvents.new')}</h2>
      </div>
      <FormErrors sf={sf} />
      <Form form={sf.form} layout="vertical" onFinish={onFinish} data-testid="pub-event-form" scrollToFirstError>
        <Card size="small">
          <Row gutter={12}>
            {!id && (
              <Col xs={24} md={12}>
                <Form.Item name="orgId" label={t('pubEvents.org')} required>
                  <Select options={orgOptions} loading={options.isLoading} data-testid="pub-form-org" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={12}>
              <Form.Item name="status" label={t('common.status')} extra={t('pubEvents.statusHelp')}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'done', label: t('pubEvents.done') },
                    { value: 'planned', label: t('pubEvents.planned') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="title" label={t('pubEvents.eventTitle')}>
                <Input maxLength={200} placeholder={t('pubEvents.titleAuto')} data-testid="pub-form-title" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="heldOn" label={t('common.date')} required>
                <DateInput data-testid="pub-form-held-on" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="endsOn" label={t('pubEvents.endsOn')}>
                <DateInput data-testid="pub-form-ends-on" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="channels" label={t('pubEvents.channels')} required>
                <Select
                  mode="multiple"
                  options={CHANNELS.map((c) => ({ value: c, label: `${isOnlineChannel(c) ? '◎ ' : ''}${label(CHANNEL_LABELS[c])}` }))}
                  data-testid="pub-form-channels"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="villageId" label={t('pubEvents.village')}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(o?.villages ?? []).map((v) => ({ value: v.id, label: v.name }))} data-testid="pub-form-village" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="place" label={t('pubEvents.place')}>
                <Input maxLength={100} data-testid="pub-form-place" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="themes" label={t('pubEvents.themes')}>
                <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={(o?.themes ?? []).map((x) => ({ value: x.code, label: localName(x) }))} data-testid="pub-form-themes" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="laws" label={t('pubEvents.laws')}>
                <Select mode="tags" options={COMMON_LAWS.map((l) => ({ value: l, label: l }))} tokenSeparators={['，', ',']} data-testid="pub-form-laws" />
              </Form.Item>
            </Col>
            {orgId === o?.org.id && o?.org.kind !== 'department' && (
              <Col xs={24} md={12}>
                <Form.Item name="organiserId" label={t('pubEvents.organiser')}>
                  <Select allowClear options={(o?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))} data-testid="pub-form-organiser" />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={12}>
              <Form.Item name="audience" label={t('pubEvents.audience')}>
                <Input maxLength={100} placeholder={t('pubEvents.audienceHint')} data-testid="pub-form-audience" />
              </Form.Item>
            </Col>
            <Col xs={8}>
              <Form.Item name="audienceCount" label={t('pubEvents.audienceShort')}>
                <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} data-testid="pub-form-audience-count" />
              </Form.Item>
            </Col>
            <Col xs={8}>
              <Form.Item name="materialsCount" label={t('pubEvents.materialsShort')}>
                <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} data-testid="pub-form-materials" />
              </Form.Item>
            </Col>
            <Col xs={8}>
              <Form.Item name="onlineReach" label={t('pubEvents.onlineReach')}>
                <InputNumber min={0} max={10_000_000} precision={0} style={{ width: '100%' }} data-testid="pub-form-online-reach" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="campaignId" label={t('pubEvents.campaign')}>
                <Select allowClear options={(o?.campaigns ?? []).map((c) => ({ value: c.id, label: `${c.title}${punct.paren(`${c.startsOn}～${c.endsOn}`)}` }))} data-testid="pub-form-campaign" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="keyDate" label={t('pubEvents.keyDate')}>
                <Select allowClear options={(o?.keyDates ?? []).map((k) => ({ value: k.key, label: k.from ? `${k.name}${punct.paren(k.from.slice(5))}` : k.name }))} data-testid="pub-form-key-date" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="contentId" label={t('pubEvents.content')}>
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={(o?.contents ?? []).map((c) => ({ value: c.id, label: c.title }))} data-testid="pub-form-content" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item name="notes" label={t('common.notes')}>
                <Input.TextArea rows={3} maxLength={2000} data-testid="pub-form-notes" />
              </Form.Item>
            </Col>
          </Row>
          <FormActions submitting={sf.submitting} testid="pub-form-submit" />
        </Card>
      </Form>
    </div>
  );
}
