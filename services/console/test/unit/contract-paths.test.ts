import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every API path the console calls is one the contracts define (a wrong path shows only as a
 * 404 in the browser: the enterprise import once posted to a path no service serves).
 */
const ROOT = join(__dirname, '..', '..', '..', '..');
const contracts = join(ROOT, 'contracts', 'http');

/** Contract paths as segments; a `{param}` segment is matched only by a computed one. */
function contractPaths(): string[][] {
  const out: string[][] = [];
  for (const file of readdirSync(contracts).filter((f) => f.endsWith('.yaml') && !f.startsWith('_'))) {
    const service = file.replace(/\.yaml$/, '');
    for (const m of readFileSync(join(contracts, file), 'utf8').matchAll(/^ {2}(\/\S*):\s*$/gm)) out.push([service, ...m[1]!.slice(1).split('/')].map((seg) => (seg.startsWith('{') ? PARAM : seg)));
  }
  return out;
}

const PARAM = '{}';
const same = (a: string[], b: string[]) => a.length === b.length && a.every((seg, i) => seg === b[i]);

function consolePaths(): string[] {
  const dir = join(__dirname, '..', '..', 'src', 'api');
  const found = new Set<string>();
  for (const file of readdirSync(dir)) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const m of text.matchAll(/['`](\/(?:accounts|requests|assignment|sla|training|qualifications|reporting|identity|notifications|programmes)\/[^'`?]*)['`?]/g)) {
      // Template parts stand for one path segment; a trailing ${tail} is one or more segments.
      found.add(m[1]!.replace(/\$\{tail\}$/, '').replace(/\$\{[^}]+\}/g, PARAM));
    }
  }
  return [...found];
}

describe('console API paths', () => {
  it('all exist in contracts/http', () => {
    const known = contractPaths();
    const paths = consolePaths();
    expect(paths.length).toBeGreaterThan(20);
    expect(paths.filter((p) => !known.some((k) => same(k, p.slice(1).split('/'))))).toEqual([]);
  });
});
