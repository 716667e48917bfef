// Fuzzes every service's HTTP API from its OpenAPI contract with schemathesis: each
// service runs as a real process against the real servers, and every generated request
// must get a response that is not a 5xx and that conforms to the contract (status codes,
// content types, headers and body schema). "Valid by schema but rejected by a business
// rule" (a USCC with a wrong check character, say) is allowed: such rules are stricter
// than a schema can say.
//
//   node test/fuzz/run.js [--max-examples N] [service ...]
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const { createServer } = require('node:net');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');

const ROOT = join(__dirname, '..', '..');
const LOCAL = process.env.METRODESK_LOCAL_DIR || join(ROOT, '.local');
const ST = join(LOCAL, 'venv', 'bin', 'schemathesis');
const args = process.argv.slice(2);
const maxIdx = args.indexOf('--max-examples');
const maxExamples = maxIdx >= 0 ? Number(args.splice(maxIdx, 2)[1]) : 10;
const only = args;

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function waitReady(url, ms = 30000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

async function fuzz(name, secrets) {
  const port = await freePort();
  const env = {
    ...process.env,
    ...secrets,
    PORT: String(port),
    MONGO_DB: `metrodesk_fuzz_${name}`,
    // Its own consumer group, reading only new events: fuzzing must not move the offsets
    // of the real groups nor replay everyone's history.
    CONSUMER_GROUP: `fuzz-${name}-${Date.now()}`,
    CONSUMER_FROM_BEGINNING: 'false',
    LOG_LEVEL: 'warn',
    MONGO_URL: process.env.MONGO_URL || 'mongodb://127.0.0.1:27027/',
    MONGO_COMPAT: process.env.MONGO_COMPAT || 'ferretdb-v1',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS || '127.0.0.1:29092',
    REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6390',
  };
  const child = spawn(process.execPath, [join(ROOT, 'services', name, 'dist', 'main.js')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  try {
    if (!(await waitReady(`http://127.0.0.1:${port}/readyz`))) return { name, error: `did not start: ${stderr.slice(-500)}` };
    const { signIdentity } = require(join(ROOT, 'packages', 'access', 'dist'));
    const identity = signIdentity({ userId: 'fuzzer', role: 'admin' }, secrets.IDENTITY_SECRET, 3600);
    const r = spawnSync(
      ST,
      ['run', join(ROOT, 'contracts', 'http', `${name}.yaml`), '--url', `http://127.0.0.1:${port}`, '-H', `x-metrodesk-identity: ${identity}`,
        '--checks', 'all', '--exclude-checks', 'positive_data_acceptance', '--max-examples', String(maxExamples), '--seed', '20261127', '--no-color'],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, SCHEMATHESIS_HOOKS: '' } },
    );
    const out = `${r.stdout}\n${r.stderr}`;
    const cases = /(\d+) generated/.exec(out);
    const failures = /found (\d+) unique failures/.exec(out);
    const result = { name, cases: cases ? Number(cases[1]) : 0, failures: failures ? Number(failures[1]) : r.status === 0 ? 0 : -1, exit: r.status };
    if (result.failures !== 0) result.output = out.slice(-6000);
    return result;
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main() {
  if (!existsSync(ST)) throw new Error(`schemathesis not installed at ${ST}: run deploy/local/install`);
  const secrets = {
    IDENTITY_SECRET: randomBytes(24).toString('base64'),
    JWT_SECRET: randomBytes(48).toString('base64'),
    ID_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ID_HASH_KEY: randomBytes(32).toString('base64'),
  };
  const names = readdirSync(join(ROOT, 'contracts', 'http'))
    .filter((f) => f.endsWith('.yaml') && !f.startsWith('_'))
    .map((f) => f.slice(0, -5))
    .filter((n) => existsSync(join(ROOT, 'services', n, 'dist', 'main.js')))
    .filter((n) => only.length === 0 || only.includes(n));
  const results = [];
  for (const name of names) {
    const r = await fuzz(name, secrets);
    results.push(r);
    console.log(`${name.padEnd(16)} ${String(r.cases ?? 0).padStart(6)} cases ${r.error ? `ERROR ${r.error}` : `${r.failures} failures`}`);
    if (r.output) console.log(r.output);
  }
  const bad = results.filter((r) => r.error || r.failures !== 0);
  const total = results.reduce((n, r) => n + (r.cases ?? 0), 0);
  console.log(`fuzz: ${results.length} APIs, ${total} cases, ${bad.length} with failures (max ${maxExamples} examples per operation)`);
  process.exit(bad.length > 0 || results.length === 0 ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
