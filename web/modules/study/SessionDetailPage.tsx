import { CheckOutlined, EditOutlined, } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Form, Input, InputNumber, Radio, Row, Select, Space, Table, Tag, Typography, } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { STAFF_CATEGORY_LABELS, type StaffCategory } from '../../../common/roles.ts';
import { type TSessionDetail, ZTestInput } from '../../../common/schemas/study.ts';
import { ATTENDANCE_LABELS, ATTENDANCE_STATUSES, type AttendanceStatus, SESSION_KIND_LABELS, type SessionKind } from '../../../common/study-enums.ts';
import { api } from '../../api.ts';
import { UploadButton } from '../../components/UploadButton.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { Loading } from '../../components/ui.tsx';
import { useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { useUnderstanders } from '../mediation/hooks.ts';
import { fileUrl, useSession, useSessionAction, useStaff } from './hooks.ts';

/** One study session: what was studied, the attendance checklist (one click: all present), hours, the test and materials. */
export default function SessionDetailPage() {
  const { id = '' } = useParams();
  const { data, error } = useSession(id);
  if (error) return <Alert type="error" title={error.message} data-testid="study-session-error" />;
  if (!data) return <Loading />;
  return <Detail d={data} />;
}

function Detail({ d }: { d: TSessionDetail }) {
  const { t, label } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const canWrite = can('study.write');
  return (
    <div>
      <div className="fz-page-title">
        <h2 data-testid="study-session-title">{d.topic}</h2>
        {canWrite && (
          <Button icon={<EditOutlined />} onClick={() => navigate(`/study/sessions/${d.id}/edit`)} data-testid="study-session-edit">
            {t('common.edit')}
          </Button>
        )}
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('study.kind')}>{label(SESSION_KIND_LABELS[d.kind])}</Descriptions.Item>
          <Descriptions.Item label={t('study.heldOn')}>
            {d.heldOn} {d.held ? <Tag color="green">{t('study.held')}</Tag> : <Tag color="blue">{t('study.planned')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('study.hoursEach')}>{d.hours}</Descriptions.Item>
          <Descriptions.Item label={t('study.host')}>
            <span data-testid="study-detail-host">{d.hostName ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('study.speaker')}>{d.speaker ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('study.place')}>{d.place ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('study.org')}>{d.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('study.headcount')}>{d.headcount}</Descriptions.Item>
          <Descriptions.Item label={t('study.planItem')}>{d.planItemTitle ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('study.laws')} span={3}>
            {d.laws.length ? d.laws.map((l) => <Tag key={l}>{l}</Tag>) : '—'}
          </Descriptions.Item>
          {d.notes && (
            <Descriptions.Item label={t('common.notes')} span={3}>
              {d.notes}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Attendance d={d} canWrite={canWrite} />
      <TestCard d={d} canWrite={canWrite} />
      {d.kind === 'understander_training' && <Understanders d={d} />}
      <Materials d={d} canUpload={canWrite && can('file.upload')} />
    </div>
  );
}

type Status = AttendanceStatus | undefined;

const EXPECTED: Partial<Record<SessionKind, StaffCategory[]>> = { center_group: ['leader'], pre_meeting: ['leader'], officer_training: ['officer'] };

function Attendance({ d, canWrite }: { d: TSessionDetail; canWrite: boolean }) {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const staff = useStaff(d.orgId);
  const act = useSessionAction(d.id);
  const [marks, setMarks] = useState<Record<string, Status>>({});
  useEffect(() => setMarks(Object.fromEntries(d.attendance.map((a) => [a.staffId, a.status]))), [d.attendance]);
  const [everyone, setEveryone] = useState(false);
  // Who is expected: the leadership at a 中心组学习 or 会前学法, the officers at their training,
  // everyone otherwise; plus anyone already recorded (also someone who has since left the roster).
  const expected = EXPECTED[d.kind];
  const rows = useMemo(() => {
    const recorded = new Set(d.attendance.map((a) => a.staffId));
    const out = (staff.data ?? [])
      .filter((s) => everyone || !expected || expected.includes(s.category as StaffCategory) || recorded.has(s.id))
      .map((s) => ({ staffId: s.id, name: s.name, post: s.post, category: s.category as StaffCategory }));
    for (const a of d.attendance) if (!out.some((o) => o.staffId === a.staffId)) out.push({ staffId: a.staffId, name: a.name, post: a.post, category: a.category });
    return out;
  }, [staff.data, d.attendance, everyone, expected]);
  const present = Object.values(marks).filter((m) => m === 'present').length;
  const save = async () => {
    const items = Object.entries(marks)
      .filter((e): e is [string, AttendanceStatus] => !!e[1])
      .map(([staffId, status]) => ({ staffId, status }));
    try {
      await act.attendance.mutateAsync({ items });
      message.success(t('common.saved'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Card
      size="small"
      title={t('study.attendance')}
      style={{ marginBottom: 12 }}
      extra={
        d.held && canWrite ? (
          <Space>
            {expected && (
              <Checkbox checked={everyone} onChange={(e) => setEveryone(e.target.checked)} data-testid="study-att-everyone">
                {t('study.showEveryone')}
              </Checkbox>
            )}
            <Button icon={<CheckOutlined />} onClick={() => setMarks(Object.fromEntries(rows.map((r) => [r.staffId, 'present'])))} data-testid="study-att-all-present">
              {t('study.allPresent')}
            </Button>
            <Button type="primary" onClick={save} loading={act.attendance.isPending} data-testid="study-att-save">
              {t('study.saveAttendance')}
            </Button>
          </Space>
        ) : undefined
      }
    >
      {!d.held && <Alert type="info" title={t('study.notHeldYet')} style={{ marginBottom: 8 }} />}
      <Typography.Paragraph data-testid="study-att-summary">{t('study.attSummary', { present, hours: d.hours })}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="staffId"
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="study-att-table"
        columns={[
          { title: t('person.name'), dataIndex: 'name', width: 90 },
          { title: t('study.post'), dataIndex: 'post' },
          { title: t('study.category'), dataIndex: 'category', width: 120, render: (c: StaffCategory) => label(STAFF_CATEGORY_LABELS[c]) },
          {
            title: t('study.status'),
            key: 'status',
            render: (_: unknown, r) => (
              <Radio.Group
                size="small"
                optionType="button"
                disabled={!d.held || !canWrite}
                value={marks[r.staffId]}
                onChange={(e) => setMarks({ ...marks, [r.staffId]: e.target.value })}
                options={ATTENDANCE_STATUSES.map((s) => ({ value: s, label: label(ATTENDANCE_LABELS[s]) }))}
                data-testid={`study-att-${r.name}`}
              />
            ),
          },
          { title: t('study.hoursCredited'), key: 'hours', width: 90, align: 'right', render: (_: unknown, r) => (marks[r.staffId] === 'present' ? d.hours : 0) },
        ]}
      />
    </Card>
  );
}

function TestCard({ d, canWrite }: { d: TSessionDetail; canWrite: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const act = useSessionAction(d.id);
  const sf = useSchemaForm(ZTestInput);
  const [scores, setScores] = useState<Record<string, number | null>>({});
  useEffect(() => {
    if (d.test) sf.form.setFieldsValue({ title: d.test.title, passMark: d.test.passMark, total: d.test.total });
    setScores(Object.fromEntries((d.test?.scores ?? []).map((s) => [s.staffId, s.score])));
  }, [d.test, sf.form]);
  const present = d.attendance.filter((a) => a.status === 'present');
  const savePaper = () =>
    sf.submit(async (body) => {
      await act.test.mutateAsync(body);
      message.success(t('common.saved'));
    });
  const saveScores = async () => {
    try {
      await act.scores.mutateAsync({ items: Object.entries(scores).flatMap(([staffId, score]) => (score === null || score === undefined ? [] : [{ staffId, score }])) });
      message.success(t('common.saved'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Card size="small" title={t('study.test')} style={{ marginBottom: 12 }}>
      {d.test && (
        <Typography.Paragraph data-testid="study-test-summary">
          {d.test.passRate === null ? t('study.noScores') : t('study.passRate', { rate: d.test.passRate, passed: d.test.passed, sat: d.test.sat })}
        </Typography.Paragraph>
      )}
      {canWrite && (
        <>
          <FormErrors sf={sf} />
          <Form form={sf.form} layout="inline" onFinish={savePaper} style={{ marginBottom: 12 }}>
            <Form.Item name="title" label={t('study.testTitle')}>
              <Input maxLength={200} data-testid="study-test-title" />
            </Form.Item>
            <Form.Item name="passMark" label={t('study.passMark')}>
              <InputNumber min={0} max={1000} data-testid="study-test-pass" />
            </Form.Item>
            <Form.Item name="total" label={t('study.total')}>
              <InputNumber min={1} max={1000} data-testid="study-test-total" />
            </Form.Item>
            <Button htmlType="submit" loading={sf.submitting} data-testid="study-test-save">
              {t('study.savePaper')}
            </Button>
          </Form>
        </>
      )}
      {d.test && d.held && (
        <>
          <Table
            size="small"
            rowKey="staffId"
            dataSource={present}
            pagination={false}
            columns={[
              { title: t('person.name'), dataIndex: 'name' },
              {
                title: t('study.score'),
                key: 'score',
                render: (_: unknown, r) => (
                  <InputNumber
                    min={0}
                    max={d.test?.total}
                    value={scores[r.staffId] ?? null}
                    disabled={!canWrite}
                    onChange={(v) => setScores({ ...scores, [r.staffId]: v })}
                    data-testid={`study-score-${r.name}`}
                  />
                ),
              },
              {
                title: t('study.result'),
                key: 'passed',
                render: (_: unknown, r) => {
                  const s = scores[r.staffId];
                  if (s === null || s === undefined || !d.test) return '—';
                  return s >= d.test.passMark ? <Tag color="green">{t('study.passed')}</Tag> : <Tag color="red">{t('study.failed')}</Tag>;
                },
              },
            ]}
          />
          {canWrite && (
            <Button style={{ marginTop: 8 }} onClick={saveScores} loading={act.scores.isPending} data-testid="study-scores-save">
              {t('study.saveScores')}
            </Button>
          )}
        </>
      )}
    </Card>
  );
}

function Understanders({ d }: { d: TSessionDetail }) {
  const { t } = useI18n();
  const can = useCan();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [chosen, setChosen] = useState<string[]>([]);
  const canCredit = can('mediation.understander.write') && d.held;
  const list = useUnderstanders(canCredit ? { orgId: d.orgId, active: true, pageSize: 200 } : { pageSize: 1 });
  const credit = async () => {
    try {
      await api.post(null, `/api/v1/study/sessions/${d.id}/understanders`, { understanderIds: chosen });
      message.success(t('common.saved'));
      setChosen([]);
      await qc.invalidateQueries({ queryKey: ['study'] });
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  return (
    <Card size="small" title={t('study.understanders')} style={{ marginBottom: 12 }}>
      <Typography.Paragraph type="secondary">{t('study.understandersHelp')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 8 }}>
        {d.understanders.map((u) => (
          <Tag key={u.understanderId}>
            {u.orgName} · {u.name}
          </Tag>
        ))}
      </Space>
      {canCredit && (
        <Row gutter={8}>
          <Col flex="auto">
            <Select
              mode="multiple"
              style={{ width: '100%' }}
              value={chosen}
              onChange={setChosen}
              optionFilterProp="label"
              options={(list.data?.items ?? []).filter((u) => !d.understanders.some((c) => c.understanderId === u.id)).map((u) => ({ value: u.id, label: `${u.orgName} · ${u.person.name}` }))}
              data-testid="study-understanders"
            />
          </Col>
          <Col>
            <Button disabled={!chosen.length} onClick={credit} data-testid="study-understanders-credit">
              {t('study.credit')}
            </Button>
          </Col>
        </Row>
      )}
    </Card>
  );
}

function Materials({ d, canUpload }: { d: TSessionDetail; canUpload: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const act = useSessionAction(d.id);
  return (
    <Card
      size="small"
      title={t('study.materials')}
      extra={
        canUpload ? (
          <UploadButton
            accept=".pdf,.jpg,.jpeg,.png,.docx,.xlsx"
            onFile={(f) =>
              act.upload.mutateAsync(f).then(
                () => message.success(t('common.saved')),
                (e: Error) => message.error(e.message),
              )
            }
            testid="study-upload"
          >
            {t('study.upload')}
          </UploadButton>
        ) : undefined
      }
    >
      <Typography.Paragraph type="secondary">{t('study.materialsHelp')}</Typography.Paragraph>
      {d.attachments.map((f) => (
        <div key={f.id}>
          <Link to="#" onClick={() => api.download(fileUrl(f.id), undefined, f.name)}>
            {f.name}
          </Link>
        </div>
      ))}
    </Card>
  );
}
