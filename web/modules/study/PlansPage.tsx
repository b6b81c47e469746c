import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, AutoComplete, Button, Card, Col, Collapse, Empty, Form, Input, InputNumber, Modal, Row, Select, Space, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { type TPlanView, ZPlanCreate, ZPlanUpdate } from '../../../common/schemas/study.ts';
import { COMMON_LAWS, PLAN_KIND_LABELS, PLAN_KINDS } from '../../../common/study-enums.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid } from '../../components/ui.tsx';
import { DateInput, useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { useCreatePlan, usePlans, useStudyOrg, useUpdatePlan } from './hooks.ts';

/** An emptied plan note must reach the server as '' (cleanValues drops it); an item without month or note is stored without. */
const notesCleared = (v: Record<string, unknown>) => ({ ...v, notes: v.notes ?? '', items: v.items ?? [] });

/** 学习计划: the year's plans (中心组, 会前学法, 干部普法), each item with the sessions that fulfilled it; a plan and its items can be edited. */
export default function PlansPage() {
  const { t, label } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const orgId = useStudyOrg();
  const [year, setYear] = useState(new Date().getFullYear());
  const plans = usePlans({ year, orgId });
  const create = useCreatePlan();
  const update = useUpdatePlan();
  const createSf = useSchemaForm(ZPlanCreate);
  const updateSf = useSchemaForm(ZPlanUpdate, { transform: notesCleared });
  const [open, setOpen] = useState(false);
  /** The plan being edited (null: creating). */
  const [editing, setEditing] = useState<TPlanView | null>(null);
  const sf = editing ? updateSf : createSf;
  // Items already fulfilled by a session cannot be removed (the server refuses it too).
  const inUse = new Set((editing?.items ?? []).filter((i) => i.sessions.length > 0).map((i) => i.id));
  const itemIds = (Form.useWatch('items', sf.form) as { id?: string }[] | undefined) ?? [];
  const onOk = () =>
    editing
      ? updateSf.submit(async (body) => {
          await update.mutateAsync({ id: editing.id, body });
          message.success(t('common.saved'));
          setOpen(false);
        })
      : createSf.submit(
          async (body) => {
            await create.mutateAsync(body);
            message.success(t('common.saved'));
            setOpen(false);
          },
          { orgId, year },
        );
  const openEdit = (p: TPlanView) => {
    updateSf.reset();
    setEditing(p);
    updateSf.form.setFieldsValue({
      title: p.title,
      notes: p.notes ?? undefined,
      items: p.items.map((i) => ({ id: i.id, title: i.title, month: i.month ?? undefined, notes: i.notes ?? undefined })),
    });
    setOpen(true);
  };
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
                createSf.reset();
                setEditing(null);
                createSf.form.setFieldsValue({ kind: 'center_group', items: [{}] });
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
          extra: can('study.write') ? (
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={(e) => {
                e.stopPropagation();
                openEdit(p);
              }}
              data-testid={`study-plan-edit-${p.id}`}
            >
              {t('common.edit')}
            </Button>
          ) : undefined,
          label: (
            <Space>
              <Tag>{label(PLAN_KIND_LABELS[p.kind])}</Tag>
              {p.title}
              <Tag color={p.itemsDone === p.items.length ? 'green' : 'orange'}>{t('study.itemsDone', { done: p.itemsDone, total: p.items.length })}</Tag>
            </Space>
          ),
          children: (
            <Card size="small">
              {p.notes && <div style={{ whiteSpace: 'pre-wrap', marginBottom: 8 }}>{p.notes}</div>}
              {p.items.map((i) => (
                <Row key={i.id} gutter={8} style={{ marginBottom: 4 }}>
                  <Col flex="90px">{i.month ?? '—'}</Col>
                  <Col flex="auto">
                    {i.title}
                    {i.notes ? <span style={{ color: 'var(--ant-color-text-secondary)' }}>（{i.notes}）</span> : null}
                  </Col>
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
      <Modal open={open} title={editing ? t('study.planEdit') : t('study.planNew')} width={720} onCancel={() => setOpen(false)} onOk={onOk} okButtonProps={{ loading: sf.submitting, ...tid('study-plan-save') }} destroyOnHidden>
        <FormErrors sf={sf} />
        <Form form={sf.form} layout="vertical">
          <Row gutter={12}>
            <Col span={8}>
              {/* The kind (and org, year) of a plan are fixed once made: the edit shows the kind only. */}
              {editing ? (
                <Form.Item label={t('study.kind')}>
                  <Tag>{label(PLAN_KIND_LABELS[editing.kind])}</Tag>
                </Form.Item>
              ) : (
                <Form.Item name="kind" label={t('study.kind')} required>
                  <Select options={PLAN_KINDS.map((k) => ({ value: k, label: label(PLAN_KIND_LABELS[k]) }))} />
                </Form.Item>
              )}
            </Col>
            <Col span={16}>
              <Form.Item name="title" label={t('study.planTitle')} required>
                <Input maxLength={200} data-testid="study-plan-title" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item name="notes" label={t('common.notes')}>
            <Input.TextArea rows={2} maxLength={2000} data-testid="study-plan-notes" />
          </Form.Item>
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, n) => {
                  const used = inUse.has(itemIds[f.name]?.id ?? '');
                  return (
                    <Row key={f.key} gutter={8} data-testid={`study-plan-item-${n}`}>
                      <Col flex="auto">
                        <Form.Item name={[f.name, 'title']} label={t('study.planItemTitle')}>
                          <AutoComplete
                            options={COMMON_LAWS.map((l) => ({ value: l }))}
                            filterOption={(input, o) => String(o?.value ?? '').includes(input)}
                            maxLength={200}
                            data-testid={`study-plan-item-title-${n}`}
                          />
                        </Form.Item>
                      </Col>
                      <Col flex="160px">
                        <Form.Item name={[f.name, 'month']} label={t('common.month')}>
                          <DateInput picker="month" data-testid={`study-plan-item-month-${n}`} />
                        </Form.Item>
                      </Col>
                      <Col flex="40px" style={{ paddingTop: 30 }}>
                        <Tooltip title={used ? t('study.planItemInUse') : undefined}>
                          <Button icon={<DeleteOutlined />} disabled={used} onClick={() => remove(f.name)} aria-label={t('common.delete')} data-testid={`study-plan-item-remove-${n}`} />
                        </Tooltip>
                      </Col>
                    </Row>
                  );
                })}
                <Button icon={<PlusOutlined />} onClick={() => add({})} data-testid="study-plan-add-item">
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
