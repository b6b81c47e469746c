import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, List, Popover, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { TNotificationView } from '../../../common/schemas/notify.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useMarkAllRead, useMarkRead, useMyNotifications, useUnreadCount } from './notifyHooks.ts';

/** The header bell: unread count (polled every 60 s), the latest reminders, each opening its page. */
export function NotificationBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const count = useUnreadCount();
  const list = useMyNotifications(open);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const unread = count.data?.unread ?? 0;

  const go = (n: TNotificationView) => {
    if (!n.readAt) markRead.mutate(n.id);
    setOpen(false);
    // only paths inside the app: an href is always a web path, never another site
    if (n.href.startsWith('/') && !n.href.startsWith('//')) navigate(n.href);
  };

  const content = (
    <div style={{ width: 340, maxWidth: '80vw' }} data-testid="notify-bell-panel">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
        <Typography.Text strong>{unread ? t('bell.unread', { n: unread }) : t('bell.title')}</Typography.Text>
        <Button size="small" type="link" disabled={!unread} loading={markAll.isPending} onClick={() => markAll.mutate()} data-testid="notify-bell-read-all">
          {t('bell.readAll')}
        </Button>
      </div>
      {list.data && list.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bell.empty')} />
      ) : (
        <List
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          style={{ maxHeight: 400, overflow: 'auto' }}
          renderItem={(n) => (
            <List.Item
              key={n.id}
              onClick={() => go(n)}
              style={{ cursor: 'pointer', background: n.readAt ? undefined : '#e6f4ff', paddingInline: 8 }}
              data-testid={`notify-bell-item-${n.id}`}
              data-unread={n.readAt ? '0' : '1'}
            >
              <List.Item.Meta
                title={<span style={{ fontWeight: n.readAt ? 400 : 600 }}>{n.title}</span>}
                description={
                  <>
                    <div style={{ whiteSpace: 'pre-wrap' }}>{n.body}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dayjs(n.createdAt).format('YYYY-MM-DD HH:mm')}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
    </div>
  );

  return (
    <Popover trigger="click" placement="bottomRight" open={open} onOpenChange={setOpen} content={content} arrow={false}>
      <Button type="text" aria-label={t('bell.title')} data-testid="notify-bell">
        <Badge count={unread} size="small" overflowCount={99} data-testid="notify-bell-count">
          <BellOutlined style={{ fontSize: 16 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
