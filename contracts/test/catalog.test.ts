import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventCatalog, topics } from '../index';

describe('event catalog', () => {
  it('puts every event on a topic of its own context', () => {
    for (const def of Object.values(eventCatalog)) {
      const topic = topics.find((t) => t.name === def.topic);
      expect(topic).toBeDefined();
      expect(def.type.split('.')[0]).toBe(topic!.owner);
      expect(def.type).toMatch(/^[a-z]+(\.[a-z-]+)+$/);
    }
  });

  it('names topics <context>.<aggregate>.v<major> with at least one partition', () => {
    for (const t of topics) {
      expect(t.name).toMatch(/^[a-z]+\.[a-z]+\.v\d+$/);
      expect(t.partitions).toBeGreaterThan(0);
    }
    expect(new Set(topics.map((t) => t.name)).size).toBe(topics.length);
  });

  it('has generated types for every OpenAPI contract', () => {
    const specs = readdirSync(join(__dirname, '../http')).filter((f) => f.endsWith('.yaml') && !f.startsWith('_'));
    expect(specs.length).toBeGreaterThan(0);
    for (const spec of specs) {
      const generated = join(__dirname, '../generated', spec.replace(/\.yaml$/, '.ts'));
      expect(existsSync(generated)).toBe(true);
      expect(readFileSync(generated, 'utf8')).toContain('export interface paths');
    }
  });
});
