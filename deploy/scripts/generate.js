// Generates the per-service deployment files from what the code declares: each service's
// zod config schema (its environment variables, defaults and secrets) and its port. Run
// `pnpm --filter @metrodesk/deploy generate` after adding a service or a variable; a test
// fails when the checked-in files differ from what this produces.
const { readdirSync, existsSync, mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const yaml = require('yaml');
const { configShape } = require('../../packages/config/dist');

// Plain YAML without anchors: every manifest reads on its own.
const stringify = (v) => yaml.stringify(v, { aliasDuplicateObjects: false });

const ROOT = join(__dirname, '..', '..');
const DEPLOY = join(ROOT, 'deploy');
const NAMESPACE = 'metrodesk';
const IMAGE_REGISTRY = 'registry.example.com/metrodesk';

/** Variables that name a secret: they go to a Secret, never a ConfigMap. */
const isSecret = (key) => /SECRET|_KEY$|PASSWORD|TOKEN/.test(key);
/** Shared infrastructure settings: one ConfigMap, patched per environment. */
const INFRA = {
  MONGO_URL: 'mongodb://mongo-0.mongo:27017,mongo-1.mongo:27017,mongo-2.mongo:27017/?replicaSet=rs0&w=majority&readConcernLevel=majority',
  /** The cluster runs MongoDB, which needs none of the local FerretDB's compat layer. */
  MONGO_COMPAT: 'none',
  KAFKA_BROKERS: 'kafka-0.kafka:9092,kafka-1.kafka:9092,kafka-2.kafka:9092',
  REDIS_URL: 'redis://redis:6379',
  /** The bureau's mail relay, which notifications sends through; each environment names its own. */
  SMTP_HOST: 'mail-relay',
};
/**
 * Settings whose in-cluster value differs from the local default: the gateway sits behind one
 * ingress, and a service listens on every interface of its pod or container (the probes and
 * the other pods reach it there; NetworkPolicies decide who may).
 */
const CLUSTER_VALUES = { TRUST_PROXY_HOPS: '1', HOST: '0.0.0.0' };
/** Consumers scale with partitions: these services run more replicas. */
const PROD_MAX_REPLICAS = { requests: 12, assignment: 6, sla: 6, gateway: 12 };
/**
 * Services whose process is the only writer of its read model and keeps it in memory
 * (reporting's figures cube): exactly one replica, replaced with Recreate so two never
 * overlap. Overlays leave them alone through the scaling label.
 */
const SINGLE_WRITER = new Set(['reporting']);
const SCALING_LABEL = 'metrodesk.dev/scaling';
const SCALES = `${SCALING_LABEL}!=single-writer`;

function services() {
  return readdirSync(join(ROOT, 'services'))
    .filter((name) => existsSync(join(ROOT, 'services', name, 'src', 'config.ts')))
    .sort()
    .map((name) => {
      const dist = join(ROOT, 'services', name, 'dist', 'config.js');
      if (!existsSync(dist)) throw new Error(`services/${name} is not built: run pnpm build first`);
      const { configSchema } = require(dist);
      const env = {};
      for (const [key, schema] of Object.entries(configShape(configSchema))) {
        const r = schema.safeParse(undefined);
        env[key] = { required: !r.success, value: r.success ? r.data : undefined };
      }
      const port = env.PORT.value;
      return { name, port, env };
    });
}

/** A service's URL of another service (ACCOUNTS_URL=http://127.0.0.1:4101) becomes its in-cluster name. */
/**
 * A default as the variable's text; undefined for a parsed structure (e.g. a per-class map)
 * whose text form the schema alone does not give: the service's own default applies.
 */
function envText(value) {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object' && value !== null) return undefined;
  return String(value);
}

function upstreamOf(key, value) {
  const m = typeof value === 'string' && key.endsWith('_URL') && /^http:\/\/127\.0\.0\.1:(\d+)$/.exec(value);
  return m ? `http://${key.slice(0, -4).toLowerCase()}:${m[1]}` : undefined;
}

function configMapData(svc) {
  const data = {};
  for (const [key, { required, value }] of Object.entries(svc.env)) {
    if (isSecret(key) || key in INFRA) continue;
    if (key === 'NODE_ENV') data[key] = 'production';
    else if (key in CLUSTER_VALUES) data[key] = CLUSTER_VALUES[key];
    else if (upstreamOf(key, value)) data[key] = upstreamOf(key, value);
    else if (envText(value) !== undefined) data[key] = envText(value);
    else if (required) throw new Error(`${svc.name}: required variable ${key} has no production value in deploy/scripts/generate.js`);
  }
  return data;
}

/**
 * Only the gateway takes traffic from outside; a service takes it from the gateway and from
 * namespaces labelled for monitoring (Prometheus scrapes /metrics). The services never call
 * one another over HTTP: they talk through Kafka.
 */
function networkPolicies(list) {
  const partOf = { 'app.kubernetes.io/part-of': 'metrodesk' };
  const monitoring = { namespaceSelector: { matchLabels: { 'metrodesk.dev/monitoring': 'true' } } };
  const policy = (name, podSelector, ingress) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, labels: partOf }, spec: { podSelector, policyTypes: ['Ingress'], ingress } });
  return [
    policy('metrodesk-deny-ingress', { matchLabels: partOf }, []),
    ...list.map((s) =>
      s.name === 'gateway'
        ? policy('gateway-ingress', { matchLabels: { 'app.kubernetes.io/name': 'gateway' } }, [{ ports: [{ protocol: 'TCP', port: s.port }] }])
        : policy(`${s.name}-from-gateway`, { matchLabels: { 'app.kubernetes.io/name': s.name } }, [
            { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } }, monitoring], ports: [{ protocol: 'TCP', port: s.port }] },
          ]),
    ),
  ];
}

