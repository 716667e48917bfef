import type { RegionData } from '@metrodesk/codes';
import { PRIORITIES, REQUEST_CATEGORIES, REQUEST_STATES } from '@metrodesk/contracts';
import { toCsv as tablesToCsv } from '@metrodesk/tables';
import { percentiles, rate, type Figures, type MemberCounts } from './figures';
import type { Range } from './period';
import type { Lang } from './narrative';
import { CATEGORY_WORDS, PRIORITY_WORDS, REQUEST_STATE_WORDS, wordsFor } from './words';


export interface Ratio {
  count: number;
  of: number;
  /** Percent with one decimal; null when nothing was due. */
  rate: number | null;
}

export interface Summary {
  region: { code: string; name: string; nameEn: string; level: 'province' | 'city' };
  period: Range;
  enterprisesServed: number;
  contactPointEnterprisesServed: number;
  keyEnergyUnitsServed: number;
  problemsSolved: number;
  solutionsProvided: number;
  outreachVisits: number;
  /** `proactive`: opened by the bureau for instruments falling due, and their share of all. */
  requests: { total: number; proactive: Ratio; byCategory: Record<string, number>; byStatus: Record<string, number> };
  responseWithin24h: Ratio;
  responseOnTarget: Ratio;
  responseOnTargetBy: { priority: Record<string, Ratio>; category: Record<string, Ratio> };
  resolutionOnTime: Ratio;
  satisfaction: Ratio;
  noAnswer: number;
  byLiaison: LiaisonFigures[];
  responseTime: { p50Minutes: number | null; p90Minutes: number | null; samples: number };
  breaches: { total: number; response: number; resolution: number };
  escalations: { total: number; city: number; province: number };
  training: { sessions: number; peopleTrained: number; passed: number };
  qualificationFiles: { files: number; persons: number; units: number };
}

export interface LiaisonFigures {
  /** null: requests not assigned to anyone. */
  liaisonId: string | null;
  response: Ratio;
  satisfaction: Ratio;
  noAnswer: number;
}

const ratio = (count = 0, of = 0): Ratio => ({ count, of, rate: rate(count, of) });
const ratiosBy = (f: Figures, prefix: string, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, ratio(f.onTargetBy?.[`${prefix}${k}`], f.responseBy?.[`${prefix}${k}`])]));

/** Every liaison with a response sample, a return visit or a "no answer" in the period, by id. */
function liaisonFigures(f: Figures): LiaisonFigures[] {
  const keys = new Set([...Object.keys(f.responseBy ?? {}), ...Object.keys(f.visitsBy ?? {}), ...Object.keys(f.noAnswerBy ?? {})].filter((k) => k.startsWith('l:')));
  return [...keys].sort().map((k) => ({
    liaisonId: k === 'l:' ? null : k.slice(2),
    response: ratio(f.onTargetBy?.[k], f.responseBy?.[k]),
    satisfaction: ratio(f.satisfiedBy?.[k], f.visitsBy?.[k]),
    noAnswer: f.noAnswerBy?.[k] ?? 0,
  }));
}
const complete = (keys: readonly string[], m: Record<string, number> | undefined) => Object.fromEntries(keys.map((k) => [k, m?.[k] ?? 0]));

export function regionOf(regions: RegionData, code: string): Summary['region'] | null {
  if (code === regions.province.code) return { code, name: regions.province.name, nameEn: regions.province.nameEn ?? regions.province.name, level: 'province' };
  const c = regions.cities.find((x) => x.code === code);
  return c ? { code, name: c.name, nameEn: c.nameEn ?? c.name, level: 'city' } : null;
}

