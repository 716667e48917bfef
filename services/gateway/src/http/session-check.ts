import { signIdentity, type AccessClaims } from '@metrodesk/access';
import { UnauthorizedError } from '@metrodesk/errors';
import { upstreamUrl } from './path';
import { UpstreamError } from './proxy';
import { refused, type Upstream } from './upstream';

/**
 * Asks identity whether an access token's sign-in still stands (user active, token version
 * current, sign-in not ended), remembering each answer for a few seconds: sign-out and
 * revocation take effect within that time, and a busy user costs identity one look-up per
 * window rather than one per request.
 */
export class SessionCheck {
  private readonly answers = new Map<string, { until: number; ok: boolean }>();

  constructor(
    private readonly identity: Upstream,
    private readonly identitySecret: string,
    private readonly cacheMs: number,
    private readonly timeoutMs: number,
  ) {}

  async require(claims: AccessClaims, now = Date.now()): Promise<void> {
    if (!claims.sid || claims.tv === undefined) throw new UnauthorizedError('The access token is from an older sign-in; sign in again.');
    const key = `${claims.sub}|${claims.sid}|${claims.tv}`;
    let answer = this.answers.get(key);
    if (!answer || answer.until <= now) {
      answer = { until: now + this.cacheMs, ok: await this.ask(claims.sub, claims.sid, claims.tv) };
      if (this.answers.size > 50_000) for (const [k, a] of this.answers) if (a.until <= now) this.answers.delete(k);
      this.answers.set(key, answer);
    }
    if (!answer.ok) throw new UnauthorizedError('This sign-in has ended (signed out, password changed or account disabled); sign in again.');
  }

  private async ask(userId: string, sid: string, tv: number): Promise<boolean> {
    const path = `/internal/sessions/${encodeURIComponent(sid)}?userId=${encodeURIComponent(userId)}&tv=${tv}`;
    const bases = this.identity.order();
    for (const [k, base] of bases.entries()) {
      try {
        const res = await fetch(upstreamUrl(base, path), {
          headers: { 'x-metrodesk-identity': signIdentity({ userId: 'gateway', role: 'service', aud: 'identity' }, this.identitySecret, 30) },
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        if (!res.ok) throw new Error(`identity answered ${res.status}`);
        return ((await res.json()) as { active?: unknown }).active === true;
      } catch (err) {
        // A replica that refused the connection never saw the question: ask the next one.
        if (refused(err) && k + 1 < bases.length) continue;
        // Fail closed: a token whose standing cannot be checked is not honoured.
        throw new UpstreamError('identity');
      }
    }
    throw new UpstreamError('identity');
  }
}
