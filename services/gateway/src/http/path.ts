import { DomainError } from '@metrodesk/errors';

export class MalformedPathError extends DomainError {
  constructor(reason: string) {
    super('malformed_path', 400, `The request path is not acceptable: ${reason}.`, { errors: [{ path: '(path)', message: reason }] });
  }
}

// RFC 3986 pchar minus what must stay escaped inside one segment ('/', '?', '#', '%').
const SEGMENT_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=:@]/;

function encodeSegment(segment: string): string {
  let out = '';
  for (const ch of segment) {
    if (SEGMENT_SAFE.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The one spelling of a request path that every access decision and the upstream call use:
 * each segment percent-decoded once, empty segments (double slashes) dropped, `.` and `..`
 * resolved, then each segment re-encoded. A path that climbs above the root, has a malformed
 * escape, a NUL or a backslash is refused rather than guessed at, because the services
 * behind the gateway might read it another way.
 */
export function normaliseUrl(url: string): string {
  const q = url.indexOf('?');
  const rawPath = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q);
  if (!rawPath.startsWith('/')) throw new MalformedPathError('it must start with /');
  const segments: string[] = [];
  for (const raw of rawPath.split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      throw new MalformedPathError('it has a malformed percent escape');
    }
    if (segment.includes('\0') || segment.includes('\\')) throw new MalformedPathError('it contains a NUL or a backslash');
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) throw new MalformedPathError('it climbs above the root');
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  const trailing = rawPath.length > 1 && rawPath.endsWith('/') && segments.length > 0 ? '/' : '';
  return `/${segments.map(encodeSegment).join('/')}${trailing}${query}`;
}

/**
 * The upstream URL: the configured origin (and its base path) followed by a path that is
 * already normalised. Never `new URL(path, base)`, which takes `//host/...` as a host.
 */
export function upstreamUrl(base: string, normalisedPath: string): URL {
  if (!normalisedPath.startsWith('/') || normalisedPath.startsWith('//')) throw new MalformedPathError('it must be a single absolute path');
  const origin = new URL(base);
  const target = new URL(`${origin.origin}${origin.pathname.replace(/\/+$/, '')}${normalisedPath}`);
  if (target.origin !== origin.origin) throw new MalformedPathError('it does not stay on the service');
  return target;
}
