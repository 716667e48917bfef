import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT, startStack, type Stack } from '../e2e/stack';
import { makeFixtures, ROLES, type Fixtures, type Role } from './fixtures';
import { MATRIX, type Entry, type Expect, type PublicEntry } from './matrix';

/**
 * Every operation of contracts/http × every role × someone else's data, through the real
 * gateway in front of the real services. The operations come from the contracts, so a new
 * endpoint without a line in matrix.ts fails here.
 */
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function contractOperations(): string[] {
  const dir = join(ROOT, 'contracts', 'http');
  const ops: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml') && !f.startsWith('_'))) {
    const service = file.replace(/\.yaml$/, '');
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    for (const [path, item] of Object.entries(doc.paths)) for (const method of Object.keys(item).filter((m) => METHODS.includes(m))) ops.push(`${method.toUpperCase()} /${service}${path}`);
  }
  return ops;
}

const OPERATIONS = contractOperations();

let stack: Stack;
let f: Fixtures;

beforeAll(async () => {
  // The live notification stream ends after a second here: each probe reads its whole answer.
  stack = await startStack(['accounts', 'requests', 'assignment', 'sla', 'training', 'qualifications', 'reporting', 'notifications', 'programmes'], { env: { notifications: { STREAM_MAX_MS: '1000' } } });
  f = await makeFixtures(stack);
}, 480_000);

afterAll(async () => {
  await stack?.stop();
});

/** Strings that would show OTHER's data leaked into a list or a report. */
const markers = () => [f.enterprise.id, f.enterprise.uscc, f.enterprise.name, f.requestId, f.sessionId, f.fileId, f.owner.liaison.id];

function verdict(expect: Expect, status: number, body: unknown): string | null {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  switch (expect) {
    case 'hidden':
      return status === 404 ? null : `expected 404, got ${status}`;
    case 'forbidden':
      return status === 403 ? null : `expected 403, got ${status}`;
    case 'scoped': {
      if (status === 403) return null;
      if (status !== 200) return `expected 403 or a scoped 200, got ${status}`;
      const leaked = markers().filter((m) => text.includes(m));
      return leaked.length ? `200 shows someone else's data: ${leaked.join(', ')}` : null;
    }
    case 'absent':
      return [401, 403].includes(status) || status >= 500 ? `expected to be let through (404 allowed), got ${status}` : null;
    case 'ok':
      return [401, 403, 404].includes(status) || status >= 500 ? `expected to be let through, got ${status}` : null;
  }
}

describe('access matrix', () => {
  it('has one entry for every operation in contracts/http, and none for operations that do not exist', () => {
    const missing = OPERATIONS.filter((op) => !(op in MATRIX));
    const stale = Object.keys(MATRIX).filter((op) => !OPERATIONS.includes(op));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it.each(Object.keys(MATRIX).filter((op) => OPERATIONS.includes(op)))('%s', async (op) => {
    const entry = MATRIX[op]!;
    const [method, path] = op.split(' ') as [string, string];
    if ('public' in entry) {
      const p = entry as PublicEntry;
      const res = await fetch(`${stack.baseUrl}/api${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(p.body(f)) });
      expect(res.status).toBe(p.status);
      return;
    }
    const e = entry as Entry;
    const wrong: Partial<Record<Role, string>> = {};
    for (const role of ROLES) {
      const url = await e.url(f);
      const res = await f.call[role](method, url, e.body?.(f), e.headers ?? {});
      const problem = verdict(e.expect[role], res.status, res.body) ?? e.check?.(role, res) ?? null;
      if (problem) wrong[role] = `${problem}: ${(typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '')).slice(0, 160)}`;
    }
    expect(wrong).toEqual({});
  });
});
