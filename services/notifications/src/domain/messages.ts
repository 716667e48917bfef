import type { Details, Kind } from './kinds';
import type { Language, UserRole } from './people';

/** What a message may say about its request and the event. */
export interface MessageContext extends Details {
  /** Null for what concerns no request (a staff member's qualification file). */
  requestId: string | null;
  title: string | null;
  /** The request's number (210100-2026-000123), when it has one. */
  number?: string | null;
}

export interface Message {
  subject: string;
  body: string;
  link: string;
}

type Words = (c: MessageContext & { t: string; when: string }) => { subject: string; body: string };

const WORDS: Record<Kind, Record<Language, Words>> = {
  request_received: {
    'zh-CN': ({ t, deadline, when }) => ({ subject: `已受理：${t}`, body: deadline ? `您的服务请求“${t}”已受理，联络员将于 ${when}前响应。` : `您的服务请求“${t}”已受理，联络员将在承诺时限内响应。` }),
    en: ({ t, deadline, when }) => ({ subject: `Received: ${t}`, body: deadline ? `Your service request "${t}" was received; a liaison will respond by ${when}.` : `Your service request "${t}" was received; a liaison will respond within the promised time.` }),
  },
  request_responded: {
    'zh-CN': ({ t }) => ({ subject: `已响应：${t}`, body: `联络员已响应您的服务请求“${t}”。` }),
    en: ({ t }) => ({ subject: `Responded: ${t}`, body: `A liaison has responded to your service request "${t}".` }),
  },
  question_asked: {
    'zh-CN': ({ t }) => ({ subject: `需要您答复：${t}`, body: `联络员就服务请求“${t}”向您提出了问题，请尽快答复。` }),
    en: ({ t }) => ({ subject: `Your answer is needed: ${t}`, body: `The liaison asked you a question about "${t}". Please answer it.` }),
  },
  request_resolved: {
    'zh-CN': ({ t }) => ({ subject: `已解决，请评价：${t}`, body: `服务请求“${t}”已解决，请在回访中评价本次服务。` }),
    en: ({ t }) => ({ subject: `Resolved, please rate: ${t}`, body: `Your service request "${t}" is resolved. Please rate the service in the return visit.` }),
  },
  request_closed: {
    'zh-CN': ({ t }) => ({ subject: `已办结：${t}`, body: `服务请求“${t}”已办结。感谢您的配合。` }),
    en: ({ t }) => ({ subject: `Closed: ${t}`, body: `Your service request "${t}" is closed. Thank you.` }),
  },
  assigned_to_you: {
    'zh-CN': ({ t }) => ({ subject: `新分派给您：${t}`, body: `服务请求“${t}”已分派给您，请在时限内响应。` }),
    en: ({ t }) => ({ subject: `Assigned to you: ${t}`, body: `The service request "${t}" is now yours; respond within the promised time.` }),
  },
  enterprise_answered: {
    'zh-CN': ({ t }) => ({ subject: `企业已答复：${t}`, body: `企业已答复您就“${t}”提出的问题。` }),
    en: ({ t }) => ({ subject: `The enterprise answered: ${t}`, body: `The enterprise answered your question about "${t}".` }),
  },
  sla_warning: {
    'zh-CN': ({ t, threshold, when }) => ({ subject: `时限已过 ${threshold ?? ''}%：${t}`, body: `服务请求“${t}”的时限已用去 ${threshold ?? ''}%，截止时间 ${when}。` }),
    en: ({ t, threshold, when }) => ({ subject: `${threshold ?? ''}% of the time used: ${t}`, body: `${threshold ?? ''}% of the time for "${t}" is used; the deadline is ${when}.` }),
  },
  sla_breached: {
    'zh-CN': ({ t, when }) => ({ subject: `已超时：${t}`, body: `服务请求“${t}”已超过截止时间 ${when}。` }),
    en: ({ t, when }) => ({ subject: `Overdue: ${t}`, body: `The service request "${t}" missed its deadline of ${when}.` }),
  },
  return_unsatisfied: {
    'zh-CN': ({ t }) => ({ subject: `回访不满意：${t}`, body: `企业对服务请求“${t}”的回访结果不满意，请求已重新打开。` }),
    en: ({ t }) => ({ subject: `Return visit unsatisfied: ${t}`, body: `The enterprise was not satisfied with "${t}"; the request is open again.` }),
  },
  unroutable: {
    'zh-CN': ({ t }) => ({ subject: `无法自动分派：${t}`, body: `服务请求“${t}”无法自动分派给联络员，请手工分派。` }),
    en: ({ t }) => ({ subject: `Could not be routed: ${t}`, body: `No liaison could be found for "${t}"; please assign it by hand.` }),
  },
  escalated: {
    'zh-CN': ({ t, level }) => ({ subject: `已升级${level === 'province' ? '至省局' : '至市局'}：${t}`, body: `服务请求“${t}”已升级${level === 'province' ? '至省局' : '至市局'}，请关注处理。` }),
    en: ({ t, level }) => ({ subject: `Escalated to the ${level === 'province' ? 'province' : 'city bureau'}: ${t}`, body: `The service request "${t}" was escalated to the ${level === 'province' ? 'province' : 'city bureau'}; please see to it.` }),
  },
  response_deadline: {
    'zh-CN': ({ t, when }) => ({ subject: `响应时限：${t}`, body: `联络员将于 ${when}前响应您的服务请求“${t}”。` }),
    en: ({ t, when }) => ({ subject: `Response due: ${t}`, body: `A liaison will respond to your service request "${t}" by ${when}.` }),
  },
  visit_scheduled: {
    'zh-CN': (c) => ({ subject: `已安排上门检定：${c.t}`, body: `服务请求“${c.t}”的上门检定已安排在 ${visitWhen(c, 'zh-CN')}，检定人员：${people(c.verifiers, 'zh-CN')}。` }),
    en: (c) => ({ subject: `Visit scheduled: ${c.t}`, body: `The on-site verification for "${c.t}" is scheduled for ${visitWhen(c, 'en')}; verifiers: ${people(c.verifiers, 'en')}.` }),
  },
  visit_rescheduled: {
    'zh-CN': (c) => ({ subject: `上门检定改期：${c.t}`, body: `服务请求“${c.t}”的上门检定改至 ${visitWhen(c, 'zh-CN')}，检定人员：${people(c.verifiers, 'zh-CN')}。` }),
    en: (c) => ({ subject: `Visit moved: ${c.t}`, body: `The on-site verification for "${c.t}" moved to ${visitWhen(c, 'en')}; verifiers: ${people(c.verifiers, 'en')}.` }),
  },
  visit_flagged: {
    'zh-CN': (c) => ({ subject: `检定人员资质失效：${c.t}`, body: `服务请求“${c.t}”定于 ${visitWhen(c, 'zh-CN')}的上门检定，检定人员${c.verifierName ?? ''}的资质已失效，请更换人员或改期。` }),
    en: (c) => ({ subject: `A verifier lost their qualification: ${c.t}`, body: `${c.verifierName ?? 'A verifier'}, due at the visit for "${c.t}" on ${visitWhen(c, 'en')}, lost their qualification; please change the verifier or the date.` }),
  },
  return_visit_due: {
    'zh-CN': ({ t, when }) => ({ subject: `请评价：${t}`, body: `服务请求“${t}”已解决，请于 ${when}前完成回访评价；逾期未评价的，请求将按“未答复”办结。` }),
    en: ({ t, when }) => ({ subject: `Please rate: ${t}`, body: `Your service request "${t}" is resolved. Please rate the service by ${when}; after that it closes as "no answer".` }),
  },
  qualification_expiring: {
    'zh-CN': (c) => ({ subject: `资质即将到期：${c.personName ?? ''}`, body: `贵单位人员${c.personName ?? ''}的${qualificationName(c.qualification, 'zh-CN')}资质将于 ${c.expiresOn ?? ''} 到期${c.daysLeft === undefined ? '' : `（还有 ${c.daysLeft} 天）`}，请及时办理复审或换证。` }),
    en: (c) => ({ subject: `Qualification expiring: ${c.personName ?? ''}`, body: `The ${qualificationName(c.qualification, 'en')} qualification of ${c.personName ?? 'a member of your staff'} expires on ${c.expiresOn ?? ''}${c.daysLeft === undefined ? '' : ` (in ${c.daysLeft} day${c.daysLeft === 1 ? '' : 's'})`}; please renew it in time.` }),
  },
  instruments_overdue: {
    'zh-CN': (c) => ({ subject: `强制检定器具逾期：${c.overdueCount ?? 0} 台`, body: `截至 ${c.runDate ?? ''}，本市有 ${c.overdueCount ?? 0} 台在用强制检定计量器具超过检定有效期，涉及 ${c.enterpriseCount ?? 0} 家企业，最早应于 ${c.oldestDueOn ?? ''} 检定。请联系企业尽快安排检定。` }),
    en: (c) => ({ subject: `Compulsory instruments overdue: ${c.overdueCount ?? 0}`, body: `As of ${c.runDate ?? ''}, ${c.overdueCount ?? 0} compulsory instrument${c.overdueCount === 1 ? ' is' : 's are'} in use past verification in your city, at ${c.enterpriseCount ?? 0} enterprise${c.enterpriseCount === 1 ? '' : 's'}; the oldest was due on ${c.oldestDueOn ?? ''}. Please contact the enterprises to arrange verification soon.` }),
  },
  city_daily_digest: { 'zh-CN': (c) => digestWords(c, 'zh-CN'), en: (c) => digestWords(c, 'en') },
  province_weekly_digest: { 'zh-CN': (c) => digestWords(c, 'zh-CN'), en: (c) => digestWords(c, 'en') },
};

