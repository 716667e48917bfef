// Demo service requests in every state: enterprise users file them, assignment routes each to
// a liaison of the city, and that liaison (signed in as themselves) works it to the state the
// demo wants; the enterprise rates the return visit.
const { randomBytes } = require('node:crypto');

const CATEGORIES = [
  ['verification_calibration', '压力表、燃气报警器检定', [{ class: 'pressure_gauge', count: 24, model: 'Y-100' }]],
  ['emergency_verification', '应急检定：54台燃气报警器需24小时内完成', [{ class: 'gas_alarm', count: 54, model: 'GT-2000' }]],
  ['management_system', '协助建立测量管理体系', []],
  ['test_solution', '在线流量计测量方案咨询', [{ class: 'flow_meter', count: 3 }]],
  ['energy_metrology', '能源计量器具配备核查', [{ class: 'electricity_meter', count: 40, model: 'DTSD' }]],
  ['training_request', '企业计量员内训需求', []],
  ['product_development', '新产品研发计量技术支持', []],
  ['other', '计量法规咨询', []],
];
const ON_SITE = ['verification_calibration', 'emergency_verification'];
// The state each demo request is walked to, in proportions a real queue might have.
const PATHS = ['filed', 'responded', 'in_progress', 'waiting', 'resolved', 'closed', 'closed', 'closed', 'redo', 'withdrawn'];

/** One sign-in per user however many requests they work at once. */
function sessions(signIn, base, password) {
  const open = new Map();
  return (username) => {
    if (!open.has(username)) open.set(username, signIn(base, username, password));
    return open.get(username);
  };
}

/**
 * On-site work gets a visit a week ahead with a verifier of the city qualified for its
 * instruments on that day. Verifiers reach the requests service from qualifications' events,
 * so the liaison looks until one is offered, within the deadline.
 */
async function scheduleVisit(ctx, liaison, req, instruments) {
  const date = new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10);
  const classes = instruments.map((x) => x.class).join(',');
  const key = await ctx.until(`a verifier qualified for ${classes} in ${req.cityCode}`, ctx.sizes.waitSeconds, async () => {
    const r = await liaison.must('GET', `/requests/requests/verifiers?cityCode=${req.cityCode}&classes=${encodeURIComponent(classes)}&date=${date}`);
    return r.institutes.flatMap((i) => i.verifiers).find((v) => v.qualified)?.personKey;
  });
  const done = await reloadingOnConflict(liaison, `/requests/requests/${req.id}`, 'visits', { date, slot: 'morning', verifierKeys: [key] });
  return { requestId: req.id, visits: (done.visits ?? []).length };
}

/**
 * Events move a request's version on their own (assignment naming its liaison, SLA marks), so
 * an action can meet "changed by someone else": like a user told to reload and try again, the
 * seed reads the request once more and repeats the action, a few times at most. The first try
 * uses `version`, the one the user last saw, when given.
 */
