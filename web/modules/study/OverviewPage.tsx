import { Card } from 'antd';
import { useT } from '../../i18n/index.tsx';

export default function StudyOverviewPage() {
  const t = useT();
  return <Card title={t('menu.studyOverview')} data-testid="study-overview" />;
}
