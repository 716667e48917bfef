import type { FieldProblem } from '@metrodesk/errors';
import { checkAttendance, checkPerson, RESULTS, type Attendance, type Person, type Result } from './enrolment';

/** Header names accepted in import files, English or Chinese, mapped to fields. */
const HEADERS: Record<string, keyof RawRow> = {
  name: 'name',
  姓名: 'name',
  idnumber: 'idNumber',
  身份证号: 'idNumber',
  身份证号码: 'idNumber',
  employeruscc: 'employerUscc',
  统一社会信用代码: 'employerUscc',
  单位统一社会信用代码: 'employerUscc',
  hours: 'hours',
  学时: 'hours',
  result: 'result',
  考试结果: 'result',
  score: 'score',
  成绩: 'score',
};

const RESULT_WORDS: Record<string, Result> = { 合格: 'pass', 不合格: 'fail', 缺考: 'absent', 待定: 'pending' };

export interface RawRow {
  name: string;
  idNumber: string;
  employerUscc: string;
  hours: string;
  result: string;
  score: string;
}

const REQUIRED: (keyof RawRow)[] = ['name', 'idNumber', 'employerUscc', 'hours', 'result'];

/** Maps header cells to fields; throws the list of missing columns (the whole file is unusable). */
export function mapHeader(cells: string[]): { columns: (keyof RawRow | null)[]; missing: string[] } {
  const columns = cells.map((c) => HEADERS[c.trim().replace(/[\s_]/g, '').toLowerCase()] ?? HEADERS[c.trim()] ?? null);
  const missing = REQUIRED.filter((f) => !columns.includes(f));
  return { columns, missing };
}

export function toRawRow(columns: (keyof RawRow | null)[], cells: string[]): RawRow {
  const row: RawRow = { name: '', idNumber: '', employerUscc: '', hours: '', result: '', score: '' };
  columns.forEach((field, i) => {
    if (field) row[field] = (cells[i] ?? '').trim();
  });
  return row;
}

export type ParsedRow = { ok: true; person: Person; attendance: Attendance } | { ok: false; problems: FieldProblem[] };

export function parseRow(raw: RawRow, courseHours: number): ParsedRow {
  const problems: FieldProblem[] = [];
  const checked = checkPerson(raw);
  if ('problems' in checked) problems.push(...checked.problems);
  const hours = raw.hours === '' ? NaN : Number(raw.hours);
  if (Number.isNaN(hours)) problems.push({ path: 'hours', message: 'must be a number' });
  const word = raw.result.trim();
  const result = (RESULTS as readonly string[]).includes(word.toLowerCase()) ? (word.toLowerCase() as Result) : RESULT_WORDS[word];
  if (!result) problems.push({ path: 'result', message: `must be one of ${RESULTS.join(', ')} (or 合格, 不合格, 缺考, 待定)` });
  const score = raw.score === '' ? null : Number(raw.score);
  if (score !== null && Number.isNaN(score)) problems.push({ path: 'score', message: 'must be a number' });
  if (problems.length > 0 || 'problems' in checked || !result) return { ok: false, problems };
  const attendance: Attendance = { hours, result, score };
  const rules = checkAttendance(attendance, courseHours);
  if (rules.length > 0) return { ok: false, problems: rules };
  return { ok: true, person: checked.person, attendance };
}
