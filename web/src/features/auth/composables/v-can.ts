import type { Directive } from 'vue';
import type { TPermission } from '@fengqiao/contracts';
import { can } from './use-session.ts';

/** `v-can="'matter.register'"` hides an element the user has no permission for (a courtesy only). */
export const vCan: Directive<HTMLElement, TPermission> = {
  mounted(el, binding) {
    el.style.display = can(binding.value) ? '' : 'none';
  },
  updated(el, binding) {
    el.style.display = can(binding.value) ? '' : 'none';
  },
};

declare module 'vue' {
  interface GlobalDirectives {
    vCan: typeof vCan;
  }
}
