import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, InputNumber, Row, Space, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { DISPUTE_SOURCE_LABELS, DISPUTE_TYPE_LABELS, OUTCOME_LABELS } from '../../../common/mediation-enums.ts';
import { Chart, type ChartOption } from '../../components/Chart.tsx';
import { FindingsList, ReportParagraph } from '../../components/ReportParts.tsx';
import { KpiCard } from '../../components/KpiCard.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan, useOrgFilter } from '../../session.tsx';
import { useCalendarStatus } from '../admin/hooks.ts';
import { downloadStats, useFindings, useReportSection, useStats } from '../mediation/hooks.ts';
import { PublicityShareCard } from '../publicity/DashboardCard.tsx';

const PALETTE = ['#b22222', '#d4380d', '#d48806', '#389e0d', '#08979c', '#1d39c4', '#531dab', '#c41d7f', '#595959', '#7cb305', '#0958d9'];

export default function DashboardPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  // Category labels from the shared enums (the server's are Chinese only).
  const lbl = useCallback(
    (map: Record<string, { zh: string; en: string }>, r: { key: string; label: string }) => map[r.key]?.[lang] ?? (r.key === 'open' ? t('dispute.status.open') : r.label),
    [lang, t],
  );
  const can = useCan();
  const navigate = useNavigate();
  const { orgId } = useOrgFilter();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const period = { from: `${year}-01-01`, to: `${year}-12-31` };
  const stats = useStats(period);
  const findings = useFindings(period);
  const report = useReportSection(year);
  const calendar = useCalendarStatus(can('calendar.manage'));
  const [exporting, setExporting] = useState(false);
  const s = stats.data;

  const byMonthOption = useMemo<ChartOption>(
    () => ({
      color: ['#b22222', '#389e0d'],
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 36, right: 12, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: (s?.byMonth ?? []).map((m) => (lang === 'zh' ? `${Number(m.month.slice(5))}月` : m.month.slice(5))) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('dash.received'), type: 'bar', data: (s?.byMonth ?? []).map((m) => m.total), barMaxWidth: 24 },
        { name: t('dash.succeeded'), type: 'line', data: (s?.byMonth ?? []).map((m) => m.success) },
      ],
    }),
    [s, t, lang],
  );
  const byTypeOption = useMemo<ChartOption>(() => {
    const rows = [...(s?.byType ?? [])].filter((r) => r.count > 0).sort((a, b) => a.count - b.count);
    return {
      color: ['#b22222'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: rows.map((r) => lbl(DISPUTE_TYPE_LABELS, r)) },
      series: [{ type: 'bar', data: rows.map((r) => ({ value: r.count, key: r.key })), barMaxWidth: 18, label: { show: true, position: 'right' } }],
    };
  }, [s, lbl]);
  const outcomeOption = useMemo<ChartOption>(
    () => ({
      color: ['#389e0d', '#cf1322', '#8c8c8c', '#d48806', '#1d39c4'],
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          center: ['50%', '45%'],
          data: (s?.byOutcome ?? []).map((r) => ({ name: lbl(OUTCOME_LABELS, r), value: r.count, key: r.key })),
          label: { position: 'inside', formatter: '{c}', color: '#fff' },
        },
      ],
    }),
    [s, lbl],
  );
  const bySourceOption = useMemo<ChartOption>(
    () => ({
      color: PALETTE,
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: '62%', center: ['50%', '45%'], data: (s?.bySource ?? []).map((r) => ({ name: lbl(DISPUTE_SOURCE_LABELS, r), value: r.count, key: r.key })), label: { position: 'inside', formatter: '{c}', color: '#fff' } }],
    }),
    [s, lbl],
  );

  const listHref = (extra: Record<string, string>) => {
    const q = new URLSearchParams({ year: String(year), ...(orgId ? { orgId } : {}), ...extra });
    return `/mediation/disputes?${q}`;
  };

  const exportXlsx = async () => {
    setExporting(true);
    try {
      await downloadStats({ year, orgId });
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setExporting(false);
    }
  };

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('dash.title', { year })}</h2>
        <Space wrap>
          <InputNumber value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} style={{ width: 90 }} data-testid="dash-year" />
          {can('mediation.export') && (
            <Button icon={<DownloadOutlined />} onClick={exportXlsx} loading={exporting} data-testid="dash-export">
              {t('dash.export')}
            </Button>
          )}
        </Space>
      </div>
      {calendar.data?.nextYearMissing && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('calendar.nextYearMissing', { year: calendar.data.nextYear })}
          action={<Link to="/admin/calendar">{t('calendar.enterYear', { year: calendar.data.nextYear })}</Link>}
        />
      )}
      {stats.error && <Alert type="error" showIcon title={stats.error.message} style={{ marginBottom: 12 }} />}

      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <KpiCard loading={stats.isLoading} to={listHref({})} linkTestid="kpi-total" title={t('dash.total')} value={s?.disputes.total ?? 0} suffix={t('dash.cases')} />
        </Col>
        <Col xs={12} md={6}>
          <KpiCard loading={stats.isLoading} to={listHref({ outcome: 'success' })} linkTestid="kpi-success" title={t('dash.success')} value={s?.disputes.success ?? 0} suffix={t('dash.cases')} />
        </Col>
        <Col xs={12} md={6}>
          <KpiCard
            loading={stats.isLoading}
            title={t('dash.rate')}
            value={s?.disputes.successRate ?? '—'}
            suffix={s?.disputes.successRate != null ? '%' : undefined}
            data-testid="kpi-rate"
            note={t('dash.rateBase', { n: s?.disputes.successRateDenominator ?? 0 })}
          />
        </Col>
        <Col xs={12} md={6}>
          <KpiCard
            loading={stats.isLoading}
            to={listHref({ status: 'open', riskLevel: 'high' })}
            linkTestid="kpi-high-risk"
            title={t('dash.highRiskOpen')}
            value={s?.disputes.highRiskOpen ?? 0}
            warn={!!s?.disputes.highRiskOpen}
            suffix={t('dash.cases')}
          />
        </Col>
        {can('publicity.read') && (
          <Col xs={12} md={6}>
            <PublicityShareCard year={year} />
          </Col>
        )}
      </Row>

      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('dash.reportSection')} data-testid="report-section" loading={report.isLoading} style={{ marginBottom: 12 }}>
            <div className="fz-report">
              {report.data?.text ? <ReportParagraph section={report.data} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('dash.reportHelp')}
            </Typography.Text>
          </Card>
          <Card size="small" title={t('dash.byMonth')}>
            <Chart option={byMonthOption} testid="chart-by-month" height={280} onClick={(p) => s && navigate(listHref(monthRange(s.byMonth[p.dataIndex]?.month)))} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('dash.findings')} data-testid="findings" loading={findings.isLoading}>
            <FindingsList items={findings.data?.items ?? []} emptyText={t('dash.noFindings')} />
          </Card>
        </Col>
      </Row>

      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('dash.byType')}>
            <Chart option={byTypeOption} testid="chart-by-type" height={300} onClick={(p) => navigate(listHref({ type: String((p.data as { key?: string })?.key ?? '') }))} />
          </Card>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Card size="small" title={t('dash.byOutcome')}>
            <Chart option={outcomeOption} testid="chart-by-outcome" height={300} onClick={(p) => navigate(listHref(outcomeFilter((p.data as { key?: string })?.key)))} />
          </Card>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Card size="small" title={t('dash.bySource')}>
            <Chart option={bySourceOption} testid="chart-by-source" height={300} onClick={(p) => navigate(listHref({ source: String((p.data as { key?: string })?.key ?? '') }))} />
          </Card>
        </Col>
      </Row>
    </div>
  );
}

function monthRange(month: string | undefined): Record<string, string> {
  if (!month) return {};
  const [y, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  // A month overrides the year: the list takes receivedFrom/receivedTo.
  return { year: '', receivedFrom: `${month}-01`, receivedTo: `${month}-${String(last).padStart(2, '0')}` };
}

/** byOutcome keys are outcomes (success/failure/terminated) or 'open' for cases still running. */
function outcomeFilter(key: string | undefined): Record<string, string> {
  if (!key) return {};
  if (key === 'open') return { status: 'open' };
  return { outcome: key };
}
