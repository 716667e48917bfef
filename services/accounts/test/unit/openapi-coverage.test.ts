import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testLogger } from '@metrodesk/testkit';
import { createApp } from '../../src/app';
import type { AccountsDeps } from '../../src/use-cases/ports';

// Every route the app serves must be in contracts/http/accounts.yaml, and nothing more.
function contractOperations(): string[] {
  const yaml = readFileSync(join(__dirname, '../../../../contracts/http/accounts.yaml'), 'utf8');
  const ops: string[] = [];
  let path: string | null = null;
  for (const line of yaml.split('\n')) {
    const p = /^ {2}(\/\S*):\s*$/.exec(line);
    if (p) path = p[1]!.replace(/\{(\w+)\}/g, ':$1');
    else if (/^\S/.test(line)) path = null;
    const m = /^ {4}(get|post|put|patch|delete):/.exec(line);
    if (path && m) ops.push(`${m[1]!.toUpperCase()} ${path}`);
  }
  return ops.sort();
}

function appOperations(): string[] {
  const app = createApp({ logger: testLogger(), identitySecret: 'x'.repeat(16), readiness: {}, notify: () => undefined } as unknown as AccountsDeps & Parameters<typeof createApp>[0]);
  const ops: string[] = [];
  const walk = (stack: { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: unknown[] } }[]) => {
    for (const layer of stack) {
      if (layer.route) for (const method of Object.keys(layer.route.methods)) ops.push(`${method.toUpperCase()} ${layer.route.path}`);
      else if (layer.handle?.stack) walk(layer.handle.stack as never);
    }
  };
  walk((app as unknown as { router: { stack: never[] } }).router.stack);
  return ops.filter((o) => !/ \/(healthz|readyz|metrics)$/.test(o)).sort();
}

it('documents every route in the OpenAPI contract', () => {
  expect(appOperations()).toEqual(contractOperations());
  expect(appOperations().length).toBeGreaterThan(20);
});
