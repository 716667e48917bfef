import type { Lang } from './narrative';
import { CATEGORY_WORDS, PRIORITY_WORDS, REQUEST_STATE_WORDS, type Words } from './words';

/** What an audit entry is about. */
export type AuditKind = 'enterprise' | 'contact' | 'request' | 'user' | 'policy' | 'calendar' | 'rules';

export interface AuditActor {
  id: string;
  role: string;
  name: string | null;
}

export interface AuditChange {
  field: string;
  before: string | null;
  after: string | null;
}

/** One change someone (or the system) made, as the trail shows it. Keyed by the event id. */
export interface AuditEntry {
  id: string;
  at: string;
  type: string;
  kind: AuditKind;
  actor: AuditActor | null;
  subjectId: string;
  /** A name for the subject where the event carries one (the enterprise's name, the request's title). */
  subjectName: string | null;
  enterpriseId: string | null;
  requestId: string | null;
  cityCode: string | null;
  changes: AuditChange[];
}

/** The envelope fields an audit entry is read from. */
export interface AuditSource {
  id: string;
  type: string;
  time: string;
  subject: string;
  actorid?: string;
  actorrole?: string;
  actorname?: string;
  data: unknown;
}


/** The words for each event the trail records; an event type not listed here is not audited. */
export const EVENT_WORDS: Record<string, Words> = {
  'accounts.enterprise.registered': { 'zh-CN': '登记企业', en: 'Registered the enterprise' },
  'accounts.enterprise.updated': { 'zh-CN': '修改企业信息', en: 'Changed the enterprise' },
  'accounts.enterprise.flagged': { 'zh-CN': '修改企业标记', en: 'Changed a flag of the enterprise' },
  'accounts.enterprise.closed': { 'zh-CN': '注销企业', en: 'Closed the enterprise' },
  'accounts.enterprise.reopened': { 'zh-CN': '恢复企业', en: 'Reopened the enterprise' },
  'accounts.contact.added': { 'zh-CN': '添加联系人', en: 'Added a contact' },
  'accounts.contact.updated': { 'zh-CN': '修改联系人', en: 'Changed a contact' },
  'accounts.contact.removed': { 'zh-CN': '删除联系人', en: 'Removed a contact' },
  'requests.request.filed': { 'zh-CN': '提交服务请求', en: 'Filed the request' },
  'requests.request.responded': { 'zh-CN': '响应请求', en: 'Responded' },
  'requests.request.status-changed': { 'zh-CN': '变更请求状态', en: 'Changed the status' },
  'requests.request.paused': { 'zh-CN': '暂停计时', en: 'Paused the clock' },
  'requests.request.resumed': { 'zh-CN': '恢复计时', en: 'Resumed the clock' },
  'requests.request.resolved': { 'zh-CN': '提交解决方案', en: 'Resolved' },
  'requests.request.reopened': { 'zh-CN': '重新打开请求', en: 'Reopened the request' },
  'requests.request.closed': { 'zh-CN': '关闭请求', en: 'Closed the request' },
  'requests.request.withdrawn': { 'zh-CN': '撤回请求', en: 'Withdrew the request' },
  'requests.request.escalated': { 'zh-CN': '升级请求', en: 'Escalated the request' },
  'requests.request.extension-requested': { 'zh-CN': '申请延期', en: 'Asked for an extension' },
  'requests.request.extension-decided': { 'zh-CN': '审批延期', en: 'Decided on an extension' },
  'requests.request.imported': { 'zh-CN': '导入历史请求', en: 'Imported a past request' },
  'assignment.assignment.assigned': { 'zh-CN': '分派请求', en: 'Assigned the request' },
  'assignment.assignment.transferred': { 'zh-CN': '转办请求', en: 'Transferred the request' },
  'assignment.assignment.escalated': { 'zh-CN': '按时限升级', en: 'Escalated by the time limit' },
  'identity.user.created': { 'zh-CN': '创建用户', en: 'Created the user' },
  'identity.user.updated': { 'zh-CN': '修改用户', en: 'Changed the user' },
  'identity.user.disabled': { 'zh-CN': '停用用户', en: 'Disabled the user' },
  'sla.policy.saved': { 'zh-CN': '修改时限规则', en: 'Changed the SLA policy' },
  'sla.calendar.saved': { 'zh-CN': '修改工作日历', en: 'Changed the business calendar' },
  'assignment.rules.changed': { 'zh-CN': '修改分派规则', en: 'Changed the routing rules' },
};

