import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { type TThemeItem, ZThemeCreate, ZThemeUpdate } from '../../../common/schemas/publicity-calendar.ts';
import { errorText } from '../../api.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid } from '../../components/ui.tsx';
import { useSchemaForm } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { SourceTag } from './parts.tsx';
import { usePublicityOrg, useThemeActions, useThemes } from './hooks-calendar.ts';

/**
 * 宣传主题: the built-in themes, the county's and the org's own. An org adds its own (usable in its
 * whole subtree) and switches any theme off or on for its subtree; only the creating org renames one.
 */
export default function ThemesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const orgId = usePublicityOrg();
  const list = useThemes(orgId, true);
  const act = useThemeActions();
  const addSf = useSchemaForm(ZThemeCreate);
  const editSf = useSchemaForm(ZThemeUpdate);
  const [editing, setEditing] = useState<TThemeItem | null>(null);
  const canEdit = !!list.data?.canEdit;

  const toggle = async (i: TThemeItem, active: boolean) => {
    try {
      await act.update.mutateAsync({ code: i.code, body: { orgId, active } });
      message.success(t('common.saved'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  const add = () =>
    addSf.submit(
      async (body) => {
        await act.create.mutateAsync(body);
        message.success(t('common.saved'));
        addSf.reset();
      },
      { orgId },
    );
  const rename = () =>
    editSf.submit(
      async (body) => {
        if (!editing) return;
        await act.update.mutateAsync({ code: editing.code, body });
        message.success(t('common.saved'));
        setEditing(null);
      },
      { orgId },
    );

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('publicity.themes.title')}</h2>
        <Link to="/publicity/calendar">{t('publicity.cal.title')}</Link>
      </div>
      <Typography.Paragraph type="secondary">{t('publicity.themes.intro')}</Typography.Paragraph>
      {canEdit && (
        <Card size="small" style={{ marginBottom: 12 }}>
          <FormErrors sf={addSf} />
          <Form form={addSf.form} layout="inline">
            <Form.Item name="name" label={t('publicity.themes.name')} required>
              <Input maxLength={30} {...tid('theme-add-name')} />
            </Form.Item>
            <Form.Item name="nameEn" label={t('publicity.themes.nameEn')}>
              <Input maxLength={60} />
            </Form.Item>
            <Button type="primary" icon={<PlusOutlined />} onClick={add} loading={addSf.submitting} {...tid('theme-add-save')}>
              {t('publicity.themes.add')}
            </Button>
          </Form>
        </Card>
      )}
      <Table<TThemeItem>
        rowKey="code"
        size="small"
        loading={list.isLoading}
        pagination={false}
        dataSource={list.data?.items ?? []}
        columns={[
          { title: t('publicity.themes.name'), dataIndex: 'name', render: (v: string, i) => <span {...tid(`theme-${i.code}`)}>{v}</span> },
          {
            title: t('publicity.kd.source'),
            dataIndex: 'source',
            render: (v: string, i) => <SourceTag source={v} orgName={i.sourceOrgName} />,
          },
          {
            title: t('publicity.kd.active'),
            dataIndex: 'active',
            width: 90,
            render: (v: boolean, i) => <Switch size="small" checked={v} disabled={!canEdit} onChange={(on) => toggle(i, on)} aria-label={`${i.name} ${t('publicity.kd.active')}`} {...tid(`theme-active-${i.code}`)} />,
          },
          {
            key: 'actions',
            width: 60,
            render: (_, i) =>
              i.renamable ? (
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  aria-label={t('common.edit')}
                  onClick={() => {
                    setEditing(i);
                    editSf.form.setFieldsValue({ name: i.name, nameEn: i.nameEn === i.name ? undefined : i.nameEn });
                  }}
                />
              ) : null,
          },
        ]}
      />
      <Modal open={!!editing} title={t('publicity.themes.rename')} onCancel={() => setEditing(null)} onOk={rename} okButtonProps={{ loading: editSf.submitting }} forceRender>
        <FormErrors sf={editSf} />
        <Form form={editSf.form} layout="vertical">
          <Space direction="vertical" style={{ width: '100%' }}>
            <Form.Item name="name" label={t('publicity.themes.name')} required>
              <Input maxLength={30} />
            </Form.Item>
            <Form.Item name="nameEn" label={t('publicity.themes.nameEn')}>
              <Input maxLength={60} />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </div>
  );
}
