import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkContentType, sniffContentType } from '../../src/domain/content-type';
import { LocalDiskStorage } from '../../src/storage/local-disk.storage';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]);
const WEBP = Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1');

describe('attachment content types', () => {
  it('recognises each accepted kind by its signature', () => {
    expect(sniffContentType(Buffer.from('%PDF-1.4'))).toBe('application/pdf');
    expect(sniffContentType(PNG)).toBe('image/png');
    expect(sniffContentType(JPEG)).toBe('image/jpeg');
    expect(sniffContentType(ZIP)).toBe('application/zip');
    expect(sniffContentType(WEBP)).toBe('image/webp');
    expect(sniffContentType(Buffer.from('MZ\x90\x00', 'latin1'))).toBeNull();
    expect(sniffContentType(Buffer.alloc(0))).toBeNull();
  });

  it('accepts a declared type only when the content agrees', () => {
    expect(checkContentType('application/vnd.openxmlformats-officedocument.wordprocessingml.document', ZIP)).toEqual({ ok: true, type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(checkContentType('image/jpeg; charset=binary', JPEG)).toEqual({ ok: true, type: 'image/jpeg' });
    expect(checkContentType('application/pdf', PNG)).toEqual({ ok: false, reason: 'declared as application/pdf but the content is image/png' });
    expect(checkContentType('text/plain', Buffer.from('hello'))).toMatchObject({ ok: false, reason: expect.stringContaining('not one of the accepted kinds') });
  });
});

describe('local-disk storage', () => {
  it('stores and reads files under its root, and refuses keys that leave it', async () => {
    const storage = new LocalDiskStorage(mkdtempSync(join(tmpdir(), 'storage-')));
    await storage.put('req-1/att-1', Buffer.from('abc'));
    expect((await storage.get('req-1/att-1'))?.toString()).toBe('abc');
    expect(await storage.get('req-1/missing')).toBeNull();
    await expect(storage.put('../escape', Buffer.from('x'))).rejects.toThrow(/escapes the root/);
  });
});
