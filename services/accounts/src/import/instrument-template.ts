import { CLASS_WORDS, INSTRUMENT_SHEET, STATUS_WORDS, USE_WORDS, YES_NO, type Lang, type SheetColumn } from '../domain/instrument-words';
import { templateBook } from './sheet-template';

/** Rows the drop-down lists reach; more rows can be typed, unchecked by Excel, and are checked on import. */
const TEMPLATE_ROWS = 1000;

/**
 * The sheet enterprises fill in: headings in the reader's language, drop-down lists of the
 * words each coded column takes, and a guide sheet saying what each column needs.
 */
export async function instrumentTemplate(lang: Lang): Promise<Buffer> {
  const { wb, sheet } = templateBook(INSTRUMENT_SHEET, lang === 'zh-CN' ? '计量器具' : 'Instruments', lang);
  sheet.columns.forEach((col) => (col.width = 18));
  const choices: Partial<Record<SheetColumn, string[]>> = {
    instrumentClass: Object.values(CLASS_WORDS).map((w) => w[lang]),
    use: Object.values(USE_WORDS).map((w) => w[lang]),
    status: Object.values(STATUS_WORDS).map((w) => w[lang]),
    compulsory: Object.values(YES_NO).map((w) => w[lang]),
  };
  INSTRUMENT_SHEET.columns.forEach((c, i) => {
    const words = choices[c];
    // Excel keeps a list validation as one quoted, comma-separated string; exceljs writes alike cells as one range.
    if (words) for (let row = 2; row <= TEMPLATE_ROWS + 1; row++) sheet.getCell(row, i + 1).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${words.join(',')}"`] };
    // Text, so a serial number keeps its leading zeros; dates stay Excel dates and are read as days.
    if (c === 'serialNo' || c === 'certificateNo') sheet.getColumn(i + 1).numFmt = '@';
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
