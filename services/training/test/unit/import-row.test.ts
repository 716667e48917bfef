import { makeIdNumber } from '@metrodesk/privacy';
import { mapHeader, parseRow, toRawRow } from '../../src/domain/import-row';
import { randomUscc } from '../fixtures/training';

const id = makeIdNumber('21010219800101001');

describe('attendance sheet rows', () => {
  it('maps English and Chinese headers, in any order, and names missing columns', () => {
    expect(mapHeader(['Name', 'ID Number', 'employer_uscc', 'HOURS', 'result', 'remarks']).columns).toEqual(['name', 'idNumber', 'employerUscc', 'hours', 'result', null]);
    expect(mapHeader(['学时', '姓名', '身份证号码', '单位统一社会信用代码', '考试结果', '成绩']).missing).toEqual([]);
    expect(mapHeader(['姓名', '学时']).missing).toEqual(['idNumber', 'employerUscc', 'result']);
  });

  it('parses a good row, with Chinese result words', () => {
    const { columns } = mapHeader(['姓名', '身份证号', '统一社会信用代码', '学时', '考试结果', '成绩']);
    const uscc = randomUscc();
    const parsed = parseRow(toRawRow(columns, [' 王芳 ', id.toLowerCase(), uscc, '16', '合格', '']), 16);
    expect(parsed).toEqual({ ok: true, person: { name: '王芳', idNumber: id, employerUscc: uscc }, attendance: { hours: 16, result: 'pass', score: null } });
    expect(parseRow(toRawRow(columns, ['甲', id, uscc, '0', '缺考', '']), 16)).toMatchObject({ ok: true, attendance: { result: 'absent' } });
  });

  it('reports every problem of a bad row by field, never repeating the ID number', () => {
    const { columns } = mapHeader(['name', 'idNumber', 'employerUscc', 'hours', 'result', 'score']);
    const typo = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    const parsed = parseRow(toRawRow(columns, ['', typo, 'x', 'many', 'passed', 'A']), 16);
    expect(parsed.ok).toBe(false);
    const problems = (parsed as { problems: { path: string }[] }).problems;
    expect(problems.map((p) => p.path)).toEqual(['name', 'idNumber', 'employerUscc', 'hours', 'result', 'score']);
    expect(JSON.stringify(problems)).not.toContain(typo);
  });

  it('applies the attendance rules once the cells parse', () => {
    const { columns } = mapHeader(['name', 'idNumber', 'employerUscc', 'hours', 'result', 'score']);
    const row = (hours: string, result: string, score = '') => parseRow(toRawRow(columns, ['甲', id, randomUscc(), hours, result, score]), 16);
    expect(row('17', 'pass')).toEqual({ ok: false, problems: [{ path: 'hours', message: "must not exceed the course's 16 hours" }] });
    expect(row('4', 'absent')).toEqual({ ok: false, problems: [{ path: 'hours', message: 'must be 0 for someone absent' }] });
    expect(row('4', 'fail', '101')).toEqual({ ok: false, problems: [{ path: 'score', message: 'must be between 0 and 100' }] });
    expect(row('', 'pass')).toMatchObject({ ok: false, problems: [{ path: 'hours' }] });
  });
});
