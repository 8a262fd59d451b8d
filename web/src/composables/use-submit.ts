import { ref } from 'vue';
import { describeError } from '../api/errors.ts';
import type { FieldErrors } from './use-field-errors.ts';

/**
 * The save step of a form: `busy` while the request runs; a failure shows at the fields when the
 * server named fields (400), else as one sentence in `banner`.
 */
export function useSubmit(
  errors?: FieldErrors,
  describe: (err: unknown) => string = describeError,
) {
  const busy = ref(false);
  const banner = ref('');

  /** Forgets the last failure: call it before a form's own checks. */
  function clear(): void {
    banner.value = '';
    errors?.clear();
  }

  /** Runs `action` (the request and what follows its success); resolves false when it failed. */
  async function run(action: () => Promise<void>): Promise<boolean> {
    clear();
    busy.value = true;
    try {
      await action();
      return true;
    } catch (err) {
      if (errors === undefined || !errors.fromError(err)) {
        banner.value = describe(err);
      }
      return false;
    } finally {
      busy.value = false;
    }
  }

  return { busy, banner, clear, run };
}
