import { describe, expect, it } from 'vitest';
import { fileKind, fileProblem, fileProblems, MAX_FILE_BYTES } from '../../src/lib/files';

describe('fileProblem: the browser refuses what the service would refuse, before uploading', () => {
  it('accepts the kinds the service takes, within 10 MB', () => {
    expect(fileProblem({ name: '报警器清单.pdf', size: 1000, type: 'application/pdf' })).toBeNull();
    expect(fileProblem({ name: 'photo.JPG', size: MAX_FILE_BYTES, type: 'image/jpeg' })).toBeNull();
    expect(fileProblem({ name: 'list.xlsx', size: 10, type: '' })).toBeNull();
  });
  it('refuses a file over 10 MB, an empty one, and one of another kind or claiming to be another kind', () => {
    expect(fileProblem({ name: 'scan.pdf', size: MAX_FILE_BYTES + 1, type: 'application/pdf' })).toBe('too_large');
    expect(fileProblem({ name: 'blank.pdf', size: 0, type: 'application/pdf' })).toBe('empty');
    expect(fileProblem({ name: 'setup.exe', size: 10, type: 'application/x-msdownload' })).toBe('wrong_type');
    expect(fileProblem({ name: 'report.pdf', size: 10, type: 'image/png' })).toBe('wrong_type');
  });
  it('names every refused file of a selection', () => {
    expect(fileProblems([{ name: 'a.pdf', size: 1, type: 'application/pdf' }, { name: 'b.pdf', size: MAX_FILE_BYTES * 2, type: 'application/pdf' }, { name: 'c.txt', size: 1, type: 'text/plain' }])).toEqual([
      { name: 'b.pdf', problem: 'too_large' },
      { name: 'c.txt', problem: 'wrong_type' },
    ]);
  });
  it('shows images as thumbnails and opens PDFs in the browser', () => {
    expect(fileKind('image/png')).toBe('image');
    expect(fileKind('application/pdf')).toBe('pdf');
    expect(fileKind('application/zip')).toBe('other');
  });
});