function digestWords(c: Details, lang: Language): { subject: string; body: string } {
  return c.digest?.[lang] ?? { subject: '', body: '' };
}

const SLOT: Record<Language, Record<'morning' | 'afternoon', string>> = { 'zh-CN': { morning: '上午', afternoon: '下午' }, en: { morning: 'morning', afternoon: 'afternoon' } };

/** A visit's day and half day as people say it: "2026-03-05 上午", "the morning of 2026-03-05". */
function visitWhen(c: Details, lang: Language): string {
  const day = c.visitDate ?? '';
  if (!c.slot) return day;
  return lang === 'en' ? `the ${SLOT.en[c.slot]} of ${day}` : `${day} ${SLOT['zh-CN'][c.slot]}`;
}

const people = (names: string[] | undefined, lang: Language): string => (names?.length ? names.join(lang === 'en' ? ', ' : '、') : lang === 'en' ? 'to be named' : '待定');

/**
 * The qualification types' names (services/qualifications/data/qualification-types.json): the
 * file event carries only the code, and a reader sees a name, never a code.
 */
const QUALIFICATION_NAMES: Record<string, Record<Language, string>> = {
  metrologist: { 'zh-CN': '计量员', en: 'metrologist' },
  verifier: { 'zh-CN': '检定员', en: 'verifier' },
  energy_metrologist: { 'zh-CN': '能源计量员', en: 'energy metrologist' },
};
const qualificationName = (code: string | undefined, lang: Language): string => (code && QUALIFICATION_NAMES[code]?.[lang]) ?? (lang === 'en' ? 'professional' : '从业');

