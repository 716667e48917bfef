/**
 * What an upload really is, from its first bytes: the declared type is the client's word,
 * the signature is the file's. Only these kinds are accepted as attachments.
 */
const SIGNATURES: { type: string; test: (b: Buffer) => boolean }[] = [
  { type: 'application/pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { type: 'image/png', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', test: (b) => b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/webp', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
  // Office Open XML files (docx, xlsx) are zip archives.
  { type: 'application/zip', test: (b) => b.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) },
];

/** Declared types accepted for each detected signature. */
const DECLARED: Record<string, string[]> = {
  'application/pdf': ['application/pdf'],
  'image/png': ['image/png'],
  'image/jpeg': ['image/jpeg', 'image/jpg'],
  'image/webp': ['image/webp'],
  'application/zip': [
    'application/zip',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ],
};

export const ALLOWED_CONTENT_TYPES = Object.values(DECLARED).flat();
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export function sniffContentType(data: Buffer): string | null {
  return SIGNATURES.find((s) => s.test(data))?.type ?? null;
}

/**
 * The type to store for an upload, or why it is refused: the content must be a known kind
 * and the declared type must agree with it (a renamed .exe is not a PDF).
 */
export function checkContentType(declared: string, data: Buffer): { ok: true; type: string } | { ok: false; reason: string } {
  const detected = sniffContentType(data);
  const claimed = declared.split(';')[0]!.trim().toLowerCase();
  if (!detected) return { ok: false, reason: `the content is not one of the accepted kinds (${ALLOWED_CONTENT_TYPES.join(', ')})` };
  if (!DECLARED[detected]!.includes(claimed)) return { ok: false, reason: `declared as ${claimed || 'nothing'} but the content is ${detected}` };
  return { ok: true, type: claimed };
}
