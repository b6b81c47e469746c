import { WarningOutlined } from '@ant-design/icons';
import { List, Space, Tag, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { z } from 'zod';
import type { ZFindings, ZReportSection } from '../../common/schemas/mediation-admin.ts';
import { useI18n } from '../i18n/index.tsx';

/**
 * What every module's contract shows on its pages (server/modules/module.ts): the annual-report
 * paragraph whose figures link to their records, and the findings. One rendering for all modules.
 */
const SEVERITY_COLOR = { critical: 'red', warning: 'orange', info: 'blue' } as const;
const SEVERITY_LABEL = { critical: 'dash.sev.critical', warning: 'dash.sev.warning', info: 'dash.sev.info' } as const;

/** "全年排查化解矛盾纠纷{total}件…": every `{key}` becomes a link to the records behind the figure. */
export function ReportParagraph({ section }: { section: z.output<typeof ZReportSection> }) {
  const { t } = useI18n();
  const figures = new Map(section.figures.map((f) => [f.key, f]));
  const parts: ReactNode[] = [];
  const re = /\{(\w+)\}/g;
  let last = 0;
  const seen = new Map<string, number>();
  for (let m = re.exec(section.text); m; m = re.exec(section.text)) {
    parts.push(section.text.slice(last, m.index));
    const f = figures.get(m[1]);
    if (!f) parts.push(m[0]);
    else {
      // A figure can appear twice (a count and a rate's numerator): the first keeps the plain test id.
      const n = (seen.get(f.key) ?? 0) + 1;
      seen.set(f.key, n);
      const link = (
        <Link key={`${f.key}-${m.index}`} to={f.href} data-testid={n === 1 ? `report-figure-${f.key}` : `report-figure-${f.key}-${n}`}>
          {f.value}
        </Link>
      );
      parts.push(
        f.denominator !== undefined ? (
          <Tooltip key={`${f.key}-${m.index}`} title={t('dash.denominator', { n: f.denominator, label: f.label })}>
            {link}
          </Tooltip>
        ) : (
          link
        ),
      );
    }
    last = m.index + m[0].length;
  }
  parts.push(section.text.slice(last));
  return <p data-testid="report-paragraph">{parts}</p>;
}

/** A module's findings: severity, the message (citing its rule) linking to the records behind it. */
export function FindingsList({ items, emptyText }: { items: z.output<typeof ZFindings>['items']; emptyText: string }) {
  const { t } = useI18n();
  return (
    <List
      size="small"
      dataSource={items}
      locale={{ emptyText }}
      pagination={items.length > 10 ? { pageSize: 10, size: 'small' } : false}
      renderItem={(f) => (
        <List.Item data-testid={`finding-${f.code}`}>
          <Space align="start">
            <Tag color={SEVERITY_COLOR[f.severity]} icon={<WarningOutlined />}>
              {t(SEVERITY_LABEL[f.severity])}
            </Tag>
            <Link to={f.href}>{f.message}</Link>
          </Space>
        </List.Item>
      )}
    />
  );
}
