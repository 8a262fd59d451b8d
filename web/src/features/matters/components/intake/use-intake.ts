import { inject } from 'vue';
import { INTAKE, type IntakeState } from '../../composables/use-intake-form.ts';

/** The intake form's state, provided once by the page to its sections. */
export function useIntake(): IntakeState {
  const state = inject(INTAKE);
  if (state === undefined) {
    throw new Error('intake sections must be used inside IntakePage');
  }
  return state;
}
