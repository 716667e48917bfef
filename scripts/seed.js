// Loads realistic demo data into a running Metrodesk (deploy/local/run calls it): users of
// every role in all 14 cities, a few thousand enterprises, training sessions with
// certificates, qualification files, and service requests in every state.
// It talks to each service's own API with a signed identity, as the gateway would.
// Idempotent enough to run twice: existing users and enterprises are kept.
const { join } = require('node:path');
const ROOT = join(__dirname, '..');
const { signIdentity } = require(join(ROOT, 'packages/access/dist'));
const { makeUscc, USCC_ALPHABET } = require(join(ROOT, 'packages/codes/dist'));
const { makeIdNumber } = require(join(ROOT, 'packages/privacy/dist'));

const SECRET = process.env.IDENTITY_SECRET;
if (!SECRET) throw new Error('IDENTITY_SECRET is not set (deploy/local/run sets it)');
const PASSWORD = process.env.DEMO_PASSWORD || 'Metrodesk2026';
const ENTERPRISES_PER_CITY = Number(process.env.SEED_ENTERPRISES_PER_CITY || 150);
const LIAISONS_PER_CITY = Number(process.env.SEED_LIAISONS_PER_CITY || 15);
const REQUESTS = Number(process.env.SEED_REQUESTS || 280);
const url = (svc) => process.env[`${svc.toUpperCase()}_URL`] || `http://127.0.0.1:${{ accounts: 4101, requests: 4102, assignment: 4103, sla: 4104, training: 4105, qualifications: 4106, reporting: 4107, identity: 4108 }[svc]}`;

const CITIES = [
  ['210100', '沈阳'], ['210200', '大连'], ['210300', '鞍山'], ['210400', '抚顺'], ['210500', '本溪'], ['210600', '丹东'], ['210700', '锦州'],
  ['210800', '营口'], ['210900', '阜新'], ['211000', '辽阳'], ['211100', '盘锦'], ['211200', '铁岭'], ['211300', '朝阳'], ['211400', '葫芦岛'],
];
const INDUSTRIES = ['石油化工', '装备制造', '冶金', '食品加工', '医药', '电力', '燃气', '汽车零部件', '电子信息', '建材'];
const SUFFIX = ['仪表有限公司', '化工有限公司', '机械制造有限公司', '热电有限公司', '燃气有限公司', '钢铁有限公司', '制药有限公司', '食品有限公司'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '华', '平', '刚'];

