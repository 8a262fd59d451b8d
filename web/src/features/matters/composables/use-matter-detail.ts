import { ref } from 'vue';
import { ApiError } from '../../../api/client.ts';
import { describeError } from '../../../api/errors.ts';
import { getHistory, getMatter, type THistoryEntry, type TMatter } from '../api.ts';

/** One matter and its timeline, always as the server last answered. */
export function useMatterDetail(id: number) {
  const matter = ref<TMatter | null>(null);
  const history = ref<THistoryEntry[]>([]);
  const loading = ref(false);
  const error = ref('');
  const missing = ref(false);

  async function loadHistory(): Promise<void> {
    history.value = await getHistory(id);
  }

  async function load(): Promise<void> {
    loading.value = true;
    error.value = '';
    try {
      const [m, h] = await Promise.all([getMatter(id), getHistory(id)]);
      matter.value = m;
      history.value = h;
    } catch (err) {
      // out of scope and missing look the same on purpose (404 for both)
      missing.value = err instanceof ApiError && err.status === 404;
      error.value = describeError(err);
    } finally {
      loading.value = false;
    }
  }

  /** After an action the response is the new state; the timeline gains a row on the server. */
  async function applyResult(m: TMatter): Promise<void> {
    matter.value = m;
    try {
      await loadHistory();
    } catch (err) {
      error.value = describeError(err);
    }
  }

  return { matter, history, loading, error, missing, load, applyResult };
}
