import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Descriptions, Drawer, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useDrawerSize, usePagination } from '../../components/ui.tsx';
import { SearchInput } from '../../components/SearchInput.tsx';
import { useI18n } from '../../i18n/index.tsx';
import type { TAuditEvent } from '../../../common/schemas/audit.ts';
import { useAuditEvents, useVerifyAudit } from './hooks.ts';

const ENTITIES = ['session', 'user', 'org', 'grant', 'person', 'file', 'calendar', 'dispute', 'screening', 'understander', 'committee', 'mediator', 'export', 'system'];

function fmtTime(iso: string) {
  return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

function Json({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <pre className="fz-mono" style={{ fontSize: 12, background: '#fafafa', padding: 8, maxHeight: 320, overflow: 'auto', margin: 0 }}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** 审计日志 (audit admin only): filter by user, entity, action and time; verify the SM3 hash chain. */
export default function AuditPage() {
  const { t } = useI18n();
  const drawerSize = useDrawerSize(640);
  const [filters, setFilters] = useState<{ actor?: string; entity?: string; entityId?: string; action?: string; result?: string; from?: string; to?: string; page: number; pageSize: number }>({ page: 1, pageSize: 50 });
  const pagination = usePagination();
  const list = useAuditEvents(filters);
  const verify = useVerifyAudit();
  const [open, setOpen] = useState<TAuditEvent | null>(null);

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('menu.audit')}</h2>
        <Button icon={<SafetyCertificateOutlined />} onClick={() => verify.mutate()} loading={verify.isPending} data-testid="audit-verify">
          {t('audit.verify')}
        </Button>
      </div>
      {verify.data && (
        <Alert
          type={verify.data.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => verify.reset() }}
          style={{ marginBottom: 12 }}
          data-testid="audit-verify-result"
          title={verify.data.ok ? t('audit.chainOk', { n: verify.data.checked }) : t('audit.chainBroken', { seq: verify.data.firstBad?.seq ?? '?' })}
          description={verify.data.ok ? undefined : verify.data.firstBad?.reason}
        />
      )}
      {verify.error && <Alert type="error" showIcon title={verify.error.message} style={{ marginBottom: 12 }} />}
      <div className="fz-filters">
        <SearchInput placeholder={t('audit.actor')} onSearch={(v) => setFilters({ ...filters, actor: v || undefined, page: 1 })} style={{ maxWidth: 200 }} testid="audit-filter-actor" />
        <Select
          allowClear
          showSearch
          placeholder={t('audit.entity')}
          value={filters.entity}
          onChange={(entity) => setFilters({ ...filters, entity, page: 1 })}
          options={ENTITIES.map((e) => ({ value: e, label: e }))}
          style={{ maxWidth: 160 }}
          data-testid="audit-filter-entity"
        />
        <SearchInput placeholder={t('audit.entityId')} onSearch={(v) => setFilters({ ...filters, entityId: v || undefined, page: 1 })} style={{ maxWidth: 220 }} testid="audit-filter-entity-id" />
        <SearchInput placeholder={t('audit.action')} onSearch={(v) => setFilters({ ...filters, action: v || undefined, page: 1 })} style={{ maxWidth: 180 }} testid="audit-filter-action" />
        <Select
          allowClear
          placeholder={t('audit.result')}
          value={filters.result}
          onChange={(result) => setFilters({ ...filters, result, page: 1 })}
          options={[
            { value: 'success', label: t('audit.success') },
            { value: 'failure', label: t('audit.failure') },
            { value: 'denied', label: t('audit.denied') },
          ]}
          style={{ maxWidth: 140 }}
          data-testid="audit-filter-result"
        />
        <DatePicker.RangePicker
          showTime
          onChange={(v) => setFilters({ ...filters, from: v?.[0]?.toISOString(), to: v?.[1]?.toISOString(), page: 1 })}
          style={{ flex: '2 1 320px' }}
          data-testid="audit-filter-time"
          presets={[
            { label: t('audit.today'), value: [dayjs().startOf('day'), dayjs().endOf('day')] },
            { label: t('audit.last7'), value: [dayjs().subtract(7, 'day').startOf('day'), dayjs().endOf('day')] },
          ]}
        />
      </div>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<TAuditEvent>
        size="small"
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 'max-content' }}
        data-testid="audit-list"
        onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
        pagination={pagination(filters, list.data?.total, (p) => setFilters({ ...filters, ...p }), { showSizeChanger: true })}
        columns={[
          { title: '#', dataIndex: 'seq', width: 70 },
          { title: t('audit.time'), dataIndex: 'at', width: 170, render: fmtTime },
          { title: t('audit.actor'), dataIndex: 'actorName', render: (v: string | null) => v ?? t('audit.system') },
          { title: t('audit.entity'), dataIndex: 'entity' },
          { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <span className="fz-mono">{v}</span> },
          {
            title: t('audit.result'),
            dataIndex: 'result',
            render: (v: string) => <Tag color={v === 'success' ? 'green' : v === 'denied' ? 'orange' : 'red'}>{v === 'success' ? t('audit.success') : v === 'denied' ? t('audit.denied') : v === 'failure' ? t('audit.failure') : v}</Tag>,
          },
          { title: 'IP', dataIndex: 'ip', responsive: ['lg'] },
        ]}
      />
      <Drawer open={!!open} onClose={() => setOpen(null)} title={open ? `#${open.seq} · ${open.action}` : ''} size={drawerSize}>
        {open && (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('audit.time')}>{fmtTime(open.at)}</Descriptions.Item>
              <Descriptions.Item label={t('audit.actor')}>
                {open.actorName ?? t('audit.system')} {open.actorRoles && <Typography.Text type="secondary">（{open.actorRoles}）</Typography.Text>}
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.entity')}>
                {open.entity} <span className="fz-mono">{open.entityId}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.result')}>{open.result}</Descriptions.Item>
              <Descriptions.Item label="IP">{open.ip ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('audit.requestId')}>
                <span className="fz-mono">{open.requestId ?? '—'}</span>
              </Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5}>{t('audit.before')}</Typography.Title>
            <Json value={open.before} />
            <Typography.Title level={5}>{t('audit.after')}</Typography.Title>
            <Json value={open.after} />
          </Space>
        )}
      </Drawer>
    </div>
  );
}
