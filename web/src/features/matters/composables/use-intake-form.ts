import { reactive, type InjectionKey } from 'vue';
import {
  ZRegisterMatter,
  type TChannel,
  type TMatterType,
  type TRegisterMatter,
} from '@fengqiao/contracts';
import { validateIdNumber } from '@fengqiao/contracts/validators/id-number.ts';
import { useFieldErrors, type FieldErrors } from '../../../composables/use-field-errors.ts';
import { ID_MESSAGES } from '../id-number.ts';

export type TPartyRole = TRegisterMatter['parties'][number]['role'];
export type TRisk = NonNullable<TRegisterMatter['risk']>;

export interface PartyRow {
  /** Stable row key for v-for; not sent. */
  key: number;
  role: TPartyRole;
  name: string;
  phone: string;
  idNumber: string;
}

export interface IntakeForm {
  channel: TChannel;
  type: TMatterType | '';
  categoryCode: string;
  title: string;
  regionCode: string;
  gridCode: string;
  address: string;
  lon: number | null;
  lat: number | null;
  anonymous: boolean;
  reporter: { name: string; phone: string; idNumber: string };
  parties: PartyRow[];
  urgent: boolean;
  collective: boolean;
  headcount: number | null;
  repeat: boolean;
  risk: TRisk | '';
  description: string;
  acceptNow: boolean;
}

export interface IntakeState {
  form: IntakeForm;
  errors: FieldErrors;
  addParty: () => void;
  removeParty: (key: number) => void;
}

export const INTAKE: InjectionKey<IntakeState> = Symbol('intake');

const blank = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());

function emptyForm(): IntakeForm {
  return {
    channel: 'walk_in',
    type: '',
    categoryCode: '',
    title: '',
    regionCode: '',
    gridCode: '',
    address: '',
    lon: null,
    lat: null,
    anonymous: false,
    reporter: { name: '', phone: '', idNumber: '' },
    parties: [],
    urgent: false,
    collective: false,
    headcount: null,
    repeat: false,
    risk: '',
    description: '',
    acceptNow: false,
  };
}

/** The request body as the contract expects it: empty inputs become absent fields. */
function toBody(f: IntakeForm): Record<string, unknown> {
  const reporter = f.anonymous
    ? undefined
    : {
        name: f.reporter.name.trim(),
        phone: blank(f.reporter.phone),
        idNumber: blank(f.reporter.idNumber),
      };
  return {
    type: f.type === '' ? undefined : f.type,
    categoryCode: f.categoryCode,
    channel: f.channel,
    title: blank(f.title),
    description: f.description,
    regionCode: f.regionCode,
    gridCode: blank(f.gridCode),
    address: blank(f.address),
    point: f.lon === null && f.lat === null ? undefined : { lon: f.lon, lat: f.lat },
    anonymous: f.anonymous,
    reporter,
    parties: f.parties.map((p) => ({
      role: p.role,
      name: p.name.trim(),
      phone: blank(p.phone),
      idNumber: blank(p.idNumber),
    })),
    urgent: f.urgent,
    collective: f.collective,
    headcount: f.collective && f.headcount !== null ? f.headcount : undefined,
    repeat: f.repeat,
    risk: f.risk === '' ? undefined : f.risk,
    acceptNow: f.acceptNow,
  };
}

/** GB 11643 problems are caught here too, so the clerk sees them before the server answers. */
function idNumberIssues(body: TRegisterMatter): Record<string, string> {
  const out: Record<string, string> = {};
  const check = (value: string | undefined, path: string): void => {
    if (value === undefined) {
      return;
    }
    const r = validateIdNumber(value);
    if (!r.ok) {
      out[path] = ID_MESSAGES[r.code];
    }
  };
  check(body.reporter?.idNumber, 'reporter.idNumber');
  body.parties.forEach((p, i) => {
    check(p.idNumber, `parties.${i}.idNumber`);
  });
  return out;
}

export function useIntakeForm() {
  const form = reactive<IntakeForm>(emptyForm());
  const errors = useFieldErrors();
  let nextKey = 1;

  function addParty(): void {
    form.parties.push({ key: nextKey++, role: 'applicant', name: '', phone: '', idNumber: '' });
  }

  function removeParty(key: number): void {
    form.parties = form.parties.filter((p) => p.key !== key);
  }

  /** Validates with the contract's own schema; returns the body to send, or null with errors set. */
  function validate(): TRegisterMatter | null {
    if ((form.lon === null) !== (form.lat === null)) {
      errors.set({ point: '经度和纬度须同时填写' });
      return null;
    }
    const raw = toBody(form);
    const parsed = ZRegisterMatter.safeParse(raw);
    if (!parsed.success) {
      errors.fromIssues(parsed.error.issues, raw);
      return null;
    }
    const idIssues = idNumberIssues(parsed.data);
    if (Object.keys(idIssues).length > 0) {
      errors.set(idIssues);
      return null;
    }
    errors.clear();
    return parsed.data;
  }

  function reset(keep: Partial<IntakeForm> = {}): void {
    Object.assign(form, emptyForm(), keep);
    errors.clear();
  }

  const state: IntakeState = { form, errors, addParty, removeParty };
  return { state, form, errors, validate, reset };
}
