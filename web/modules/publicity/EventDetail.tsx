import { DeleteOutlined, EditOutlined, } from '@ant-design/icons';
import { App, Button, Descriptions, Drawer, Popconfirm, Space, Tag, } from 'antd';
import { useNavigate } from 'react-router-dom';
import { CHANNEL_LABELS, type Channel, isOnlineChannel } from '../../../common/publicity-enums.ts';
import type { TEventListItem } from '../../../common/schemas/publicity-events.ts';
import { UploadButton } from '../../components/UploadButton.tsx';
import { Loading, useDrawerSize } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useThemeName } from './names.ts';
import { useCan } from '../../session.tsx';
import { eventFileUrl, useDeleteEvent, useEvent, useEventFiles } from './hooks-events.ts';

/** A channel tag: online ones (新媒体) stand out in colour and carry a marker. */
export function ChannelTag({ c }: { c: Channel }) {
  const { label } = useI18n();
  const online = isOnlineChannel(c);
  return (
    <Tag color={online ? 'cyan' : undefined} data-testid={`pub-channel-${c}`}>
      {online ? '◎ ' : ''}
      {label(CHANNEL_LABELS[c])}
    </Tag>
  );
}

/** 已开展 / 计划 / 逾期未开展 (a planned event whose day has passed stays planned until marked done). */
export function StatusTag({ e }: { e: Pick<TEventListItem, 'status' | 'overdue'> }) {
  const { t } = useI18n();
  if (e.overdue) return <Tag color="orange">{t('pubEvents.overdue')}</Tag>;
  return e.status === 'done' ? <Tag color="green">{t('pubEvents.done')}</Tag> : <Tag color="blue">{t('pubEvents.planned')}</Tag>;
}

/** The event's drawer from the list: everything recorded, edit/delete, optional photos. */
export function EventDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const themeName = useThemeName();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const can = useCan();
  const width = useDrawerSize(560);
  const { data: e, isLoading } = useEvent(id ?? undefined);
  const del = useDeleteEvent();
  const files = useEventFiles(id ?? '');
  return (
    <Drawer open={!!id} onClose={onClose} size={width} title={e?.title ?? t('pubEvents.event')} destroyOnHidden data-testid="pub-event-drawer">
      {isLoading || !e ? (
        <Loading />
      ) : (
        <>
          {e.canEdit && (
            <Space style={{ marginBottom: 12 }} wrap>
              <Button icon={<EditOutlined />} onClick={() => navigate(`/publicity/events/${e.id}/edit`)} data-testid="pub-event-edit">
                {t('common.edit')}
              </Button>
              <Popconfirm
                title={t('common.deleteConfirm', { name: e.title })}
                onConfirm={async () => {
                  await del.mutateAsync(e.id);
                  message.success(t('common.deleted'));
                  onClose();
                }}
              >
                <Button danger icon={<DeleteOutlined />} data-testid="pub-event-delete">
                  {t('common.delete')}
                </Button>
              </Popconfirm>
            </Space>
          )}
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('common.status')}>
              <StatusTag e={e} />
            </Descriptions.Item>
            <Descriptions.Item label={t('common.date')}>{e.endsOn ? `${e.heldOn} ～ ${e.endsOn}` : e.heldOn}</Descriptions.Item>
            <Descriptions.Item label={t('pubEvents.org')}>{e.orgName}</Descriptions.Item>
            {e.organiserName && <Descriptions.Item label={t('pubEvents.organiser')}>{e.organiserName}</Descriptions.Item>}
            <Descriptions.Item label={t('pubEvents.village')}>
              <span data-testid="pub-event-village">{e.villageName ?? '—'}</span>
              {e.place ? ` · ${e.place}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('pubEvents.channels')}>
              {e.channels.map((c) => (
                <ChannelTag key={c} c={c} />
              ))}
            </Descriptions.Item>
            <Descriptions.Item label={t('pubEvents.themes')}>{e.themes.map((x) => themeName(x.code, x.name)).join(lang === 'en' ? ', ' : '、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('pubEvents.laws')}>{e.laws.join('、') || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('pubEvents.audience')}>
              {e.audience ? `${e.audience} · ` : ''}
              {t('pubEvents.people', { n: e.audienceCount })}
            </Descriptions.Item>
            <Descriptions.Item label={t('pubEvents.materials')}>{e.materialsCount}</Descriptions.Item>
            {e.onlineReach > 0 && <Descriptions.Item label={t('pubEvents.onlineReach')}>{e.onlineReach}</Descriptions.Item>}
            {e.campaignTitle && <Descriptions.Item label={t('pubEvents.campaign')}>{e.campaignTitle}</Descriptions.Item>}
            {e.keyDateName && <Descriptions.Item label={t('pubEvents.keyDate')}>{e.keyDateName}</Descriptions.Item>}
            {e.contentTitle && <Descriptions.Item label={t('pubEvents.content')}>{e.contentTitle}</Descriptions.Item>}
            {e.notes && <Descriptions.Item label={t('common.notes')}>{e.notes}</Descriptions.Item>}
            <Descriptions.Item label={t('pubEvents.recordedBy')}>
              {e.createdBy ?? '—'} · {e.createdAt.slice(0, 10)}
            </Descriptions.Item>
          </Descriptions>
          <h4 style={{ marginTop: 16 }}>{t('pubEvents.photos')}</h4>
          <Space orientation="vertical" style={{ width: '100%' }}>
            {e.fileList.length === 0 && <span style={{ color: '#595959' }}>{t('pubEvents.noPhotos')}</span>}
            {e.fileList.map((f) => (
              <Space key={f.id}>
                <a href={eventFileUrl(e.id, f.id)} target="_blank" rel="noreferrer">
                  {f.name}
                </a>
                {e.canEdit && (
                  <Button size="small" type="link" danger onClick={() => files.remove.mutate(f.id)} aria-label={t('common.delete')}>
                    {t('common.delete')}
                  </Button>
                )}
              </Space>
            ))}
            {e.canEdit && can('file.upload') && (
              <UploadButton onFile={(f) => files.upload.mutateAsync(f).catch((err: Error) => message.error(err.message))} accept="image/*,.pdf" loading={files.upload.isPending} testid="pub-event-upload">
                {t('pubEvents.addPhoto')}
              </UploadButton>
            )}
          </Space>
        </>
      )}
    </Drawer>
  );
}
