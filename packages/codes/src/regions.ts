import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A place in the region data: the province, a city or a district. */
export interface Region {
  code: string;
  name: string;
  nameEn?: string;
}

/** The province, its cities and their districts. */
export interface RegionData {
  province: Region;
  cities: (Region & { districts: Region[] })[];
}

/** The region data Metrodesk ships (Liaoning); a service's REGIONS_FILE names another province's. */
export const DEFAULT_REGIONS_FILE = join(__dirname, '..', 'data', 'regions.json');

export function loadRegions(file: string = DEFAULT_REGIONS_FILE): RegionData {
  const { province, cities } = JSON.parse(readFileSync(file, 'utf8')) as RegionData;
  return { province, cities };
}

/** A region's name in the reader's language (English falls back to the Chinese name); a code the data does not list stays as it is. */
export function regionNames(data: RegionData): (code: string, lang: 'zh-CN' | 'en') => string {
  const byCode = new Map<string, Region>([data.province, ...data.cities].map((r) => [r.code, r]));
  return (code, lang) => {
    const r = byCode.get(code);
    if (!r) return code;
    return lang === 'en' ? (r.nameEn ?? r.name) : r.name;
  };
}
