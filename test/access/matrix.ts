import { OTHER, randomUscc, type Call, type Fixtures, type Role } from './fixtures';

/**
 * What each role may do to someone else's data, for every operation in contracts/http.
 * Every actor belongs to HOME (the enterprise user to HOME's enterprise); every target
 * belongs to OTHER's enterprise or city. Keys are `METHOD /<service><contract path>`.
 *
 * - ok: the call is let through (any answer but 401/403/404 or a 5xx);
 * - hidden: 404, the target's existence must not leak;
 * - forbidden: 403, the role may not do this at all (or not for that city);
 * - scoped: a list or report asked for OTHER's data: 403, or 200 showing none of it;
 * - absent: the role may call it, but the named sub-resource does not exist (404 is fine).
 */
export type Expect = 'ok' | 'hidden' | 'forbidden' | 'scoped' | 'absent';

export interface Entry {
  /** The path with its parameters filled in and any query string. */
  url(f: Fixtures): string | Promise<string>;
  body?(f: Fixtures): unknown;
  headers?: Record<string, string>;
  expect: Record<Role, Expect>;
  /** A further check of an answer the expectation let through; returns what is wrong. */
  check?(role: Role, res: Awaited<ReturnType<Call>>): string | null;
}

/** Sign-in, refresh and sign-out take no identity: one check each, without a token. */
export interface PublicEntry {
  public: true;
  body(f: Fixtures): unknown;
  status: number;
}

const e = (enterprise: Expect, liaison: Expect, city_manager: Expect, province_manager: Expect, admin: Expect): Record<Role, Expect> => ({ enterprise, liaison, city_manager, province_manager, admin });

/** Someone else's thing, by id: hidden from the scoped roles, open to the province-wide ones. */
const OTHERS = e('hidden', 'hidden', 'hidden', 'ok', 'ok');
/** Staff work on someone else's thing: enterprise users are refused by role (the same 403 for any id). */
const STAFF_OTHERS = e('forbidden', 'hidden', 'hidden', 'ok', 'ok');
/** A list or report asked for OTHER: the scoped roles see nothing of it. */
const SCOPED = e('scoped', 'scoped', 'scoped', 'ok', 'ok');
/** Reference data everyone reads. */
const ANYONE = e('ok', 'ok', 'ok', 'ok', 'ok');
const CSV = { 'content-type': 'text/csv' };
/** A city's staff importing a record of OTHER's enterprise: the row is refused (400), nothing stored. */
const refusedRow: Entry['check'] = (role, res) => (['liaison', 'city_manager'].includes(role) && res.status !== 400 ? `another city's USCC must be refused as a row error, got ${res.status}` : null);
/** Where transfers send the request: neither HOME nor OTHER, so it stays someone else's. */
const THIRD = '210700';
const today = () => new Date().toISOString().slice(0, 10);
const yearStart = () => `${today().slice(0, 4)}-01-01`;
const report = `from=${yearStart()}&to=${today()}&region=${OTHER}`;

