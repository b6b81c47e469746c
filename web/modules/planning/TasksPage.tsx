import { Alert, Card, Checkbox, Grid, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { TASK_STATE_LABELS, TASK_STATES, type TaskState } from '../../../common/planning-enums.ts';
import type { TTaskView } from '../../../common/schemas/planning.ts';
import { ListTable } from '../../components/ListTable.tsx';
import { usePagination } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useTasks } from './hooks.ts';
import { TASK_STATE_HEX, TaskStateTag, useDueLabel, yearOptions } from './labels.tsx';
import { useUrlFilters } from '../../url-params.ts';

/** URL keys the list understands — the same filters as GET /tasks, so report and overview links land here. */
const FILTER_KEYS = ['orgId', 'year', 'planId', 'sectionId', 'state', 'leadStaffId', 'deptOrgId', 'mine', 'dueFrom', 'dueTo', 'parentTaskId', 'decisionId', 'onTime'] as const;

function dayIndex(date: string, year: number): number {
  const d = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  return (d - Date.UTC(year, 0, 1)) / 86_400_000;
}

/**
 * Gantt-like timeline: one bar per task from its start (or the plan year's first day) to its current
 * deadline, coloured by derived state, with today's line. Plain CSS: no chart library for bars.
 */
function Timeline({ items, year }: { items: TTaskView[]; year: number }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  const days = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000;
  const today = new Date().toISOString().slice(0, 10);
  const todayPos = today.startsWith(String(year)) ? (dayIndex(today, year) / days) * 100 : null;
  const months = Array.from({ length: 12 }, (_, i) => i);
  const pct = (date: string) => Math.min(100, Math.max(0, (dayIndex(date, year) / days) * 100));
  const labelW = mobile ? 0 : 280;
  const rows = items.filter((x) => x.nextDueOn || x.dueDate);
  const bar = (x: TTaskView) => {
    const end = x.nextDueOn ?? x.dueDate ?? `${year}-12-31`;
    const start = x.startDate && x.startDate < end ? x.startDate : `${year}-01-01`;
    const left = pct(start);
    const width = Math.max(0.8, pct(end) - left + 100 / days);
    return (
      <Tooltip title={`${x.title} · ${t('planning.deadline')} ${end} · ${x.percent}%`}>
        <button
          type="button"
          onClick={() => navigate(`/planning/tasks/${x.id}`)}
          data-testid={`timeline-bar-${x.id}`}
          data-state={x.state}
          style={{
            position: 'absolute',
            top: 4,
            height: 16,
            left: `${left}%`,
            width: `${width}%`,
            background: `${TASK_STATE_HEX[x.state]}33`,
            border: `1px solid ${TASK_STATE_HEX[x.state]}`,
            borderRadius: 3,
            cursor: 'pointer',
            overflow: 'hidden',
            padding: 0,
          }}
        >
          <div style={{ width: `${x.percent}%`, height: '100%', background: TASK_STATE_HEX[x.state] }} />
        </button>
      </Tooltip>
    );
  };
  return (
    <Card size="small" data-testid="planning-timeline">
      <div style={{ display: 'flex', borderBottom: '1px solid #f0f0f0', fontSize: 12, color: '#8c8c8c' }}>
        {!mobile && <div style={{ width: labelW, flex: 'none' }} />}
        <div style={{ flex: 1, display: 'flex' }}>
          {months.map((m) => (
            <div key={m} style={{ flex: 1, textAlign: 'center', borderInlineStart: '1px solid #f0f0f0' }}>
              {lang === 'zh' ? `${m + 1}月` : m + 1}
            </div>
          ))}
        </div>
      </div>
      {rows.length === 0 && <Typography.Paragraph type="secondary" style={{ padding: 16 }}>{t('planning.noTasks')}</Typography.Paragraph>}
      {rows.map((x) => (
        <div key={x.id} style={{ display: mobile ? 'block' : 'flex', alignItems: 'center', borderBottom: '1px dashed #f5f5f5', padding: '2px 0' }}>
          <div style={{ width: mobile ? '100%' : labelW, flex: 'none', paddingInlineEnd: 8, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontSize: 13 }}>
            <Link to={`/planning/tasks/${x.id}`} title={x.title}>
              {x.seqNo ? `${x.seqNo} ` : ''}
              {x.title}
            </Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {' '}
              {x.leadStaffName ?? ''}
            </Typography.Text>
          </div>
          <div style={{ flex: 1, position: 'relative', height: 24, background: 'repeating-linear-gradient(90deg, transparent 0, transparent calc(100% / 12 - 1px), #fafafa calc(100% / 12 - 1px), #fafafa calc(100% / 12))' }}>
            {bar(x)}
            {todayPos !== null && <div style={{ position: 'absolute', top: 0, bottom: 0, left: `${todayPos}%`, borderInlineStart: '1px dashed #cf1322' }} />}
          </div>
        </div>
      ))}
      <Space size={4} wrap style={{ marginTop: 8 }}>
        {TASK_STATES.map((s) => (
          <TaskStateTag key={s} state={s} />
        ))}
        {todayPos !== null && <Typography.Text type="danger" style={{ fontSize: 12 }}>┆ {t('planning.today')}</Typography.Text>}
      </Space>
    </Card>
  );
}

/**
 * Tasks across plans: the filtered list (links from the overview and the report), 我的任务
 * (`mode="mine"`: the caller is the lead leader or in the responsible department) and the timeline.
 */
