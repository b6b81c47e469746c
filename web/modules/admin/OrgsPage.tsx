import { DeleteOutlined, DownloadOutlined, EditOutlined, PlusOutlined, } from '@ant-design/icons';
import { Alert, App, Button, Col, Form, Input, InputNumber, Modal, Popconfirm, Row, Select, Space, Table, Tag, Tooltip, Typography, } from 'antd';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { ORG_KIND_LABELS, ORG_KINDS, type OrgKind } from '../../../common/roles.ts';
import { CREATABLE_ORG_KINDS, ORG_PARENT_KINDS, type TOrgImportError, type TOrgNode, ZOrgCreate, ZOrgImportResult, ZOrgUpdate } from '../../../common/schemas/orgs.ts';
import { ApiError, api } from '../../api.ts';
import { UploadButton } from '../../components/UploadButton.tsx';
import { FormErrors } from '../../components/FormErrors.tsx';
import { tid } from '../../components/ui.tsx';
import { useSchemaForm } from '../../forms.tsx';
import { SearchInput } from '../../components/SearchInput.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useCan } from '../../session.tsx';
import { useCreateOrg, useDeleteOrg, useOrgTree, useUpdateOrg } from './hooks.ts';
import { OrgSelect } from './OrgSelect.tsx';

type ImportResult = z.output<typeof ZOrgImportResult>;

/** AntD shows an expand button for any `children` array, even an empty one. */
function pruneEmpty(nodes: TOrgNode[]): TOrgNode[] {
  return nodes.map((n) => (n.children?.length ? { ...n, children: pruneEmpty(n.children) } : { ...n, children: undefined }));
}
const IMPORT_COLUMN_LABEL = { file: 'orgs.col.file', name: 'orgs.col.name', code: 'orgs.col.code', parentCode: 'orgs.col.parentCode', kind: 'orgs.col.kind' } as const;

