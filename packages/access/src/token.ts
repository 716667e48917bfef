import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { UnauthorizedError } from '@metrodesk/errors';
import { ROLES } from './roles';

/**
 * Access tokens are compact JWTs (HS256) signed by the identity service and verified by the
 * gateway. Kept to the one algorithm on purpose: no `alg` negotiation, no `none`.
 */
export const accessClaimsSchema = z.object({
  sub: z.string().min(1),
  role: z.enum(ROLES),
  name: z.string().optional(),
  enterpriseId: z.string().optional(),
  cityCode: z.string().optional(),
  provinceCode: z.string().optional(),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string().optional(),
  /** The sign-in (refresh-token family) this token belongs to: signing out ends it. */
  sid: z.string().optional(),
  /** The user's token version when issued: bumped to void every token at once. */
  tv: z.number().int().nonnegative().optional(),
});

/** No access token is honoured for longer than this, whatever its `exp` says. */
export const MAX_ACCESS_TOKEN_SECONDS = 3600;
export type AccessClaims = z.infer<typeof accessClaimsSchema>;

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

const mac = (secret: string, data: string) => createHmac('sha256', secret).update(data).digest('base64url');

export function signAccessToken(claims: Omit<AccessClaims, 'iat' | 'exp'>, secret: string, ttlSeconds: number, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const payload = Buffer.from(JSON.stringify({ ...claims, iat, exp: iat + ttlSeconds })).toString('base64url');
  const data = `${HEADER}.${payload}`;
  return `${data}.${mac(secret, data)}`;
}

export function verifyAccessToken(token: string | undefined, secret: string, now = Date.now()): AccessClaims {
  if (!token) throw new UnauthorizedError('Sign in first: no access token was sent.');
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) throw new UnauthorizedError('The access token is malformed.');
  const expected = Buffer.from(mac(secret, `${parts[0]}.${parts[1]}`));
  const given = Buffer.from(parts[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new UnauthorizedError('The access token has a bad signature.');
  let claims: AccessClaims;
  try {
    claims = accessClaimsSchema.parse(JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')));
  } catch {
    throw new UnauthorizedError('The access token is malformed.');
  }
  if (claims.exp * 1000 <= now) throw new UnauthorizedError('The access token has expired; refresh it.');
  // A token that claims a longer life, or to be issued in the future, was not minted by identity's rules.
  if (claims.exp - claims.iat > MAX_ACCESS_TOKEN_SECONDS || claims.iat * 1000 > now + 60_000 || (claims.iat + MAX_ACCESS_TOKEN_SECONDS) * 1000 <= now) {
    throw new UnauthorizedError('The access token lives longer than allowed; sign in again.');
  }
  return claims;
}
