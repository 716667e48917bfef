import type { Lang } from '../i18n';

const ZONE = 'Asia/Shanghai';

/** "2 天 3 小时" / "2 d 3 h": the two largest units, enough for a countdown at a glance. */
export function formatDuration(ms: number, lang: Lang): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const units = lang === 'en' ? { d: ' d', h: ' h', m: ' min', s: ' s' } : { d: ' 天', h: ' 小时', m: ' 分', s: ' 秒' };
  const parts: string[] = [];
  if (d) parts.push(`${d}${units.d}`);
  if (h || d) parts.push(`${h}${units.h}`);
  if (!d) parts.push(`${m}${units.m}`);
  if (!d && !h) parts.push(`${s}${units.s}`);
  return parts.slice(0, 2).join(' ');
}

export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-CA' : 'zh-CN', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

/** A rate is a percent already (98.5); null means nothing was decided yet. */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return '—';
  return `${rate.toFixed(1)}%`;
}

export function formatNumber(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'zh-CN').format(n);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Today's date in the bureau's zone, as YYYY-MM-DD. */
export function todayIso(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** First day of the month `monthsBack` months before `now` (bureau zone), YYYY-MM-DD. */
export function monthStartIso(now: Date, monthsBack: number): string {
  const [y, m] = todayIso(now).split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) - monthsBack;
  return `${Math.floor(idx / 12)}-${String((idx % 12) + 1).padStart(2, '0')}-01`;
}

/** Whole days from today (the browser's calendar) to a date (YYYY-MM-DD); negative once it has passed. */
export function daysUntil(date: string, now = new Date()): number {
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((Date.parse(`${date}T00:00:00Z`) - today) / 86_400_000);
}
