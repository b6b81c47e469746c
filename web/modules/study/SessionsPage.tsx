import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, InputNumber, Select, Space, Table, Tag } from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import type { TSessionListItem } from '../../../common/schemas/study.ts';
import { SESSION_KIND_LABELS, SESSION_KINDS } from '../../../common/study-enums.ts';
import { SearchInput } from '../../components/SearchInput.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { useSessions } from './hooks.ts';
import { patchParams } from '../../url-params.ts';

/** URL keys the list understands: the report's figures and the hours table link here with them. */
const FILTER_KEYS = ['year', 'kind', 'law', 'held', 'tested', 'orgId', 'staffId', 'hostStaffId'] as const;

/** 学法活动 list: filters in the URL, so a figure of the report opens exactly the sessions it counts. */
export default function SessionsPage() {
  const { t, label } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => {
    const q: Record<string, string | number> = {};
    for (const k of FILTER_KEYS) {
      const v = params.get(k);
      if (v) q[k] = v;
    }
    q.page = Number(params.get('page')) || 1;
    q.pageSize = Number(params.get('pageSize')) || 20;
    return q;
  }, [params]);
  const { data, isFetching, error } = useSessions(query);
  const set = (k: string, v: string | number | undefined | null) => {
    setParams(patchParams(params, { [k]: v, page: undefined }));
  };
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
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={t('study.narrowed')}
          action={
            <Button size="small" onClick={() => setParams({})}>
              {t('common.showAll')}
            </Button>
          }
        />
      )}
      <Card size="small">
        <div className="fz-filters">
          <InputNumber placeholder={t('common.year')} min={2000} max={2100} value={query.year ? Number(query.year) : null} onChange={(v) => set('year', v)} data-testid="study-filter-year" />
          <Select
            allowClear
            placeholder={t('study.kind')}
            value={(query.kind as string) || undefined}
            onChange={(v) => set('kind', v)}
            options={SESSION_KINDS.map((k) => ({ value: k, label: label(SESSION_KIND_LABELS[k]) }))}
            style={{ minWidth: 140 }}
            data-testid="study-filter-kind"
          />
          <Select
            allowClear
            placeholder={t('common.status')}
            value={(query.held as string) || undefined}
            onChange={(v) => set('held', v)}
            options={[
              { value: '1', label: t('study.held') },
              { value: '0', label: t('study.planned') },
            ]}
            style={{ minWidth: 110 }}
            data-testid="study-filter-held"
          />
          <SearchInput placeholder={t('study.lawSearch')} onSearch={(q) => set('law', q)} style={{ maxWidth: 240 }} testid="study-filter-law" />
        </div>
        {error && <Alert type="error" title={error.message} />}
        <Table<TSessionListItem>
          size="small"
          rowKey="id"
          loading={isFetching}
          dataSource={data?.items ?? []}
          scroll={{ x: 'max-content' }}
          data-testid="study-sessions"
          onRow={(r) => ({ 'data-testid': `study-session-row-${r.id}` }) as object}
          pagination={{
            current: Number(query.page),
            pageSize: Number(query.pageSize),
            total: data?.total ?? 0,
            showTotal: (n) => t('common.total', { n }),
            onChange: (page, pageSize) => {
              const next = new URLSearchParams(params);
              next.set('page', String(page));
              next.set('pageSize', String(pageSize));
              setParams(next);
            },
            size: 'small',
          }}
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
