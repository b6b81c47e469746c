import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Drawer, Empty, Form, Input, InputNumber, List, Progress, Row, Space, Tag } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { type TCampaignView, ZCampaignCreate, ZCampaignUpdate } from '../../../common/schemas/publicity-events.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid, useDrawerSize } from '../../components/ui.tsx';
import { DateInput, useSchemaForm, formValuesOf } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { useCampaigns, useEventOrg, useSaveCampaign } from './hooks-events.ts';

/** One bar: reached against a target, or just the count when there is none. */
function Bar({ label, value, pct, target, suffix = '' }: { label: string; value: number; pct: number | null; target: number | null; suffix?: string }) {
  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 13 }}>
        <span>{label}</span>
        <span>
          {value}
          {suffix}
          {target !== null ? ` / ${target}${suffix}` : ''}
        </span>
      </div>
      {target !== null && <Progress percent={Math.min(100, pct ?? 0)} showInfo={false} size="small" status={(pct ?? 0) >= 100 ? 'success' : 'normal'} />}
    </div>
  );
}

/**
 * 专项活动: each campaign's progress from the events linked to it, against its targets, with the
 * new-media share's denominator written out; a link lists exactly those events.
 */
export default function CampaignsPage() {
  const { t } = useI18n();
  const can = useCan();
  const [year, setYear] = useState<number | null>(null);
  const { data, isLoading } = useCampaigns(year ? { year } : {});
  const [editing, setEditing] = useState<TCampaignView | 'new' | null>(null);
  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('pubCampaigns.title')}</h2>
        <Space wrap>
          <InputNumber placeholder={t('common.year')} min={2000} max={2100} value={year} onChange={(v) => setYear(v)} data-testid="pub-campaigns-year" />
          {can('publicity.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="pub-campaign-new">
              {t('pubCampaigns.new')}
            </Button>
          )}
        </Space>
      </div>
      {data && data.total > data.items.length && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('pubCampaigns.capped', { shown: data.items.length, total: data.total })} />
      )}
      <List
        loading={isLoading}
        grid={{ gutter: 12, xs: 1, md: 2, xl: 3 }}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty description={t('pubCampaigns.none')} /> }}
        renderItem={(c) => {
          const p = c.progress;
          return (
            <List.Item>
              <Card
                size="small"
                data-testid={`pub-campaign-${c.id}`}
                title={c.title}
                extra={
                  c.canEdit && <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(c)} aria-label={t('common.edit')} data-testid="pub-campaign-edit" />
                }
              >
                <div style={{ fontSize: 13, color: '#595959', marginBottom: 8 }}>
                  {c.orgName} · {c.startsOn} ～ {c.endsOn}{' '}
                  {p.phase === 'running' ? <Tag color="green">{t('pubCampaigns.daysLeft', { n: p.daysLeft })}</Tag> : <Tag>{t(p.phase === 'ended' ? 'pubCampaigns.ended' : 'pubCampaigns.upcoming')}</Tag>}
                </div>
                <Space orientation="vertical" style={{ width: '100%' }} size={6}>
                  <Bar label={t('pubCampaigns.doneEvents')} value={p.done} pct={p.eventsPct} target={c.targetEvents} />
                  <Bar label={t('pubCampaigns.audience')} value={p.audience} pct={p.audiencePct} target={c.targetAudience} />
                  <div data-testid="pub-campaign-online">
                    <Bar
                      label={t('pubCampaigns.onlineShare', { online: p.online, done: p.done })}
                      value={p.onlinePct ?? 0}
                      pct={c.targetOnlinePct ? ((p.onlinePct ?? 0) / c.targetOnlinePct) * 100 : null}
                      target={c.targetOnlinePct}
                      suffix="%"
                    />
                  </div>
                  <div style={{ fontSize: 13 }}>
                    {t('pubCampaigns.materials', { n: p.materials })}
                    {p.planned > 0 ? ` · ${t('pubCampaigns.planned', { n: p.planned })}` : ''}
                  </div>
                  {c.goals && <div style={{ fontSize: 13, whiteSpace: 'pre-wrap' }}>{c.goals}</div>}
                  <Link to={`/publicity/events?campaignId=${c.id}`} data-testid="pub-campaign-events">
                    {t('pubCampaigns.events')}
                  </Link>
                </Space>
              </Card>
            </List.Item>
          );
        }}
      />
      <CampaignDrawer editing={editing} onClose={() => setEditing(null)} />
    </div>
  );
}

function CampaignDrawer({ editing, onClose }: { editing: TCampaignView | 'new' | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const size = useDrawerSize(520);
  const orgId = useEventOrg();
  const existing = editing && editing !== 'new' ? editing : null;
  const sf = useSchemaForm(existing ? ZCampaignUpdate : ZCampaignCreate);
  const save = useSaveCampaign();
  useEffect(() => {
    if (!editing) return;
    sf.reset();
    if (existing) {
      sf.form.setFieldsValue(formValuesOf(existing, ['title', 'startsOn', 'endsOn', 'goals', 'targetEvents', 'targetAudience', 'targetOnlinePct', 'notes']));
    } else sf.form.setFieldsValue({ startsOn: dayjs().format('YYYY-MM-DD') });
  }, [editing, existing, sf.form, sf.reset]);
  const onFinish = () =>
    sf.submit(
      async (body) => {
        await save.mutateAsync({ id: existing?.id, body });
        message.success(t('common.saved'));
        onClose();
      },
      existing ? { targetEvents: sf.form.getFieldValue('targetEvents') ?? null, targetAudience: sf.form.getFieldValue('targetAudience') ?? null, targetOnlinePct: sf.form.getFieldValue('targetOnlinePct') ?? null } : { orgId },
    );
  return (
    <Drawer open={!!editing} onClose={onClose} size={size} title={existing ? t('pubCampaigns.edit') : t('pubCampaigns.new')} destroyOnHidden>
      <FormErrors sf={sf} />
      <Form form={sf.form} layout="vertical" onFinish={onFinish} data-testid="pub-campaign-form">
        <Form.Item name="title" label={t('pubCampaigns.name')} required>
          <Input maxLength={200} placeholder={t('pubCampaigns.nameHint')} data-testid="pub-campaign-title" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="startsOn" label={t('pubCampaigns.startsOn')} required>
              <DateInput data-testid="pub-campaign-starts" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="endsOn" label={t('pubCampaigns.endsOn')} required>
              <DateInput data-testid="pub-campaign-ends" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="goals" label={t('pubCampaigns.goals')}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="targetEvents" label={t('pubCampaigns.targetEvents')}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} data-testid="pub-campaign-target-events" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="targetAudience" label={t('pubCampaigns.targetAudience')}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="targetOnlinePct" label={t('pubCampaigns.targetOnline')}>
              <InputNumber min={0} max={100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="notes" label={t('common.notes')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={sf.submitting} {...tid('pub-campaign-submit')}>
          {t('common.save')}
        </Button>
      </Form>
    </Drawer>
  );
}
