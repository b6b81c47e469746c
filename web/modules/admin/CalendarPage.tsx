import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { type TCalendarDayInfo, ZCalendarYear } from '../../../common/schemas/calendar.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { DateInput, useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCalendarStatus, useCalendarYear, useSaveCalendarYear } from './hooks.ts';

const WEEK = [
  { id: 'mon', zh: '一', en: 'M' },
  { id: 'tue', zh: '二', en: 'T' },
  { id: 'wed', zh: '三', en: 'W' },
  { id: 'thu', zh: '四', en: 'T' },
  { id: 'fri', zh: '五', en: 'F' },
  { id: 'sat', zh: '六', en: 'S' },
  { id: 'sun', zh: '日', en: 'S' },
];
const MONTHS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

/** One month as a 7-column grid: holidays red, make-up working days blue. */
function MonthGrid({ year, month, days, lang }: { year: number; month: number; days: Map<string, TCalendarDayInfo>; lang: 'zh' | 'en' }) {
  const first = dayjs(`${year}-${String(month).padStart(2, '0')}-01`);
  const offset = (first.day() + 6) % 7; // Monday first
  const cells: React.ReactNode[] = [];
  for (let i = 0; i < offset; i++) cells.push(<div key={`blank-${WEEK[i].id}`} />);
  for (let d = 1; d <= first.daysInMonth(); d++) {
    const date = first.date(d);
    const key = date.format('YYYY-MM-DD');
    const info = days.get(key);
    const weekend = date.day() === 0 || date.day() === 6;
    const cls = info ? (info.workday ? 'fz-cal-work' : 'fz-cal-rest') : weekend ? 'fz-cal-weekend' : '';
    cells.push(
      <div key={key} className={`fz-cal-day ${cls}`} title={info?.name ?? undefined} data-testid={`cal-day-${key}`}>
        {d}
      </div>,
    );
  }
  return (
    <div className="fz-cal-month">
      <div style={{ fontWeight: 600, marginBottom: 4 }}>{lang === 'zh' ? `${month}月` : first.format('MMMM')}</div>
      <div className="fz-cal-grid">
        {WEEK.map((w) => (
          <div key={w.id} style={{ color: '#8c8c8c' }}>
            {w[lang]}
          </div>
        ))}
        {cells}
      </div>
    </div>
  );
}

