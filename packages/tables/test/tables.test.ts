import ExcelJS from 'exceljs';
import { ValidationError } from '@metrodesk/errors';
import { csvCell, toCsv, guardXlsx, worksheetExtent, checkGrid, SheetTooLargeError, UnreadableSheetError, DEFAULT_SHEET_LIMITS, readFirstSheet, dataRows, emptyTally, tallyRow, type RowStatus } from '../src';

async function workbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb.addWorksheet('s'));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function refusal(fn: () => void): { status: number; limit?: unknown } {
  try {
    fn();
  } catch (err) {
    const e = err as SheetTooLargeError;
    return { status: e.status, limit: e.extra.limit };
  }
  throw new Error('expected a refusal');
}

describe('csvCell', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+1+2', `"'+1+2"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tcmd', `"'\tcmd"`],
    ['\rcmd', `"'\rcmd"`],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['沈阳 "计量"', '"沈阳 ""计量"""'],
    ['', ''],
  ])('%j -> %s', (input, out) => expect(csvCell(input)).toBe(out));

  it('writes a BOM and CRLF rows', () => {
    expect(toCsv([['a', '=1'], ['b', 'c']]).toString('utf8')).toBe('\uFEFFa,"\'=1"\r\nb,c\r\n');
  });
});

describe('guardXlsx', () => {
  it('lets an ordinary workbook through', async () => {
    const file = await workbook((s) => {
      s.addRow(['uscc', 'name']);
      for (let i = 0; i < 100; i++) s.addRow([`9121010000000000${i}`, `企业${i}`]);
    });
    expect(() => guardXlsx(file)).not.toThrow();
  });

  it('refuses a small sparse sheet that names row 1,048,576, before any parser sees it', async () => {
    const file = await workbook((s) => {
      s.getCell('A1').value = 'x';
      s.getCell('A1048576').value = 'y';
    });
    expect(file.length).toBeLessThan(10_000);
    expect(refusal(() => guardXlsx(file))).toEqual({ status: 413, limit: 'maxRows' });
  });

  it('refuses too many columns', async () => {
    const file = await workbook((s) => {
      s.getCell('XFD1').value = 'far';
    });
    expect(refusal(() => guardXlsx(file))).toEqual({ status: 413, limit: 'maxColumns' });
  });

  it('refuses a part that inflates past the limit (a zip bomb)', async () => {
    const file = await workbook((s) => {
      s.getCell('A1').value = 'a'.repeat(DEFAULT_SHEET_LIMITS.maxInflatedBytes + 1);
    });
    expect(file.length).toBeLessThan(DEFAULT_SHEET_LIMITS.maxInflatedBytes / 100);
    expect(refusal(() => guardXlsx(file))).toEqual({ status: 413, limit: 'maxInflatedBytes' });
  });

  it('stops inflating at the budget even when the directory understates the size', async () => {
    const file = await workbook((s) => {
      s.getCell('A1').value = 'b'.repeat(2_000_000);
    });
    // Rewrite every declared uncompressed size in the central directory to 1 byte.
    for (let i = 0; i + 4 <= file.length; i++) if (file.readUInt32LE(i) === 0x02014b50) file.writeUInt32LE(1, i + 24);
    expect(refusal(() => guardXlsx(file, { ...DEFAULT_SHEET_LIMITS, maxInflatedBytes: 1_000_000 }))).toEqual({ status: 413, limit: 'maxInflatedBytes' });
  });

  it('answers 400 for a file that is not a zip', () => {
    expect(() => guardXlsx(Buffer.from('uscc,name\n1,2\n'))).toThrow(UnreadableSheetError);
  });

  it('counts rows and cells that carry no reference in order', () => {
    expect(worksheetExtent('<sheetData><row><c><v>1</v></c><c/><c/></row><row/><row r="7"><c r="AB7"/></row></sheetData>')).toEqual({ rows: 7, columns: 28 });
  });
});

describe('checkGrid', () => {
  it('refuses parsed text past the row limit', () => {
    expect(refusal(() => checkGrid(Array.from({ length: 11 }, () => ['a']), { ...DEFAULT_SHEET_LIMITS, maxRows: 10 }))).toEqual({ status: 413, limit: 'maxRows' });
  });
});

describe('readFirstSheet', () => {
  it('reads cells as the text a person sees, keeping empty rows in place', async () => {
    const body = await workbook((sheet) => {
      sheet.addRow(['name', 'date', 'sum']);
      sheet.addRow(['沈阳', new Date(Date.UTC(2026, 2, 5)), { formula: '1+2', result: 3 }]);
      sheet.addRow([]);
      sheet.addRow([{ richText: [{ text: '大' }, { text: '连' }] }]);
    });
    expect(await readFirstSheet(body)).toEqual([['name', 'date', 'sum'], ['沈阳', '2026-03-05', '3'], [], ['大连']]);
  });

  it('refuses what is not a workbook as a bad request', async () => {
    const err = await readFirstSheet(Buffer.from('PK\u0003\u0004 not really')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as { status: number }).status).toBe(400);
  });

  it('refuses a sheet over the limits before reading it', async () => {
    const body = await workbook((sheet) => {
      for (let i = 0; i < 5; i++) sheet.addRow(['x']);
    });
    await expect(readFirstSheet(body, { ...DEFAULT_SHEET_LIMITS, maxRows: 3 })).rejects.toBeInstanceOf(SheetTooLargeError);
  });
});

describe('dataRows', () => {
  const mapHeader = (header: string[]) => ({ columns: header, missing: ['name', 'city'].filter((c) => !header.includes(c)) });
  const fields = (fn: () => unknown) => {
    try {
      fn();
    } catch (err) {
      return (err as ValidationError).fields;
    }
    throw new Error('expected a refusal');
  };

  it('numbers the data rows as the file does and leaves blank ones out', () => {
    expect(dataRows([['name', 'city'], ['a', 'x'], [' ', ''], ['b', 'y']], mapHeader)).toEqual({
      columns: ['name', 'city'],
      rows: [
        { row: 2, cells: ['a', 'x'] },
        { row: 4, cells: ['b', 'y'] },
      ],
    });
  });

  it('refuses an empty file, a missing column and too many rows, naming each', () => {
    expect(fields(() => dataRows([], mapHeader))).toEqual([{ path: '(file)', message: 'the file has no rows' }]);
    expect(fields(() => dataRows([['name']], mapHeader))).toEqual([{ path: 'header.city', message: 'column city is missing' }]);
    expect(fields(() => dataRows([['name', 'city'], ['a', 'x'], ['b', 'y']], mapHeader, 1))).toEqual([{ path: '(file)', message: 'has 2 rows; at most 1 per import' }]);
  });
});

describe('tallyRow', () => {
  it('reports each row and counts it under its status', () => {
    const tally = emptyTally<{ row: number; status: RowStatus }>();
    for (const [row, status] of [[2, 'created'], [3, 'failed'], [4, 'created']] as const) tallyRow(tally, { row, status });
    expect(tally).toEqual({ total: 3, created: 2, updated: 0, unchanged: 0, failed: 1, rows: [{ row: 2, status: 'created' }, { row: 3, status: 'failed' }, { row: 4, status: 'created' }] });
  });
});
