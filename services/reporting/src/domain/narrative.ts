import type { Summary } from './report';
import type { Range } from './period';

import type { Lang } from '@metrodesk/contracts';

export { LANGS, type Lang } from '@metrodesk/contracts';

const num = (n: number) => n.toLocaleString('en-US');
/** "1 unit", "2 units": English counts agree with their noun. */
const count = (n: number, one: string, many: string) => `${num(n)} ${n === 1 ? one : many}`;
const ZH_QUARTERS = ['一', '二', '三', '四'];
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function lastDayOf(y: number, m: number) {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

type Shape = { kind: 'year'; y: number } | { kind: 'quarter'; y: number; q: number } | { kind: 'month'; y: number; m: number } | { kind: 'day'; y: number; m: number; d: number } | { kind: 'range' };

function shapeOf({ from, to }: Range): Shape {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  if (from === to) return { kind: 'day', y, m, d };
  if (y !== ty || d !== 1 || td !== lastDayOf(ty, tm)) return { kind: 'range' };
  if (m === 1 && tm === 12) return { kind: 'year', y };
  if (m === tm) return { kind: 'month', y, m };
  if (tm === m + 2 && m % 3 === 1) return { kind: 'quarter', y, q: (m + 2) / 3 };
  return { kind: 'range' };
}

const zhDay = (s: string) => {
  const [y, m, d] = s.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};
const enDay = (s: string) => {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return `${d} ${EN_MONTHS[m - 1]} ${y}`;
};

export function periodLabel(range: Range, lang: Lang): string {
  const s = shapeOf(range);
  if (lang === 'zh-CN') {
    if (s.kind === 'year') return `${s.y}年`;
    if (s.kind === 'quarter') return `${s.y}年第${ZH_QUARTERS[s.q - 1]}季度`;
    if (s.kind === 'month') return `${s.y}年${s.m}月`;
    if (s.kind === 'day') return zhDay(range.from);
    return `${zhDay(range.from)}至${zhDay(range.to)}`;
  }
  if (s.kind === 'year') return `${s.y}`;
  if (s.kind === 'quarter') return `the ${['first', 'second', 'third', 'fourth'][s.q - 1]} quarter of ${s.y}`;
  if (s.kind === 'month') return `${EN_MONTHS[s.m - 1]} ${s.y}`;
  if (s.kind === 'day') return enDay(range.from);
  return `the period from ${enDay(range.from)} to ${enDay(range.to)}`;
}

function duration(minutes: number, lang: Lang): string {
  if (minutes < 60) return lang === 'zh-CN' ? `${minutes}分钟` : `${minutes} minutes`;
  const hours = Math.round((minutes / 60) * 10) / 10;
  return lang === 'zh-CN' ? `${hours}小时` : `${hours} hours`;
}

/**
 * A paragraph in the manner of a bureau's annual work summary (年度工作总结): what was done,
 * then the three rates, then training and qualification work. Clauses whose figure is zero
 * or not known (no request was due, say) are left out rather than printed as 0.
 */
export function narrative(s: Summary, lang: Lang): string {
  const when = periodLabel(s.period, lang);
  if (lang === 'zh-CN') {
    const parts: string[] = [];
    const served = s.enterprisesServed > 0 ? `共服务企业${num(s.enterprisesServed)}家` : '';
    const among = known([[s.contactPointEnterprisesServed, (n) => `联系点企业${n}家`], [s.keyEnergyUnitsServed, (n) => `重点用能单位${n}家`]]);
    const work = known([[s.requests.total, (n) => `受理企业服务诉求${n}件`], [s.problemsSolved, (n) => `解决问题${n}个`], [s.solutionsProvided, (n) => `提供解决方案${n}项`], [s.outreachVisits, (n) => `走访企业${n}次`]]);
    parts.push(`${when}，${s.region.name}计量部门深入开展“计量服务进企业”活动${served ? `，${served}` : ''}${served && among.length > 0 ? `，其中${among.join('、')}` : ''}${work.length > 0 ? `；${work.join('，')}` : ''}。`);
    const rates: string[] = [];
    if (s.responseWithin24h.rate !== null) rates.push(`24小时响应率${s.responseWithin24h.rate}%`);
    if (s.resolutionOnTime.rate !== null) rates.push(`按时办结率${s.resolutionOnTime.rate}%`);
    if (s.satisfaction.rate !== null) rates.push(`满意率${s.satisfaction.rate}%`);
    if (s.responseTime.p50Minutes !== null) rates.push(`响应时间中位数${duration(s.responseTime.p50Minutes, lang)}`);
    if (rates.length > 0) parts.push(`${rates.join('，')}。`);
    const late = known([[s.breaches.total, (n) => `发生超时${n}次`], [s.escalations.total, (n) => `升级处理${n}次`]]);
    if (late.length > 0) parts.push(`${late.join('，')}。`);
    const training = known([[s.training.sessions, (n) => `组织计量培训${n}期`], [s.training.peopleTrained, (n) => `培训${n}人次`]]).join('，');
    const files = s.qualificationFiles.persons > 0 ? `完成资格核准建档${num(s.qualificationFiles.persons)}人${s.qualificationFiles.units > 0 ? `，涉及${num(s.qualificationFiles.units)}家单位` : ''}` : '';
    const people = [training, files].filter(Boolean);
    if (people.length > 0) parts.push(`${people.join('；')}。`);
    return parts.join('');
  }
  const region = s.region.nameEn;
  const sentences: string[] = [];
  const among = known([[s.contactPointEnterprisesServed, () => count(s.contactPointEnterprisesServed, 'contact-point enterprise', 'contact-point enterprises')], [s.keyEnergyUnitsServed, () => count(s.keyEnergyUnitsServed, 'key energy-using unit', 'key energy-using units')]]);
  if (s.enterprisesServed > 0) sentences.push(`In ${when}, the metrology authorities of ${region} served ${count(s.enterprisesServed, 'enterprise', 'enterprises')}${among.length > 0 ? `, including ${joinEn(among)}` : ''}.`);
  const work = known([
    [s.requests.total, () => `handled ${count(s.requests.total, 'service request', 'service requests')}`],
    [s.problemsSolved, () => `solved ${count(s.problemsSolved, 'problem', 'problems')}`],
    [s.solutionsProvided, () => `provided ${count(s.solutionsProvided, 'solution', 'solutions')}`],
    [s.outreachVisits, () => `made ${count(s.outreachVisits, 'outreach visit', 'outreach visits')}`],
  ]);
  if (work.length > 0) sentences.push(s.enterprisesServed > 0 ? `They ${joinEn(work)}.` : `In ${when}, the metrology authorities of ${region} ${joinEn(work)}.`);
  const rates: string[] = [];
  if (s.responseWithin24h.rate !== null) rates.push(`${s.responseWithin24h.rate}% of requests were answered within 24 hours`);
  if (s.resolutionOnTime.rate !== null) rates.push(`${s.resolutionOnTime.rate}% were resolved on time`);
  if (s.satisfaction.rate !== null) rates.push(`satisfaction stood at ${s.satisfaction.rate}%`);
  if (s.responseTime.p50Minutes !== null) rates.push(`the median response time was ${duration(s.responseTime.p50Minutes, lang)}`);
  if (rates.length > 0) sentences.push(`${capitalise(joinEn(rates))}.`);
  const late = known([[s.breaches.total, () => count(s.breaches.total, 'SLA breach', 'SLA breaches')], [s.escalations.total, () => count(s.escalations.total, 'escalation', 'escalations')]]);
  if (late.length > 0) sentences.push(`There ${(s.breaches.total || s.escalations.total) === 1 ? 'was' : 'were'} ${joinEn(late)}.`);
  const sessions = capitalise(count(s.training.sessions, 'training session', 'training sessions'));
  const trained = count(s.training.peopleTrained, 'person', 'people');
  const people: string[] = [];
  if (s.training.sessions > 0 && s.training.peopleTrained > 0) people.push(`${sessions} trained ${trained}`);
  else if (s.training.sessions > 0) people.push(`${sessions} ${s.training.sessions === 1 ? 'was' : 'were'} held`);
  else if (s.training.peopleTrained > 0) people.push(`${capitalise(trained)} ${s.training.peopleTrained === 1 ? 'was' : 'were'} trained`);
  if (s.qualificationFiles.persons > 0) {
    const files = `qualification files were archived for ${count(s.qualificationFiles.persons, 'person', 'people')}${s.qualificationFiles.units > 0 ? ` from ${count(s.qualificationFiles.units, 'unit', 'units')}` : ''}`;
    people.push(people.length > 0 ? `and ${files}` : capitalise(files));
  }
  if (people.length > 0) sentences.push(`${people.join(', ')}.`);
  return sentences.join(' ');
}

/** The clauses whose figure is known and above zero: a report never says "0 visits". */
function known(items: [number, (n: string) => string][]): string[] {
  return items.filter(([n]) => n > 0).map(([n, say]) => say(num(n)));
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
function joinEn(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
