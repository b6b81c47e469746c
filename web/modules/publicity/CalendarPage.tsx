import { CalendarOutlined, PlusOutlined, SettingOutlined, TagsOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Row, Space, Spin, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import type { TCalendarItem } from '../../../common/schemas/publicity-calendar.ts';
import { errorText } from '../../api.ts';
import { tid } from '../../components/ui.tsx';
import { DateInput } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLocalName, useThemeName } from './names.ts';
import { useCan } from '../../session.tsx';
import { useUrlYear } from '../../url-params.ts';
import { YearStepper } from './parts.tsx';
import { useCalendar, useKeyDateActions, usePublicityOrg } from './hooks-calendar.ts';
import KeyDatesDrawer from './KeyDatesDrawer.tsx';


/** MM-DD or MM-DD 至 MM-DD: the year is in the page title. */
function when(i: TCalendarItem, lang: 'zh' | 'en'): string {
  const md = (d: string) =>
    lang === 'zh' ? `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日` : new Date(`${d}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return i.from === i.to ? md(i.from) : `${md(i.from)} – ${md(i.to)}`;
}

/** The state tag: done / planned, red 未安排 for a coming date with nothing planned, grey 未开展 once past. */
function StateTag({ i }: { i: TCalendarItem }) {
  const { t } = useI18n();
  const id = tid(`kd-state-${i.key}`);
  if (i.state === 'done') return <Tag color="green" {...id}>{t('publicity.cal.done', { n: i.done })}</Tag>;
  if (i.state === 'planned')
    return (
      <Tag color={i.timing === 'past' ? 'orange' : 'blue'} {...id}>
        {i.timing === 'past' ? t('publicity.cal.plannedPast', { n: i.planned }) : t('publicity.cal.planned', { n: i.planned })}
      </Tag>
    );
  return i.timing === 'past' ? <Tag {...id}>{t('publicity.cal.notDone')}</Tag> : <Tag color="red" {...id}>{t('publicity.cal.nothing')}</Tag>;
}

/** The form under a moving date (宪法宣传周) whose dates are not set for the year. */
function MissingDates({ i, orgId, year, canEdit }: { i: TCalendarItem; orgId: string; year: number; canEdit: boolean }) {
  const { t } = useI18n();
  const localName = useLocalName();
  const { message } = App.useApp();
  const { create } = useKeyDateActions();
  const [from, setFrom] = useState<string | undefined>();
  const [to, setTo] = useState<string | undefined>();
  const [err, setErr] = useState<string | null>(null);
  const save = async () => {
    setErr(null);
    try {
      await create.mutateAsync({ orgId, builtinCode: i.key, startsOn: from, endsOn: to });
      message.success(t('common.saved'));
    } catch (e) {
      setErr(errorText(e));
    }
  };
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 8 }}
      {...tid(`kd-missing-${i.key}`)}
      title={t('publicity.cal.setDates', { year, name: localName(i) })}
      description={
        canEdit ? (
          <Space wrap>
            <DateInput value={from} onChange={setFrom} placeholder={t('publicity.cal.startsOn')} style={{ width: 150 }} data-testid={`kd-missing-from-${i.key}`} />
            <DateInput value={to} onChange={setTo} placeholder={t('publicity.cal.endsOn')} style={{ width: 150 }} data-testid={`kd-missing-to-${i.key}`} />
            <Button type="primary" onClick={save} loading={create.isPending} disabled={!from || !to} {...tid(`kd-missing-save-${i.key}`)}>
              {t('common.save')}
            </Button>
            {err && <Typography.Text type="danger">{err}</Typography.Text>}
          </Space>
        ) : (
          t('publicity.cal.askManager')
        )
      }
    />
  );
}

/**
 * 普法日历: every key date of the year by month (issue 4; source report weakness 二 — little new on key
 * dates), with the events linked to it, a red 未安排 for a coming date with nothing planned and a
 * button that opens the quick form prefilled with the date, the key date and its theme.
 */
export default function PublicityCalendarPage() {
  const { t, lang } = useI18n();
  const localName = useLocalName();
  const themeName = useThemeName();
  const can = useCan();
  const orgId = usePublicityOrg();
  const [params] = useSearchParams();
  const [year, setYear] = useUrlYear();
  const org = params.get('orgId') ?? orgId;
  const { data, error, isLoading } = useCalendar(org, year);
  const [drawer, setDrawer] = useState(false);

  const months = useMemo(() => {
    const m: TCalendarItem[][] = Array.from({ length: 12 }, () => []);
    for (const i of data?.items ?? []) if (!i.datesMissing) m[Number(i.from.slice(5, 7)) - 1].push(i);
    return m;
  }, [data]);
  const missing = (data?.items ?? []).filter((i) => i.datesMissing);

  const arrange = (i: TCalendarItem) => {
    const date = i.timing === 'upcoming' || !data ? i.from : data.today <= i.to ? data.today : i.from;
    const q = new URLSearchParams({ keyDate: i.key, date });
    if (i.theme) q.set('theme', i.theme);
    return `/publicity/events/quick?${q.toString()}`;
  };

  return (
    <div>
      <div className="fz-page-title">
        <h2>
          <CalendarOutlined /> {t('publicity.cal.title')}
          {data ? ` · ${data.orgName}` : ''}
        </h2>
        <Space wrap>
          <YearStepper year={year} onChange={setYear} testid={{ prev: 'kd-prev-year', year: 'kd-year', next: 'kd-next-year' }} />
          <Button icon={<SettingOutlined />} onClick={() => setDrawer(true)} {...tid('kd-settings')}>
            {t('publicity.cal.settings')}
          </Button>
          <Link to="/publicity/themes">
            <Button icon={<TagsOutlined />}>{t('publicity.themes.title')}</Button>
          </Link>
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('publicity.cal.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      {isLoading && <Spin />}
      {missing.map((i) => (
        <MissingDates key={i.key} i={i} orgId={org} year={year} canEdit={!!data?.canEdit} />
      ))}
      <Row gutter={[12, 12]} {...tid('kd-calendar')}>
        {months.map((list, m) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the twelve months are fixed
          <Col key={m} xs={24} md={12} xl={8}>
            <Card size="small" title={t('publicity.cal.month', { m: m + 1 })} {...tid(`kd-month-${m + 1}`)} styles={{ body: { padding: list.length ? 8 : 12 } }}>
              {list.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('publicity.cal.noDates')} style={{ margin: 0 }} />
              ) : (
                list.map((i) => (
                  <div key={`${i.key}:${i.from}`} {...tid(`kd-${i.key}`)} style={{ padding: '6px 4px', borderBottom: '1px solid var(--ant-color-split, #f0f0f0)' }}>
                    <Space wrap size={[6, 4]}>
                      <Typography.Text strong>{localName(i)}</Typography.Text>
                      <Typography.Text type="secondary">{when(i, lang)}</Typography.Text>
                      {i.theme && <Tag bordered={false}>{themeName(i.theme, i.themeName)}</Tag>}
                      <StateTag i={i} />
                    </Space>
                    <div style={{ marginTop: 4 }}>
                      <Space wrap size={[8, 4]}>
                        {i.planned + i.done > 0 && (
                          <Link to={i.eventsHref} {...tid(`kd-events-${i.key}`)}>
                            {t('publicity.cal.events', { n: i.planned + i.done })}
                          </Link>
                        )}
                        {can('publicity.write') && i.timing !== 'past' && (
                          <Link to={arrange(i)} {...tid(`kd-arrange-${i.key}`)}>
                            <Button size="small" icon={<PlusOutlined />}>
                              {t('publicity.cal.arrange')}
                            </Button>
                          </Link>
                        )}
                      </Space>
                    </div>
                  </div>
                ))
              )}
            </Card>
          </Col>
        ))}
      </Row>
      <KeyDatesDrawer open={drawer} onClose={() => setDrawer(false)} orgId={org} />
    </div>
  );
}
