import { randomInt } from 'node:crypto';
import { uniq } from '@metrodesk/testkit';
import { makeUscc, USCC_ALPHABET } from '@metrodesk/codes';
import { makeIdNumber } from '@metrodesk/privacy';
import { apiAs, fileWhenKnown, makeUser, type Stack, type TestUser } from '../e2e/stack';

/** The five roles that sign in. Every actor belongs to HOME; the data they reach for belongs to OTHER. */
export const ROLES = ['enterprise', 'liaison', 'city_manager', 'province_manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const HOME = '211300';
export const OTHER = '210600';

export type Call = Awaited<ReturnType<typeof apiAs>>;

/** Someone else's data: an enterprise of OTHER with everything hanging off it, and its people. */
export interface Fixtures {
  actors: Record<Role, TestUser>;
  call: Record<Role, Call>;
  /** Owners in OTHER: the enterprise's own user, OTHER's liaison and city manager. */
  owner: { enterprise: TestUser; liaison: TestUser; cityManager: TestUser };
  enterprise: { id: string; uscc: string; name: string };
  contactId: string;
  outreachId: string;
  /** A registered instrument of OTHER's enterprise. */
  instrumentId: string;
  requestId: string;
  attachmentId: string;
  courseId: string;
  sessionId: string;
  enrolmentId: string;
  certificateNo: string;
  fileId: string;
  personKey: string;
  idNumber: string;
  /** The regions as the accounts service has them (put back unchanged by the admin). */
  regions: unknown;
  /** Makes a contact of OTHER's enterprise, for calls that delete one. */
  newContact(): Promise<string>;
}

export const randomUscc = (city: string) => makeUscc('9', '1', `${city.slice(0, 4)}02`, Array.from({ length: 8 }, () => USCC_ALPHABET[randomInt(USCC_ALPHABET.length)]).join(''));
const randomIdNumber = (city: string) => makeIdNumber(`${city.slice(0, 4)}021985${String(randomInt(1, 13)).padStart(2, '0')}${String(randomInt(1, 29)).padStart(2, '0')}${String(randomInt(1000)).padStart(3, '0')}`);

function must<T>(what: string, res: { status: number; body: T }, ok = [200, 201]): T {
  if (!ok.includes(res.status)) throw new Error(`fixture ${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
  return res.body;
}

export async function makeFixtures(stack: Stack): Promise<Fixtures> {
  const admin = await makeUser(stack, 'admin');
  const actors: Record<Role, TestUser> = {
    enterprise: admin, // replaced below, once HOME's enterprise exists
    liaison: await makeUser(stack, 'liaison', { cityCode: HOME }),
    city_manager: await makeUser(stack, 'city_manager', { cityCode: HOME }),
    province_manager: await makeUser(stack, 'province_manager'),
    admin,
  };
  const asAdmin = await apiAs(stack, admin);
  const enterpriseOf = async (city: string) => {
    const uscc = randomUscc(city);
    const name = `访问矩阵 ${uniq('e')}`;
    const e = must('enterprise', await asAdmin<{ id: string }>('POST', '/accounts/enterprises', { uscc, name, cityCode: city }));
    return { id: e.id, uscc, name };
  };
  const home = await enterpriseOf(HOME);
  const enterprise = await enterpriseOf(OTHER);
  actors.enterprise = await makeUser(stack, 'enterprise', { enterpriseId: home.id });
  const owner = {
    enterprise: await makeUser(stack, 'enterprise', { enterpriseId: enterprise.id }),
    liaison: await makeUser(stack, 'liaison', { cityCode: OTHER }),
    cityManager: await makeUser(stack, 'city_manager', { cityCode: OTHER }),
  };
  const asOwner = await apiAs(stack, owner.enterprise);
  const asOtherLiaison = await apiAs(stack, owner.liaison);
  const asOtherManager = await apiAs(stack, owner.cityManager);

  const newContact = async () => must('contact', await asAdmin<{ id: string }>('POST', `/accounts/enterprises/${enterprise.id}/contacts`, { name: `联系人 ${uniq('c')}`, phone: '13800000000' })).id;
  const contactId = await newContact();
  const outreach = must('outreach', await asOtherLiaison<{ id: string }>('POST', `/accounts/enterprises/${enterprise.id}/outreach`, { date: new Date().toISOString().slice(0, 10), kind: 'visit', notes: '走访', followUpOn: new Date(Date.now() + 86400000).toISOString().slice(0, 10) }));

  // Requests learns enterprises from accounts' events: file once it knows OTHER's enterprise.
  const filing = { category: 'verification_calibration', title: '压力表检定', description: '二十台压力表需要检定。', instruments: [], priority: 'normal' };
  const request = await fileWhenKnown(stack, owner.enterprise, admin, enterprise.id, filing, `access-${enterprise.id}`);
  const form = new FormData();
  form.append('file', new Blob([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')], { type: 'application/pdf' }), '清单.pdf');
  const attachment = must('attachment', await asOwner<{ id: string }>('POST', `/requests/requests/${request.id}/attachments`, form));
  // Assignment follows its own roster: put OTHER's liaison on it (identity events may already have).
  const roster = await asOtherManager('POST', '/assignment/liaisons', { userId: owner.liaison.id, name: owner.liaison.name, cityCode: OTHER, categories: ['verification_calibration'], capacity: 50 });
  if (![201, 409].includes(roster.status)) throw new Error(`fixture roster: ${roster.status}`);

  const course = must('course', await asAdmin<{ id: string }>('POST', '/training/courses', { code: `AC${randomInt(1e9)}`, title: '访问矩阵课程', hours: 8 }));
  const session = must('session', await asAdmin<{ id: string }>('POST', '/training/sessions', { courseId: course.id, cityCode: OTHER, startDate: '2026-09-14', endDate: '2026-09-15', organiser: { kind: 'bureau', name: '市局' }, capacity: 10, place: '培训室' }));
  const idNumber = randomIdNumber(OTHER);
  const enrolment = must('enrolment', await asAdmin<{ id: string; version: number }>('POST', `/training/sessions/${session.id}/enrolments`, { name: '张伟', idNumber, employerUscc: enterprise.uscc }));
  must('attendance', await asAdmin('PUT', `/training/sessions/${session.id}/enrolments/${enrolment.id}/attendance`, { hours: 8, result: 'pass', score: 90, version: enrolment.version }));
  must('complete', await asAdmin('POST', `/training/sessions/${session.id}/complete`, {}));
  const enrolments = must('enrolments', await asAdmin<{ items: { id: string; certificateNo?: string | null }[] }>('GET', `/training/sessions/${session.id}/enrolments`));
  const certificateNo = enrolments.items.find((e) => e.id === enrolment.id)?.certificateNo ?? 'none';

  const file = must(
    'qualification file',
    await asAdmin<{ id: string; personKey: string }>('POST', '/qualifications/files', {
      type: 'energy_metrologist',
      person: { name: '李娜', idNumber },
      employer: { uscc: enterprise.uscc, name: enterprise.name },
      scope: ['general'],
      certificateNo: uniq('LNJL'),
      issuingAuthority: '辽宁省市场监督管理局',
      issuedOn: '2026-09-20',
      expiresOn: '2031-09-19',
    }),
  );

  const instrument = must('instrument', await asAdmin<{ id: string }>('POST', `/accounts/enterprises/${enterprise.id}/instruments`, { instrumentClass: 'pressure_gauge', serialNo: uniq('SN'), use: 'safety', cycleMonths: 6, lastVerifiedOn: '2026-01-15' }));

  const regions = must('regions', await asAdmin('GET', '/accounts/regions'));
  const call = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await apiAs(stack, actors[r])] as const))) as Record<Role, Call>;
  return {
    actors,
    call,
    owner,
    enterprise,
    contactId,
    outreachId: outreach.id,
    instrumentId: instrument.id,
    requestId: request.id,
    attachmentId: attachment.id,
    courseId: course.id,
    sessionId: session.id,
    enrolmentId: enrolment.id,
    certificateNo,
    fileId: file.id,
    personKey: file.personKey,
    idNumber,
    regions,
    newContact,
  };
}
