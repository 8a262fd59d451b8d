// The wording is shared with the server (contracts/src/validators/id-number.ts).
export { ID_NUMBER_MESSAGES as ID_MESSAGES } from '@fengqiao/contracts/validators/id-number.ts';
