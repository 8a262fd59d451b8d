import { computed, ref, type Ref } from 'vue';
import { describeError } from '../../../api/errors.ts';
import { daysBefore, listCheckins, localDate, type MyGrid, type TCheckin } from '../api.ts';

/** Check-ins of the worker's grids: today's state per grid and the recent days' history. */
export function useCheckins(grids: Ref<MyGrid[]>, days = 14) {
  const items = ref<TCheckin[]>([]);
  const loading = ref(false);
  const error = ref('');
  const today = ref(localDate());

  async function load(): Promise<void> {
    if (grids.value.length === 0) {
      return;
    }
    loading.value = true;
    error.value = '';
    today.value = localDate();
    try {
      const villages = [...new Set(grids.value.map((g) => g.regionCode))];
      const mine = new Set(grids.value.map((g) => g.code));
      const from = daysBefore(today.value, days - 1);
      const pages = await Promise.all(villages.map((v) => listCheckins(v, from, today.value)));
      items.value = pages
        .flat()
        .filter((c) => mine.has(c.gridCode))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    } catch (err) {
      error.value = describeError(err);
    } finally {
      loading.value = false;
    }
  }

  const todayByGrid = computed(() => {
    const out = new Map<string, TCheckin>();
    for (const c of items.value) {
      if (c.date === today.value) {
        out.set(c.gridCode, c);
      }
    }
    return out;
  });

  return { items, loading, error, today, todayByGrid, load };
}
