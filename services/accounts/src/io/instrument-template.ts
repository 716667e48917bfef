import ExcelJS from 'exceljs';
import { CLASS_WORDS, COLUMN_WORDS, REQUIRED_COLUMNS, SHEET_COLUMNS, STATUS_WORDS, USE_WORDS, YES_NO, columnHelp, type Lang } from '../domain/instrument-words';

/** Rows the drop-down lists reach; more rows can be typed, unchecked by Excel, and are checked on import. */
const TEMPLATE_ROWS = 1000;

/**
 * The sheet enterprises fill in: headings in the reader's language, drop-down lists of the
 * words each coded column takes, and a guide sheet saying what each column needs.
 */
export async function instrumentTemplate(lang: Lang): Promise<Buffer> {
  const zh = lang === 'zh-CN';
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet(zh ? '计量器具' : 'Instruments');
  sheet.addRow(SHEET_COLUMNS.map((c) => COLUMN_WORDS[c][lang]));
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((col) => (col.width = 18));
  const choices: Partial<Record<(typeof SHEET_COLUMNS)[number], string[]>> = {
    instrumentClass: Object.values(CLASS_WORDS).map((w) => w[lang]),
    use: Object.values(USE_WORDS).map((w) => w[lang]),
    status: Object.values(STATUS_WORDS).map((w) => w[lang]),
    compulsory: Object.values(YES_NO).map((w) => w[lang]),
  };
  SHEET_COLUMNS.forEach((c, i) => {
    const words = choices[c];
    // Excel keeps a list validation as one quoted, comma-separated string; exceljs writes alike cells as one range.
    if (words) for (let row = 2; row <= TEMPLATE_ROWS + 1; row++) sheet.getCell(row, i + 1).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${words.join(',')}"`] };
    // Text, so a serial number keeps its leading zeros; dates stay Excel dates and are read as days.
    if (c === 'serialNo' || c === 'certificateNo') sheet.getColumn(i + 1).numFmt = '@';
  });
  const guide = wb.addWorksheet(zh ? '填写说明' : 'Guide');
  guide.addRow(zh ? ['列', '必填', '填写'] : ['Column', 'Required', 'What to enter']);
  guide.getRow(1).font = { bold: true };
  for (const c of SHEET_COLUMNS) guide.addRow([COLUMN_WORDS[c][lang], REQUIRED_COLUMNS.includes(c) ? YES_NO.yes[lang] : YES_NO.no[lang], columnHelp(c, lang)]);
  guide.getColumn(1).width = 20;
  guide.getColumn(3).width = 90;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
