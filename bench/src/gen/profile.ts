// The mix of generated matters: types, categories, channels and how long each step takes.
// Shares follow DOMAIN.md §6–7 and seeds/003 (景德镇: grid events dominate, 99.25 % closed);
// durations are [inferred] from the deadline policies of migration 0004.
import { weighted, type Alias } from '../lib/rng.ts';

export type MatterType =
  | 'grid_event'
  | 'dispute'
  | 'petition'
  | 'livelihood'
  | 'security_hazard'
  | 'tip_off'
  | 'consultation';

export interface TypeProfile {
  share: number;
  categories: Alias<string>;
  channels: Alias<string>;
  /** Who owns it: the village center (grid events), township or county center. */
  owner: 'village' | 'township' | 'county';
  /** Handling time in working days: median and log spread. */
  handleMedian: number;
  handleSigma: number;
  /** The deadline policy of migration 0004: accept and handle limits, units. */
  acceptLimit: number;
  acceptUnit: 'working_day' | 'calendar_day';
  handleLimit: number;
  handleUnit: 'working_day' | 'calendar_day';
  yellowBefore: number;
  maxExtension: number;
  /** Where it is dispatched: unit kinds with weights. */
  targets: Alias<Target>;
  /** Share that has parties (disputes, petitions). */
  parties: number;
}

export type Target =
  | 'village_center'
  | 'township_center'
  | 'police'
  | 'justice'
  | 'mediation'
  | 'county_dept'
  | 'county_center';

export const TYPES: Record<MatterType, TypeProfile> = {
  grid_event: {
    share: 0.82,
    categories: weighted([
      ['G4', 30],
      ['G0', 22],
      ['G1', 14],
      ['G2', 9],
      ['G3', 7],
      ['G5', 5],
      ['G6', 2],
      ['G7', 3],
      ['U1', 3],
      ['U2', 1],
      ['U3', 1],
      ['U4', 2],
      ['U5', 1],
    ]),
    channels: weighted([
      ['grid_report', 90],
      ['screening', 10],
    ]),
    owner: 'village',
    handleMedian: 1.5,
    handleSigma: 0.8,
    acceptLimit: 1,
    acceptUnit: 'working_day',
    handleLimit: 5,
    handleUnit: 'working_day',
    yellowBefore: 1,
    maxExtension: 5,
    targets: weighted<Target>([
      ['village_center', 55],
      ['township_center', 10],
      ['police', 10],
      ['justice', 5],
      ['county_dept', 20],
    ]),
    parties: 0,
  },
  dispute: {
    share: 0.06,
    categories: weighted([
      ['D01', 25],
      ['D00', 14],
      ['D02', 10],
      ['D12', 8],
      ['D09', 6],
      ['D03', 6],
      ['D05', 6],
      ['D11', 5],
      ['D06', 4],
      ['D07', 3],
      ['D15', 4],
      ['D17', 4],
      ['D08', 2],
      ['D10', 2],
      ['D99', 1],
    ]),
    channels: weighted([
      ['walk_in', 40],
      ['grid_report', 25],
      ['phone', 15],
      ['transfer_from_above', 10],
      ['online', 10],
    ]),
    owner: 'township',
    handleMedian: 8,
    handleSigma: 0.7,
    acceptLimit: 2,
    acceptUnit: 'working_day',
    handleLimit: 30,
    handleUnit: 'calendar_day',
    yellowBefore: 5,
    maxExtension: 30,
    targets: weighted<Target>([
      ['mediation', 60],
      ['justice', 20],
      ['village_center', 15],
      ['county_dept', 5],
    ]),
    parties: 0.9,
  },
  petition: {
    share: 0.02,
    categories: weighted([
      ['P3', 65],
      ['P1', 20],
      ['P2', 15],
    ]),
    channels: weighted([
      ['walk_in', 35],
      ['online', 30],
      ['letter', 20],
      ['phone', 10],
      ['transfer_from_above', 5],
    ]),
    owner: 'county',
    handleMedian: 25,
    handleSigma: 0.5,
    acceptLimit: 15,
    acceptUnit: 'calendar_day',
    handleLimit: 60,
    handleUnit: 'calendar_day',
    yellowBefore: 10,
    maxExtension: 30,
    targets: weighted<Target>([
      ['county_dept', 70],
      ['township_center', 30],
    ]),
    parties: 0.5,
  },
  livelihood: {
    share: 0.05,
    categories: weighted([
      ['H3', 40],
      ['H2', 25],
      ['H5', 15],
      ['H1', 10],
      ['H4', 10],
    ]),
    channels: weighted([
      ['hotline_12345', 80],
      ['online', 20],
    ]),
    owner: 'county',
    handleMedian: 4,
    handleSigma: 0.6,
    acceptLimit: 2,
    acceptUnit: 'working_day',
    handleLimit: 13,
    handleUnit: 'working_day',
    yellowBefore: 2,
    maxExtension: 5,
    targets: weighted<Target>([
      ['county_dept', 60],
      ['township_center', 40],
    ]),
    parties: 0,
  },
  security_hazard: {
    share: 0.025,
    categories: weighted([
      ['S1', 35],
      ['S3', 30],
      ['S2', 20],
      ['S4', 15],
    ]),
    channels: weighted([
      ['grid_report', 60],
      ['screening', 30],
      ['phone', 10],
    ]),
    owner: 'township',
    handleMedian: 3,
    handleSigma: 0.7,
    acceptLimit: 2,
    acceptUnit: 'working_day',
    handleLimit: 10,
    handleUnit: 'working_day',
    yellowBefore: 2,
    maxExtension: 5,
    targets: weighted<Target>([
      ['police', 50],
      ['county_dept', 40],
      ['village_center', 10],
    ]),
    parties: 0,
  },
  tip_off: {
    share: 0.005,
    categories: weighted([
      ['H4', 70],
      ['P2', 30],
    ]),
    channels: weighted([
      ['phone', 40],
      ['online', 40],
      ['letter', 20],
    ]),
    owner: 'county',
    handleMedian: 6,
    handleSigma: 0.6,
    acceptLimit: 2,
    acceptUnit: 'working_day',
    handleLimit: 10,
    handleUnit: 'working_day',
    yellowBefore: 2,
    maxExtension: 5,
    targets: weighted<Target>([['county_dept', 100]]),
    parties: 0,
  },
  consultation: {
    share: 0.02,
    categories: weighted([
      ['H1', 70],
      ['H2', 30],
    ]),
    channels: weighted([
      ['walk_in', 40],
      ['phone', 40],
      ['online', 20],
    ]),
    owner: 'township',
    handleMedian: 1,
    handleSigma: 0.6,
    acceptLimit: 2,
    acceptUnit: 'working_day',
    handleLimit: 3,
    handleUnit: 'working_day',
    yellowBefore: 1,
    maxExtension: 2,
    targets: weighted<Target>([
      ['township_center', 60],
      ['county_dept', 40],
    ]),
    parties: 0,
  },
};

export const TYPE_ALIAS: Alias<MatterType> = weighted(
  (Object.keys(TYPES) as MatterType[]).map((t) => [t, TYPES[t].share] as const),
);

/** 好差评 5 = 非常满意 … 1 = 非常不满意; ≤ 2 reopens the matter. */
export const SATISFACTION: Alias<number> = weighted([
  [5, 60],
  [4, 28],
  [3, 9.2],
  [2, 2],
  [1, 0.8],
]);
