import { ref } from 'vue';
import type { TRegisterMatter } from '@fengqiao/contracts';
import { describeError, isNetworkError } from '../../../api/errors.ts';
import type { FieldErrors } from '../../../composables/use-field-errors.ts';
import {
  findDuplicates,
  performAction,
  registerMatter,
  type TDuplicate,
  type TMatter,
} from '../api.ts';
import { newIdempotencyKey } from './idempotency-key.ts';

type Phase = 'edit' | 'checking' | 'duplicates' | 'saving' | 'done';

/**
 * 登记 in three steps: validate with the contract, look for duplicates, then register with one
 * Idempotency-Key per submission (kept only while a retry could repeat a request that got no
 * answer), and merge into a chosen duplicate when the clerk asks for it.
 */
export function useIntakeSubmit(validate: () => TRegisterMatter | null, errors: FieldErrors) {
  const phase = ref<Phase>('edit');
  const candidates = ref<TDuplicate[]>([]);
  const result = ref<TMatter | null>(null);
  const mergedInto = ref<{ id: number; code: string } | null>(null);
  const note = ref('');
  const banner = ref('');
  let body: TRegisterMatter | null = null;
  let key: string | null = null;

  async function submit(): Promise<boolean> {
    banner.value = '';
    body = validate();
    if (body === null) {
      banner.value = '请检查标出的字段';
      return false;
    }
    phase.value = 'checking';
    try {
      candidates.value = await findDuplicates({
        categoryCode: body.categoryCode,
        regionCode: body.regionCode,
        ...(body.gridCode === undefined ? {} : { gridCode: body.gridCode }),
        ...(body.point === undefined ? {} : { point: body.point }),
        description: body.description,
        days: 30,
      });
    } catch {
      // the duplicate check is advice: a failure must not stop the registration
      candidates.value = [];
    }
    if (candidates.value.length > 0) {
      phase.value = 'duplicates';
      return true;
    }
    return save(null);
  }

  async function save(target: TDuplicate | null): Promise<boolean> {
    if (body === null) {
      return false;
    }
    phase.value = 'saving';
    key ??= newIdempotencyKey();
    let matter: TMatter;
    try {
      matter = await registerMatter(body, key);
      key = null;
    } catch (err) {
      if (!isNetworkError(err)) {
        key = null;
      }
      banner.value = errors.fromError(err) ? '请检查标出的字段' : describeError(err);
      phase.value = 'edit';
      return false;
    }
    note.value = '';
    mergedInto.value = null;
    if (target !== null) {
      if (matter.abilities.includes('merge')) {
        try {
          matter = await performAction(matter.id, 'merge', {
            targetId: target.id,
            comment: `登记时发现与 ${target.code} 重复，并入办理`,
          });
          mergedInto.value = { id: target.id, code: target.code };
        } catch (err) {
          note.value = `已登记，但并单未成功：${describeError(err)}`;
        }
      } else {
        note.value = `已登记。您没有并单权限，请告知派单员将其并入 ${target.code}。`;
      }
    }
    result.value = matter;
    phase.value = 'done';
    return true;
  }

  function restart(): void {
    phase.value = 'edit';
    result.value = null;
    candidates.value = [];
    banner.value = '';
    body = null;
    key = null;
  }

  return { phase, candidates, result, mergedInto, note, banner, submit, save, restart };
}