export const ROLE_WORDS: Record<string, Words> = {
  enterprise: { 'zh-CN': '企业用户', en: 'Enterprise user' },
  liaison: { 'zh-CN': '联络员', en: 'Liaison' },
  city_manager: { 'zh-CN': '市局管理员', en: 'City manager' },
  province_manager: { 'zh-CN': '省局管理员', en: 'Provincial manager' },
  admin: { 'zh-CN': '系统管理员', en: 'Administrator' },
  service: { 'zh-CN': '系统', en: 'System' },
};

/** Field names of the events, in words; a field not listed is shown as it is named. */
const FIELD_WORDS: Record<string, Words> = {
  name: { 'zh-CN': '名称', en: 'Name' },
  nameEn: { 'zh-CN': '英文名称', en: 'English name' },
  cityCode: { 'zh-CN': '所在市', en: 'City' },
  districtCode: { 'zh-CN': '所在区县', en: 'District' },
  address: { 'zh-CN': '地址', en: 'Address' },
  industry: { 'zh-CN': '行业', en: 'Industry' },
  size: { 'zh-CN': '规模', en: 'Size' },
  tags: { 'zh-CN': '标签', en: 'Tags' },
  status: { 'zh-CN': '状态', en: 'Status' },
  contactPoint: { 'zh-CN': '联系点', en: 'Contact point' },
  keyEnergyUnit: { 'zh-CN': '重点用能单位', en: 'Key energy-using unit' },
  integrityCommitment: { 'zh-CN': '诚信计量承诺', en: 'Integrity commitment' },
  integrityDemonstration: { 'zh-CN': '诚信计量示范', en: 'Integrity demonstration' },
  role: { 'zh-CN': '角色', en: 'Role' },
  active: { 'zh-CN': '启用', en: 'Active' },
  contact: { 'zh-CN': '联系人', en: 'Contact' },
  primary: { 'zh-CN': '主要联系人', en: 'Primary contact' },
  phone: { 'zh-CN': '电话', en: 'Phone' },
  email: { 'zh-CN': '电子邮箱', en: 'E-mail' },
  state: { 'zh-CN': '状态', en: 'Status' },
  assignee: { 'zh-CN': '承办人', en: 'Assignee' },
  level: { 'zh-CN': '级别', en: 'Level' },
  reason: { 'zh-CN': '原因', en: 'Reason' },
  solved: { 'zh-CN': '已解决', en: 'Solved' },
  satisfied: { 'zh-CN': '满意', en: 'Satisfied' },
  approved: { 'zh-CN': '批准', en: 'Approved' },
  title: { 'zh-CN': '标题', en: 'Title' },
  responseHours: { 'zh-CN': '响应时限（小时）', en: 'Response target (hours)' },
  resolutionWorkingDays: { 'zh-CN': '办结时限（工作日）', en: 'Resolution target (working days)' },
  returnVisitWorkingDays: { 'zh-CN': '回访时限（工作日）', en: 'Return-visit deadline (working days)' },
  calendarId: { 'zh-CN': '工作日历', en: 'Calendar' },
  holidays: { 'zh-CN': '节假日数', en: 'Holidays' },
  workdays: { 'zh-CN': '调休工作日数', en: 'Make-up working days' },
  year: { 'zh-CN': '载入年度', en: 'Year loaded' },
};

const VALUE_WORDS: Record<string, Words> = {
  true: { 'zh-CN': '是', en: 'yes' },
  changed: { 'zh-CN': '已修改', en: 'changed' },
  removed: { 'zh-CN': '已删除', en: 'removed' },
  false: { 'zh-CN': '否', en: 'no' },
  city: { 'zh-CN': '市局', en: 'city' },
  province: { 'zh-CN': '省局', en: 'province' },
  active: { 'zh-CN': '正常', en: 'active' },
  on_hold: { 'zh-CN': '暂停', en: 'on hold' },
  // A request's states read in the audit as on the request itself.
  ...REQUEST_STATE_WORDS,
  ...ROLE_WORDS,
};

const text = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(String).join('、');
  return String(v);
};

type Data = Record<string, unknown>;

