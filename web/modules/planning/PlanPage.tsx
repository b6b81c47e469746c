import {
  ArrowLeftOutlined,
  DeleteOutlined,
  EditOutlined,
  FileExcelOutlined,
  PaperClipOutlined,
  PlusOutlined,
  SendOutlined,
} from '@ant-design/icons';
import { App, Button, Card, Col, Empty, Form, Input, Modal, Popconfirm, Progress, Result, Row, Segmented, Select, Space, Table, Tabs, Tag, Typography, } from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { TASK_STATES, TASK_TABLE_COLUMNS, type TaskTableColumn } from '../../../common/planning-enums.ts';
import type { THandDownResult, TPlanDetail, TSectionView, TTaskImportResult, TTaskView } from '../../../common/schemas/planning.ts';
import { ZPlanUpdate, ZSectionCreate } from '../../../common/schemas/planning.ts';
import { UploadButton } from '../../components/UploadButton.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { Loading, LoadFailed, tid } from '../../components/ui.tsx';
import { useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { useOrgs } from '../admin/hooks.ts';
import {
  downloadFile,
  downloadPlanXlsx,
  downloadTemplate,
  useBoard,
  useCreateSection,
  useDeleteSection,
  useHandDown,
  useImportTasks,
  usePlan,
  usePublishPlan,
  useUpdatePlan,
  useUpdateSection,
  useUploadPlanDocument,
} from './hooks.ts';
import { PlanStateTag, TASK_STATE_HEX, TaskStateTag, useDueLabel } from './labels.tsx';
import { OnTimeRate } from './OverviewPage.tsx';
import { TaskDrawer } from './TaskDrawer.tsx';

/** One task on the board: title, owner, deadline, state and progress; the whole card opens the task. */
function TaskCard({ task, onEdit, canEdit }: { task: TTaskView; onEdit: () => void; canEdit: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const due = useDueLabel();
  return (
    <Card
      size="small"
      hoverable
      style={{ marginBottom: 8, borderInlineStart: `3px solid ${TASK_STATE_HEX[task.state]}` }}
      onClick={() => navigate(`/planning/tasks/${task.id}`)}
      data-testid={`board-task-${task.id}`}
      data-state={task.state}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <Typography.Text strong style={{ flex: 1 }}>
          {task.seqNo ? `${task.seqNo} ` : ''}
          {task.title}
        </Typography.Text>
        {canEdit && (
          <Button
            size="small"
            type="text"
            icon={<EditOutlined />}
            aria-label={t('common.edit')}
            data-testid={`board-task-edit-${task.id}`}
            onClick={(e) => {
              e.stopPropagation();
              onEdit();
            }}
          />
        )}
      </div>
      <div style={{ fontSize: 12, margin: '4px 0' }}>
        <Typography.Text type="secondary">
          {task.leadStaffName ?? t('planning.noOwner')} · {task.deptName ?? '—'}
          {task.coopNames.length ? ` · ${t('planning.coopShort')}${task.coopNames.join('、')}` : ''}
        </Typography.Text>
      </div>
      <Space size={4} wrap>
        <TaskStateTag state={task.state} testid={`board-task-state-${task.id}`} />
        <Tag>{due(task)}</Tag>
        {task.dueKind !== 'date' && task.nextDueOn && <Tag>{t('planning.nextDue', { date: task.nextDueOn })}</Tag>}
      </Space>
      {task.state !== 'cancelled' && <Progress percent={task.percent} size="small" strokeColor={TASK_STATE_HEX[task.state]} />}
    </Card>
  );
}

function SectionTitle({ section, canManage, empty }: { section: TSectionView; canManage: boolean; empty: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const update = useUpdateSection();
  const del = useDeleteSection();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(section.title);
  if (editing)
    return (
      <Space.Compact style={{ width: '100%' }}>
        <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} data-testid={`section-title-input-${section.id}`} />
        <Button
          type="primary"
          onClick={() =>
            update.mutate(
              { id: section.id, body: { title } },
              { onSuccess: () => setEditing(false), onError: (e) => message.error(e.message) },
            )
          }
        >
          {t('common.save')}
        </Button>
      </Space.Compact>
    );
  return (
    <Space size={4}>
      <span>{section.title}</span>
      {canManage && <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing(true)} />}
      {canManage && empty && (
        <Popconfirm title={t('common.deleteConfirm', { name: section.title })} onConfirm={() => del.mutate(section.id, { onError: (e) => message.error(e.message) })}>
          <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} data-testid={`section-delete-${section.id}`} />
        </Popconfirm>
      )}
    </Space>
  );
}

