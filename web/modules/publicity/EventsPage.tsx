import { DownloadOutlined, PlusOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, InputNumber, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { CHANNEL_LABELS, CHANNELS } from '../../../common/publicity-enums.ts';
import { EVENT_FILTER_KEYS, type TEventListItem } from '../../../common/schemas/publicity-events.ts';
import { ListTable } from '../../components/ListTable.tsx';
import { SearchInput } from '../../components/SearchInput.tsx';
import { usePagination } from '../../components/ui.tsx';
import { FilterSelect, NarrowedAlert } from '../../components/UrlFilters.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLocalName } from './names.ts';
import { useCan } from '../../session.tsx';
import { useUrlFilters } from '../../url-params.ts';
import { ChannelTag, EventDrawer, StatusTag } from './EventDetail.tsx';
import { downloadEvents, useEventOptions, useEventOrg, useEvents } from './hooks-events.ts';

/** Filters that have no control of their own on the page: shown as a "narrowed" banner (a figure's link). */
const LINK_ONLY = ['from', 'to', 'organiserId', 'orgId', 'campaignId', 'keyDate'] as const;

/**
 * 普法宣传活动 list. Every filter of the list-filter contract lives in the URL, so a figure of the
 * overview or the report opens exactly the events it counts.
 */
export default function EventsPage() {
  const { t, label } = useI18n();
  const localName = useLocalName();
  const { message } = App.useApp();
  const can = useCan();
  const navigate = useNavigate();
  const filters = useUrlFilters(EVENT_FILTER_KEYS);
  const { params, query, set } = filters;
  const pagination = usePagination();
  const [open, setOpen] = useState<string | null>(null);
  const options = useEventOptions(useEventOrg());
  const { data, isFetching, error, query: sent } = useEvents(query);
  const narrowed = LINK_ONLY.filter((k) => params.get(k));
  const themes = options.data?.themes ?? [];
  const villages = options.data?.villages ?? [];

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('pubEvents.title')}</h2>
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          {can('publicity.write') && (
            <Button type="primary" icon={<ThunderboltOutlined />} onClick={() => navigate('/publicity/events/quick')} data-testid="pub-events-quick">
              {t('pubEvents.quick')}
            </Button>
          )}
          {can('publicity.write') && (
            <Button icon={<PlusOutlined />} onClick={() => navigate('/publicity/events/new')} data-testid="pub-events-new">
              {t('pubEvents.new')}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} onClick={() => downloadEvents(sent).catch((e: Error) => message.error(e.message))} data-testid="pub-events-export">
            {t('pubEvents.export')}
          </Button>
        </div>
      </div>
      {narrowed.length > 0 && (
        <NarrowedAlert title={t('pubEvents.narrowed', { n: data?.total ?? 0 })} onShowAll={filters.clear} testid="pub-events-narrowed" />
      )}
      <Card size="small">
        <div className="fz-filters">
          <InputNumber placeholder={t('common.year')} min={2000} max={2100} value={query.year ? Number(query.year) : null} onChange={(v) => set('year', v)} data-testid="pub-filter-year" />
          <FilterSelect filters={filters} name="status" placeholder={t('common.status')} options={[{ value: 'done', label: t('pubEvents.done') }, { value: 'planned', label: t('pubEvents.planned') }]} minWidth={110} testid="pub-filter-status" />
          <FilterSelect filters={filters} name="online" placeholder={t('pubEvents.newMedia')} options={[{ value: '1', label: t('pubEvents.onlineYes') }, { value: '0', label: t('pubEvents.onlineNo') }]} minWidth={130} testid="pub-filter-online" />
          <FilterSelect filters={filters} name="channel" placeholder={t('pubEvents.channel')} options={CHANNELS.map((c) => ({ value: c, label: label(CHANNEL_LABELS[c]) }))} minWidth={150} testid="pub-filter-channel" />
          <FilterSelect filters={filters} name="theme" placeholder={t('pubEvents.theme')} options={themes.map((x) => ({ value: x.code, label: localName(x) }))} minWidth={150} search testid="pub-filter-theme" />
          {villages.length > 1 && (
            <FilterSelect filters={filters} name="villageId" placeholder={t('pubEvents.village')} options={villages.map((v) => ({ value: v.id, label: v.name }))} minWidth={130} search testid="pub-filter-village" />
          )}
          <SearchInput value={(query.law as string) ?? ''} placeholder={t('pubEvents.lawSearch')} onSearch={(q) => set('law', q)} style={{ maxWidth: 220 }} testid="pub-filter-law" />
          <SearchInput value={(query.q as string) ?? ''} placeholder={t('pubEvents.search')} onSearch={(q) => set('q', q)} style={{ maxWidth: 220 }} testid="pub-filter-q" />
        </div>
        {error && <Alert type="error" title={error.message} />}
        <ListTable<TEventListItem>
          size="small"
          rowKey="id"
          loading={isFetching}
          dataSource={data?.items ?? []}
          data-testid="pub-events"
          rowTestid={(r) => `pub-event-row-${r.id}`}
          onRow={(r) => ({ onClick: () => setOpen(r.id), style: { cursor: 'pointer' } })}
          card={(r) => ({
            onClick: () => setOpen(r.id),
            title: <span data-testid="pub-event-title">{r.title}</span>,
            aside: r.heldOn,
            line: (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.villageName && <span data-testid="pub-event-village-cell">{r.villageName} · </span>}
                {r.orgName}
                {r.status === 'done' && ` · ${t('pubEvents.audienceShort')} ${r.audienceCount}`}
              </Typography.Text>
            ),
            tags: (
              <>
                <StatusTag e={r} />
                {r.channels.map((c) => (
                  <ChannelTag key={c} c={c} />
                ))}
              </>
            ),
          })}
          pagination={pagination(filters, data?.total, filters.patch)}
          columns={[
            { title: t('common.date'), dataIndex: 'heldOn', width: 104 },
            {
              title: t('pubEvents.eventTitle'),
              dataIndex: 'title',
              render: (v: string, r) => (
                <span>
                  <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => setOpen(r.id)} data-testid="pub-event-title">
                    {v}
                  </Button>
                  {r.online && (
                    <Tag color="cyan" style={{ marginInlineStart: 6 }} data-testid="pub-event-online">
                      {t('pubEvents.newMedia')}
                    </Tag>
                  )}
                </span>
              ),
            },
            { title: t('pubEvents.village'), dataIndex: 'villageName', width: 90, render: (v: string | null) => <span data-testid="pub-event-village-cell">{v ?? '—'}</span> },
            { title: t('pubEvents.channels'), dataIndex: 'channels', render: (cs: TEventListItem['channels']) => cs.map((c) => <ChannelTag key={c} c={c} />) },
            { title: t('pubEvents.audienceShort'), dataIndex: 'audienceCount', width: 80, align: 'right' },
            { title: t('pubEvents.materialsShort'), dataIndex: 'materialsCount', width: 80, align: 'right' },
            { title: t('common.status'), key: 'status', width: 100, render: (_: unknown, r) => <StatusTag e={r} /> },
            { title: t('pubEvents.org'), dataIndex: 'orgName', width: 110 },
          ]}
        />
      </Card>
      <EventDrawer id={open} onClose={() => setOpen(null)} />
    </div>
  );
}
