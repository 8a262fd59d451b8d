import { computed, ref } from 'vue';
import type { TMatterType } from '@fengqiao/contracts';
import { describeError } from '../../../api/errors.ts';
import { categoryTree, type TDictNode } from '../../matters/api.ts';

/** What a grid worker reports most (网格事件, hazards, street order, neighbour quarrels). */
const QUICK = ['G6', 'G2', 'S1', 'S3', 'U1', 'U5', 'G1', 'D01', 'G0', 'G4'];
const CACHE = 'fq.grid.categories';

const tree = ref<TDictNode[]>([]);
const status = ref<'idle' | 'loading' | 'ready' | 'error'>('idle');
const message = ref('');

function flatten(
  nodes: TDictNode[],
  path: string[] = [],
): { code: string; name: string; path: string }[] {
  return nodes.flatMap((n) => [
    { code: n.code, name: n.name, path: [...path, n.name].join(' / ') },
    ...flatten(n.children, [...path, n.name]),
  ]);
}

async function load(): Promise<void> {
  status.value = 'loading';
  try {
    tree.value = await categoryTree();
    // the dictionary is public reference data: kept for reports made while offline
    localStorage.setItem(CACHE, JSON.stringify(tree.value));
    status.value = 'ready';
  } catch (err) {
    const cached = localStorage.getItem(CACHE);
    if (cached !== null) {
      tree.value = JSON.parse(cached) as TDictNode[];
      status.value = 'ready';
    } else {
      status.value = 'error';
      message.value = `事项类别加载失败：${describeError(err)}`;
    }
  }
}

/**
 * The matter type a category implies for a grid report: the dictionary's top level says what
 * kind of matter it is (D 矛盾纠纷, S 治安隐患 …); everything else is a 网格事件.
 */
export function typeOfCategory(code: string): TMatterType {
  if (code.startsWith('D')) {
    return 'dispute';
  }
  if (code.startsWith('S')) {
    return 'security_hazard';
  }
  if (code.startsWith('P')) {
    return 'petition';
  }
  if (code === 'H1') {
    return 'consultation';
  }
  if (code.startsWith('H')) {
    return 'livelihood';
  }
  return 'grid_event';
}

export function useGridCategories() {
  if (status.value === 'idle' || status.value === 'error') {
    void load();
  }
  const flat = computed(() => flatten(tree.value));
  const quick = computed(() =>
    QUICK.map((code) => flat.value.find((c) => c.code === code)).filter(
      (c): c is { code: string; name: string; path: string } => c !== undefined,
    ),
  );
  const nameOf = (code: string) => flat.value.find((c) => c.code === code)?.name ?? code;
  return { tree, flat, quick, status, message, nameOf, reload: load };
}
