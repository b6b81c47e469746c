import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Col, Drawer, Form, Input, InputNumber, Popconfirm, Row, Select, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { KEY_DATE_KIND_LABELS, KEY_DATE_KINDS } from '../../../common/publicity-enums.ts';
import { type TKeyDateItem, ZKeyDateCreate } from '../../../common/schemas/publicity-calendar.ts';
import { errorText } from '../../api.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid, useDrawerSize } from '../../components/ui.tsx';
import { DateInput, useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { SourceTag } from './parts.tsx';
import { useLocalName, useThemeName, usePunct } from './names.ts';
import { useKeyDateActions, useKeyDates, useThemes } from './hooks-calendar.ts';

/**
 * The org's key dates: built-in (国家安全法 art. 14 4·15 …), inherited from the county and its own,
 * each switchable off or on for the org's subtree and with its own remind days; the org's own dates
 * are added here. Moving weeks (宪法宣传周) show the years whose dates are set.
 */
export default function KeyDatesDrawer({ open, onClose, orgId }: { open: boolean; onClose: () => void; orgId: string }) {
  const { t, label } = useI18n();
  const punct = usePunct();
  const localName = useLocalName();
  const themeName = useThemeName();
  const { message } = App.useApp();
  const width = useDrawerSize(860);
  const list = useKeyDates(orgId, open);
  const themes = useThemes(orgId);
  const act = useKeyDateActions();
  const sf = useSchemaForm(ZKeyDateCreate);
  const [adding, setAdding] = useState(false);
  const kind = Form.useWatch('kind', sf.form) as string | undefined;
  const canEdit = !!list.data?.canEdit;

  const fail = (e: unknown) => message.error(errorText(e));
  /** A built-in or inherited date is changed through the org's override; an own one through its row. */
  const change = async (i: TKeyDateItem, patch: { active?: boolean; remindDays?: number }) => {
    try {
      if (i.source === 'own' && i.rowId) await act.update.mutateAsync({ id: i.rowId, body: patch });
      else await act.create.mutateAsync({ orgId, builtinCode: i.key, ...patch });
      message.success(t('common.saved'));
    } catch (e) {
      fail(e);
    }
  };
  const whenOf = (i: TKeyDateItem) =>
    i.kind === 'fixed'
      ? t('publicity.kd.fixedWhen', { m: i.month ?? 0, d: i.day ?? 0 })
      : i.kind === 'month'
        ? t('publicity.kd.monthWhen', { m: i.month ?? 0 })
        : i.years.length
          ? i.years.map((y) => `${y.from} – ${y.to.slice(5)}${y.own ? '' : punct.paren(y.orgName)}`).join(punct.semi)
          : t('publicity.kd.noDatesYet');
  const add = () =>
    sf.submit(
      async (body) => {
        await act.create.mutateAsync(body);
        message.success(t('common.saved'));
        sf.reset();
        setAdding(false);
      },
      { orgId },
    );

  return (
    <Drawer open={open} onClose={onClose} size={width} title={t('publicity.kd.title')} destroyOnHidden {...tid('kd-drawer')}>
      <Typography.Paragraph type="secondary">{t('publicity.kd.intro')}</Typography.Paragraph>
      {canEdit && !adding && (
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} style={{ marginBottom: 12 }} {...tid('kd-add')}>
          {t('publicity.kd.add')}
        </Button>
      )}
      {adding && (
        <div style={{ marginBottom: 16, padding: 12, border: '1px solid var(--ant-color-border, #d9d9d9)', borderRadius: 8 }}>
          <FormErrors sf={sf} />
          <Form form={sf.form} layout="vertical" initialValues={{ kind: 'fixed', remindDays: 21 }}>
            <Row gutter={12}>
              <Col xs={24} md={12}>
                <Form.Item name="name" label={t('publicity.kd.name')} required>
                  <Input maxLength={60} {...tid('kd-add-name')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item name="kind" label={t('publicity.kd.kind')} required>
                  <Select options={KEY_DATE_KINDS.map((k) => ({ value: k, label: label(KEY_DATE_KIND_LABELS[k]) }))} {...tid('kd-add-kind')} />
                </Form.Item>
              </Col>
              {kind !== 'dated' && (
                <Col xs={12} md={6}>
                  <Form.Item name="month" label={t('publicity.kd.month')} required>
                    <InputNumber min={1} max={12} style={{ width: '100%' }} {...tid('kd-add-month')} />
                  </Form.Item>
                </Col>
              )}
              {kind === 'fixed' && (
                <Col xs={12} md={6}>
                  <Form.Item name="day" label={t('publicity.kd.day')} required>
                    <InputNumber min={1} max={31} style={{ width: '100%' }} {...tid('kd-add-day')} />
                  </Form.Item>
                </Col>
              )}
              {kind === 'dated' && (
                <>
                  <Col xs={12} md={6}>
                    <Form.Item name="startsOn" label={t('publicity.cal.startsOn')} required>
                      <DateInput data-testid="kd-add-from" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6}>
                    <Form.Item name="endsOn" label={t('publicity.cal.endsOn')} required>
                      <DateInput data-testid="kd-add-to" />
                    </Form.Item>
                  </Col>
                </>
              )}
              <Col xs={12} md={6}>
                <Form.Item name="theme" label={t('publicity.kd.theme')}>
                  <Select allowClear options={(themes.data?.items ?? []).map((x) => ({ value: x.code, label: localName(x) }))} {...tid('kd-add-theme')} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item name="remindDays" label={t('publicity.kd.remindDays')}>
                  <InputNumber min={0} max={120} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" onClick={add} loading={sf.submitting} {...tid('kd-add-save')}>
              {t('common.save')}
            </Button>{' '}
            <Button onClick={() => setAdding(false)}>{t('common.cancel')}</Button>
          </Form>
        </div>
      )}
      <Table<TKeyDateItem>
        rowKey="key"
        size="small"
        loading={list.isLoading}
        pagination={false}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 640 }}
        columns={[
          {
            title: t('publicity.kd.name'),
            dataIndex: 'name',
            render: (_: string, i) => (
              <span {...tid(`kd-row-${i.key}`)}>
                {localName(i)}
                {i.theme ? (
                  <Tag bordered={false} style={{ marginInlineStart: 6 }}>
                    {themeName(i.theme, i.themeName)}
                  </Tag>
                ) : null}
              </span>
            ),
          },
          { title: t('publicity.kd.when'), key: 'when', render: (_, i) => whenOf(i) },
          {
            title: t('publicity.kd.source'),
            dataIndex: 'source',
            render: (v: string, i) => <SourceTag source={v} orgName={i.sourceOrgName} />,
          },
          {
            title: t('publicity.kd.remindDays'),
            dataIndex: 'remindDays',
            width: 110,
            render: (v: number, i) =>
              canEdit ? (
                <InputNumber
                  size="small"
                  min={0}
                  max={120}
                  defaultValue={v}
                  style={{ width: 80 }}
                  onBlur={(e) => {
                    const n = Number(e.target.value);
                    if (Number.isInteger(n) && n !== v) void change(i, { remindDays: n });
                  }}
                  {...tid(`kd-remind-${i.key}`)}
                />
              ) : (
                v
              ),
          },
          {
            title: t('publicity.kd.active'),
            dataIndex: 'active',
            width: 80,
            render: (v: boolean, i) => <Switch size="small" checked={v} disabled={!canEdit} onChange={(on) => change(i, { active: on })} aria-label={t('publicity.kd.active')} {...tid(`kd-active-${i.key}`)} />,
          },
          {
            key: 'actions',
            width: 50,
            render: (_, i) =>
              canEdit && i.source === 'own' && i.rowId ? (
                <Popconfirm
                  title={t('publicity.kd.deleteConfirm')}
                  onConfirm={async () => {
                    try {
                      await act.remove.mutateAsync(i.rowId as string);
                      message.success(t('common.deleted'));
                    } catch (e) {
                      fail(e);
                    }
                  }}
                >
                  <Button size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                </Popconfirm>
              ) : null,
          },
        ]}
      />
    </Drawer>
  );
}