function enterpriseChanges(type: string, d: Data): AuditChange[] {
  const flags = (d.flags ?? {}) as Data;
  if (type === 'accounts.enterprise.flagged') return [{ field: String(d.flag), before: text(!d.value), after: text(d.value) }];
  if (type === 'accounts.enterprise.updated') {
    // The event carries the enterprise after the change, not before: only the new values are known.
    return ((d.changed ?? []) as string[]).map((f) => (f.startsWith('flags.') ? { field: f.slice(6), before: null, after: text(flags[f.slice(6)]) } : { field: f, before: null, after: text(d[f]) }));
  }
  if (type === 'accounts.enterprise.closed') return [{ field: 'status', before: 'active', after: 'closed' }];
  if (type === 'accounts.enterprise.reopened') return [{ field: 'status', before: 'closed', after: 'active' }];
  return [];
}

function requestChanges(type: string, d: Data): AuditChange[] {
  switch (type) {
    case 'requests.request.status-changed':
      return [{ field: 'state', before: text(d.from), after: text(d.to) }];
    case 'requests.request.escalated':
    case 'assignment.assignment.escalated':
      return [{ field: 'level', before: null, after: text(d.level) }];
    case 'requests.request.resolved':
      return [{ field: 'solved', before: null, after: text(d.solved) }];
    case 'requests.request.closed':
      return d.satisfied === null || d.satisfied === undefined ? [] : [{ field: 'satisfied', before: null, after: text(d.satisfied) }];
    case 'requests.request.extension-decided':
      return [{ field: 'approved', before: null, after: text(d.approved) }];
    case 'assignment.assignment.assigned':
      return [{ field: 'assignee', before: null, after: text(d.assigneeName ?? null) }];
    case 'assignment.assignment.transferred':
      return [{ field: 'cityCode', before: null, after: text(d.toCityCode) }];
    default:
      return [];
  }
}

type Rule = { category: string; liaisonIds?: string[]; routeToCityCode?: string };

/** A rule as a value: `route:<city>`, `liaisons:<id>,<id>` or `default`; shown with names (see `ruleWords`). */
const ruleValue = (r: Rule | undefined): string => (r?.routeToCityCode ? `route:${r.routeToCityCode}` : r?.liaisonIds?.length ? `liaisons:${r.liaisonIds.join(',')}` : 'default');

function rulesChanges(d: Data): AuditChange[] {
  const now = (d.categories ?? []) as Rule[];
  const before = (d.previous ?? []) as Rule[];
  const categories = [...new Set([...before, ...now].map((r) => r.category))];
  return categories
    .map((cat) => ({ field: `category:${cat}`, before: ruleValue(before.find((r) => r.category === cat)), after: ruleValue(now.find((r) => r.category === cat)) }))
    .filter((c) => c.before !== c.after);
}

/**
 * The audit entry an event makes, or null when it makes none. Requests' lifecycle steps are
 * always recorded (older producers did not name the actor; their data may); every other change
 * is recorded only when the event names who made it.
 */
