import { computed, reactive, type Ref } from 'vue';
import { ZRegisterMatter } from '@fengqiao/contracts';
import type { TMe } from '@fengqiao/contracts';
import { useFieldErrors } from '../../../composables/use-field-errors.ts';
import type { MyGrid } from '../api.ts';
import type { TReportBody } from '../offline/report-queue.ts';
import { typeOfCategory } from './use-grid-categories.ts';

export interface ReportForm {
  categoryCode: string;
  description: string;
  address: string;
  urgent: boolean;
  /** The grid named when there is no GPS point (or the worker has several grids). */
  gridCode: string;
}

type Slot = 'category' | 'description' | 'address' | 'location' | 'photos';

/** Maps a server field path to the place on the mobile form where it is shown. */
const FIELD_OF: Record<string, Slot> = {
  categoryCode: 'category',
  type: 'category',
  description: 'description',
  title: 'description',
  address: 'address',
  point: 'location',
  'point.lon': 'location',
  'point.lat': 'location',
  gridCode: 'location',
  regionCode: 'location',
  attachmentIds: 'photos',
  file: 'photos',
};

/** The grid worker's report form: a few fields turned into a full registration body. */
export function useReportForm(me: Ref<TMe | null>, grids: Ref<MyGrid[]>) {
  const form = reactive<ReportForm>({
    categoryCode: '',
    description: '',
    address: '',
    urgent: false,
    gridCode: '',
  });
  const errors = useFieldErrors();

  const grid = computed(
    () => grids.value.find((g) => g.code === form.gridCode) ?? grids.value[0] ?? null,
  );

  /** The registration body, or null with the field errors set. */
  function build(point: { lon: number; lat: number } | null): TReportBody | null {
    const user = me.value;
    if (user === null) {
      return null;
    }
    const raw = {
      type: form.categoryCode === '' ? undefined : typeOfCategory(form.categoryCode),
      categoryCode: form.categoryCode,
      channel: 'grid_report',
      description: form.description,
      // with a point the server finds the grid inside the worker's area; without one the grid
      // chosen here names the place
      regionCode:
        point === null ? (grid.value?.regionCode ?? user.unit.regionCode) : user.unit.regionCode,
      ...(point === null ? (grid.value === null ? {} : { gridCode: grid.value.code }) : { point }),
      ...(form.address.trim() === '' ? {} : { address: form.address.trim() }),
      anonymous: false,
      // the grid worker is the one reporting (上报人)
      reporter: { name: user.displayName.slice(0, 50) },
      parties: [],
      urgent: form.urgent,
      collective: false,
      repeat: false,
      acceptNow: false,
      attachmentIds: [],
    };
    const parsed = ZRegisterMatter.safeParse(raw);
    if (!parsed.success) {
      errors.fromIssues(parsed.error.issues, raw);
      if (form.categoryCode === '') {
        errors.errors.categoryCode = '请选择事项类别';
      }
      return null;
    }
    errors.clear();
    const body: TReportBody & { attachmentIds?: number[] } = { ...parsed.data };
    delete body.attachmentIds;
    return body;
  }

  /** The message of a server (or stored) error for one place on the form. */
  function at(slot: Slot): string {
    for (const [path, msg] of Object.entries(errors.errors)) {
      const key = FIELD_OF[path] ?? FIELD_OF[path.split('.')[0] ?? ''];
      if (key === slot) {
        return msg;
      }
    }
    return '';
  }

  /** Messages the form has no place for (shown in the banner). */
  const unplaced = computed(() =>
    Object.entries(errors.errors)
      .filter(([path]) => (FIELD_OF[path] ?? FIELD_OF[path.split('.')[0] ?? '']) === undefined)
      .map(([, msg]) => msg),
  );

  function reset(): void {
    form.categoryCode = '';
    form.description = '';
    form.address = '';
    form.urgent = false;
    errors.clear();
  }

  function fill(body: TReportBody): void {
    form.categoryCode = body.categoryCode;
    form.description = body.description;
    form.address = body.address ?? '';
    form.urgent = body.urgent;
    if (body.gridCode !== undefined) {
      form.gridCode = body.gridCode;
    }
  }

  return { form, errors, grid, build, at, unplaced, reset, fill };
}
