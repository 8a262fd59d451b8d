import { computed, reactive, ref } from 'vue';
import { REGION_LEVELS } from '@fengqiao/contracts';
import { describeError } from '../../../api/errors.ts';
import { gridsIn, regionWithChildren } from '../../org/api.ts';

interface Option {
  code: string;
  name: string;
}

export interface RegionPick {
  level: number;
  label: string;
  options: Option[];
  value: string;
  loading: boolean;
}

const VILLAGE_LEVEL = 5;

/**
 * 县 → 乡镇 → 村 → 网格 pickers starting at the user's own region: the levels above it are
 * fixed (a township clerk registers in the township), the levels below are chosen.
 */
export function useRegionChain(onChange: (regionCode: string, gridCode: string) => void) {
  const base = ref<{ code: string; name: string; level: number } | null>(null);
  const picks = reactive<RegionPick[]>([]);
  const grids = ref<Option[]>([]);
  const gridCode = ref('');
  const loadingGrids = ref(false);
  const error = ref('');

  const regionCode = computed(() => {
    const chosen = [...picks].reverse().find((p) => p.value !== '');
    return chosen?.value ?? base.value?.code ?? '';
  });
  const villageCode = computed(() => (regionCode.value.length === 12 ? regionCode.value : ''));

  function emit(): void {
    onChange(regionCode.value, gridCode.value);
  }

  async function loadGrids(code: string): Promise<void> {
    grids.value = [];
    gridCode.value = '';
    if (code === '') {
      return;
    }
    loadingGrids.value = true;
    try {
      grids.value = (await gridsIn(code)).map((g) => ({ code: g.code, name: g.name }));
    } catch (err) {
      error.value = describeError(err);
    } finally {
      loadingGrids.value = false;
    }
  }

  async function init(code: string): Promise<void> {
    try {
      const node = await regionWithChildren(code);
      if (node === null) {
        return;
      }
      base.value = { code: node.code, name: node.name, level: node.level };
      picks.splice(0);
      for (let level = node.level + 1; level <= VILLAGE_LEVEL; level += 1) {
        picks.push({
          level,
          label: REGION_LEVELS[level as keyof typeof REGION_LEVELS],
          options: level === node.level + 1 ? node.children : [],
          value: '',
          loading: false,
        });
      }
      if (node.level === VILLAGE_LEVEL) {
        await loadGrids(node.code);
      }
      emit();
    } catch (err) {
      error.value = describeError(err);
    }
  }

  async function choose(index: number, value: string): Promise<void> {
    const pick = picks[index];
    if (pick === undefined) {
      return;
    }
    pick.value = value;
    for (const later of picks.slice(index + 1)) {
      later.value = '';
      later.options = [];
    }
    grids.value = [];
    gridCode.value = '';
    emit();
    const next = picks[index + 1];
    if (value !== '' && next !== undefined) {
      next.loading = true;
      try {
        next.options = (await regionWithChildren(value))?.children ?? [];
      } catch (err) {
        error.value = describeError(err);
      } finally {
        next.loading = false;
      }
    }
    if (pick.level === VILLAGE_LEVEL) {
      await loadGrids(value);
    }
  }

  function chooseGrid(value: string): void {
    gridCode.value = value;
    emit();
  }

  return {
    base,
    picks,
    grids,
    gridCode,
    loadingGrids,
    error,
    regionCode,
    villageCode,
    init,
    choose,
    chooseGrid,
  };
}
