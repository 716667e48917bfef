// Demo instrument registers: each demo enterprise user keeps its own, as an enterprise would —
// every other one imports a filled-in sheet (CSV with the template's Chinese headings and
// words), the rest add their instruments one by one. Some fall due next month and one per
// enterprise is an overdue compulsory gauge, so the planning page, the liaisons' due page and
// the proactive requests (opened by the falling-due scan the seed asks for at the end) all
// show something on the first run. A rerun finds the registers there and leaves them alone.

/** The bureau's day (Asia/Shanghai, UTC+8) `offset` days from today. */
const bureauDay = (offset = 0) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/** A day of next month a year back: with a 12-month cycle the instrument falls due on it. */
function dueNextMonth(dom) {
  const d = new Date(`${bureauDay().slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - 11);
  return `${d.toISOString().slice(0, 7)}-${String(dom).padStart(2, '0')}`;
}

/** One enterprise's register: `n` tells enterprises apart so their serial numbers differ. */
function register(n) {
  const sn = (k) => `LN${String(n).padStart(3, '0')}-${String(k).padStart(3, '0')}`;
  return [
    { instrumentClass: 'pressure_gauge', model: 'Y-100', serialNo: sn(1), location: '锅炉房', use: 'safety', cycleMonths: 12, lastVerifiedOn: dueNextMonth(3 + (n % 10)), certificateNo: `JD-${sn(1)}` },
    { instrumentClass: 'pressure_gauge', model: 'Y-150', serialNo: sn(2), location: '空压站', use: 'safety', cycleMonths: 12, lastVerifiedOn: dueNextMonth(8 + (n % 10)), certificateNo: `JD-${sn(2)}` },
    { instrumentClass: 'gas_alarm', model: 'GT-2000', serialNo: sn(3), location: '燃气调压间', use: 'safety', cycleMonths: 12, lastVerifiedOn: dueNextMonth(12 + (n % 10)), certificateNo: `JD-${sn(3)}` },
    { instrumentClass: 'flow_meter', model: 'LWGY-50', serialNo: sn(4), location: '计量间', use: 'trade_settlement', cycleMonths: 24, lastVerifiedOn: bureauDay(-60), certificateNo: `JD-${sn(4)}` },
    { instrumentClass: 'electricity_meter', model: 'DTSD341', serialNo: sn(5), location: '配电室', use: 'process_control', cycleMonths: 12, lastVerifiedOn: bureauDay(-120), certificateNo: null },
    // Overdue, under compulsory verification: the liaisons see it first on their due page.
    { instrumentClass: 'pressure_gauge', model: 'Y-100', serialNo: sn(6), location: '二号车间', use: 'safety', cycleMonths: 12, lastVerifiedOn: bureauDay(-395 - (n % 20)), certificateNo: `JD-${sn(6)}` },
  ];
}

const CLASS_WORDS = { pressure_gauge: '压力表', gas_alarm: '燃气报警器', flow_meter: '流量计', electricity_meter: '电能表' };
const USE_WORDS = { trade_settlement: '贸易结算', safety: '安全防护', medical: '医疗卫生', environment: '环境监测', process_control: '工艺控制' };

/** The register as the enterprise fills in the import template: the template's headings, words not codes. */
function sheet(items) {
  const rows = ['器具类别,型号规格,出厂编号,使用地点,用途,检定周期（月）,上次检定日期,检定证书编号,状态'];
  for (const i of items) rows.push([CLASS_WORDS[i.instrumentClass], i.model, i.serialNo, i.location, USE_WORDS[i.use], i.cycleMonths, i.lastVerifiedOn, i.certificateNo ?? '', '在用'].join(','));
  return rows.join('\n');
}

/**
 * Registers the instruments of every demo enterprise user, then asks for today's falling-due
 * scan (the service's own timer may have run before the registers existed). Returns the counts.
 */
async function seedInstruments({ base, password, signIn, pool, admin }, enterpriseUsers) {
  let imported = 0;
  let added = 0;
  await pool(
    enterpriseUsers.map((u, n) => ({ ...u, n })),
    4,
    async ({ username, enterprise, n }) => {
      const me = await signIn(base, username, password);
      const held = await me.must('GET', `/accounts/instruments?enterpriseId=${encodeURIComponent(enterprise.id)}&limit=1`);
      if (held.items.length > 0) return;
      const items = register(n);
      if (n % 2 === 0) {
        const r = await me.must('POST', `/accounts/enterprises/${encodeURIComponent(enterprise.id)}/instruments/import?lang=zh-CN`, sheet(items), { 'content-type': 'text/csv' });
        imported += r.created;
      } else {
        for (const i of items) await me.must('POST', `/accounts/enterprises/${encodeURIComponent(enterprise.id)}/instruments`, i);
        added += items.length;
      }
    },
  );
  const scan = await admin.must('POST', '/accounts/admin/instruments/due-scan', {});
  return { imported, added, due: scan };
}

module.exports = { seedInstruments, register, dueNextMonth };
