import { reactive } from 'vue';
import {
  ACTION_INPUTS,
  inputOf,
  type OUTCOMES,
  type SUPERVISION_LEVELS,
  type TAction,
  type TInput,
} from '@fengqiao/contracts';
import { useFieldErrors } from '../../../composables/use-field-errors.ts';

export interface DispatchState {
  units: number[];
  lead: number | null;
  limit: number | null;
  comment: string;
}
export interface FollowUpState {
  satisfaction: number | null;
  method: 'phone' | 'visit' | 'sms' | 'portal';
  comment: string;
}
export interface SuperviseState {
  level: keyof typeof SUPERVISION_LEVELS;
  notice: string;
  replyDays: number | null;
}

export interface ActionForms {
  text: string;
  dispatch: DispatchState;
  feedback: { result: string; outcome: keyof typeof OUTCOMES };
  followUp: FollowUpState;
  unit: { unitId: number | null; comment: string };
  extension: { value: number | null };
  supervise: SuperviseState;
  merge: { targetId: number | null };
}

const opt = (v: string): string | undefined => (v.trim() === '' ? undefined : v);
const num = (v: number | null): number | undefined => v ?? undefined;

function blank(): ActionForms {
  return {
    text: '',
    dispatch: { units: [], lead: null, limit: null, comment: '' },
    feedback: { result: '', outcome: 'resolved' },
    followUp: { satisfaction: null, method: 'phone', comment: '' },
    unit: { unitId: null, comment: '' },
    extension: { value: null },
    supervise: { level: 'normal', notice: '', replyDays: null },
    merge: { targetId: null },
  };
}

/** The raw body of each input kind, before the contract's schema validates it. */
function rawBody(kind: TInput, f: ActionForms): Record<string, unknown> {
  switch (kind) {
    case 'none':
      return {};
    case 'comment':
      return { comment: opt(f.text) };
    case 'reason':
      return { reason: f.text };
    case 'dispatch': {
      const d = f.dispatch;
      const lead = d.lead ?? d.units[0];
      return {
        assignments: d.units.map((unitId) => ({
          unitId,
          lead: d.units.length > 1 && unitId === lead,
        })),
        limit: num(d.limit),
        comment: opt(d.comment),
      };
    }
    case 'feedback':
      return { result: f.feedback.result, outcome: f.feedback.outcome };
    case 'follow_up':
      return {
        satisfaction: num(f.followUp.satisfaction),
        method: f.followUp.method,
        comment: opt(f.followUp.comment),
      };
    case 'unit':
      return { unitId: num(f.unit.unitId), comment: opt(f.unit.comment) };
    case 'extension':
      return { value: num(f.extension.value), reason: f.text };
    case 'supervise':
      return {
        level: f.supervise.level,
        notice: f.supervise.notice,
        replyDays: num(f.supervise.replyDays),
      };
    case 'merge':
      return { targetId: num(f.merge.targetId), comment: opt(f.text) };
  }
}

/** Form state for one action dialog, validated by the same schema the server uses. */
export function useActionForm(action: TAction) {
  const kind = inputOf(action);
  const forms = reactive<ActionForms>(blank());
  const errors = useFieldErrors();

  function validate(): Record<string, unknown> | null {
    const raw = rawBody(kind, forms);
    const parsed = ACTION_INPUTS[kind].safeParse(raw);
    if (!parsed.success) {
      errors.fromIssues(parsed.error.issues, raw);
      return null;
    }
    errors.clear();
    return parsed.data;
  }

  return { kind, forms, errors, validate };
}
