import { FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Checkbox, DatePicker, Grid, Select, Space, Tag, Typography } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ListTable } from '../../components/ListTable.tsx';
import { SearchInput } from '../../components/SearchInput.tsx';
import { usePagination } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { useCommittees, useDisputes } from './hooks.ts';
import { DisputeStatusTag, OutcomeTag, RiskTag } from './labels.tsx';
import {
  DISPUTE_SOURCE_LABELS,
  DISPUTE_SOURCES,
  DISPUTE_TYPE_LABELS,
  DISPUTE_TYPES,
  OUTCOME_LABELS,
  OUTCOMES,
  RISK_LEVEL_LABELS,
  RISK_LEVELS,
} from '../../../common/mediation-enums.ts';
import type { TDisputeListItem } from '../../../common/schemas/mediation.ts';
import { DueTag } from './labels.tsx';
import { useUrlFilters } from '../../url-params.ts';

type Item = TDisputeListItem;

/** URL keys the list understands (the report's and findings' links use the same ones). */
const FILTER_KEYS = ['q', 'status', 'outcome', 'type', 'source', 'riskLevel', 'committeeId', 'villageId', 'year', 'receivedFrom', 'receivedTo', 'followUp', 'orgId', 'mine', 'sort', 'order'] as const;
/** Table column → the server's sort key. */
const SORT_KEYS: Record<string, string> = { receivedOn: 'receivedOn', caseNo: 'caseNo', amountFen: 'amount' };

/**
 * 矛盾纠纷 list: filters, Chinese full-text search, sort and pagination all happen on the server;
 * the URL holds them, so a link from the dashboard or a finding opens exactly that list.
 */
