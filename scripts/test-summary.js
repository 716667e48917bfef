// Prints one closing line for the whole monorepo's test run from the per-package results
// the jest reporter wrote, and fails if any package failed or none ran.
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const { join } = require('node:path');

const dir = join(__dirname, '..', '.local', 'test-results');
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let passed = 0, failed = 0, skipped = 0, suitesFailed = 0;
for (const f of files) {
  const r = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  passed += r.passed; failed += r.failed; skipped += r.skipped; suitesFailed += r.suitesFailed;
  console.log(`${r.package.padEnd(32)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(3)} failed`);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || suitesFailed > 0 || passed === 0 ? 1 : 0);