const UNTITLED: Record<Language, string> = { 'zh-CN': '服务请求', en: 'service request' };

/** A deadline as people in the province read it: Beijing time, minutes. */
export function beijingTime(iso: string | undefined, lang: Language): string {
  if (!iso) return lang === 'en' ? 'the deadline' : '截止时间';
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  const text = d.toISOString().slice(0, 16).replace('T', ' ');
  return lang === 'en' ? `${text} (Beijing time)` : `${text}（北京时间）`;
}

/** The console page of the request for this role: enterprises have the portal, staff the work area. */
export function consolePath(role: UserRole, requestId: string): string {
  return role === 'enterprise' ? `/portal/requests/${encodeURIComponent(requestId)}` : `/work/requests/${encodeURIComponent(requestId)}`;
}

/**
 * Where a notification about no request takes its reader: an enterprise's staff
 * qualifications for a qualification notice, else their home page of the console.
 */
function homePath(kind: Kind, role: UserRole): string {
  if (kind === 'city_daily_digest') return '/work/queue';
  if (kind === 'province_weekly_digest') return '/work/reports';
  if (kind === 'instruments_overdue') return '/instruments/due';
  if (role !== 'enterprise') return '/work';
  return kind === 'qualification_expiring' ? '/portal/qualifications' : '/portal';
}