async function reloadingOnConflict(who, requestPath, action, body, version) {
  for (let attempt = 1; ; attempt++) {
    const v = version ?? (await who.must('GET', requestPath)).version;
    const r = await who.call('POST', `${requestPath}/${action}`, { ...body, version: v });
    if (r.status === 200 || r.status === 201) return r.body;
    if (r.status !== 409 || r.body?.code !== 'version_conflict' || attempt === 3) {
      throw new Error(`${who.username}: POST ${requestPath}/${action}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
    }
    version = undefined;
  }
}

async function transferToDemoLiaison(ctx, cm, enterprise, req) {
  const from = req.assigneeId;
  const candidates = ctx.liaisonsByCity[req.cityCode] ?? [];
  const refusals = [];
  for (const to of candidates) {
    const r = await cm.call('POST', `/assignment/requests/${req.id}/transfer`, { toLiaisonId: to, reason: '演示数据：转给本市演示联络员' });
    if (r.status === 200 || r.status === 201) {
      return ctx.until(`request ${req.id} to show its new assignee`, ctx.sizes.waitSeconds, async () => {
        const g = await enterprise.call('GET', `/requests/requests/${req.id}`);
        return g.status === 200 && g.body.assigneeId && g.body.assigneeId !== from ? g.body : undefined;
      });
    }
    if (r.status !== 409) throw new Error(`transfer of ${req.id}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    refusals.push(r.body.detail ?? r.body.code);
  }
  ctx.log(`request ${req.id} stays with ${from}, outside the demo: no demo liaison of ${req.cityCode} can take it (${refusals.join('; ') || 'none in the city'})`);
  return undefined;
}

async function seedRequests(ctx) {
  const { base, managers, enterpriseUsers, usernameOf, signIn, until, pool, pick, rand, sizes, password } = ctx;
  const as = sessions(signIn, base, password);
  const run = randomBytes(4).toString('hex');
  const states = {};
  const unroutable = [];
  const assignedCategories = new Set();
  const onSite = [];
  const count = (k) => (states[k] = (states[k] ?? 0) + 1);
  const byCity = {};
  for (const u of enterpriseUsers) (byCity[u.username.split('-')[1]] ??= []).push(u);
  const cities = Object.keys(byCity);

  // Each request waits on two event hops (routing, then the request learning its assignee):
  // eight at a time keep the services busy rather than the seed waiting.
  await pool(Array.from({ length: sizes.requests }, (_, i) => i), 8, async (i) => {
    const code = cities[i % cities.length];
    const owner = byCity[code][Math.floor(i / cities.length) % byCity[code].length];
    const enterprise = await as(owner.username);
    // Every category comes round in every city: consecutive requests of a city differ in category.
    const [category, title, instruments] = CATEGORIES[Math.floor(i / cities.length) % CATEGORIES.length];
    const body = {
      category,
      title,
      description: `${owner.enterprise.name}：${title}。请联系企业计量负责人。`,
      instruments,
      priority: category === 'emergency_verification' ? 'emergency' : pick(['normal', 'normal', 'urgent']),
    };
    // The requests service learns enterprises from accounts' events: a just-imported one may
    // be unknown to it for a moment (404).
    let req = await until(`requests to know ${owner.enterprise.name}`, sizes.waitSeconds, async () => {
      const r = await enterprise.call('POST', '/requests/requests', body, { 'idempotency-key': `seed-${run}-${i}` });
      if (r.status === 201 || r.status === 200) return r.body;
      if (r.status !== 404) throw new Error(`filing: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      return undefined;
    });
    const path = PATHS[i % PATHS.length];
    const step = async (who, action, extra) => {
      req = await reloadingOnConflict(who, `/requests/requests/${req.id}`, action, extra, req.version);
    };
    if (path === 'withdrawn') {
      await step(enterprise, 'withdraw', { reason: '企业已自行解决' });
      return count(path);
    }
    // Routing is decided when assignment reads the filing: assigned to a liaison, or queued
    // when no liaison can take it (which stops the wait: nothing would change it).
    const cm = managers[code];
    const decided = await until(`assignment to route request ${req.id}`, sizes.waitSeconds, async () => {
      const r = await cm.call('GET', `/assignment/requests/${req.id}/assignment`);
      return r.status === 200 && ['assigned', 'queued'].includes(r.body.current.status) ? r.body.current : undefined;
    });
    if (decided.status !== 'assigned') {
      unroutable.push({ requestId: req.id, cityCode: code, category });
      return count('unroutable');
    }
    assignedCategories.add(category);
    // The request learns its assignee from assignment's event.
    req = await until(`request ${req.id} to show its assignee`, sizes.waitSeconds, async () => {
      const r = await enterprise.call('GET', `/requests/requests/${req.id}`);
      return r.status === 200 && r.body.assigneeId ? r.body : undefined;
    });
    if (path === 'filed') return count(path);
    // Routed to a liaison of this identity the seed did not make or cannot sign in as (one that
    // assignment learned from another Metrodesk on the same Kafka, e.g. tests): the city
    // manager transfers it to one of the demo's liaisons, as a manager would.
    if (!usernameOf.has(req.assigneeId)) {
      const moved = await transferToDemoLiaison(ctx, cm, enterprise, req);
      if (!moved) return count('left with a liaison outside the demo');
      req = moved;
    }
    const username = usernameOf.get(req.assigneeId);
    const liaison = await as(username);
    await step(liaison, 'respond', { note: '已收到，安排检定人员联系。' });
    if (path !== 'responded') await step(liaison, 'start', {});
    if (path === 'waiting') await step(liaison, 'ask', { question: '请提供仪表的出厂编号和安装位置。' });
    if (['resolved', 'closed', 'redo'].includes(path)) {
      await step(liaison, 'resolve', { text: '已完成现场检定并出具检定证书。', solved: rand() > 0.1, kind: category === 'management_system' ? 'management_system_help' : 'on_site_verification' });
    }
    if (path === 'closed') await step(enterprise, 'return-visit', { satisfaction: 4 + Math.round(rand()), satisfied: true, comment: '服务及时' });
    if (path === 'redo') await step(enterprise, 'return-visit', { satisfaction: 2, satisfied: false, comment: '报告有误，请重新出具' });
    if (ON_SITE.includes(category) && path === 'in_progress') onSite.push(await scheduleVisit(ctx, liaison, req, instruments));
    count(path);
  });
  return { states, unroutable, assignedCategories: [...assignedCategories].sort(), onSite };
}

/**
 * One city shows what happens when nobody can take work: its city manager records a leave for
 * every liaison (a training course away), then two of its enterprises file. Assignment queues
 * both as unroutable, and the manager's queue shows them for assigning by hand.
 */
async function seedUnroutableCity(ctx, code) {
  const { base, managers, enterpriseUsers, liaisonsByCity, signIn, until, sizes, password } = ctx;
  const cm = managers[code];
  const day = (offset) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + offset * 86400_000));
  for (const id of liaisonsByCity[code] ?? []) {
    const l = await cm.must('GET', `/assignment/liaisons/${id}`);
    await cm.must('POST', `/assignment/liaisons/${id}/leaves`, { version: l.version, from: day(0), to: day(14), reason: '全员参加省局业务培训' });
  }
  const owners = enterpriseUsers.filter((u) => u.username.split('-')[1] === code);
  const run = randomBytes(4).toString('hex');
  const queued = [];
  for (const [i, [category, title, instruments]] of [CATEGORIES[0], CATEGORIES[2]].entries()) {
    const owner = owners[i % owners.length];
    const enterprise = await signIn(base, owner.username, password);
    const body = { category, title, description: `${owner.enterprise.name}：${title}。`, instruments, priority: 'urgent' };
    const req = await until(`requests to know ${owner.enterprise.name}`, sizes.waitSeconds, async () => {
      const r = await enterprise.call('POST', '/requests/requests', body, { 'idempotency-key': `seed-away-${run}-${i}` });
      if (r.status === 201 || r.status === 200) return r.body;
      if (r.status !== 404) throw new Error(`filing: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      return undefined;
    });
    const decided = await until(`assignment to route request ${req.id}`, sizes.waitSeconds, async () => {
      const r = await cm.call('GET', `/assignment/requests/${req.id}/assignment`);
      return r.status === 200 && ['assigned', 'queued'].includes(r.body.current.status) ? r.body.current : undefined;
    });
    queued.push({ requestId: req.id, cityCode: code, category, status: decided.status });
  }
  return queued;
}

module.exports = { seedRequests, seedUnroutableCity, reloadingOnConflict, CATEGORIES, PATHS };
