import { onBeforeUnmount, ref } from 'vue';

type Status = 'idle' | 'locating' | 'ok' | 'error' | 'unsupported';

const ERRORS: Record<number, string> = {
  1: '未获得定位权限，请在浏览器或系统设置中允许本网站使用位置',
  2: '暂时无法获取位置，请到开阔处后重试',
  3: '定位超时，请重试',
};

/**
 * The phone's position (WGS-84, as the Geolocation API gives it) with its accuracy. Browsers
 * allow it only on HTTPS (or localhost); elsewhere the report falls back to the chosen grid.
 */
export function useGeolocation() {
  const status = ref<Status>('idle');
  const point = ref<{ lon: number; lat: number } | null>(null);
  const accuracy = ref<number | null>(null);
  const message = ref('');
  let alive = true;
  onBeforeUnmount(() => {
    alive = false;
  });

  function locate(): void {
    if (!('geolocation' in navigator) || !window.isSecureContext) {
      status.value = 'unsupported';
      message.value = '当前连接不支持定位（需 HTTPS），将按所选网格上报';
      return;
    }
    status.value = 'locating';
    message.value = '';
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        if (!alive) {
          return;
        }
        point.value = {
          lon: Math.round(pos.coords.longitude * 1e6) / 1e6,
          lat: Math.round(pos.coords.latitude * 1e6) / 1e6,
        };
        accuracy.value = Math.round(pos.coords.accuracy);
        status.value = 'ok';
      },
      (err) => {
        if (!alive) {
          return;
        }
        status.value = 'error';
        message.value = ERRORS[err.code] ?? '定位失败，请重试';
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
    );
  }

  function clear(): void {
    point.value = null;
    accuracy.value = null;
    status.value = 'idle';
  }

  return { status, point, accuracy, message, locate, clear };
}
