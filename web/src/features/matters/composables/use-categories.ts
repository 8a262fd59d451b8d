import { computed, ref } from 'vue';
import { ApiError } from '../../../api/client.ts';
import { describeError } from '../../../api/errors.ts';
import { categoryTree, type TDictNode } from '../api.ts';

export interface CascaderOption {
  value: string;
  label: string;
  children?: CascaderOption[];
}

type Status = 'idle' | 'loading' | 'ready' | 'missing' | 'error';

// One copy per page load: the dictionary changes rarely and every form shows the same tree.
const nodes = ref<TDictNode[]>([]);
const status = ref<Status>('idle');
const message = ref('');

function toOption(n: TDictNode): CascaderOption {
  return n.children.length > 0
    ? { value: n.code, label: n.name, children: n.children.map(toOption) }
    : { value: n.code, label: n.name };
}

async function load(): Promise<void> {
  status.value = 'loading';
  try {
    nodes.value = await categoryTree();
    status.value = 'ready';
  } catch (err) {
    // The dictionary endpoint may not be deployed yet; say so instead of inventing a list.
    if (err instanceof ApiError && err.status === 404) {
      status.value = 'missing';
      message.value =
        '事项类别字典暂不可用（服务端尚未提供 /api/dicts/matter_category），请联系管理员';
    } else {
      status.value = 'error';
      message.value = `事项类别加载失败：${describeError(err)}`;
    }
  }
}

export function useCategories() {
  if (status.value === 'idle' || status.value === 'error') {
    void load();
  }
  const options = computed(() => nodes.value.map(toOption));
  return { options, status, message, reload: load };
}
