import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { type TPlanView, ZPlanCopy, ZPlanCreate } from '../../../common/schemas/planning.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid } from '../../components/ui.tsx';
import { useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { OrgSelect } from '../admin/OrgSelect.tsx';
import { useCopyPlan, useCreatePlan, usePlans } from './hooks.ts';
import { OnTimeRate } from './OverviewPage.tsx';
import { PlanStateTag, TASK_STATE_HEX, useHomeOrg, yearOptions } from './labels.tsx';

/**
 * 年度法治建设工作要点: the plans in the user's scope by year; a new plan (written in place or with
 * its document uploaded on the plan page), or a copy of last year's plan with deadlines moved on.
 */
export default function PlansPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const navigate = useNavigate();
  const homeOrg = useHomeOrg();
  const [params, setParams] = useSearchParams();
  const year = params.get('year') ? Number(params.get('year')) : undefined;
  const list = usePlans({ year, orgId: params.get('orgId') ?? undefined });
  const createPlan = useCreatePlan();
  const copyPlan = useCopyPlan();
  const [creating, setCreating] = useState(false);
  const [copying, setCopying] = useState<TPlanView | null>(null);
  const createForm = useSchemaForm(ZPlanCreate);
  const copyForm = useSchemaForm(ZPlanCopy);

  const openCreate = () => {
    createForm.reset();
    const y = new Date().getFullYear();
    createForm.form.setFieldsValue({ orgId: homeOrg, year: y });
    setCreating(true);
  };
  const onCreate = () =>
    createForm.submit(async (body) => {
      const p = await createPlan.mutateAsync(body);
      message.success(t('common.saved'));
      setCreating(false);
      navigate(`/planning/plans/${p.id}`);
    });
  const openCopy = (p: TPlanView) => {
    copyForm.reset();
    copyForm.form.setFieldsValue({ year: p.year + 1 });
    setCopying(p);
  };
  const onCopy = () =>
    copyForm.submit(async (body) => {
      if (!copying) return;
      const p = await copyPlan.mutateAsync({ id: copying.id, body });
      message.success(t('planning.copied'));
      setCopying(null);
      navigate(`/planning/plans/${p.id}`);
    });

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('menu.planningPlans')}</h2>
        <Space wrap>
          <Select
            allowClear
            placeholder={t('common.year')}
            value={year}
            onChange={(v) => setParams(v ? { year: String(v) } : {})}
            options={yearOptions()}
            style={{ width: 110 }}
            data-testid="plans-year"
          />
          {can('planning.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={openCreate} data-testid="plan-create">
              {t('planning.createPlan')}
            </Button>
          )}
        </Space>
      </div>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<TPlanView>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="plan-list"
        onRow={(r) => ({ 'data-testid': `plan-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('common.year'), dataIndex: 'year', width: 70 },
          {
            title: t('planning.planTitle'),
            dataIndex: 'title',
            render: (v: string, r) => (
              <Space direction="vertical" size={0}>
                <Link to={`/planning/plans/${r.id}`} data-testid="plan-link">
                  {v}
                </Link>
                {r.parentPlanId && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('planning.handedDownFrom')}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { title: t('planning.org'), dataIndex: 'orgName' },
          { title: t('common.status'), dataIndex: 'state', render: (s: TPlanView['state']) => <PlanStateTag state={s} /> },
          { title: t('planning.tasksTotal'), key: 'total', align: 'right', render: (_: unknown, r) => r.counts.total },
          {
            title: t('planning.state.overdue'),
            key: 'overdue',
            align: 'right',
            render: (_: unknown, r) => (r.counts.overdue ? <span style={{ color: TASK_STATE_HEX.overdue, fontWeight: 600 }}>{r.counts.overdue}</span> : 0),
          },
          { title: t('planning.state.completed'), key: 'completed', align: 'right', render: (_: unknown, r) => r.counts.completed },
          { title: t('planning.onTimeRate'), key: 'ontime', render: (_: unknown, r) => <OnTimeRate counts={r.counts} /> },
          { title: t('planning.updatedAt'), dataIndex: 'updatedAt', responsive: ['lg'], render: (v: string) => v.slice(0, 10) },
          {
            title: '',
            key: 'ops',
            render: (_: unknown, r) =>
              can('planning.manage') ? (
                <Button size="small" icon={<CopyOutlined />} onClick={() => openCopy(r)} data-testid={`plan-copy-${r.id}`}>
                  {t('planning.copyPlan')}
                </Button>
              ) : null,
          },
        ]}
      />

      <Modal
        open={creating}
        title={t('planning.createPlan')}
        onCancel={() => setCreating(false)}
        onOk={onCreate}
        okButtonProps={{ loading: createForm.submitting, ...tid('plan-create-submit') }}
        destroyOnHidden
        width={640}
      >
        <FormErrors sf={createForm} />
        <Form form={createForm.form} layout="vertical" onFinish={onCreate}>
          <Form.Item name="orgId" label={t('planning.org')} required>
            <OrgSelect kinds={['township', 'county']} testid="plan-create-org" />
          </Form.Item>
          <Form.Item name="year" label={t('common.year')} required>
            <InputNumber min={2000} max={2100} style={{ width: 120 }} data-testid="plan-create-year" />
          </Form.Item>
          <Form.Item name="title" label={t('planning.planTitle')} required extra={t('planning.planTitleHelp')}>
            <Input maxLength={200} data-testid="plan-create-title" />
          </Form.Item>
          <Form.Item name="body" label={t('planning.body')} extra={t('planning.bodyHelp')}>
            <Input.TextArea rows={6} data-testid="plan-create-body" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        open={!!copying}
        title={t('planning.copyPlan')}
        onCancel={() => setCopying(null)}
        onOk={onCopy}
        okButtonProps={{ loading: copyForm.submitting, ...tid('plan-copy-submit') }}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('planning.copyHelp', { title: copying?.title ?? '' })}</Typography.Paragraph>
        <FormErrors sf={copyForm} />
        <Form form={copyForm.form} layout="vertical" onFinish={onCopy}>
          <Form.Item name="year" label={t('planning.copyToYear')} required>
            <InputNumber min={2000} max={2100} style={{ width: 120 }} data-testid="plan-copy-year" />
          </Form.Item>
          <Form.Item name="title" label={t('planning.planTitle')} extra={<Tag>{t('planning.copyTitleHelp')}</Tag>}>
            <Input maxLength={200} data-testid="plan-copy-title" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
