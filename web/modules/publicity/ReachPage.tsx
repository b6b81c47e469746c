import { Alert, Button, Card, Col, InputNumber, Row, Segmented, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo } from 'react';
import { VIEW_CHANNEL_LABELS, VIEW_CHANNELS, type ViewChannel } from '../../../common/publicity-enums.ts';
import { ZOrgList } from '../../../common/schemas/orgs.ts';
import { ZReach } from '../../../common/schemas/publicity-reach.ts';
import { api, type Query } from '../../api.ts';
import { DateInput } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { usePunct } from './names.ts';
import { useOrgFilter } from '../../session.tsx';
import { useUrlFilters } from '../../url-params.ts';

// ECharts only when the page is opened (the chart module is its own chunk)
const Chart = lazy(() => import('../../components/Chart.tsx').then((m) => ({ default: m.Chart })));

/** URL keys of the reach page (the list-filter contract): a figure elsewhere links here with them. */
const FILTER_KEYS = ['year', 'from', 'to', 'contentId', 'channel', 'villageId', 'orgId', 'granularity'] as const;

/**
 * 传播效果: first-party page loads of the portal's items (no third-party tracker), by day or month,
 * by item, arrival channel (扫码, 微信群 …) and village tag. Default: the last 30 days by day.
 */