export default function CalendarPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const status = useCalendarStatus();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const { data, isLoading } = useCalendarYear(year);
  const save = useSaveCalendarYear(year);
  const sf = useSchemaForm(ZCalendarYear);
  const [range, setRange] = useState<{ from?: string; to?: string; name?: string }>({});

  const days = useMemo(() => new Map((data?.items ?? []).map((d) => [d.date, d])), [data]);
  const overrides = useMemo(() => (data?.items ?? []).filter((d) => d.source === 'override'), [data]);

  // The form holds the administrator's own entries for the year (what PUT replaces).
  useEffect(() => {
    sf.form.setFieldsValue({ days: overrides.map((d) => ({ date: d.date, kind: d.workday ? 'work' : 'rest', name: d.name ?? undefined })) });
  }, [overrides, sf.form]);

  const addRange = () => {
    if (!range.from) return;
    const to = range.to ?? range.from;
    const rows = [...(sf.form.getFieldValue('days') ?? [])];
    for (let d = dayjs(range.from); !d.isAfter(dayjs(to)); d = d.add(1, 'day')) rows.push({ date: d.format('YYYY-MM-DD'), kind: 'rest', name: range.name });
    sf.form.setFieldValue('days', rows);
    setRange({});
  };

  const onFinish = () =>
    sf.submit(async (body) => {
      await save.mutateAsync(body);
      message.success(t('common.saved'));
    });

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('calendar.title')}</h2>
        <Space>
          <Button onClick={() => setYear(year - 1)} data-testid="calendar-prev">
            ‹
          </Button>
          <InputNumber value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} data-testid="calendar-year" />
          <Button onClick={() => setYear(year + 1)} data-testid="calendar-next">
            ›
          </Button>
        </Space>
      </div>
      {status.data?.nextYearMissing && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="calendar-next-year-missing"
          title={t('calendar.nextYearMissing', { year: status.data.nextYear })}
          description={t('calendar.nextYearMissingHelp', { year: status.data.nextYear })}
          action={
            <Button size="small" onClick={() => setYear(status.data!.nextYear)}>
              {t('calendar.enterYear', { year: status.data.nextYear })}
            </Button>
          }
        />
      )}
      <Space style={{ marginBottom: 12 }} wrap>
        <Tag className="fz-cal-rest">{t('calendar.rest')}</Tag>
        <Tag className="fz-cal-work">{t('calendar.work')}</Tag>
        <Typography.Text type="secondary">{t('calendar.legend')}</Typography.Text>
      </Space>
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {MONTHS.map((m) => (
          <Col key={m} xs={12} sm={8} md={6} xl={4}>
            <MonthGrid year={year} month={m} days={days} lang={lang} />
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card title={t('calendar.listTitle', { year })} size="small">
            <Table
              size="small"
              rowKey="date"
              loading={isLoading}
              dataSource={data?.items ?? []}
              pagination={false}
              scroll={{ y: 480 }}
              columns={[
                { title: t('common.date'), dataIndex: 'date', width: 110 },
                { title: t('calendar.kind'), dataIndex: 'workday', width: 90, render: (w: boolean) => (w ? <Tag color="blue">{t('calendar.work')}</Tag> : <Tag color="red">{t('calendar.rest')}</Tag>) },
                { title: t('common.name'), dataIndex: 'name' },
                { title: t('calendar.source'), dataIndex: 'source', width: 90, render: (s: string) => t(s === 'override' ? 'calendar.sourceOverride' : 'calendar.sourceOfficial') },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card title={t('calendar.formTitle', { year })} size="small">
            <Typography.Paragraph type="secondary">{t('calendar.formHelp')}</Typography.Paragraph>
            <Space wrap style={{ marginBottom: 12 }}>
              <DatePicker.RangePicker
                value={range.from ? [dayjs(range.from), dayjs(range.to ?? range.from)] : null}
                onChange={(v) => setRange({ ...range, from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') })}
                data-testid="calendar-range"
              />
              <Input placeholder={t('calendar.holidayName')} value={range.name} onChange={(e) => setRange({ ...range, name: e.target.value })} style={{ width: 140 }} />
              <Button icon={<PlusOutlined />} onClick={addRange} data-testid="calendar-add-range">
                {t('calendar.addRange')}
              </Button>
            </Space>
            <FormErrors sf={sf} />
            <Form form={sf.form} onFinish={onFinish} data-testid="calendar-form">
              <Form.List name="days">
                {(fields, { add, remove }) => (
                  <>
                    {fields.map((f) => (
                      <Space key={f.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
                        <Form.Item name={[f.name, 'date']} style={{ marginBottom: 4, width: 150 }}>
                          <DateInput />
                        </Form.Item>
                        <Form.Item name={[f.name, 'kind']} style={{ marginBottom: 4 }}>
                          <Select
                            style={{ width: 120 }}
                            options={[
                              { value: 'rest', label: t('calendar.rest') },
                              { value: 'work', label: t('calendar.work') },
                            ]}
                          />
                        </Form.Item>
                        <Form.Item name={[f.name, 'name']} style={{ marginBottom: 4 }}>
                          <Input placeholder={t('calendar.holidayName')} style={{ width: 140 }} />
                        </Form.Item>
                        <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('common.delete')} />
                      </Space>
                    ))}
                    <Space>
                      <Button icon={<PlusOutlined />} onClick={() => add({ kind: 'work' })} data-testid="calendar-add-day">
                        {t('calendar.addDay')}
                      </Button>
                      <Button type="primary" htmlType="submit" loading={sf.submitting} data-testid="calendar-save">
                        {t('calendar.save', { year })}
                      </Button>
                    </Space>
                  </>
                )}
              </Form.List>
            </Form>
          </Card>
        </Col>
      </Row>
    </div>
  );
}