function Board({ plan, canManage, onEdit, onAdd }: { plan: TPlanDetail; canManage: boolean; onEdit: (t: TTaskView) => void; onAdd: (sectionId: string | null) => void }) {
  const { t } = useI18n();
  const board = useBoard(plan.id);
  const [by, setBy] = useState<'section' | 'dept'>('section');
  const sections = useMemo(() => new Map(plan.sections.map((s) => [s.id, s])), [plan.sections]);
  const columns = by === 'section' ? (board.data?.bySection ?? []) : (board.data?.byDept ?? []);
  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented
          value={by}
          onChange={(v) => setBy(v as 'section' | 'dept')}
          options={[
            { value: 'section', label: <span data-testid="board-by-section">{t('planning.bySection')}</span> },
            { value: 'dept', label: <span data-testid="board-by-dept">{t('planning.byDept')}</span> },
          ]}
        />
        {board.isFetching && <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>}
      </Space>
      {board.error && <Typography.Text type="danger">{board.error.message}</Typography.Text>}
      {!board.isLoading && columns.length === 0 && <Empty description={t('planning.noTasks')} />}
      <Row gutter={[12, 12]} data-testid={`board-${by}`}>
        {columns.map((c) => {
          const section = by === 'section' && c.key ? sections.get(c.key) : undefined;
          return (
            <Col xs={24} md={12} xl={8} key={c.key ?? 'none'}>
              <Card
                size="small"
                styles={{ body: { background: '#fafafa', padding: 8 } }}
                data-testid={`board-col-${c.key ?? 'none'}`}
                title={section ? <SectionTitle section={section} canManage={canManage} empty={c.tasks.length === 0} /> : c.title}
                extra={
                  <Space size={4}>
                    <Tag>{c.counts.total}</Tag>
                    {c.counts.overdue > 0 && <Tag color="error">{t('planning.overdueN', { n: c.counts.overdue })}</Tag>}
                    {canManage && by === 'section' && (
                      <Button size="small" icon={<PlusOutlined />} onClick={() => onAdd(c.key)} aria-label={t('planning.addTask')} data-testid={`board-add-${c.key ?? 'none'}`} />
                    )}
                  </Space>
                }
              >
                {c.tasks.map((task) => (
                  <TaskCard key={task.id} task={task} canEdit={canManage} onEdit={() => onEdit(task)} />
                ))}
              </Card>
            </Col>
          );
        })}
      </Row>
    </div>
  );
}

function ImportResult({ result, onClose }: { result: TTaskImportResult | null; onClose: () => void }) {
  const { t, label } = useI18n();
  return (
    <Modal open={!!result} onCancel={onClose} onOk={onClose} title={t('planning.importResult')} width={720} cancelButtonProps={{ style: { display: 'none' } }} okButtonProps={{ ...tid('import-close') }}>
      {result?.ok === true && <Result status="success" title={t('planning.imported', { n: result.created, s: result.sectionsCreated })} data-testid="import-ok" />}
      {result?.ok === false && (
        <div data-testid="import-errors">
          <Typography.Paragraph type="danger">{result.message}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">{t('planning.importNothing')}</Typography.Paragraph>
          <Table
            size="small"
            rowKey={(r) => `${r.row}:${r.field}:${r.message}`}
            pagination={result.errors.length > 20 ? { pageSize: 20, size: 'small' } : false}
            dataSource={result.errors}
            columns={[
              { title: t('planning.importRow'), dataIndex: 'row', width: 70 },
              { title: t('planning.importField'), dataIndex: 'field', width: 120, render: (f: string) => label(TASK_TABLE_COLUMNS[f as TaskTableColumn], f) },
              { title: t('planning.importMessage'), dataIndex: 'message' },
            ]}
          />
          {result.errors.length === 0 &&
            result.fields.map((f) => (
              <div key={`${f.field}:${f.message}`}>
                {f.field}: {f.message}
              </div>
            ))}
        </div>
      )}
    </Modal>
  );
}

