import { ValidationError, type FieldProblem } from '@metrodesk/errors';
import type { RegionData } from './enterprise';

/** Rules the shape check cannot see: unique codes, districts inside their city. */
export function checkRegionData(data: RegionData): RegionData {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  data.cities.forEach((city, i) => {
    if (seen.has(city.code)) problems.push({ path: `cities.${i}.code`, message: `city ${city.code} is listed twice` });
    seen.add(city.code);
    if (city.code.slice(0, 2) !== data.province.code.slice(0, 2)) problems.push({ path: `cities.${i}.code`, message: `city ${city.code} is not in province ${data.province.code}` });
    city.districts.forEach((d, j) => {
      if (d.code.slice(0, 4) !== city.code.slice(0, 4)) problems.push({ path: `cities.${i}.districts.${j}.code`, message: `district ${d.code} is not in city ${city.code}` });
    });
  });
  if (problems.length > 0) throw new ValidationError(problems);
  return data;
}
