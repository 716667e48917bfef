import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

// Checks that need no container engine: generated files are current, every manifest is a
// valid Kubernetes object, compose names every service, and every service's environment in
// the manifests matches its zod config schema.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const generator = require('../scripts/generate.js') as {
  main(out?: string): string[];
  services(): { name: string; port: number; env: Record<string, { required: boolean; value: unknown }> }[];
  isSecret(k: string): boolean;
};

const DEPLOY = join(__dirname, '..');
const ROOT = join(DEPLOY, '..');
const BIN = join(process.env.METRODESK_LOCAL_DIR ?? join(ROOT, '.local'), 'bin');
const services = generator.services();

type K8sObject = { kind: string; metadata: { name: string }; data?: Record<string, string>; spec?: { template?: { spec: { containers: { env?: { name: string }[]; envFrom?: { configMapRef?: { name: string } }[] }[] } } } };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)).map((f) => join(e.name, f)) : [e.name]));
}

describe('deploy files', () => {
  it('covers every service that has a config schema', () => {
    const dirs = readdirSync(join(ROOT, 'services')).filter((d) => existsSync(join(ROOT, 'services', d, 'src', 'config.ts')));
    expect(services.map((s) => s.name).sort()).toEqual(dirs.sort());
    expect(services.length).toBeGreaterThanOrEqual(3);
  });

  it('are what the generator makes from the current config schemas', () => {
    const out = mkdtempSync(join(tmpdir(), 'deploy-'));
    generator.main(out);
    for (const rel of filesUnder(out)) {
      expect({ file: rel, text: readFileSync(join(DEPLOY, rel), 'utf8') }).toEqual({ file: rel, text: readFileSync(join(out, rel), 'utf8') });
    }
  });

  it('give each service a multi-stage, non-root Dockerfile', () => {
    for (const s of services) {
      const text = readFileSync(join(DEPLOY, 'docker', `${s.name}.Dockerfile`), 'utf8');
      expect(text.match(/^FROM /gm)).toHaveLength(2);
      expect(text).toMatch(/^USER 10001/m);
      expect(text).toContain(`pnpm deploy --filter "@metrodesk/${s.name}" --prod`);
    }
  });

  it('set exactly the variables each service schema declares, with secrets only from the Secret', () => {
    const docs = services.flatMap((s) => parseAllDocuments(readFileSync(join(DEPLOY, 'k8s', 'base', `${s.name}.yaml`), 'utf8')).map((d) => d.toJS() as K8sObject));
    for (const s of services) {
      const cm = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === `${s.name}-config`)!;
      const dep = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === s.name)!;
      const container = dep.spec!.template!.spec.containers[0]!;
      const names = [...Object.keys(cm.data ?? {}), ...(container.env ?? []).map((e) => e.name)];
      const declared = Object.keys(s.env);
      const required = declared.filter((k) => s.env[k]!.required);
      expect(names.filter((n) => !declared.includes(n))).toEqual([]);
      expect(required.filter((k) => !names.includes(k))).toEqual([]);
      expect(Object.keys(cm.data ?? {}).filter(generator.isSecret)).toEqual([]);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('have a compose file that parses and runs every service on MongoDB 7, Kafka 3.9 and Redis 7', () => {
    const compose = parse(readFileSync(join(DEPLOY, 'compose', 'docker-compose.yml'), 'utf8')) as { services: Record<string, { image?: string; environment?: Record<string, string> }> };
    for (const s of services) {
      expect(compose.services[s.name]).toBeDefined();
      const env = Object.keys(compose.services[s.name]!.environment ?? {});
      expect(env.filter((k) => !(k in s.env))).toEqual([]);
      expect(Object.keys(s.env).filter((k) => s.env[k]!.required && !env.includes(k))).toEqual([]);
    }
    expect(compose.services['mongo-1']!.image).toBe('mongo:7');
    expect(compose.services.kafka!.image).toBe('apache/kafka:3.9.1');
    expect(compose.services.redis!.image).toBe('redis:7');
  });

  it('have every service listen on all interfaces of its pod or container (loopback is the default elsewhere)', () => {
    const compose = parse(readFileSync(join(DEPLOY, 'compose', 'docker-compose.yml'), 'utf8')) as { services: Record<string, { environment?: Record<string, string> }> };
    for (const s of services) {
      expect(s.env.HOST!.value).toBe('127.0.0.1');
      const cm = parseAllDocuments(readFileSync(join(DEPLOY, 'k8s', 'base', `${s.name}.yaml`), 'utf8')).map((d) => d.toJS() as K8sObject).find((d) => d.kind === 'ConfigMap')!;
      expect([s.name, cm.data?.HOST]).toEqual([s.name, '0.0.0.0']);
      expect([s.name, compose.services[s.name]!.environment?.HOST]).toEqual([s.name, '0.0.0.0']);
    }
  });

  it('let only the gateway reach the services', () => {
    const docs = parseAllDocuments(readFileSync(join(DEPLOY, 'k8s', 'base', 'network-policies.yaml'), 'utf8')).map((d) => d.toJS() as { metadata: { name: string }; spec: { podSelector: { matchLabels: Record<string, string> }; ingress: { from?: { podSelector?: { matchLabels: Record<string, string> } }[] }[] } });
    const byName = Object.fromEntries(docs.map((d) => [d.metadata.name, d]));
    expect(byName['metrodesk-deny-ingress']!.spec.ingress).toEqual([]);
    for (const s of services.filter((n) => n.name !== 'gateway')) {
      const from = byName[`${s.name}-from-gateway`]!.spec.ingress.flatMap((r) => r.from ?? []);
      expect(from.filter((f) => f.podSelector).map((f) => f.podSelector!.matchLabels)).toEqual([{ 'app.kubernetes.io/name': 'gateway' }]);
    }
  });

  it('are valid Kubernetes objects, in the base and in both overlays', () => {
    const validate = join(BIN, 'k8s-validate');
    const kustomize = join(BIN, 'kustomize');
    const base = readdirSync(join(DEPLOY, 'k8s', 'base')).filter((f) => f !== 'kustomization.yaml').map((f) => join(DEPLOY, 'k8s', 'base', f));
    expect(execFileSync(validate, base, { encoding: 'utf8' })).toMatch(/, 0 invalid/);
    for (const overlay of ['dev', 'prod']) {
      const built = execFileSync(kustomize, ['build', join(DEPLOY, 'k8s', 'overlays', overlay)], { encoding: 'utf8' });
      const out = execFileSync(validate, [], { input: built, encoding: 'utf8' });
      // Five objects per service and one NetworkPolicy each, the namespace, the infra ConfigMap, the Secret and the deny-all policy.
      expect(out).toMatch(new RegExp(`: ${services.length * 6 + 4} documents, 0 invalid`));
    }
    // A misspelt field is caught, so the check can fail.
    const broken = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\nspec: { replicaz: 2 }\n';
    expect(() => execFileSync(validate, [], { input: broken, encoding: 'utf8' })).toThrow();
  });
});

describe('@metrodesk/deploy package', () => {
  it('depends on every service, so they are built before these checks run', () => {
    const pkg = JSON.parse(readFileSync(join(DEPLOY, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    for (const s of services) expect(pkg.devDependencies[`@metrodesk/${s.name}`]).toBe('workspace:*');
  });
});