export default function ReachPage() {
  const { t, label } = useI18n();
  const punct = usePunct();
  const { orgId: switcherOrg } = useOrgFilter();
  const filters = useUrlFilters(FILTER_KEYS, { pageSize: false });
  const { params, patch: set } = filters;
  const query: Query = useMemo(() => ({ ...filters.query, orgId: filters.query.orgId ?? switcherOrg }), [filters.query, switcherOrg]);

  const reach = useQuery({
    queryKey: ['publicity', 'reach', query],
    queryFn: ({ signal }) => api.get(ZReach, '/api/v1/publicity/reach', { query, signal }),
    placeholderData: keepPreviousData,
  });
  const villages = useQuery({
    queryKey: ['orgs', 'villages', query.orgId ?? null],
    queryFn: () => api.get(ZOrgList, '/api/v1/orgs', { query: { kind: 'village', rootId: (query.orgId as string | undefined) ?? undefined } }),
    staleTime: 300_000,
  });
  const data = reach.data;
  const contentTitle = data?.byContent.find((c) => c.contentId === params.get('contentId'))?.title;
  const granularity = data?.granularity ?? 'day';

  return (
    <div data-testid="publicity-reach">
      <div className="fz-page-title">
        <h2>{t('publicity.reach.title')}</h2>
      </div>
      <Typography.Paragraph type="secondary">{t('publicity.reach.intro')}</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap>
          <InputNumber
            min={2000}
            max={2100}
            placeholder={t('publicity.reach.year')}
            value={params.get('year') ? Number(params.get('year')) : null}
            onChange={(v) => set({ year: v ?? undefined, from: undefined, to: undefined, granularity: undefined })}
            data-testid="reach-year"
          />
          <DateInput value={params.get('from') ?? undefined} placeholder={t('publicity.reach.from')} onChange={(v) => set({ from: v, year: undefined })} style={{ width: 150 }} data-testid="reach-from" />
          <DateInput value={params.get('to') ?? undefined} placeholder={t('publicity.reach.to')} onChange={(v) => set({ to: v, year: undefined })} style={{ width: 150 }} data-testid="reach-to" />
          <Select
            allowClear
            style={{ minWidth: 170 }}
            placeholder={t('publicity.reach.channel')}
            value={params.get('channel') ?? undefined}
            onChange={(v) => set({ channel: v })}
            options={VIEW_CHANNELS.map((c) => ({ value: c, label: label(VIEW_CHANNEL_LABELS[c]) }))}
            data-testid="reach-channel"
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 170 }}
            placeholder={t('publicity.reach.village')}
            value={params.get('villageId') ?? undefined}
            onChange={(v) => set({ villageId: v })}
            options={(villages.data?.items ?? []).map((v) => ({ value: v.id, label: v.name }))}
            data-testid="reach-village"
          />
          <Segmented
            value={granularity}
            onChange={(v) => set({ granularity: v as string })}
            options={[
              { value: 'day', label: t('publicity.reach.byDay') },
              { value: 'month', label: t('publicity.reach.byMonth') },
            ]}
            data-testid="reach-granularity"
          />
          {params.get('contentId') && (
            <Tag closable onClose={() => set({ contentId: undefined })} data-testid="reach-content-tag">
              {t('publicity.reach.content')}
              {punct.colon}
              {contentTitle ?? params.get('contentId')}
            </Tag>
          )}
          {[...params.keys()].length > 0 && <Button onClick={filters.clear}>{t('publicity.reach.reset')}</Button>}
        </Space>
      </Card>
      {reach.error && <Alert type="error" title={reach.error.message} style={{ marginBottom: 12 }} />}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        <Col xs={24} md={8}>
          <Card size="small">
            <Statistic title={t('publicity.reach.total', { from: data?.from ?? '', to: data?.to ?? '' })} value={data?.total ?? 0} suffix={t('publicity.reach.loads')} data-testid="reach-total" />
          </Card>
        </Col>
        <Col xs={24} md={16}>
          <Card size="small" title={t('publicity.reach.byChannel')}>
            <Space wrap data-testid="reach-by-channel">
              {(data?.byChannel ?? []).map((c) => (
                <Tag key={c.channel} color="blue" style={{ cursor: 'pointer' }} onClick={() => set({ channel: c.channel })}>
                  {label(VIEW_CHANNEL_LABELS[c.channel as ViewChannel])} {c.count}
                </Tag>
              ))}
              {data && data.byChannel.length === 0 && <Typography.Text type="secondary">{t('publicity.reach.none')}</Typography.Text>}
            </Space>
          </Card>
        </Col>
      </Row>
      <Card size="small" title={granularity === 'day' ? t('publicity.reach.daily') : t('publicity.reach.monthly')} style={{ marginBottom: 12 }}>
        <Suspense fallback={<div style={{ height: 240 }} />}>
          <Chart
            height={240}
            testid="reach-chart"
            option={{
              grid: { left: 40, right: 16, top: 16, bottom: 28 },
              tooltip: { trigger: 'axis' },
              xAxis: { type: 'category', data: (data?.series ?? []).map((s) => (granularity === 'day' ? s.period.slice(5) : s.period)) },
              yAxis: { type: 'value', minInterval: 1 },
              series: [{ name: t('publicity.reach.loads'), type: granularity === 'day' ? 'line' : 'bar', data: (data?.series ?? []).map((s) => s.count), itemStyle: { color: '#1677ff' } }],
            }}
          />
        </Suspense>
      </Card>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('publicity.reach.byContent')}>
            <Table
              size="small"
              rowKey="contentId"
              dataSource={data?.byContent ?? []}
              loading={reach.isFetching}
              pagination={(data?.byContent.length ?? 0) > 10 ? { pageSize: 10, size: 'small' } : false}
              data-testid="reach-by-content"
              columns={[
                {
                  title: t('publicity.reach.content'),
                  dataIndex: 'title',
                  render: (title: string, r) => (
                    <Space orientation="vertical" size={0}>
                      <Typography.Link onClick={() => set({ contentId: r.contentId })}>{title}</Typography.Link>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.orgName}
                        {r.state === 'published' ? (
                          <>
                            {' · '}
                            <a href={`/portal/a/${encodeURIComponent(r.slug)}`} target="_blank" rel="noreferrer">
                              {t('publicity.reach.open')}
                            </a>
                          </>
                        ) : (
                          ` · ${t('publicity.reach.notPublished')}`
                        )}
                      </Typography.Text>
                    </Space>
                  ),
                },
                { title: t('publicity.reach.loads'), dataIndex: 'count', align: 'right', width: 100 },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('publicity.reach.byVillage')}>
            <Table
              size="small"
              rowKey="villageId"
              dataSource={data?.byVillage ?? []}
              pagination={(data?.byVillage.length ?? 0) > 10 ? { pageSize: 10, size: 'small' } : false}
              data-testid="reach-by-village"
              columns={[
                {
                  title: t('publicity.reach.village'),
                  dataIndex: 'name',
                  render: (name: string, r) => (r.villageId ? <Typography.Link onClick={() => set({ villageId: r.villageId })}>{name}</Typography.Link> : t('publicity.reach.untagged')),
                },
                { title: t('publicity.reach.loads'), dataIndex: 'count', align: 'right', width: 100 },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
        {t('publicity.reach.note')}
      </Typography.Paragraph>
    </div>
  );
}
