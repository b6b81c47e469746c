import { Alert, App, Button, Card, Col, Empty, InputNumber, Row, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { CHANNEL_LABELS, VIEW_CHANNEL_LABELS } from '../../../common/publicity-enums.ts';
import { Chart, type ChartOption } from '../../components/Chart.tsx';
import { FindingsList, ReportParagraph } from '../../components/ReportParts.tsx';
import { KpiCard } from '../../components/KpiCard.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { usePunct } from './names.ts';
import { usePublicityFindings, usePublicityReport, usePublicitySettings, usePublicityStats, useOverviewOrg, useSetPublicitySettings, useSettingsOrg } from './hooks-overview.ts';

const ONLINE_COLOR = '#1d39c4';
const OFFLINE_COLOR = '#b22222';

/**
 * 普法总览: the year's publicity at a glance — events, people reached, materials, the new-media share
 * against its target (always with n/N), portal views; charts by channel (online and offline in two
 * colours), month and village; the share from 2023 to now (the report's weakness 二 getting better);
 * the findings and the report paragraph, every figure linking to the records it counts.
 */
export default function PublicityOverviewPage() {
  const { t, label, lang } = useI18n();
  const punct = usePunct();
  const navigate = useNavigate();
  const orgId = useOverviewOrg();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const period = { from: `${year}-01-01`, to: `${year}-12-31`, orgId };
  const stats = usePublicityStats(period);
  const findings = usePublicityFindings(period);
  const report = usePublicityReport({ year, orgId });
  const s = stats.data;

  const events = (extra: Record<string, string | number>) => {
    const q = new URLSearchParams({ year: String(year), status: 'done', ...(orgId ? { orgId } : {}) });
    for (const [k, v] of Object.entries(extra)) {
      if (v === '') q.delete(k);
      else q.set(k, String(v));
    }
    return `/publicity/events?${q}`;
  };
  const below = s?.share != null && s.share < s.target;

  const channelOption = useMemo<ChartOption>(() => {
    const rows = (s?.byChannel ?? []).filter((r) => r.events > 0);
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => label(CHANNEL_LABELS[r.key], r.label)) },
      series: [
        {
          type: 'bar',
          barMaxWidth: 16,
          label: { show: true, position: 'right' },
          data: rows.map((r) => ({ value: r.events, key: r.key, itemStyle: { color: r.online ? ONLINE_COLOR : OFFLINE_COLOR } })),
        },
      ],
    };
  }, [s, label]);

  const monthOption = useMemo<ChartOption>(() => {
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const by = new Map((s?.byMonth ?? []).map((m) => [m.month, m]));
    return {
      color: [OFFLINE_COLOR, ONLINE_COLOR],
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 32, right: 12, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: months.map((m) => (lang === 'zh' ? `${Number(m.slice(5))}月` : m.slice(5))) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('publicity.overview.offline'), type: 'bar', stack: 'n', barMaxWidth: 22, data: months.map((m) => (by.get(m)?.events ?? 0) - (by.get(m)?.online ?? 0)) },
        { name: t('publicity.overview.online'), type: 'bar', stack: 'n', barMaxWidth: 22, data: months.map((m) => by.get(m)?.online ?? 0) },
      ],
    };
  }, [s, year, lang, t]);

  const villageOption = useMemo<ChartOption>(() => {
    const rows = (s?.byVillage ?? []).filter((v) => v.villageId !== null);
    return {
      color: [OFFLINE_COLOR, ONLINE_COLOR],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.name) },
      series: [
        { name: t('publicity.overview.offline'), type: 'bar', stack: 'n', barMaxWidth: 14, data: rows.map((r) => ({ value: r.events - r.online, key: r.villageId })) },
        { name: t('publicity.overview.online'), type: 'bar', stack: 'n', barMaxWidth: 14, data: rows.map((r) => ({ value: r.online, key: r.villageId })) },
      ],
    };
  }, [s, t]);

  const trendOption = useMemo<ChartOption>(
    () => ({
      color: [ONLINE_COLOR, '#8c8c8c'],
      tooltip: { trigger: 'axis' },
      grid: { left: 36, right: 12, top: 16, bottom: 24 },
      xAxis: { type: 'category', data: (s?.trend ?? []).map((r) => String(r.year)) },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        { name: t('publicity.overview.share'), type: 'line', data: (s?.trend ?? []).map((r) => r.share ?? 0), label: { show: true, formatter: '{c}%' } },
        { name: t('publicity.overview.target'), type: 'line', symbol: 'none', lineStyle: { type: 'dashed' }, data: (s?.trend ?? []).map(() => s?.target ?? 0) },
      ],
    }),
    [s, t],
  );

  return (
    <div data-testid="publicity-overview">
      <div className="fz-page-title">
        <h2>{t('publicity.overview.title', { year })}</h2>
        <Space>
          <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} style={{ width: 90 }} aria-label={t('publicity.overview.year')} data-testid="publicity-overview-year" />
        </Space>
      </div>
      {stats.error && <Alert type="error" showIcon title={stats.error.message} style={{ marginBottom: 12 }} />}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={12} md={8} xl={4}>
          <KpiCard loading={stats.isLoading} to={events({})} title={t('publicity.overview.events')} value={s?.events ?? 0} suffix={t('publicity.overview.times')} data-testid="publicity-stat-events" />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <KpiCard loading={stats.isLoading} to={events({})} title={t('publicity.overview.audience')} value={s?.audience ?? 0} suffix={t('publicity.overview.people')} data-testid="publicity-stat-audience" />
        </Col>
        <Col xs={12} md={8} xl={4}>
          <KpiCard loading={stats.isLoading} to={events({})} title={t('publicity.overview.materials')} value={s?.materials ?? 0} suffix={t('publicity.overview.copies')} />
        </Col>
        <Col xs={12} md={12} xl={6}>
          <KpiCard
            loading={stats.isLoading}
            to={events({ online: 1 })}
            title={t('publicity.overview.share')}
            value={s?.share ?? '—'}
            suffix={s?.share != null ? '%' : undefined}
            warn={below}
            formatter={(v) => <span data-testid="publicity-stat-share">{v}</span>}
            note={t('publicity.overview.shareBase', { n: s?.online ?? 0, d: s?.events ?? 0, target: s?.target ?? 0 })}
            noteTestid="publicity-stat-share-base"
          />
        </Col>
        <Col xs={24} md={12} xl={6}>
          <KpiCard
            loading={stats.isLoading}
            to={`/publicity/reach?year=${year}`}
            title={t('publicity.overview.views')}
            value={s?.views.total ?? 0}
            suffix={t('publicity.overview.times')}
            data-testid="publicity-stat-views"
            note={(s?.views.byChannel ?? [])
              .filter((c) => c.count > 0)
              .map((c) => `${label(VIEW_CHANNEL_LABELS[c.key], c.label)} ${c.count}`)
              .join(' · ')}
          />
        </Col>
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('publicity.overview.report')} data-testid="publicity-report" loading={report.isLoading} style={{ marginBottom: 12 }}>
            <div className="fz-report">{report.data?.text ? <ReportParagraph section={report.data} /> : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}</div>
          </Card>
          <Card size="small" title={t('publicity.overview.byChannel')} style={{ marginBottom: 12 }}>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>
              <span style={{ color: ONLINE_COLOR }}>■</span> {t('publicity.overview.online')} <span style={{ color: OFFLINE_COLOR, marginLeft: 8 }}>■</span> {t('publicity.overview.offline')}
            </Typography.Paragraph>
            <Chart
              option={channelOption}
              testid="publicity-chart-channel"
              height={Math.max(200, (s?.byChannel.filter((r) => r.events > 0).length ?? 0) * 26)}
              onClick={(p) => navigate(events({ channel: String((p.data as { key?: string })?.key ?? '') }))}
            />
          </Card>
          <Card size="small" title={t('publicity.overview.byMonth')} style={{ marginBottom: 12 }}>
            <Chart option={monthOption} testid="publicity-chart-month" height={260} onClick={(p) => navigate(events(monthRange(year, p.dataIndex)))} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('publicity.overview.trend')} style={{ marginBottom: 12 }} data-testid="publicity-trend">
            {(s?.trend.length ?? 0) > 0 ? (
              <>
                <Chart option={trendOption} testid="publicity-chart-trend" height={180} />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {(s?.trend ?? []).map((r) => `${r.year}${punct.colon}${r.share ?? '—'}%${punct.paren(`${r.online}/${r.events}`)}`).join(punct.semi)}
                </Typography.Text>
              </>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </Card>
          <Card size="small" title={t('publicity.overview.findings')} style={{ marginBottom: 12 }} data-testid="publicity-findings" loading={findings.isLoading}>
            <FindingsList items={findings.data?.items ?? []} emptyText={t('publicity.overview.noFindings')} />
          </Card>
          <Card size="small" title={t('publicity.overview.byVillage')} style={{ marginBottom: 12 }}>
            <Chart
              option={villageOption}
              testid="publicity-chart-village"
              height={Math.max(200, (s?.byVillage.length ?? 0) * 24)}
              onClick={(p) => {
                const v = (p.data as { key?: string | null })?.key;
                if (v) navigate(events({ villageId: v }));
              }}
            />
          </Card>
          <TargetCard />
        </Col>
      </Row>
    </div>
  );
}

