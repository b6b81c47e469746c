import { CopyOutlined, DeleteOutlined, EditOutlined, PlusOutlined, } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Form, Input, Modal, Popconfirm, Select, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import type { z } from 'zod';
import { type ZRespItem, ZRespCreate, ZRespUpdate } from '../../../common/schemas/publicity-calendar.ts';
import { COMMON_LAWS } from '../../../common/study-enums.ts';
import { errorText } from '../../api.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid } from '../../components/ui.tsx';
import { useSchemaForm } from '../../forms.tsx';
import { ListTable } from '../../components/ListTable.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useUrlYear } from '../../url-params.ts';
import { YearStepper } from './parts.tsx';
import { usePublicityOrg, useRespActions, useResponsibilities } from './hooks-calendar.ts';

type Item = z.output<typeof ZRespItem>;
const OTHER = '__other__';
/** The select's "other unit" choice is sent as a free-text name without a department id. */
const values = (v: Record<string, unknown>) => (v.departmentOrgId === OTHER ? { ...v, departmentOrgId: null } : { ...v, departmentName: null });

/**
 * 谁执法谁普法 责任清单: which department publicises which law this year and whether it did — 已开展
 * with the number of done events (the link lists exactly those events) or 未开展. A unit outside the
 * system (派出所) cannot be checked against the records and says so.
 */
