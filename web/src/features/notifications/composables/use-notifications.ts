import { h, onMounted, ref } from 'vue';
import { useRouter } from 'vue-router';
import { ElNotification } from 'element-plus';
import type { TLiveNotification } from '@fengqiao/contracts';
import { describeError } from '../../../api/errors.ts';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  type TNotificationItem,
} from '../api.ts';
import { useLiveStream } from './use-live-stream.ts';

/** Messages of one burst (the sweeper sends several at once) become one toast past this many. */
const TOAST_EACH_UP_TO = 3;
const BURST_MS = 400;
const URGENT = /red|overdue|supervis|rework|returned/;

/** The caller's messages: the list and unread count from the server, kept current live. */
export function useNotifications(openPanel: () => void) {
  const router = useRouter();
  const items = ref<TNotificationItem[]>([]);
  const unread = ref(0);
  const cursor = ref<string | null>(null);
  const loading = ref(false);
  const error = ref('');
  let burst: TLiveNotification[] = [];
  let burstTimer: ReturnType<typeof setTimeout> | undefined;

  async function refresh(): Promise<boolean> {
    loading.value = true;
    try {
      const page = await listNotifications();
      items.value = page.items;
      unread.value = page.unreadCount;
      cursor.value = page.nextCursor;
      error.value = '';
      return true;
    } catch (err) {
      error.value = describeError(err);
      return false;
    } finally {
      loading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (cursor.value === null) {
      return;
    }
    loading.value = true;
    try {
      const page = await listNotifications(cursor.value);
      const known = new Set(items.value.map((n) => n.id));
      items.value = [...items.value, ...page.items.filter((n) => !known.has(n.id))];
      unread.value = page.unreadCount;
      cursor.value = page.nextCursor;
    } catch (err) {
      error.value = describeError(err);
    } finally {
      loading.value = false;
    }
  }

  async function markRead(n: TNotificationItem): Promise<void> {
    if (n.readAt !== null) {
      return;
    }
    const done = await markNotificationRead(n.id);
    items.value = items.value.map((x) => (x.id === done.id ? done : x));
    unread.value = Math.max(0, unread.value - 1);
  }

  /**
   * 全部已读: every unread message up to the newest one on screen, in one audited request; a
   * message arriving meanwhile stays unread.
   */
  async function markAllRead(): Promise<void> {
    const newest = items.value[0];
    if (newest === undefined) {
      return;
    }
    try {
      const r = await markAllNotificationsRead(newest.id);
      unread.value = r.unreadCount;
      await refresh();
    } catch (err) {
      error.value = describeError(err);
    }
  }

  async function open(n: { id: number; matterId: number | null }): Promise<void> {
    const item = items.value.find((x) => x.id === n.id);
    try {
      if (item !== undefined) {
        await markRead(item);
      }
    } catch (err) {
      error.value = describeError(err);
    }
    if (n.matterId !== null) {
      await router.push(`/matters/${String(n.matterId)}`);
    }
  }

  function toast(ev: TLiveNotification): void {
    const handle = ElNotification({
      title: ev.matterId === null ? '新消息' : '事项消息',
      message: h('span', { 'data-test': 'toast-title' }, ev.title),
      type: URGENT.test(ev.kind) ? 'warning' : 'info',
      // bottom right: a toast must never lie over the top bar's buttons
      position: 'bottom-right',
      duration: 6000,
      customClass: 'fq-live-toast',
      onClick: () => {
        handle.close();
        void open(ev);
      },
    });
  }

  function flush(): void {
    const events = burst;
    burst = [];
    void refresh();
    if (events.length <= TOAST_EACH_UP_TO) {
      events.forEach(toast);
      return;
    }
    ElNotification({
      title: '新消息',
      message: `收到 ${String(events.length)} 条新消息，点击查看`,
      type: events.some((e) => URGENT.test(e.kind)) ? 'warning' : 'info',
      position: 'bottom-right',
      duration: 6000,
      customClass: 'fq-live-toast',
      onClick: openPanel,
    });
  }

  const live = useLiveStream({
    onMessage(ev) {
      // counted at once; the list itself is re-read once the burst is over
      if (!items.value.some((n) => n.id === ev.id)) {
        unread.value += 1;
      }
      burst.push(ev);
      clearTimeout(burstTimer);
      burstTimer = setTimeout(flush, BURST_MS);
    },
    onReconnected: refresh,
  });

  onMounted(() => void refresh());

  return {
    items,
    unread,
    cursor,
    loading,
    error,
    connected: live.connected,
    refresh,
    loadMore,
    markAllRead,
    open,
  };
}
