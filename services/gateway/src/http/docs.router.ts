import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from 'express';
import { parse } from 'yaml';
import { NotFoundError } from '@metrodesk/errors';

const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Spec {
  info?: { title?: string; description?: string; version?: string };
  paths?: Record<string, Record<string, { summary?: string; description?: string; operationId?: string; responses?: Record<string, unknown> }>>;
}

/** Renders an OpenAPI file as a readable HTML page: every operation with its responses. */
export function renderSpec(name: string, spec: Spec): string {
  const rows = Object.entries(spec.paths ?? {}).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([m]) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map(([method, op]) => `<tr><td class="m ${method}">${method.toUpperCase()}</td><td><code>/api/${esc(name)}${esc(path)}</code></td><td>${esc(op.summary ?? op.operationId)}<br><small>${esc(op.description)}</small></td><td>${Object.keys(op.responses ?? {}).map(esc).join(' ')}</td></tr>`),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(spec.info?.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:72rem}table{border-collapse:collapse;width:100%}td{border-top:1px solid #ddd;padding:.4rem;vertical-align:top}.m{font-weight:700}.get{color:#0a7}.post{color:#06c}.patch,.put{color:#a60}.delete{color:#c00}</style></head>
<body><p><a href="/docs">All APIs</a> · <a href="/docs/${esc(name)}.yaml">OpenAPI YAML</a></p><h1>${esc(spec.info?.title)} <small>${esc(spec.info?.version)}</small></h1><p>${esc(spec.info?.description)}</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What</th><th>Responses</th></tr></thead><tbody>${rows.join('')}</tbody></table></body></html>`;
}

/** API documentation rendered from contracts/http, the source of truth. */
export function docsRouter(contractsDir: string): Router {
  const r = Router();
  const list = () => (existsSync(contractsDir) ? readdirSync(contractsDir).filter((f) => f.endsWith('.yaml') && !f.startsWith('_')).map((f) => f.slice(0, -5)) : []);
  r.get('/docs', (_req, res) => {
    const items = list().map((n) => `<li><a href="/docs/${esc(n)}">${esc(n)}</a></li>`).join('');
    res.type('html').send(`<!doctype html><html><head><meta charset="utf-8"><title>Metrodesk API</title></head><body style="font-family:system-ui;margin:2rem"><h1>Metrodesk API</h1><p>Every service is reached through the gateway at <code>/api/&lt;service&gt;/…</code> with <code>Authorization: Bearer &lt;access token&gt;</code>.</p><ul>${items}</ul></body></html>`);
  });
  r.get('/docs/:name.yaml', (req, res) => {
    if (!list().includes(req.params.name)) throw new NotFoundError('contract', req.params.name);
    res.type('text/yaml').send(readFileSync(join(contractsDir, `${req.params.name}.yaml`), 'utf8'));
  });
  r.get('/docs/:name', (req, res) => {
    if (!list().includes(req.params.name)) throw new NotFoundError('contract', req.params.name);
    res.type('html').send(renderSpec(req.params.name, parse(readFileSync(join(contractsDir, `${req.params.name}.yaml`), 'utf8')) as Spec));
  });
  return r;
}