export function auditEntryOf(e: AuditSource): AuditEntry | null {
  if (!EVENT_WORDS[e.type]) return null;
  const d = (e.data ?? {}) as Data;
  const actor: AuditActor | null = e.actorid
    ? { id: e.actorid, role: e.actorrole ?? 'unknown', name: e.actorname ?? null }
    : typeof d.by === 'string'
      ? { id: d.by, role: d.by === 'system' ? 'service' : 'unknown', name: null }
      : typeof d.filedBy === 'string'
        ? { id: d.filedBy, role: text(d.filedByRole) ?? 'unknown', name: null }
        : null;
  const base = { id: e.id, at: e.time, type: e.type, actor, changes: [] as AuditChange[] };
  const [context] = e.type.split('.');
  if (context === 'requests' || e.type.startsWith('assignment.assignment.')) {
    const requestId = String(d.requestId ?? e.subject);
    const cityCode = text(d.toCityCode ?? d.cityCode);
    return { ...base, kind: 'request', subjectId: requestId, subjectName: text(d.title), enterpriseId: text(d.enterpriseId), requestId, cityCode, changes: requestChanges(e.type, d) };
  }
  if (!actor) return null;
  if (e.type.startsWith('accounts.enterprise.')) {
    return { ...base, kind: 'enterprise', subjectId: String(d.enterpriseId), subjectName: text(d.name), enterpriseId: String(d.enterpriseId), requestId: null, cityCode: text(d.cityCode), changes: enterpriseChanges(e.type, d) };
  }
  if (e.type === 'sla.policy.saved') {
    const previous = (d.previous ?? null) as Data | null;
    const fields = ['responseHours', 'resolutionWorkingDays', 'returnVisitWorkingDays', 'calendarId'];
    const changes = fields.filter((f) => !previous || previous[f] !== d[f]).map((f) => ({ field: f, before: previous ? text(previous[f]) : null, after: text(d[f]) }));
    return { ...base, kind: 'policy', subjectId: String(d.policyId), subjectName: null, enterpriseId: null, requestId: null, cityCode: null, changes };
  }
  if (e.type === 'assignment.rules.changed') {
    return { ...base, kind: 'rules', subjectId: String(d.cityCode), subjectName: null, enterpriseId: null, requestId: null, cityCode: text(d.cityCode), changes: rulesChanges(d) };
  }
  if (e.type === 'sla.calendar.saved') {
    const changes = [{ field: 'holidays', before: null, after: text(d.holidays) }, { field: 'workdays', before: null, after: text(d.workdays) }, ...(d.year ? [{ field: 'year', before: null, after: text(d.year) }] : [])];
    return { ...base, kind: 'calendar', subjectId: String(d.calendarId), subjectName: text(d.name), enterpriseId: null, requestId: null, cityCode: null, changes };
  }
  if (e.type === 'accounts.contact.added') {
    return { ...base, kind: 'contact', subjectId: String(d.contactId), subjectName: text(d.name), enterpriseId: String(d.enterpriseId), requestId: null, cityCode: null, changes: [{ field: 'contact', before: null, after: text(d.name) }] };
  }
  if (e.type === 'accounts.contact.updated') {
    const before = (d.previous ?? {}) as Data;
    const changed = Array.isArray(d.changed) ? d.changed.map(String) : [];
    // Phone and e-mail values never travel in events: the trail says they changed.
    const changes = changed.map((field) => (field in before ? { field, before: text(before[field]), after: text(d[field]) } : { field, before: null, after: 'changed' }));
    return { ...base, kind: 'contact', subjectId: String(d.contactId), subjectName: text(d.name), enterpriseId: String(d.enterpriseId), requestId: null, cityCode: null, changes };
  }
  if (e.type === 'accounts.contact.removed') {
    return { ...base, kind: 'contact', subjectId: String(d.contactId), subjectName: text(d.name), enterpriseId: String(d.enterpriseId), requestId: null, cityCode: null, changes: [{ field: 'contact', before: text(d.name), after: 'removed' }] };
  }
  return { ...base, kind: 'user', subjectId: String(d.userId), subjectName: text(d.name), enterpriseId: null, requestId: null, cityCode: text(d.cityCode), changes: [{ field: 'role', before: null, after: text(d.role) }, { field: 'active', before: null, after: text(d.active) }] };
}

/** Identity's user events name people: the trail shows these names where the event has none. */
export function userNameOf(e: AuditSource): { userId: string; name: string; version: number } | null {
  if (!e.type.startsWith('identity.user.')) return null;
  const d = e.data as Data;
  return typeof d.userId === 'string' && typeof d.name === 'string' ? { userId: d.userId, name: d.name, version: Number(d.version ?? 0) } : null;
}

/** An entry as a person reads it, in their language: names and words, no ids or codes. */
export interface AuditLine {
  id: string;
  at: string;
  what: string;
  actorName: string;
  actorRole: string;
  subject: string;
  changes: string;
}

const words = (table: Record<string, Words>, key: string, lang: Lang) => table[key]?.[lang] ?? key;

const SUBJECT_WORDS: Record<AuditKind, Words> = {
  enterprise: { 'zh-CN': '企业', en: 'Enterprise' },
  contact: { 'zh-CN': '联系人', en: 'Contact' },
  request: { 'zh-CN': '服务请求', en: 'Request' },
  user: { 'zh-CN': '用户', en: 'User' },
  policy: { 'zh-CN': '时限规则', en: 'SLA policy' },
  calendar: { 'zh-CN': '工作日历', en: 'Business calendar' },
  rules: { 'zh-CN': '分派规则', en: 'Routing rules' },
};

/**
 * The actor's name: the event's own, else the one identity published, else only the role's
 * words (an id is never shown).
 */
