import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { Badge, Button } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { NOTIFY_CHANGED, notifyApi } from './api.ts';

const POLL_MS = 60_000;

/** The bell in the header: my unread messages, counted again every minute and whenever a page reads or sends one. */
export function NotifyBell() {
  const t = useT();
  const navigate = useNavigate();
  const q = useQuery('notify:unread', (signal) => notifyApi.unreadCount(signal));
  const { reload } = q;
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    window.addEventListener(NOTIFY_CHANGED, reload);
    return () => { clearInterval(timer); window.removeEventListener(NOTIFY_CHANGED, reload); };
  }, [reload]);
  const count = q.data?.count ?? 0;
  return (
    <Badge count={count} size="small" overflowCount={99} data-testid="notify-bell-count" title={t('notify.bellUnread', { count })}>
      <Button type="text" icon={<BellOutlined />} aria-label={count ? t('notify.bellUnread', { count }) : t('notify.bell')} data-testid="notify-bell" data-count={q.data ? count : undefined}
        onClick={() => navigate('/messages')} />
    </Badge>
  );
}