/** The service figures read only the service member sets; the programme sets are the programme report's. */
export function buildSummary(region: Summary['region'], period: Range, f: Figures, n: Pick<MemberCounts, 'served' | 'contactPoint' | 'keyEnergy' | 'persons' | 'units'>): Summary {
  const samples = Object.values(f.responseHist ?? {}).reduce((s, x) => s + x, 0);
  const [p50, p90] = percentiles(f.responseHist, [50, 90]) as [number | null, number | null];
  return {
    region,
    period,
    enterprisesServed: n.served,
    contactPointEnterprisesServed: n.contactPoint,
    keyEnergyUnitsServed: n.keyEnergy,
    problemsSolved: f.problemsSolved ?? 0,
    solutionsProvided: f.solutions ?? 0,
    outreachVisits: f.outreach ?? 0,
    requests: { total: f.requests ?? 0, proactive: ratio(f.proactiveRequests, f.requests), byCategory: complete(REQUEST_CATEGORIES, f.byCategory), byStatus: complete(REQUEST_STATES, f.byStatus) },
    responseWithin24h: ratio(f.respondedWithin24h, f.responseDue),
    responseOnTarget: ratio(f.respondedOnTarget, f.responseSamples),
    responseOnTargetBy: { priority: ratiosBy(f, 'p:', PRIORITIES), category: ratiosBy(f, 'c:', REQUEST_CATEGORIES) },
    resolutionOnTime: ratio(f.resolvedOnTime, f.resolutionsTimed),
    satisfaction: ratio(f.satisfied, f.returnVisits),
    noAnswer: f.noAnswer ?? 0,
    byLiaison: liaisonFigures(f),
    responseTime: { p50Minutes: p50, p90Minutes: p90, samples },
    breaches: { total: (f.breachesResponse ?? 0) + (f.breachesResolution ?? 0), response: f.breachesResponse ?? 0, resolution: f.breachesResolution ?? 0 },
    escalations: { total: (f.escalationsCity ?? 0) + (f.escalationsProvince ?? 0), city: f.escalationsCity ?? 0, province: f.escalationsProvince ?? 0 },
    training: { sessions: f.trainingSessions ?? 0, peopleTrained: f.peopleTrained ?? 0, passed: f.trainingPassed ?? 0 },
    qualificationFiles: { files: f.qualificationFiles ?? 0, persons: n.persons, units: n.units },
  };
}