const NUMBER_LABEL: Record<Language, string> = { 'zh-CN': '请求编号：', en: 'Request number: ' };

/**
 * People quote a request by its number (on the phone, in a reply), so every message about a
 * request carries it: in brackets at the head of the subject, and named in the body.
 */
function numbered(words: { subject: string; body: string }, c: MessageContext, lang: Language): { subject: string; body: string } {
  if (!c.requestId || !c.number) return words;
  return { subject: `[${c.number}] ${words.subject}`, body: `${words.body}${lang === 'en' ? ' ' : ''}${NUMBER_LABEL[lang]}${c.number}${lang === 'en' ? '.' : '。'}` };
}

export function render(kind: Kind, lang: Language, role: UserRole, c: MessageContext): Message {
  const t = c.title ?? UNTITLED[lang];
  const words = numbered(WORDS[kind][lang]({ ...c, t, when: beijingTime(c.deadline, lang) }), c, lang);
  return { ...words, link: c.requestId ? consolePath(role, c.requestId) : homePath(kind, role) };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

const OPEN: Record<Language, string> = { 'zh-CN': '在控制台中查看', en: 'Open in the console' };
const FOOTER: Record<Language, string> = {
  'zh-CN': '此邮件由计量服务平台自动发送，请勿直接回复。',
  en: 'Sent by the metrology service desk; please do not reply to this email.',
};

/** One or more messages as an email: a text and an HTML body with links to the console. */
export function emailOf(messages: Message[], lang: Language, consoleUrl: string, subject?: string): { subject: string; text: string; html: string } {
  const url = (m: Message) => new URL(m.link, consoleUrl).toString();
  const text = [...messages.map((m) => `${m.body}\n${OPEN[lang]}: ${url(m)}`), FOOTER[lang]].join('\n\n');
  const items = messages.map((m) => `<p>${escapeHtml(m.body)}<br><a href="${escapeHtml(url(m))}">${OPEN[lang]}</a></p>`).join('\n');
  const html = `<!doctype html><html lang="${lang}"><body>\n${items}\n<p style="color:#666;font-size:12px">${FOOTER[lang]}</p>\n</body></html>`;
  return { subject: subject ?? messages[0]?.subject ?? '', text, html };
}

/** The subject of a person's daily or weekly digest. */
export function periodDigestSubject(period: 'daily' | 'weekly', count: number, lang: Language): string {
  if (lang === 'en') return `${period === 'daily' ? 'Daily' : 'Weekly'} digest: ${count} notification${count === 1 ? '' : 's'}`;
  return `${period === 'daily' ? '每日' : '每周'}通知摘要：${count} 条`;
}

/** The subject of a message that folds a burst into one. */
export function digestSubject(count: number, lang: Language): string {
  return lang === 'en' ? `${count} new notifications` : `您有 ${count} 条新通知`;
}
