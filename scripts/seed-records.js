// Last year's integrity and energy records, as the city bureaus keep them (DOMAIN.md's
// programmes): each city manager imports the year's integrity self-commitment signings as a
// sheet (about a fifth of the city's enterprises sign; in Dalian, where the programme is
// strongest, a third), names a quarter of the signers demonstration units, imports the
// energy-metrology reviews of the city's key energy-using units (about 90 instruments each) and
// records how each unit's energy data reach the bureau (a third by real-time upload, the rest by
// hand). A second run adds nothing: signed enterprises are left out of the next sheet, a unit
// already reviewed that year is not reviewed again, and naming or setting a status again
// changes nothing.
const SIGNING_HEAD = '统一社会信用代码,签署日期,承诺书文件名,存档编号或链接';
const REVIEW_HEAD = '统一社会信用代码,审查日期,审查人员,审查器具数,审查发现';
const REVIEWERS = ['王建国', '李秀梅', '张海涛', '刘志强', '陈晓东', '赵丽娜'];
const FINDINGS = ['能源计量器具配备率符合要求', '部分电能表超期未检，已责令整改', '二级计量器具配备不足，建议补充', '能源计量数据未建立台账，已指导建立'];

const day = (year, i) => `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(5 + (i % 20)).padStart(2, '0')}`;

async function seedRecords(ctx) {
  const { managers, pool } = ctx;
  const year = new Date().getFullYear() - 1;
  const totals = { year, signed: 0, named: 0, reviewed: 0, collecting: 0 };
  await pool(ctx.cities, 4, async ([code]) => {
    const cm = managers[code];
    const enterprises = (await cm.must('GET', `/accounts/enterprises?cityCode=${code}&limit=200`)).items;
    const every = code === '210200' ? 3 : 5;
    const signers = enterprises.filter((_, i) => i % every === 0);
    const unsigned = signers.filter((e) => !e.flags.integrityCommitment);
    if (unsigned.length > 0) {
      const sheet = [SIGNING_HEAD, ...unsigned.map((e, i) => `${e.uscc},${day(year, i)},${e.name}诚信计量自我承诺书.pdf,CX-${code}-${year}-${String(i + 1).padStart(3, '0')}`)].join('\n');
      // Read the answer first: `total += await …` would add to the total as it was before the wait.
      const { created } = await cm.must('POST', '/accounts/integrity/commitments/import?lang=zh-CN', sheet, { 'content-type': 'text/csv' });
      totals.signed += created;
    }
    for (const e of signers.filter((_, i) => i % 4 === 0)) {
      await cm.must('POST', '/accounts/integrity/demonstrations', { uscc: e.uscc, year }, {}, [200, 201]);
      totals.named += 1;
    }
    const units = enterprises.filter((e) => e.flags.keyEnergyUnit);
    const records = await Promise.all(units.map((e) => cm.must('GET', `/accounts/enterprises/${e.id}/records`)));
    const toReview = units.filter((_, i) => !records[i].energyReviews.some((r) => r.date.startsWith(`${year}-`)));
    if (toReview.length > 0) {
      const sheet = [REVIEW_HEAD, ...toReview.map((e, i) => `${e.uscc},${day(year, i + 3)},${REVIEWERS[i % 6]}、${REVIEWERS[(i + 1) % 6]},${60 + ((i * 17) % 60)},${FINDINGS[i % FINDINGS.length]}`)].join('\n');
      const { created } = await cm.must('POST', '/accounts/energy/reviews/import?lang=zh-CN', sheet, { 'content-type': 'text/csv' });
      totals.reviewed += created;
    }
    for (const [i, e] of units.entries()) {
      await cm.must('PUT', `/accounts/enterprises/${e.id}/energy/data-collection`, { status: i % 3 === 0 ? 'realtime' : 'manual', since: `${year}-03-01` });
      totals.collecting += 1;
    }
  });
  return totals;
}

module.exports = { seedRecords };
