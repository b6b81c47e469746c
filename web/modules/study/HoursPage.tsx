import { DownloadOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, InputNumber, Modal, Space, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { STAFF_CATEGORIES, STAFF_CATEGORY_LABELS, type StaffCategory } from '../../../common/roles.ts';
import { type THoursRow, ZRequirementsInput } from '../../../common/schemas/study.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid } from '../../components/ui.tsx';
import { useSchemaForm } from '../../forms.tsx';
import { FilterSelect } from '../../components/UrlFilters.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan, useOrgFilter } from '../../session.tsx';
import { downloadHours, useHours, useRequirements, useSetRequirements, useStudyOrg } from './hooks.ts';
import { useUrlFilters } from '../../url-params.ts';

const FILTER_KEYS = ['year', 'orgId', 'category', 'belowTarget', 'neverHosted'] as const;

/** 学法学时: hours per person in a year against the requirement of their category; export and requirement editor. */
export default function HoursPage() {
  const { t, label } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const studyOrg = useStudyOrg();
  const { orgId: switcherOrg } = useOrgFilter();
  const filters = useUrlFilters(FILTER_KEYS, { defaults: { year: new Date().getFullYear() }, pageSize: false });
  const { params, query, patch } = filters;
  const year = Number(query.year);
  const { data, isFetching, error } = useHours(query);
  const set = (k: string, v: string | number | undefined | null) => patch({ [k]: v });
  const [editing, setEditing] = useState(false);
  const reqOrg = (query.orgId as string | undefined) ?? studyOrg;

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('study.hoursTitle')}</h2>
        <Space wrap>
          {can('study.write') && (
            <Button icon={<SettingOutlined />} onClick={() => setEditing(true)} data-testid="study-requirements-edit">
              {t('study.requirements')}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} onClick={() => downloadHours({ ...query, orgId: query.orgId ?? switcherOrg }).catch((e: Error) => message.error(e.message))} data-testid="study-hours-export">
            {t('common.export')}
          </Button>
        </Space>
      </div>
      {error && <Alert type="error" title={error.message} />}
      <Card size="small">
        <div className="fz-filters">
          <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && set('year', v)} data-testid="study-hours-year" />
          <FilterSelect filters={filters} name="category" placeholder={t('study.category')} options={STAFF_CATEGORIES.map((c) => ({ value: c, label: label(STAFF_CATEGORY_LABELS[c]) }))} minWidth={140} testid="study-hours-category" />
          <FilterSelect filters={filters} name="belowTarget" placeholder={t('study.target')} options={[{ value: '1', label: t('study.below') }, { value: '0', label: t('study.met') }]} minWidth={120} testid="study-hours-below" />
          {params.get('neverHosted') && (
            <Tag closable onClose={() => set('neverHosted', null)}>
              {t('study.neverHostedFilter')}
            </Tag>
          )}
        </div>
        {data && (
          <Space size="large" style={{ marginBottom: 8 }} data-testid="study-hours-totals">
            <span>{t('study.totPeople', { n: data.totals.people })}</span>
            <span>{t('study.totAvg', { n: data.totals.avgHours })}</span>
            <span>{t('study.totBelow', { n: data.totals.below })}</span>
          </Space>
        )}
        <Table<THoursRow>
          size="small"
          rowKey="staffId"
          loading={isFetching}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          data-testid="study-hours-table"
          onRow={(r) => ({ 'data-testid': `study-hours-row-${r.name}` }) as object}
          columns={[
            { title: t('person.name'), dataIndex: 'name', width: 90 },
            { title: t('study.post'), dataIndex: 'post' },
            { title: t('study.category'), dataIndex: 'category', width: 120, render: (c: StaffCategory) => label(STAFF_CATEGORY_LABELS[c]) },
            { title: t('study.org'), dataIndex: 'orgName', width: 120 },
            {
              title: t('study.sessionsCount'),
              dataIndex: 'sessions',
              width: 90,
              align: 'right',
              render: (n: number, r) => <Link to={`/study/sessions?year=${year}&staffId=${r.staffId}`}>{n}</Link>,
            },
            { title: t('study.hours'), dataIndex: 'hours', width: 80, align: 'right', render: (h: number) => <span data-testid="study-hours-value">{h}</span> },
            { title: t('study.target'), dataIndex: 'target', width: 80, align: 'right' },
            { title: t('study.hosted'), dataIndex: 'hosted', width: 80, align: 'right', render: (n: number, r) => (r.category === 'leader' ? n : '—') },
            { title: t('common.status'), dataIndex: 'below', width: 90, render: (b: boolean) => (b ? <Tag color="red">{t('study.below')}</Tag> : <Tag color="green">{t('study.met')}</Tag>) },
          ]}
        />
      </Card>
      <RequirementsModal open={editing} onClose={() => setEditing(false)} orgId={reqOrg} year={year} />
    </div>
  );
}

function RequirementsModal({ open, onClose, orgId, year }: { open: boolean; onClose: () => void; orgId: string; year: number }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const req = useRequirements(open ? orgId : undefined, year);
  const save = useSetRequirements();
  const sf = useSchemaForm(ZRequirementsInput);
  useEffect(() => {
    if (req.data) sf.form.setFieldsValue({ items: req.data.items.map((i) => ({ category: i.category, minHours: i.minHours })) });
  }, [req.data, sf.form]);
  const onOk = () =>
    sf.submit(
      async (body) => {
        await save.mutateAsync(body);
        message.success(t('common.saved'));
        onClose();
      },
      { orgId, year },
    );
  return (
    <Modal open={open} title={t('study.requirementsTitle', { year })} onCancel={onClose} onOk={onOk} okButtonProps={{ loading: sf.submitting, ...tid('study-requirements-save') }} destroyOnHidden>
      <Alert type="info" style={{ marginBottom: 12 }} title={t('study.requirementsHelp')} />
      <FormErrors sf={sf} />
      <Form form={sf.form} layout="horizontal" labelCol={{ span: 10 }}>
        <Form.List name="items">
          {(fields) =>
            fields.map((f, i) => {
              const cat = req.data?.items[i]?.category;
              return (
                <Form.Item key={f.key} label={cat ? label(STAFF_CATEGORY_LABELS[cat]) : ''} name={[f.name, 'minHours']} extra={req.data?.items[i]?.isDefault ? t('study.isDefault') : undefined}>
                  <InputNumber min={0} max={500} step={1} addonAfter={t('study.hoursUnit')} data-testid={`study-req-${cat}`} />
                </Form.Item>
              );
            })
          }
        </Form.List>
      </Form>
    </Modal>
  );
}
