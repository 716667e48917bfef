// Writes this package's counts where the jest packages write theirs (.local/test-results/),
// so the monorepo's closing line (scripts/test-summary.js) includes the console's tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    let suitesFailed = 0;
    for (const m of modules) {
      if (m.state() === 'failed' && m.errors().length > 0) suitesFailed++;
      for (const t of m.children.allTests()) {
        const s = t.result().state;
        if (s === 'passed') passed++;
        else if (s === 'failed') failed++;
        else skipped++;
      }
    }
    const dir = join(import.meta.dirname, '..', '..', '..', '.local', 'test-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '_metrodesk_console.json'), JSON.stringify({ package: '@metrodesk/console', passed, failed, skipped, suitesFailed }));
  }
}