export default function ResponsibilitiesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const orgId = usePublicityOrg();
  const [year, setYear] = useUrlYear();
  const list = useResponsibilities(orgId, year);
  const act = useRespActions();
  const createSf = useSchemaForm(ZRespCreate, { transform: values });
  const updateSf = useSchemaForm(ZRespUpdate, { transform: values });
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState<Item | null>(null);
  const sf = editing ? updateSf : createSf;
  const dept = Form.useWatch('departmentOrgId', sf.form) as string | undefined;
  const canEdit = !!list.data?.canEdit;
  const fail = (e: unknown) => message.error(errorText(e));

  const openForm = (i: Item | null) => {
    setEditing(i);
    setOpen(true);
    const form = (i ? updateSf : createSf).form;
    form.resetFields();
    if (i) form.setFieldsValue({ departmentOrgId: i.departmentOrgId ?? OTHER, departmentName: i.departmentOrgId ? undefined : i.departmentName, law: i.law, measures: i.measures ?? undefined });
  };
  const save = () =>
    editing
      ? updateSf.submit(async (body) => {
          await act.update.mutateAsync({ id: editing.id, body });
          message.success(t('common.saved'));
          setOpen(false);
        })
      : createSf.submit(
          async (body) => {
            await act.create.mutateAsync(body);
            message.success(t('common.saved'));
            setOpen(false);
          },
          { orgId, year },
        );
  const copy = async () => {
    try {
      const r = await act.copy.mutateAsync({ orgId, year });
      message.success(t('publicity.resp.copied', { n: r.copied }));
    } catch (e) {
      fail(e);
    }
  };

  /** 已开展 n 次 (linking to the events) / 未开展 / 无法核对 (a unit outside the system). */
  const status = (i: Item) =>
              i.done ? (
                <Link to={i.href} {...tid(`resp-done-${i.id}`)}>
                  <Tag color="green">{t('publicity.resp.done', { n: i.eventCount })}</Tag>
                </Link>
              ) : i.departmentOrgId ? (
                <Tag color="red" {...tid(`resp-notdone-${i.id}`)}>
                  {t('publicity.resp.notDone')}
                </Tag>
              ) : (
                <Tooltip title={i.note}>
                  <Tag {...tid(`resp-unchecked-${i.id}`)}>{t('publicity.resp.unchecked')}</Tag>
                </Tooltip>
              );
  const actions = (i: Item) =>
              canEdit ? (
                <Space>
                  <Button size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => openForm(i)} />
                  <Popconfirm
                    title={t('publicity.resp.deleteConfirm')}
                    onConfirm={async () => {
                      try {
                        await act.remove.mutateAsync(i.id);
                        message.success(t('common.deleted'));
                      } catch (e) {
                        fail(e);
                      }
                    }}
                  >
                    <Button size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                  </Popconfirm>
                </Space>
              ) : null;
  const items = list.data?.items ?? [];
  const done = items.filter((i) => i.done).length;

  return (
    <div>
      <div className="fz-page-title">
        <h2>
          {t('publicity.resp.title')}
          {list.data ? ` · ${list.data.orgName}` : ''}
        </h2>
        <Space wrap>
          <YearStepper year={year} onChange={setYear} testid={{ year: 'resp-year' }} />
          {canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => openForm(null)} {...tid('resp-add')}>
              {t('publicity.resp.add')}
            </Button>
          )}
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('publicity.resp.intro')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      {canEdit && items.length === 0 && (list.data?.previousYearCount ?? 0) > 0 && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('publicity.resp.copyHint', { year: year - 1, n: list.data?.previousYearCount ?? 0 })}
          action={
            <Button icon={<CopyOutlined />} onClick={copy} loading={act.copy.isPending} {...tid('resp-copy')}>
              {t('publicity.resp.copy')}
            </Button>
          }
        />
      )}
      {items.length > 0 && <Typography.Paragraph {...tid('resp-summary')}>{t('publicity.resp.summary', { done, total: items.length })}</Typography.Paragraph>}
      <ListTable<Item>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        pagination={false}
        dataSource={items}
        scroll={{ x: 720 }}
        rowTestid={(i) => `resp-row-${i.id}`}
        card={(i) => ({
          title: <span {...tid(`resp-dept-${i.id}`)}>{i.departmentName}</span>,
          line: (
            <>
              {i.law}
              {i.measures && (
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {i.measures}
                </Typography.Text>
              )}
            </>
          ),
          tags: (
            <>
              {status(i)}
              {actions(i)}
            </>
          ),
        })}
        columns={[
          { title: t('publicity.resp.department'), dataIndex: 'departmentName', render: (v: string, i) => <span {...tid(`resp-dept-${i.id}`)}>{v}</span> },
          { title: t('publicity.resp.law'), dataIndex: 'law' },
          { title: t('publicity.resp.measures'), dataIndex: 'measures', render: (v: string | null) => v ?? '—' },
          { title: t('publicity.resp.status'), key: 'status', render: (_, i) => status(i) },
          { key: 'actions', width: 90, render: (_, i) => actions(i) },
        ]}
      />
      <Modal open={open} title={editing ? t('publicity.resp.edit') : t('publicity.resp.add')} onCancel={() => setOpen(false)} onOk={save} okButtonProps={{ loading: sf.submitting, ...tid('resp-save') }} forceRender>
        <FormErrors sf={sf} />
        <Form form={sf.form} layout="vertical">
          <Form.Item name="departmentOrgId" label={t('publicity.resp.department')} required>
            <Select
              options={[...(list.data?.departments ?? []).map((d) => ({ value: d.id, label: d.name })), { value: OTHER, label: t('publicity.resp.otherUnit') }]}
              {...tid('resp-dept')}
            />
          </Form.Item>
          {dept === OTHER && (
            <Form.Item name="departmentName" label={t('publicity.resp.otherName')} required extra={t('publicity.resp.otherNote')}>
              <Input maxLength={60} placeholder={t('publicity.resp.otherNameHint')} {...tid('resp-dept-name')} />
            </Form.Item>
          )}
          <Form.Item name="law" label={t('publicity.resp.law')} required>
            <AutoComplete options={COMMON_LAWS.map((l) => ({ value: l }))} filterOption={(input, o) => String(o?.value ?? '').includes(input)} maxLength={100} {...tid('resp-law')} />
          </Form.Item>
          <Form.Item name="measures" label={t('publicity.resp.measures')}>
            <Input.TextArea rows={2} maxLength={1000} {...tid('resp-measures')} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
