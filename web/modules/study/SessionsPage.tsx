import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, InputNumber, Space, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import type { TSessionListItem } from '../../../common/schemas/study.ts';
import { SESSION_KIND_LABELS, SESSION_KINDS } from '../../../common/study-enums.ts';
import { ListTable } from '../../components/ListTable.tsx';
import { SearchInput } from '../../components/SearchInput.tsx';
import { usePagination } from '../../components/ui.tsx';
import { FilterSelect, NarrowedAlert } from '../../components/UrlFilters.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { useSessions } from './hooks.ts';
import { useUrlFilters } from '../../url-params.ts';

/** URL keys the list understands: the report's figures and the hours table link here with them. */
const FILTER_KEYS = ['year', 'kind', 'law', 'held', 'tested', 'orgId', 'staffId', 'hostStaffId'] as const;

/** 学法活动 list: filters in the URL, so a figure of the report opens exactly the sessions it counts. */
export default function SessionsPage() {
  const { t, label } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const filters = useUrlFilters(FILTER_KEYS);
  const { params, query, set } = filters;
  const pagination = usePagination();
  const { data, isFetching, error } = useSessions(query);
  const narrowed = ['staffId', 'hostStaffId', 'tested'].some((k) => params.get(k));

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('study.sessions')}</h2>
        {can('study.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/study/sessions/new')} data-testid="study-session-create">
            {t('study.sessionNew')}
          </Button>
        )}
      </div>
      {narrowed && (
        <NarrowedAlert title={t('study.narrowed')} onShowAll={filters.clear} />
      )}
      <Card size="small">
        <div className="fz-filters">
          <InputNumber placeholder={t('common.year')} min={2000} max={2100} value={query.year ? Number(query.year) : null} onChange={(v) => set('year', v)} data-testid="study-filter-year" />
          <FilterSelect filters={filters} name="kind" placeholder={t('study.kind')} options={SESSION_KINDS.map((k) => ({ value: k, label: label(SESSION_KIND_LABELS[k]) }))} minWidth={140} testid="study-filter-kind" />
          <FilterSelect filters={filters} name="held" placeholder={t('common.status')} options={[{ value: '1', label: t('study.held') }, { value: '0', label: t('study.planned') }]} minWidth={110} testid="study-filter-held" />
          <SearchInput placeholder={t('study.lawSearch')} onSearch={(q) => set('law', q)} style={{ maxWidth: 240 }} testid="study-filter-law" />
        </div>
        {error && <Alert type="error" title={error.message} />}
        <ListTable<TSessionListItem>
          size="small"
          rowKey="id"
          loading={isFetching}
          dataSource={data?.items ?? []}
          data-testid="study-sessions"
          rowTestid={(r) => `study-session-row-${r.id}`}
          card={(r) => ({
            title: <Link to={`/study/sessions/${r.id}`}>{r.topic}</Link>,
            aside: r.heldOn,
            line: (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.orgName} · {r.hostName ?? '—'}
                {r.held && ` · ${t('study.presentOf', { present: r.present, recorded: r.recorded })}`}
              </Typography.Text>
            ),
            tags: (
              <>
                {r.held ? <Tag color="green">{t('study.held')}</Tag> : <Tag color="blue">{t('study.planned')}</Tag>}
                <Tag>{label(SESSION_KIND_LABELS[r.kind])}</Tag>
              </>
            ),
          })}
          pagination={pagination(filters, data?.total, filters.patch)}
          columns={[
            { title: t('common.date'), dataIndex: 'heldOn', width: 110 },
            { title: t('study.kind'), dataIndex: 'kind', width: 130, render: (k: TSessionListItem['kind']) => label(SESSION_KIND_LABELS[k]) },
            { title: t('study.topic'), dataIndex: 'topic', render: (v: string, r) => <Link to={`/study/sessions/${r.id}`}>{v}</Link> },
            { title: t('study.laws'), dataIndex: 'laws', render: (ls: string[]) => ls.map((l) => <Tag key={l}>{l}</Tag>) },
            { title: t('study.host'), dataIndex: 'hostName', width: 90, render: (v: string | null) => v ?? '—' },
            { title: t('study.hours'), dataIndex: 'hours', width: 70, align: 'right' },
            {
              title: t('study.attendance'),
              key: 'att',
              width: 110,
              render: (_: unknown, r) => (r.held ? t('study.presentOf', { present: r.present, recorded: r.recorded }) : '—'),
            },
            { title: t('common.status'), key: 'held', width: 90, render: (_: unknown, r) => (r.held ? <Tag color="green">{t('study.held')}</Tag> : <Tag color="blue">{t('study.planned')}</Tag>) },
            { title: t('study.org'), dataIndex: 'orgName', width: 110 },
          ]}
        />
      </Card>
      <Space style={{ marginTop: 8 }} />
    </div>
  );
}
