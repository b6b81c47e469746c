import { Alert, Button, Card, Col, InputNumber, Row, Space, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { STAFF_CATEGORY_LABELS, type StaffCategory } from '../../../common/roles.ts';
import { SESSION_KIND_LABELS } from '../../../common/study-enums.ts';
import { Chart } from '../../components/Chart.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { useHours, useNextSession, useStudyFindings, useStudyOrg, useStudyReport, useStudyStats } from './hooks.ts';
import { FindingsList, ReportParagraph } from '../../components/ReportParts.tsx';

/** 学法培训总览: this year's sessions, hours per person (chart), people below target, findings, the next session and the report paragraph. */
export default function StudyOverviewPage() {
  const { t, label } = useI18n();
  const can = useCan();
  const orgId = useStudyOrg();
  const [year, setYear] = useState(new Date().getFullYear());
  const period = { from: `${year}-01-01`, to: `${year}-12-31`, orgId };
  const stats = useStudyStats(period);
  const hours = useHours({ year, orgId });
  const findings = useStudyFindings(period);
  const report = useStudyReport({ year, orgId });
  const next = useNextSession(orgId);
  const people = hours.data?.items ?? [];
  const below = people.filter((p) => p.below);

  return (
    <div data-testid="study-overview">
      <div className="fz-page-title">
        <h2>{t('menu.studyOverview')}</h2>
        <Space>
          <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} data-testid="study-overview-year" />
          {can('study.write') && (
            <Link to="/study/sessions/new">
              <Button type="primary">{t('study.sessionNew')}</Button>
            </Link>
          )}
        </Space>
      </div>
      {stats.error && <Alert type="error" title={stats.error.message} />}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Link to={`/study/sessions?year=${year}&held=1`}>
              <Statistic title={t('study.statSessions')} value={stats.data?.sessions ?? 0} data-testid="study-stat-sessions" />
            </Link>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('study.statPersonHours')} value={stats.data?.personHours ?? 0} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Link to={`/study/hours?year=${year}`}>
              <Statistic title={t('study.statAvg')} value={stats.data?.people.avgHours ?? 0} suffix={t('study.hoursUnit')} />
            </Link>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Link to={`/study/hours?year=${year}&belowTarget=1`}>
              <Statistic
                title={t('study.statBelow')}
                value={stats.data?.people.below ?? 0}
                suffix={`/ ${stats.data?.people.count ?? 0}`}
                styles={{ content: { color: (stats.data?.people.below ?? 0) > 0 ? '#cf1322' : undefined } }}
                data-testid="study-stat-below"
              />
            </Link>
          </Card>
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('study.hoursChart')} style={{ marginBottom: 12 }}>
            <Chart
              height={Math.max(240, people.length * 22)}
              testid="study-hours-chart"
              option={{
                grid: { left: 80, right: 24, top: 36, bottom: 24 },
                tooltip: { trigger: 'axis' },
                legend: { top: 0, data: [t('study.hours'), t('study.target')] },
                xAxis: { type: 'value' },
                yAxis: { type: 'category', data: people.map((p) => p.name), inverse: true },
                series: [
                  { name: t('study.hours'), type: 'bar', itemStyle: { color: '#52c41a' }, data: people.map((p) => ({ value: p.hours, itemStyle: { color: p.below ? '#ff7875' : '#52c41a' } })) },
                  { name: t('study.target'), type: 'scatter', symbol: 'diamond', symbolSize: 10, data: people.map((p) => p.target), itemStyle: { color: '#595959' } },
                ],
              }}
            />
          </Card>
          <Card size="small" title={t('study.reportParagraph')} data-testid="study-report">
            {report.data && <ReportParagraph section={report.data} />}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('study.nextSession')} style={{ marginBottom: 12 }} data-testid="study-next">
            {next.data ? (
              <Link to={`/study/sessions/${next.data.id}`}>
                {next.data.date} · {label(SESSION_KIND_LABELS[next.data.kind])} · {next.data.topic}
                {next.data.hostName ? ` · ${t('study.hostedBy', { name: next.data.hostName })}` : ''}
              </Link>
            ) : (
              <Typography.Text type="secondary">{t('study.noNext')}</Typography.Text>
            )}
          </Card>
          <Card size="small" title={t('study.belowList')} style={{ marginBottom: 12 }}>
            <Table
              size="small"
              rowKey="staffId"
              dataSource={below}
              pagination={below.length > 10 ? { pageSize: 10, size: 'small' } : false}
              data-testid="study-below-list"
              columns={[
                { title: t('person.name'), dataIndex: 'name' },
                { title: t('study.category'), dataIndex: 'category', render: (c: StaffCategory) => label(STAFF_CATEGORY_LABELS[c]) },
                { title: t('study.hours'), dataIndex: 'hours', align: 'right' },
                { title: t('study.target'), dataIndex: 'target', align: 'right' },
              ]}
            />
          </Card>
          <Card size="small" title={t('study.findings')}>
            <FindingsList items={findings.data?.items ?? []} emptyText={t('study.noFindings')} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
