import ExcelJS from 'exceljs';
import { regionNames, type RegionData } from '@metrodesk/codes';
import type { Enterprise } from '../domain/enterprise';
import { DATA_COLLECTION_WORDS, REVIEW_SHEET, SIGNING_SHEET } from '../domain/records-sheet';
import { YES_NO, type Lang } from '../domain/instrument-words';
import type { SheetSpec } from '../domain/sheet-spec';
import { templateBook } from './sheet-template';

/** A city's name in the reader's language (its code only when the region data lack it). */
function cityNamer(regions: RegionData, lang: Lang): (code: string) => string {
  const name = regionNames(regions);
  return (code) => name(code, lang);
}

function bookWith(sheets: { name: string; header: string[]; rows: (string | number)[][] }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const sheet = wb.addWorksheet(s.name);
    sheet.addRow(s.header);
    sheet.getRow(1).font = { bold: true };
    // Text cells: an 18-character USCC must not become a number.
    sheet.addRows(s.rows);
    sheet.columns.forEach((col) => (col.width = 20));
  }
  return wb.xlsx.writeBuffer().then((b) => Buffer.from(b));
}

const words = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const H = {
  enterprise: words('企业名称', 'Enterprise'),
  uscc: words('统一社会信用代码', 'USCC'),
  city: words('城市', 'City'),
  signedOn: words('签署日期', 'Signed on'),
  standing: words('承诺有效', 'Standing'),
  withdrawnOn: words('撤回日期', 'Withdrawn on'),
  document: words('承诺书', 'Document'),
  year: words('年度', 'Year'),
  namedBy: words('命名单位', 'Named by'),
  namedOn: words('命名日期', 'Named on'),
  reviewDate: words('审查日期', 'Review date'),
  reviewers: words('审查人员', 'Reviewers'),
  instrumentsReviewed: words('审查器具数', 'Instruments reviewed'),
  findings: words('审查发现', 'Findings'),
  followUps: words('跟进服务请求数', 'Follow-up requests'),
  collection: words('能源数据采集方式', 'Energy data collection'),
  since: words('起始日期', 'Since'),
};

/** Signings (with withdrawals) and demonstration namings, enterprises by name and USCC, in the reader's language. */
export function integritySheet(enterprises: Enterprise[], regions: RegionData, lang: Lang): Promise<Buffer> {
  const zh = lang === 'zh-CN';
  const city = cityNamer(regions, lang);
  const who = (e: Enterprise) => [zh ? e.name : (e.nameEn ?? e.name), e.uscc, city(e.cityCode)];
  const namer = (n: Enterprise['records']['demonstrations'][number]['namedBy']) =>
    n === null ? (zh ? '（手工标记）' : '(flagged by hand)') : n.kind === 'province' ? (zh ? '省局' : 'Province') : city(n.code);
  return bookWith([
    {
      name: zh ? '诚信计量承诺' : 'Integrity commitments',
      header: [H.enterprise, H.uscc, H.city, H.signedOn, H.standing, H.withdrawnOn, H.document].map((h) => h[lang]),
      rows: enterprises.flatMap((e) => e.records.commitments.map((c) => [...who(e), c.signedOn, YES_NO[c.withdrawnOn ? 'no' : 'yes'][lang], c.withdrawnOn ?? '', c.document?.name ?? ''])),
    },
    {
      name: zh ? '示范单位' : 'Demonstration units',
      header: [H.enterprise, H.uscc, H.city, H.year, H.namedBy, H.namedOn].map((h) => h[lang]),
      rows: enterprises.flatMap((e) => e.records.demonstrations.map((d) => [...who(e), d.year, namer(d.namedBy), d.namedOn])),
    },
  ]);
}

/** Energy-metrology reviews and each unit's data collection history, in the reader's language. */
export function energySheet(enterprises: Enterprise[], regions: RegionData, lang: Lang): Promise<Buffer> {
  const zh = lang === 'zh-CN';
  const city = cityNamer(regions, lang);
  const who = (e: Enterprise) => [zh ? e.name : (e.nameEn ?? e.name), e.uscc, city(e.cityCode)];
  return bookWith([
    {
      name: zh ? '能源计量审查' : 'Energy reviews',
      header: [H.enterprise, H.uscc, H.city, H.reviewDate, H.reviewers, H.instrumentsReviewed, H.findings, H.followUps].map((h) => h[lang]),
      rows: enterprises.flatMap((e) => e.records.energyReviews.map((r) => [...who(e), r.date, r.reviewers.join(zh ? '、' : ', '), r.instrumentsReviewed, r.findings ?? '', r.followUpRequestIds.length])),
    },
    {
      name: zh ? '能源数据采集' : 'Data collection',
      header: [H.enterprise, H.uscc, H.city, H.collection, H.since].map((h) => h[lang]),
      rows: enterprises.flatMap((e) => e.records.dataCollection.map((d) => [...who(e), DATA_COLLECTION_WORDS[d.status][lang], d.since])),
    },
  ]);
}

async function template<C extends string>(spec: SheetSpec<C>, title: Record<Lang, string>, lang: Lang): Promise<Buffer> {
  const { wb, sheet } = templateBook(spec, title[lang], lang);
  sheet.columns.forEach((col) => (col.width = 22));
  // Text: an 18-character USCC must not become a number.
  sheet.getColumn(1).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const signingTemplate = (lang: Lang) => template(SIGNING_SHEET, words('诚信计量承诺签署', 'Integrity signings'), lang);
export const reviewTemplate = (lang: Lang) => template(REVIEW_SHEET, words('能源计量审查', 'Energy reviews'), lang);
