import type { Lang } from './narrative';
import { periodLabel } from './narrative';
import type { Range } from './period';
import type { Summary } from './report';
import { PROGRAMMES, type CampaignFigures, type Programme, type ProgrammeFigures, type VenueKind } from './programme-records';

/** One region's figures for the summary: its programme records and its service figures (产业计量). */
export interface RegionFigures {
  region: Summary['region'];
  programmes: ProgrammeFigures;
  service: Summary;
}

export interface SummarySection {
  programme: Programme;
  heading: string;
  paragraphs: string[];
}

export interface AnnualSummary {
  lang: Lang;
  title: string;
  sections: SummarySection[];
}

const PROGRAMME_WORDS: Record<Programme, Record<Lang, string>> = {
  scientific: { 'zh-CN': '科学计量', en: 'Scientific metrology' },
  livelihood: { 'zh-CN': '民生计量', en: 'Metrology for livelihoods' },
  integrity: { 'zh-CN': '诚信计量', en: 'Integrity metrology' },
  energy: { 'zh-CN': '能源计量', en: 'Energy metrology' },
  industry: { 'zh-CN': '产业计量', en: 'Industrial metrology' },
};
const ZH_NUMERALS = ['一', '二', '三', '四', '五'];
const VENUE_ZH: Record<VenueKind, [string, string]> = {
  market: ['集贸市场', '个'], supermarket: ['商场超市', '家'], catering: ['餐饮单位', '家'], hospital: ['医院', '家'], school: ['学校', '所'], community: ['社区', '个'], enterprise: ['企业', '家'], other: ['其他场所', '个'],
};
const VENUE_EN: Record<VenueKind, [string, string]> = {
  market: ['market', 'markets'], supermarket: ['supermarket', 'supermarkets'], catering: ['catering business', 'catering businesses'], hospital: ['hospital', 'hospitals'],
  school: ['school', 'schools'], community: ['community', 'communities'], enterprise: ['enterprise', 'enterprises'], other: ['other venue', 'other venues'],
};

const num = (n: number) => n.toLocaleString('en-US');
const en = (n: number, one: string, many: string) => `${num(n)} ${n === 1 ? one : many}`;
/** Only the clauses whose figure is above zero: a summary never prints 0. */
const some = (items: [number, (n: string, raw: number) => string][]) => items.filter(([n]) => n > 0).map(([n, say]) => say(num(n), n));
const joinEn = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Who did it: the province as a whole (全省), a city's bureau (铁岭市局). */
function actor(r: Summary['region'], lang: Lang): string {
  if (lang === 'zh-CN') return r.level === 'province' ? '全省' : `${r.name}局`;
  return r.level === 'province' ? `the bureaus across ${r.nameEn}` : `${r.nameEn} City Bureau`;
}

function campaignClauses(c: CampaignFigures, lang: Lang): string[] {
  const venues = (Object.entries(c.venues) as [VenueKind, number][]).filter(([, n]) => n > 0);
  if (lang === 'zh-CN') {
    return [
      ...(venues.length > 0 ? [`检查${venues.map(([k, n]) => `${VENUE_ZH[k][0]}${num(n)}${VENUE_ZH[k][1]}`).join('、')}`] : []),
      ...some([
        [c.enterprisesServed, (n) => `走访服务企业${n}家`],
        [c.instrumentsChecked, (n) => `检查计量器具${n}台件`],
        [c.instrumentsVerifiedFree, (n) => `免费检定计量器具${n}台件`],
        [c.peopleServed, (n) => `服务群众${n}人次`],
        [c.problemsFound, (n) => `发现问题${n}个`],
        [c.requestsOpened, (n) => `转为服务诉求${n}件`],
        [c.mediaReports, (n) => `媒体报道${n}次`],
      ]),
    ];
  }
  return [
    ...(venues.length > 0 ? [`visited ${joinEn(venues.map(([k, n]) => en(n, ...VENUE_EN[k])))}`] : []),
    ...some([
      [c.enterprisesServed, (_, n) => `served ${en(n, 'enterprise', 'enterprises')} on outreach visits`],
      [c.instrumentsChecked, (_, n) => `checked ${en(n, 'instrument', 'instruments')}`],
      [c.instrumentsVerifiedFree, (_, n) => `verified ${en(n, 'instrument', 'instruments')} free of charge`],
      [c.peopleServed, (_, n) => `served ${en(n, 'person', 'people')}`],
      [c.problemsFound, (_, n) => `found ${en(n, 'problem', 'problems')}`],
      [c.requestsOpened, (_, n) => `opened ${en(n, 'service request', 'service requests')} from them`],
      [c.mediaReports, (_, n) => `drew ${en(n, 'media report', 'media reports')}`],
    ]),
  ];
}

