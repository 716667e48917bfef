import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { ForbiddenError, UnauthorizedError } from '@metrodesk/errors';

/**
 * Who is calling. The gateway verifies the user's token and forwards this identity to the
 * services, signed; each service verifies the signature and enforces scope itself.
 */
import { ROLES, type Role } from './roles';

export { ROLES, type Role };

export const identitySchema = z
  .object({
    userId: z.string().min(1),
    role: z.enum(ROLES),
    name: z.string().optional(),
    enterpriseId: z.string().optional(),
    cityCode: z.string().regex(/^\d{6}$/).optional(),
    provinceCode: z.string().regex(/^\d{6}$/).optional(),
    /** Seconds since the epoch after which the forwarded identity is void. */
    exp: z.number().int(),
    /** The service the gateway signed it for: another service refuses it, so it cannot be replayed there. */
    aud: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.role === 'enterprise' && !v.enterpriseId) ctx.addIssue({ code: 'custom', path: ['enterpriseId'], message: 'an enterprise user must be bound to an enterprise' });
    if ((v.role === 'liaison' || v.role === 'city_manager') && !v.cityCode) ctx.addIssue({ code: 'custom', path: ['cityCode'], message: 'a city role must be bound to a city' });
  });

export type Identity = z.infer<typeof identitySchema>;

/** Who made a change, as events name them (the envelope's actor attributes). */
export function actorFor(who: Identity): { id: string; role: string; name?: string } {
  return { id: who.userId, role: who.role, ...(who.name ? { name: who.name } : {}) };
}

export const IDENTITY_HEADER = 'x-metrodesk-identity';

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function signIdentity(identity: Omit<Identity, 'exp'> & { exp?: number }, secret: string, ttlSeconds = 300): string {
  const full = { ...identity, exp: identity.exp ?? Math.floor(Date.now() / 1000) + ttlSeconds };
  const payload = Buffer.from(JSON.stringify(full)).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

export function verifyIdentity(header: string | undefined, secret: string, now = Date.now(), audience?: string): Identity {
  if (!header) throw new UnauthorizedError('No identity was forwarded with this request.');
  const [payload, signature] = header.split('.');
  if (!payload || !signature) throw new UnauthorizedError('The forwarded identity is malformed.');
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new UnauthorizedError('The forwarded identity has a bad signature.');
  let parsed: Identity;
  try {
    parsed = identitySchema.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
  } catch {
    throw new UnauthorizedError('The forwarded identity is malformed.');
  }
  if (parsed.exp * 1000 < now) throw new UnauthorizedError('The forwarded identity has expired.');
  if (audience !== undefined && parsed.aud !== undefined && parsed.aud !== audience) throw new UnauthorizedError('The forwarded identity was signed for another service.');
  return parsed;
}

/** Province-wide roles see every city. */
export const isProvinceWide = (who: Identity) => who.role === 'province_manager' || who.role === 'admin' || who.role === 'service';

export function requireRole(who: Identity, ...roles: Role[]): void {
  if (!roles.includes(who.role)) throw new ForbiddenError(`This action needs one of the roles: ${roles.join(', ')}.`);
}

/** May this caller see data that belongs to this city (and enterprise)? */
export function canSee(who: Identity, owner: { cityCode?: string; enterpriseId?: string }): boolean {
  if (isProvinceWide(who)) return true;
  if (who.role === 'enterprise') return owner.enterpriseId !== undefined && owner.enterpriseId === who.enterpriseId;
  return owner.cityCode !== undefined && owner.cityCode === who.cityCode;
}

/**
 * The filter a list query must add for this caller: nothing for province-wide roles,
 * the caller's city for city roles, the caller's enterprise for enterprise users.
 */
export function scopeFilter(who: Identity, fields: { city: string; enterprise: string }): Record<string, string> {
  if (isProvinceWide(who)) return {};
  if (who.role === 'enterprise') return { [fields.enterprise]: who.enterpriseId! };
  return { [fields.city]: who.cityCode! };
}
export * from './token';
