/**
 * Unified Social Credit Code (统一社会信用代码), GB 32100-2015:
 *   1   registration authority   1-9, A, N, Y
 *   2   organisation class       1-9
 *   3-8 administrative region    6 digits (GB/T 2260)
 *   9-17 organisation code       GB 11714: 8 characters and its own check character
 *   18  check character          weights 3^(i-1) mod 31 over the 31-character alphabet
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const AUTHORITIES = '123456789ANY';

export type UsccCheck = { ok: true; code: string } | { ok: false; reason: string };

const value = (ch: string) => USCC_ALPHABET.indexOf(ch);

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += value(first17[i]!) * WEIGHTS[i]!;
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** GB 11714 check character over the 8 characters of an organisation code. */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8[i]!;
    const v = /\d/.test(ch) ? Number(ch) : ch.charCodeAt(0) - 55;
    sum += v * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export function checkUscc(input: string): UsccCheck {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, reason: `must be 18 characters long, got ${code.length}` };
  for (let i = 0; i < 18; i++) {
    if (value(code[i]!) < 0) return { ok: false, reason: `character '${code[i]}' at position ${i + 1} is not in the GB 32100 alphabet (digits and capitals except I, O, S, V, Z)` };
  }
  if (!AUTHORITIES.includes(code[0]!)) return { ok: false, reason: `position 1 must be a registration authority code (1-9, A, N or Y), got '${code[0]}'` };
  if (!/[1-9]/.test(code[1]!)) return { ok: false, reason: `position 2 must be an organisation class code 1-9, got '${code[1]}'` };
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, reason: 'positions 3-8 must be a 6-digit administrative region code' };
  const orgCheck = orgCodeCheckChar(code.slice(8, 16));
  if (code[16] !== orgCheck) return { ok: false, reason: `position 17 is the organisation code's check character and should be '${orgCheck}', got '${code[16]}'` };
  const expected = usccCheckChar(code.slice(0, 17));
  if (code[17] !== expected) return { ok: false, reason: `check character (position 18) should be '${expected}', got '${code[17]}': the code is mistyped` };
  return { ok: true, code };
}

/** Builds a valid code from its parts (for fixtures, demo data and property tests). */
export function makeUscc(authority: string, klass: string, region: string, orgBody8: string): string {
  const org = orgBody8 + orgCodeCheckChar(orgBody8);
  const first17 = authority + klass + region + org;
  return first17 + usccCheckChar(first17);
}
