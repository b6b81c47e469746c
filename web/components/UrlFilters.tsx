import { Alert, Button, Select } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/index.tsx';
import type { UrlFilters } from '../url-params.ts';

/**
 * A list filter whose value lives in the URL (useUrlFilters): clearable, searchable by label when
 * `search`, back to the first page on change.
 */
export function FilterSelect({
  filters,
  name,
  placeholder,
  options,
  minWidth,
  search,
  testid,
}: {
  filters: UrlFilters;
  name: string;
  placeholder: string;
  options: { value: string; label: ReactNode }[];
  minWidth: number;
  search?: boolean;
  testid: string;
}) {
  return (
    <Select
      allowClear
      showSearch={search ? { optionFilterProp: 'label' } : undefined}
      placeholder={placeholder}
      value={(filters.query[name] as string | undefined) || undefined}
      onChange={(v) => filters.set(name, v)}
      options={options}
      style={{ minWidth }}
      data-testid={testid}
    />
  );
}

/** The banner of a list opened narrowed by a link (a figure, a finding): what it says, and "show all". */
export function NarrowedAlert({ title, onShowAll, testid }: { title: ReactNode; onShowAll: () => void; testid?: string }) {
  const { t } = useI18n();
  return (
    <Alert
      type="info"
      style={{ marginBottom: 12 }}
      title={title}
      data-testid={testid}
      action={
        <Button size="small" onClick={onShowAll}>
          {t('common.showAll')}
        </Button>
      }
    />
  );
}
