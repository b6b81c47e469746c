import { Card } from 'antd';
import { useT } from '../../i18n/index.tsx';

export default function PlanningOverviewPage() {
  const t = useT();
  return <Card title={t('menu.planningOverview')} data-testid="planning-overview" />;
}
