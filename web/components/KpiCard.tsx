import { Card, Statistic, type StatisticProps, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

/**
 * A dashboard figure: the number (red when `warn`), linking to exactly the records it counts, with a
 * small note under it (its base, its parts). The Statistic's own props (title, value, suffix, formatter,
 * data-testid) pass through.
 */
export function KpiCard({
  loading,
  to,
  linkTestid,
  linkLabel,
  cardTestid,
  warn,
  note,
  noteTestid,
  ...statistic
}: StatisticProps & {
  loading?: boolean;
  to?: string;
  linkTestid?: string;
  linkLabel?: string;
  cardTestid?: string;
  warn?: boolean;
  note?: ReactNode;
  noteTestid?: string;
}) {
  const stat = <Statistic {...statistic} styles={warn === undefined ? statistic.styles : { content: { color: warn ? '#cf1322' : undefined } }} />;
  return (
    <Card size="small" loading={loading} data-testid={cardTestid}>
      {to ? (
        <Link to={to} data-testid={linkTestid} aria-label={linkLabel}>
          {stat}
        </Link>
      ) : (
        stat
      )}
      {note !== undefined && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={noteTestid}>
          {note}
        </Typography.Text>
      )}
    </Card>
  );
}
