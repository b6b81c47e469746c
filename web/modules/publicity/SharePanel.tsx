import { CopyOutlined, DownloadOutlined, ExportOutlined, WechatOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Input, Row, Space, Table, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n/index.tsx';
import { CONTENT_API, fetchWechatCopy, useShare } from './hooks-content.ts';

/** Puts text on the clipboard; false when the browser refuses (an old WebView, no permission). */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The share panel of a published item: the link, one link per village for its 网格微信群 (the `v`
 * tag lets reach be counted per village), the QR code, the printable poster, the copy for the
 * WeChat public-account editor, and the portal page.
 */
export function SharePanel({ id }: { id: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const share = useShare(id, true);
  const [fallbackHtml, setFallbackHtml] = useState<string | null>(null);
  const fallbackRef = useRef<HTMLDivElement>(null);

  const copy = async (text: string) => {
    if (await copyText(text)) message.success(t('publicity.content.copied'));
    else message.warning(t('publicity.content.copyFailed'));
  };

  const copyWechat = async () => {
    try {
      const { html, text } = await fetchWechatCopy(id);
      try {
        // both flavours: the 公众号 editor takes the HTML, a plain text box the text
        await navigator.clipboard.write([new ClipboardItem({ 'text/html': new Blob([html], { type: 'text/html' }), 'text/plain': new Blob([text], { type: 'text/plain' }) })]);
        message.success(t('publicity.content.wechatDone'));
        setFallbackHtml(null);
      } catch {
        // no async clipboard: show the rendered copy selected, for Ctrl+C / long-press
        setFallbackHtml(html);
        setTimeout(() => {
          const el = fallbackRef.current;
          if (!el) return;
          const range = document.createRange();
          range.selectNodeContents(el);
          const sel = window.getSelection();
          sel?.removeAllRanges();
          sel?.addRange(range);
          try {
            if (document.execCommand('copy')) message.success(t('publicity.content.wechatDone'));
          } catch {
            /* the user copies by hand */
          }
        }, 0);
      }
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  if (share.error) return <Alert type="error" title={share.error.message} />;
  const s = share.data;
  return (
    <Card size="small" title={t('publicity.content.share')} data-testid="content-share" loading={!s}>
      {s && (
        <Row gutter={[16, 16]}>
          <Col xs={24} md={16}>
            <div>
              <Typography.Text strong>{t('publicity.content.link')}</Typography.Text>
            </div>
            <Space.Compact style={{ width: '100%', margin: '6px 0 12px' }}>
              <Input readOnly value={s.url} data-testid="content-share-url" aria-label={t('publicity.content.link')} />
              <Button icon={<CopyOutlined />} onClick={() => copy(s.url)} data-testid="content-share-copy">
                {t('publicity.content.copy')}
              </Button>
            </Space.Compact>
            <Space wrap style={{ marginBottom: 12 }}>
              <Button
                icon={<DownloadOutlined />}
                onClick={() => api.download(`${CONTENT_API}/${id}/poster.png`, undefined, 'poster.png').catch((e: Error) => message.error(e.message))}
                data-testid="content-poster"
              >
                {t('publicity.content.poster')}
              </Button>
              <Button icon={<WechatOutlined />} onClick={copyWechat} data-testid="content-wechat">
                {t('publicity.content.wechat')}
              </Button>
              <Button icon={<ExportOutlined />} href={s.url} target="_blank" rel="noopener" data-testid="content-portal">
                {t('publicity.content.portal')}
              </Button>
            </Space>
            {fallbackHtml && (
              <Alert
                type="info"
                title={t('publicity.content.wechatFallback')}
                description={
                  // the server built this from the sanitised body with inline styles only
                  // biome-ignore lint/security/noDangerouslySetInnerHtml: server-sanitised HTML (content.sanitize.ts)
                  <div ref={fallbackRef} dangerouslySetInnerHTML={{ __html: fallbackHtml }} style={{ maxHeight: 240, overflow: 'auto', background: '#fff', padding: 8 }} />
                }
              />
            )}
            <div>
              <Typography.Text strong>{t('publicity.content.villageLinks')}</Typography.Text>
            </div>
            <Table
              size="small"
              rowKey="villageId"
              pagination={false}
              style={{ marginTop: 6 }}
              dataSource={s.villages}
              data-testid="content-village-links"
              columns={[
                { title: t('publicity.content.village'), dataIndex: 'name', width: 110 },
                { title: t('publicity.content.link'), dataIndex: 'url', render: (u: string) => <Typography.Text style={{ fontSize: 12, wordBreak: 'break-all' }}>{u}</Typography.Text> },
                {
                  title: '',
                  key: 'copy',
                  width: 60,
                  render: (_: unknown, v) => <Button size="small" icon={<CopyOutlined />} aria-label={`${t('publicity.content.copy')} ${v.name}`} onClick={() => copy(v.url)} />,
                },
              ]}
            />
          </Col>
          <Col xs={24} md={8} style={{ textAlign: 'center' }}>
            <Typography.Text strong>{t('publicity.content.qr')}</Typography.Text>
            <img src={`${CONTENT_API}/${id}/qr.png`} alt={`${t('publicity.content.qr')}: ${s.qrUrl}`} style={{ display: 'block', width: '100%', maxWidth: 240, margin: '8px auto' }} data-testid="content-qr" />
            <Typography.Text type="secondary" style={{ fontSize: 12, wordBreak: 'break-all' }}>
              {s.qrUrl}
            </Typography.Text>
          </Col>
        </Row>
      )}
    </Card>
  );
}