export const MATRIX: Record<string, Entry | PublicEntry> = {
  // accounts: integrity and energy records (someone else's enterprise)
  'GET /accounts/enterprises/{id}/records': { url: (f) => `/accounts/enterprises/${f.enterprise.id}/records`, expect: OTHERS },
  'POST /accounts/integrity/commitments': { url: () => '/accounts/integrity/commitments', body: (f) => ({ uscc: f.enterprise.uscc, signedOn: today() }), expect: e('forbidden', 'ok', 'ok', 'ok', 'ok') },
  'POST /accounts/enterprises/{id}/integrity/commitments/{commitmentId}/withdraw': { url: (f) => `/accounts/enterprises/${f.enterprise.id}/integrity/commitments/no-such-commitment/withdraw`, body: () => ({ version: 1, withdrawnOn: today() }), expect: e('forbidden', 'hidden', 'hidden', 'absent', 'absent') },
  'POST /accounts/integrity/demonstrations': { url: () => '/accounts/integrity/demonstrations', body: (f) => ({ uscc: f.enterprise.uscc, year: Number(today().slice(0, 4)) }), expect: e('forbidden', 'forbidden', 'ok', 'ok', 'ok') },
  'POST /accounts/energy/reviews': { url: () => '/accounts/energy/reviews', body: (f) => ({ uscc: f.enterprise.uscc, date: today(), reviewers: ['张三'], instrumentsReviewed: 1 }), expect: e('forbidden', 'ok', 'ok', 'ok', 'ok') },
  'PUT /accounts/enterprises/{id}/energy/data-collection': { url: (f) => `/accounts/enterprises/${f.enterprise.id}/energy/data-collection`, body: () => ({ version: 1, status: 'manual', since: today() }), expect: e('forbidden', 'hidden', 'hidden', 'ok', 'ok') },
  // accounts: the records' XLSX import, template and export (bureau staff; a city's staff only their own)
  'GET /accounts/integrity/commitments/template': { url: () => '/accounts/integrity/commitments/template?lang=en', expect: e('forbidden', 'ok', 'ok', 'ok', 'ok') },
  'POST /accounts/integrity/commitments/import': { url: () => '/accounts/integrity/commitments/import?lang=en', body: (f) => `uscc,signedOn\n${f.enterprise.uscc},${today()}\n`, headers: CSV, expect: e('forbidden', 'ok', 'ok', 'ok', 'ok'), check: refusedRow },
  'GET /accounts/energy/reviews/template': { url: () => '/accounts/energy/reviews/template?lang=en', expect: e('forbidden', 'ok', 'ok', 'ok', 'ok') },
  'POST /accounts/energy/reviews/import': { url: () => '/accounts/energy/reviews/import?lang=en', body: (f) => `uscc,date,reviewers,instrumentsReviewed\n${f.enterprise.uscc},${today()},张三,1\n`, headers: CSV, expect: e('forbidden', 'ok', 'ok', 'ok', 'ok'), check: refusedRow },
  'GET /accounts/exports/integrity-commitments': { url: () => `/accounts/exports/integrity-commitments?cityCode=${OTHER}&lang=en`, expect: e('forbidden', 'scoped', 'scoped', 'ok', 'ok') },
  'GET /accounts/exports/energy-reviews': { url: () => `/accounts/exports/energy-reviews?cityCode=${OTHER}&lang=en`, expect: e('forbidden', 'scoped', 'scoped', 'ok', 'ok') },
  // accounts: the instrument registry (someone else's enterprise and its instruments)
  'GET /accounts/instruments': { url: () => `/accounts/instruments?cityCode=${OTHER}&limit=200`, expect: SCOPED },
  'POST /accounts/enterprises/{id}/instruments': { url: (f) => `/accounts/enterprises/${f.enterprise.id}/instruments`, body: () => ({ instrumentClass: 'gas_alarm', serialNo: `SN-${randomUscc(OTHER)}`, use: 'safety', cycleMonths: 12, lastVerifiedOn: today() }), expect: OTHERS },
  'POST /accounts/admin/instruments/due-scan': { url: () => '/accounts/admin/instruments/due-scan', body: () => ({}), expect: e('forbidden', 'forbidden', 'forbidden', 'forbidden', 'ok') },
  'GET /accounts/instruments/figures': { url: () => `/accounts/instruments/figures?cityCode=${OTHER}`, expect: SCOPED },
  'GET /accounts/exports/instrument-figures': { url: () => `/accounts/exports/instrument-figures?cityCode=${OTHER}&lang=en`, expect: SCOPED },
  'GET /accounts/instruments/planning': { url: () => `/accounts/instruments/planning?cityCode=${OTHER}`, expect: e('forbidden', 'scoped', 'scoped', 'ok', 'ok') },
  'GET /accounts/instruments/template': { url: () => '/accounts/instruments/template?lang=en', expect: ANYONE },
  'POST /accounts/enterprises/{id}/instruments/import': { url: (f) => `/accounts/enterprises/${f.enterprise.id}/instruments/import`, body: () => `instrumentClass,serialNo,use,cycleMonths,lastVerifiedOn\npressure_gauge,SN-${randomUscc(OTHER)},safety,6,${today()}\n`, headers: CSV, expect: OTHERS },
  'GET /accounts/instruments/{id}': { url: (f) => `/accounts/instruments/${f.instrumentId}`, expect: OTHERS },
  'PATCH /accounts/instruments/{id}': { url: (f) => `/accounts/instruments/${f.instrumentId}`, body: () => ({ version: 1, location: '别人的车间' }), expect: e('hidden', 'hidden', 'hidden', 'ok', 'ok') },
  'DELETE /accounts/instruments/{id}': { url: (f) => `/accounts/instruments/${f.instrumentId}`, headers: { 'if-match': '"999"' }, expect: OTHERS },
  // notifications: each user's own inbox and preferences; someone else's notification is absent
  'GET /notifications/notifications': { url: () => '/notifications/notifications', expect: ANYONE },
  'POST /notifications/notifications/{id}/read': { url: () => '/notifications/notifications/no-such-notification/read', expect: e('absent', 'absent', 'absent', 'absent', 'absent') },
  'POST /notifications/notifications/read-all': { url: () => '/notifications/notifications/read-all', expect: ANYONE },
  'GET /notifications/notifications/unread-by-request': { url: () => '/notifications/notifications/unread-by-request', expect: ANYONE },
  'GET /notifications/notifications/stream': { url: () => '/notifications/notifications/stream', expect: ANYONE },
  'GET /notifications/email-deliveries/failed': { url: () => '/notifications/email-deliveries/failed', expect: e('forbidden', 'forbidden', 'forbidden', 'forbidden', 'ok') },
  'GET /notifications/preferences': { url: () => '/notifications/preferences', expect: ANYONE },
  'PATCH /notifications/preferences': { url: () => '/notifications/preferences', body: () => ({}), expect: ANYONE },
  'PUT /notifications/preferences/muted/{requestId}': { url: (f) => `/notifications/preferences/muted/${f.requestId}`, expect: ANYONE },
  'DELETE /notifications/preferences/muted/{requestId}': { url: (f) => `/notifications/preferences/muted/${f.requestId}`, expect: ANYONE },
  'POST /notifications/webhooks': { url: () => '/notifications/webhooks', body: () => ({ cityCode: OTHER, url: 'http://127.0.0.1:9/hook', kinds: ['request_received'] }), expect: e('forbidden', 'forbidden', 'forbidden', 'ok', 'ok') },
  'GET /notifications/webhooks': { url: () => `/notifications/webhooks?cityCode=${OTHER}`, expect: SCOPED },
  'PATCH /notifications/webhooks/{id}': { url: () => '/notifications/webhooks/no-such-webhook', body: () => ({ active: false }), expect: e('absent', 'absent', 'absent', 'absent', 'absent') },
  'GET /notifications/webhooks/{id}/deliveries': { url: () => '/notifications/webhooks/no-such-webhook/deliveries', expect: e('absent', 'absent', 'absent', 'absent', 'absent') },
  'POST /notifications/webhooks/{id}/deliveries/{deliveryId}/replay': { url: () => '/notifications/webhooks/no-such-webhook/deliveries/no-such-delivery/replay', expect: e('absent', 'absent', 'absent', 'absent', 'absent') },
  // programmes
  'POST /programmes/campaigns': { url: () => '/programmes/campaigns', body: () => ({ name: '别人的专项活动', programme: 'livelihood', organiser: { kind: 'city', code: OTHER }, startDate: yearStart(), endDate: today(), cityCodes: [OTHER] }), expect: e('forbidden', 'forbidden', 'forbidden', 'ok', 'ok') },
  'GET /programmes/campaigns': { url: () => '/programmes/campaigns', expect: e('scoped', 'ok', 'ok', 'ok', 'ok') },
  'GET /programmes/campaigns/{id}': { url: () => '/programmes/campaigns/no-such-campaign', expect: e('absent', 'absent', 'absent', 'absent', 'absent') },
  'POST /programmes/campaigns/{id}/activities': { url: () => '/programmes/campaigns/no-such-campaign/activities', body: () => ({ cityCode: OTHER, date: today(), venueKind: 'market', venues: 1 }), expect: e('absent', 'absent', 'absent', 'absent', 'absent') },
  'POST /programmes/campaigns/{id}/activities/import': { url: () => '/programmes/campaigns/no-such-campaign/activities/import', body: () => 'x', headers: { 'content-type': 'application/octet-stream' }, expect: e('absent', 'absent', 'absent', 'absent', 'absent') },
  'GET /programmes/activities': { url: () => `/programmes/activities?cityCode=${OTHER}`, expect: SCOPED },
  'GET /programmes/activities/export': { url: () => `/programmes/activities/export?cityCode=${OTHER}`, expect: SCOPED },
  'GET /programmes/activities/{id}': { url: () => '/programmes/activities/no-such-activity', expect: e('absent', 'absent', 'absent', 'absent', 'absent') },
  'PUT /programmes/activities/{id}': { url: () => '/programmes/activities/no-such-activity', body: () => ({ version: 1, venues: 2 }), expect: e('ok', 'absent', 'absent', 'ok', 'absent') },
  // reporting: programme figures and the annual summary
  'GET /reporting/reports/programmes': { url: () => `/reporting/reports/programmes?${report}`, expect: SCOPED },
  'GET /reporting/reports/programmes.xlsx': { url: () => `/reporting/reports/programmes.xlsx?${report}`, expect: SCOPED },
  'GET /reporting/reports/annual-summary': { url: () => `/reporting/reports/annual-summary?${report}`, expect: SCOPED },
  'GET /reporting/reports/annual-summary.docx': { url: () => `/reporting/reports/annual-summary.docx?${report}`, expect: SCOPED },
  // sla: a year's notice belongs to the province
  'PUT /sla/calendars/{id}/years/{year}': { url: () => '/sla/calendars/cn/years/2031', body: () => ({ holidays: [{ date: '2031-01-01', name: '元旦' }], workdays: [] }), expect: e('forbidden', 'forbidden', 'forbidden', 'ok', 'ok') },

  // accounts
  'GET /accounts/enterprises': { url: () => `/accounts/enterprises?cityCode=${OTHER}&limit=200`, expect: SCOPED },
  'POST /accounts/enterprises': { url: () => '/accounts/enterprises', body: () => ({ uscc: randomUscc(OTHER), name: '别人的企业', cityCode: OTHER }), expect: e('forbidden', 'forbidden', 'forbidden', 'ok', 'ok') },
  'GET /accounts/outreach/not-visited': { url: () => `/accounts/outreach/not-visited?days=30&cityCode=${OTHER}`, expect: e('forbidden', 'scoped', 'scoped', 'ok', 'ok') },
  'POST /accounts/imports/enterprises': { url: () => '/accounts/imports/enterprises', body: () => `uscc,name,cityCode\n${randomUscc(OTHER)},别人的企业,${OTHER}\n`, headers: CSV,
    // Staff may import; a city role's rows for another city are refused one by one.
    expect: e('forbidden', 'ok', 'ok', 'ok', 'ok'),
    check: (role, res) => {
      const created = (res.body as { summary?: { created?: number } }).summary?.created;
      return (role === 'liaison' || role === 'city_manager') && created !== 0 ? `created ${created} enterprise(s) in another city` : null;
    },
  },
  'GET /accounts/exports/enterprises': { url: () => `/accounts/exports/enterprises?cityCode=${OTHER}`, expect: SCOPED },
  'GET /accounts/enterprises/{id}': { url: (f) => `/accounts/enterprises/${f.enterprise.id}`, expect: OTHERS },
  'PATCH /accounts/enterprises/{id}': { url: (f) => `/accounts/enterprises/${f.enterprise.id}`, body: () => ({ version: 1, industry: '冶金' }), expect: STAFF_OTHERS },
  'POST /accounts/enterprises/{id}/close': { url: (f) => `/accounts/enterprises/${f.enterprise.id}/close`, body: () => ({ version: 1 }), expect: STAFF_OTHERS },
  'POST /accounts/enterprises/{id}/reopen': { url: (f) => `/accounts/enterprises/${f.enterprise.id}/reopen`, body: () => ({ version: 1 }), expect: STAFF_OTHERS },
  'PUT /accounts/enterprises/{id}/flags/{flag}': { url: (f) => `/accounts/enterprises/${f.enterprise.id}/flags/keyEnergyUnit`, body: () => ({}), expect: STAFF_OTHERS },
  'DELETE /accounts/enterprises/{id}/flags/{flag}': { url: (f) => `/accounts/enterprises/${f.enterprise.id}/flags/keyEnergyUnit`, expect: STAFF_OTHERS },
  'GET /accounts/enterprises/{id}/contacts': { url: (f) => `/accounts/enterprises/${f.enterprise.id}/contacts`, expect: OTHERS },
  'POST /accounts/enterprises/{id}/contacts': { url: (f) => `/accounts/enterprises/${f.enterprise.id}/contacts`, body: () => ({ name: '别人' }), expect: OTHERS },
  'GET /accounts/enterprises/{id}/contacts/{contactId}': { url: (f) => `/accounts/enterprises/${f.enterprise.id}/contacts/${f.contactId}`, expect: OTHERS },
  'PATCH /accounts/enterprises/{id}/contacts/{contactId}': { url: (f) => `/accounts/enterprises/${f.enterprise.id}/contacts/${f.contactId}`, body: () => ({ role: '经理' }), expect: OTHERS },
  'DELETE /accounts/enterprises/{id}/contacts/{contactId}': { url: async (f) => `/accounts/enterprises/${f.enterprise.id}/contacts/${await f.newContact()}`, expect: OTHERS },
  'GET /accounts/enterprises/{id}/outreach': { url: (f) => `/accounts/enterprises/${f.enterprise.id}/outreach`, expect: STAFF_OTHERS },
  'POST /accounts/enterprises/{id}/outreach': { url: (f) => `/accounts/enterprises/${f.enterprise.id}/outreach`, body: () => ({ date: today(), kind: 'phone', notes: '电话回访' }), expect: STAFF_OTHERS },
  'GET /accounts/outreach': { url: () => `/accounts/outreach?cityCode=${OTHER}`, expect: e('forbidden', 'scoped', 'scoped', 'ok', 'ok') },
  'GET /accounts/outreach/follow-ups': { url: () => `/accounts/outreach/follow-ups?cityCode=${OTHER}`, expect: e('forbidden', 'scoped', 'scoped', 'ok', 'ok') },
  'POST /accounts/outreach/{id}/follow-up-done': { url: (f) => `/accounts/outreach/${f.outreachId}/follow-up-done`, body: () => ({}), expect: STAFF_OTHERS },
  'GET /accounts/regions': { url: () => '/accounts/regions', expect: ANYONE },
  // The regions as they are: the admin's call changes nothing.
  'PUT /accounts/admin/regions': { url: () => '/accounts/admin/regions', body: (f) => f.regions, expect: e('forbidden', 'forbidden', 'forbidden', 'forbidden', 'ok') },

  // assignment
  'GET /assignment/bureaus': { url: () => '/assignment/bureaus', expect: SCOPED },
  'POST /assignment/bureaus/{cityCode}/rebalance': { url: () => `/assignment/bureaus/${OTHER}/rebalance`, body: () => ({}), expect: e('forbidden', 'forbidden', 'hidden', 'ok', 'ok') },
  'GET /assignment/queue/{cityCode}': { url: () => `/assignment/queue/${OTHER}`, expect: e('forbidden', 'hidden', 'hidden', 'ok', 'ok') },
  'GET /assignment/liaisons': { url: () => `/assignment/liaisons?cityCode=${OTHER}`, expect: e('forbidden', 'scoped', 'scoped', 'ok', 'ok') },
  'POST /assignment/liaisons': { url: () => '/assignment/liaisons', body: (f) => ({ userId: f.owner.cityManager.id, name: '别人', cityCode: OTHER, categories: ['verification_calibration'], capacity: 5 }), expect: e('forbidden', 'forbidden', 'forbidden', 'ok', 'ok') },
  'GET /assignment/liaisons/{userId}': { url: (f) => `/assignment/liaisons/${f.owner.liaison.id}`, expect: e('forbidden', 'hidden', 'hidden', 'ok', 'ok') },
  'PATCH /assignment/liaisons/{userId}': { url: (f) => `/assignment/liaisons/${f.owner.liaison.id}`, body: () => ({ version: 1, capacity: 40 }), expect: e('forbidden', 'forbidden', 'hidden', 'ok', 'ok') },
  'POST /assignment/liaisons/{userId}/leaves': { url: (f) => `/assignment/liaisons/${f.owner.liaison.id}/leaves`, body: () => ({ version: 1, from: '2027-01-04', to: '2027-01-05' }), expect: e('forbidden', 'hidden', 'hidden', 'ok', 'ok') },
  'GET /assignment/rules/{cityCode}': { url: () => `/assignment/rules/${OTHER}`, expect: e('forbidden', 'hidden', 'hidden', 'ok', 'ok') },
  'PUT /assignment/rules/{cityCode}': { url: () => `/assignment/rules/${OTHER}`, body: () => ({ version: 0, categories: [] }), expect: e('forbidden', 'forbidden', 'forbidden', 'ok', 'ok') },
  'GET /assignment/requests/{requestId}/assignment': { url: (f) => `/assignment/requests/${f.requestId}/assignment`, expect: e('hidden', 'hidden', 'hidden', 'absent', 'absent') },
  'GET /assignment/requests/{requestId}/eligible-liaisons': { url: (f) => `/assignment/requests/${f.requestId}/eligible-liaisons`, expect: e('forbidden', 'hidden', 'hidden', 'absent', 'absent') },
  'POST /assignment/requests/{requestId}/assign': { url: (f) => `/assignment/requests/${f.requestId}/assign`, body: (f) => ({ liaisonId: f.owner.liaison.id }), expect: e('forbidden', 'forbidden', 'hidden', 'absent', 'absent') },
  'POST /assignment/requests/{requestId}/claim': { url: (f) => `/assignment/requests/${f.requestId}/claim`, body: () => ({}), expect: e('forbidden', 'hidden', 'forbidden', 'forbidden', 'forbidden') },
  'POST /assignment/requests/{requestId}/transfer': { url: (f) => `/assignment/requests/${f.requestId}/transfer`, body: () => ({ reason: '转给别人', toCityCode: THIRD }), expect: e('forbidden', 'hidden', 'hidden', 'absent', 'absent') },
  'GET /assignment/reports/load': { url: () => `/assignment/reports/load?cityCode=${OTHER}`, expect: e('forbidden', 'scoped', 'scoped', 'ok', 'ok') },
  'GET /assignment/reports/fairness': { url: () => `/assignment/reports/fairness?cityCode=${OTHER}`, expect: e('forbidden', 'scoped', 'scoped', 'ok', 'ok') },
  'GET /assignment/notifications': { url: () => '/assignment/notifications', expect: e('scoped', 'scoped', 'scoped', 'ok', 'ok') },

  // identity
  'POST /identity/auth/login': { public: true, body: () => ({ username: 'nobody-here', password: 'wrong-password' }), status: 401 },
  'POST /identity/auth/refresh': { public: true, body: () => ({ refreshToken: 'not-a-token' }), status: 401 },
  'POST /identity/auth/logout': { public: true, body: () => ({ refreshToken: 'not-a-token' }), status: 204 },
  'GET /identity/me': { url: () => '/identity/me', expect: ANYONE },
  // Only one's own profile: the path names no one else, and a body naming anyone is refused (identity's tests).
  'PATCH /identity/me': { url: () => '/identity/me', body: () => ({ version: 1, language: 'zh-CN' }), expect: ANYONE },
  // Called by a role it would end that role's fixtures' sessions: probed without a token instead.
  'POST /identity/me/logout-all': { public: true, body: () => ({}), status: 401 },
  'GET /identity/users': { url: () => `/identity/users?cityCode=${OTHER}`, expect: e('forbidden', 'forbidden', 'forbidden', 'forbidden', 'ok') },
  'POST /identity/users': { url: () => '/identity/users', body: () => ({ username: `x${Date.now()}`, name: '别人', role: 'liaison', cityCode: OTHER, password: 'Pw-long-enough-1' }), expect: e('forbidden', 'forbidden', 'forbidden', 'forbidden', 'ok') },
  'GET /identity/users/{id}': { url: (f) => `/identity/users/${f.owner.liaison.id}`, expect: e('forbidden', 'forbidden', 'forbidden', 'forbidden', 'ok') },
  'PATCH /identity/users/{id}': { url: (f) => `/identity/users/${f.owner.liaison.id}`, body: () => ({ version: 1, name: '改名' }), expect: e('forbidden', 'forbidden', 'forbidden', 'forbidden', 'ok') },
  'PUT /identity/users/{id}/password': { url: (f) => `/identity/users/${f.owner.liaison.id}/password`, body: (f) => ({ password: f.owner.liaison.password }), expect: e('forbidden', 'forbidden', 'forbidden', 'forbidden', 'ok') },

  // qualifications
  'POST /qualifications/files': {
    url: () => '/qualifications/files',
    body: (f) => ({ type: 'energy_metrologist', person: { name: '王芳', idNumber: f.idNumber }, employer: { uscc: f.enterprise.uscc, name: f.enterprise.name }, scope: ['general'], certificateNo: `X-${Date.now()}`, issuingAuthority: '辽宁省市场监督管理局', issuedOn: '2026-09-20', expiresOn: '2031-09-19' }),
    expect: e('forbidden', 'forbidden', 'forbidden', 'ok', 'ok'),
  },
  'GET /qualifications/files': { url: () => `/qualifications/files?cityCode=${OTHER}`, expect: SCOPED },
  'GET /qualifications/files/expiring': { url: () => `/qualifications/files/expiring?withinDays=3650&cityCode=${OTHER}`, expect: SCOPED },
  'GET /qualifications/files/summary': { url: () => `/qualifications/files/summary?cityCode=${OTHER}`, expect: SCOPED },
  'GET /qualifications/files/{id}': { url: (f) => `/qualifications/files/${f.fileId}`, expect: OTHERS },
  'POST /qualifications/files/{id}/renew': { url: (f) => `/qualifications/files/${f.fileId}/renew`, body: () => ({ version: 1, expiresOn: '2032-09-19' }), expect: OTHERS },
  'POST /qualifications/files/{id}/revoke': { url: (f) => `/qualifications/files/${f.fileId}/revoke`, body: () => ({ version: 1, reason: '测试' }), expect: OTHERS },
  'POST /qualifications/files/{id}/suspend': { url: (f) => `/qualifications/files/${f.fileId}/suspend`, body: () => ({ version: 1, reason: '测试' }), expect: OTHERS },
  'POST /qualifications/files/{id}/reinstate': { url: (f) => `/qualifications/files/${f.fileId}/reinstate`, body: () => ({ version: 1 }), expect: OTHERS },
  'GET /qualifications/persons/{personKey}': { url: (f) => `/qualifications/persons/${f.personKey}`, expect: OTHERS },
  'POST /qualifications/person-lookups': { url: () => '/qualifications/person-lookups', body: (f) => ({ idNumber: f.idNumber }), expect: OTHERS },
  'GET /qualifications/qualification-types': { url: () => '/qualifications/qualification-types', expect: ANYONE },
  'POST /qualifications/imports/files': { url: () => '/qualifications/imports/files', body: (f) =>
      `name,idNumber,type,scope,certificateNo,issuingAuthority,issuedOn,expiresOn,employerUscc,employerName\n赵强,${f.idNumber},energy_metrologist,general,IMP-${Date.now()},辽宁省市场监督管理局,2026-09-20,2031-09-19,${f.enterprise.uscc},${f.enterprise.name}\n`,
    headers: CSV,
    // A city manager may import; a row for another city's employer is refused.
    expect: e('forbidden', 'forbidden', 'ok', 'ok', 'ok'),
    check: (role, res) => {
      const filed = (res.body as { filed?: number }).filed;
      return role === 'city_manager' && filed !== 0 ? `filed ${filed} file(s) for another city` : null;
    },
  },
  'POST /qualifications/jobs/expiry/run': { url: () => '/qualifications/jobs/expiry/run', body: () => ({}), expect: e('forbidden', 'forbidden', 'forbidden', 'forbidden', 'ok') },

  // reporting
  'GET /reporting/reports/summary': { url: () => `/reporting/reports/summary?${report}`, expect: SCOPED },
  'GET /reporting/reports/cities': { url: () => `/reporting/reports/cities?from=${yearStart()}&to=${today()}`, expect: SCOPED },
  'GET /reporting/reports/monthly': { url: () => `/reporting/reports/monthly?${report}`, expect: SCOPED },
  'GET /reporting/reports/narrative': { url: () => `/reporting/reports/narrative?${report}`, expect: SCOPED },
  'GET /reporting/reports/export.xlsx': { url: () => `/reporting/reports/export.xlsx?${report}`, expect: SCOPED },
  'GET /reporting/reports/export.csv': { url: () => `/reporting/reports/export.csv?${report}`, expect: SCOPED },
  // Managers only: another city's trail is hidden from a city manager; enterprises and liaisons are refused by role.
  'GET /reporting/audit': { url: (f) => `/reporting/audit?enterpriseId=${f.enterprise.id}`, expect: e('forbidden', 'forbidden', 'hidden', 'ok', 'ok') },

  // requests
  'POST /requests/requests': {
    url: () => '/requests/requests',
    body: (f) => ({ enterpriseId: f.enterprise.id, category: 'other', title: '代别人提交', description: '不该成功' }),
    headers: { 'idempotency-key': `matrix-${Date.now()}-${Math.random()}` },
    expect: e('hidden', 'hidden', 'hidden', 'ok', 'ok'),
  },
  'GET /requests/requests': { url: () => `/requests/requests?cityCode=${OTHER}&limit=100`, expect: SCOPED },
  'POST /requests/requests/import': {
    url: () => '/requests/requests/import?lang=en',
    body: (f) => ({
      rows: [{ externalRef: `matrix-${Date.now()}-${Math.random()}`, enterpriseId: f.enterprise.id, category: 'other', title: '历史咨询', filedAt: '2025-03-01T09:00:00+08:00', resolvedAt: '2025-03-02T09:00:00+08:00', solved: true, solutionKind: 'technical_advice', state: 'resolved' }],
    }),
    // Managers import; a city manager's row for another city's enterprise refuses the whole import (400 naming the row).
    expect: e('forbidden', 'forbidden', 'ok', 'ok', 'ok'),
    check: (role, res) => (role === 'city_manager' && res.status !== 400 ? `imported history for another city's enterprise (${res.status})` : null),
  },
  // A workbook is zipped, so the markers cannot show in it; the requests service's own tests read the rows.
  'GET /requests/requests/export': { url: () => `/requests/requests/export?cityCode=${OTHER}`, expect: SCOPED },
  'GET /requests/requests/{id}': { url: (f) => `/requests/requests/${f.requestId}`, expect: OTHERS },
  'GET /requests/requests/{id}/timeline': { url: (f) => `/requests/requests/${f.requestId}/timeline`, expect: OTHERS },
  'POST /requests/requests/{id}/comments': { url: (f) => `/requests/requests/${f.requestId}/comments`, body: () => ({ body: '看看', visibility: 'public' }), expect: OTHERS },
  'POST /requests/requests/{id}/attachments': {
    url: (f) => `/requests/requests/${f.requestId}/attachments`,
    body: () => {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), 'x.pdf');
      return form;
    },
    expect: OTHERS,
  },
  'GET /requests/requests/{id}/attachments/{attachmentId}': { url: (f) => `/requests/requests/${f.requestId}/attachments/${f.attachmentId}`, expect: OTHERS },
  'POST /requests/requests/{id}/assign': { url: (f) => `/requests/requests/${f.requestId}/assign`, body: (f) => ({ version: 1, assigneeId: f.owner.liaison.id }), expect: OTHERS },
  'POST /requests/requests/{id}/respond': { url: (f) => `/requests/requests/${f.requestId}/respond`, body: () => ({ version: 1 }), expect: OTHERS },
  'POST /requests/requests/{id}/start': { url: (f) => `/requests/requests/${f.requestId}/start`, body: () => ({ version: 1 }), expect: OTHERS },
  'POST /requests/requests/{id}/ask': { url: (f) => `/requests/requests/${f.requestId}/ask`, body: () => ({ version: 1, question: '?' }), expect: OTHERS },
  'POST /requests/requests/{id}/answer': { url: (f) => `/requests/requests/${f.requestId}/answer`, body: () => ({ version: 1, answer: '!' }), expect: OTHERS },
  'POST /requests/requests/{id}/resolve': { url: (f) => `/requests/requests/${f.requestId}/resolve`, body: () => ({ version: 1, text: '办结', solved: true, kind: 'technical_advice' }), expect: OTHERS },
  'POST /requests/requests/{id}/return-visit': { url: (f) => `/requests/requests/${f.requestId}/return-visit`, body: () => ({ version: 1, satisfaction: 5, satisfied: true }), expect: OTHERS },
  'POST /requests/requests/{id}/escalate': { url: (f) => `/requests/requests/${f.requestId}/escalate`, body: () => ({ version: 1, level: 'city', reason: '升级' }), expect: OTHERS },
  'POST /requests/requests/{id}/extensions': { url: (f) => `/requests/requests/${f.requestId}/extensions`, body: () => ({ version: 1, workingDays: 2, reason: '延期' }), expect: OTHERS },
  'POST /requests/requests/{id}/extensions/{extensionId}/approve': { url: (f) => `/requests/requests/${f.requestId}/extensions/no-such-extension/approve`, body: () => ({ version: 1 }), expect: e('hidden', 'hidden', 'hidden', 'absent', 'absent') },
  'POST /requests/requests/{id}/extensions/{extensionId}/reject': { url: (f) => `/requests/requests/${f.requestId}/extensions/no-such-extension/reject`, body: () => ({ version: 1 }), expect: e('hidden', 'hidden', 'hidden', 'absent', 'absent') },
  'POST /requests/requests/{id}/withdraw': { url: (f) => `/requests/requests/${f.requestId}/withdraw`, body: () => ({ version: 1 }), expect: OTHERS },
  // A benefit is recorded on a resolved request: the province's call on an open one is a 409, let through.
  'PUT /requests/requests/{id}/benefit': { url: (f) => `/requests/requests/${f.requestId}/benefit`, body: () => ({ version: 1, text: '节约费用', amountYuan: 1000, banners: 1 }), expect: OTHERS },
  // Only the enterprise reopens its own request: province-wide staff see it but may not.
  'POST /requests/requests/{id}/reopen': { url: (f) => `/requests/requests/${f.requestId}/reopen`, body: () => ({ version: 1, reason: '投诉' }), expect: e('hidden', 'hidden', 'hidden', 'forbidden', 'forbidden') },
  // A proactive request's visit day and instruments: the city's staff propose and record verified ones, only
  // the enterprise accepts or declines (province-wide staff see the fixture request, which is not proactive: a 409, let through).
  'POST /requests/requests/{id}/visit-proposal': { url: (f) => `/requests/requests/${f.requestId}/visit-proposal`, body: () => ({ version: 1, date: today() }), expect: OTHERS },
  'POST /requests/requests/{id}/visit-proposal/accept': { url: (f) => `/requests/requests/${f.requestId}/visit-proposal/accept`, body: () => ({ version: 1 }), expect: e('hidden', 'hidden', 'hidden', 'forbidden', 'forbidden') },
  'POST /requests/requests/{id}/instruments/decline': { url: (f) => `/requests/requests/${f.requestId}/instruments/decline`, body: (f) => ({ version: 1, items: [{ instrumentId: f.instrumentId, certificateNo: 'ZS-1', verifiedOn: today() }] }), expect: e('hidden', 'hidden', 'hidden', 'forbidden', 'forbidden') },
  'POST /requests/requests/{id}/instruments/verified': { url: (f) => `/requests/requests/${f.requestId}/instruments/verified`, body: (f) => ({ version: 1, items: [{ instrumentId: f.instrumentId, certificateNo: 'ZS-1', verifiedOn: today() }] }), expect: OTHERS },
  'POST /requests/requests/{id}/visits': { url: (f) => `/requests/requests/${f.requestId}/visits`, body: () => ({ version: 1, date: today(), slot: 'morning', verifierKeys: ['no-such-person'] }), expect: e('hidden', 'hidden', 'hidden', 'absent', 'absent') },
  'PUT /requests/requests/{id}/visits/{visitId}': { url: (f) => `/requests/requests/${f.requestId}/visits/no-such-visit`, body: () => ({ version: 1, date: today(), slot: 'morning', verifierKeys: ['no-such-person'] }), expect: e('hidden', 'hidden', 'hidden', 'absent', 'absent') },
  'POST /requests/requests/{id}/visits/{visitId}/cancel': { url: (f) => `/requests/requests/${f.requestId}/visits/no-such-visit/cancel`, body: () => ({ version: 1, reason: '取消' }), expect: e('hidden', 'hidden', 'hidden', 'absent', 'absent') },
  'POST /requests/requests/{id}/visits/{visitId}/complete': { url: (f) => `/requests/requests/${f.requestId}/visits/no-such-visit/complete`, body: () => ({ version: 1, verified: [{ class: '压力表', count: 1 }], freeOfCharge: true }), expect: e('hidden', 'hidden', 'hidden', 'absent', 'absent') },
  'GET /requests/requests/verifiers': { url: () => `/requests/requests/verifiers?cityCode=${OTHER}`, expect: e('forbidden', 'scoped', 'scoped', 'ok', 'ok') },
  'PUT /requests/requests/verifiers/{personKey}/user': { url: () => '/requests/requests/verifiers/no-such-person/user', body: () => ({ userId: 'u', userName: '某人' }), expect: e('forbidden', 'forbidden', 'absent', 'absent', 'absent') },

  // sla
  'GET /sla/policies': { url: () => '/sla/policies', expect: e('forbidden', 'ok', 'ok', 'ok', 'ok') },
  'GET /sla/policies/{category}/{priority}': { url: () => '/sla/policies/verification_calibration/normal', expect: e('forbidden', 'absent', 'absent', 'absent', 'absent') },
  'PUT /sla/policies/{category}/{priority}': { url: () => '/sla/policies/verification_calibration/normal', body: () => ({ responseHours: 4, resolutionWorkingDays: 5, expectedVersion: 0 }), expect: e('forbidden', 'forbidden', 'forbidden', 'ok', 'ok') },
  'GET /sla/calendars': { url: () => '/sla/calendars', expect: e('forbidden', 'ok', 'ok', 'ok', 'ok') },
  'GET /sla/calendars/{id}': { url: () => '/sla/calendars/default', expect: e('forbidden', 'absent', 'absent', 'absent', 'absent') },
  'PUT /sla/calendars/{id}': { url: () => '/sla/calendars/matrix-probe', body: () => ({ id: 'matrix-probe', name: '测试日历', holidays: [], workdays: [] }), expect: e('forbidden', 'forbidden', 'forbidden', 'ok', 'ok') },
  'GET /sla/requests/{requestId}/clocks': { url: (f) => `/sla/requests/${f.requestId}/clocks`, expect: e('hidden', 'hidden', 'hidden', 'absent', 'absent') },
  'POST /sla/requests/{requestId}/clocks/reapply': { url: (f) => `/sla/requests/${f.requestId}/clocks/reapply`, body: () => ({}), expect: e('forbidden', 'forbidden', 'hidden', 'absent', 'absent') },
  'GET /sla/clocks/at-risk': { url: () => `/sla/clocks/at-risk?cityCode=${OTHER}`, expect: e('forbidden', 'scoped', 'scoped', 'ok', 'ok') },
  'GET /sla/compliance': { url: () => `/sla/compliance?from=${yearStart()}T00:00:00Z&to=${today()}T23:59:59Z&cityCode=${OTHER}`, expect: e('forbidden', 'scoped', 'scoped', 'ok', 'ok') },

  // training
  'POST /training/courses': { url: () => '/training/courses', body: () => ({ code: `M${Date.now()}`.slice(0, 12), title: '课程', hours: 4 }), expect: e('forbidden', 'forbidden', 'ok', 'ok', 'ok') },
  'GET /training/courses': { url: () => '/training/courses', expect: ANYONE },
  'GET /training/courses/{id}': { url: (f) => `/training/courses/${f.courseId}`, expect: ANYONE },
  'POST /training/sessions': {
    url: () => '/training/sessions',
    body: (f) => ({ courseId: f.courseId, cityCode: OTHER, startDate: '2026-10-12', endDate: '2026-10-13', organiser: { kind: 'bureau', name: '别的市局' }, capacity: 10, place: '别处' }),
    expect: e('forbidden', 'forbidden', 'forbidden', 'ok', 'ok'),
  },
  'GET /training/sessions': { url: () => `/training/sessions?cityCode=${OTHER}`, expect: SCOPED },
  'GET /training/sessions/{id}': { url: (f) => `/training/sessions/${f.sessionId}`, expect: OTHERS },
  'POST /training/sessions/{id}/complete': { url: (f) => `/training/sessions/${f.sessionId}/complete`, body: () => ({}), expect: e('hidden', 'hidden', 'hidden', 'ok', 'ok') },
  'POST /training/sessions/{id}/enrolments': { url: (f) => `/training/sessions/${f.sessionId}/enrolments`, body: (f) => ({ name: '赵强', idNumber: f.idNumber, employerUscc: f.enterprise.uscc }), expect: OTHERS },
  'GET /training/sessions/{id}/enrolments': { url: (f) => `/training/sessions/${f.sessionId}/enrolments`, expect: OTHERS },
  'PUT /training/sessions/{id}/enrolments/{enrolmentId}/attendance': { url: (f) => `/training/sessions/${f.sessionId}/enrolments/${f.enrolmentId}/attendance`, body: () => ({ hours: 8, result: 'pass', version: 2 }), expect: OTHERS },
  'POST /training/sessions/{id}/attendance/import': { url: (f) => `/training/sessions/${f.sessionId}/attendance/import`, body: () => 'idNumber,hours,result\n', headers: CSV, expect: OTHERS },
  'POST /training/people/training-history': { url: () => '/training/people/training-history', body: (f) => ({ idNumber: f.idNumber }), expect: OTHERS },
  'GET /training/certificates/{certificateNo}': { url: (f) => `/training/certificates/${encodeURIComponent(f.certificateNo)}`, expect: OTHERS },
  'GET /training/reports/trained': { url: () => `/training/reports/trained?groupBy=city&cityCode=${OTHER}`, expect: SCOPED },
};
