import type { User } from './identity';

/**
 * What the console keeps of a sign-in. The refresh token is not here: identity sets it as an
 * httpOnly, SameSite=Strict cookie scoped to its auth path, out of reach of page scripts.
 */
export interface Session {
  accessToken: string;
  /** Epoch ms after which the access token is stale; refreshed a little before. */
  expiresAt: number;
  user: User;
}

const KEY = 'metrodesk.session';
type Listener = (s: Session | null) => void;
const listeners = new Set<Listener>();
let current: Session | null = read();

function read(): Session | null {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    if (!raw) return null;
    const stored = JSON.parse(raw) as Session & { refreshToken?: unknown };
    if (!('refreshToken' in stored)) return stored;
    // A session stored by an older console still holds its refresh token: keep the rest only.
    delete stored.refreshToken;
    globalThis.localStorage?.setItem(KEY, JSON.stringify(stored));
    return stored;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  return current;
}

export function setSession(s: Session | null): void {
  current = s;
  try {
    if (s) globalThis.localStorage?.setItem(KEY, JSON.stringify(s));
    else globalThis.localStorage?.removeItem(KEY);
  } catch {
    // Private browsing can refuse storage; the session then lives for this tab only.
  }
  for (const l of listeners) l(s);
}

export function onSessionChange(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
