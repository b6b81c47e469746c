import { BoldOutlined, ItalicOutlined, LinkOutlined, OrderedListOutlined, PictureOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { App, Button, Space, Tooltip } from 'antd';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/index.tsx';

/**
 * A deliberately small rich-text editor (no editor library: a township phone on a village network
 * should not download one): a contentEditable area with a toolbar for what an article needs —
 * headings, bold, italic, lists, quote, link, image. Whatever is typed or pasted (Word included)
 * is cleaned by the server's sanitiser on save (security S12); after a save the page shows the
 * stored, cleaned text. Used as a controlled antd Form item (value / onChange).
 */
export interface RichTextEditorProps {
  value?: string;
  onChange?: (html: string) => void;
  /** Uploads an image and returns its portal URL; absent until the draft exists. */
  onUploadImage?: (file: File) => Promise<string>;
  /** Changing the key re-reads `value` into the editor (after a save). */
  resetKey?: string | number;
  disabled?: boolean;
}

export function RichTextEditor({ value, onChange, onUploadImage, resetKey, disabled }: RichTextEditorProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const ref = useRef<HTMLDivElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const saved = useRef<Range | null>(null);

  // The editor is uncontrolled while typing (keeps the caret); the value is read in on mount and on reset.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a reset (or mount) replaces the text being typed
  useEffect(() => {
    if (ref.current) ref.current.innerHTML = value ?? '';
  }, [resetKey]);

  const emit = () => onChange?.(ref.current?.innerHTML ?? '');
  const remember = () => {
    const sel = window.getSelection();
    if (sel?.rangeCount && ref.current?.contains(sel.anchorNode)) saved.current = sel.getRangeAt(0);
  };
  const restore = () => {
    ref.current?.focus();
    const sel = window.getSelection();
    if (saved.current && sel) {
      sel.removeAllRanges();
      sel.addRange(saved.current);
    }
  };
  const exec = (cmd: string, arg?: string) => {
    restore();
    // execCommand is old but is the one editing API every phone browser has; the server cleans the result
    document.execCommand(cmd, false, arg);
    emit();
  };
  const link = () => {
    remember();
    const href = window.prompt(t('publicity.rte.linkPrompt'), 'https://');
    if (href && /^https?:\/\/\S+$/i.test(href.trim())) exec('createLink', href.trim());
  };
  const pickImage = async (file: File | undefined) => {
    if (!file || !onUploadImage) return;
    try {
      const src = await onUploadImage(file);
      const alt = (window.prompt(t('publicity.rte.imageAlt'), file.name.replace(/\.[^.]+$/, '')) ?? '').replace(/["<>&]/g, '');
      exec('insertHTML', `<img src="${src}" alt="${alt}">`);
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      if (fileRef.current) fileRef.current.value = '';
    }
  };
  const tool = (key: string, label: string, onClick: () => void, icon?: React.ReactNode) => (
    <Tooltip title={label} key={key}>
      <Button
        size="small"
        icon={icon}
        aria-label={label}
        disabled={disabled}
        data-testid={`rte-${key}`}
        // keep the selection in the text while a toolbar button is pressed
        onMouseDown={(e) => e.preventDefault()}
        onClick={onClick}
      >
        {icon ? null : label}
      </Button>
    </Tooltip>
  );

  return (
    <div className="fz-rte" style={{ border: '1px solid #d9d9d9', borderRadius: 6 }}>
      <Space wrap size={4} style={{ padding: 6, borderBottom: '1px solid #f0f0f0', width: '100%' }}>
        {tool('h2', t('publicity.rte.h2'), () => exec('formatBlock', 'H2'))}
        {tool('h3', t('publicity.rte.h3'), () => exec('formatBlock', 'H3'))}
        {tool('p', t('publicity.rte.p'), () => exec('formatBlock', 'P'))}
        {tool('bold', t('publicity.rte.bold'), () => exec('bold'), <BoldOutlined />)}
        {tool('italic', t('publicity.rte.italic'), () => exec('italic'), <ItalicOutlined />)}
        {tool('ul', t('publicity.rte.ul'), () => exec('insertUnorderedList'), <UnorderedListOutlined />)}
        {tool('ol', t('publicity.rte.ol'), () => exec('insertOrderedList'), <OrderedListOutlined />)}
        {tool('quote', t('publicity.rte.quote'), () => exec('formatBlock', 'BLOCKQUOTE'))}
        {tool('link', t('publicity.rte.link'), link, <LinkOutlined />)}
        <Tooltip title={onUploadImage ? t('publicity.rte.image') : t('publicity.content.uploadFirst')}>
          <Button
            size="small"
            icon={<PictureOutlined />}
            aria-label={t('publicity.rte.image')}
            disabled={disabled || !onUploadImage}
            data-testid="rte-image"
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              remember();
              fileRef.current?.click();
            }}
          />
        </Tooltip>
        <input ref={fileRef} type="file" accept="image/png,image/jpeg" style={{ display: 'none' }} onChange={(e) => pickImage(e.target.files?.[0])} />
      </Space>
      {/* biome-ignore lint/a11y/useSemanticElements: a contentEditable region is the editor; role and label make it a text box for screen readers */}
      <div
        ref={ref}
        role="textbox"
        tabIndex={0}
        aria-multiline="true"
        aria-label={t('publicity.content.body')}
        contentEditable={!disabled}
        suppressContentEditableWarning
        data-placeholder={t('publicity.rte.placeholder')}
        data-testid="rte-body"
        onInput={emit}
        onBlur={() => {
          remember();
          emit();
        }}
        onKeyUp={remember}
        onMouseUp={remember}
        style={{ minHeight: 240, padding: '8px 12px', outline: 'none', lineHeight: 1.75, fontSize: 16, overflowWrap: 'anywhere' }}
      />
    </div>
  );
}
