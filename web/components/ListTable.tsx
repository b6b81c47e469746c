import { Card, Grid, List, Pagination, Space, Table, type TableProps, Typography } from 'antd';
import type { CSSProperties, HTMLAttributes, ReactNode } from 'react';

/** What a record shows as a card on a phone: a title line (with a date or number on the right), a line, tags. */
export interface CardView {
  title: ReactNode;
  aside?: ReactNode;
  line?: ReactNode;
  tags?: ReactNode;
  style?: CSSProperties;
  onClick?: () => void;
}

type Props<T> = TableProps<T> & {
  /** The card a record becomes on a phone. */
  card: (r: T) => CardView;
  /** The row's (and card's) test id. */
  rowTestid: (r: T) => string;
  'data-testid'?: string;
};

/**
 * A list: a table on a desktop, cards on a phone, where a table of eight columns would show one and hide
 * the rest behind a sideways scroll. Same records, same pager (the table's `pagination`), same test ids.
 */
export function ListTable<T extends object>({ card, rowTestid, ...table }: Props<T>) {
  const screens = Grid.useBreakpoint();
  if (screens.md)
    return (
      <Table<T>
        scroll={{ x: 'max-content' }}
        {...table}
        onRow={(r, i) => ({ 'data-testid': rowTestid(r), ...table.onRow?.(r, i) }) as HTMLAttributes<HTMLElement>}
      />
    );
  const p = table.pagination;
  const empty = table.locale?.emptyText;
  return (
    <>
      <List<T>
        loading={!!table.loading}
        dataSource={(table.dataSource ?? []) as T[]}
        data-testid={table['data-testid']}
        locale={empty === undefined ? undefined : { emptyText: empty as ReactNode }}
        renderItem={(r) => {
          const c = card(r);
          return (
            <Card size="small" style={{ marginBottom: 8, cursor: c.onClick ? 'pointer' : undefined, ...c.style }} data-testid={rowTestid(r)} onClick={c.onClick}>
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <div style={{ fontWeight: 600, minWidth: 0 }}>{c.title}</div>
                {c.aside !== undefined && (
                  <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
                    {c.aside}
                  </Typography.Text>
                )}
              </div>
              {c.line !== undefined && <div style={{ margin: '4px 0' }}>{c.line}</div>}
              {c.tags !== undefined && (
                <Space size={[4, 4]} wrap>
                  {c.tags}
                </Space>
              )}
            </Card>
          );
        }}
      />
      {p && (
        <Pagination
          size="small"
          current={p.current}
          pageSize={p.pageSize}
          total={p.total}
          showTotal={p.showTotal}
          onChange={p.onChange}
          style={{ textAlign: 'center', marginTop: 8 }}
        />
      )}
    </>
  );
}
