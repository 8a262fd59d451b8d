import { computed, onBeforeUnmount, onMounted, ref, type Ref } from 'vue';
import { call } from '../../../api/client.ts';

const ACTIVITY_EVENTS = ['keydown', 'mousedown', 'wheel', 'touchstart', 'mousemove'] as const;
// Typing into a long form makes no requests, so activity is reported to the server now and then;
// otherwise the server's idle clock would end a session the clerk is actively using.
const HEARTBEAT_MS = 2 * 60_000;

/**
 * Idle logout: counts down from the server's idle timeout, warns before the end and logs out
 * when it runs out. While the warning shows, only an explicit "继续使用" keeps the session.
 */
export function useIdleLogout(timeoutSeconds: Ref<number>, onExpire: () => Promise<void>) {
  const remaining = ref(timeoutSeconds.value);
  const warnAt = computed(() => Math.min(60, Math.floor(timeoutSeconds.value / 4)));
  const warning = computed(() => remaining.value <= warnAt.value);
  let lastActivity = Date.now();
  let lastHeartbeat = Date.now();
  let timer: ReturnType<typeof setInterval> | undefined;
  let expired = false;

  function heartbeat(): void {
    lastHeartbeat = Date.now();
    call('auth.me').catch(() => undefined);
  }

  function onActivity(): void {
    if (warning.value) {
      return;
    }
    lastActivity = Date.now();
    if (lastActivity - lastHeartbeat > HEARTBEAT_MS) {
      heartbeat();
    }
  }

  function tick(): void {
    remaining.value = Math.max(
      0,
      Math.round(timeoutSeconds.value - (Date.now() - lastActivity) / 1000),
    );
    if (remaining.value === 0 && !expired) {
      expired = true;
      void onExpire();
    }
  }

  function keepAlive(): void {
    lastActivity = Date.now();
    remaining.value = timeoutSeconds.value;
    heartbeat();
  }

  onMounted(() => {
    for (const e of ACTIVITY_EVENTS) {
      window.addEventListener(e, onActivity, { passive: true });
    }
    timer = setInterval(tick, 1000);
  });
  onBeforeUnmount(() => {
    for (const e of ACTIVITY_EVENTS) {
      window.removeEventListener(e, onActivity);
    }
    clearInterval(timer);
  });

  return { remaining, warning, keepAlive };
}
