import { ArrowLeftOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Switch, Tag, Typography } from 'antd';
import { useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { BUILTIN_THEME_LABELS, BUILTIN_THEMES, CONTENT_KIND_LABELS, CONTENT_KINDS, CONTENT_STATE_LABELS, type ContentKind } from '../../../common/publicity-enums.ts';
import { type TContentDetail, ZContentCreate, ZContentUpdate } from '../../../common/schemas/publicity-content.ts';
import { COMMON_LAWS } from '../../../common/study-enums.ts';
import { FormErrors } from '../../components/FormErrors.tsx';
import { Loading, tid } from '../../components/ui.tsx';
import { useSchemaForm, withEmptied } from '../../forms.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLocalName } from './names.ts';
import { STATE_COLORS } from './ContentListPage.tsx';
import { useContent, useContentActions, useContentOrg, useThemeOptions } from './hooks-content.ts';
import { RichTextEditor } from './RichTextEditor.tsx';
import { SharePanel } from './SharePanel.tsx';

/** /publicity/content/new?kind=… and /publicity/content/:id: write, review, publish and share one item. */
export default function ContentEditorPage() {
  const { id } = useParams();
  const existing = useContent(id);
  if (id && !existing.data) return existing.error ? <Alert type="error" title={existing.error.message} /> : <Loading />;
  return <ContentEditor key={id ?? 'new'} item={existing.data} />;
}

/** Optional texts emptied on edit reach the server as '' (stored as NULL); cleanValues would drop them. */
function clearedOnEdit(v: Record<string, unknown>): Record<string, unknown> {
  return withEmptied(v, { texts: ['summary', 'piaRef', 'bodyHtml'], lists: ['themes', 'laws'], flags: ['isCase'] });
}

function ContentEditor({ item }: { item?: TContentDetail }) {
  const { t, label } = useI18n();
  const localName = useLocalName();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const orgId = useContentOrg();
  const kind: ContentKind = item?.kind ?? (CONTENT_KINDS.includes(params.get('kind') as ContentKind) ? (params.get('kind') as ContentKind) : 'article');
  const editable = !item || item.can.edit;
  const sf = useSchemaForm(item ? ZContentUpdate : ZContentCreate, { transform: item ? clearedOnEdit : undefined });
  const act = useContentActions(item?.id);
  const themes = useThemeOptions(item?.orgId ?? orgId);
  const [resetKey, setResetKey] = useState(0);
  const [pendingFile, setPendingFile] = useState<File | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const isCase = Form.useWatch('isCase', sf.form) as boolean | undefined;

  const themeOptions = useMemo(() => {
    const list = themes.data?.items.filter((x) => x.active !== false) ?? BUILTIN_THEMES.map((c) => ({ code: c, name: BUILTIN_THEME_LABELS[c].zh, nameEn: BUILTIN_THEME_LABELS[c].en }));
    return list.map((x) => ({ value: x.code, label: localName(x) }));
  }, [themes.data, localName]);

  const initial = item
    ? { title: item.title, summary: item.summary ?? undefined, themes: item.themes, laws: item.laws, bodyHtml: item.bodyHtml ?? '', isCase: item.isCase, piaRef: item.piaRef ?? undefined }
    : { kind, orgId, themes: [], laws: [], isCase: false };

  const save = () =>
    sf.submit(async (values) => {
      if (item) {
        const saved = await act.update.mutateAsync(values as never);
        sf.form.setFieldValue('bodyHtml', saved.bodyHtml ?? '');
        setResetKey((k) => k + 1);
        message.success(t('publicity.content.saved'));
        return;
      }
      const { id } = await act.create.mutateAsync({ ...(values as object), kind, orgId } as never);
      if (pendingFile) await act.upload.mutateAsync({ file: pendingFile, itemId: id });
      message.success(t('publicity.content.saved'));
      navigate(`/publicity/content/${id}`, { replace: true });
    });

  const uploadImage = item ? async (file: File) => (await act.upload.mutateAsync({ file })).publicPath : undefined;
  const mainFile = item?.files.find((f) => f.id === item.fileId);

  return (
    <div>
      <div className="fz-page-title">
        <h2>
          <Link to="/publicity/content" aria-label={t('publicity.content.back')} style={{ marginRight: 8 }}>
            <ArrowLeftOutlined />
          </Link>
          {item ? item.title : t(kind === 'article' ? 'publicity.content.newArticle' : kind === 'poster' ? 'publicity.content.newPoster' : 'publicity.content.newVideo')}
        </h2>
        {item && (
          <Space>
            <Tag>{label(CONTENT_KIND_LABELS[item.kind])}</Tag>
            <Tag color={STATE_COLORS[item.state]} data-testid="content-state">
              {label(CONTENT_STATE_LABELS[item.state])}
            </Tag>
          </Space>
        )}
      </div>
      {item?.state === 'draft' && item.reviewNote && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('publicity.content.reviewNote', { note: item.reviewNote })} />}
      {item?.state === 'withdrawn' && item.withdrawReason && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('publicity.content.withdrawNote', { reason: item.withdrawReason })} />}
      {item?.state === 'review' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={item.can.review ? t('publicity.content.inReview') : t('publicity.content.ownWork')} />}
      {item && <ActionBar item={item} onChanged={() => setResetKey((k) => k + 1)} />}
      {item?.state === 'published' && (
        <div style={{ margin: '12px 0' }}>
          <SharePanel id={item.id} />
        </div>
      )}
      <Card size="small" style={{ marginTop: 12 }}>
        <FormErrors sf={sf} />
        <Form form={sf.form} layout="vertical" initialValues={initial} disabled={!editable} data-testid="content-form">
          <Form.Item name="title" label={t('publicity.content.itemTitle')} required>
            <Input maxLength={120} showCount data-testid="content-title" />
          </Form.Item>
          <Form.Item name="summary" label={t('publicity.content.summary')} extra={t('publicity.content.summaryHelp')}>
            <Input.TextArea maxLength={300} autoSize={{ minRows: 1, maxRows: 4 }} data-testid="content-summary" />
          </Form.Item>
          <Form.Item name="themes" label={t('publicity.content.themes')}>
            <Select mode="multiple" options={themeOptions} optionFilterProp="label" data-testid="content-themes" />
          </Form.Item>
          <Form.Item name="laws" label={t('publicity.content.laws')} extra={t('publicity.content.lawsHelp')}>
            <Select mode="tags" options={COMMON_LAWS.map((l) => ({ value: l, label: l }))} tokenSeparators={['，', ',']} data-testid="content-laws" />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="isCase" label={t('publicity.content.isCase')} valuePropName="checked">
              <Switch data-testid="content-is-case" />
            </Form.Item>
            {isCase && (
              <Form.Item name="piaRef" label={t('publicity.content.piaRef')} extra={t('publicity.content.piaHelp')}>
                <Input maxLength={100} style={{ minWidth: 240 }} data-testid="content-pia" />
              </Form.Item>
            )}
          </Space>
          {kind === 'article' ? (
            <Form.Item name="bodyHtml" label={t('publicity.content.body')}>
              <RichTextEditor resetKey={resetKey} onUploadImage={uploadImage} disabled={!editable} />
            </Form.Item>
          ) : (
            <Form.Item label={t('publicity.content.file')} extra={kind === 'poster' ? t('publicity.content.fileHelpPoster') : t('publicity.content.fileHelpVideo')}>
              <Space wrap>
                <Button icon={<UploadOutlined />} onClick={() => fileRef.current?.click()} data-testid="content-file-pick">
                  {t('publicity.content.chooseFile')}
                </Button>
                {pendingFile && <Typography.Text>{t('publicity.content.fileChosen', { name: pendingFile.name })}</Typography.Text>}
                {!pendingFile && mainFile && <Typography.Text type="secondary">{t('publicity.content.currentFile', { name: mainFile.name })}</Typography.Text>}
              </Space>
              <input
                ref={fileRef}
                type="file"
                style={{ display: 'none' }}
                accept={kind === 'poster' ? 'image/png,image/jpeg' : 'video/mp4'}
                data-testid="content-file"
                onChange={async (e) => {
                  const f = e.target.files?.[0] ?? null;
                  e.target.value = '';
                  if (!f) return;
                  if (!item) return setPendingFile(f);
                  try {
                    await act.upload.mutateAsync({ file: f });
                    message.success(t('publicity.content.saved'));
                  } catch (err) {
                    message.error((err as Error).message);
                  }
                }}
              />
            </Form.Item>
          )}
          {editable && (
            <Space wrap>
              <Button type="primary" onClick={save} loading={sf.submitting} data-testid="content-save">
                {t('publicity.content.save')}
              </Button>
            </Space>
          )}
        </Form>
      </Card>
    </div>
  );
}

