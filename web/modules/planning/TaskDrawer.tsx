import { Alert, App, Button, Col, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { DUE_KIND_LABELS, DUE_KINDS, type DueKind } from '../../../common/planning-enums.ts';
import { type TTaskView, ZTaskCreate, ZTaskUpdate } from '../../../common/schemas/planning.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { useDrawerSize } from '../../components/ui.tsx';
import { DateInput, useSchemaForm, withEmptied, formValuesOf } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCreateTask, usePlan, usePlans, useUpdateTask } from './hooks.ts';
import { DeptSelect, StaffSelect } from './labels.tsx';

/** Keys the edit form sends as null / '' / [] when cleared, so that clearing really clears (cleanValues drops empties). */
const NULLABLE = ['sectionId', 'leadStaffId', 'deptOrgId', 'dueDate', 'dueDay', 'startDate'] as const;
const TEXTS = ['seqNo', 'expectedOutput'] as const;

function clearedAsNull(v: Record<string, unknown>): Record<string, unknown> {
  const out = withEmptied(v, { nulls: NULLABLE, texts: TEXTS, lists: ['coopOrgIds'] });
  // A date task has no due day; a recurring task has no single date.
  if (out.dueKind === 'date') out.dueDay = null;
  else out.dueDate = null;
  return out;
}

/**
 * The task create/edit drawer: the shared zod schema (ZTaskCreate / ZTaskUpdate) through useSchemaForm;
 * the server's field errors land on the items they name. With `decision` it creates a task that keeps
 * the link to the meeting decision it carries out (and asks which plan it belongs to).
 */
export function TaskDrawer({
  open,
  onClose,
  planId,
  orgId,
  year,
  task,
  decision,
  defaultSectionId,
  onSaved,
}: {
  open: boolean;
  onClose: () => void;
  /** Known when opened from a plan; else chosen in the form (a task from a meeting decision). */
  planId?: string;
  orgId: string;
  year?: number;
  task?: TTaskView | null;
  decision?: { id: string; content: string } | null;
  defaultSectionId?: string | null;
  onSaved?: (taskId: string) => void;
}) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const size = useDrawerSize(720);
  const editing = !!task;
  const create = useSchemaForm(ZTaskCreate, { transform: (v) => ({ ...v, dueDay: v.dueKind === 'date' ? undefined : v.dueDay, dueDate: v.dueKind === 'date' ? v.dueDate : undefined }) });
  const update = useSchemaForm(ZTaskUpdate, { transform: clearedAsNull });
  const sf = editing ? update : create;
  const form = sf.form;
  const chosenPlan = Form.useWatch('planId', form) as string | undefined;
  const effectivePlan = planId ?? task?.planId ?? chosenPlan;
  const plan = usePlan(effectivePlan);
  const plans = usePlans({ orgId }, !planId && !task);
  const dueKind = (Form.useWatch('dueKind', form) as DueKind | undefined) ?? 'date';
  const createTask = useCreateTask();
  const updateTask = useUpdateTask();

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when the drawer opens (or opens on another task), not on every render of the parent
  useEffect(() => {
    if (!open) return;
    sf.reset();
    if (task) {
      form.setFieldsValue(formValuesOf(task, ['sectionId', 'seqNo', 'title', 'leadStaffId', 'deptOrgId', 'coopOrgIds', 'dueKind', 'dueDate', 'dueDay', 'startDate', 'expectedOutput']));
    } else {
      form.setFieldsValue({ dueKind: 'date', sectionId: defaultSectionId ?? undefined, title: decision?.content.slice(0, 500), planId: planId });
    }
  }, [open, task?.id, decision?.id]);

  // A task from a meeting decision goes into the plan of the meeting's year by default (any plan of the org may be chosen).
  useEffect(() => {
    if (!open || planId || task || chosenPlan || !year) return;
    const match = plans.data?.items.find((p) => p.year === year);
    if (match) form.setFieldValue('planId', match.id);
  }, [open, planId, task, chosenPlan, year, plans.data, form]);

  const sections = useMemo(() => (plan.data?.sections ?? []).map((s) => ({ value: s.id, label: s.title })), [plan.data]);

  const onSubmit = () =>
    sf.submit(
      async (body) => {
        const saved = editing ? await updateTask.mutateAsync({ id: task!.id, body }) : await createTask.mutateAsync(body as never);
        message.success(t('common.saved'));
        onSaved?.(saved.id);
        onClose();
      },
      editing ? undefined : { planId: effectivePlan, decisionId: decision?.id },
    );

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={size}
      title={editing ? t('planning.editTask') : decision ? t('planning.taskFromDecision') : t('planning.addTask')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={sf.submitting} onClick={onSubmit} data-testid="task-submit">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {decision && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('planning.decisionLink')} description={decision.content} />}
      <FormErrors sf={sf} />
      <Form form={form} layout="vertical" onFinish={onSubmit} data-testid="task-form">
        {!planId && !task && (
          <Form.Item name="planId" label={t('planning.plan')} required extra={t('planning.planForDecisionHelp')}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={(plans.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.year} ${p.title}` }))} loading={plans.isLoading} data-testid="task-plan" />
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col xs={24} sm={16}>
            <Form.Item name="sectionId" label={t('planning.section')}>
              <Select allowClear options={sections} data-testid="task-section" placeholder={t('planning.noSection')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="seqNo" label={t('planning.seqNo')}>
              <Input maxLength={20} data-testid="task-seqno" placeholder="1、（一）、1.2" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="title" label={t('planning.task')} required>
          <Input.TextArea rows={2} maxLength={500} showCount data-testid="task-title" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="leadStaffId" label={t('planning.leadStaff')} extra={t('planning.leadStaffHelp')}>
              <StaffSelect orgId={orgId} testid="task-lead" filter={(s) => s.category === 'leader' || s.id === task?.leadStaffId} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="deptOrgId" label={t('planning.dept')}>
              <DeptSelect orgId={orgId} testid="task-dept" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="coopOrgIds" label={t('planning.coopDepts')}>
          <DeptSelect orgId={orgId} multiple testid="task-coop" />
        </Form.Item>
        <Form.Item name="dueKind" label={t('planning.dueKind')} required>
          <Radio.Group optionType="button" options={DUE_KINDS.map((k) => ({ value: k, label: label(DUE_KIND_LABELS[k]) }))} data-testid="task-duekind" />
        </Form.Item>
        <Row gutter={12}>
          {dueKind === 'date' ? (
            <Col xs={24} sm={12}>
              <Form.Item name="dueDate" label={t('planning.deadline')} required>
                <DateInput data-testid="task-duedate" />
              </Form.Item>
            </Col>
          ) : (
            <Col xs={24} sm={12}>
              <Form.Item name="dueDay" label={t('planning.dueDay')} extra={dueKind === 'monthly' ? t('planning.dueDayMonthlyHelp') : t('planning.dueDayQuarterlyHelp')}>
                <InputNumber min={1} max={31} style={{ width: '100%' }} data-testid="task-dueday" placeholder={t('planning.monthEnd')} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} sm={12}>
            <Form.Item name="startDate" label={t('planning.startDate')} extra={dueKind === 'date' ? undefined : t('planning.startDateHelp')}>
              <DateInput data-testid="task-startdate" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="expectedOutput" label={t('planning.expectedOutput')}>
          <Input.TextArea rows={2} maxLength={1000} data-testid="task-output" />
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('planning.stateDerivedHelp')}
        </Typography.Paragraph>
      </Form>
    </Drawer>
  );
}
