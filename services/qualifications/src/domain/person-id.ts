import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * PRC resident identity numbers (居民身份证号码, GB 11643-1999) as personal data.
 *
 * The same functions, with the same algorithms, are planned for a shared @metrodesk/privacy
 * package; they live here until that lands so this service does not wait on it. What must
 * stay identical across services is `personKey`: it is how training events name a person.
 *
 *   1-6   address code (GB/T 2260)     7-14  date of birth YYYYMMDD
 *   15-17 sequence (odd = male)        18    check character, ISO 7064 MOD 11-2 (0-9 or X)
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type IdCheck = { ok: true; idNumber: string } | { ok: false; reason: string };

/** Strips whitespace and upper-cases a trailing x, the two ways people mistype a valid number. */
export function normalizeIdNumber(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase();
}

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function realDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Reasons never quote the number itself: they end up in responses and row reports. */
export function checkIdNumber(input: string): IdCheck {
  const id = normalizeIdNumber(input);
  if (id.length !== 18) return { ok: false, reason: `must be 18 characters long, got ${id.length}` };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: 'must be 17 digits followed by a digit or X' };
  if (!/^[1-9]/.test(id)) return { ok: false, reason: 'must start with an address code (first digit 1-9)' };
  if (!realDate(id.slice(6, 14))) return { ok: false, reason: 'positions 7-14 are not a real date of birth' };
  const expected = idCheckChar(id.slice(0, 17));
  if (id[17] !== expected) return { ok: false, reason: 'the check character (position 18) does not match: the number is mistyped' };
  return { ok: true, idNumber: id };
}

/** The keyed hash that names a person everywhere (look-ups, events): HMAC-SHA256, hex. */
export function personKey(hashKey: string, idNumber: string): string {
  return createHmac('sha256', hashKey).update(normalizeIdNumber(idNumber), 'utf8').digest('hex');
}

function keyBytes(encryptionKeyBase64: string): Buffer {
  const key = Buffer.from(encryptionKeyBase64, 'base64');
  if (key.length !== 32) throw new Error('ID_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
  return key;
}

/** AES-256-GCM; the stored form is `v1.<iv>.<tag>.<ciphertext>`, each part base64url. */
export function encryptIdNumber(encryptionKeyBase64: string, idNumber: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyBytes(encryptionKeyBase64), iv);
  const ct = Buffer.concat([cipher.update(normalizeIdNumber(idNumber), 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

export function decryptIdNumber(encryptionKeyBase64: string, stored: string): string {
  const [version, iv, tag, ct] = stored.split('.');
  if (version !== 'v1' || !iv || !tag || ct === undefined) throw new Error('unknown encrypted ID number format');
  const decipher = createDecipheriv('aes-256-gcm', keyBytes(encryptionKeyBase64), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}

/** Everything but the last 4 characters hidden: `**************123X`. */
export function maskId(idNumber: string): string {
  const id = normalizeIdNumber(idNumber);
  return '*'.repeat(Math.max(0, id.length - 4)) + id.slice(-4);
}

/** Builds a valid number from its parts (fixtures and property tests). */
export function makeIdNumber(address6: string, birth8: string, seq3: string): string {
  const first17 = address6 + birth8 + seq3;
  return first17 + idCheckChar(first17);
}
