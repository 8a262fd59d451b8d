import { ref, watch } from 'vue';
import { useRoute, useRouter, type LocationQuery } from 'vue-router';
import { CHANNELS, MATTER_TYPES, type TChannel, type TMatterType } from '@fengqiao/contracts';
import { describeError, fieldErrorsOf } from '../../../api/errors.ts';
import {
  fetchDashboard,
  type TDashboard,
  type TDashboardQuery,
  type TGranularity,
} from '../api.ts';

export const PRESETS = {
  '30d': '近30天',
  month: '本月',
  quarter: '本季',
  year: '本年',
  custom: '自定义',
} as const;
export type TPreset = keyof typeof PRESETS;

/** A sensible bucket size for each preset; the user may still pick another. */
export const PRESET_GRANULARITY: Record<TPreset, TGranularity> = {
  '30d': 'day',
  month: 'day',
  quarter: 'week',
  year: 'month',
  custom: 'day',
};

export interface DashboardFilters {
  preset: TPreset;
  /** Only for the custom preset: YYYY-MM-DD. */
  from: string;
  to: string;
  granularity: TGranularity;
  type: TMatterType | '';
  channel: TChannel | '';
  categoryCode: string;
  regionCode: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDate = (d: Date) =>
  `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The preset's days in the browser's calendar (the users' offices are all on Beijing time). */
export function presetRange(preset: TPreset, today = new Date()): { from: string; to: string } {
  const y = today.getFullYear();
  const m = today.getMonth();
  const to = isoDate(today);
  switch (preset) {
    case 'month':
      return { from: isoDate(new Date(y, m, 1)), to };
    case 'quarter':
      return { from: isoDate(new Date(y, m - (m % 3), 1)), to };
    case 'year':
      return { from: isoDate(new Date(y, 0, 1)), to };
    default:
      return { from: isoDate(new Date(y, m, today.getDate() - 29)), to };
  }
}

function pick<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}
const text = (v: unknown, re: RegExp): string => (typeof v === 'string' && re.test(v) ? v : '');
const keysOf = <T extends object>(o: T) => Object.keys(o) as (keyof T & string)[];
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The URL holds the view, so a drill-down can be bookmarked and Back climbs up again. */
function fromQuery(q: LocationQuery): DashboardFilters {
  const preset = pick(q.period, keysOf(PRESETS), '30d');
  return {
    preset,
    from: preset === 'custom' ? text(q.from, DATE) : '',
    to: preset === 'custom' ? text(q.to, DATE) : '',
    granularity: pick(q.g, ['day', 'week', 'month'] as const, PRESET_GRANULARITY[preset]),
    type: pick(q.type, keysOf(MATTER_TYPES), ''),
    channel: pick(q.channel, keysOf(CHANNELS), ''),
    categoryCode: text(q.categoryCode, /^[\w.-]{1,40}$/),
    regionCode: text(q.regionCode, /^\d{2,12}$/),
  };
}

function toQuery(f: DashboardFilters): Record<string, string> {
  const out: Record<string, string> = { period: f.preset, g: f.granularity };
  for (const k of ['from', 'to', 'type', 'channel', 'categoryCode', 'regionCode'] as const) {
    if (f[k] !== '' && (f.preset === 'custom' || (k !== 'from' && k !== 'to'))) {
      out[k] = f[k];
    }
  }
  return out;
}

/** The API query of a view: exactly what the tiles show, so a test can ask for the same. */
export function toApi(f: DashboardFilters): TDashboardQuery {
  const range = f.preset === 'custom' ? { from: f.from, to: f.to } : presetRange(f.preset);
  const q: TDashboardQuery = { granularity: f.granularity };
  if (range.from !== '') {
    q.from = range.from;
  }
  if (range.to !== '') {
    q.to = range.to;
  }
  if (f.type !== '') {
    q.type = f.type;
  }
  if (f.channel !== '') {
    q.channel = f.channel;
  }
  if (f.categoryCode !== '') {
    q.categoryCode = f.categoryCode;
  }
  if (f.regionCode !== '') {
    q.regionCode = f.regionCode;
  }
  return q;
}

export function useDashboard() {
  const route = useRoute();
  const router = useRouter();
  const filters = ref<DashboardFilters>(fromQuery(route.query));
  const data = ref<TDashboard | null>(null);
  const loading = ref(false);
  const error = ref('');
  /** Field messages from the server (a range too long for daily buckets …), by query key. */
  const fieldErrors = ref<Record<string, string>>({});
  let generation = 0;

  async function load(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    error.value = '';
    fieldErrors.value = {};
    try {
      const d = await fetchDashboard(toApi(filters.value));
      if (mine === generation) {
        data.value = d;
      }
    } catch (err) {
      if (mine !== generation) {
        return;
      }
      const fields = Object.fromEntries(
        Object.entries(fieldErrorsOf(err)).map(([k, v]) => [k.replace(/^query\./, ''), v]),
      );
      fieldErrors.value = fields;
      error.value = describeError(err);
    } finally {
      if (mine === generation) {
        loading.value = false;
      }
    }
  }

  /** Replaces the view; a drill-down pushes instead, so Back returns to the level above. */
  function apply(next: DashboardFilters, push = false): void {
    const location = { query: toQuery(next) };
    void (push ? router.push(location) : router.replace(location));
  }

  watch(
    () => route.query,
    (q) => {
      filters.value = fromQuery(q);
      void load();
    },
    { immediate: true },
  );

  return { filters, data, loading, error, fieldErrors, apply, reload: load };
}