function HandDownDialog({ plan, open, onClose }: { plan: TPlanDetail; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const orgs = useOrgs();
  const handDown = useHandDown();
  const [orgIds, setOrgIds] = useState<string[]>([]);
  const [result, setResult] = useState<THandDownResult | null>(null);
  const townships = (orgs.data?.items ?? []).filter((o) => o.kind === 'township' && o.parentId === plan.orgId);
  const run = () =>
    handDown.mutate(
      { id: plan.id, body: orgIds.length ? { orgIds } : {} },
      {
        onSuccess: (r) => setResult(r),
        onError: (e) => message.error(e.message),
      },
    );
  return (
    <Modal
      open={open}
      title={t('planning.handDown')}
      onCancel={() => {
        setResult(null);
        onClose();
      }}
      onOk={
        result
          ? () => {
              setResult(null);
              onClose();
            }
          : run
      }
      okText={result ? t('common.confirm') : t('planning.handDown')}
      okButtonProps={{ loading: handDown.isPending, ...tid('handdown-submit') }}
      width={640}
      destroyOnHidden
    >
      {!result ? (
        <>
          <Typography.Paragraph type="secondary">{t('planning.handDownHelp')}</Typography.Paragraph>
          <Select
            mode="multiple"
            allowClear
            style={{ width: '100%' }}
            placeholder={t('planning.allTownships')}
            value={orgIds}
            onChange={setOrgIds}
            options={townships.map((o) => ({ value: o.id, label: o.name }))}
            data-testid="handdown-orgs"
          />
        </>
      ) : (
        <Table
          size="small"
          rowKey="orgId"
          pagination={false}
          dataSource={result.townships}
          data-testid="handdown-result"
          columns={[
            { title: t('planning.township'), dataIndex: 'orgName', render: (v: string, r) => <Link to={`/planning/plans/${r.planId}`}>{v}</Link> },
            { title: t('planning.tasksCreated'), dataIndex: 'created', align: 'right' },
            { title: t('planning.planCreated'), dataIndex: 'planCreated', render: (v: boolean) => (v ? t('common.yes') : t('common.no')) },
          ]}
        />
      )}
    </Modal>
  );
}

/**
 * One annual work plan: its tasks as a board (by section or by responsible department), the task
 * drawer, Excel import with the per-row error report, Excel export, publishing, handing a county plan
 * down, the document (uploaded or written in place).
 */
export default function PlanPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const can = useCan();
  const canManage = can('planning.manage');
  const _navigate = useNavigate();
  const { data: plan, isLoading, error } = usePlan(id);
  const orgs = useOrgs();
  const publish = usePublishPlan();
  const updatePlan = useUpdatePlan();
  const uploadDoc = useUploadPlanDocument();
  const importTasks = useImportTasks();
  const createSection = useCreateSection();
  const [drawer, setDrawer] = useState<{ task: TTaskView | null; sectionId: string | null } | null>(null);
  const [importResult, setImportResult] = useState<TTaskImportResult | null>(null);
  const [handingDown, setHandingDown] = useState(false);
  const [editingBody, setEditingBody] = useState(false);
  const [addingSection, setAddingSection] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const bodyForm = useSchemaForm(ZPlanUpdate);
  const sectionForm = useSchemaForm(ZSectionCreate);

  if (isLoading) return <Loading />;
  if (error || !plan) {
    return <LoadFailed error={error} back="/planning/plans" testid="plan" />;
  }
  const orgKind = orgs.data?.items.find((o) => o.id === plan.orgId)?.kind;
  const isCounty = orgKind === 'county';

  const wrap = async (key: string, fn: () => Promise<unknown>) => {
    setBusy(key);
    try {
      await fn();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const onImport = (file: File) => {
    void wrap('import', async () => setImportResult(await importTasks.mutateAsync({ id: plan.id, file })));
    return false;
  };
  const onUploadDoc = (file: File) => {
    void wrap('doc', async () => {
      await uploadDoc.mutateAsync({ id: plan.id, file });
      message.success(t('common.saved'));
    });
    return false;
  };
  const onSaveBody = () =>
    bodyForm.submit(async (body) => {
      await updatePlan.mutateAsync({ id: plan.id, body });
      message.success(t('common.saved'));
      setEditingBody(false);
    });
  const onAddSection = () =>
    sectionForm.submit(async (body) => {
      await createSection.mutateAsync({ planId: plan.id, body });
      setAddingSection(false);
    });
  const onPublish = () =>
    modal.confirm({
      title: t('planning.publishConfirm'),
      content: t('planning.publishHelp'),
      okButtonProps: { ...tid('publish-confirm') },
      onOk: () => publish.mutateAsync(plan.id).then(() => message.success(t('planning.published'))),
    });

  return (
    <div data-testid="plan-page">
      <div className="fz-page-title">
        <Space wrap align="center">
          <Link to="/planning/plans" aria-label={t('common.back')}>
            <ArrowLeftOutlined />
          </Link>
          <h2 data-testid="plan-title">{plan.title}</h2>
          <PlanStateTag state={plan.state} />
          <Tag>{plan.orgName}</Tag>
        </Space>
        <Space wrap>
          {canManage && plan.state === 'draft' && (
            <Button type="primary" icon={<SendOutlined />} onClick={onPublish} data-testid="plan-publish">
              {t('planning.publish')}
            </Button>
          )}
          {canManage && (
            <Button icon={<PlusOutlined />} onClick={() => setDrawer({ task: null, sectionId: plan.sections[0]?.id ?? null })} data-testid="plan-add-task">
              {t('planning.addTask')}
            </Button>
          )}
          {canManage && (
            <Button
              onClick={() => {
                sectionForm.reset();
                sectionForm.form.setFieldsValue({ sort: plan.sections.length });
                setAddingSection(true);
              }}
              data-testid="plan-add-section"
            >
              {t('planning.addSection')}
            </Button>
          )}
          {canManage && (
            <UploadButton onFile={onImport} accept=".xlsx" loading={busy === 'import'} testid="plan-import">
              {t('planning.importTasks')}
            </UploadButton>
          )}
          {canManage && (
            <Button type="link" onClick={() => wrap('tpl', downloadTemplate)} loading={busy === 'tpl'} data-testid="plan-template">
              {t('planning.template')}
            </Button>
          )}
          <Button icon={<FileExcelOutlined />} onClick={() => wrap('export', () => downloadPlanXlsx(plan.id))} loading={busy === 'export'} data-testid="plan-export">
            {t('planning.exportXlsx')}
          </Button>
          {canManage && isCounty && plan.state === 'published' && (
            <Button onClick={() => setHandingDown(true)} data-testid="plan-handdown">
              {t('planning.handDown')}
            </Button>
          )}
        </Space>
      </div>

      <Card size="small" style={{ marginBottom: 12 }}>
        <Row gutter={[12, 12]} data-testid="plan-counts">
          <Col xs={8} sm={4}>
            <Typography.Text type="secondary">{t('planning.tasksTotal')}</Typography.Text>
            <div style={{ fontSize: 18 }}>{plan.counts.total}</div>
          </Col>
          {TASK_STATES.map((s) => (
            <Col xs={8} sm={3} key={s}>
              <TaskStateTag state={s} />
              <div style={{ fontSize: 18, color: s === 'overdue' && plan.counts.overdue ? TASK_STATE_HEX.overdue : undefined }} data-testid={`plan-count-${s}`}>
                {plan.counts[s]}
              </div>
            </Col>
          ))}
          <Col xs={16} sm={5}>
            <Typography.Text type="secondary">{t('planning.onTimeRate')}</Typography.Text>
            <div style={{ fontSize: 18 }}>
              <OnTimeRate counts={plan.counts} />
            </div>
          </Col>
        </Row>
      </Card>

      <Tabs
        items={[
          {
            key: 'board',
            label: t('planning.board'),
            children: <Board plan={plan} canManage={canManage} onEdit={(task) => setDrawer({ task, sectionId: task.sectionId })} onAdd={(sectionId) => setDrawer({ task: null, sectionId })} />,
          },
          {
            key: 'body',
            label: t('planning.document'),
            children: (
              <div data-testid="plan-document">
                <Card
                  size="small"
                  title={t('planning.body')}
                  extra={
                    canManage && (
                      <Button
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() => {
                          bodyForm.reset();
                          bodyForm.form.setFieldsValue({ title: plan.title, body: plan.body });
                          setEditingBody(true);
                        }}
                        data-testid="plan-edit-body"
                      >
                        {t('common.edit')}
                      </Button>
                    )
                  }
                >
                  {plan.body ? <div style={{ whiteSpace: 'pre-wrap', lineHeight: 1.9 }}>{plan.body}</div> : <Typography.Text type="secondary">{t('planning.noBody')}</Typography.Text>}
                </Card>
                <Card
                  size="small"
                  style={{ marginTop: 12 }}
                  title={t('planning.documents')}
                  extra={
                    canManage && (
                      <UploadButton onFile={onUploadDoc} accept=".pdf,.docx,.doc,.wps,.ofd,.jpg,.png" size="small" loading={busy === 'doc'} testid="plan-upload-doc">
                        {t('planning.uploadDocument')}
                      </UploadButton>
                    )
                  }
                >
                  {plan.documents.length === 0 ? (
                    <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
                  ) : (
                    plan.documents.map((d) => (
                      <div key={d.id}>
                        <Button type="link" icon={<PaperClipOutlined />} onClick={() => wrap(`f${d.id}`, () => downloadFile(d.id, d.name))}>
                          {d.name}
                        </Button>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {(d.size / 1024).toFixed(0)} KB · {d.createdAt.slice(0, 10)}
                        </Typography.Text>
                      </div>
                    ))
                  )}
                </Card>
              </div>
            ),
          },
        ]}
      />

      <TaskDrawer
        open={!!drawer}
        onClose={() => setDrawer(null)}
        planId={plan.id}
        orgId={plan.orgId}
        year={plan.year}
        task={drawer?.task}
        defaultSectionId={drawer?.sectionId}
      />
      <ImportResult result={importResult} onClose={() => setImportResult(null)} />
      <HandDownDialog plan={plan} open={handingDown} onClose={() => setHandingDown(false)} />

      <Modal open={editingBody} title={t('planning.editBody')} onCancel={() => setEditingBody(false)} onOk={onSaveBody} okButtonProps={{ loading: bodyForm.submitting, ...tid('plan-body-submit') }} width={800} destroyOnHidden>
        <FormErrors sf={bodyForm} />
        <Form form={bodyForm.form} layout="vertical">
          <Form.Item name="title" label={t('planning.planTitle')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="body" label={t('planning.body')}>
            <Input.TextArea rows={16} data-testid="plan-body-input" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={addingSection} title={t('planning.addSection')} onCancel={() => setAddingSection(false)} onOk={onAddSection} okButtonProps={{ loading: sectionForm.submitting, ...tid('section-submit') }} destroyOnHidden>
        <FormErrors sf={sectionForm} />
        <Form form={sectionForm.form} layout="vertical" onFinish={onAddSection}>
          <Form.Item name="title" label={t('planning.sectionTitle')} required extra={t('planning.sectionTitleHelp')}>
            <Input maxLength={200} data-testid="section-title" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
