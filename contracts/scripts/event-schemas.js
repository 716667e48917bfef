// Writes one JSON Schema per event type (envelope data) from the compiled zod catalog.
const { writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { z } = require('zod');
const { eventCatalog } = require('../dist/events');

const out = join(__dirname, '..', 'generated', 'events');
mkdirSync(out, { recursive: true });
const all = {};
for (const def of Object.values(eventCatalog)) {
  const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', title: def.type, 'x-topic': def.topic, ...z.toJSONSchema(def.data, { io: 'input', unrepresentable: 'any' }) };
  all[def.type] = schema;
  writeFileSync(join(out, `${def.type}.schema.json`), JSON.stringify(schema, null, 2));
}
writeFileSync(join(out, 'catalog.json'), JSON.stringify(all, null, 2));
console.log(`event schemas: ${Object.keys(all).length} -> generated/events/`);
