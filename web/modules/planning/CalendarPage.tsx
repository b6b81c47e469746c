import { Alert, Badge, Calendar, Card, Grid, List, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import type { z } from 'zod';
import type { ZCalendarEntry } from '../../../common/schemas/planning.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useCalendar } from './hooks.ts';
import { TASK_STATE_HEX, TaskStateTag } from './labels.tsx';

type Entry = z.output<typeof ZCalendarEntry>;

/** Where an entry's href points in this app (the server gives web paths; keep only same-app ones). */
function entryLink(e: Entry): string {
  if (e.href.startsWith('/planning/')) return e.href;
  return e.kind === 'meeting' ? `/planning/meetings/${e.id}` : `/planning/tasks/${e.id}`;
}

/** 工作日历: each task deadline (every period of a recurring task) and each meeting, by day. */
export default function PlanningCalendarPage() {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  const [value, setValue] = useState<Dayjs>(() => dayjs());
  const month = value.format('YYYY-MM');
  const { data, error } = useCalendar(month);
  const byDay = useMemo(() => {
    const m = new Map<string, Entry[]>();
    for (const e of data?.entries ?? []) m.set(e.date, [...(m.get(e.date) ?? []), e]);
    return m;
  }, [data]);
  const selected = byDay.get(value.format('YYYY-MM-DD')) ?? [];

  const dot = (e: Entry) => (e.kind === 'meeting' ? '#722ed1' : TASK_STATE_HEX[e.state ?? 'not_started']);

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('menu.planningCalendar')}</h2>
      </div>
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      <Card size="small" data-testid="planning-calendar">
        <Calendar
          value={value}
          fullscreen={!!screens.md}
          onSelect={(d) => setValue(d)}
          onPanelChange={(d) => setValue(d)}
          cellRender={(d, info) => {
            if (info.type !== 'date') return info.originNode;
            const list = byDay.get(d.format('YYYY-MM-DD')) ?? [];
            if (!list.length) return null;
            if (!screens.md) return <Badge count={list.length} size="small" color={list.some((e) => e.state === 'overdue') ? TASK_STATE_HEX.overdue : '#1677ff'} />;
            return (
              <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {list.slice(0, 3).map((e) => (
                  <li key={`${e.kind}:${e.id}:${e.period ?? ''}`} style={{ fontSize: 12, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                    <Badge color={dot(e)} text={<Link to={entryLink(e)}>{e.title}</Link>} />
                  </li>
                ))}
                {list.length > 3 && <li style={{ fontSize: 12, color: '#8c8c8c' }}>+{list.length - 3}</li>}
              </ul>
            );
          }}
        />
      </Card>
      <Card size="small" style={{ marginTop: 12 }} title={value.format('YYYY-MM-DD')}>
        <List
          size="small"
          dataSource={selected}
          data-testid="calendar-day"
          locale={{ emptyText: t('planning.nothingThisDay') }}
          renderItem={(e) => (
            <List.Item>
              <div>
                <Tag color={e.kind === 'meeting' ? 'purple' : 'blue'}>{e.kind === 'meeting' ? t('planning.meeting') : t('planning.deadline')}</Tag>
                <Link to={entryLink(e)}>{e.title}</Link>
                {e.period && <Tag style={{ marginInlineStart: 4 }}>{e.period}</Tag>}
                {e.state && <TaskStateTag state={e.state} />}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {' '}
                  {e.orgName}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
