// Writes each package's test counts to .local/test-results/, so one run across the
// monorepo can print a single closing line (scripts/test-summary.js).
const { mkdirSync, writeFileSync } = require('node:fs');
const { join, basename } = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }
  onRunComplete(_contexts, results) {
    const dir = join(__dirname, '..', '..', '.local', 'test-results');
    mkdirSync(dir, { recursive: true });
    const pkg = require(join(this.rootDir, 'package.json')).name || basename(this.rootDir);
    writeFileSync(
      join(dir, `${pkg.replace(/[@/]/g, '_')}.json`),
      JSON.stringify({ package: pkg, passed: results.numPassedTests, failed: results.numFailedTests, skipped: results.numPendingTests + results.numTodoTests, suitesFailed: results.numFailedTestSuites + results.numRuntimeErrorTestSuites }),
    );
  }
}
module.exports = SummaryReporter;
