import { CalendarOutlined, ReadOutlined, TeamOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Grid, List, Row, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { TASK_STATE_LABELS, TASK_STATES, type TaskState } from '../../../common/planning-enums.ts';
import type { TOrgSummary, TStateCounts, TTaskView } from '../../../common/schemas/planning.ts';
import { FindingsList, ReportParagraph } from '../../components/ReportParts.tsx';
import { Loading } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan, useOrgFilter } from '../../session.tsx';
import { useNextStudySession, useOverview, usePlanningFindings, usePlanningReport, useTasks } from './hooks.ts';
import { PlanStateTag, TASK_STATE_HEX, TaskStateTag, useDueLabel, yearOptions } from './labels.tsx';

/** 按时完成率: completed on time over completed — the denominator is always shown next to the rate. */
export function OnTimeRate({ counts, testid }: { counts: TStateCounts; testid?: string }) {
  const { t } = useI18n();
  if (!counts.completed) return <span data-testid={testid}>—</span>;
  const pct = Math.round((counts.completedOnTime / counts.completed) * 1000) / 10;
  return (
    <Tooltip title={t('planning.onTimeRateHelp')}>
      <span data-testid={testid}>
        {pct}%
        <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 4 }}>
          {t('planning.onTimeOf', { n: counts.completedOnTime, d: counts.completed })}
        </Typography.Text>
      </span>
    </Tooltip>
  );
}

function tasksHref(q: Record<string, string | number | undefined>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  return `/planning/tasks?${p}`;
}

/** Counts by state, each a link to the task list filtered that way. */
function StateCounts({ counts, year, orgId, testid }: { counts: TStateCounts; year: number; orgId?: string; testid: string }) {
  const { t, label } = useI18n();
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: '12px 32px' }} data-testid={testid}>
      <Link to={tasksHref({ year, orgId })}>
        <Statistic title={t('planning.tasksTotal')} value={counts.total} />
      </Link>
      {TASK_STATES.map((s) => (
        <Link key={s} to={tasksHref({ year, orgId, state: s })} data-testid={`${testid}-${s}`}>
          <Statistic title={label(TASK_STATE_LABELS[s])} value={counts[s]} styles={{ content: { color: counts[s] && s === 'overdue' ? TASK_STATE_HEX.overdue : undefined } }} />
        </Link>
      ))}
      <div>
        <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 14, marginBottom: 4 }}>{t('planning.onTimeRate')}</div>
        <div style={{ fontSize: 20 }}>
          <OnTimeRate counts={counts} testid={`${testid}-ontime`} />
        </div>
      </div>
    </div>
  );
}

