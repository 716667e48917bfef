import { readReviewSheet, readSigningSheet } from '../../src/domain/records-sheet';
import { randomUscc } from '../fixtures/enterprises';

const uscc = randomUscc();

describe('records sheets', () => {
  it('reads signings under Chinese headings, dates typed or kept by Excel as day counts, blank rows skipped', () => {
    const read = readSigningSheet(['签署日期', '统一社会信用代码'], [[' 2026/3/5 ', uscc.toLowerCase()], ['', ''], ['46097', uscc]], '2026-12-01', 'zh-CN');
    expect(read.problems).toEqual([]);
    expect(read.rows).toEqual([
      { row: 2, uscc, signedOn: '2026-03-05', document: null },
      { row: 4, uscc, signedOn: '2026-03-16', document: null },
    ]);
  });

  it('names a missing column on the header row', () => {
    expect(readReviewSheet(['USCC', 'date'], [[uscc, '2026-01-01']], '2026-12-01', 'en').problems).toEqual([
      { row: 1, field: 'reviewers', column: 'Reviewers', message: 'this column is missing' },
      { row: 1, field: 'instrumentsReviewed', column: 'Instruments reviewed', message: 'this column is missing' },
    ]);
  });

  it('refuses a negative or fractional count and reads reviewers split by 、 or commas', () => {
    const read = readReviewSheet(['uscc', 'date', 'reviewers', 'instrumentsReviewed'], [[uscc, '2026-01-01', '张三、李四,王五', '-1'], [uscc, '2026-01-01', 'A', '1.5'], [uscc, '2026-01-02', '张三、 李四', '0']], '2026-12-01', 'zh-CN');
    expect(read.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [2, '审查器具数', '应为不小于 0 的整数'],
      [3, '审查器具数', '应为不小于 0 的整数'],
    ]);
    expect(read.rows).toEqual([{ row: 4, uscc, date: '2026-01-02', reviewers: ['张三', '李四'], instrumentsReviewed: 0, findings: null }]);
  });
});