function integrityClauses(f: RegionFigures, lang: Lang): string[] {
  const i = f.programmes.integrity;
  if (lang === 'zh-CN') return some([[i.commitmentsSigned, (n) => `推动${n}家企业签署诚信计量自我承诺`], [i.demonstrationUnits, (n) => `命名诚信计量示范单位${n}家`], [i.commitmentsWithdrawn, (n) => `${n}家企业撤回承诺`]]);
  return some([
    [i.commitmentsSigned, (_, n) => `had ${en(n, 'enterprise', 'enterprises')} sign the integrity-metrology commitment`],
    [i.demonstrationUnits, (_, n) => `named ${en(n, 'integrity demonstration unit', 'integrity demonstration units')}`],
    [i.commitmentsWithdrawn, (_, n) => `recorded ${en(n, 'withdrawal', 'withdrawals')}`],
  ]);
}

function energyClauses(f: RegionFigures, lang: Lang): string[] {
  const e = f.programmes.energy;
  if (lang === 'zh-CN') {
    return some([
      [e.unitsReviewed, (n) => `对${n}家重点用能单位开展能源计量审查`],
      [e.instrumentsReviewed, (n) => `审查计量器具${n}台件`],
      [e.followUpRequests, (n) => `跟进服务诉求${n}件`],
      [e.dataRealtime, (n) => `${n}家单位能源数据实时上传`],
      [e.dataManual, (n) => `${n}家单位手工报送`],
    ]);
  }
  return some([
    [e.unitsReviewed, (_, n) => `reviewed the energy metrology of ${en(n, 'key energy-using unit', 'key energy-using units')}`],
    [e.instrumentsReviewed, (_, n) => `examined ${en(n, 'instrument', 'instruments')}`],
    [e.followUpRequests, (_, n) => `followed up with ${en(n, 'service request', 'service requests')}`],
    [e.dataRealtime, (_, n) => `had ${en(n, 'unit', 'units')} uploading energy data in real time`],
    [e.dataManual, (_, n) => `had ${en(n, 'unit', 'units')} reporting them by hand`],
  ]);
}

function industryClauses(f: RegionFigures, lang: Lang): string[] {
  const s = f.service;
  if (lang === 'zh-CN') {
    const solutions = s.solutionsProvided > 0 ? `${s.contactPointEnterprisesServed > 0 ? `针对${num(s.contactPointEnterprisesServed)}家联系点企业` : ''}提供检定校准、测试解决方案${num(s.solutionsProvided)}个` : '';
    return [
      ...some([[s.enterprisesServed, (n) => `服务企业${n}家`], [s.problemsSolved, (n) => `解决问题${n}个`]]),
      ...(solutions ? [solutions] : some([[s.contactPointEnterprisesServed, (n) => `服务联系点企业${n}家`]])),
      ...some([[s.training.peopleTrained, (n) => `培训企业计量管理和技术人员${n}人`], [s.qualificationFiles.persons, (n) => `完成资格核准建档${n}人`]]),
    ];
  }
  const solutions = s.solutionsProvided > 0 ? `provided ${en(s.solutionsProvided, 'verification, calibration or testing solution', 'verification, calibration and testing solutions')}${s.contactPointEnterprisesServed > 0 ? ` to ${en(s.contactPointEnterprisesServed, 'contact-point enterprise', 'contact-point enterprises')}` : ''}` : '';
  return [
    ...some([[s.enterprisesServed, (_, n) => `served ${en(n, 'enterprise', 'enterprises')}`], [s.problemsSolved, (_, n) => `solved ${en(n, 'problem', 'problems')}`]]),
    ...(solutions ? [solutions] : some([[s.contactPointEnterprisesServed, (_, n) => `served ${en(n, 'contact-point enterprise', 'contact-point enterprises')}`]])),
    ...some([[s.training.peopleTrained, (_, n) => `trained ${en(n, 'metrology manager or technician', 'metrology managers and technicians')}`], [s.qualificationFiles.persons, (_, n) => `archived qualification files for ${en(n, 'person', 'people')}`]]),
  ];
}

function clausesOf(p: Programme, f: RegionFigures, lang: Lang): string[] {
  const c = f.programmes.campaigns[p];
  if (p === 'integrity') return [...integrityClauses(f, lang), ...campaignClauses(c, lang)];
  if (p === 'energy') return [...energyClauses(f, lang), ...campaignClauses(c, lang)];
  // The service figures' enterprises served already count every outreach visit's enterprise.
  if (p === 'industry') return [...industryClauses(f, lang), ...benefitClauses(f, lang), ...campaignClauses({ ...c, enterprisesServed: 0 }, lang)];
  if (p === 'livelihood') return [...campaignClauses(c, lang), ...freeVisitClauses(f, lang)];
  return campaignClauses(c, lang);
}

/** What the service requests brought the enterprises, and the commendations the bureau received. */
function benefitClauses(f: RegionFigures, lang: Lang): string[] {
  const b = f.programmes.benefits;
  if (lang === 'zh-CN') return some([[b.amountYuan, (n) => `为企业创造经济效益${n}元`], [b.banners, (n) => `收到企业赠送锦旗${n}面`], [b.letters, (n) => `感谢信${n}封`]]);
  return some([
    [b.amountYuan, (n) => `brought enterprises benefits of ¥${n}`],
    [b.banners, (_, n) => `received ${en(n, 'silk banner', 'silk banners')} from enterprises`],
    [b.letters, (_, n) => `received ${en(n, 'letter of thanks', 'letters of thanks')}`],
  ]);
}