export function actorName(actor: AuditActor | null, names: ReadonlyMap<string, string>, lang: Lang): string {
  if (!actor) return UNKNOWN[lang];
  if (actor.id === 'system' || actor.role === 'service') return ROLE_WORDS.service![lang];
  return actor.name ?? names.get(actor.id) ?? roleWords(actor.role, lang);
}

const UNKNOWN: Words = { 'zh-CN': '未知', en: 'Unknown' };
/** Older events name only the user, not the role: the role is then unknown, never shown as a code. */
const roleWords = (role: string, lang: Lang) => (ROLE_WORDS[role] ?? UNKNOWN)[lang];

/** Times as the bureau reads them: Asia/Shanghai, to the minute. */
export function localTime(iso: string): string {
  const t = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

/** A routing rule in words: where it sends the category, or to whom, by name. */
function ruleWords(v: string, names: ReadonlyMap<string, string>, lang: Lang): string {
  const [how, what = ''] = v.split(/:(.*)/s);
  if (how === 'route') return `${lang === 'en' ? 'sent to' : '转至'} ${names.get(what) ?? what}`;
  if (how === 'liaisons') return `${lang === 'en' ? 'only' : '仅限'} ${what.split(',').map((id) => names.get(id) ?? (lang === 'en' ? 'a liaison' : '一名联络员')).join(lang === 'en' ? ', ' : '、')}`;
  return lang === 'en' ? 'default routing' : '默认分派';
}

/** The subject's own name; a policy is named by its category and priority in words, rules by their city. */
function subjectNameOf(e: AuditEntry, names: ReadonlyMap<string, string>, lang: Lang): string | null {
  if (e.kind === 'rules') return names.get(e.subjectId) ?? null;
  if (e.kind !== 'policy') return e.subjectName;
  const [category = '', priority = ''] = e.subjectId.split(':');
  return `${words(CATEGORY_WORDS, category, lang)} · ${words(PRIORITY_WORDS, priority, lang)}`;
}

export function auditLine(e: AuditEntry, names: ReadonlyMap<string, string>, lang: Lang): AuditLine {
  const rule = e.kind === 'rules';
  const value = (v: string | null) => (v === null ? '' : rule ? ruleWords(v, names, lang) : words(VALUE_WORDS, v, lang));
  const field = (f: string) => (f.startsWith('category:') ? words(CATEGORY_WORDS, f.slice(9), lang) : words(FIELD_WORDS, f, lang));
  const changes = e.changes
    .filter((c) => c.after !== null || c.before !== null)
    .map((c) => `${field(c.field)}: ${c.before === null ? '' : `${value(c.before)} → `}${value(c.after)}`)
    .join(lang === 'en' ? '; ' : '；');
  const name = subjectNameOf(e, names, lang);
  const subject = `${SUBJECT_WORDS[e.kind][lang]}${name ? ` ${name}` : ''}`;
  return {
    id: e.id,
    at: e.at,
    what: words(EVENT_WORDS, e.type, lang),
    actorName: actorName(e.actor, names, lang),
    actorRole: e.actor ? roleWords(e.actor.role, lang) : '',
    subject,
    changes,
  };
}

export const AUDIT_COLUMNS: { key: keyof AuditLine; zh: string; en: string }[] = [
  { key: 'at', zh: '时间', en: 'Time' },
  { key: 'actorName', zh: '操作人', en: 'By' },
  { key: 'actorRole', zh: '角色', en: 'Role' },
  { key: 'what', zh: '操作', en: 'What' },
  { key: 'subject', zh: '对象', en: 'Subject' },
  { key: 'changes', zh: '变更', en: 'Changes' },
];

/** Oldest first, ties by event id (uuid v7: creation order). */
export const byTime = (a: AuditEntry, b: AuditEntry) => (a.at === b.at ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.at < b.at ? -1 : 1);

/** A page after the cursor (the last entry's id of the previous page). */
export function page(sorted: AuditEntry[], after: string | undefined, limit: number): { items: AuditEntry[]; nextCursor: string | null } {
  const start = after ? sorted.findIndex((e) => e.id === after) + 1 : 0;
  const items = sorted.slice(start, start + limit);
  return { items, nextCursor: start + limit < sorted.length ? items[items.length - 1]!.id : null };
}
