import { onBeforeUnmount, onMounted, ref } from 'vue';
import { ZLiveNotification, type TLiveNotification } from '@fengqiao/contracts';
import { STREAM_URL } from '../api.ts';

export interface LiveHandlers {
  /** A new message addressed to the user (or their unit). */
  onMessage(ev: TLiveNotification): void;
  /**
   * The stream is open again after a break: messages may have been missed, so the owner
   * re-reads the list. Resolves false when the session is gone (no point reconnecting).
   */
  onReconnected(): Promise<boolean>;
}

const MIN_DELAY = 2_000;
const MAX_DELAY = 60_000;

/**
 * The live channel: one EventSource while the component lives. The browser retries a dropped
 * connection by itself (sending Last-Event-ID, so the server replays what was missed); when it
 * gives up (an error status such as 401) we reconnect with a growing delay, after checking the
 * session through the list call, which sends the user to the login page if it has expired.
 */
export function useLiveStream(h: LiveHandlers) {
  const connected = ref(false);
  let source: EventSource | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let delay = MIN_DELAY;
  let everOpen = false;
  let stopped = false;

  function open(): void {
    if (stopped || typeof EventSource === 'undefined') {
      return;
    }
    const es = new EventSource(STREAM_URL);
    source = es;
    es.addEventListener('ready', () => {
      connected.value = true;
      delay = MIN_DELAY;
      if (everOpen) {
        void h.onReconnected();
      }
      everOpen = true;
    });
    es.addEventListener('notification', (e: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(e.data);
      } catch {
        return;
      }
      const parsed = ZLiveNotification.safeParse(data);
      if (parsed.success) {
        h.onMessage(parsed.data);
      }
    });
    es.addEventListener('error', () => {
      connected.value = false;
      if (es.readyState !== EventSource.CLOSED) {
        // the browser reconnects on its own, at the interval the server asked for
        return;
      }
      es.close();
      schedule();
    });
  }

  function schedule(): void {
    clearTimeout(timer);
    timer = setTimeout(() => {
      void (async () => {
        if (stopped) {
          return;
        }
        const live = await h.onReconnected();
        if (live) {
          open();
        } else {
          schedule();
        }
      })();
    }, delay);
    delay = Math.min(delay * 2, MAX_DELAY);
  }

  function stop(): void {
    stopped = true;
    clearTimeout(timer);
    source?.close();
    source = null;
  }

  onMounted(open);
  onBeforeUnmount(stop);
  return { connected };
}