/** Free verification on service requests' visits belongs with 强计量 惠民生's free verification. */
function freeVisitClauses(f: RegionFigures, lang: Lang): string[] {
  const v = f.programmes.visits;
  if (lang === 'zh-CN') return some([[v.instrumentsVerifiedFree, (n) => `上门服务企业免费检定计量器具${n}台件`]]);
  return some([[v.instrumentsVerifiedFree, (_, n) => `verified ${en(n, 'instrument', 'instruments')} free of charge on service visits to enterprises`]]);
}

/** How much a region did under a programme, to rank the cities' results. */
function weight(p: Programme, f: RegionFigures): number {
  const c = f.programmes.campaigns[p];
  const base = c.instrumentsChecked + c.peopleServed + c.instrumentsVerifiedFree + c.enterprisesServed;
  if (p === 'integrity') return f.programmes.integrity.commitmentsSigned + f.programmes.integrity.demonstrationUnits + base;
  if (p === 'energy') return f.programmes.energy.unitsReviewed + f.programmes.energy.instrumentsReviewed + base;
  if (p === 'industry') return f.service.enterprisesServed + f.service.solutionsProvided + f.service.training.peopleTrained + base;
  if (p === 'livelihood') return base + f.programmes.visits.instrumentsVerifiedFree;
  return base;
}

function sentence(subject: string, clauses: string[], lang: Lang, lead = ''): string {
  if (lang === 'zh-CN') return `${lead}${subject}${clauses.join('，')}。`;
  return `${lead}${capitalise(subject)} ${joinEn(clauses)}.`;
}

/** The campaigns that opened a programme's section: “公平计量进市场”、“强计量 惠民生”. */
function campaignLead(c: CampaignFigures, lang: Lang): string {
  if (c.campaigns === 0) return '';
  const named = c.campaignNames.slice(0, 3);
  if (lang === 'zh-CN') return `开展${named.map((n) => `“${n}”`).join('、')}${c.campaigns > named.length ? '等' : ''}专项活动${num(c.campaigns)}项。`;
  const quoted = joinEn(named.map((n) => `“${n}”`));
  if (c.campaigns === 1) return `The campaign ${quoted} ran.`;
  return `${en(c.campaigns, 'campaign', 'campaigns')} ran${c.campaigns > named.length ? ', among them' : ':'} ${quoted}.`;
}

/** Cities named in a section: those with any result, most first; at most this many. */
export const NOTABLE_CITIES = 5;

/**
 * The annual work summary (年度计量工作总结) in the manner of the bureau's own: one section per
 * programme that has anything to report, opening with the region's figures and then naming the
 * cities' notable results. Figures that are zero are left out; a programme with none is left out.
 */
export function annualSummary(whole: RegionFigures, cities: RegionFigures[], range: Range, lang: Lang): AnnualSummary {
  const when = periodLabel(range, lang);
  const title = lang === 'zh-CN' ? `${whole.region.name}${when}计量工作总结` : `${whole.region.nameEn}: metrology work summary for ${when}`;
  const sections: SummarySection[] = [];
  for (const p of PROGRAMMES) {
    const opening = clausesOf(p, whole, lang);
    if (opening.length === 0) continue;
    const n = sections.length + 1;
    const heading = lang === 'zh-CN' ? `${ZH_NUMERALS[n - 1]}、${PROGRAMME_WORDS[p]['zh-CN']}` : `${n}. ${PROGRAMME_WORDS[p].en}`;
    const lead = campaignLead(whole.programmes.campaigns[p], lang);
    const paragraphs = [lang === 'zh-CN' ? sentence(actor(whole.region, lang), opening, lang, `${when}，${lead}`) : `${sentence(`in ${when}, ${actor(whole.region, lang)}`, opening, lang)}${lead ? ` ${lead}` : ''}`];
    const notable = cities
      .map((c) => ({ c, clauses: clausesOf(p, c, lang), w: weight(p, c) }))
      .filter((x) => x.clauses.length > 0)
      .sort((a, b) => b.w - a.w || a.c.region.code.localeCompare(b.c.region.code))
      .slice(0, NOTABLE_CITIES);
    if (notable.length > 0) paragraphs.push(notable.map((x) => sentence(actor(x.c.region, lang), x.clauses, lang)).join(lang === 'zh-CN' ? '' : ' '));
    sections.push({ programme: p, heading, paragraphs });
  }
  return { lang, title, sections };
}

/** The summary as plain text: title, then each heading and its paragraphs. */
export function summaryText(s: AnnualSummary): string {
  return [s.title, ...s.sections.flatMap((x) => [x.heading, ...x.paragraphs])].join('\n');
}
