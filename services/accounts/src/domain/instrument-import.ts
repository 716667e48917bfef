import { INSTRUMENT_CLASSES, INSTRUMENT_STATUSES, INSTRUMENT_USES, brokenRules, type InstrumentFields } from './instrument';
import { CLASS_WORDS, IMPORT_MESSAGES, INSTRUMENT_SHEET, STATUS_WORDS, USE_WORDS, YES_NO, type Lang, type SheetColumn } from './instrument-words';
import { cellsOf, matchHeader, norm, realDay } from './sheet-spec';

/** One problem of one row, said in the reader's language; `row` counts as a spreadsheet does (the header is row 1). */
export interface RowProblem {
  row: number;
  field: SheetColumn;
  column: string;
  message: string;
}

export interface SheetRow {
  row: number;
  fields: InstrumentFields;
}

/** A code from its code, Chinese or English word. */
function wordToCode<C extends string>(value: string, codes: readonly C[], words: Record<C, Record<Lang, string>>): C | undefined {
  const v = norm(value);
  return codes.find((c) => norm(c) === v || norm(words[c]['zh-CN']) === v || norm(words[c].en) === v);
}

const listOf = (words: Record<string, Record<Lang, string>>, lang: Lang) => Object.values(words).map((w) => w[lang]).join(lang === 'en' ? ', ' : '、');

const YES = ['yes', 'y', 'true', '1', YES_NO.yes['zh-CN']];
const NO = ['no', 'n', 'false', '0', YES_NO.no['zh-CN']];

/** Reads one row into the fields it states, or the problems that stop it, each naming its column. */
export function readSheetRow(cells: Partial<Record<SheetColumn, string>>, row: number, today: string, lang: Lang): { fields?: InstrumentFields; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const say = (field: SheetColumn, message: string) => problems.push({ row, field, column: INSTRUMENT_SHEET.words[field][lang], message });
  const m = (key: keyof typeof IMPORT_MESSAGES) => IMPORT_MESSAGES[key][lang] as (arg?: never) => string;
  const text = (field: SheetColumn): string | null => {
    const v = (cells[field] ?? '').trim();
    if (v === '') {
      if (INSTRUMENT_SHEET.required.includes(field)) say(field, m('required')());
      return null;
    }
    const max = INSTRUMENT_SHEET.maxLength[field];
    if (max !== undefined && v.length > max) say(field, IMPORT_MESSAGES.tooLong[lang](max));
    return v;
  };
  const coded = <C extends string>(field: SheetColumn, codes: readonly C[], words: Record<C, Record<Lang, string>>): C | null => {
    const v = text(field);
    if (v === null) return null;
    const code = wordToCode(v, codes, words);
    if (!code) say(field, IMPORT_MESSAGES.oneOf[lang](listOf(words, lang)));
    return code ?? null;
  };

  const instrumentClass = coded('instrumentClass', INSTRUMENT_CLASSES, CLASS_WORDS);
  const model = text('model');
  const serialNo = text('serialNo');
  const location = text('location');
  const use = coded('use', INSTRUMENT_USES, USE_WORDS);
  const status = coded('status', INSTRUMENT_STATUSES, STATUS_WORDS) ?? 'in_use';
  const certificateNo = text('certificateNo');

  const compulsoryText = norm(cells.compulsory ?? '');
  const compulsory = compulsoryText === '' ? null : YES.includes(compulsoryText) ? true : NO.includes(compulsoryText) ? false : undefined;
  if (compulsory === undefined) say('compulsory', m('yesNo')());

  const monthsText = text('cycleMonths');
  const cycleMonths = monthsText === null ? null : /^\d+$/.test(monthsText) && Number(monthsText) >= 1 && Number(monthsText) <= 120 ? Number(monthsText) : undefined;
  if (cycleMonths === undefined) say('cycleMonths', m('months')());

  const dayText = text('lastVerifiedOn');
  const lastVerifiedOn = dayText === null ? null : realDay(dayText);
  if (dayText !== null && lastVerifiedOn === undefined) say('lastVerifiedOn', m('date')());

  if (use && lastVerifiedOn && compulsory !== undefined) {
    for (const broken of brokenRules({ use, compulsory, lastVerifiedOn }, today)) {
      if (broken.rule === 'future') say('lastVerifiedOn', IMPORT_MESSAGES.future[lang](today));
      else say('compulsory', IMPORT_MESSAGES.notCompulsory[lang](USE_WORDS[use][lang]));
    }
  }
  if (problems.length > 0 || !instrumentClass || !serialNo || !use || !cycleMonths || !lastVerifiedOn || compulsory === undefined) return { problems };
  return { fields: { instrumentClass, model, serialNo, location, use, compulsory, cycleMonths, lastVerifiedOn, certificateNo, status }, problems };
}

const keyOf = (f: Pick<InstrumentFields, 'instrumentClass' | 'serialNo'>) => `${f.instrumentClass}\u0000${f.serialNo}`;

/**
 * Every row of a sheet checked: its own fields, a class and serial number given twice in the
 * file, and one the enterprise already registered. Blank rows are skipped.
 */
export function readSheet(header: string[], rows: string[][], registered: Pick<InstrumentFields, 'instrumentClass' | 'serialNo'>[], today: string, lang: Lang): { rows: SheetRow[]; problems: RowProblem[] } {
  const { index, missing } = matchHeader(INSTRUMENT_SHEET, header);
  if (missing.length > 0) return { rows: [], problems: missing.map((c) => ({ row: 1, field: c, column: INSTRUMENT_SHEET.words[c][lang], message: IMPORT_MESSAGES.missingColumn[lang]() })) };
  const taken = new Set(registered.map(keyOf));
  const seen = new Map<string, number>();
  const good: SheetRow[] = [];
  const problems: RowProblem[] = [];
  rows.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const row = i + 2;
    const read = readSheetRow(cellsOf(INSTRUMENT_SHEET, index, cells), row, today, lang);
    problems.push(...read.problems);
    if (!read.fields) return;
    const key = keyOf(read.fields);
    const say = (message: string) => problems.push({ row, field: 'serialNo', column: INSTRUMENT_SHEET.words.serialNo[lang], message });
    const first = seen.get(key);
    if (first !== undefined) say(IMPORT_MESSAGES.repeated[lang](first));
    else if (taken.has(key)) say(IMPORT_MESSAGES.registered[lang]());
    else {
      seen.set(key, row);
      good.push({ row, fields: read.fields });
    }
  });
  return { rows: good, problems };
}
