import { FileImageOutlined, FileTextOutlined, VideoCameraOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Select, Space, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import { BUILTIN_THEME_LABELS, CONTENT_KIND_LABELS, CONTENT_KINDS, CONTENT_STATE_LABELS, CONTENT_STATES, type ContentState } from '../../../common/publicity-enums.ts';
import type { TContentListItem } from '../../../common/schemas/publicity-content.ts';
import { ListTable } from '../../components/ListTable.tsx';
import { SearchInput } from '../../components/SearchInput.tsx';
import { usePagination } from '../../components/ui.tsx';
import { FilterSelect } from '../../components/UrlFilters.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useThemeName } from './names.ts';
import { useCan } from '../../session.tsx';
import { useUrlFilters } from '../../url-params.ts';
import { useContents } from './hooks-content.ts';

export const STATE_COLORS: Record<ContentState, string> = { draft: 'default', review: 'orange', published: 'green', withdrawn: 'red' };

/** The filters the library reads from the URL (state, kind, theme, q), so a link opens exactly a list. */
const FILTER_KEYS = ['state', 'kind', 'theme', 'q', 'orgId', 'year'] as const;
const THIS_YEAR = new Date().getFullYear();
const YEARS = Array.from({ length: 6 }, (_, i) => THIS_YEAR - i);

/** 普法内容库: articles, posters and videos with their state; new ones in one tap. */
export default function ContentListPage() {
  const { t, label } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const filters = useUrlFilters(FILTER_KEYS);
  const { query, set } = filters;
  const pagination = usePagination();
  const { data, isFetching, error } = useContents(query);
  const themeName = useThemeName();

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('publicity.content.title')}</h2>
        {can('publicity.write') && (
          <Space wrap>
            <Button type="primary" icon={<FileTextOutlined />} onClick={() => navigate('/publicity/content/new?kind=article')} data-testid="content-new-article">
              {t('publicity.content.newArticle')}
            </Button>
            <Button icon={<FileImageOutlined />} onClick={() => navigate('/publicity/content/new?kind=poster')} data-testid="content-new-poster">
              {t('publicity.content.newPoster')}
            </Button>
            <Button icon={<VideoCameraOutlined />} onClick={() => navigate('/publicity/content/new?kind=video')} data-testid="content-new-video">
              {t('publicity.content.newVideo')}
            </Button>
          </Space>
        )}
      </div>
      <Card size="small">
        <div className="fz-filters">
          <FilterSelect filters={filters} name="state" placeholder={t('publicity.content.state')} options={CONTENT_STATES.map((s) => ({ value: s, label: label(CONTENT_STATE_LABELS[s]) }))} minWidth={110} testid="content-filter-state" />
          <Select
            allowClear
            placeholder={t('publicity.content.year')}
            value={query.year ? Number(query.year) : undefined}
            onChange={(v) => set('year', v ? String(v) : undefined)}
            options={YEARS.map((y) => ({ value: y, label: t('publicity.content.yearPublished', { year: y }) }))}
            style={{ minWidth: 120 }}
            data-testid="content-filter-year"
          />
          <FilterSelect filters={filters} name="kind" placeholder={t('publicity.content.kind')} options={CONTENT_KINDS.map((k) => ({ value: k, label: label(CONTENT_KIND_LABELS[k]) }))} minWidth={100} testid="content-filter-kind" />
          <FilterSelect filters={filters} name="theme" placeholder={t('publicity.content.theme')} options={Object.keys(BUILTIN_THEME_LABELS).map((c) => ({ value: c, label: themeName(c) }))} minWidth={140} search testid="content-filter-theme" />
          <SearchInput placeholder={t('publicity.content.search')} onSearch={(q) => set('q', q)} style={{ maxWidth: 240 }} testid="content-filter-q" />
        </div>
        {error && <Alert type="error" title={error.message} />}
        <ListTable<TContentListItem>
          size="small"
          rowKey="id"
          loading={isFetching}
          dataSource={data?.items ?? []}
          locale={{ emptyText: t('publicity.content.empty') }}
          data-testid="content-list"
          rowTestid={(r) => `content-row-${r.id}`}
          card={(r) => ({
            title: <Link to={`/publicity/content/${r.id}`}>{r.title}</Link>,
            aside: r.updatedAt.slice(0, 10),
            line: (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.orgName} · {r.authorName ?? '—'}
              </Typography.Text>
            ),
            tags: (
              <>
                <Tag color={STATE_COLORS[r.state]}>{label(CONTENT_STATE_LABELS[r.state])}</Tag>
                <Tag>{label(CONTENT_KIND_LABELS[r.kind])}</Tag>
                {r.themes.map((c) => (
                  <Tag key={c}>{themeName(c)}</Tag>
                ))}
              </>
            ),
          })}
          pagination={pagination(filters, data?.total, filters.patch)}
          columns={[
            { title: t('publicity.content.itemTitle'), dataIndex: 'title', render: (v: string, r) => <Link to={`/publicity/content/${r.id}`}>{v}</Link> },
            { title: t('publicity.content.kind'), dataIndex: 'kind', width: 70, render: (k: TContentListItem['kind']) => label(CONTENT_KIND_LABELS[k]) },
            {
              title: t('publicity.content.state'),
              dataIndex: 'state',
              width: 90,
              render: (s: ContentState) => <Tag color={STATE_COLORS[s]}>{label(CONTENT_STATE_LABELS[s])}</Tag>,
            },
            { title: t('publicity.content.themes'), dataIndex: 'themes', render: (ts: string[]) => ts.map((c) => <Tag key={c}>{themeName(c)}</Tag>) },
            { title: t('publicity.content.org'), dataIndex: 'orgName', width: 110 },
            { title: t('publicity.content.author'), dataIndex: 'authorName', width: 120, render: (v: string | null) => v ?? '—' },
            { title: t('publicity.content.updated'), dataIndex: 'updatedAt', width: 110, render: (v: string) => v.slice(0, 10) },
          ]}
        />
      </Card>
    </div>
  );
}