/** Flat rows for CSV and spreadsheet tables: one column per figure. */
/** A column of the report tables: its heading in each language and its value (in words where it is one) for a summary. */
export const TABLE_COLUMNS: { key: string; zh: string; en: string; get: (s: Summary, lang: Lang) => string | number | null }[] = [
  { key: 'regionCode', zh: '地区代码', en: 'Region code', get: (s) => s.region.code },
  { key: 'region', zh: '地区', en: 'Region', get: (s, lang) => (lang === 'en' ? s.region.nameEn : s.region.name) },
  { key: 'from', zh: '起始日期', en: 'From', get: (s) => s.period.from },
  { key: 'to', zh: '截止日期', en: 'To', get: (s) => s.period.to },
  { key: 'enterprisesServed', zh: '服务企业数', en: 'Enterprises served', get: (s) => s.enterprisesServed },
  { key: 'contactPointEnterprisesServed', zh: '服务联系点企业数', en: 'Contact-point enterprises served', get: (s) => s.contactPointEnterprisesServed },
  { key: 'keyEnergyUnitsServed', zh: '服务重点用能单位数', en: 'Key energy-using units served', get: (s) => s.keyEnergyUnitsServed },
  { key: 'problemsSolved', zh: '解决问题数', en: 'Problems solved', get: (s) => s.problemsSolved },
  { key: 'solutionsProvided', zh: '提供解决方案数', en: 'Solutions provided', get: (s) => s.solutionsProvided },
  { key: 'outreachVisits', zh: '走访次数', en: 'Outreach visits', get: (s) => s.outreachVisits },
  { key: 'requests', zh: '服务请求数', en: 'Requests', get: (s) => s.requests.total },
  { key: 'proactiveRequests', zh: '主动服务请求数（器具到期）', en: 'Opened by the bureau (instruments due)', get: (s) => s.requests.proactive.count },
  { key: 'proactiveShare', zh: '主动服务占比(%)', en: 'Opened by the bureau (%)', get: (s) => s.requests.proactive.rate },
  ...REQUEST_CATEGORIES.map((c) => ({ key: `category.${c}`, zh: `类别：${wordsFor(CATEGORY_WORDS, c, 'zh-CN')}`, en: `Category: ${wordsFor(CATEGORY_WORDS, c, 'en')}`, get: (s: Summary) => s.requests.byCategory[c] ?? 0 })),
  ...REQUEST_STATES.map((c) => ({ key: `status.${c}`, zh: `状态：${wordsFor(REQUEST_STATE_WORDS, c, 'zh-CN')}`, en: `Status: ${wordsFor(REQUEST_STATE_WORDS, c, 'en')}`, get: (s: Summary) => s.requests.byStatus[c] ?? 0 })),
  { key: 'responseWithin24hRate', zh: '24小时响应率(%)', en: 'Response within 24h (%)', get: (s) => s.responseWithin24h.rate },
  { key: 'responseOnTargetRate', zh: '按时响应率(%)', en: 'Responded within own target (%)', get: (s) => s.responseOnTarget.rate },
  ...PRIORITIES.map((p) => ({ key: `responseOnTarget.${p}`, zh: `按时响应率：${wordsFor(PRIORITY_WORDS, p, 'zh-CN')}(%)`, en: `Responded within target: ${wordsFor(PRIORITY_WORDS, p, 'en')} (%)`, get: (s: Summary) => s.responseOnTargetBy.priority[p]?.rate ?? null })),
  { key: 'resolutionOnTimeRate', zh: '按时办结率(%)', en: 'Resolution on time (%)', get: (s) => s.resolutionOnTime.rate },
  { key: 'satisfactionRate', zh: '满意率(%)', en: 'Satisfaction (%)', get: (s) => s.satisfaction.rate },
  { key: 'noAnswer', zh: '回访未答复数', en: 'Closed with no answer', get: (s) => s.noAnswer },
  { key: 'responseP50Minutes', zh: '响应时间P50(分钟)', en: 'Response time p50 (min)', get: (s) => s.responseTime.p50Minutes },
  { key: 'responseP90Minutes', zh: '响应时间P90(分钟)', en: 'Response time p90 (min)', get: (s) => s.responseTime.p90Minutes },
  { key: 'breaches', zh: '超时次数', en: 'Breaches', get: (s) => s.breaches.total },
  { key: 'escalations', zh: '升级次数', en: 'Escalations', get: (s) => s.escalations.total },
  { key: 'trainingSessions', zh: '培训场次', en: 'Training sessions', get: (s) => s.training.sessions },
  { key: 'peopleTrained', zh: '培训人数', en: 'People trained', get: (s) => s.training.peopleTrained },
  { key: 'qualificationFiles', zh: '资格建档数', en: 'Qualification files', get: (s) => s.qualificationFiles.files },
  { key: 'qualificationPersons', zh: '建档人数', en: 'Persons on file', get: (s) => s.qualificationFiles.persons },
  { key: 'qualificationUnits', zh: '建档单位数', en: 'Units on file', get: (s) => s.qualificationFiles.units },
];

/** The service's one CSV writer: headings, then rows, through the shared OWASP-escaping writer. */
export function csvTable(headings: string[], rows: (string | number | null)[][]): Buffer {
  return tablesToCsv([headings, ...rows.map((r) => r.map((v) => (v === null ? '' : String(v))))]);
}

/** The CSV file of summary rows, header in the asked language. */
export function toCsv(rows: Summary[], lang: 'zh-CN' | 'en'): Buffer {
  return csvTable(
    TABLE_COLUMNS.map((c) => (lang === 'en' ? c.en : c.zh)),
    rows.map((r) => TABLE_COLUMNS.map((c) => c.get(r, lang))),
  );
}