let rng = 20261127;
const rand = () => ((rng = (rng * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const personName = () => pick(SURNAMES) + pick(GIVEN);
const as = (identity) => ({ 'x-metrodesk-identity': signIdentity(identity, SECRET, 3600) });
const ADMIN = { userId: 'seed', role: 'admin', name: '演示数据' };

async function call(svc, method, path, body, identity = ADMIN, extra = {}) {
  const headers = { ...as(identity), ...extra };
  let payload;
  if (typeof body === 'string') payload = body;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${url(svc)}${path}`, { method, headers, body: payload });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  return { status: res.status, body: json };
}

async function must(svc, method, path, body, identity, extra, ok = [200, 201, 204]) {
  const r = await call(svc, method, path, body, identity, extra);
  if (!ok.includes(r.status)) throw new Error(`${method} ${svc}${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
  return r.body;
}

async function pool(items, size, fn) {
  const out = [];
  let i = 0;
  await Promise.all(Array.from({ length: size }, async () => {
    while (i < items.length) {
      const idx = i++;
      out[idx] = await fn(items[idx], idx);
    }
  }));
  return out;
}

async function up(svc) {
  try {
    return (await fetch(`${url(svc)}/readyz`)).ok;
  } catch {
    return false;
  }
}

const randomUscc = (region) => {
  let body = '';
  for (let i = 0; i < 8; i++) body += USCC_ALPHABET[Math.floor(rand() * USCC_ALPHABET.length)];
  return makeUscc('9', '1', region, body);
};
const randomIdNumber = (region) => {
  const y = 1965 + Math.floor(rand() * 35);
  const m = String(1 + Math.floor(rand() * 12)).padStart(2, '0');
  const d = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
  return makeIdNumber(`${region}${y}${m}${d}${String(Math.floor(rand() * 1000)).padStart(3, '0')}`);
};

async function seedUsers() {
  const users = [{ username: 'province', name: '省局 管理员', role: 'province_manager' }];
  for (const [code, city] of CITIES) {
    users.push({ username: `cm-${code}`, name: `${city}市局 ${personName()}`, role: 'city_manager', cityCode: code });
    for (let i = 1; i <= LIAISONS_PER_CITY; i++) users.push({ username: `liaison-${code}-${String(i).padStart(2, '0')}`, name: `${city} ${personName()}`, role: 'liaison', cityCode: code });
  }
  let created = 0;
  await pool(users, 4, async (u) => {
    const r = await call('identity', 'POST', '/users', { ...u, password: PASSWORD });
    if (r.status === 201) created += 1;
    else if (r.status !== 409) throw new Error(`user ${u.username}: ${r.status} ${JSON.stringify(r.body)}`);
  });
  return { users: users.length, created };
}

async function seedEnterprises() {
  const rows = ['uscc,name,cityCode,industry,size,tags,contactPoint,keyEnergyUnit'];
  for (const [code, city] of CITIES) {
    for (let i = 0; i < ENTERPRISES_PER_CITY; i++) {
      const region = `${code.slice(0, 4)}02`;
      rows.push([randomUscc(region), `${city}${pick(['华', '东', '北', '新', '宏', '恒', '盛', '达'])}${pick(['远', '泰', '信', '源', '兴', '通'])}${SUFFIX[i % SUFFIX.length]}${i}`, code, pick(INDUSTRIES), pick(['small', 'medium', 'large']), i % 5 === 0 ? 'key-customer' : '', i % 6 === 0, i % 9 === 0].join(','));
    }
  }
  const report = await must('accounts', 'POST', '/imports/enterprises', rows.join('\n'), ADMIN, { 'content-type': 'text/csv' });
  const ids = {};
  for (const [code] of CITIES) {
    const page = await must('accounts', 'GET', `/enterprises?cityCode=${code}&limit=100`);
    ids[code] = page.items.map((e) => ({ id: e.id, uscc: e.uscc, name: e.name }));
  }
  return { report, ids };
}

async function seedEnterpriseUsers(enterprises) {
  const list = CITIES.flatMap(([code]) => enterprises[code].slice(0, 2).map((e, i) => ({ e, code, i })));
  await pool(list, 4, async ({ e, code, i }) => {
    const r = await call('identity', 'POST', '/users', { username: `ent-${code}-${i + 1}`, name: e.name.slice(0, 40), role: 'enterprise', enterpriseId: e.id, password: PASSWORD });
    if (![201, 409].includes(r.status)) throw new Error(`enterprise user: ${r.status} ${JSON.stringify(r.body)}`);
  });
  return list.length;
}

async function seedTraining(enterprises) {
  const courses = {};
  for (const c of [{ code: 'JLY101', title: '计量员基础培训', hours: 16, topics: ['计量法规', '测量不确定度'] }, { code: 'JDY101', title: '检定员资格培训', hours: 24, topics: ['检定规程', '计量标准'] }]) {
    const r = await call('training', 'POST', '/courses', c);
    if (r.status === 201) courses[c.code] = r.body.id;
    else {
      const list = await must('training', 'GET', '/courses');
      courses[c.code] = (list.items || list).find((x) => x.code === c.code).id;
    }
  }
  const people = [];
  let sessions = 0;
  for (const [code, city] of CITIES) {
    for (const courseCode of ['JLY101', 'JDY101']) {
      const session = await must('training', 'POST', '/sessions', { courseId: courses[courseCode], cityCode: code, startDate: '2026-09-14', endDate: '2026-09-16', organiser: { kind: 'bureau', name: `${city}市市场监督管理局` }, capacity: 30, place: `${city}市计量测试所培训室` });
      sessions += 1;
      await pool(Array.from({ length: 8 }, (_, i) => i), 2, async (i) => {
        const employer = enterprises[code][i % enterprises[code].length];
        const idNumber = randomIdNumber(`${code.slice(0, 4)}02`);
        const enrol = await must('training', 'POST', `/sessions/${session.id}/enrolments`, { name: personName(), idNumber, employerUscc: employer.uscc });
        const passed = i % 7 !== 6;
        await must('training', 'PUT', `/sessions/${session.id}/enrolments/${enrol.id}/attendance`, { hours: passed ? (courseCode === 'JLY101' ? 16 : 24) : 8, result: passed ? 'pass' : 'fail', score: passed ? 70 + Math.floor(rand() * 30) : 45, version: enrol.version });
        if (passed) people.push({ idNumber, name: enrol.name, employer, courseCode, code });
      });
      await must('training', 'POST', `/sessions/${session.id}/complete`, {});
    }
  }
  return { sessions, passed: people.length, people };
}

async function seedQualifications(people) {
  // Prerequisites are checked against training events: give the consumer a moment.
  await new Promise((r) => setTimeout(r, 5000));
  let filed = 0;
  await pool(people, 2, async (p, i) => {
    const type = p.courseCode === 'JDY101' ? 'verifier' : 'metrologist';
    const body = {
      type,
      person: { name: p.name, idNumber: p.idNumber },
      employer: { uscc: p.employer.uscc, name: p.employer.name },
      scope: type === 'verifier' ? ['pressure_gauge', 'gas_alarm'] : ['general'],
      certificateNo: `LNJL-${p.code}-${String(i + 1).padStart(5, '0')}`,
      issuingAuthority: '辽宁省市场监督管理局',
      issuedOn: '2026-09-20',
      expiresOn: i % 10 === 0 ? '2027-01-31' : '2031-09-19',
      archive: { box: `B${p.code.slice(2, 4)}-${Math.floor(i / 20) + 1}`, number: String(i + 1) },
    };
    for (let attempt = 0; attempt < 10; attempt++) {
      const r = await call('qualifications', 'POST', '/files', body);
      if (r.status === 201 || r.status === 409) {
        filed += r.status === 201 ? 1 : 0;
        return;
      }
      if (r.status !== 422) throw new Error(`file: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      await new Promise((res) => setTimeout(res, 2000));
    }
  });
  return filed;
}

module.exports = { call, must, pool, as, CITIES, pick, rand, personName };

async function main() {
  const t0 = Date.now();
  const have = {};
  for (const svc of ['identity', 'accounts', 'requests', 'assignment', 'sla', 'training', 'qualifications', 'reporting']) have[svc] = await up(svc);
  const log = (m) => process.stderr.write(`[seed] ${m} (${Math.round((Date.now() - t0) / 1000)} s)\n`);
  if (!have.identity || !have.accounts) throw new Error('identity and accounts must be running');
  log(`users: ${JSON.stringify(await seedUsers())}`);
  const { report, ids } = await seedEnterprises();
  log(`enterprises: ${JSON.stringify(report.summary ?? report.totals ?? Object.keys(report))}`);
  log(`enterprise users: ${await seedEnterpriseUsers(ids)}`);
  let people = [];
  if (have.training) {
    const t = await seedTraining(ids);
    people = t.people;
    log(`training: ${t.sessions} sessions, ${t.passed} passed`);
  }
  if (have.qualifications && people.length) log(`qualification files: ${await seedQualifications(people)}`);
  if (have.requests) {
    const { seedRequests, waitForRoster } = require('./seed-requests');
    if (have.assignment && !(await waitForRoster(LIAISONS_PER_CITY, log))) log('assignment has not learned every liaison yet: some requests may stay unassigned');
    log(`requests: ${JSON.stringify(await seedRequests(ids, REQUESTS))}`);
  }
  console.log(`
Demo logins (password ${PASSWORD}):
  admin                 administrator
  province              province manager (辽宁省局)
  cm-210100             city manager, Shenyang (any city code works: cm-210200 ...)
  liaison-210100-01     liaison, Shenyang (01..${String(LIAISONS_PER_CITY).padStart(2, '0')} in every city)
  ent-210100-1          enterprise user of a Shenyang enterprise
Console: http://127.0.0.1:${process.env.GATEWAY_PORT || 4000}/`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`[seed] failed: ${err.message}`);
    process.exit(1);
  });
}
