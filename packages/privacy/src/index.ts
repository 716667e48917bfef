import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * PRC resident ID numbers (居民身份证号码) are personal data. Every service that handles
 * them uses these functions so that the same person gets the same `personKey` everywhere:
 *
 *   personKey = hex(HMAC-SHA256(key = UTF-8 bytes of ID_HASH_KEY, normalizeIdNumber(id)))
 *
 * ID_HASH_KEY is used as the string it is (at least 32 characters), so any service can compute
 * the same key with nothing but `createHmac('sha256', process.env.ID_HASH_KEY)`.
 *
 * The number itself is stored only encrypted (AES-256-GCM, key = base64decode(ID_ENCRYPTION_KEY)),
 * shown masked (last 4 characters) to most callers, and never put in logs or events.
 */

// ---------------------------------------------------------------- GB 11643-1999 check digit

/**
 * GB 11643-1999, 18 characters:
 *   1-6   address code (GB/T 2260 region of first registration)
 *   7-14  date of birth YYYYMMDD
 *   15-17 sequence code (17th odd for men, even for women)
 *   18    check character: ISO 7064 MOD 11-2 over the first 17 digits, 0-9 or X
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Removes spaces and hyphens people type or spreadsheets add, and upper-cases a trailing x. */
export function normalizeIdNumber(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

export type IdNumberCheck = { ok: true; idNumber: string; birthDate: string } | { ok: false; reason: string };

function isCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Validates an ID number; the reason never repeats the number, so it is safe to show and log. */
export function checkIdNumber(input: string): IdNumberCheck {
  const id = normalizeIdNumber(input);
  if (id.length !== 18) return { ok: false, reason: `must be 18 characters long, got ${id.length}` };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: 'must be 17 digits followed by a digit or X' };
  if (id[0] === '0') return { ok: false, reason: 'positions 1-6 must be a region code (it cannot start with 0)' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  if (y < 1850 || y > 2099 || !isCalendarDate(y, m, d)) return { ok: false, reason: 'positions 7-14 must be a real date of birth YYYYMMDD' };
  const expected = idCheckChar(id.slice(0, 17));
  if (id[17] !== expected) return { ok: false, reason: 'the check character (position 18) does not match: the number is mistyped' };
  return { ok: true, idNumber: id, birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` };
}

/** Completes 17 digits with their check character (fixtures, demo data, property tests). */
export function makeIdNumber(first17: string): string {
  return first17 + idCheckChar(first17);
}

/** The only form most callers may see: everything but the last 4 characters hidden. */
export function maskId(idNumber: string): string {
  const id = normalizeIdNumber(idNumber);
  return '*'.repeat(Math.max(0, id.length - 4)) + id.slice(-4);
}

// ---------------------------------------------------------------- keys

export interface PrivacyKeys {
  /** 32 bytes, from base64 ID_ENCRYPTION_KEY: AES-256-GCM. */
  encryptionKey: Buffer;
  /** The UTF-8 bytes of ID_HASH_KEY: HMAC-SHA256. */
  hashKey: Buffer;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const HASH_KEY_MIN = 32;

function encryptionKeyOf(value: string): Buffer | string {
  if (!BASE64.test(value)) return 'must be base64';
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === 32 ? bytes : `must decode to exactly 32 bytes, got ${bytes.length}`;
}

const hashKeyProblem = (value: string) => (value.length >= HASH_KEY_MIN ? undefined : `must be at least ${HASH_KEY_MIN} characters, got ${value.length}`);

/**
 * Env fragment for a service's config schema. ID_ENCRYPTION_KEY: base64 of 32 bytes
 * (`openssl rand -base64 32`); ID_HASH_KEY: any string of 32+ characters, the same in every service.
 */
export const privacyEnv = {
  ID_ENCRYPTION_KEY: z.string().superRefine((v, ctx) => {
    const r = encryptionKeyOf(v);
    if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r });
  }),
  ID_HASH_KEY: z.string().superRefine((v, ctx) => {
    const problem = hashKeyProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
};

export function privacyKeys(env: { ID_ENCRYPTION_KEY: string; ID_HASH_KEY: string }): PrivacyKeys {
  const encryptionKey = encryptionKeyOf(env.ID_ENCRYPTION_KEY);
  if (typeof encryptionKey === 'string') throw new Error(`ID_ENCRYPTION_KEY ${encryptionKey}`);
  const problem = hashKeyProblem(env.ID_HASH_KEY);
  if (problem) throw new Error(`ID_HASH_KEY ${problem}`);
  return { encryptionKey, hashKey: Buffer.from(env.ID_HASH_KEY, 'utf8') };
}

// ---------------------------------------------------------------- hash and encryption

/** The keyed hash that identifies a person across services, in look-ups and in events. */
export function personKey(hashKey: Buffer, idNumber: string): string {
  return createHmac('sha256', hashKey).update(normalizeIdNumber(idNumber), 'utf8').digest('hex');
}

const FORMAT = 'v1';

/** AES-256-GCM with a fresh 12-byte nonce: `v1.<nonce>.<tag>.<ciphertext>`, base64url parts. */
export function encryptId(encryptionKey: Buffer, idNumber: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
  const ct = Buffer.concat([cipher.update(normalizeIdNumber(idNumber), 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

/** Throws when the token was not made with this key or was altered. */
export function decryptId(encryptionKey: Buffer, token: string): string {
  const [format, iv, tag, ct] = token.split('.');
  if (format !== FORMAT || !iv || !tag || ct === undefined) throw new Error('not an encrypted ID number');
  const decipher = createDecipheriv('aes-256-gcm', encryptionKey, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}
