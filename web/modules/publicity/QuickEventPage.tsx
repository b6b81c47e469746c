import { CameraOutlined, CheckCircleOutlined, MinusOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, InputNumber, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { CHANNEL_LABELS, type Channel, CHANNELS, isOnlineChannel } from '../../../common/publicity-enums.ts';
import { ZEventCreate } from '../../../common/schemas/publicity-events.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { Loading } from '../../components/ui.tsx';
import { DateInput, useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLocalName, usePunct } from './names.ts';
import { api } from '../../api.ts';
import { ZEventDetail } from '../../../common/schemas/publicity-events.ts';
import { uploadEventFile, useCreateEvent, useEventOptions, useEventOrg } from './hooks-events.ts';

/** What grid workers record most: first in the chip row (the source report: 入户宣讲、讲座、发放资料、微信群). */
const FIRST: Channel[] = ['door_to_door', 'lecture', 'leaflet', 'wechat_group'];
const CHANNEL_ORDER: Channel[] = [...FIRST, ...CHANNELS.filter((c) => !FIRST.includes(c))];

/** Big toggle chips (touch targets ≥ 44 px): a multi-select that needs no dropdown on a phone. */
function Chips({ value = [], onChange, options, testid }: { value?: string[]; onChange?: (v: string[]) => void; options: { value: string; label: string; online?: boolean }[]; testid: string }) {
  return (
    <fieldset style={{ display: 'flex', flexWrap: 'wrap', gap: 8, border: 0, margin: 0, padding: 0, minWidth: 0 }}>
      {options.map((o) => {
        const on = value.includes(o.value);
        return (
          <Button
            key={o.value}
            type={on ? 'primary' : 'default'}
            aria-pressed={on}
            style={{ minHeight: 44, borderRadius: 22, ...(o.online && !on ? { borderColor: '#08979c', color: '#006d75' } : {}) }}
            onClick={() => onChange?.(on ? value.filter((x) => x !== o.value) : [...value, o.value])}
            data-testid={`${testid}-${o.value}`}
          >
            {o.online ? '◎ ' : ''}
            {o.label}
          </Button>
        );
      })}
    </fieldset>
  );
}

/** A number with big − and + buttons (people reached, leaflets handed out). */
function Stepper({ value = 0, onChange, step, testid }: { value?: number; onChange?: (v: number) => void; step: number; testid: string }) {
  const { t } = useI18n();
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Button style={{ minHeight: 44, minWidth: 52 }} icon={<MinusOutlined />} aria-label={t('pubEvents.less')} onClick={() => onChange?.(Math.max(0, value - step))} data-testid={`${testid}-minus`} />
      <InputNumber
        value={value}
        min={0}
        max={10_000_000}
        precision={0}
        inputMode="numeric"
        controls={false}
        onChange={(v) => onChange?.(Number(v ?? 0))}
        style={{ width: '100%', fontSize: 18 }}
        size="large"
        data-testid={testid}
      />
      <Button style={{ minHeight: 44, minWidth: 52 }} icon={<PlusOutlined />} aria-label={t('pubEvents.more')} onClick={() => onChange?.(value + step)} data-testid={`${testid}-plus`} />
    </Space.Compact>
  );
}

/**
 * 快速登记: the phone form a grid worker fills in a minute — one column, date today, their own
 * village, channel and theme as chips, counts with steppers, an optional photo. The title is left to
 * the server (composed from what is picked). Query params prefill it: ?keyDate=&date=&theme=&campaignId=
 * (the calendar's "安排活动").
 */
export default function QuickEventPage() {
  const orgId = useEventOrg();
  const options = useEventOptions(orgId);
  if (!options.data) return <Loading />;
  return <QuickForm orgId={orgId} />;
}

