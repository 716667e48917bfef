import { ValidationError, type FieldProblem } from '@metrodesk/errors';
import { ENTERPRISE_SIZES, FLAG_NAMES, validateEnterpriseIdentity, type Flags, type RegionData } from './enterprise';
import { normalizeTags, type EnterpriseFields } from './changes';

/**
 * The columns of an import or export file. Exports write the English names; imports also
 * take the Chinese headings the bureaus' own spreadsheets use. Unknown columns are ignored,
 * so an exported file (with id, status, version) imports back unchanged.
 */
export const TABLE_COLUMNS = [
  'uscc', 'name', 'nameEn', 'cityCode', 'districtCode', 'address', 'industry', 'size', 'tags',
  'contactPoint', 'keyEnergyUnit', 'integrityCommitment', 'integrityCommitmentSignedOn', 'integrityDemonstration',
] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];
export const REQUIRED_COLUMNS: TableColumn[] = ['uscc', 'name', 'cityCode'];

const ALIASES: Record<string, TableColumn> = {
  统一社会信用代码: 'uscc', 企业名称: 'name', 英文名称: 'nameEn', 城市代码: 'cityCode', 区县代码: 'districtCode', 地址: 'address',
  行业: 'industry', 规模: 'size', 标签: 'tags', 联系点企业: 'contactPoint', 重点用能单位: 'keyEnergyUnit',
  诚信计量自我承诺: 'integrityCommitment', 承诺签署日期: 'integrityCommitmentSignedOn', 示范单位: 'integrityDemonstration',
};

/** Maps a header row to column names; throws when a required column is missing. */
export function mapHeader(header: string[]): (TableColumn | null)[] {
  const mapped = header.map((h) => {
    const name = h.trim();
    return (TABLE_COLUMNS as readonly string[]).includes(name) ? (name as TableColumn) : (ALIASES[name] ?? null);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !mapped.includes(c));
  if (missing.length > 0) throw new ValidationError(missing.map((c) => ({ path: `header.${c}`, message: `the file has no ${c} column` })), 'The file lacks required columns.');
  return mapped;
}

const TRUE = new Set(['true', '1', 'yes', 'y', '是', '√']);
const FALSE = new Set(['false', '0', 'no', 'n', '否', '']);
const TAG_SEPARATOR = /[;；,，|]/;

export interface ImportRow {
  uscc: string;
  fields: Partial<EnterpriseFields> & Pick<EnterpriseFields, 'name' | 'cityCode'>;
  flags: Partial<Flags>;
}

/** Turns one data row into enterprise fields, or throws every problem of the row at once. */
export function parseImportRow(columns: (TableColumn | null)[], cells: string[], regions: RegionData): ImportRow {
  const raw: Partial<Record<TableColumn, string>> = {};
  columns.forEach((c, i) => {
    if (c) raw[c] = (cells[i] ?? '').trim();
  });
  const problems: FieldProblem[] = [];
  const text = (c: TableColumn, max: number): string | null | undefined => {
    const v = raw[c];
    if (v === undefined) return undefined;
    if (v.length > max) problems.push({ path: c, message: `longer than ${max} characters` });
    return v || null;
  };
  const name = text('name', 200);
  if (!name) problems.push({ path: 'name', message: 'is required' });
  const size = text('size', 20);
  if (size && !(ENTERPRISE_SIZES as readonly string[]).includes(size)) problems.push({ path: 'size', message: `must be one of ${ENTERPRISE_SIZES.join(', ')}` });
  const flags: Partial<Flags> = {};
  for (const flag of FLAG_NAMES) {
    const v = raw[flag]?.toLowerCase();
    if (v === undefined) continue;
    if (TRUE.has(v)) flags[flag] = true;
    else if (FALSE.has(v)) flags[flag] = false;
    else problems.push({ path: flag, message: `'${raw[flag]}' is not yes or no` });
  }
  const signedOn = text('integrityCommitmentSignedOn', 10);
  if (signedOn !== undefined) {
    if (signedOn && !/^\d{4}-\d{2}-\d{2}$/.test(signedOn)) problems.push({ path: 'integrityCommitmentSignedOn', message: 'must be a date YYYY-MM-DD' });
    flags.integrityCommitmentSignedOn = flags.integrityCommitment === false ? null : signedOn;
  }
  if (flags.integrityCommitment && !signedOn) problems.push({ path: 'integrityCommitmentSignedOn', message: 'an integrity commitment needs the date it was signed' });
  const districtCode = text('districtCode', 6);
  const optional = { nameEn: text('nameEn', 200), districtCode, address: text('address', 500), industry: text('industry', 100), size };
  let uscc = raw.uscc ?? '';
  try {
    uscc = validateEnterpriseIdentity({ uscc, cityCode: raw.cityCode ?? '', districtCode }, regions).uscc;
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    problems.push(...err.fields);
  }
  if (problems.length > 0) throw new ValidationError(problems);
  const fields: ImportRow['fields'] = { name: name!, cityCode: raw.cityCode! };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (fields as Record<string, unknown>)[k] = v;
  if (raw.tags !== undefined) fields.tags = normalizeTags(raw.tags.split(TAG_SEPARATOR));
  return { uscc, fields, flags };
}
