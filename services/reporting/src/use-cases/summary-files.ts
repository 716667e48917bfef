import ExcelJS from 'exceljs';
import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import type { Lang } from '../domain/narrative';
import type { AnnualSummary } from '../domain/annual-summary';
import { PROGRAMMES, VENUE_KINDS, type ProgrammeFigures } from '../domain/programme-records';
import type { ProgrammeReport } from './programme-report';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The summary as a Word document: the title, each programme's heading and its paragraphs. */
export async function summaryDocx(s: AnnualSummary): Promise<Buffer> {
  const doc = new Document({
    title: s.title,
    sections: [
      {
        children: [
          new Paragraph({ text: s.title, heading: HeadingLevel.TITLE }),
          ...s.sections.flatMap((x) => [new Paragraph({ text: x.heading, heading: HeadingLevel.HEADING_1 }), ...x.paragraphs.map((p) => new Paragraph({ text: p }))]),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const VENUE_WORDS: Record<(typeof VENUE_KINDS)[number], Record<Lang, string>> = {
  market: { 'zh-CN': '集贸市场', en: 'Markets' },
  supermarket: { 'zh-CN': '商场超市', en: 'Supermarkets' },
  catering: { 'zh-CN': '餐饮', en: 'Catering' },
  hospital: { 'zh-CN': '医院', en: 'Hospitals' },
  school: { 'zh-CN': '学校', en: 'Schools' },
  community: { 'zh-CN': '社区', en: 'Communities' },
  enterprise: { 'zh-CN': '企业', en: 'Enterprises' },
  other: { 'zh-CN': '其他场所', en: 'Other venues' },
};
const PROGRAMME_WORDS: Record<(typeof PROGRAMMES)[number], Record<Lang, string>> = {
  scientific: { 'zh-CN': '科学计量', en: 'Scientific metrology' },
  livelihood: { 'zh-CN': '民生计量', en: 'Metrology for livelihoods' },
  integrity: { 'zh-CN': '诚信计量', en: 'Integrity metrology' },
  energy: { 'zh-CN': '能源计量', en: 'Energy metrology' },
  industry: { 'zh-CN': '产业计量', en: 'Industrial metrology' },
};

/** One table column: its heading in both languages and how to read it from a region's figures. */
const COLUMNS: { zh: string; en: string; get: (f: ProgrammeFigures) => number }[] = [
  ...PROGRAMMES.flatMap((p) => [
    { zh: `${PROGRAMME_WORDS[p]['zh-CN']}专项活动`, en: `${PROGRAMME_WORDS[p].en}: campaigns`, get: (f: ProgrammeFigures) => f.campaigns[p].campaigns },
    { zh: `${PROGRAMME_WORDS[p]['zh-CN']}活动次数`, en: `${PROGRAMME_WORDS[p].en}: activities`, get: (f: ProgrammeFigures) => f.campaigns[p].activities },
    ...VENUE_KINDS.map((k) => ({ zh: `${PROGRAMME_WORDS[p]['zh-CN']}检查${VENUE_WORDS[k]['zh-CN']}`, en: `${PROGRAMME_WORDS[p].en}: ${VENUE_WORDS[k].en.toLowerCase()}`, get: (f: ProgrammeFigures) => f.campaigns[p].venues[k] })),
    { zh: `${PROGRAMME_WORDS[p]['zh-CN']}走访企业次数`, en: `${PROGRAMME_WORDS[p].en}: outreach visits`, get: (f: ProgrammeFigures) => f.campaigns[p].outreachVisits },
    { zh: `${PROGRAMME_WORDS[p]['zh-CN']}走访服务企业`, en: `${PROGRAMME_WORDS[p].en}: enterprises served`, get: (f: ProgrammeFigures) => f.campaigns[p].enterprisesServed },
    { zh: `${PROGRAMME_WORDS[p]['zh-CN']}检查计量器具`, en: `${PROGRAMME_WORDS[p].en}: instruments checked`, get: (f: ProgrammeFigures) => f.campaigns[p].instrumentsChecked },
    { zh: `${PROGRAMME_WORDS[p]['zh-CN']}免费检定`, en: `${PROGRAMME_WORDS[p].en}: verified free of charge`, get: (f: ProgrammeFigures) => f.campaigns[p].instrumentsVerifiedFree },
    { zh: `${PROGRAMME_WORDS[p]['zh-CN']}服务人次`, en: `${PROGRAMME_WORDS[p].en}: people served`, get: (f: ProgrammeFigures) => f.campaigns[p].peopleServed },
    { zh: `${PROGRAMME_WORDS[p]['zh-CN']}发现问题`, en: `${PROGRAMME_WORDS[p].en}: problems found`, get: (f: ProgrammeFigures) => f.campaigns[p].problemsFound },
    { zh: `${PROGRAMME_WORDS[p]['zh-CN']}转服务诉求`, en: `${PROGRAMME_WORDS[p].en}: service requests opened`, get: (f: ProgrammeFigures) => f.campaigns[p].requestsOpened },
    { zh: `${PROGRAMME_WORDS[p]['zh-CN']}媒体报道`, en: `${PROGRAMME_WORDS[p].en}: media reports`, get: (f: ProgrammeFigures) => f.campaigns[p].mediaReports },
  ]),
  { zh: '上门检定服务次数', en: 'Verification visits on service requests', get: (f) => f.visits.visitsCompleted },
  { zh: '上门检定计量器具', en: 'Instruments verified on service visits', get: (f) => f.visits.instrumentsVerified },
  { zh: '免费上门检定次数', en: 'Service visits free of charge', get: (f) => f.visits.freeVisits },
  { zh: '上门免费检定计量器具', en: 'Instruments verified free of charge on service visits', get: (f) => f.visits.instrumentsVerifiedFree },
  { zh: '服务诉求带来效益', en: 'Service requests with a benefit recorded', get: (f) => f.benefits.requestsWithBenefit },
  { zh: '为企业创造经济效益（元）', en: 'Benefit to enterprises (yuan)', get: (f) => f.benefits.amountYuan },
  { zh: '收到锦旗', en: 'Silk banners received', get: (f) => f.benefits.banners },
  { zh: '收到感谢信', en: 'Letters of thanks received', get: (f) => f.benefits.letters },
  { zh: '签署诚信计量承诺', en: 'Integrity commitments signed', get: (f) => f.integrity.commitmentsSigned },
  { zh: '撤回承诺', en: 'Commitments withdrawn', get: (f) => f.integrity.commitmentsWithdrawn },
  { zh: '诚信计量示范单位', en: 'Integrity demonstration units', get: (f) => f.integrity.demonstrationUnits },
  { zh: '能源计量审查单位', en: 'Key energy-using units reviewed', get: (f) => f.energy.unitsReviewed },
  { zh: '能源计量审查次数', en: 'Energy reviews', get: (f) => f.energy.reviews },
  { zh: '审查计量器具', en: 'Instruments reviewed', get: (f) => f.energy.instrumentsReviewed },
  { zh: '审查跟进服务诉求', en: 'Follow-up service requests', get: (f) => f.energy.followUpRequests },
  { zh: '能源数据实时上传单位', en: 'Units uploading energy data in real time', get: (f) => f.energy.dataRealtime },
  { zh: '能源数据手工报送单位', en: 'Units reporting energy data by hand', get: (f) => f.energy.dataManual },
];

/** The programme figures as a table: one row per region (the whole first, then its cities), in words. */
export async function programmeXlsx(report: ProgrammeReport, lang: Lang): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(lang === 'zh-CN' ? '计量工作' : 'Programmes', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  sheet.addRow([lang === 'zh-CN' ? '地区' : 'Region', ...COLUMNS.map((c) => (lang === 'zh-CN' ? c.zh : c.en))]).font = { bold: true };
  for (const r of [{ region: report.region, figures: report.figures }, ...report.cities]) {
    sheet.addRow([lang === 'zh-CN' ? r.region.name : r.region.nameEn, ...COLUMNS.map((c) => c.get(r.figures))]);
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
