import { getSession, setSession, type Session } from './session';

/** RFC 9457 problem details as every Metrodesk service answers errors. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  code: string;
  detail: string;
  requestId?: string;
  errors?: { path: string; message: string }[];
  [extra: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail || problem.code);
  }
  get status() {
    return this.problem.status;
  }
  get code() {
    return this.problem.code;
  }
}

export const API_BASE = '/api';

export type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

async function toProblem(res: Response): Promise<Problem> {
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    if (body && typeof body === 'object' && typeof body.code === 'string') return { ...body, status: res.status, code: body.code, detail: body.detail ?? '' };
  } catch {
    // Not JSON: a proxy or a crash page; fall through to a generic problem.
  }
  return { status: res.status, code: res.status === 0 ? 'network_error' : `http_${res.status}`, detail: text.slice(0, 200) || res.statusText };
}

// One refresh at a time: a burst of 401s must not spend the single-use refresh token twice.
let refreshing: Promise<Session | null> | null = null;

export function refreshSession(): Promise<Session | null> {
  const s = getSession();
  if (!s) return Promise.resolve(null);
  refreshing ??= (async () => {
    try {
      // No body: the browser sends the refresh-token cookie identity set, and identity rotates it.
      const res = await fetch(`${API_BASE}/identity/auth/refresh`, { method: 'POST', credentials: 'same-origin' });
      if (!res.ok) {
        setSession(null);
        return null;
      }
      const t = (await res.json()) as TokensLike;
      const next = sessionFromTokens(t);
      setSession(next);
      return next;
    } catch {
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** A token answer; its refreshToken field (for API clients) is left alone: the cookie carries it. */
export interface TokensLike {
  accessToken: string;
  expiresIn: number;
  user: Session['user'];
}

export function sessionFromTokens(t: TokensLike, now = Date.now()): Session {
  return { accessToken: t.accessToken, expiresAt: now + t.expiresIn * 1000, user: t.user };
}

export interface RequestOptions {
  method?: string;
  query?: Query;
  body?: unknown;
  /** Raw body (File, Blob, FormData, text) sent as is. */
  raw?: BodyInit;
  contentType?: string;
  headers?: Record<string, string>;
  /** Give the Response back untouched (downloads). */
  asResponse?: boolean;
}

async function send(path: string, o: RequestOptions, token: string | undefined): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json', ...o.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (o.raw !== undefined) {
    body = o.raw;
    if (o.contentType) headers['Content-Type'] = o.contentType;
  } else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['Content-Type'] = 'application/json';
  }
  try {
    return await fetch(`${API_BASE}${withQuery(path, o.query)}`, { method: o.method ?? 'GET', headers, body, credentials: 'same-origin' });
  } catch (err) {
    throw new ApiError({ status: 0, code: 'network_error', detail: err instanceof Error ? err.message : String(err) });
  }
}

/**
 * Calls the gateway with the signed-in user's access token. A 401 triggers one refresh with
 * the rotating refresh token and one retry; if that fails the session ends.
 */
export async function api<T>(path: string, o: RequestOptions = {}): Promise<T> {
  let s = getSession();
  if (s && s.expiresAt - Date.now() < 15_000) s = (await refreshSession()) ?? s;
  let res = await send(path, o, s?.accessToken);
  if (res.status === 401 && s) {
    const next = await refreshSession();
    if (next) res = await send(path, o, next.accessToken);
  }
  if (!res.ok) throw new ApiError(await toProblem(res));
  if (o.asResponse) return res as unknown as T;
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

/** Upload with progress (fetch cannot report upload progress; XHR can). */
export function upload<T>(path: string, body: Blob | FormData, contentType: string | undefined, onProgress: (fraction: number) => void, headers: Record<string, string> = {}): Promise<T> {
  const attempt = (token: string | undefined) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${API_BASE}${path}`);
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
      if (contentType) xhr.setRequestHeader('Content-Type', contentType);
      xhr.setRequestHeader('Accept', 'application/json, application/problem+json');
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
      xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network_error', detail: 'network error' }));
      xhr.send(body);
    });
  return (async () => {
    let r = await attempt(getSession()?.accessToken);
    if (r.status === 401 && getSession()) {
      const next = await refreshSession();
      if (next) r = await attempt(next.accessToken);
    }
    onProgress(1);
    if (r.status >= 400) throw new ApiError(await toProblem(new Response(r.text, { status: r.status })));
    return (r.text ? JSON.parse(r.text) : undefined) as T;
  })();
}

/** Fetches a file with the access token (a plain link could not send it) as a Blob. */
export async function fetchBlob(path: string, query?: Query, onProgress?: (fraction: number | null) => void): Promise<Blob> {
  const res = await api<Response>(path, { query, asResponse: true, headers: { Accept: '*/*' } });
  const total = Number(res.headers.get('content-length') ?? 0);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = res.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      onProgress?.(total ? received / total : null);
    }
  }
  const blob = new Blob(chunks as BlobPart[], { type: res.headers.get('content-type') ?? 'application/octet-stream' });
  onProgress?.(1);
  return blob;
}

/** Hands a Blob to the browser as a download under its own name. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Fetches a file with the access token and hands it to the browser as a download. */
export async function download(path: string, query: Query | undefined, fileName: string, onProgress?: (fraction: number | null) => void): Promise<void> {
  saveBlob(await fetchBlob(path, query, onProgress), fileName);
}
