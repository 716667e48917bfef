// Demo service requests in every state, filed by enterprises and worked by the liaisons
// the assignment service routed them to.
const { randomUUID } = require('node:crypto');
const { call, must, pool, CITIES, pick, rand } = require('./seed');

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
// The state each demo request is walked to, in proportions a real queue might have.
const PATHS = ['filed', 'responded', 'in_progress', 'waiting', 'resolved', 'closed', 'closed', 'closed', 'redo', 'withdrawn'];

/**
 * Assignment learns liaisons from identity's events and routes only to liaisons it knows: on a
 * fresh start it may still be catching up on the broker, so wait (bounded) until every city's
 * seeded liaisons are on its roster before filing, else the walked states stop at "filed".
 */
async function waitForRoster(perCity, log) {
  const deadline = Date.now() + Number(process.env.SEED_ROSTER_WAIT_S || 600) * 1000;
  for (;;) {
    const counts = await Promise.all(CITIES.map(async ([code]) => {
      const r = await call('assignment', 'GET', `/liaisons?cityCode=${code}`);
      return r.status === 200 && Array.isArray(r.body) ? r.body.length : 0;
    }));
    const ready = counts.filter((n) => n >= perCity).length;
    if (ready === CITIES.length) return true;
    if (Date.now() > deadline) return false;
    log(`waiting for assignment's roster: ${ready}/${CITIES.length} cities complete`);
    await new Promise((res) => setTimeout(res, 5000));
  }
}

async function waitAssigned(id, enterprise) {
  for (let i = 0; i < 240; i++) {
    const r = await call('requests', 'GET', `/requests/${id}`, undefined, enterprise);
    if (r.status === 200 && r.body.assigneeId) return r.body;
    await new Promise((res) => setTimeout(res, 500));
  }
  return null;
}

async function seedRequests(enterprises, count) {
  const outcome = {};
  const items = Array.from({ length: count }, (_, i) => i);
  await pool(items, 3, async (i) => {
    const [cityCode] = CITIES[i % CITIES.length];
    const e = enterprises[cityCode][(i * 7) % enterprises[cityCode].length];
    const enterprise = { userId: `seed-ent-${e.id}`, role: 'enterprise', enterpriseId: e.id };
    const [category, title, instruments] = CATEGORIES[i % CATEGORIES.length];
    const body = {
      category,
      title,
      description: `${e.name}：${title}。请联系企业计量负责人。`,
      instruments,
      priority: category === 'emergency_verification' ? 'emergency' : pick(['normal', 'normal', 'urgent']),
    };
    // The requests service learns enterprises from accounts events: on a fresh start its
    // projection may still be catching up, so a new enterprise can be unknown for a while.
    let filed;
    for (let attempt = 0; ; attempt++) {
      const r = await call('requests', 'POST', '/requests', body, enterprise, { 'idempotency-key': `seed-${e.id}-${i}` });
      if (r.status === 201) {
        filed = r.body;
        break;
      }
      if (r.status !== 404 || attempt >= 150) throw new Error(`file request: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      await new Promise((res) => setTimeout(res, 2000));
    }
    const path = PATHS[i % PATHS.length];
    let req = filed;
    const step = async (action, body, who) => {
      req = await must('requests', 'POST', `/requests/${req.id}/${action}`, { version: req.version, ...body }, who);
    };
    if (path === 'withdrawn') {
      await step('withdraw', { reason: '企业已自行解决' }, enterprise);
    } else if (path !== 'filed') {
      const assigned = await waitAssigned(req.id, enterprise);
      if (!assigned) {
        outcome.unassigned = (outcome.unassigned ?? 0) + 1;
        return;
      }
      req = assigned;
      const liaison = { userId: assigned.assigneeId, role: 'liaison', cityCode: assigned.cityCode };
      await step('respond', { note: '已收到，安排检定人员联系。' }, liaison);
      if (path !== 'responded') await step('start', {}, liaison);
      if (path === 'waiting') await step('ask', { question: '请提供仪表的出厂编号和安装位置。' }, liaison);
      if (['resolved', 'closed', 'redo'].includes(path)) {
        await step('resolve', { text: '已完成现场检定并出具检定证书。', solved: rand() > 0.1, kind: category === 'management_system' ? 'management_system_help' : 'on_site_verification' }, liaison);
      }
      if (path === 'closed') await step('return-visit', { satisfaction: 4 + Math.round(rand()), satisfied: true, comment: '服务及时' }, enterprise);
      if (path === 'redo') await step('return-visit', { satisfaction: 2, satisfied: false, comment: '报告有误，请重新出具' }, enterprise);
    }
    outcome[path] = (outcome[path] ?? 0) + 1;
  });
  return outcome;
}

module.exports = { seedRequests, waitForRoster, randomUUID };
