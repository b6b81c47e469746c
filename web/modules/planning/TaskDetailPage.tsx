import { ArrowLeftOutlined, EditOutlined, PaperClipOutlined, StopOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Form, Input, InputNumber, Modal, Progress, Row, Select, Slider, Space, Table, Tag, Timeline, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { TaskState } from '../../../common/planning-enums.ts';
import { type TTaskDetail, ZProgressCreate, ZTaskCancel } from '../../../common/schemas/planning.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { Loading, LoadFailed, tid } from '../../components/ui.tsx';
import { useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { downloadFile, useCancelTask, usePostProgress, useTask } from './hooks.ts';
import { TASK_STATE_HEX, TaskStateTag, useDueLabel } from './labels.tsx';
import { TaskDrawer } from './TaskDrawer.tsx';

const PERIOD_COLOR = { done: 'green', overdue: 'red', open: 'gray' } as const;

/** 报送进展: text, a percentage slider, the period for a recurring task; evidence files optional (never required). */
function ProgressForm({ task }: { task: TTaskDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const post = usePostProgress();
  const sf = useSchemaForm(ZProgressCreate);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const recurring = task.dueKind !== 'date';
  const periodOptions = useMemo(
    () =>
      task.periods.map((p) => ({
        value: p.period,
        label: `${p.period}（${t('planning.dueOn', { date: p.dueOn })}${p.doneOn ? ` · ${t('planning.periodDone')}` : p.state === 'overdue' ? ` · ${t('planning.state.overdue')}` : ''}）`,
      })),
    [task.periods, t],
  );
  const firstOpen = task.periods.find((p) => p.state !== 'done')?.period;

  const onSubmit = () =>
    sf.submit(async (body) => {
      const picked = files.map((f) => f.originFileObj).filter((f): f is NonNullable<typeof f> => !!f);
      await post.mutateAsync({ id: task.id, body, files: picked });
      message.success(t('planning.progressPosted'));
      sf.reset();
      sf.form.setFieldsValue({ percent: body.percent, period: firstOpen });
      setFiles([]);
    });

  return (
    <Card size="small" title={t('planning.postProgress')} data-testid="progress-form-card">
      <FormErrors sf={sf} />
      <Form form={sf.form} layout="vertical" initialValues={{ percent: task.percent, period: firstOpen }} onFinish={onSubmit} data-testid="progress-form">
        {recurring && (
          <Form.Item name="period" label={t('planning.period')} required extra={t('planning.periodHelp')}>
            <Select options={periodOptions} data-testid="progress-period" />
          </Form.Item>
        )}
        <Form.Item name="text" label={t('planning.progressText')} required>
          <Input.TextArea rows={4} maxLength={5000} showCount data-testid="progress-text" />
        </Form.Item>
        <Form.Item label={t('planning.percent')} required extra={recurring ? t('planning.percentRecurringHelp') : t('planning.percentHelp')}>
          <Row gutter={12} align="middle">
            <Col flex="auto">
              <Form.Item name="percent" noStyle>
                <Slider min={0} max={100} step={5} marks={{ 0: '0', 50: '50', 100: '100%' }} data-testid="progress-slider" />
              </Form.Item>
            </Col>
            <Col flex="90px">
              <Form.Item name="percent" noStyle>
                <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: 90 }} data-testid="progress-percent" />
              </Form.Item>
            </Col>
          </Row>
        </Form.Item>
        <Form.Item label={t('planning.evidence')} extra={t('planning.evidenceHelp')}>
          <Upload multiple fileList={files} beforeUpload={() => false} onChange={({ fileList }) => setFiles(fileList)} accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx">
            <Button icon={<UploadOutlined />} data-testid="progress-upload">
              {t('planning.chooseFiles')}
            </Button>
          </Upload>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={sf.submitting} block data-testid="progress-submit">
          {t('planning.postProgress')}
        </Button>
      </Form>
    </Card>
  );
}

/**
 * A task: what, who, by when, its derived state and periods, the progress timeline with evidence,
 * the post-progress form (also for the officer on a phone), the meeting decision it carries out,
 * and — for a county item — each township's derived task side by side.
 */
export default function TaskDetailPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const _navigate = useNavigate();
  const due = useDueLabel();
  const { data: task, isLoading, error } = useTask(id);
  const cancel = useCancelTask();
  const cancelForm = useSchemaForm(ZTaskCancel);
  const [editing, setEditing] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);

  if (isLoading) return <Loading />;
  if (error || !task) {
    return <LoadFailed error={error} back="/planning/tasks" testid="task" />;
  }
  const canManage = can('planning.manage');
  const onCancel = () =>
    cancelForm.submit(async (body) => {
      await cancel.mutateAsync({ id: task.id, body });
      message.success(t('common.saved'));
      setCancelling(false);
    });
  const download = async (fileId: string, name: string) => {
    setBusy(fileId);
    try {
      await downloadFile(fileId, name);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const progress = [...task.progress].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));

  return (
    <div data-testid="task-detail">
      <div className="fz-page-title">
        <Space wrap align="center">
          <Link to={`/planning/plans/${task.planId}`} aria-label={t('common.back')}>
            <ArrowLeftOutlined />
          </Link>
          <h2 data-testid="task-title">
            {task.seqNo ? `${task.seqNo} ` : ''}
            {task.title}
          </h2>
          <TaskStateTag state={task.state} testid="task-state" />
        </Space>
        {canManage && !task.cancelled && (
          <Space wrap>
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="task-edit">
              {t('common.edit')}
            </Button>
            <Button
              danger
              icon={<StopOutlined />}
              onClick={() => {
                cancelForm.reset();
                setCancelling(true);
              }}
              data-testid="task-cancel"
            >
              {t('planning.cancelTask')}
            </Button>
          </Space>
        )}
      </div>
      {task.cancelled && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('planning.cancelledBecause', { reason: task.cancelReason ?? '' })} />}
      <Row gutter={[16, 16]}>
        {/* On a phone the post-progress form comes first (the officer reporting from the field). */}
        <Col xs={{ span: 24, order: 2 }} lg={{ span: 14, order: 1 }}>
          <Card size="small">
            <Descriptions size="small" column={{ xs: 1, sm: 2 }} data-testid="task-facts">
              <Descriptions.Item label={t('planning.org')}>{task.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('planning.section')}>{task.sectionTitle ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('planning.leadStaff')}>{task.leadStaffName ?? <Tag color="orange">{t('planning.noOwner')}</Tag>}</Descriptions.Item>
              <Descriptions.Item label={t('planning.dept')}>{task.deptName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('planning.coopDepts')}>{task.coopNames.join('、') || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('planning.deadline')}>
                <span data-testid="task-due">{due(task)}</span>
                {task.dueKind !== 'date' && task.nextDueOn ? ` · ${t('planning.nextDue', { date: task.nextDueOn })}` : ''}
              </Descriptions.Item>
              {task.startDate && <Descriptions.Item label={t('planning.startDate')}>{task.startDate}</Descriptions.Item>}
              <Descriptions.Item label={t('planning.expectedOutput')} span={2}>
                {task.expectedOutput || '—'}
              </Descriptions.Item>
              {task.parent && (
                <Descriptions.Item label={t('planning.parentItem')} span={2}>
                  <Link to={`/planning/tasks/${task.parent.id}`} data-testid="task-parent">
                    {task.parent.orgName}：{task.parent.title}
                  </Link>
                </Descriptions.Item>
              )}
              {task.decision && (
                <Descriptions.Item label={t('planning.decision')} span={2}>
                  <Link to={`/planning/meetings/${task.decision.meetingId}`} data-testid="task-decision">
                    {task.decision.heldOn} {task.decision.meetingTitle}
                  </Link>
                  <div>
                    <Typography.Text type="secondary">{task.decision.content}</Typography.Text>
                  </div>
                </Descriptions.Item>
              )}
            </Descriptions>
            <div style={{ marginTop: 8 }}>
              <Progress percent={task.percent} strokeColor={TASK_STATE_HEX[task.state]} data-testid="task-percent" />
              {task.onTime !== null && <Tag color={task.onTime ? 'green' : 'orange'}>{task.onTime ? t('planning.onTime') : t('planning.lateDone')}</Tag>}
            </div>
          </Card>

          {task.periods.length > 0 && (
            <Card size="small" style={{ marginTop: 16 }} title={t('planning.periods', { done: task.periodsDone, total: task.periodsTotal })}>
              <Space size={[4, 4]} wrap data-testid="task-periods">
                {task.periods.map((p) => (
                  <Tag key={p.period} color={PERIOD_COLOR[p.state]} title={`${t('planning.dueOn', { date: p.dueOn })}${p.doneOn ? ` · ${p.doneOn}` : ''}`}>
                    {p.period}
                    {p.onTime === false ? ` ${t('planning.lateShort')}` : ''}
                  </Tag>
                ))}
              </Space>
            </Card>
          )}

          {task.derived.length > 0 && (
            <Card size="small" style={{ marginTop: 16 }} title={t('planning.derivedTitle')}>
              <Table
                size="small"
                rowKey="taskId"
                pagination={false}
                dataSource={task.derived}
                data-testid="task-derived"
                columns={[
                  { title: t('planning.township'), dataIndex: 'orgName', render: (v: string, r) => <Link to={`/planning/tasks/${r.taskId}`}>{v}</Link> },
                  { title: t('common.status'), dataIndex: 'state', render: (s: TaskState) => <TaskStateTag state={s} /> },
                  { title: t('planning.percent'), dataIndex: 'percent', render: (v: number) => `${v}%` },
                  { title: t('planning.lastProgress'), dataIndex: 'lastProgressOn', render: (v: string | null) => v ?? '—' },
                ]}
              />
            </Card>
          )}

          <Card size="small" style={{ marginTop: 16 }} title={t('planning.progressTimeline')}>
            {progress.length === 0 ? (
              <Empty description={t('planning.noProgress')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Timeline
                data-testid="progress-timeline"
                items={progress.map((p) => ({
                  key: p.id,
                  color: p.percent >= 100 ? 'green' : 'blue',
                  content: (
                    <div data-testid={`progress-${p.id}`}>
                      <Space size={4} wrap>
                        <Typography.Text strong>{p.reportedOn}</Typography.Text>
                        {p.period && <Tag>{p.period}</Tag>}
                        <Tag color={p.percent >= 100 ? 'green' : 'blue'}>{p.percent}%</Tag>
                        <Typography.Text type="secondary">{p.authorName ?? ''}</Typography.Text>
                      </Space>
                      <div style={{ whiteSpace: 'pre-wrap' }}>{p.text}</div>
                      {p.attachments.map((a) => (
                        <Button key={a.id} type="link" size="small" icon={<PaperClipOutlined />} loading={busy === a.id} onClick={() => download(a.id, a.name)}>
                          {a.name}
                        </Button>
                      ))}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </Col>
        <Col xs={{ span: 24, order: 1 }} lg={{ span: 10, order: 2 }}>
          {task.canPost && !task.cancelled ? (
            <ProgressForm key={task.id} task={task} />
          ) : (
            <Card size="small">
              <Typography.Text type="secondary">{task.cancelled ? t('planning.cancelledNoPost') : t('planning.cannotPost')}</Typography.Text>
            </Card>
          )}
        </Col>
      </Row>

      <TaskDrawer open={editing} onClose={() => setEditing(false)} planId={task.planId} orgId={task.orgId} year={task.year} task={task} />
      <Modal open={cancelling} title={t('planning.cancelTask')} onCancel={() => setCancelling(false)} onOk={onCancel} okButtonProps={{ danger: true, loading: cancelForm.submitting, ...tid('task-cancel-submit') }} destroyOnHidden>
        <FormErrors sf={cancelForm} />
        <Form form={cancelForm.form} layout="vertical">
          <Form.Item name="reason" label={t('planning.cancelReason')} required>
            <Input.TextArea rows={3} maxLength={500} data-testid="task-cancel-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
