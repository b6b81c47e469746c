import { Select, Tag } from 'antd';
import { useMemo } from 'react';
import {
  DUE_KIND_LABELS,
  type DueKind,
  PLAN_STATE_LABELS,
  type PlanState,
  TASK_STATE_LABELS,
  type TaskState,
} from '../../../common/planning-enums.ts';
import { dueText } from '../../../common/planning-rules.ts';
import type { TStaffOption, TTaskView } from '../../../common/schemas/planning.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMe, useOrgFilter } from '../../session.tsx';
import { useStaffOptions } from './hooks.ts';

/** Colours of the derived task states (逾期 red, 已完成 green…); the state itself always comes from the server. */
export const TASK_STATE_COLOR: Record<TaskState, string> = {
  not_started: 'default',
  in_progress: 'processing',
  completed: 'success',
  overdue: 'error',
  cancelled: 'default',
};
/** The same as plain colours (timeline bars, calendar dots). */
export const TASK_STATE_HEX: Record<TaskState, string> = {
  not_started: '#8c8c8c',
  in_progress: '#1677ff',
  completed: '#389e0d',
  overdue: '#cf1322',
  cancelled: '#bfbfbf',
};

export function TaskStateTag({ state, testid }: { state: TaskState; testid?: string }) {
  const { label } = useI18n();
  return (
    <Tag color={TASK_STATE_COLOR[state]} data-testid={testid} data-state={state}>
      {label(TASK_STATE_LABELS[state], state)}
    </Tag>
  );
}

export function PlanStateTag({ state }: { state: PlanState }) {
  const { label } = useI18n();
  return <Tag color={state === 'published' ? 'green' : 'gold'}>{label(PLAN_STATE_LABELS[state], state)}</Tag>;
}

/** "2023-06-30" or "每月底" / "Monthly" — how a deadline reads in a table cell. */
export function useDueLabel(): (t: Pick<TTaskView, 'dueKind' | 'dueDate' | 'dueDay'>) => string {
  const { lang, label } = useI18n();
  return (t) => {
    if (t.dueKind === 'date') return t.dueDate ?? '—';
    if (lang === 'zh') return dueText(t);
    const day = t.dueDay && t.dueDay < 31 ? ` (day ${t.dueDay})` : '';
    return `${label(DUE_KIND_LABELS[t.dueKind as DueKind])}${day}`;
  };
}

/** A person from the township's 工作人员名册 (分管领导, 主持人, members). */
export function StaffSelect({
  orgId,
  value,
  onChange,
  multiple,
  testid,
  placeholder,
  filter,
  allowClear = true,
}: {
  orgId: string | undefined;
  value?: string | string[] | null;
  onChange?: (v: string | string[] | undefined) => void;
  multiple?: boolean;
  testid?: string;
  placeholder?: string;
  filter?: (s: TStaffOption) => boolean;
  allowClear?: boolean;
}) {
  const { data, isLoading } = useStaffOptions(orgId);
  const options = useMemo(
    () =>
      (data?.staff ?? [])
        .filter((s) => s.active || (Array.isArray(value) ? value.includes(s.id) : value === s.id))
        .filter((s) => !filter || filter(s))
        .map((s) => ({ value: s.id, label: `${s.name}（${s.post}）`, name: s.name })),
    [data, filter, value],
  );
  return (
    <Select
      mode={multiple ? 'multiple' : undefined}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      options={options}
      loading={isLoading}
      allowClear={allowClear}
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={placeholder}
      data-testid={testid}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}

/** A department (站办所) of the township: 责任单位 / 配合单位. */
export function DeptSelect({
  orgId,
  value,
  onChange,
  multiple,
  testid,
  placeholder,
}: {
  orgId: string | undefined;
  value?: string | string[] | null;
  onChange?: (v: string | string[] | undefined) => void;
  multiple?: boolean;
  testid?: string;
  placeholder?: string;
}) {
  const { data, isLoading } = useStaffOptions(orgId);
  return (
    <Select
      mode={multiple ? 'multiple' : undefined}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      options={(data?.departments ?? []).map((d) => ({ value: d.id, label: d.name }))}
      loading={isLoading}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder={placeholder}
      data-testid={testid}
      style={{ width: '100%' }}
      popupMatchSelectWidth={false}
    />
  );
}

/** Years offered by the year pickers: this year, next year and the five before. */
export function yearOptions(): { value: number; label: string }[] {
  const y = new Date().getFullYear();
  return Array.from({ length: 7 }, (_, i) => y + 1 - i).map((v) => ({ value: v, label: String(v) }));
}

/**
 * The org a new plan, meeting or group belongs to by default: the org switcher's township, else the
 * org of the user's first grant (娘子神乡 for its 司法所, the county for the county office).
 */
export function useHomeOrg(): string {
  const me = useMe();
  const { orgId } = useOrgFilter();
  return orgId ?? me.grants[0]?.orgId ?? me.org.id;
}
