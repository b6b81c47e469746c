import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, AutoComplete, Button, Card, Col, Collapse, Empty, Form, Input, InputNumber, Modal, Row, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ZPlanCreate } from '../../../common/schemas/study.ts';
import { COMMON_LAWS, PLAN_KIND_LABELS, PLAN_KINDS } from '../../../common/study-enums.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid } from '../../components/ui.tsx';
import { DateInput, useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { useCreatePlan, usePlans, useStudyOrg } from './hooks.ts';

/** 学习计划: the year's plans (中心组, 会前学法, 干部普法), each item with the sessions that fulfilled it. */
export default function PlansPage() {
  const { t, label } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const orgId = useStudyOrg();
  const [year, setYear] = useState(new Date().getFullYear());
  const plans = usePlans({ year, orgId });
  const create = useCreatePlan();
  const sf = useSchemaForm(ZPlanCreate);
  const [open, setOpen] = useState(false);
  const onOk = () =>
    sf.submit(
      async (body) => {
        await create.mutateAsync(body);
        message.success(t('common.saved'));
        setOpen(false);
      },
      { orgId, year },
    );
  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('study.plans')}</h2>
        <Space>
          <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} data-testid="study-plans-year" />
          {can('study.write') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                sf.reset();
                sf.form.setFieldsValue({ kind: 'center_group', items: [{}] });
                setOpen(true);
              }}
              data-testid="study-plan-create"
            >
              {t('study.planNew')}
            </Button>
          )}
        </Space>
      </div>
      {(plans.data?.items ?? []).length === 0 && <Empty />}
      <Collapse
        items={(plans.data?.items ?? []).map((p) => ({
          key: p.id,
          label: (
            <Space>
              <Tag>{label(PLAN_KIND_LABELS[p.kind])}</Tag>
              {p.title}
              <Tag color={p.itemsDone === p.items.length ? 'green' : 'orange'}>{t('study.itemsDone', { done: p.itemsDone, total: p.items.length })}</Tag>
            </Space>
          ),
          children: (
            <Card size="small">
              {p.items.map((i) => (
                <Row key={i.id} gutter={8} style={{ marginBottom: 4 }}>
                  <Col flex="90px">{i.month ?? '—'}</Col>
                  <Col flex="auto">{i.title}</Col>
                  <Col>
                    {i.sessions.length ? (
                      i.sessions.map((s) => (
                        <Link key={s.id} to={`/study/sessions/${s.id}`}>
                          <Tag color="green">{s.heldOn}</Tag>
                        </Link>
                      ))
                    ) : (
                      <Tag>{t('study.notYet')}</Tag>
                    )}
                  </Col>
                </Row>
              ))}
            </Card>
          ),
        }))}
      />
      <Modal open={open} title={t('study.planNew')} width={720} onCancel={() => setOpen(false)} onOk={onOk} okButtonProps={{ loading: sf.submitting, ...tid('study-plan-save') }} destroyOnHidden>
        <FormErrors sf={sf} />
        <Form form={sf.form} layout="vertical">
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="kind" label={t('study.kind')} required>
                <Select options={PLAN_KINDS.map((k) => ({ value: k, label: label(PLAN_KIND_LABELS[k]) }))} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item name="title" label={t('study.planTitle')} required>
                <Input maxLength={200} data-testid="study-plan-title" />
              </Form.Item>
            </Col>
          </Row>
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Row key={f.key} gutter={8}>
                    <Col flex="auto">
                      <Form.Item name={[f.name, 'title']} label={t('study.planItemTitle')}>
                        <AutoComplete options={COMMON_LAWS.map((l) => ({ value: l }))} filterOption={(input, o) => String(o?.value ?? '').includes(input)} maxLength={200} />
                      </Form.Item>
                    </Col>
                    <Col flex="160px">
                      <Form.Item name={[f.name, 'month']} label={t('common.month')}>
                        <DateInput picker="month" />
                      </Form.Item>
                    </Col>
                    <Col flex="40px" style={{ paddingTop: 30 }}>
                      <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                    </Col>
                  </Row>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add({})}>
                  {t('study.addItem')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </div>
  );
}
