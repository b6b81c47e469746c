import { EnvironmentOutlined } from '@ant-design/icons';
import { Grid, Select } from 'antd';
import { useEffect, useMemo } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { useOrgs } from '../modules/admin/hooks.ts';
import { useCan, useMe, useOrgFilter } from '../session.tsx';

/**
 * For users whose scope covers several townships (the county office): the whole county or one
 * township. The choice is sent as `orgId` by every list and chart; the server still applies the
 * user's own scope, so this can only narrow.
 */
export function OrgSwitcher() {
  const { t } = useI18n();
  const can = useCan();
  const me = useMe();
  const { orgId, setOrgId } = useOrgFilter();
  const screens = Grid.useBreakpoint();
  const works = can('mediation.read') || can('stats.read') || can('planning.read') || can('study.read') || can('publicity.read');
  const { data } = useOrgs();
  const townships = useMemo(() => (data?.items ?? []).filter((o) => o.kind === 'township'), [data]);
  const top = useMemo(() => (data?.items ?? []).find((o) => o.kind === 'county') ?? null, [data]);
  const show = works && townships.length > 1;

  // A stale choice (another user in this tab, or an org out of scope) is dropped.
  useEffect(() => {
    if (data && orgId && !townships.some((o) => o.id === orgId)) setOrgId(undefined);
  }, [data, orgId, townships, setOrgId]);

  if (!show) return null;
  const allLabel = t('org.wholeScope', { name: top?.name ?? me.org.name });
  return (
    <Select
      value={orgId ?? ''}
      onChange={(v) => setOrgId(v || undefined)}
      style={{ width: screens.sm ? 200 : 130 }}
      suffixIcon={<EnvironmentOutlined />}
      aria-label={t('org.switcher')}
      data-testid="org-switcher"
      popupMatchSelectWidth={false}
      options={[{ value: '', label: allLabel }, ...townships.map((o) => ({ value: o.id, label: o.name }))]}
    />
  );
}
