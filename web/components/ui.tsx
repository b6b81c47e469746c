import { Button, Grid, Result, Spin, type TablePaginationConfig } from 'antd';
import { useCallback } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../api.ts';
import { useI18n } from '../i18n/index.tsx';

export function Loading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin size="large" />
    </div>
  );
}

/** `data-testid` for props objects (okButtonProps…), where TypeScript does not allow the hyphenated key inline. */
export function tid(id: string): object {
  return { 'data-testid': id };
}

/** A drawer's width: the given size on a desktop, the whole screen on a phone. */
export function useDrawerSize(px: number): number | string {
  const screens = Grid.useBreakpoint();
  return screens.md ? px : '100%';
}

/** A type, not an interface: it passes where a URL patch (`Record<string, …>`) is taken. */
export type PageState = {
  page: number;
  pageSize: number;
};

/**
 * A list table's pager, the same on every list ("共 n 条", small): `pagination(state, total, onChange)`
 * where `state` is the page shown (a useUrlFilters result or a useState page) and `onChange` gets the new one.
 */
export function usePagination(): (state: PageState, total: number | undefined, onChange: (next: PageState) => void, extra?: TablePaginationConfig) => TablePaginationConfig {
  const { t } = useI18n();
  return useCallback(
    (state, total, onChange, extra) => ({
      current: state.page,
      pageSize: state.pageSize,
      total: total ?? 0,
      showTotal: (n: number) => t('common.total', { n }),
      onChange: (page: number, pageSize: number) => onChange({ page, pageSize }),
      size: 'small',
      ...extra,
    }),
    [t],
  );
}

/** A detail page whose record could not be read: 404, 403 (the neighbour's record) or another error, with the way back. */
export function LoadFailed({ error, back, testid }: { error: unknown; back: string; testid: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const status = error instanceof ApiError ? error.status : 0;
  return (
    <Result
      status={status === 404 ? '404' : status === 403 ? '403' : 'error'}
      title={error instanceof Error ? error.message : undefined}
      extra={
        <Button onClick={() => navigate(back)} data-testid={`${testid}-back`}>
          {t('common.back')}
        </Button>
      }
      data-testid={`${testid}-error`}
    />
  );
}
