import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Space, Tag, Typography } from 'antd';
import { tid } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';

/** ‹ 2026年 › — the year of the calendar and of the 谁执法谁普法 list, one step at a time. */
export function YearStepper({ year, onChange, testid }: { year: number; onChange: (year: number) => void; testid: { prev?: string; year: string; next?: string } }) {
  const { t } = useI18n();
  return (
    <Space>
      <Button icon={<LeftOutlined />} onClick={() => onChange(year - 1)} aria-label={t('publicity.cal.prevYear')} {...(testid.prev ? tid(testid.prev) : {})} />
      <Typography.Text strong {...tid(testid.year)}>
        {t('publicity.cal.year', { year })}
      </Typography.Text>
      <Button icon={<RightOutlined />} onClick={() => onChange(year + 1)} aria-label={t('publicity.cal.nextYear')} {...(testid.next ? tid(testid.next) : {})} />
    </Space>
  );
}

/** Where a theme or key date comes from: 内置 (built in), the county's (inherited, named), or the org's own. */
export function SourceTag({ source, orgName }: { source: string; orgName?: string | null }) {
  const { t } = useI18n();
  return <Tag color={source === 'own' ? 'blue' : source === 'inherited' ? 'purple' : undefined}>{source === 'builtin' ? t('publicity.kd.builtin') : source === 'own' ? t('publicity.kd.own') : orgName}</Tag>;
}
