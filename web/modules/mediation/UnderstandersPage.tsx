import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Drawer, Form, Input, InputNumber, Modal, Progress, Row, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  ACTIVITY_KIND_LABELS,
  ACTIVITY_KINDS,
  type TUnderstanderView,
  UNDERSTANDER_CATEGORIES,
  UNDERSTANDER_CATEGORY_LABELS,
  ZActivityInput,
  ZTargetInput,
  ZUnderstanderCreate,
} from '../../../common/schemas/mediation-admin.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid, useDrawerSize, usePagination } from '../../components/ui.tsx';
import { PersonFields } from '../../components/PersonFields.tsx';
import { UnmaskButton } from '../../components/UnmaskButton.tsx';
import { DateInput, useSchemaForm } from '../../forms.tsx';
import { SearchInput } from '../../components/SearchInput.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan, useMe, useOrgFilter } from '../../session.tsx';
import { useActivities, useAddActivity, useCoverage, useCreateUnderstander, useSetTarget, useUnderstanders, useUpdateUnderstander } from './hooks.ts';

/** 法律明白人 registry: coverage per village against the target, the roster with training hours and activities. */
export default function UnderstandersPage() {
  const { t, label } = useI18n();
  const drawerSize = useDrawerSize(420);
  const { message } = App.useApp();
  const can = useCan();
  const me = useMe();
  const { orgId: switcherOrg } = useOrgFilter();
  const canWrite = can('mediation.understander.write');
  const [params, setParams] = useSearchParams();
  // Links from the report and findings: ?orgId=<village or township>&active=1&appointedTo=<year end>
  // narrow the roster to the 法律明白人 the figure counts; ?view=coverage&asOf=<year end> is the
  // 达标村 figure's link and narrows the coverage table the same way.
  const appointedTo = params.get('appointedTo') ?? undefined;
  const coverageView = params.get('view') === 'coverage';
  const asOf = coverageView ? (params.get('asOf') ?? undefined) : undefined;
  const [year, setYear] = useState(() => Number((appointedTo ?? asOf)?.slice(0, 4)) || new Date().getFullYear());
  const [filters, setFilters] = useState<{ orgId?: string; category?: string; q?: string; active?: boolean; appointedTo?: string; page: number; pageSize: number }>(() => ({
    orgId: params.get('orgId') ?? undefined,
    active: params.get('active') === '1' ? true : params.get('active') === '0' ? false : undefined,
    appointedTo,
    page: 1,
    pageSize: 20,
  }));
  const pagination = usePagination();
  const coverage = useCoverage(coverageView ? { orgId: params.get('orgId') ?? undefined, asOf } : {});
  const coverageRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (coverageView && coverage.data) coverageRef.current?.scrollIntoView({ block: 'start' });
  }, [coverageView, coverage.data]);
  const list = useUnderstanders({ ...filters, year });
  const create = useCreateUnderstander();
  const update = useUpdateUnderstander();
  const addActivity = useAddActivity();
  const setTarget = useSetTarget();
  const [creating, setCreating] = useState(false);
  const [activityFor, setActivityFor] = useState<TUnderstanderView | null>(null);
  const [viewing, setViewing] = useState<TUnderstanderView | null>(null);
  const [targetOpen, setTargetOpen] = useState(false);
  const activities = useActivities(viewing?.id);
  const createForm = useSchemaForm(ZUnderstanderCreate);
  const activityForm = useSchemaForm(ZActivityInput);
  const targetForm = useSchemaForm(ZTargetInput);

  const villages = coverage.data?.villages ?? [];
  const villageOptions = villages.map((v) => ({ value: v.orgId, label: v.townshipName ? `${v.townshipName} · ${v.name}` : v.name }));
  // The report's roster link narrows to a township: name it rather than show its id.
  if (filters.orgId && !villageOptions.some((o) => o.value === filters.orgId)) {
    const township = villages.find((v) => v.townshipId === filters.orgId)?.townshipName;
    villageOptions.unshift({ value: filters.orgId, label: township ?? t('dispute.filter.org') });
  }
  const totals = coverage.data?.totals;
  // The target is set on the township (or county) the user is looking at.
  const targetOrg = switcherOrg ?? villages[0]?.townshipId ?? me.org.id;

  const onCreate = () =>
    createForm.submit(async (body) => {
      await create.mutateAsync(body);
      message.success(t('common.saved'));
      setCreating(false);
    });
  const onActivity = () =>
    activityForm.submit(async (body) => {
      if (!activityFor) return;
      await addActivity.mutateAsync({ id: activityFor.id, body });
      message.success(t('common.saved'));
      setActivityFor(null);
    });
  const onTarget = () =>
    targetForm.submit(
      async (body) => {
        await setTarget.mutateAsync(body);
        message.success(t('common.saved'));
        setTargetOpen(false);
      },
      { orgId: targetOrg },
    );

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('und.title')}</h2>
        <Space wrap>
          <InputNumber value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} style={{ width: 90 }} data-testid="und-year" />
          {can('mediation.manage') && (
            <Button onClick={() => setTargetOpen(true)} data-testid="und-target">
              {t('und.setTarget')}
            </Button>
          )}
          {canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                createForm.reset();
                setCreating(true);
              }}
              data-testid="und-create"
            >
              {t('und.create')}
            </Button>
          )}
        </Space>
      </div>

      {coverageView && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={asOf ? t('und.coverageOnly', { date: asOf }) : t('und.coverage')}
          action={
            <Button size="small" onClick={() => setParams({})}>
              {t('common.showAll')}
            </Button>
          }
        />
      )}
      <div ref={coverageRef} />
      <Card size="small" title={asOf ? t('und.coverageOnly', { date: asOf }) : t('und.coverage')} style={{ marginBottom: 12 }} loading={coverage.isLoading}>
        {coverage.error && <Alert type="error" title={coverage.error.message} />}
        {totals && (
          <Space size="large" wrap style={{ marginBottom: 12 }}>
            <Progress type="circle" size={72} percent={totals.villages ? Math.round((totals.met / totals.villages) * 100) : 0} />
            <div>
              <div>{t('und.villagesMet', { met: totals.met, total: totals.villages })}</div>
              <div>{t('und.totalCount', { n: totals.understanders })}</div>
            </div>
          </Space>
        )}
        <Table
          size="small"
          rowKey="orgId"
          dataSource={villages}
          pagination={villages.length > 12 ? { pageSize: 12, size: 'small' } : false}
          scroll={{ x: 'max-content' }}
          data-testid="und-coverage"
          columns={[
            { title: t('screening.village'), dataIndex: 'name', render: (n: string, v) => (v.townshipName ? `${v.townshipName} · ${n}` : n) },
            { title: t('und.count'), dataIndex: 'count', width: 90, align: 'right' },
            { title: t('und.target'), dataIndex: 'target', width: 90, align: 'right' },
            {
              title: t('und.coverageCol'),
              key: 'met',
              width: 180,
              render: (_: unknown, v) => (
                <Space>
                  <Progress percent={Math.min(100, Math.round((v.count / Math.max(1, v.target)) * 100))} size="small" style={{ width: 90 }} status={v.met ? 'success' : 'exception'} showInfo={false} />
                  {v.met ? <Tag color="green">{t('und.met')}</Tag> : <Tag color="red">{t('und.notMet')}</Tag>}
                </Space>
              ),
            },
            {
              title: '',
              key: 'go',
              width: 70,
              render: (_: unknown, v) => (
                <Button size="small" type="link" onClick={() => setFilters({ ...filters, orgId: v.orgId, page: 1 })}>
                  {t('common.view')}
                </Button>
              ),
            },
          ]}
        />
      </Card>

      <Card size="small" title={t('und.roster')}>
        <div className="fz-filters">
          <Select
            allowClear
            placeholder={t('screening.village')}
            options={villageOptions}
            value={filters.orgId}
            onChange={(v) => setFilters({ ...filters, orgId: v, page: 1 })}
            showSearch={{ optionFilterProp: 'label' }}
            data-testid="und-filter-village"
          />
          <Select
            allowClear
            placeholder={t('und.category')}
            options={UNDERSTANDER_CATEGORIES.map((c) => ({ value: c, label: label(UNDERSTANDER_CATEGORY_LABELS[c]) }))}
            value={filters.category}
            onChange={(v) => setFilters({ ...filters, category: v, page: 1 })}
            data-testid="und-filter-category"
          />
          <Select
            allowClear
            placeholder={t('common.status')}
            value={filters.active === undefined ? undefined : filters.active ? 1 : 0}
            onChange={(v) => setFilters({ ...filters, active: v === undefined ? undefined : v === 1, page: 1 })}
            options={[
              { value: 1, label: t('und.active') },
              { value: 0, label: t('und.inactive') },
            ]}
            data-testid="und-filter-active"
          />
          {filters.appointedTo && (
            <Tag closable onClose={() => setFilters({ ...filters, appointedTo: undefined, page: 1 })} data-testid="und-filter-appointed-to">
              {t('und.appointedTo', { date: filters.appointedTo })}
            </Tag>
          )}
          <SearchInput
            placeholder={t('und.searchName')}
            onSearch={(q) => setFilters({ ...filters, q: q || undefined, page: 1 })}
            style={{ maxWidth: 240 }}
            testid="und-filter-q"
          />
        </div>
        <Table
          size="small"
          rowKey="id"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="und-list"
          pagination={pagination(filters, list.data?.total, (p) => setFilters({ ...filters, ...p }))}
          columns={[
            {
              title: t('person.name'),
              key: 'name',
              fixed: 'left',
              render: (_: unknown, u) => (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setViewing(u)}>
                  {u.person.name}
                </Button>
              ),
            },
            { title: t('screening.village'), dataIndex: 'orgName' },
            { title: t('und.category'), dataIndex: 'category', render: (c: TUnderstanderView['category']) => label(UNDERSTANDER_CATEGORY_LABELS[c]) },
            { title: t('person.phone'), key: 'phone', render: (_: unknown, u) => <span className="fz-mono">{u.person.phoneMasked || '—'}</span> },
            { title: t('und.appointedOn'), dataIndex: 'appointedOn', width: 110 },
            { title: t('und.hours', { year }), dataIndex: 'trainingHours', align: 'right', width: 100 },
            {
              title: t('und.activities', { year }),
              key: 'acts',
              render: (_: unknown, u) => (
                <Space size={[4, 4]} wrap>
                  {ACTIVITY_KINDS.filter((k) => u.activities[k]).map((k) => (
                    <Tag key={k}>
                      {label(ACTIVITY_KIND_LABELS[k])} {u.activities[k]}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            { title: t('common.status'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{t('und.active')}</Tag> : <Tag>{t('und.inactive')}</Tag>) },
            ...(canWrite
              ? [
                  {
                    title: t('common.actions'),
                    key: 'ops',
                    render: (_: unknown, u: TUnderstanderView) => (
                      <Space size={0}>
                        <Button
                          size="small"
                          type="link"
                          onClick={() => {
                            activityForm.reset();
                            activityForm.form.setFieldsValue({ kind: 'publicity', hours: 0 });
                            setActivityFor(u);
                          }}
                          data-testid={`und-add-activity-${u.id}`}
                        >
                          {t('und.addActivity')}
                        </Button>
                        <Button
                          size="small"
                          type="link"
                          danger={u.active}
                          onClick={() => update.mutate({ id: u.id, body: { active: !u.active } }, { onError: (e) => message.error(e.message) })}
                        >
                          {u.active ? t('und.deactivate') : t('und.activate')}
                        </Button>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>

      <Modal
        open={creating}
        title={t('und.create')}
        onCancel={() => setCreating(false)}
        onOk={onCreate}
        okButtonProps={{ loading: createForm.submitting, ...tid('und-create-submit') }}
        destroyOnHidden
        width={640}
      >
        <FormErrors sf={createForm} />
        <Form form={createForm.form} layout="vertical" onFinish={onCreate}>
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="orgId" label={t('screening.village')} required>
                <Select options={villageOptions} showSearch={{ optionFilterProp: 'label' }} data-testid="und-create-village" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="category" label={t('und.category')} required>
                <Select options={UNDERSTANDER_CATEGORIES.map((c) => ({ value: c, label: label(UNDERSTANDER_CATEGORY_LABELS[c]) }))} data-testid="und-create-category" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item name="appointedOn" label={t('und.appointedOn')} required>
                <DateInput data-testid="und-create-appointed" />
              </Form.Item>
            </Col>
          </Row>
          <PersonFields prefix={['person']} testid="und-person" />
        </Form>
      </Modal>

      <Modal
        open={!!activityFor}
        title={activityFor ? `${t('und.addActivity')} · ${activityFor.person.name}` : ''}
        onCancel={() => setActivityFor(null)}
        onOk={onActivity}
        okButtonProps={{ loading: activityForm.submitting, ...tid('und-activity-submit') }}
        destroyOnHidden
      >
        <FormErrors sf={activityForm} />
        <Form form={activityForm.form} layout="vertical" onFinish={onActivity}>
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item name="kind" label={t('und.activityKind')} required>
                <Select options={ACTIVITY_KINDS.map((k) => ({ value: k, label: label(ACTIVITY_KIND_LABELS[k]) }))} data-testid="und-activity-kind" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="heldOn" label={t('common.date')} required>
                <DateInput data-testid="und-activity-date" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="hours" label={t('und.hoursShort')}>
                <InputNumber min={0} max={24} step={0.5} style={{ width: '100%' }} data-testid="und-activity-hours" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="summary" label={t('und.summary')} required>
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="und-activity-summary" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal open={targetOpen} title={t('und.setTarget')} onCancel={() => setTargetOpen(false)} onOk={onTarget} okButtonProps={{ loading: targetForm.submitting }} destroyOnHidden>
        <FormErrors sf={targetForm} />
        <Typography.Paragraph type="secondary">{t('und.targetHelp')}</Typography.Paragraph>
        <Form form={targetForm.form} layout="vertical" onFinish={onTarget}>
          <Form.Item name="target" label={t('und.target')}>
            <InputNumber min={1} max={50} data-testid="und-target-input" />
          </Form.Item>
        </Form>
      </Modal>

      <Drawer open={!!viewing} onClose={() => setViewing(null)} title={viewing?.person.name} size={drawerSize}>
        {viewing && (
          <>
            <p>
              {viewing.orgName} · {label(UNDERSTANDER_CATEGORY_LABELS[viewing.category])} · {t('und.appointedOn')} {viewing.appointedOn}
            </p>
            <p>
              {t('person.phone')}: <span className="fz-mono">{viewing.person.phoneMasked || '—'}</span>
              <UnmaskButton personId={viewing.person.id} name={viewing.person.name} />
            </p>
            <Typography.Title level={5}>{t('und.activityLog')}</Typography.Title>
            <Timeline
              items={(activities.data?.items ?? []).map((a) => ({
                key: a.id,
                title: `${a.heldOn} · ${label(ACTIVITY_KIND_LABELS[a.kind])}${a.hours ? ` · ${a.hours}h` : ''}`,
                content: a.summary,
              }))}
            />
            {activities.data && activities.data.items.length === 0 && <Typography.Text type="secondary">{t('common.none')}</Typography.Text>}
          </>
        )}
      </Drawer>
    </div>
  );
}
