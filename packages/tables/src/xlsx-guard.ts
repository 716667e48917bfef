import { inflateRawSync } from 'node:zlib';
import { DEFAULT_SHEET_LIMITS, SheetTooLargeError, UnreadableSheetError, type SheetLimits } from './limits';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_ENTRIES = 1000;

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function centralDirectory(zip: Buffer): Entry[] {
  // The end record is in the last 22 + 65,535 (comment) bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new UnreadableSheetError('not an XLSX workbook (no zip directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  if (count > MAX_ENTRIES) throw new UnreadableSheetError(`the workbook has more than ${MAX_ENTRIES} parts`);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL) throw new UnreadableSheetError('not an XLSX workbook (broken zip directory)');
    const nameLength = zip.readUInt16LE(at + 28);
    const entry: Entry = {
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      localOffset: zip.readUInt32LE(at + 42),
    };
    // 0xffffffff marks zip64 sizes: no spreadsheet a person uploads here needs them.
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) throw new UnreadableSheetError('zip64 workbooks are not accepted');
    entries.push(entry);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

function inflate(zip: Buffer, e: Entry, budget: number, limits: SheetLimits): Buffer {
  if (e.localOffset + 30 > zip.length || zip.readUInt32LE(e.localOffset) !== LOCAL) throw new UnreadableSheetError(`not an XLSX workbook (broken entry ${e.name})`);
  const start = e.localOffset + 30 + zip.readUInt16LE(e.localOffset + 26) + zip.readUInt16LE(e.localOffset + 28);
  const data = zip.subarray(start, start + e.compressedSize);
  if (e.method === 0) {
    if (data.length > budget) throw new SheetTooLargeError('maxInflatedBytes', limits.maxInflatedBytes);
    return data;
  }
  if (e.method !== 8) throw new UnreadableSheetError(`entry ${e.name} uses an unsupported compression`);
  try {
    // The declared size may lie: the inflater itself stops at what is left of the budget.
    return inflateRawSync(data, { maxOutputLength: Math.max(1, budget) });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw new SheetTooLargeError('maxInflatedBytes', limits.maxInflatedBytes);
    throw new UnreadableSheetError(`entry ${e.name} cannot be unzipped`);
  }
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** Highest row and column a worksheet's XML names, rows and cells without `r` counted in order. */
export function worksheetExtent(xml: string): { rows: number; columns: number } {
  let rows = 0;
  let columns = 0;
  let column = 0;
  const tag = /<(?:[A-Za-z]+:)?(row|c)\b([^>]*)>/g;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const ref = /\br="([A-Z]*)(\d+)"/.exec(m[2]!);
    if (m[1] === 'row') {
      rows = ref ? Math.max(rows, Number(ref[2])) : rows + 1;
      column = 0;
    } else {
      column = ref?.[1] ? columnNumber(ref[1]) : column + 1;
      columns = Math.max(columns, column);
    }
  }
  return { rows, columns };
}

/**
 * Refuses an XLSX upload that would cost more than the limits before a parser inflates it:
 * the central directory's declared sizes first, then every part inflated with a hard output
 * cap (declared sizes can lie), then every worksheet's highest row and column (a sparse
 * sheet naming row 1,048,576 is small on the wire and huge in a parser).
 */
export function guardXlsx(zip: Buffer, limits: SheetLimits = DEFAULT_SHEET_LIMITS): void {
  const entries = centralDirectory(zip);
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > limits.maxInflatedBytes) throw new SheetTooLargeError('maxInflatedBytes', limits.maxInflatedBytes, declared);
  let used = 0;
  for (const e of entries) {
    if (e.name.endsWith('/')) continue;
    const bytes = inflate(zip, e, limits.maxInflatedBytes - used, limits);
    used += bytes.length;
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(e.name)) continue;
    const extent = worksheetExtent(bytes.toString('utf8'));
    if (extent.rows > limits.maxRows) throw new SheetTooLargeError('maxRows', limits.maxRows, extent.rows);
    if (extent.columns > limits.maxColumns) throw new SheetTooLargeError('maxColumns', limits.maxColumns, extent.columns);
  }
}
