import type { CascaderProps } from 'element-plus';
import { useSession } from '../../auth/composables/use-session.ts';
import { regionWithChildren, type TRegionNode } from '../api.ts';

const VILLAGE_LEVEL = 5;
const toOption = (r: TRegionNode) => ({
  value: r.code,
  label: r.name,
  leaf: r.level >= VILLAGE_LEVEL,
});

/**
 * Props of an `el-cascader` that picks one region (any level) lazily from the user's own region
 * down: a county has hundreds of villages. A level that fails to load shows empty; `onError` hears
 * why.
 */
export function useOwnRegions(onError?: (err: unknown) => void): CascaderProps {
  const { me } = useSession();
  return {
    lazy: true,
    checkStrictly: true,
    emitPath: false,
    lazyLoad(node, resolve) {
      const code =
        node.level === 0
          ? me.value?.unit.regionCode
          : typeof node.value === 'string'
            ? node.value
            : undefined;
      if (code === undefined) {
        resolve([]);
        return;
      }
      regionWithChildren(code)
        .then((r) => {
          resolve(r === null ? [] : node.level === 0 ? [toOption(r)] : r.children.map(toOption));
        })
        .catch((err: unknown) => {
          onError?.(err);
          resolve([]);
        });
    },
  };
}
