import { ApiError } from '../api/http';
import { hasKey, type T } from '../i18n';

/**
 * What to tell the user about a failed call, in their language: the message for the
 * problem's `code` when we have one, otherwise the service's own `detail`.
 */
export function problemMessage(err: unknown, t: T, context?: 'login'): string {
  // A browser or programming error speaks English and of internals: the words say what
  // happened, and problemDetails keeps the text for support.
  if (!(err instanceof ApiError)) return t('error.generic');
  const code = err.code;
  if (context === 'login' && err.status === 401) return t('error.invalid_credentials');
  // A refused file is named, so that of several files the user knows which one.
  const fileName = err.problem.fileName;
  if (typeof fileName === 'string' && hasKey(`error.${code}.file`)) return t(`error.${code}.file`, { name: fileName });
  if (hasKey(`error.${code}`)) return t(`error.${code}`);
  if (code.endsWith('_not_found')) return t('error.not_found');
  if (err.status === 403) return t('error.forbidden');
  if (err.status === 409 && code.includes('transition')) return t('error.illegal_transition');
  // A code this console does not know yet: a message for its kind in the user's language rather
  // than the service's detail, which is English.
  if (hasKey(`error.status.${err.status}`)) return t(`error.status.${err.status}`);
  if (err.status >= 500) return t('error.service_unavailable');
  return t('error.generic');
}

/**
 * What support needs to find the failure in the logs (request id, code, the service's own
 * words): shown folded under "details", never as the message itself.
 */
export function problemDetails(err: unknown): string[] {
  if (!(err instanceof ApiError)) return [err instanceof Error ? err.message : String(err)];
  const p = err.problem;
  return [p.requestId && `requestId: ${p.requestId}`, `status: ${err.status}`, `code: ${err.code}`, p.detail, ...(p.errors ?? []).map((e) => `${e.path}: ${e.message}`)].filter((x): x is string => Boolean(x));
}

/** A field's name in words, or null when the console has no word for that path. */
export function fieldLabel(path: string, t: T): string | null {
  const key = `field.${path.replace(/\.\d+(?=\.|$)/g, '')}`;
  return hasKey(key) ? t(key) : null;
}

/** Field path -> message, for marking inputs after a validation_failed answer. */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError) || !err.problem.errors) return {};
  return Object.fromEntries(err.problem.errors.map((e) => [e.path, e.message]));
}