function TaskList({ items, testid, showOrg, empty }: { items: TTaskView[]; testid: string; showOrg: boolean; empty: string }) {
  const { t } = useI18n();
  const due = useDueLabel();
  const screens = Grid.useBreakpoint();
  const dueOf = (r: TTaskView) => (r.dueKind === 'date' ? due(r) : `${due(r)}${r.nextDueOn ? ` · ${r.nextDueOn}` : ''}`);
  // A phone gets one line per task (state first), not a table to scroll sideways.
  if (!screens.md)
    return (
      <List
        size="small"
        dataSource={items}
        data-testid={testid}
        locale={{ emptyText: empty }}
        renderItem={(r) => (
          <List.Item data-testid={`${testid}-row-${r.id}`}>
            <div>
              <Space size={4} wrap>
                <TaskStateTag state={r.state} testid={`task-state-${r.id}`} />
                <Link to={`/planning/tasks/${r.id}`}>{r.title}</Link>
              </Space>
              <div style={{ fontSize: 12 }}>
                <Typography.Text type="secondary">
                  {showOrg ? `${r.orgName} · ` : ''}
                  {r.leadStaffName ?? t('planning.noOwner')} · {r.deptName ?? '—'} · {dueOf(r)}
                </Typography.Text>
              </div>
            </div>
          </List.Item>
        )}
      />
    );
  return (
    <Table<TTaskView>
      size="small"
      rowKey="id"
      pagination={items.length > 10 ? { pageSize: 10, size: 'small' } : false}
      dataSource={items}
      data-testid={testid}
      locale={{ emptyText: empty }}
      scroll={{ x: 'max-content' }}
      onRow={(r) => ({ 'data-testid': `${testid}-row-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('planning.task'),
          dataIndex: 'title',
          render: (v: string, r) => (
            <Link to={`/planning/tasks/${r.id}`} style={{ display: 'inline-block', minWidth: 160, maxWidth: 300 }}>
              {r.seqNo ? `${r.seqNo} ` : ''}
              {v}
            </Link>
          ),
        },
        { title: t('common.status'), dataIndex: 'state', render: (s: TaskState, r) => <TaskStateTag state={s} testid={`task-state-${r.id}`} /> },
        ...(showOrg ? [{ title: t('planning.org'), dataIndex: 'orgName' }] : []),
        { title: t('planning.leadStaff'), dataIndex: 'leadStaffName', render: (v: string | null) => v ?? <Tag color="orange">{t('planning.noOwner')}</Tag> },
        { title: t('planning.dept'), dataIndex: 'deptName', responsive: ['md'], render: (v: string | null) => v ?? '—' },
        { title: t('planning.deadline'), key: 'due', render: (_: unknown, r) => dueOf(r) },
      ]}
    />
  );
}

function TownshipTable({ rows, year }: { rows: TOrgSummary[]; year: number }) {
  const { t, label } = useI18n();
  const { setOrgId } = useOrgFilter();
  return (
    <Table<TOrgSummary>
      size="small"
      rowKey="orgId"
      pagination={false}
      dataSource={rows}
      data-testid="planning-townships"
      scroll={{ x: 'max-content' }}
      onRow={(r) => ({ 'data-testid': `township-row-${r.orgId}` }) as React.HTMLAttributes<HTMLElement>}
      columns={[
        {
          title: t('planning.township'),
          dataIndex: 'orgName',
          fixed: 'left',
          render: (v: string, r) => (
            <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOrgId(r.orgId)} data-testid={`township-open-${r.orgId}`}>
              {v}
            </Button>
          ),
        },
        {
          title: t('planning.plan'),
          key: 'plan',
          render: (_: unknown, r) => (r.planId ? <Space size={4}>{r.planState && <PlanStateTag state={r.planState} />}<Link to={`/planning/plans/${r.planId}`}>{t('common.view')}</Link></Space> : <Tag color="orange">{t('planning.noPlan')}</Tag>),
        },
        { title: t('planning.tasksTotal'), key: 'total', align: 'right', render: (_: unknown, r) => r.counts.total },
        ...TASK_STATES.map((s) => ({
          title: label(TASK_STATE_LABELS[s]),
          key: s,
          align: 'right' as const,
          render: (_: unknown, r: TOrgSummary) =>
            r.counts[s] ? (
              <Link to={tasksHref({ year, orgId: r.orgId, state: s })} style={s === 'overdue' ? { color: TASK_STATE_HEX.overdue, fontWeight: 600 } : undefined}>
                {r.counts[s]}
              </Link>
            ) : (
              0
            ),
        })),
        { title: t('planning.onTimeRate'), key: 'ontime', render: (_: unknown, r) => <OnTimeRate counts={r.counts} /> },
        { title: t('planning.meetings'), key: 'meetings', align: 'right', render: (_: unknown, r) => `${r.meetings}（${t('planning.lgMeetingsShort', { n: r.leadingGroupMeetings })}）` },
      ]}
    />
  );
}

/**
 * 法治建设总览 — the leader's page (issue 3): the year's plan with every task's state, the late tasks
 * with owner and deadline, upcoming deadlines, the next study session and its host; for the county
 * office, each township side by side. The org switcher in the header narrows it to one township.
 */
export default function PlanningOverviewPage() {
  const { t, lang } = useI18n();
  const colon = lang === 'zh' ? '：' : ': ';
  const can = useCan();
  const navigate = useNavigate();
  const { orgId } = useOrgFilter();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const { data: o, isLoading, error } = useOverview({ year, orgId });
  const findings = usePlanningFindings(year);
  const report = usePlanningReport(year);
  const study = useNextStudySession(o?.orgId, can('study.read') && !!o && !o.nextStudySession && o.townships.length === 0);
  const county = !!o && o.townships.length > 0;
  // The overview's late list is the org's own; for a county the townships' late tasks come from the task list (same scope).
  const townshipLate = useTasks({ year, state: 'overdue', pageSize: 200 }, county);
  const lateBelow = (townshipLate.data?.items ?? []).filter((x) => x.orgId !== o?.orgId);
  const next = o?.nextStudySession ?? (study.data ? { id: study.data.id, title: study.data.topic, date: study.data.date, hostName: study.data.hostName } : null);

  if (isLoading) return <Loading />;
  return (
    <div data-testid="planning-overview">
      <div className="fz-page-title">
        <h2>
          {o?.orgName ? `${o.orgName} · ` : ''}
          {t('planning.overviewTitle', { year })}
        </h2>
        <Space wrap>
          <Select value={year} onChange={setYear} options={yearOptions()} style={{ width: 100 }} data-testid="planning-year" aria-label={t('common.year')} />
          {o?.planId && (
            <Button onClick={() => navigate(`/planning/plans/${o.planId}`)} data-testid="overview-open-plan">
              {t('planning.openPlan')}
            </Button>
          )}
        </Space>
      </div>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      {o && (
        <Row gutter={[16, 16]}>
          <Col xs={24}>
            <Card
              size="small"
              title={
                o.planId ? (
                  <Space wrap>
                    <Link to={`/planning/plans/${o.planId}`} data-testid="overview-plan-title">
                      {o.planTitle}
                    </Link>
                    {o.planState && <PlanStateTag state={o.planState} />}
                  </Space>
                ) : (
                  t('planning.yearPlan')
                )
              }
              extra={<Typography.Text type="secondary">{t('planning.asOf', { date: o.today })}</Typography.Text>}
            >
              {!o.planId && o.townships.length === 0 && (
                <Empty description={t('planning.noPlanYet')} image={Empty.PRESENTED_IMAGE_SIMPLE}>
                  {can('planning.manage') && (
                    <Button type="primary" onClick={() => navigate('/planning/plans')} data-testid="overview-create-plan">
                      {t('planning.createPlan')}
                    </Button>
                  )}
                </Empty>
              )}
              {(o.planId || o.townships.length > 0) && <StateCounts counts={o.counts} year={year} orgId={orgId ?? o.orgId} testid="overview-counts" />}
            </Card>
          </Col>
          {o.townships.length > 0 && (
            <Col xs={24}>
              <Card size="small" title={t('planning.townshipsSideBySide')}>
                <TownshipTable rows={o.townships} year={year} />
              </Card>
            </Col>
          )}
          <Col xs={24} lg={16}>
            <Card
              size="small"
              title={
                <Space>
                  <WarningOutlined style={{ color: TASK_STATE_HEX.overdue }} />
                  {t('planning.lateTasks')}
                  {o.late.length > 0 && <Tag color="error">{o.late.length}</Tag>}
                </Space>
              }
              extra={<Link to={tasksHref({ year, orgId, state: 'overdue' })}>{t('planning.all')}</Link>}
            >
              <TaskList items={o.late} testid="overview-late" showOrg={o.townships.length > 0} empty={t('planning.noLate')} />
            </Card>
            {county && (
              <Card
                size="small"
                style={{ marginTop: 16 }}
                title={
                  <Space>
                    <WarningOutlined style={{ color: TASK_STATE_HEX.overdue }} />
                    {t('planning.townshipsLate')}
                    {lateBelow.length > 0 && <Tag color="error">{lateBelow.length}</Tag>}
                  </Space>
                }
              >
                <TaskList items={lateBelow} testid="overview-townships-late" showOrg empty={t('planning.noLate')} />
              </Card>
            )}
            <Card size="small" style={{ marginTop: 16 }} title={t('planning.upcoming')} extra={<Link to="/planning/timeline">{t('menu.planningTimeline')}</Link>}>
              <TaskList items={o.upcoming} testid="overview-upcoming" showOrg={o.townships.length > 0} empty={t('planning.noUpcoming')} />
            </Card>
          </Col>
          <Col xs={24} lg={8}>
            <Card size="small" title={<Space><ReadOutlined />{t('planning.nextStudy')}</Space>} data-testid="overview-next-study">
              {next ? (
                <div>
                  <Typography.Text strong>{next.title}</Typography.Text>
                  <div>
                    <CalendarOutlined /> {next.date}
                  </div>
                  <div>
                    {t('planning.host')}{colon}{next.hostName ?? <Tag color="orange">{t('planning.hostUnset')}</Tag>}
                  </div>
                  {can('study.read') && (
                    <Link to="/study" style={{ fontSize: 12 }}>
                      {t('menu.studyOverview')}
                    </Link>
                  )}
                </div>
              ) : (
                <Typography.Text type="secondary">{o.townships.length > 0 ? t('planning.nextStudyPickTownship') : t('planning.noNextStudy')}</Typography.Text>
              )}
            </Card>
            <Card size="small" style={{ marginTop: 16 }} title={<Space><TeamOutlined />{t('menu.planningGroups')}</Space>} extra={<Link to="/planning/groups">{t('planning.all')}</Link>}>
              <List
                size="small"
                dataSource={o.groups}
                locale={{ emptyText: t('planning.noGroups') }}
                data-testid="overview-groups"
                renderItem={(g) => (
                  <List.Item>
                    <div>
                      <Link to={`/planning/groups/${g.id}`}>{g.name}</Link>
                      <div style={{ fontSize: 12 }}>
                        <Typography.Text type="secondary">
                          {t('planning.heads')}{colon}{g.heads.join('、') || '—'} · {t('planning.memberCount', { n: g.memberCount })} · {t('planning.meetingCount', { n: g.meetingCount })}
                          {g.lastMeetingOn ? ` · ${t('planning.lastMeeting', { date: g.lastMeetingOn })}` : ''}
                        </Typography.Text>
                      </div>
                    </div>
                  </List.Item>
                )}
              />
            </Card>
            <Card size="small" style={{ marginTop: 16 }} title={t('planning.findings')} data-testid="planning-findings" loading={findings.isLoading}>
              <FindingsList items={findings.data?.items ?? []} emptyText={t('planning.noFindings')} />
            </Card>
            <Card size="small" style={{ marginTop: 16 }} title={t('planning.reportSection')} data-testid="planning-report" loading={report.isLoading}>
              {report.data?.text ? <ReportParagraph section={report.data} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
            </Card>
            <Card size="small" style={{ marginTop: 16 }} title={t('planning.meetingsThisYear')}>
              <Space size="large">
                <Link to={`/planning/meetings?year=${year}`}>
                  <Statistic title={t('planning.meetings')} value={o.meetings} />
                </Link>
                <Link to={`/planning/meetings?year=${year}&kind=leading_group`}>
                  <Statistic title={t('planning.lgMeetings')} value={o.leadingGroupMeetings} />
                </Link>
              </Space>
            </Card>
          </Col>
        </Row>
      )}
    </div>
  );
}
