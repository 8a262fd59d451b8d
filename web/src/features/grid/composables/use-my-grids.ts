import { ref } from 'vue';
import { describeError } from '../../../api/errors.ts';
import { myGrids, type MyGrid } from '../api.ts';

const grids = ref<MyGrid[]>([]);
const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
const message = ref('');
let loadedFor: number | null = null;

// grid names and codes are not personal data; kept so a report can name its grid offline
const cacheKey = (userId: number) => `fq.grid.mine.${userId}`;

async function load(userId: number): Promise<void> {
  status.value = 'loading';
  try {
    grids.value = await myGrids(userId);
    localStorage.setItem(cacheKey(userId), JSON.stringify(grids.value));
    status.value = 'ready';
    loadedFor = userId;
  } catch (err) {
    const cached = localStorage.getItem(cacheKey(userId));
    if (cached !== null) {
      grids.value = JSON.parse(cached) as MyGrid[];
      status.value = 'ready';
    } else {
      status.value = 'error';
      message.value = `负责网格加载失败：${describeError(err)}`;
    }
  }
}

/** The grids assigned to the signed-in worker (网格员配置), loaded once per user and page load. */
export function useMyGrids(userId: number) {
  if (loadedFor !== userId && status.value !== 'loading') {
    void load(userId);
  }
  return { grids, status, message, reload: () => load(userId) };
}