/** 组织机构: the tree, create/edit/delete, and the Excel import with its per-row error report. */
export default function OrgsPage() {
  const { t, label } = useI18n();
  const { message } = App.useApp();
  const can = useCan();
  const canManage = can('org.manage');
  const [search, setSearch] = useState<{ q?: string; kind?: string }>({});
  const tree = useOrgTree(search);
  const createOrg = useCreateOrg();
  const updateOrg = useUpdateOrg();
  const deleteOrg = useDeleteOrg();
  const [editing, setEditing] = useState<{ mode: 'create' | 'edit'; org?: TOrgNode } | null>(null);
  const createForm = useSchemaForm(ZOrgCreate);
  const editForm = useSchemaForm(ZOrgUpdate);
  const [importing, setImporting] = useState(false);
  const [importResult, setImportResult] = useState<{ created?: number; errors?: TOrgImportError[]; message?: string } | null>(null);
  const newKind = Form.useWatch('kind', createForm.form) as OrgKind | undefined;
  // The county and its townships open when the tree first arrives; villages stay folded.
  const [expanded, setExpanded] = useState<readonly React.Key[] | null>(null);
  useEffect(() => {
    if (expanded || !tree.data) return;
    const keys: string[] = [];
    const walk = (nodes: TOrgNode[]) => {
      for (const n of nodes) {
        if (n.depth <= 0 && n.children?.length) keys.push(n.id);
        if (n.children) walk(n.children);
      }
    };
    walk(tree.data.items);
    setExpanded(keys);
  }, [tree.data, expanded]);

  const openCreate = (parent?: TOrgNode) => {
    createForm.reset();
    const kind: OrgKind | undefined = parent?.kind === 'county' ? 'township' : parent?.kind === 'township' ? 'village' : undefined;
    createForm.form.setFieldsValue({ parentId: parent?.id, kind });
    setEditing({ mode: 'create' });
  };
  const openEdit = (org: TOrgNode) => {
    editForm.reset();
    editForm.form.setFieldsValue({ parentId: org.parentId ?? undefined, code: org.code, name: org.name, sort: org.sort });
    setEditing({ mode: 'edit', org });
  };

  const onSave = () => {
    if (editing?.mode === 'create')
      return createForm.submit(async (body) => {
        await createOrg.mutateAsync(body);
        message.success(t('common.saved'));
        setEditing(null);
      });
    const org = editing?.org;
    if (!org) return;
    // Only what changed is sent: an unchanged parent is not a move.
    return editForm.submit(async (body) => {
      const changed = Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== undefined && v !== (org as Record<string, unknown>)[k]));
      if (Object.keys(changed).length) await updateOrg.mutateAsync({ id: org.id, body: changed });
      message.success(t('common.saved'));
      setEditing(null);
    });
  };

  const onDelete = async (org: TOrgNode) => {
    try {
      await deleteOrg.mutateAsync(org.id);
      message.success(t('common.deleted'));
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  const doImport = async (file: File) => {
    setImporting(true);
    setImportResult(null);
    try {
      const r = (await api.upload(ZOrgImportResult, '/api/v1/orgs/import', file)) as ImportResult;
      if (r.ok) {
        setImportResult({ created: r.created });
        message.success(t('orgs.imported', { n: r.created }));
        tree.refetch();
      }
    } catch (e) {
      if (e instanceof ApiError) {
        const parsed = ZOrgImportResult.safeParse(e.body);
        if (parsed.success && !parsed.data.ok) setImportResult({ errors: parsed.data.errors, message: parsed.data.message });
        else setImportResult({ message: e.message, errors: [] });
      } else setImportResult({ message: String(e), errors: [] });
    } finally {
      setImporting(false);
    }
    return false;
  };

  const allowedParents = newKind ? ORG_PARENT_KINDS[newKind] : undefined;

  return (
    <div>
      <div className="fz-page-title">
        <h2>{t('menu.orgs')}</h2>
        {canManage && (
          <Space wrap>
            <Button icon={<DownloadOutlined />} onClick={() => api.download('/api/v1/orgs/import/template', undefined, 'org-import-template.xlsx').catch((e: Error) => message.error(e.message))} data-testid="orgs-template">
              {t('orgs.template')}
            </Button>
            <UploadButton onFile={doImport} accept=".xlsx" disabled={importing} loading={importing} testid="orgs-import">
              {t('orgs.import')}
            </UploadButton>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => openCreate()} data-testid="orgs-create">
              {t('orgs.create')}
            </Button>
          </Space>
        )}
      </div>

      {importResult && (
        <Alert
          closable={{ onClose: () => setImportResult(null) }}
          type={importResult.created !== undefined ? 'success' : 'error'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="orgs-import-result"
          title={importResult.created !== undefined ? t('orgs.imported', { n: importResult.created }) : (importResult.message ?? t('orgs.importFailed'))}
          description={
            importResult.errors && importResult.errors.length > 0 ? (
              <>
                <Typography.Paragraph>{t('orgs.importNothing')}</Typography.Paragraph>
                <Table
                  size="small"
                  rowKey={(r) => `${r.row}:${r.field}:${r.message}`}
                  dataSource={importResult.errors}
                  pagination={importResult.errors.length > 10 ? { pageSize: 10, size: 'small' } : false}
                  data-testid="orgs-import-errors"
                  columns={[
                    { title: t('orgs.row'), dataIndex: 'row', width: 70 },
                    { title: t('orgs.column'), dataIndex: 'field', width: 110, render: (f: TOrgImportError['field']) => t(IMPORT_COLUMN_LABEL[f]) },
                    { title: t('orgs.problem'), dataIndex: 'message' },
                  ]}
                />
              </>
            ) : undefined
          }
        />
      )}

      <div className="fz-filters">
        <SearchInput placeholder={t('orgs.search')} onSearch={(q) => setSearch({ ...search, q: q || undefined })} style={{ maxWidth: 260 }} testid="orgs-search" />
        <Select
          allowClear
          placeholder={t('orgs.kind')}
          value={search.kind}
          onChange={(kind) => setSearch({ ...search, kind })}
          options={ORG_KINDS.map((k) => ({ value: k, label: label(ORG_KIND_LABELS[k]) }))}
          style={{ maxWidth: 160 }}
          data-testid="orgs-filter-kind"
        />
      </div>
      {tree.error && <Alert type="error" showIcon title={tree.error.message} style={{ marginBottom: 12 }} />}
      <Table<TOrgNode>
        size="small"
        rowKey="id"
        loading={tree.isFetching}
        dataSource={pruneEmpty(tree.data?.items ?? [])}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{ expandedRowKeys: expanded ?? [], onExpandedRowsChange: (k) => setExpanded(k), childrenColumnName: 'children' }}
        data-testid="orgs-tree"
        columns={[
          { title: t('common.name'), dataIndex: 'name', render: (n: string, o) => <span data-testid={`org-${o.code}`}>{n}</span> },
          { title: t('orgs.kind'), dataIndex: 'kindLabel', render: (v: string, o) => <Tag>{v || label(ORG_KIND_LABELS[o.kind])}</Tag> },
          { title: t('common.code'), dataIndex: 'code', render: (c: string) => <span className="fz-mono">{c}</span> },
          { title: t('orgs.users'), dataIndex: 'userCount', align: 'right', responsive: ['md'] },
          ...(canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'ops',
                  render: (_: unknown, o: TOrgNode) => (
                    <Space size={0}>
                      {o.kind !== 'village' && o.kind !== 'department' && (
                        <Tooltip title={t('orgs.addChild')}>
                          <Button size="small" type="link" icon={<PlusOutlined />} onClick={() => openCreate(o)} data-testid={`org-add-child-${o.code}`} />
                        </Tooltip>
                      )}
                      <Tooltip title={t('common.edit')}>
                        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => openEdit(o)} data-testid={`org-edit-${o.code}`} />
                      </Tooltip>
                      {o.kind !== 'county' && (
                        <Popconfirm title={t('common.deleteConfirm', { name: o.name })} onConfirm={() => onDelete(o)} disabled={o.childCount > 0 || o.userCount > 0}>
                          <Tooltip title={o.childCount > 0 || o.userCount > 0 ? t('orgs.cannotDelete') : t('common.delete')}>
                            <Button size="small" type="link" danger icon={<DeleteOutlined />} disabled={o.childCount > 0 || o.userCount > 0} data-testid={`org-delete-${o.code}`} />
                          </Tooltip>
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />

      <Modal
        open={!!editing}
        title={editing?.mode === 'edit' ? `${t('common.edit')} · ${editing.org?.name}` : t('orgs.create')}
        onCancel={() => setEditing(null)}
        onOk={onSave}
        okButtonProps={{ loading: createForm.submitting || editForm.submitting, ...tid('org-save') }}
        destroyOnHidden
      >
        {editing?.mode === 'create' ? (
          <>
            <FormErrors sf={createForm} />
            <Form form={createForm.form} layout="vertical" onFinish={onSave}>
              <Form.Item name="kind" label={t('orgs.kind')} required>
                <Select options={CREATABLE_ORG_KINDS.map((k) => ({ value: k, label: label(ORG_KIND_LABELS[k]) }))} data-testid="org-kind" />
              </Form.Item>
              <Form.Item name="parentId" label={t('orgs.parent')} required>
                <OrgSelect kinds={allowedParents} testid="org-parent" />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={14}>
                  <Form.Item name="name" label={t('common.name')} required>
                    <Input maxLength={100} data-testid="org-name" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={10}>
                  <Form.Item name="code" label={t('common.code')} required>
                    <Input maxLength={32} data-testid="org-code" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="sort" label={t('orgs.sort')}>
                <InputNumber min={0} max={100000} />
              </Form.Item>
            </Form>
          </>
        ) : (
          <>
            <FormErrors sf={editForm} />
            <Form form={editForm.form} layout="vertical" onFinish={onSave}>
              {editing?.org?.kind !== 'county' && (
                <Form.Item name="parentId" label={t('orgs.parent')} extra={t('orgs.moveHelp')}>
                  <OrgSelect kinds={editing?.org ? ORG_PARENT_KINDS[editing.org.kind] : undefined} testid="org-parent" />
                </Form.Item>
              )}
              <Row gutter={12}>
                <Col xs={24} sm={14}>
                  <Form.Item name="name" label={t('common.name')}>
                    <Input maxLength={100} data-testid="org-name" />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={10}>
                  <Form.Item name="code" label={t('common.code')}>
                    <Input maxLength={32} data-testid="org-code" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="sort" label={t('orgs.sort')}>
                <InputNumber min={0} max={100000} />
              </Form.Item>
            </Form>
          </>
        )}
      </Modal>
    </div>
  );
}
