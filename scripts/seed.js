// Loads demo data into a running Metrodesk the way a bureau would, through the gateway's public
// API with real sign-ins: the administrator creates the staff and the enterprises' accounts and
// imports the enterprise register; each city manager sets the city's routing rules, imports the
// city's requests of last year (scripts/seed-history.js), runs its training sessions and files
// its qualification records; enterprise users file requests and the
// liaisons they were routed to work them, with visits by qualified verifiers for on-site work. Every step checks its outcome; where an outcome
// travels between services by event (a new user reaching assignment's roster, a passed course
// reaching qualifications), the seed polls for it with a bounded deadline, never a fixed sleep.
//
//   node scripts/seed.js      (deploy/local/run calls it; sizes below come from SEED_* variables)
const { makeUscc, USCC_ALPHABET } = require('../packages/codes/dist');
const { makeIdNumber } = require('../packages/privacy/dist');

const CITIES = [
  ['210100', '沈阳'], ['210200', '大连'], ['210300', '鞍山'], ['210400', '抚顺'], ['210500', '本溪'], ['210600', '丹东'], ['210700', '锦州'],
  ['210800', '营口'], ['210900', '阜新'], ['211000', '辽阳'], ['211100', '盘锦'], ['211200', '铁岭'], ['211300', '朝阳'], ['211400', '葫芦岛'],
];
const INDUSTRIES = ['石油化工', '装备制造', '冶金', '食品加工', '医药', '电力', '燃气', '汽车零部件', '电子信息', '建材'];
const SUFFIX = ['仪表有限公司', '化工有限公司', '机械制造有限公司', '热电有限公司', '燃气有限公司', '钢铁有限公司', '制药有限公司', '食品有限公司'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀英', '华', '平', '刚'];
const COURSES = [
  { code: 'JLY101', title: '计量员基础培训', hours: 16, topics: ['计量法规', '测量不确定度'], qualification: 'metrologist' },
  { code: 'JDY101', title: '检定员资格培训', hours: 24, topics: ['检定规程', '计量标准'], qualification: 'verifier' },
];

/** Sizes, from the environment; the defaults make the full demo. */
function sizesFromEnv(env = process.env) {
  const n = (name, dflt) => Number(env[name] ?? dflt);
  return {
    cities: n('SEED_CITIES', CITIES.length),
    /** Or exactly these cities (comma-separated codes). */
    cityCodes: env.SEED_CITY_CODES ? env.SEED_CITY_CODES.split(',') : undefined,
    liaisonsPerCity: n('SEED_LIAISONS_PER_CITY', 6),
    enterprisesPerCity: n('SEED_ENTERPRISES_PER_CITY', 150),
    enterpriseUsersPerCity: n('SEED_ENTERPRISE_USERS_PER_CITY', 3),
    traineesPerSession: n('SEED_TRAINEES_PER_SESSION', 8),
    requests: n('SEED_REQUESTS', 280),
    /** Last year's requests, imported in bulk (scripts/seed-history.js), over all seeded cities. */
    historyRequests: n('SEED_HISTORY_REQUESTS', 3000),
    /** Last year's programme figures (scripts/seed-programmes.js) as a share of a real provincial year. */
    programmeScale: n('SEED_PROGRAMME_SCALE', 1),
    /** A city whose liaisons are all on leave, so its new requests show as unroutable ('' for none). */
    unroutableCity: env.SEED_UNROUTABLE_CITY ?? '211400',
    /** How long one event-borne outcome may take before the seed gives up on it. */
    waitSeconds: n('SEED_WAIT_SECONDS', 60),
  };
}

let rng = 20261127;
const rand = () => ((rng = (rng * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const personName = () => pick(SURNAMES) + pick(GIVEN);
const randomUscc = (region) => makeUscc('9', '1', region, Array.from({ length: 8 }, () => USCC_ALPHABET[Math.floor(rand() * USCC_ALPHABET.length)]).join(''));
const randomIdNumber = (region) => {
  const y = 1965 + Math.floor(rand() * 35);
  const m = String(1 + Math.floor(rand() * 12)).padStart(2, '0');
  const d = String(1 + Math.floor(rand() * 28)).padStart(2, '0');
  return makeIdNumber(`${region}${y}${m}${d}${String(Math.floor(rand() * 1000)).padStart(3, '0')}`);
};

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

/**
 * Polls `probe` until it returns something other than undefined, at most `seconds`; the
 * interval grows from 100 ms so a quick outcome is seen quickly and a slow one is not hammered.
 */
async function until(what, seconds, probe) {
  const deadline = Date.now() + seconds * 1000;
  for (let wait = 100; ; wait = Math.min(wait * 1.5, 2000)) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`gave up after ${seconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, wait));
  }
}

/** One signed-in user of the public API (the gateway's /api/<service>/…). */
async function signIn(base, username, password) {
  const login = async () => {
    const res = await fetch(`${base}/api/identity/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    const body = await res.json().catch(() => ({}));
    if (res.status !== 200) throw new Error(`sign-in of ${username}: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    return { token: body.accessToken, user: body.user, at: Date.now() };
  };
  let session = await login();
  const call = async (method, path, body, headers = {}) => {
    // Access tokens live 15 minutes: sign in again well before.
    if (Date.now() - session.at > 10 * 60_000) session = await login();
    const raw = typeof body === 'string';
    const res = await fetch(`${base}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${session.token}`, ...(body === undefined || raw ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed };
  };
  const must = async (method, path, body, headers, ok = [200, 201, 204]) => {
    const r = await call(method, path, body, headers);
    if (!ok.includes(r.status)) throw new Error(`${username}: ${method} ${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
    return r.body;
  };
  return { username, get user() { return session.user; }, call, must };
}

/** Every page of a cursor-paged list. */
async function allPages(api, path) {
  const items = [];
  let after = null;
  do {
    const page = await api.must('GET', `${path}${path.includes('?') ? '&' : '?'}limit=200${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    items.push(...page.items);
    after = page.nextCursor;
  } while (after);
  return items;
}

async function seedStaff(admin, ctx) {
  const users = [{ username: 'province', name: '省局 管理员', role: 'province_manager' }];
  for (const [code, city] of ctx.cities) {
    users.push({ username: `cm-${code}`, name: `${city}市局 ${personName()}`, role: 'city_manager', cityCode: code });
    for (let i = 1; i <= ctx.sizes.liaisonsPerCity; i++) users.push({ username: `liaison-${code}-${String(i).padStart(2, '0')}`, name: `${city} ${personName()}`, role: 'liaison', cityCode: code });
  }
  let created = 0;
  await pool(users, 4, async (u) => {
    // 409: made by an earlier run, kept as it is.
    const r = await admin.must('POST', '/identity/users', { ...u, password: ctx.password }, {}, [201, 409]);
    if (r && r.id) created += 1;
  });
  return { users: users.length, created };
}

async function seedEnterprises(admin, ctx) {
  const rows = ['uscc,name,cityCode,industry,size,tags,contactPoint,keyEnergyUnit'];
  for (const [code, city] of ctx.cities) {
    for (let i = 0; i < ctx.sizes.enterprisesPerCity; i++) {
      const region = `${code.slice(0, 4)}02`;
      rows.push([randomUscc(region), `${city}${pick(['华', '东', '北', '新', '宏', '恒', '盛', '达'])}${pick(['远', '泰', '信', '源', '兴', '通'])}${SUFFIX[i % SUFFIX.length]}${i}`, code, pick(INDUSTRIES), pick(['small', 'medium', 'large']), i % 5 === 0 ? 'key-customer' : '', i % 6 === 0, i % 9 === 0].join(','));
    }
  }
  const report = await admin.must('POST', '/accounts/imports/enterprises', rows.join('\n'), { 'content-type': 'text/csv' });
  const byCity = {};
  for (const [code] of ctx.cities) {
    const page = await admin.must('GET', `/accounts/enterprises?cityCode=${code}&limit=100`);
    byCity[code] = page.items.map((e) => ({ id: e.id, uscc: e.uscc, name: e.name }));
    if (byCity[code].length === 0) throw new Error(`the import left no enterprise in ${code}: ${JSON.stringify(report).slice(0, 400)}`);
  }
  return { report, byCity };
}

async function seedEnterpriseUsers(admin, ctx, byCity) {
  const list = ctx.cities.flatMap(([code]) => byCity[code].slice(0, ctx.sizes.enterpriseUsersPerCity).map((e, i) => ({ e, username: `ent-${code}-${i + 1}` })));
  await pool(list, 4, ({ e, username }) => admin.must('POST', '/identity/users', { username, name: e.name.slice(0, 40), role: 'enterprise', enterpriseId: e.id, password: ctx.password }, {}, [201, 409]));
  return list.map(({ e, username }) => ({ username, enterprise: e }));
}

/**
 * Assignment learns liaisons from identity's user events. A city's manager waits until every
 * seeded liaison is on the roster (they were created just before), then sets the routing rules:
 * emergency verification goes to a standing emergency team of the first liaisons.
 */
async function seedRouting(ctx, managers) {
  const rosters = {};
  await pool(ctx.cities, 2, async ([code]) => {
    const cm = managers[code];
    const roster = await until(`assignment's roster of ${code} to list its ${ctx.sizes.liaisonsPerCity} liaisons`, ctx.sizes.waitSeconds, async () => {
      const r = await cm.call('GET', `/assignment/liaisons?cityCode=${code}`);
      const seeded = r.status === 200 ? r.body.filter((l) => l.cityCode === code && l.accountActive) : [];
      return seeded.length >= ctx.sizes.liaisonsPerCity ? seeded : undefined;
    });
    rosters[code] = roster;
    const current = await cm.must('GET', `/assignment/rules/${code}`);
    const team = roster.slice(0, Math.max(1, Math.ceil(roster.length / 3))).map((l) => l.userId);
    await cm.must('PUT', `/assignment/rules/${code}`, { version: current.version, categories: [{ category: 'emergency_verification', liaisonIds: team }] });
  });
  return rosters;
}

async function seedTraining(ctx, province, managers, byCity) {
  const existing = await province.must('GET', '/training/courses');
  const courses = {};
  for (const c of COURSES) {
    const { qualification: _q, ...body } = c;
    const found = (existing.items ?? existing).find((x) => x.code === c.code);
    courses[c.code] = found ? found.id : (await province.must('POST', '/training/courses', body)).id;
  }
  const people = [];
  let sessions = 0;
  await pool(ctx.cities, 4, async ([code, city]) => {
    const cm = managers[code];
    for (const course of COURSES) {
      const session = await cm.must('POST', '/training/sessions', { courseId: courses[course.code], cityCode: code, startDate: '2026-09-14', endDate: '2026-09-16', organiser: { kind: 'bureau', name: `${city}市市场监督管理局` }, capacity: 30, place: `${city}市计量测试所培训室` });
      sessions += 1;
      await pool(Array.from({ length: ctx.sizes.traineesPerSession }, (_, i) => i), 4, async (i) => {
        const employer = byCity[code][i % byCity[code].length];
        const idNumber = randomIdNumber(`${code.slice(0, 4)}02`);
        const enrol = await cm.must('POST', `/training/sessions/${session.id}/enrolments`, { name: personName(), idNumber, employerUscc: employer.uscc });
        const passed = i % 7 !== 6;
        await cm.must('PUT', `/training/sessions/${session.id}/enrolments/${enrol.id}/attendance`, { hours: passed ? course.hours : 8, result: passed ? 'pass' : 'fail', score: passed ? 70 + Math.floor(rand() * 30) : 45, version: enrol.version });
        if (passed) people.push({ idNumber, name: enrol.name, employer, course, code });
      });
      await cm.must('POST', `/training/sessions/${session.id}/complete`, {});
    }
  });
  return { sessions, passed: people.length, people };
}

/**
 * A file's prerequisite (the passed course) reaches qualifications by training's event: until
 * it has, filing answers 422, so each filing is retried until accepted, within the deadline.
 */
async function seedQualifications(ctx, managers, people) {
  let filed = 0;
  await pool(people, 4, async (p, i) => {
    const type = p.course.qualification;
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
    const status = await until(`qualifications to accept ${p.name}'s ${type} file (training's pass must reach it)`, ctx.sizes.waitSeconds, async () => {
      const r = await managers[p.code].call('POST', '/qualifications/files', body);
      if (r.status === 201 || r.status === 409) return r.status;
      if (r.status !== 422) throw new Error(`qualification file: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      return undefined;
    });
    if (status === 201) filed += 1;
  });
  return filed;
}

async function main() {
  const t0 = Date.now();
  const log = (m) => process.stderr.write(`[seed] ${m} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`);
  const outcome = await seed({
    base: process.env.GATEWAY_URL || `http://127.0.0.1:${process.env.GATEWAY_PORT || 4000}`,
    adminUsername: process.env.BOOTSTRAP_ADMIN_USERNAME || 'admin',
    adminPassword: process.env.BOOTSTRAP_ADMIN_PASSWORD,
    password: process.env.DEMO_PASSWORD || 'Metrodesk2026',
    sizes: sizesFromEnv(),
    log,
  });
  const { unroutable } = outcome.requests;
  if (unroutable.length > 0) {
    const byCategory = {};
    for (const u of unroutable) byCategory[u.category] = (byCategory[u.category] ?? 0) + 1;
    log(`not routed to any liaison (assignment queued them): ${JSON.stringify(byCategory)}`);
  }
  log('done');
}

/** The whole seed; returns what it made, for the caller (and its test) to check. */
async function seed({ base, adminUsername, adminPassword, password, sizes, log = () => undefined }) {
  if (!adminPassword) throw new Error('the administrator password is not set (BOOTSTRAP_ADMIN_PASSWORD; deploy/local/run sets it)');
  const ctx = { sizes, password, cities: sizes.cityCodes ? CITIES.filter(([code]) => sizes.cityCodes.includes(code)) : CITIES.slice(0, sizes.cities), log };
  const admin = await signIn(base, adminUsername, adminPassword);
  log(`staff: ${JSON.stringify(await seedStaff(admin, ctx))}`);
  const { report, byCity } = await seedEnterprises(admin, ctx);
  log(`enterprises: ${JSON.stringify(report.summary ?? report.totals ?? Object.keys(report))}`);
  const enterpriseUsers = await seedEnterpriseUsers(admin, ctx, byCity);
  log(`enterprise users: ${enterpriseUsers.length}`);
  const staff = await allPages(admin, '/identity/users?role=liaison');
  const usernameOf = new Map(staff.map((u) => [u.id, u.username]));
  const liaisonsByCity = {};
  for (const u of staff) (liaisonsByCity[u.cityCode] ??= []).push(u.id);
  const managers = {};
  await pool(ctx.cities, 4, async ([code]) => {
    managers[code] = await signIn(base, `cm-${code}`, password);
  });
  const rosters = await seedRouting(ctx, managers);
  log(`routing rules set in ${Object.keys(rosters).length} cities`);
  const province = await signIn(base, 'province', password);
  // Last year's history goes in by import beside the training, which waits on people, not the import.
  const { seedHistory, historyCounted } = require('./seed-history');
  const { seedProgrammes } = require('./seed-programmes');
  const { seedRecords } = require('./seed-records');
  const [training, history, programmes, records] = await Promise.all([
    seedTraining(ctx, province, managers, byCity),
    seedHistory({ ...ctx, managers, province, byCity, until, pool }),
    seedProgrammes({ ...ctx, managers, province, pool }),
    seedRecords({ ...ctx, managers, pool }),
  ]);
  log(`training: ${training.sessions} sessions, ${training.passed} passed`);
  log(`history of ${history.year}: ${history.imported} requests imported`);
  // Reporting's count of the history is checked beside the steps below, which do not need it.
  const counted = historyCounted({ ...ctx, province, until, pool }, history);
  counted.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled meanwhile
  log(`programmes of ${programmes.year}: ${programmes.campaigns} campaigns, ${programmes.recorded} of ${programmes.activities} activities recorded now`);
  log(`integrity and energy of ${records.year}: ${records.signed} signings and ${records.reviewed} reviews imported now, ${records.named} demonstration units named, ${records.collecting} units' data collection set`);
  const files = await seedQualifications(ctx, managers, training.people);
  log(`qualification files: ${files}`);
  const { seedRequests, seedUnroutableCity } = require('./seed-requests');
  // The city that shows unroutable work gets no walked requests: its liaisons are all away.
  const away = ctx.cities.some(([code]) => code === sizes.unroutableCity) ? sizes.unroutableCity : null;
  const working = enterpriseUsers.filter((u) => u.username.split('-')[1] !== away);
  const requests = await seedRequests({ ...ctx, base, managers, enterpriseUsers: working, usernameOf, liaisonsByCity, signIn, until, pool, pick, rand });
  log(`requests: ${JSON.stringify(requests.states)}`);
  log(`visits scheduled with a qualified verifier: ${requests.onSite.length}`);
  const unroutable = away ? await seedUnroutableCity({ ...ctx, base, managers, enterpriseUsers, liaisonsByCity, signIn, until }, away) : [];
  if (away) log(`every liaison of ${away} on leave: ${unroutable.length} requests wait for the city manager to assign them`);
  const { seedInstruments } = require('./seed-instruments');
  const instruments = await seedInstruments({ base, password, signIn, pool, admin }, enterpriseUsers);
  log(`instruments: ${instruments.imported} imported, ${instruments.added} added; falling-due scan: ${JSON.stringify(instruments.due)}`);
  history.figures = await counted;
  log(`reporting counts the history of ${history.year}: ${JSON.stringify(history.figures)}`);
  return { staff: staff.length, enterprises: report, training, history, programmes, records, files, requests, unroutable, instruments };
}

module.exports = { seed, sizesFromEnv, CITIES };

if (require.main === module) {
  main().catch((err) => {
    console.error(`[seed] failed: ${err.message}`);
    process.exit(1);
  });
}