function QuickForm({ orgId }: { orgId: string }) {
  const { t, label } = useI18n();
  const punct = usePunct();
  const localName = useLocalName();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const o = useEventOptions(orgId).data;
  const sf = useSchemaForm(ZEventCreate);
  const create = useCreateEvent();
  const photo = useRef<HTMLInputElement>(null);
  const [photoName, setPhotoName] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ id: string; title: string } | null>(null);
  const ownVillage = o?.org.kind === 'village' ? o.org : null;

  const initial = () => ({
    orgId,
    heldOn: params.get('date') || dayjs().format('YYYY-MM-DD'),
    villageId: ownVillage?.id,
    channels: [],
    themes: params.get('theme') ? [params.get('theme')] : [],
    audienceCount: 0,
    materialsCount: 0,
    ...(params.get('keyDate') ? { keyDate: params.get('keyDate') } : {}),
    ...(params.get('campaignId') ? { campaignId: params.get('campaignId') } : {}),
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: set once per org; "再记一条" resets explicitly
  useEffect(() => {
    sf.form.setFieldsValue(initial());
  }, [orgId, sf.form]);

  const again = () => {
    const keep = { heldOn: sf.form.getFieldValue('heldOn'), villageId: sf.form.getFieldValue('villageId') };
    sf.form.resetFields();
    sf.form.setFieldsValue({ ...initial(), ...keep });
    if (photo.current) photo.current.value = '';
    setPhotoName(null);
    setSaved(null);
    window.scrollTo({ top: 0 });
  };

  const onFinish = () =>
    sf.submit(async (body) => {
      const r = await create.mutateAsync(body);
      const file = photo.current?.files?.[0];
      if (file) {
        // the record stands without its photo: a failed upload is reported, not fatal
        await uploadEventFile(r.id, file).catch((e: Error) => message.warning(`${t('pubEvents.photoFailed')}${punct.colon}${e.message}`));
      }
      const d = await api.get(ZEventDetail, `/api/v1/publicity/events/${r.id}`);
      setSaved({ id: r.id, title: d.title });
      message.success(t('common.saved'));
    });

  const big = { style: { minHeight: 44, fontSize: 16 } };
  if (saved) {
    return (
      <Card style={{ maxWidth: 520, margin: '0 auto', textAlign: 'center' }} data-testid="pub-quick-saved">
        <CheckCircleOutlined style={{ fontSize: 40, color: '#389e0d' }} />
        <h3 style={{ marginTop: 12 }}>{t('pubEvents.quickSaved')}</h3>
        <p data-testid="pub-quick-saved-title">{saved.title}</p>
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Button type="primary" block size="large" onClick={again} data-testid="pub-quick-again">
            {t('pubEvents.again')}
          </Button>
          <Button block size="large" onClick={() => navigate('/publicity/events')} data-testid="pub-quick-list">
            {t('pubEvents.title')}
          </Button>
        </Space>
      </Card>
    );
  }

  return (
    <div style={{ maxWidth: 520, margin: '0 auto' }}>
      <h2 style={{ marginTop: 0 }}>{t('pubEvents.quick')}</h2>
      <FormErrors sf={sf} />
      <Form form={sf.form} layout="vertical" onFinish={onFinish} data-testid="pub-quick-form" requiredMark={false}>
        <Form.Item name="heldOn" label={t('common.date')}>
          <DateInput data-testid="pub-quick-date" style={{ minHeight: 44 }} />
        </Form.Item>
        <Form.Item name="villageId" label={t('pubEvents.village')}>
          {ownVillage ? (
            <div style={{ fontSize: 16, padding: '8px 0' }} data-testid="pub-quick-village-own">
              {ownVillage.name}
            </div>
          ) : (
            <Select
              allowClear
              size="large"
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('pubEvents.villageWhole')}
              options={(o?.villages ?? []).map((v) => ({ value: v.id, label: v.name }))}
              data-testid="pub-quick-village"
            />
          )}
        </Form.Item>
        <Form.Item name="channels" label={t('pubEvents.channelsPick')}>
          <Chips testid="pub-quick-channel" options={CHANNEL_ORDER.map((c) => ({ value: c, label: label(CHANNEL_LABELS[c]), online: isOnlineChannel(c) }))} />
        </Form.Item>
        <Form.Item name="themes" label={t('pubEvents.themes')}>
          <Chips testid="pub-quick-theme" options={(o?.themes ?? []).map((x) => ({ value: x.code, label: localName(x) }))} />
        </Form.Item>
        <Form.Item name="audienceCount" label={t('pubEvents.audienceShort')}>
          <Stepper step={5} testid="pub-quick-audience" />
        </Form.Item>
        <Form.Item name="materialsCount" label={t('pubEvents.materialsShort')}>
          <Stepper step={10} testid="pub-quick-materials" />
        </Form.Item>
        <Form.Item label={t('pubEvents.photoOptional')}>
          <label style={{ display: 'inline-flex', alignItems: 'center', gap: 8, minHeight: 44, cursor: 'pointer' }}>
            <CameraOutlined style={{ fontSize: 22 }} />
            <span>{photoName ?? t('pubEvents.takePhoto')}</span>
            <input
              ref={photo}
              type="file"
              accept="image/*"
              capture="environment"
              style={{ position: 'absolute', width: 1, height: 1, opacity: 0 }}
              onChange={(e) => setPhotoName(e.target.files?.[0]?.name ?? null)}
              data-testid="pub-quick-photo"
            />
          </label>
        </Form.Item>
        {/* key date and campaign ride along from the calendar's link, shown so nothing is hidden */}
        {(params.get('keyDate') || params.get('campaignId')) && (
          <p style={{ color: '#595959' }} data-testid="pub-quick-prefill">
            {[o?.keyDates.find((k) => k.key === params.get('keyDate'))?.name, o?.campaigns.find((c) => c.id === params.get('campaignId'))?.title].filter(Boolean).join(' · ')}
          </p>
        )}
        <Button type="primary" htmlType="submit" block size="large" loading={sf.submitting} {...big} data-testid="pub-quick-save">
          {t('common.save')}
        </Button>
      </Form>
    </div>
  );
}