function manifests(svc) {
  const single = SINGLE_WRITER.has(svc.name);
  const labels = { 'app.kubernetes.io/name': svc.name, 'app.kubernetes.io/part-of': 'metrodesk', ...(single ? { [SCALING_LABEL]: 'single-writer' } : {}) };
  const secretKeys = Object.keys(svc.env).filter(isSecret);
  const infraKeys = Object.keys(svc.env).filter((k) => k in INFRA);
  const env = [
    ...infraKeys.map((k) => ({ name: k, valueFrom: { configMapKeyRef: { name: 'metrodesk-infra', key: k } } })),
    ...secretKeys.map((k) => ({ name: k, valueFrom: { secretKeyRef: { name: 'metrodesk-secrets', key: k, optional: !svc.env[k].required } } })),
  ];
  return [
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${svc.name}-config`, labels }, data: configMapData(svc) },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: svc.name, labels },
      spec: {
        replicas: single ? 1 : 2,
        selector: { matchLabels: { 'app.kubernetes.io/name': svc.name } },
        strategy: single ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        template: {
          metadata: { labels, annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(svc.port), 'prometheus.io/path': '/metrics' } },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001 },
            // Long enough for consumers to drain and commit and the outbox relay to flush.
            terminationGracePeriodSeconds: 45,
            containers: [
              {
                name: svc.name,
                image: `${IMAGE_REGISTRY}/${svc.name}:latest`,
                ports: [{ name: 'http', containerPort: svc.port }],
                envFrom: [{ configMapRef: { name: `${svc.name}-config` } }],
                env,
                readinessProbe: { httpGet: { path: '/readyz', port: 'http' }, periodSeconds: 5, failureThreshold: 3 },
                livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3 },
                resources: { requests: { cpu: '100m', memory: '192Mi' }, limits: { cpu: '1', memory: '512Mi' } },
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
                volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volumes: [{ name: 'tmp', emptyDir: {} }],
          },
        },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: svc.name, labels }, spec: { selector: { 'app.kubernetes.io/name': svc.name }, ports: [{ name: 'http', port: svc.port, targetPort: 'http' }] } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: svc.name, labels }, spec: { ...(single ? { maxUnavailable: 1 } : { minAvailable: 1 }), selector: { matchLabels: { 'app.kubernetes.io/name': svc.name } } } },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: svc.name, labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: svc.name },
        minReplicas: single ? 1 : 2,
        maxReplicas: single ? 1 : (PROD_MAX_REPLICAS[svc.name] ?? 4),
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    },
  ];
}

function dockerfile(name) {
  return `# Generated by deploy/scripts/generate.js for services/${name}. Do not edit.
# Build from the repository root:  docker build -f deploy/docker/${name}.Dockerfile -t metrodesk/${name} .
FROM node:20-bookworm-slim AS build
WORKDIR /repo
RUN npm install -g pnpm@12.4.2
COPY . .
RUN pnpm install --frozen-lockfile --filter "@metrodesk/${name}..." \\
 && pnpm turbo run build --filter "@metrodesk/${name}..." \\
 && pnpm deploy --filter "@metrodesk/${name}" --prod --legacy /out

# Only this service's production dependencies and its built code.
FROM node:20-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=10001:10001 /out /app
USER 10001:10001
EXPOSE ${'${PORT}'}
CMD ["node", "dist/main.js"]
`;
}

function compose(list) {
  const svcs = {
    'mongo-1': { image: 'mongo:7', command: ['mongod', '--replSet', 'rs0', '--bind_ip_all'], volumes: ['mongo1:/data/db'], healthcheck: { test: ['CMD', 'mongosh', '--quiet', '--eval', 'db.adminCommand("ping").ok'], interval: '5s', retries: 20 } },
    'mongo-2': { image: 'mongo:7', command: ['mongod', '--replSet', 'rs0', '--bind_ip_all'], volumes: ['mongo2:/data/db'] },
    'mongo-3': { image: 'mongo:7', command: ['mongod', '--replSet', 'rs0', '--bind_ip_all'], volumes: ['mongo3:/data/db'] },
    'mongo-init': {
      image: 'mongo:7',
      depends_on: ['mongo-1', 'mongo-2', 'mongo-3'],
      restart: 'on-failure',
      command: ['mongosh', '--host', 'mongo-1', '--quiet', '--eval', 'try { rs.status() } catch (e) { rs.initiate({_id:"rs0",members:[{_id:0,host:"mongo-1:27017"},{_id:1,host:"mongo-2:27017"},{_id:2,host:"mongo-3:27017"}]}) }'],
    },
    kafka: {
      image: 'apache/kafka:3.9.1',
      environment: {
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
        KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://kafka:9092',
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
        KAFKA_CONTROLLER_QUORUM_VOTERS: '1@kafka:9093',
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      },
      volumes: ['kafka:/var/lib/kafka/data'],
    },
    redis: { image: 'redis:7', command: ['redis-server', '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'], volumes: ['redis:/data'] },
    // Catches every email the services send; its web UI shows them on port 8025.
    mailpit: { image: 'axllent/mailpit:v1.27.11', environment: { MP_SMTP_AUTH_ACCEPT_ANY: 'true', MP_SMTP_AUTH_ALLOW_INSECURE: 'true' }, ports: ['8025:8025'] },
  };
  for (const s of list) {
    const environment = {};
    for (const [key, { required, value }] of Object.entries(s.env)) {
      if (key === 'MONGO_URL') environment[key] = 'mongodb://mongo-1:27017,mongo-2:27017,mongo-3:27017/?replicaSet=rs0&w=majority';
      else if (key === 'KAFKA_BROKERS') environment[key] = 'kafka:9092';
      else if (key === 'REDIS_URL') environment[key] = 'redis://redis:6379';
      else if (key === 'SMTP_HOST') environment[key] = 'mailpit';
      else if (key === 'SMTP_PORT') environment[key] = '1025';
      else if (key === 'NODE_ENV') environment[key] = 'production';
      else if (key === 'HOST') environment[key] = CLUSTER_VALUES.HOST;
      else if (isSecret(key)) environment[key] = `\${${key}${required ? ':?set it in .env' : ':-'}}`;
      else if (upstreamOf(key, value)) environment[key] = upstreamOf(key, value);
      else if (envText(value) !== undefined) environment[key] = envText(value);
    }
    svcs[s.name] = {
      build: { context: '../..', dockerfile: `deploy/docker/${s.name}.Dockerfile` },
      environment,
      depends_on: s.name === 'gateway' ? list.filter((o) => o.name !== 'gateway').map((o) => o.name) : ['mongo-init', 'kafka', 'redis', ...('SMTP_HOST' in s.env ? ['mailpit'] : [])],
      restart: 'unless-stopped',
      ...(s.name === 'gateway' ? { ports: [`${s.port}:${s.port}`] } : {}),
      healthcheck: { test: ['CMD', 'node', '-e', `fetch('http://127.0.0.1:${s.port}/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`], interval: '10s', retries: 6 },
    };
  }
  return { name: 'metrodesk', services: svcs, volumes: { mongo1: {}, mongo2: {}, mongo3: {}, kafka: {}, redis: {} } };
}

