import { CheckCircleOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, InputNumber, Modal, Popconfirm, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { type TScreeningGrid, type TScreeningView, ZScreeningInput } from '../../../common/schemas/mediation-admin.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid, usePagination } from '../../components/ui.tsx';
import { useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { useSaveScreening, useScreeningGrid, useScreeningRecords, useZeroReport } from './hooks.ts';

type Village = TScreeningGrid['villages'][number];
type Cell = Village['cells'][number];

const CELL_CLASS: Record<Cell['state'], string> = {
  reported: '',
  zero: 'fz-grid-zero',
  missing: 'fz-grid-missed',
  pending: '',
  future: 'fz-grid-future',
};

/**
 * 矛盾纠纷排查: one row per village, one column per month of the year. Missed months are red, zero
 * reports green; "本月无矛盾纠纷（零上报）" is one click per village; any past month opens the
 * counts form.
 */
export default function ScreeningPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const canWrite = can('mediation.screening.write');
  const [params, setParams] = useSearchParams();
  const [year, setYear] = useState(() => Number(params.get('year')) || new Date().getFullYear());
  // A finding links here with ?orgId=<village>: the grid narrows to it until cleared.
  const villageFilter = params.get('orgId') ?? undefined;
  const { data, isLoading, error } = useScreeningGrid(year, villageFilter);
  // The report's 零上报 (zero=1) and 排查发现 (zero=0) figures link here: those are records, not
  // village-months, so they get the records list the figure counts.
  const zeroParam = params.get('zero');
  const recordsMode = zeroParam === '1' || zeroParam === '0' ? zeroParam : null;
  const [recPage, setRecPage] = useState({ page: 1, pageSize: 20 });
  const pagination = usePagination();
  const changeYear = (y: number) => {
    setYear(y);
    setRecPage((p) => ({ ...p, page: 1 }));
  };
  const records = useScreeningRecords({ year, orgId: villageFilter, zero: recordsMode ?? undefined, ...recPage }, recordsMode !== null);
  const zero = useZeroReport();
  const save = useSaveScreening();
  const [editing, setEditing] = useState<{ village: Village; cell: Cell } | null>(null);
  const sf = useSchemaForm(ZScreeningInput);

  // Villages that have not reported the current month yet: the one-click zero report, also on a phone.
  const pendingNow = (data?.villages ?? []).filter((v) => {
    const c = v.cells.find((x) => x.period === data?.currentPeriod);
    return c && (c.state === 'pending' || c.state === 'missing');
  });
  const monthLabel = (p: string) => (lang === 'zh' ? `${Number(p.slice(5))}月` : p.slice(5));

  const openCell = (village: Village, cell: Cell) => {
    if (!canWrite || cell.state === 'future') return;
    setEditing({ village, cell });
    sf.reset();
    sf.form.setFieldsValue({ found: cell.found, resolved: cell.resolved, escalated: cell.escalated, notes: undefined });
  };

  const onSave = () =>
    sf.submit(
      async (body) => {
        await save.mutateAsync(body);
        message.success(t('common.saved'));
        setEditing(null);
      },
      editing ? { orgId: editing.village.orgId, period: editing.cell.period } : undefined,
    );

  const zeroReport = async (v: Village, period: string) => {
    try {
      await zero.mutateAsync({ orgId: v.orgId, period });
      message.success(t('screening.zeroDone', { name: v.name }));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const cellView = (v: Village, c: Cell) => {
    const body =
      c.state === 'reported' ? (
        <Tooltip title={t('screening.cellTip', { found: c.found, resolved: c.resolved, escalated: c.escalated })}>
          <span>
            {c.found}/{c.resolved}/{c.escalated}
          </span>
        </Tooltip>
      ) : c.state === 'zero' ? (
        <span style={{ color: '#389e0d' }}>{t('screening.zeroShort')}</span>
      ) : c.state === 'missing' ? (
        <span style={{ color: '#cf1322', fontWeight: 600 }}>{t('screening.missingShort')}</span>
      ) : c.state === 'pending' ? (
        <span style={{ color: '#d48806' }}>{t('screening.pendingShort')}</span>
      ) : (
        <span>·</span>
      );
    const clickable = canWrite && c.state !== 'future';
    const props = { 'data-testid': `screening-cell-${v.orgId}-${c.period}`, 'data-state': c.state };
    if (!clickable)
      return (
        <div style={{ textAlign: 'center' }} {...props}>
          {body}
        </div>
      );
    return (
      <button type="button" className="fz-cell-btn" onClick={() => openCell(v, c)} {...props}>
        {body}
      </button>
    );
  };

  const columns: ColumnsType<Village> = [
    {
      title: t('screening.village'),
      dataIndex: 'name',
      fixed: 'left',
      width: 120,
      render: (name: string, v) => (
        <div>
          <div>{name}</div>
          {v.townshipName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {v.townshipName}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('screening.missedCol'),
      dataIndex: 'missing',
      width: 72,
      align: 'center',
      render: (n: number) => (n > 0 ? <Tag color="red">{n}</Tag> : <Tag color="green">0</Tag>),
    },
    ...(data?.months ?? []).map((m, i) => ({
      key: m,
      title: monthLabel(m),
      width: 64,
      align: 'center' as const,
      onCell: (v: Village) => ({ className: CELL_CLASS[v.cells[i]?.state ?? 'future'] }),
      render: (_: unknown, v: Village) => (v.cells[i] ? cellView(v, v.cells[i]) : null),
    })),
  ];
  if (canWrite && data && data.year === Number(data.currentPeriod.slice(0, 4))) {
    columns.push({
      title: t('screening.thisMonth'),
      key: 'zero',
      width: 200,
      render: (_: unknown, v: Village) => {
        const cur = v.cells.find((c) => c.period === data.currentPeriod);
        if (!cur || cur.state === 'reported' || cur.state === 'zero')
          return (
            <Tag icon={<CheckCircleOutlined />} color="success">
              {t('screening.reported')}
            </Tag>
          );
        return (
          <Popconfirm title={t('screening.zeroConfirm', { name: v.name, month: monthLabel(data.currentPeriod) })} onConfirm={() => zeroReport(v, data.currentPeriod)}>
            <Button size="small" type="primary" ghost loading={zero.isPending && zero.variables?.orgId === v.orgId} data-testid={`screening-zero-${v.orgId}`}>
              {t('screening.zeroButton')}
            </Button>
          </Popconfirm>
        );
      },
    });
  }

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('screening.title')}</h2>
        <Space>
          <Button onClick={() => changeYear(year - 1)} data-testid="screening-prev-year">
            ‹
          </Button>
          <InputNumber value={year} min={2000} max={2100} onChange={(v) => v && changeYear(v)} style={{ width: 90 }} data-testid="screening-year" />
          <Button onClick={() => changeYear(year + 1)} data-testid="screening-next-year">
            ›
          </Button>
        </Space>
      </div>
      {villageFilter && (
        <Alert
          type="info"
          style={{ marginBottom: 12 }}
          title={t('screening.filtered')}
          action={
            <Button size="small" onClick={() => setParams({})}>
              {t('common.showAll')}
            </Button>
          }
        />
      )}
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
      {data && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <Space size="large" wrap>
            <Statistic title={t('screening.totReported')} value={data.totals.reported} />
            <Statistic title={t('screening.totZero')} value={data.totals.zero} />
            <Statistic title={t('screening.totMissing')} value={data.totals.missing} styles={{ content: { color: data.totals.missing ? '#cf1322' : undefined } }} />
            <Statistic title={t('screening.found')} value={data.totals.found} />
            <Statistic title={t('screening.resolved')} value={data.totals.resolved} />
            <Statistic title={t('screening.escalated')} value={data.totals.escalated} />
          </Space>
        </Card>
      )}
      {recordsMode && (
        <Card
          size="small"
          style={{ marginBottom: 12 }}
          title={t(recordsMode === '1' ? 'screening.recordsZero' : 'screening.recordsNonZero', { year })}
          data-testid="screening-records-card"
          extra={
            <Space>
              {/* 排查发现 counts cases, not records: the sum over these records (zero reports add nothing). */}
              {recordsMode === '0' && data && (
                <span data-testid="screening-records-found">
                  {t('screening.found')} {data.totals.found}
                </span>
              )}
              <Button
                size="small"
                onClick={() => {
                  const next = new URLSearchParams(params);
                  next.delete('zero');
                  setParams(next);
                }}
              >
                {t('common.showAll')}
              </Button>
            </Space>
          }
        >
          {records.error && <Alert type="error" showIcon title={records.error.message} style={{ marginBottom: 12 }} />}
          <Table<TScreeningView>
            size="small"
            rowKey="id"
            loading={records.isFetching}
            dataSource={records.data?.items ?? []}
            scroll={{ x: 'max-content' }}
            data-testid="screening-records"
            pagination={pagination(recPage, records.data?.total, setRecPage, { showTotal: (n) => <span data-testid="screening-records-total">{t('common.total', { n })}</span> })}
            columns={[
              { title: t('screening.village'), dataIndex: 'orgName' },
              { title: t('common.month'), dataIndex: 'period', width: 90 },
              { title: t('screening.found'), dataIndex: 'found', width: 80, align: 'right' },
              { title: t('screening.resolved'), dataIndex: 'resolved', width: 80, align: 'right' },
              { title: t('screening.escalated'), dataIndex: 'escalated', width: 80, align: 'right' },
              {
                title: '',
                dataIndex: 'zeroReport',
                width: 90,
                render: (z: boolean) => (z ? <Tag color="green">{t('screening.totZero')}</Tag> : null),
              },
            ]}
          />
        </Card>
      )}
      {canWrite && pendingNow.length > 0 && data && (
        <Card size="small" style={{ marginBottom: 12 }} title={t('screening.pendingTitle', { month: monthLabel(data.currentPeriod), n: pendingNow.length })} data-testid="screening-pending">
          <Space wrap>
            {pendingNow.map((v) => (
              <Popconfirm key={v.orgId} title={t('screening.zeroConfirm', { name: v.name, month: monthLabel(data.currentPeriod) })} onConfirm={() => zeroReport(v, data.currentPeriod)}>
                <Button size="small" loading={zero.isPending && zero.variables?.orgId === v.orgId} data-testid={`screening-pending-zero-${v.orgId}`}>
                  {v.name} · {t('screening.zeroButton')}
                </Button>
              </Popconfirm>
            ))}
          </Space>
        </Card>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('screening.legend')}
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey="orgId"
        bordered
        loading={isLoading}
        dataSource={data?.villages ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="screening-grid"
      />
      <Modal
        open={!!editing}
        title={editing ? t('screening.formTitle', { name: editing.village.name, period: editing.cell.period }) : ''}
        onCancel={() => setEditing(null)}
        onOk={onSave}
        okButtonProps={{ loading: sf.submitting, ...tid('screening-save') }}
        destroyOnHidden
      >
        <FormErrors sf={sf} />
        <Form form={sf.form} layout="vertical" onFinish={onSave} data-testid="screening-form">
          <Space wrap>
            <Form.Item name="found" label={t('screening.found')}>
              <InputNumber min={0} data-testid="screening-found" />
            </Form.Item>
            <Form.Item name="resolved" label={t('screening.resolved')}>
              <InputNumber min={0} data-testid="screening-resolved" />
            </Form.Item>
            <Form.Item name="escalated" label={t('screening.escalated')}>
              <InputNumber min={0} data-testid="screening-escalated" />
            </Form.Item>
          </Space>
          <Form.Item name="notes" label={t('common.notes')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('screening.formHelp')}
          </Typography.Text>
        </Form>
      </Modal>
    </div>
  );
}
