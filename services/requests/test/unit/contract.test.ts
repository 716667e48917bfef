import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { testLogger } from '@metrodesk/testkit';
import type { RequestsDeps } from '../../src/use-cases/ports';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every business route the app serves, as "METHOD /path/{param}". */
function routesOf(app: Express): string[] {
  const walk = (stack: Layer[]): string[] =>
    stack.flatMap((l) => (l.route ? Object.keys(l.route.methods).map((m) => `${m.toUpperCase()} ${l.route!.path.replace(/:(\w+)/g, '{$1}')}`) : l.handle.stack ? walk(l.handle.stack) : []));
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack).filter((r) => !/\/(healthz|readyz|metrics)$/.test(r));
}

/** Every operation the OpenAPI contract lists, read from its path and method lines. */
function contractOperations(): string[] {
  const yaml = readFileSync(join(__dirname, '../../../../contracts/http/requests.yaml'), 'utf8');
  const ops: string[] = [];
  let path = '';
  for (const line of yaml.split('\n')) {
    const p = /^ {2}(\/\S+):\s*$/.exec(line);
    if (p) path = p[1]!;
    const m = /^ {4}(get|post|put|patch|delete):/.exec(line);
    if (m && path) ops.push(`${m[1]!.toUpperCase()} ${path}`);
    if (/^components:/.test(line)) break;
  }
  return ops;
}

describe('the OpenAPI contract', () => {
  it('lists exactly the routes the service serves', () => {
    const app = createApp({ logger: testLogger(), identitySecret: 'x'.repeat(16), readiness: {} } as unknown as RequestsDeps & Parameters<typeof createApp>[0]);
    const served = routesOf(app).sort();
    expect(served.length).toBeGreaterThan(15);
    expect(served).toEqual(contractOperations().sort());
  });
});
