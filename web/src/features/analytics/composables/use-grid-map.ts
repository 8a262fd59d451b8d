import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { describeError } from '../../../api/errors.ts';
import { regionWithChildren, type TRegionNode } from '../../org/api.ts';
import { fetchGridCounts, fetchGridsWithGeometry, type TGrid } from '../api.ts';
import { joinGrids, mapOption, registerGrids, type MapGrid } from '../map-option.ts';

/** The grids of one region with their counts, and the ECharts option that draws them. */
export function useGridMap(regionCode: Ref<string>) {
  const grids = shallowRef<TGrid[]>([]);
  const rows = shallowRef<MapGrid[]>([]);
  const region = shallowRef<TRegionNode | null>(null);
  const mapName = ref('');
  const loading = ref(false);
  const error = ref('');
  let generation = 0;

  async function load(): Promise<void> {
    const code = regionCode.value;
    if (code === '') {
      return;
    }
    const mine = ++generation;
    loading.value = true;
    error.value = '';
    try {
      const [node, all, counts] = await Promise.all([
        regionWithChildren(code),
        fetchGridsWithGeometry(code),
        fetchGridCounts(code),
      ]);
      if (mine !== generation) {
        return;
      }
      region.value = node;
      grids.value = all;
      rows.value = joinGrids(all, counts);
      mapName.value = registerGrids(all);
    } catch (err) {
      if (mine === generation) {
        error.value = describeError(err);
      }
    } finally {
      if (mine === generation) {
        loading.value = false;
      }
    }
  }

  watch(regionCode, () => void load(), { immediate: true });

  const drawn = computed(() =>
    grids.value.filter((g) => g.geometry !== null && g.geometry !== undefined),
  );
  const option = computed(() =>
    mapName.value === '' ? null : mapOption(mapName.value, drawn.value, rows.value),
  );
  const totals = computed(() => ({
    grids: rows.value.length,
    drawn: drawn.value.length,
    open: rows.value.reduce((n, r) => n + r.open, 0),
    overdue: rows.value.reduce((n, r) => n + r.overdue, 0),
    withOverdue: rows.value.filter((r) => r.overdue > 0).length,
  }));
  const isDemoGeometry = computed(() => grids.value.some((g) => g.isDemoGeometry));
  /** Where the work is: grids by open matters, overdue first among equals. */
  const busiest = computed(() =>
    rows.value
      .filter((r) => r.open > 0)
      .sort((a, b) => b.open - a.open || b.overdue - a.overdue || a.code.localeCompare(b.code))
      .slice(0, 10),
  );

  return {
    grids,
    rows,
    region,
    option,
    totals,
    isDemoGeometry,
    busiest,
    loading,
    error,
    reload: load,
  };
}
