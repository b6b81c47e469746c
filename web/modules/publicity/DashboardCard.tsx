
import { KpiCard } from '../../components/KpiCard.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { useOverviewOrg, usePublicityStats } from './hooks-overview.ts';

/**
 * 新媒体普法占比 on the home dashboard (the source report's weakness 二), with its n/N and target,
 * linking to the publicity overview. Shown only to users with publicity.read.
 */
export function PublicityShareCard({ year }: { year: number }) {
  const can = useCan();
  const allowed = can('publicity.read');
  const { t } = useI18n();
  const orgId = useOverviewOrg();
  const stats = usePublicityStats({ from: `${year}-01-01`, to: `${year}-12-31`, orgId }, allowed);
  if (!allowed) return null;
  const s = stats.data;
  const below = s?.share != null && s.share < s.target;
  return (
    <KpiCard
      loading={stats.isLoading}
      cardTestid="dash-publicity"
      to="/publicity"
      linkLabel={t('publicity.dash.open')}
      title={t('publicity.dash.share', { year })}
      value={s?.share ?? '—'}
      suffix={s?.share != null ? '%' : undefined}
      warn={below}
      formatter={(v) => <span data-testid="dash-publicity-share">{v}</span>}
      note={t('publicity.dash.shareBase', { n: s?.online ?? 0, d: s?.events ?? 0, target: s?.target ?? 0 })}
      noteTestid="dash-publicity-share-base"
    />
  );
}