export default function DisputeListPage() {
  const { t, label } = useI18n();
  const can = useCan();
  const navigate = useNavigate();
  const filters = useUrlFilters(FILTER_KEYS);
  const { params } = filters;
  const pagination = usePagination();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  const [showFilters, setShowFilters] = useState(false);
  const activeFilters = FILTER_KEYS.filter((k) => k !== 'q' && k !== 'sort' && k !== 'order' && params.get(k)).length;

  // Older links say `risk`; the API says `riskLevel`.
  const risk = params.get('risk');
  const query = useMemo(() => (!filters.query.riskLevel && risk ? { ...filters.query, riskLevel: risk } : filters.query), [filters.query, risk]);
  const { data, isFetching, error } = useDisputes(query);
  const committees = useCommittees();

  const set = filters.patch;

  const sortOrder = (key: string): 'ascend' | 'descend' | undefined => {
    const sort = params.get('sort') ?? 'receivedOn';
    const order = params.get('order') ?? 'desc';
    if (SORT_KEYS[key] !== sort) return undefined;
    return order === 'asc' ? 'ascend' : 'descend';
  };

  const onTableChange = (_p: unknown, _f: unknown, sorter: SorterResult<Item> | SorterResult<Item>[]) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const sort = s?.order ? SORT_KEYS[String(s.columnKey)] : undefined;
    const order = s?.order === 'ascend' ? 'asc' : s?.order === 'descend' ? 'desc' : undefined;
    if (sort !== (params.get('sort') ?? undefined) || order !== (params.get('order') ?? undefined)) set({ sort, order });
  };

  const extraChips: { key: string; text: string }[] = [];
  if (params.get('followUp') === 'overdue') extraChips.push({ key: 'followUp', text: t('dispute.filter.followUpOverdue') });
  if (params.get('followUp') === 'due_soon') extraChips.push({ key: 'followUp', text: t('dispute.filter.followUpDue') });
  if (params.get('followUp') === 'pending') extraChips.push({ key: 'followUp', text: t('dispute.filter.followUpPending') });
  if (params.get('villageId')) extraChips.push({ key: 'villageId', text: t('dispute.filter.village') });
  if (params.get('mine')) extraChips.push({ key: 'mine', text: t('dispute.filter.mine') });
  if (params.get('orgId')) extraChips.push({ key: 'orgId', text: t('dispute.filter.org') });

  const range = params.get('receivedFrom') || params.get('receivedTo') ? ([params.get('receivedFrom') ? dayjs(params.get('receivedFrom')) : null, params.get('receivedTo') ? dayjs(params.get('receivedTo')) : null] as const) : null;

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('dispute.listTitle')}</h2>
        {can('mediation.write') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/mediation/disputes/new')} data-testid="dispute-new">
            {t('menu.disputeNew')}
          </Button>
        )}
      </div>
      <div className="fz-filters">
        <SearchInput
          value={params.get('q') ?? ''}
          placeholder={t('dispute.searchPlaceholder')}
          onSearch={(v) => set({ q: v.trim() })}
          style={{ flex: '2 1 260px' }}
          testid="dispute-search"
        />
        {mobile && (
          <Badge count={activeFilters} size="small">
            <Button icon={<FilterOutlined />} onClick={() => setShowFilters(!showFilters)} data-testid="dispute-filter-toggle">
              {t('dispute.filters')}
            </Button>
          </Badge>
        )}
      </div>
      <div className="fz-filters" style={mobile && !showFilters ? { display: 'none' } : undefined}>
        <Select
          allowClear
          placeholder={t('common.status')}
          value={params.get('status') ?? undefined}
          onChange={(v) => set({ status: v })}
          options={[
            { value: 'open', label: t('dispute.status.open') },
            { value: 'registered', label: t('dispute.status.registered') },
            { value: 'mediating', label: t('dispute.status.mediating') },
            { value: 'closed', label: t('dispute.status.closed') },
          ]}
          data-testid="dispute-filter-status"
        />
        <Select
          allowClear
          placeholder={t('dispute.outcome')}
          value={params.get('outcome') ?? undefined}
          onChange={(v) => set({ outcome: v })}
          options={OUTCOMES.map((o) => ({ value: o, label: label(OUTCOME_LABELS[o]) }))}
          data-testid="dispute-filter-outcome"
        />
        <Select
          allowClear
          placeholder={t('dispute.type')}
          value={params.get('type') ?? undefined}
          onChange={(v) => set({ type: v })}
          options={DISPUTE_TYPES.map((o) => ({ value: o, label: label(DISPUTE_TYPE_LABELS[o]) }))}
          data-testid="dispute-filter-type"
        />
        <Select
          allowClear
          placeholder={t('dispute.source')}
          value={params.get('source') ?? undefined}
          onChange={(v) => set({ source: v })}
          options={DISPUTE_SOURCES.map((o) => ({ value: o, label: label(DISPUTE_SOURCE_LABELS[o]) }))}
          data-testid="dispute-filter-source"
        />
        <Select
          allowClear
          placeholder={t('dispute.risk')}
          value={params.get('riskLevel') ?? params.get('risk') ?? undefined}
          onChange={(v) => set({ riskLevel: v, risk: undefined })}
          options={RISK_LEVELS.map((o) => ({ value: o, label: label(RISK_LEVEL_LABELS[o]) }))}
          data-testid="dispute-filter-risk"
        />
        <Select
          allowClear
          placeholder={t('dispute.followUp')}
          value={params.get('followUp') ?? undefined}
          onChange={(v) => set({ followUp: v })}
          options={[
            { value: 'overdue', label: t('dispute.filter.followUpOverdue') },
            { value: 'due_soon', label: t('dispute.filter.followUpDue') },
            { value: 'pending', label: t('dispute.filter.followUpPending') },
          ]}
          data-testid="dispute-filter-followup"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('dispute.committee')}
          value={params.get('committeeId') ?? undefined}
          onChange={(v) => set({ committeeId: v })}
          options={(committees.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          data-testid="dispute-filter-committee"
        />
        <Select
          allowClear
          placeholder={t('common.year')}
          value={params.get('year') ?? undefined}
          onChange={(v) => set({ year: v })}
          options={Array.from({ length: 6 }, (_, i) => String(new Date().getFullYear() - i)).map((y) => ({ value: y, label: y }))}
          data-testid="dispute-filter-year"
        />
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          value={range as never}
          onChange={(v) => set({ receivedFrom: v?.[0]?.format('YYYY-MM-DD'), receivedTo: v?.[1]?.format('YYYY-MM-DD') })}
          placeholder={[t('dispute.receivedFrom'), t('dispute.receivedTo')]}
          style={{ flex: '2 1 240px' }}
          data-testid="dispute-filter-received"
        />
        <Checkbox checked={params.get('mine') === 'true'} onChange={(e) => set({ mine: e.target.checked ? 'true' : undefined })} style={{ alignSelf: 'center', minWidth: 0 }} data-testid="dispute-filter-mine">
          {t('dispute.mine')}
        </Checkbox>
        <Button onClick={filters.clear} data-testid="dispute-filter-reset">
          {t('common.reset')}
        </Button>
      </div>
      {extraChips.length > 0 && (
        <Space style={{ marginBottom: 8 }} wrap>
          {extraChips.map((c) => (
            <Tag key={c.key} closable onClose={() => set({ [c.key]: undefined })} color="blue">
              {c.text}
            </Tag>
          ))}
        </Space>
      )}
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      <ListTable<Item>
          size="small"
          rowKey="id"
          loading={isFetching}
          dataSource={data?.items ?? []}
          onChange={onTableChange}
          data-testid="dispute-list"
          rowTestid={(r) => `dispute-row-${r.id}`}
          card={(r) => ({
            onClick: () => navigate(`/mediation/disputes/${r.id}`),
            title: (
              <Link to={`/mediation/disputes/${r.id}`} data-testid="dispute-link">
                {r.caseNo}
              </Link>
            ),
            aside: r.receivedOn,
            line: r.title,
            tags: (
              <>
                <DisputeStatusTag status={r.status} />
                {r.outcome && <OutcomeTag outcome={r.outcome} />}
                <RiskTag risk={r.riskLevel} />
                <Tag>{label(DISPUTE_TYPE_LABELS[r.type], r.type)}</Tag>
                {r.nextFollowUp && r.nextFollowUp.state !== 'open' && <DueTag state={r.nextFollowUp.state} prefix={`${t('dispute.followUp')} `} />}
              </>
            ),
          })}
          pagination={pagination(filters, data?.total, set, { showSizeChanger: true })}
          columns={[
            {
              title: t('dispute.caseNo'),
              key: 'caseNo',
              dataIndex: 'caseNo',
              sorter: true,
              sortOrder: sortOrder('caseNo'),
              render: (v: string, r) => (
                <Link to={`/mediation/disputes/${r.id}`} data-testid="dispute-link">
                  {v}
                </Link>
              ),
            },
            {
              title: t('dispute.titleCol'),
              dataIndex: 'title',
              render: (v: string, r) => (
                <div style={{ maxWidth: 280 }}>
                  <Link to={`/mediation/disputes/${r.id}`}>{v}</Link>
                  {r.partyNames.length > 0 && (
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.partyNames.join('、')}
                      </Typography.Text>
                    </div>
                  )}
                </div>
              ),
            },
            { title: t('dispute.type'), dataIndex: 'type', responsive: ['md'], render: (v: Item['type']) => label(DISPUTE_TYPE_LABELS[v], v) },
            { title: t('dispute.committee'), dataIndex: 'committeeName', responsive: ['lg'] },
            { title: t('dispute.village'), dataIndex: 'villageName', responsive: ['lg'], render: (v: string | null) => v ?? '—' },
            { title: t('dispute.receivedOn'), key: 'receivedOn', dataIndex: 'receivedOn', sorter: true, sortOrder: sortOrder('receivedOn'), width: 110 },
            {
              title: t('common.status'),
              key: 'status',
              render: (_: unknown, r) => (
                <Space size={4} wrap>
                  <DisputeStatusTag status={r.status} />
                  {r.outcome && <OutcomeTag outcome={r.outcome} />}
                </Space>
              ),
            },
            { title: t('dispute.risk'), dataIndex: 'riskLevel', responsive: ['md'], render: (v: Item['riskLevel']) => <RiskTag risk={v} /> },
            {
              title: t('dispute.followUp'),
              key: 'followUp',
              responsive: ['lg'],
              render: (_: unknown, r) => (r.nextFollowUp ? <DueTag state={r.nextFollowUp.state} prefix={`${r.nextFollowUp.dueOn} `} /> : null),
            },
            {
              title: t('dispute.amount'),
              key: 'amountFen',
              dataIndex: 'amountFen',
              align: 'right',
              responsive: ['xl'],
              sorter: true,
              sortOrder: sortOrder('amountFen'),
              render: (v: number) => (v ? (v / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2 }) : '—'),
            },
          ]}
        />
    </div>
  );
}
