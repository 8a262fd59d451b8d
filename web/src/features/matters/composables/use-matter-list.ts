import { ref, watch } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';
import {
  CHANNELS,
  MATTER_STATUSES,
  MATTER_TYPES,
  WARNINGS,
  WORKLISTS,
  type TChannel,
  type TMatterStatus,
  type TMatterType,
} from '@fengqiao/contracts';
import { describeError } from '../../../api/errors.ts';
import { listMatters, type TMatterListQuery, type TMatterSummary, type TWorklist } from '../api.ts';

export type TSort = 'newest' | 'oldest' | 'due' | 'relevance';
type TWarning = keyof typeof WARNINGS;

export interface Filters {
  box: TWorklist;
  q: string;
  type: TMatterType | '';
  categoryCode: string;
  channel: TChannel | '';
  status: TMatterStatus | '';
  warning: TWarning | '';
  regionCode: string;
  /** One grid (网格), e.g. from the grid map's 「在列表中查看」. */
  gridCode: string;
  from: string;
  to: string;
  sort: TSort;
}

const PAGE = 30;
const SORTS: readonly TSort[] = ['newest', 'oldest', 'due', 'relevance'];

function pick<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}
const text = (v: unknown, re: RegExp): string => (typeof v === 'string' && re.test(v) ? v : '');
const keysOf = <T extends object>(o: T) => Object.keys(o) as (keyof T & string)[];

/** The URL is the state of the list, so a workbench card, a bookmark and Back all restore it. */
function fromQuery(q: LocationQuery): Filters {
  const search = typeof q.q === 'string' ? q.q.slice(0, 100) : '';
  return {
    box: pick(q.box, keysOf(WORKLISTS), 'all'),
    q: search,
    type: pick(q.type, keysOf(MATTER_TYPES), ''),
    categoryCode: text(q.categoryCode, /^[\w.-]{1,40}$/),
    channel: pick(q.channel, keysOf(CHANNELS), ''),
    status: pick(q.status, keysOf(MATTER_STATUSES), ''),
    warning: pick(q.warning, keysOf(WARNINGS), ''),
    regionCode: text(q.regionCode, /^\d{2,12}$/),
    gridCode: text(q.gridCode, /^\d{15}$/),
    from: text(q.from, /^\d{4}-\d{2}-\d{2}$/),
    to: text(q.to, /^\d{4}-\d{2}-\d{2}$/),
    sort: pick(q.sort, SORTS, search === '' ? 'newest' : 'relevance'),
  };
}

function toQuery(f: Filters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(f) as [keyof Filters, string][]) {
    if (v !== '' && !(k === 'box' && v === 'all')) {
      out[k] = v;
    }
  }
  return out;
}

function toApi(f: Filters, after: string | null): TMatterListQuery {
  const q: TMatterListQuery = { box: f.box, sort: f.sort, limit: PAGE };
  if (f.q.trim() !== '') {
    q.q = f.q.trim();
  }
  if (f.type !== '') {
    q.type = f.type;
  }
  if (f.categoryCode !== '') {
    q.categoryCode = f.categoryCode;
  }
  if (f.channel !== '') {
    q.channel = f.channel;
  }
  if (f.status !== '') {
    q.status = f.status;
  }
  if (f.warning !== '') {
    q.warning = f.warning;
  }
  if (f.regionCode !== '') {
    q.regionCode = f.regionCode;
  }
  if (f.gridCode !== '') {
    q.gridCode = f.gridCode;
  }
  if (f.from !== '') {
    q.from = f.from;
  }
  if (f.to !== '') {
    q.to = f.to;
  }
  if (after !== null) {
    q.after = after;
  }
  return q;
}

export function useMatterList() {
  const route = useRoute();
  const router = useRouter();
  const filters = ref<Filters>(fromQuery(route.query));
  const items = ref<TMatterSummary[]>([]);
  const cursor = ref<string | null>(null);
  const loading = ref(false);
  const error = ref('');
  let generation = 0;

  async function load(more = false): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    error.value = '';
    try {
      const page = await listMatters(toApi(filters.value, more ? cursor.value : null));
      // a slower answer to an older filter must not overwrite the newer one
      if (mine !== generation) {
        return;
      }
      items.value = more ? [...items.value, ...page.items] : page.items;
      cursor.value = page.nextCursor;
    } catch (err) {
      error.value = describeError(err);
    } finally {
      if (mine === generation) {
        loading.value = false;
      }
    }
  }

  /** Applies new filters: searching sorts by relevance, clearing the search goes back to newest. */
  function apply(next: Filters): void {
    const f = { ...next };
    if (f.q.trim() !== '' && filters.value.q.trim() === '') {
      f.sort = 'relevance';
    } else if (f.q.trim() === '' && f.sort === 'relevance') {
      f.sort = 'newest';
    }
    void router.replace({ query: toQuery(f) });
  }

  watch(
    () => route.query,
    (q) => {
      filters.value = fromQuery(q);
      void load();
    },
    { immediate: true },
  );

  return {
    filters,
    items,
    cursor,
    loading,
    error,
    apply,
    loadMore: () => load(true),
    reload: () => load(),
  };
}