/** The actions the item's state and the user's role allow (the server checks again). */
function ActionBar({ item, onChanged }: { item: TContentDetail; onChanged: () => void }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const act = useContentActions(item.id);
  const [submitOpen, setSubmitOpen] = useState(false);
  const [decl, setDecl] = useState({ noMinors: false, noMediationAgreement: false });
  const [submitError, setSubmitError] = useState<string[] | null>(null);
  const [ask, setAsk] = useState<null | 'reject' | 'withdraw'>(null);
  const [text, setText] = useState('');

  const run = async (p: Promise<unknown>, ok: string) => {
    try {
      await p;
      message.success(ok);
      onChanged();
      return true;
    } catch (e) {
      const err = e as { message: string; fields?: { message: string }[] };
      modal.error({ title: err.message, content: err.fields?.map((f) => <div key={f.message}>{f.message}</div>) });
      return false;
    }
  };

  const submit = async () => {
    setSubmitError(null);
    try {
      await act.submit.mutateAsync({ declaration: { noMinors: true, noMediationAgreement: true } });
      setSubmitOpen(false);
      message.success(t('publicity.content.submitted'));
      onChanged();
    } catch (e) {
      const err = e as { message: string; fields?: { message: string }[] };
      setSubmitError([err.message, ...(err.fields ?? []).map((f) => f.message)]);
    }
  };

  return (
    <Space wrap data-testid="content-actions">
      {item.can.submit && (
        <Button type="primary" onClick={() => setSubmitOpen(true)} data-testid="content-submit">
          {t('publicity.content.submit')}
        </Button>
      )}
      {item.can.delete && (
        <Popconfirm
          title={t('publicity.content.deleteConfirm')}
          onConfirm={async () => {
            if (await run(act.remove.mutateAsync(), t('publicity.content.deleted'))) navigate('/publicity/content');
          }}
        >
          <Button danger data-testid="content-delete">
            {t('publicity.content.delete')}
          </Button>
        </Popconfirm>
      )}
      {item.can.review && (
        <>
          <Button type="primary" onClick={() => run(act.publish.mutateAsync(undefined), t('publicity.content.published'))} loading={act.publish.isPending} data-testid="content-publish">
            {t('publicity.content.publish')}
          </Button>
          <Button onClick={() => setAsk('reject')} data-testid="content-reject">
            {t('publicity.content.reject')}
          </Button>
        </>
      )}
      {item.can.withdraw && (
        <Button danger onClick={() => setAsk('withdraw')} data-testid="content-withdraw">
          {t('publicity.content.withdraw')}
        </Button>
      )}
      {item.can.reopen && (
        <Button onClick={() => run(act.reopen.mutateAsync(), t('publicity.content.reopen'))} data-testid="content-reopen">
          {t('publicity.content.reopen')}
        </Button>
      )}
      <Modal
        open={submitOpen}
        title={t('publicity.content.submitTitle')}
        onCancel={() => setSubmitOpen(false)}
        onOk={submit}
        okText={t('publicity.content.submit')}
        okButtonProps={{ disabled: !decl.noMinors || !decl.noMediationAgreement, loading: act.submit.isPending, ...tid('content-submit-ok') }}
      >
        <p>{t('publicity.content.submitIntro')}</p>
        <Space direction="vertical">
          <Checkbox checked={decl.noMinors} onChange={(e) => setDecl((d) => ({ ...d, noMinors: e.target.checked }))} data-testid="content-decl-minors">
            {t('publicity.content.declNoMinors')}
          </Checkbox>
          <Checkbox checked={decl.noMediationAgreement} onChange={(e) => setDecl((d) => ({ ...d, noMediationAgreement: e.target.checked }))} data-testid="content-decl-agreement">
            {t('publicity.content.declNoAgreement')}
          </Checkbox>
        </Space>
        {submitError && <Alert type="error" style={{ marginTop: 12 }} title={submitError[0]} description={submitError.slice(1).map((m) => <div key={m}>{m}</div>)} data-testid="content-submit-error" />}
      </Modal>
      <Modal
        open={!!ask}
        title={ask === 'reject' ? t('publicity.content.reject') : t('publicity.content.withdraw')}
        onCancel={() => setAsk(null)}
        okButtonProps={{ disabled: !text.trim(), ...tid('content-ask-ok') }}
        onOk={async () => {
          const ok = ask === 'reject' ? await run(act.reject.mutateAsync(text.trim()), t('publicity.content.rejected')) : await run(act.withdraw.mutateAsync(text.trim()), t('publicity.content.withdrawn'));
          if (ok) {
            setAsk(null);
            setText('');
          }
        }}
      >
        <Input.TextArea
          value={text}
          onChange={(e) => setText(e.target.value)}
          maxLength={500}
          autoSize={{ minRows: 2 }}
          aria-label={ask === 'reject' ? t('publicity.content.rejectNote') : t('publicity.content.withdrawReason')}
          placeholder={ask === 'reject' ? t('publicity.content.rejectNote') : t('publicity.content.withdrawReason')}
          data-testid="content-ask-text"
        />
      </Modal>
    </Space>
  );
}