export default function TasksPage({ mode = 'list' }: { mode?: 'list' | 'mine' | 'timeline' }) {
  const { t, label } = useI18n();
  const due = useDueLabel();
  const navigate = useNavigate();
  const filters = useUrlFilters(FILTER_KEYS, { pageSize: 50 });
  const { params, patch: set } = filters;
  const pagination = usePagination();
  const year = Number(params.get('year')) || new Date().getFullYear();
  const query = useMemo(() => {
    const q = { ...filters.query };
    // The timeline and 我的任务 are always of one year; the list keeps an explicit year only.
    if (mode !== 'list' || params.get('year')) q.year = year;
    if (mode === 'mine') q.mine = 'true';
    if (mode === 'timeline') q.pageSize = 500;
    return q;
  }, [filters.query, params, mode, year]);
  const { data, isFetching, error } = useTasks(query);

  const chips: { key: string; text: string }[] = [];
  for (const k of ['planId', 'sectionId', 'leadStaffId', 'deptOrgId', 'parentTaskId', 'decisionId', 'orgId', 'dueFrom', 'dueTo'] as const) {
    if (params.get(k)) chips.push({ key: k, text: t(`planning.filter.${k}`) });
  }
  if (params.get('onTime')) chips.push({ key: 'onTime', text: params.get('onTime') === 'true' ? t('planning.onTime') : t('planning.lateDone') });

  const title = mode === 'mine' ? t('menu.planningMine') : mode === 'timeline' ? t('menu.planningTimeline') : t('menu.planningTasks');
  const items = data?.items ?? [];

  return (
    <div>
      <div className="fz-page-title">
        <h2>{title}</h2>
      </div>
      <div className="fz-filters">
        <Select
          allowClear={mode === 'list'}
          placeholder={t('common.year')}
          value={mode === 'list' ? (params.get('year') ? year : undefined) : year}
          onChange={(v) => set({ year: v })}
          options={yearOptions()}
          data-testid="tasks-year"
        />
        <Select
          allowClear
          placeholder={t('common.status')}
          value={params.get('state') ?? undefined}
          onChange={(v) => set({ state: v })}
          options={TASK_STATES.map((s) => ({ value: s, label: label(TASK_STATE_LABELS[s]) }))}
          data-testid="tasks-state"
        />
        {mode === 'list' && (
          <Checkbox checked={params.get('mine') === 'true'} onChange={(e) => set({ mine: e.target.checked ? 'true' : undefined })} style={{ alignSelf: 'center' }} data-testid="tasks-mine">
            {t('menu.planningMine')}
          </Checkbox>
        )}
      </div>
      {chips.length > 0 && (
        <Space style={{ marginBottom: 8 }} wrap>
          {chips.map((c) => (
            <Tag key={c.key} closable onClose={() => set({ [c.key]: undefined })} color="blue">
              {c.text}
            </Tag>
          ))}
        </Space>
      )}
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      {mode === 'timeline' ? (
        <Timeline items={items} year={year} />
      ) : (
        <ListTable<TTaskView>
          size="small"
          rowKey="id"
          loading={isFetching}
          dataSource={items}
          data-testid="tasks-list"
          locale={{ emptyText: mode === 'mine' ? t('planning.noMine') : t('planning.noTasks') }}
          rowTestid={(r) => `tasks-row-${r.id}`}
          card={(r) => ({
            style: { borderInlineStart: `3px solid ${TASK_STATE_HEX[r.state]}` },
            onClick: () => navigate(`/planning/tasks/${r.id}`),
            title: <Link to={`/planning/tasks/${r.id}`}>{r.title}</Link>,
            line: (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.orgName} · {r.leadStaffName ?? t('planning.noOwner')} · {r.deptName ?? '—'}
              </Typography.Text>
            ),
            tags: (
              <>
                <TaskStateTag state={r.state} />
                <Tag>{due(r)}</Tag>
                <Tag>{r.percent}%</Tag>
              </>
            ),
          })}
          pagination={pagination(filters, data?.total, set)}
          columns={[
            {
              title: t('planning.task'),
              dataIndex: 'title',
              render: (v: string, r) => (
                <Link to={`/planning/tasks/${r.id}`} style={{ display: 'inline-block', maxWidth: 380 }}>
                  {r.seqNo ? `${r.seqNo} ` : ''}
                  {v}
                </Link>
              ),
            },
            { title: t('planning.org'), dataIndex: 'orgName', responsive: ['lg'] },
            { title: t('planning.section'), dataIndex: 'sectionTitle', responsive: ['xl'], render: (v: string | null) => v ?? '—' },
            { title: t('planning.leadStaff'), dataIndex: 'leadStaffName', render: (v: string | null) => v ?? <Tag color="orange">{t('planning.noOwner')}</Tag> },
            { title: t('planning.dept'), dataIndex: 'deptName', render: (v: string | null) => v ?? '—' },
            { title: t('planning.deadline'), key: 'due', render: (_: unknown, r) => (r.dueKind === 'date' ? due(r) : `${due(r)}${r.nextDueOn ? ` · ${r.nextDueOn}` : ''}`) },
            { title: t('common.status'), dataIndex: 'state', render: (s: TaskState, r) => <TaskStateTag state={s} testid={`task-state-${r.id}`} /> },
            { title: t('planning.percent'), dataIndex: 'percent', align: 'right', render: (v: number) => `${v}%` },
            { title: t('planning.lastProgress'), dataIndex: 'lastProgressOn', responsive: ['lg'], render: (v: string | null) => v ?? '—' },
          ]}
        />
      )}
    </div>
  );
}
