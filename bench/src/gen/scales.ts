// Sizes of the three generated scales (DOMAIN.md §7, seeds/003: 景德镇).
// A city is 景德镇: 4 county-level units, 53 乡镇(街道), 663 村(社区), 3,082 grids, 721 centers
// (1 + 4 + 53 + 663), ≈20,000 grid staff and 206,900 grid events a year. A province is 30 such
// cities (≈ the "30 times" of the issue).

export type ScaleName = 'county' | 'city' | 'province';

export interface Scale {
  name: ScaleName;
  cities: number;
  /** County-level units per city; the county scale generates one. */
  countiesPerCity: number;
  townshipsPerCity: number;
  villagesPerCity: number;
  gridsPerCity: number;
  /** Matters registered per city per year (all types; grid events ≈ 82 %). */
  mattersPerCityYear: number;
  /** How many years back from the anchor matters are spread over. */
  years: number;
}

const CITY = {
  countiesPerCity: 4,
  townshipsPerCity: 53,
  villagesPerCity: 663,
  gridsPerCity: 3082,
  mattersPerCityYear: 206_900,
} as const;

export const SCALES: Record<ScaleName, Scale> = {
  // one of the city's four counties: ≈13 townships, ≈166 villages, ≈770 grids, ≈52 k matters/yr
  county: {
    name: 'county',
    cities: 1,
    countiesPerCity: 1,
    townshipsPerCity: 13,
    villagesPerCity: 166,
    gridsPerCity: 771,
    mattersPerCityYear: Math.round(CITY.mattersPerCityYear / 4),
    years: 5,
  },
  // 5 years of one city: ≈1.03 M matters (the "1M" worklist point)
  city: { name: 'city', cities: 1, ...CITY, years: 5 },
  // 30 cities for 1.6 years: ≈9.9 M matters (the "10M" point)
  province: { name: 'province', cities: 30, ...CITY, years: 1.6 },
};

export function expectedMatters(s: Scale): number {
  return Math.round(s.cities * s.mattersPerCityYear * s.years);
}