/** A month of the year as the events list's from/to (the month overrides the year). */
function monthRange(year: number, index: number): Record<string, string> {
  const m = index + 1;
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const mm = String(m).padStart(2, '0');
  return { year: '', from: `${year}-${mm}-01`, to: `${year}-${mm}-${String(last).padStart(2, '0')}` };
}

/** 新媒体普法占比目标: shown to every reader, editable by publicity.manage on a township or the county. */
function TargetCard() {
  const { t } = useI18n();
  const punct = usePunct();
  const { message } = App.useApp();
  const orgId = useSettingsOrg();
  const settings = usePublicitySettings(orgId);
  const save = useSetPublicitySettings();
  const [value, setValue] = useState<number | null>(null);
  const d = settings.data;
  if (!d) return null;
  const source = d.source === 'default' ? t('publicity.overview.targetDefault') : d.source === 'inherited' ? t('publicity.overview.targetInherited', { org: d.fromOrgName ?? '' }) : t('publicity.overview.targetOwn');
  return (
    <Card size="small" title={t('publicity.overview.target')} data-testid="publicity-target">
      <Space wrap>
        <span>
          {d.newMediaTargetPct}%{punct.paren(source)}
        </span>
        {d.canEdit && (
          <>
            <InputNumber min={0} max={100} value={value ?? d.newMediaTargetPct} onChange={(v) => setValue(v)} suffix="%" aria-label={t('publicity.overview.target')} data-testid="publicity-target-input" />
            <Button
              type="primary"
              loading={save.isPending}
              disabled={value === null || value === d.newMediaTargetPct}
              onClick={() =>
                value !== null &&
                save.mutate(
                  { orgId: d.orgId, newMediaTargetPct: value },
                  {
                    onSuccess: () => {
                      setValue(null);
                      message.success(t('publicity.overview.targetSaved'));
                    },
                    onError: (e) => message.error(e.message),
                  },
                )
              }
              data-testid="publicity-target-save"
            >
              {t('publicity.overview.save')}
            </Button>
          </>
        )}
      </Space>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        {t('publicity.overview.targetHelp')}
      </Typography.Paragraph>
    </Card>
  );
}