function main(outDir = DEPLOY) {
  const list = services();
  const header = '# Generated by deploy/scripts/generate.js from the services\' config schemas. Do not edit.\n';
  const write = (rel, text) => {
    const file = join(outDir, rel);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
  };
  const secretKeys = [...new Set(list.flatMap((s) => Object.keys(s.env).filter(isSecret)))].sort();
  for (const s of list) {
    write(`docker/${s.name}.Dockerfile`, dockerfile(s.name));
    write(`k8s/base/${s.name}.yaml`, header + manifests(s).map((m) => stringify(m)).join('---\n'));
  }
  write('k8s/base/network-policies.yaml', header + networkPolicies(list).map((m) => stringify(m)).join('---\n'));
  write('k8s/base/namespace.yaml', header + stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } }));
  write('k8s/base/infra-config.yaml', header + stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'metrodesk-infra' }, data: INFRA }));
  write(
    'k8s/base/secrets.yaml',
    header +
      '# Placeholders only: create the real Secret out of band (sealed-secrets, external-secrets or kubectl).\n' +
      stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'metrodesk-secrets' }, type: 'Opaque', stringData: Object.fromEntries(secretKeys.map((k) => [k, 'CHANGE-ME'])) }),
  );
  write(
    'k8s/base/kustomization.yaml',
    header + stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', namespace: NAMESPACE, resources: ['namespace.yaml', 'infra-config.yaml', 'secrets.yaml', 'network-policies.yaml', ...list.map((s) => `${s.name}.yaml`)] }),
  );
  write(
    'k8s/overlays/dev/kustomization.yaml',
    header +
      stringify({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: ['../../base'],
        namespace: 'metrodesk-dev',
        replicas: list.filter((s) => !SINGLE_WRITER.has(s.name)).map((s) => ({ name: s.name, count: 1 })),
        patches: [
          { target: { kind: 'HorizontalPodAutoscaler', labelSelector: SCALES }, patch: '- op: replace\n  path: /spec/minReplicas\n  value: 1\n- op: replace\n  path: /spec/maxReplicas\n  value: 2\n' },
          { target: { kind: 'PodDisruptionBudget', labelSelector: SCALES }, patch: '- op: replace\n  path: /spec/minAvailable\n  value: 0\n' },
          { target: { kind: 'ConfigMap', name: 'metrodesk-infra' }, patch: '- op: replace\n  path: /data/MONGO_URL\n  value: mongodb://mongo:27017/?w=majority\n- op: replace\n  path: /data/KAFKA_BROKERS\n  value: kafka:9092\n' },
        ],
      }),
  );
  write(
    'k8s/overlays/prod/kustomization.yaml',
    header +
      stringify({
        apiVersion: 'kustomize.config.k8s.io/v1beta1',
        kind: 'Kustomization',
        resources: ['../../base'],
        namespace: 'metrodesk',
        replicas: list.filter((s) => !SINGLE_WRITER.has(s.name)).map((s) => ({ name: s.name, count: 3 })),
        patches: [
          { target: { kind: 'HorizontalPodAutoscaler', labelSelector: SCALES }, patch: '- op: replace\n  path: /spec/minReplicas\n  value: 3\n' },
          { target: { kind: 'PodDisruptionBudget', labelSelector: SCALES }, patch: '- op: replace\n  path: /spec/minAvailable\n  value: 2\n' },
          { target: { kind: 'Deployment' }, patch: '- op: replace\n  path: /spec/template/spec/containers/0/resources\n  value: { requests: { cpu: 250m, memory: 256Mi }, limits: { cpu: "2", memory: 768Mi } }\n' },
        ],
      }),
  );
  write('compose/docker-compose.yml', header + stringify(compose(list)));
  return list.map((s) => s.name);
}

module.exports = { main, services, isSecret };
if (require.main === module) {
  const names = main(process.argv[2]);
  console.log(`deploy files for ${names.length} services: ${names.join(', ')}`);
}
